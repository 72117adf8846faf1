"""Two residents support the same issue in real browsers and both watch the tally rise live."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.votes.conftest import verify

pytestmark = pytest.mark.e2e


def watching(page, url):
    """Open the issue page and wait until its live channel is connected."""
    page.goto(url)
    expect(page.locator("#live")).to_have_attribute("data-live-state", "connected")


def test_two_residents_support_an_issue_and_both_see_the_tally_rise(live_site, browser, areas):
    from issues import actions

    siti = verify(make_user(name="Siti", home=areas["manggarai-rw-04"], email="siti@example.org"))
    verify(make_user(name="Wulan", home=areas["manggarai-rw-04"], email="wulan@example.org"))
    issue = actions.open_issue(
        actor=siti,
        title="Got mampet di Gang Mawar",
        description="Air meluap.",
        category="flooding",
        area=areas["manggarai"],
    )
    url = live_site.url + issue.get_absolute_url()
    siti_page = browser.new_context().new_page()
    wulan_page = browser.new_context().new_page()
    live_site.sign_in(siti_page, "siti@example.org")
    live_site.sign_in(wulan_page, "wulan@example.org")
    watching(siti_page, url)
    watching(wulan_page, url)
    tally = f"#issue-{issue.pk}-tally"
    expect(siti_page.locator(tally)).to_have_text("0 residents support this")

    siti_page.get_by_role("button", name="Support this issue").click()
    expect(siti_page.get_by_role("button", name="Withdraw my support")).to_be_visible()
    expect(siti_page.locator(tally)).to_have_text("1 resident supports this")
    expect(wulan_page.locator(tally)).to_have_text("1 resident supports this")  # live, without reloading
    # Wulan's own button is still hers: the pushed fragment carries no one's controls.
    expect(wulan_page.get_by_role("button", name="Support this issue")).to_be_visible()

    wulan_page.get_by_role("button", name="Support this issue").click()
    expect(wulan_page.locator(tally)).to_have_text("2 residents support this")
    expect(siti_page.locator(tally)).to_have_text("2 residents support this")

    siti_page.get_by_role("button", name="Withdraw my support").click()
    expect(siti_page.get_by_role("button", name="Support this issue")).to_be_visible()
    expect(wulan_page.locator(tally)).to_have_text("1 resident supports this")
    expect(siti_page.locator(tally)).to_have_text("1 resident supports this")
