"""A round's live standing is pushed after each ballot, not polled (issue 13, item 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.votes.conftest import verify

pytestmark = pytest.mark.e2e


def test_a_ballot_reaches_another_viewers_standing_without_polling(
    open_as, moderator_of_tebet, resident_of_manggarai, flooded_street, areas
):
    from votes import actions

    siti = verify(resident_of_manggarai)
    round_ = actions.open_round(
        actor=moderator_of_tebet,
        area=areas["manggarai"],
        rules=actions.RoundRules(
            title="Prioritas Manggarai", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=7)
        ),
    )
    watcher = open_as(None, round_.get_absolute_url(), live=False)
    standing = watcher.locator(f"#round-{round_.pk}-standing")
    expect(standing).to_contain_text("No points given yet.")
    assert standing.get_attribute("hx-trigger") is None  # no polling
    requests = []
    watcher.on("request", lambda request: requests.append(request.url))

    voter = open_as(siti, round_.get_absolute_url(), live=False)
    voter.get_by_label(flooded_street.title).fill("5")
    voter.get_by_role("button", name="Save my points").click()
    expect(voter.get_by_text("Your points are saved.")).to_be_visible()

    expect(standing).to_contain_text(flooded_street.title)  # pushed over /ws/rounds/<pk>/
    expect(standing).to_contain_text("5 points")
    assert not [url for url in requests if "/standing/" in url]
