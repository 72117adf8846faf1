"""Error pages speak the visitor's language in the site's layout; the 500 page needs no database (issue 13, item 6)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import views


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_a_missing_page_is_the_sites_own_in_the_visitors_language(db, client, production):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "Halaman tidak ditemukan" in html
    assert 'lang="id"' in html


def test_a_refusal_by_url_says_the_rules_sentence(db, client, production, flooded_street, resident_of_bukit_duri):
    client.force_login(resident_of_bukit_duri)
    response = client.get(f"/issues/{flooded_street.pk}/respond/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="refusal"' in html
    assert "Forbidden" not in html


def test_an_expired_form_token_is_a_refusal_page_that_says_what_to_do(db, production, flooded_street):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/issues/{flooded_street.pk}/comments/", {"body": "x"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "muat ulang" in html  # "reload", in Indonesian
    assert "CSRF verification failed" not in html


def test_the_server_error_page_is_in_the_layout_and_the_language_without_a_query(db, production):
    request = RequestFactory().get("/")
    with translation.override("id"), CaptureQueriesContext(connection) as queries:
        response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "Terjadi kesalahan" in html
    assert len(queries) == 0


def test_a_crashing_view_answers_with_that_page(db, production, settings):
    settings.ROOT_URLCONF = "tests.core.crash_urls"
    response = Client(raise_request_exception=False).get("/crash/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
