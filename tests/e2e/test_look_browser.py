"""The site frame in a browser: a header within a fifth of a phone's screen, menus that work by
keyboard and without JavaScript, the area picker's search, and axe-core clean pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.axe import assert_accessible
from tests.issues.conftest import upload

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def siti(areas):
    return make_user(name="Siti (Manggarai)", home=areas["manggarai-rw-04"], email="siti@example.org")


@pytest.fixture
def drain(media_root, siti, areas):
    from issues import actions

    return actions.open_issue(
        actor=siti,
        title="Saluran tersumbat di Jalan Manggarai Utara II",
        description="Air meluap setiap hujan.",
        category="flooding",
        area=areas["manggarai"],
        photos=[upload("got.jpg")],
    )


@pytest.fixture
def open_page(open_as):
    """``open_page(path, user=None, viewport=PHONE, javascript=True)``: ``open_as`` at a size, not waiting for a live channel."""

    def open_(path, user=None, viewport=PHONE, javascript=True):
        return open_as(user, path, javascript=javascript, live=False, viewport=viewport)

    return open_


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "resident"])
def test_the_header_takes_at_most_a_fifth_of_a_phone_screen(open_page, siti, signed_in):
    page = open_page("/", user=siti if signed_in else None)
    assert header_height(page) <= PHONE["height"] / 5
    # Nothing in it runs off the side of the screen either.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for part in (".brand", ".header-search", ".area-menu summary", ".language-menu summary"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], part


def test_the_area_picker_finds_areas_as_you_type_and_by_keyboard(open_page, areas):
    page = open_page("/")
    summary = page.locator(".area-menu summary")
    summary.focus()
    page.keyboard.press("Enter")
    search = page.get_by_role("searchbox", name="Find an area")
    expect(search).to_be_focused()
    page.keyboard.type("rw 04")
    results = page.locator("#area-menu-results")
    expect(results.get_by_role("link", name="RW 04 Manggarai")).to_be_visible()
    expect(page.locator("#area-match-count")).to_have_text("1 area found.")
    assert_accessible(page, "the open area menu")
    page.keyboard.press("ArrowDown")
    expect(results.get_by_role("link", name="RW 04 Manggarai")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".area-menu")).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(search).to_be_focused()
    page.keyboard.type("bukit")  # the earlier search is selected: typing replaces it
    results.get_by_role("link", name="Kelurahan Bukit Duri").click()
    expect(page).to_have_url(re.compile(r"/areas/bukit-duri/$"))
    expect(page.locator(".area-menu summary")).to_contain_text("Bukit Duri")


def test_the_area_picker_and_language_menu_work_without_javascript(open_page, areas):
    page = open_page("/", javascript=False)
    page.locator(".area-menu summary").click()
    page.get_by_role("searchbox", name="Find an area").fill("manggarai")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Areas")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="RW 04 Manggarai")).to_be_visible()
    page.locator(".language-menu summary").click()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Wilayah")).to_be_visible()


def test_the_account_menu_opens_by_keyboard_and_signs_out(open_page, siti):
    page = open_page("/", user=siti)
    page.locator(".account-menu summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".account-menu .menu-panel")).to_contain_text("Siti (Manggarai)")
    assert_accessible(page, "the open account menu")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_pages_this_look_touches_have_no_wcag_violation(open_page, live_site, siti, drain, areas, viewport):
    visitor_pages = ["/", "/issues/", drain.get_absolute_url(), "/areas/manggarai/", "/areas/", "/areas/?q=manggarai"]
    visitor_pages += ["/accountability/"]
    visitor_pages += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    for path in visitor_pages:
        page = open_page(path, viewport=viewport)
        assert_accessible(page, path)
        page.context.close()
    for path in ["/issues/new/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/profile/"]:
        page = open_page(path, user=siti, viewport=viewport)
        assert_accessible(page, path)
        page.context.close()


def test_the_dashboard_fits_a_phone_as_cards_and_sorts_on_a_laptop(open_page, water_agency, roads_agency, areas):
    page = open_page("/accountability/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = page.locator("#by-agency + .table-scroll tbody tr").first
    assert card.bounding_box()["width"] <= PHONE["width"]
    # Each figure carries its label on a card, for the eye and in the accessibility tree.
    expect(card.get_by_role("cell", name="Awaiting 0")).to_be_visible()
    page = open_page("/accountability/", viewport=LAPTOP)
    table = page.locator("#by-agency + .table-scroll table")
    names = table.locator("tbody th")
    expect(names.first).to_have_text("Dinas Bina Marga")
    sort_by_name = table.get_by_role("button", name="Name")
    sort_by_name.focus()
    page.keyboard.press("Enter")
    expect(table.locator("thead th").first).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Enter")
    expect(table.locator("thead th").first).to_have_attribute("aria-sort", "descending")
    expect(names.first).to_have_text("Dinas Sumber Daya Air")
    assert_accessible(page, "the sorted dashboard")


def test_a_printed_issue_is_the_record_without_the_sites_controls(open_page, drain):
    page = open_page(drain.get_absolute_url(), viewport=LAPTOP)
    expect(page.locator(".print-only")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".comment-box")).to_be_hidden()
    expect(page.locator(".print-only")).to_contain_text(f"#{drain.pk}")
    expect(page.get_by_role("heading", name=drain.title)).to_be_visible()
    expect(page.locator(".photo-list img")).to_be_visible()


def test_the_header_search_finds_issues(open_page, drain):
    page = open_page("/")
    page.get_by_role("searchbox", name="Search issues").fill("saluran")
    page.keyboard.press("Enter")
    expect(page.locator("main").get_by_role("link", name=drain.title)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search issues")).to_have_value("saluran")
