"""Typing @ offers the names of the people taking part; the posted mention links to the person (issue 13, item 2)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_typing_at_offers_participants_and_the_posted_mention_links_to_them(
    open_as, flooded_street, resident_of_bukit_duri, user_factory, areas
):
    from accounts import actions as account_actions
    from comments import actions

    author = flooded_street.author
    account_actions.update_profile(actor=author, display_name="Siti (Manggarai)", language="")
    actions.post_comment(actor=author, issue=flooded_street, body="The drain overflows every evening.")
    page = open_as(resident_of_bukit_duri, flooded_street.get_absolute_url())
    box = page.locator(f"#issue-{flooded_street.pk}-comment-form textarea[name=body]")
    box.press_sequentially("Thanks @si")
    option = page.get_by_role("option", name="Siti (Manggarai)")
    expect(option).to_be_visible()
    box.press("Enter")
    expect(box).to_have_value("Thanks @Siti (Manggarai) ")
    box.press_sequentially("for checking.")
    page.locator(f"#issue-{flooded_street.pk}-comment-form").get_by_role("button", name="Post comment").click()
    link = page.locator("a.mention", has_text="@Siti (Manggarai)")
    expect(link).to_have_attribute("href", f"/people/{author.pk}/")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Siti (Manggarai)")


def test_without_javascript_the_names_taking_part_are_printed_under_the_form(
    open_as, flooded_street, resident_of_bukit_duri
):
    from comments import actions

    actions.post_comment(actor=flooded_street.author, issue=flooded_street, body="Still flooded.")
    page = open_as(resident_of_bukit_duri, flooded_street.get_absolute_url(), javascript=False)
    names = page.locator(f"#issue-{flooded_street.pk}-comment-form .mention-names")
    expect(names).to_contain_text("@" + flooded_street.author.profile.display_name)
