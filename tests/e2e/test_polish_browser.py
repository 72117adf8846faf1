"""Small things a new user saw (issue 13, item 7), as the browser draws them."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_new_issue_form_shows_no_empty_suggestion_bar(open_as, resident_of_manggarai):
    page = open_as(resident_of_manggarai, "/issues/new/", live=False)
    bar = page.locator("#similar-issues")
    assert bar.evaluate("el => el.getBoundingClientRect().height") == 0
    assert bar.evaluate("el => getComputedStyle(el).borderTopStyle") == "none"


def test_areas_within_carry_no_bullets_over_their_links(open_as, areas):
    page = open_as(None, "/areas/manggarai/", live=False)
    item = page.locator(".area-children li").first
    expect(item).to_be_visible()
    assert item.evaluate("el => getComputedStyle(el).listStyleType") == "none"


def test_a_verified_residents_badge_stands_out_from_a_residents(
    open_as, flooded_street, resident_of_manggarai, user_factory, areas
):
    from comments import actions
    from residency import actions as residency_actions

    residency_actions.verify_resident(user=resident_of_manggarai, area=areas["manggarai-rw-04"], by="RW 04 list")
    newcomer = user_factory(name="Wati", home=areas["manggarai-rw-04"])
    actions.post_comment(actor=newcomer, issue=flooded_street, body="Me too.")
    actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Still there.")
    page = open_as(None, flooded_street.get_absolute_url())
    verified = page.locator(".badge", has_text="Verified resident").first
    plain = page.locator(".badge", has_text="Resident").filter(has_not_text="Verified").first
    expect(verified).to_be_visible()
    expect(plain).to_be_visible()
    colour = "el => getComputedStyle(el).color"
    assert verified.evaluate(colour) != plain.evaluate(colour)
