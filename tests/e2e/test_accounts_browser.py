"""A newcomer signs up in a real browser, follows the e-mailed link and is signed in."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_sign_up_follow_the_link_and_see_yourself_signed_in(live_site, page, areas):
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("dewi@example.org")
    page.get_by_label("Display name").fill("Dewi")
    home = page.get_by_label("Home area")
    home.select_option(value=home.locator("option", has_text="RW 04 Manggarai").get_attribute("value"))
    page.locator("#id_password1").fill("kampung-kita-2026")
    page.locator("#id_password2").fill("kampung-kita-2026")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    mails = live_site.mails()
    assert mails, "no confirmation e-mail was sent"
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mails[-1]).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    account = page.locator(".account-menu")
    account.locator("summary").click()
    expect(account).to_contain_text("Dewi")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_site_speaks_bahasa_indonesia(live_site, page, areas):
    page.goto(live_site.url + "/")
    page.locator(".language-menu summary").click()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Daftar")).to_be_visible()
