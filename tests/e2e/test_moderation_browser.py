"""A moderator hides a comment in a real browser; another viewer of the issue sees it replaced
in place, live, with the reason, while the author still sees what she wrote."""

from unittest import mock

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_moderator_hides_a_comment_and_another_viewer_sees_it_replaced_live_with_the_reason(
    open_as, flooded_street, resident_of_manggarai, resident_of_bukit_duri, moderator_of_tebet
):
    from comments import actions as comment_actions

    with mock.patch("core.live.publish"):  # written here; the server process does the broadcasting
        comment = comment_actions.post_comment(
            actor=resident_of_manggarai, issue=flooded_street, body="Pak RT at Jl. Melati 12 never answers his phone."
        )
    url = flooded_street.get_absolute_url()
    budi = open_as(resident_of_bukit_duri, url)
    siti = open_as(resident_of_manggarai, url)
    body = f"#comment-{comment.pk}-body"
    expect(budi.locator(body)).to_contain_text("never answers his phone")

    agus = open_as(moderator_of_tebet, f"/moderation/comment/{comment.pk}/", live=False)
    agus.locator("#hide-form").get_by_label("Public reason").select_option("abuse")
    agus.locator("#hide-form").get_by_label("Note").fill("Naming a neighbour to shame him")
    agus.get_by_role("button", name="Hide with this reason").click()
    expect(agus.locator(".messages")).to_contain_text("The item is hidden")

    # Budi did not reload: the comment is replaced in place, with the reason, and announced.
    expect(budi.locator(body)).to_contain_text(
        "Hidden by a moderator: Abuse or harassment — Naming a neighbour to shame him"
    )
    expect(budi.locator(f"{body} .moderated-own")).to_be_hidden()
    expect(budi.locator("#live-announcer")).to_have_text("A comment was hidden by a moderator.")
    expect(budi.locator(f"#issue-{flooded_street.pk}-timeline")).to_contain_text("Naming a neighbour to shame him")
    # Siti, the author, sees her own text and why, with the way to appeal.
    expect(siti.locator(f"{body} .moderated-own")).to_be_visible()
    expect(siti.locator(f"{body} .moderated-own")).to_contain_text("never answers his phone")
    expect(siti.get_by_role("link", name="Read why and appeal")).to_be_visible()
