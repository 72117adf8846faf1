"""One date format per language; labels of the sign-in pages and forms in the visitor's language (issue 13, item 7)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

WHEN = dt.datetime(2026, 12, 4, 23, 2)


@pytest.mark.parametrize(("language", "expected"), [("en", "4 Dec 2026 23:02"), ("id", "4 Des 2026 23:02")])
def test_a_date_prints_one_way_per_language(language, expected):
    with translation.override(language):
        bare = Template("{{ when }}|{{ when|date }}|{{ when|date:'j M Y H:i' }}").render(Context({"when": WHEN}))
    assert bare == f"{expected}|{expected.rsplit(' ', 1)[0]}|{expected}"


def test_the_sign_in_pages_email_label_is_indonesian(db, client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ">E-mail:<" in html or ">E-mail</label>" in html
    assert ">Email:<" not in html


def test_the_photo_help_text_follows_the_visitors_language(db, areas):
    from issues.forms import OpenIssueForm

    with translation.override("id"):
        help_text = str(OpenIssueForm(areas=[areas["manggarai"]]).fields["photos"].help_text)
    assert help_text.startswith("Hingga")
