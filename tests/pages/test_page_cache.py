"""Visitors' issue pages come from memory, rendered once per version (core.pagecache, issue 16):
a change reaches visitors the moment it reaches live viewers, a hidden comment leaves the
cached page at once, each visitor gets their own CSRF token and CSP nonce, and nobody signed
in is ever served the shared page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comments import actions as comment_actions
from moderation import actions as moderation_actions


def _page(client, issue, **params) -> str:
    response = client.get(issue.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_page_is_read_from_memory_after_the_first_view(
    client, flooded_street, resident_of_manggarai, django_assert_max_num_queries
):
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="The drain overflowed again.")
    first = _page(client, flooded_street)
    with django_assert_max_num_queries(1):  # the issue's version, nothing else
        again = _page(Client(), flooded_street)
    assert "The drain overflowed again." in again
    assert _strip_request_values(again) == _strip_request_values(first)


def test_a_new_comment_reaches_visitors_at_once(client, flooded_street, resident_of_manggarai):
    _page(client, flooded_street)
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Water up to the knees now.")
    assert "Water up to the knees now." in _page(Client(), flooded_street)


def test_a_hidden_comment_leaves_the_cached_page_at_once(
    client, flooded_street, resident_of_manggarai, moderator_of_tebet, client_of
):
    comment = comment_actions.post_comment(
        actor=resident_of_manggarai, issue=flooded_street, body="Call Pak Budi on 0812 3456 7890."
    )
    assert "0812 3456 7890" in _page(client, flooded_street)
    moderation_actions.hide_item(actor=moderator_of_tebet, item=comment, reason="personal_data")
    assert "0812 3456 7890" not in _page(Client(), flooded_street)
    # A moderator's page (with their tools) is never the shared one, nor kept for visitors.
    assert "moderates-here" in _page(client_of(moderator_of_tebet), flooded_street)
    visitor = _page(Client(), flooded_street)
    assert "moderates-here" not in visitor and "0812 3456 7890" not in visitor


def test_each_visitor_gets_their_own_csrf_token_and_nonce(flooded_street):
    tokens, nonces = set(), set()
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(flooded_street.get_absolute_url())
        html = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        assert f'nonce="{nonce}"' in html and "pagecache" not in html
        assert set(re.findall(r'nonce="([^"]+)"', html)) == {nonce}
        # The token in the (cached) page is valid for this visitor: the language switch works.
        switched = visitor.post("/i18n/setlang/", {"language": "id", "csrfmiddlewaretoken": token, "next": "/"})
        assert switched.status_code == 302
        tokens.add(token)
        nonces.add(nonce)
    assert len(tokens) == 2 and len(nonces) == 2


def test_a_signed_in_viewer_never_gets_the_visitors_page(client_of, flooded_street, resident_of_manggarai):
    _page(Client(), flooded_street)  # cached for visitors
    html = _page(client_of(resident_of_manggarai), flooded_street)
    assert "Sign in to support" not in html
    assert "is-anonymous" not in html


def test_each_language_and_thread_order_is_its_own_page(client, flooded_street, resident_of_manggarai):
    _page(client, flooded_street)
    indonesian = Client(HTTP_ACCEPT_LANGUAGE="id")
    assert 'lang="id"' in _page(indonesian, flooded_street)
    assert 'lang="en"' in _page(Client(), flooded_street)
    oldest = _page(Client(), flooded_street, comments="oldest")
    assert oldest != _page(Client(), flooded_street)


@pytest.mark.parametrize("params", [{"utm_source": "whatsapp"}, {"comments_page": "2", "x": "1"}])
def test_unknown_parameters_are_served_but_not_kept(client, flooded_street, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _page(client, flooded_street, **params)
    with CaptureQueriesContext(connection) as again:
        _page(Client(), flooded_street, **params)
    assert len(again) > 1  # rendered afresh: a parameter the page does not read makes no copy


def _strip_request_values(html: str) -> str:
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', "", html)


def test_a_list_renders_only_the_rows_that_changed(client, flooded_street, resident_of_manggarai, issue_factory, areas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from residency import actions as residency_actions
    from votes import actions as vote_actions

    other = issue_factory(
        resident_of_manggarai, area=areas["manggarai"], title="Broken street light on Jalan Tebet Raya"
    )
    url = reverse("issue_list")
    before = _supports(client.get(url))
    with CaptureQueriesContext(connection) as shown_again:
        assert _supports(client.get(url)) == before
    assert not any("responses_responseclock" in q["sql"] for q in shown_again)  # every row from memory

    residency_actions.verify_resident(user=resident_of_manggarai, area=areas["manggarai-rw-04"], by="test")
    vote_actions.cast_vote(actor=resident_of_manggarai, issue=flooded_street)
    after = _supports(client.get(url))
    assert after[flooded_street.pk] != before[flooded_street.pk]  # the changed row, at once
    assert after[other.pk] == before[other.pk]


def _supports(response) -> dict[int, str]:
    rows = re.findall(r'id="issue-row-(\d+)">.*?class="row-support">([^<]*)<', response.content.decode(), re.S)
    return {int(pk): text for pk, text in rows}


def test_signed_in_viewers_share_one_render_of_the_discussion(
    client_of, flooded_street, resident_of_manggarai, resident_of_bukit_duri
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Pumps are off since 5 am.")
    reader = client_of(resident_of_bukit_duri)
    _page(reader, flooded_street)
    with CaptureQueriesContext(connection) as again:
        assert "Pumps are off since 5 am." in _page(reader, flooded_street)
    assert not any('FROM "comments_comment"' in q["sql"] and "parent_id" in q["sql"] for q in again)
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Now they are on.")
    assert "Now they are on." in _page(reader, flooded_street)  # the next event, the next render
