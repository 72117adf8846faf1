"""An official answers in a real browser; the resident already on the page sees it appear, and the e-mail arrives."""

import time
from unittest import mock

import pytest
from django.db import transaction
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def signed_in(browser, live_site, user):
    """A browser context with a session for ``user`` (as if they had signed in)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_site.url}])
    return context


def wait_for_mail(live_site, text, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in live_site.mails() if text in m]
        if found:
            return found
        time.sleep(0.2)
    return []


def test_an_official_responds_and_the_resident_sees_it_live_while_the_follower_is_mailed(
    live_site, browser, flooded_street, official_of_water_agency, water_agency
):
    from responses import actions
    from responses.models import AgencyCategory

    AgencyCategory.objects.create(agency=water_agency, category="flooding")
    # Set up in this process, whose channel layer nobody listens to (the server has its own).
    with mock.patch("core.live.publish"), transaction.atomic():
        actions.start_clock(issue=flooded_street, trigger="threshold")
    url = live_site.url + flooded_street.get_absolute_url()

    resident = signed_in(browser, live_site, flooded_street.author).new_page()
    resident.goto(url)
    expect(resident.locator("#live")).to_have_attribute("data-live-state", "connected")
    expect(resident.locator(f"#issue-{flooded_street.pk}-clock")).to_contain_text("Awaiting response from Dinas SDA")
    expect(resident.get_by_role("button", name="Publish response")).to_have_count(0)

    official = signed_in(browser, live_site, official_of_water_agency).new_page()
    official.goto(url)
    official.get_by_label("The issue is now").select_option("in_progress")
    official.locator("#id_body").fill("Crews will clear the drain on Monday.")
    official.get_by_role("button", name="Publish response").click()
    expect(official.locator(".official-response")).to_contain_text("Crews will clear the drain on Monday.")

    # The resident never reloads: the answer, the stopped clock and the status arrive over the websocket.
    answer = resident.locator(".official-response")
    expect(answer).to_contain_text("Crews will clear the drain on Monday.")
    expect(answer).to_contain_text("In progress")
    expect(resident.locator(f"#issue-{flooded_street.pk}-clock")).to_contain_text("Dinas SDA answered")
    expect(resident.locator(f"#issue-{flooded_street.pk}-header")).to_contain_text("In progress")
    expect(resident.locator("#live-announcer")).to_contain_text("Dinas SDA responded")
    expect(resident.locator(".notification-count")).to_have_text("1")
    # She is the issue's author: she may judge the answer, from the pushed fragment, without reload.
    expect(resident.get_by_role("button", name="It does not answer")).to_be_visible()

    mails = wait_for_mail(live_site, "Crews will clear the drain on Monday.")
    assert mails, "the follower's e-mail did not arrive"
    assert flooded_street.author.email in mails[0]
    assert f"{flooded_street.get_absolute_url()}#response-" in mails[0]
