"""A suspended person can read and appeal, nothing else; their open live pages are closed."""

import pytest
from channels.db import database_sync_to_async as sync_to_async  # closes its thread's connections
from django.core.exceptions import PermissionDenied

from core.live import CLOSE_SESSION_ENDED
from issues.consumers import LIVE_ON
from moderation import actions
from tests.conftest import make_user
from tests.live_helpers import live_socket


@pytest.fixture
def siti_suspended(flooded_street, resident_of_manggarai, moderator_of_tebet):
    actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=3, reason="abuse", item=flooded_street
    )
    return resident_of_manggarai


def test_a_suspended_person_cannot_comment_report_open_issues_or_support(
    siti_suspended, flooded_street, areas, client_of
):
    from comments import actions as comment_actions
    from issues import actions as issue_actions

    with pytest.raises(PermissionDenied, match="suspended until"):
        comment_actions.post_comment(actor=siti_suspended, issue=flooded_street, body="Still here.")
    other = make_user(name="Joko", home=areas["manggarai-rw-04"])
    other_issue = issue_actions.open_issue(
        actor=other, title="Lampu mati", description="Gelap.", category="safety", area=areas["manggarai"]
    )
    with pytest.raises(PermissionDenied, match="suspended until"):
        actions.report_item(actor=siti_suspended, item=other_issue, reason="spam")
    with pytest.raises(PermissionDenied, match="suspended until"):
        issue_actions.open_issue(
            actor=siti_suspended, title="New", description="x", category="other", area=areas["manggarai"]
        )
    # Through the page too: the refusal is said beside the form, and the text is kept.
    page = client_of(siti_suspended).post(f"/issues/{flooded_street.pk}/comments/", {"body": "My careful reply"})
    assert page.status_code == 403
    assert "suspended until" in page.content.decode() and "My careful reply" in page.content.decode()


def test_a_suspended_person_still_reads_and_appeals(siti_suspended, flooded_street, client_of):
    siti = client_of(siti_suspended)
    assert siti.get(flooded_street.get_absolute_url()).status_code == 200
    suspension = siti_suspended.suspensions.get()
    response = siti.post(f"/moderation/acts/{suspension.action_id}/appeal/", {"text": "I was quoting someone."})
    assert response.status_code == 302
    assert suspension.action.appeal.text == "I was quoting someone."


def test_the_suspension_ends_by_itself(siti_suspended):
    import time_machine
    from datetime import timedelta

    from accounts import permissions
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        siti_suspended.profile.refresh_from_db()
        assert permissions.can(siti_suspended, permissions.take_part)


def test_lifting_a_suspension_lets_them_take_part_again(siti_suspended, second_moderator_of_tebet):
    from accounts import permissions

    actions.lift_suspension(
        actor=second_moderator_of_tebet, suspension=siti_suspended.suspensions.get(), note="Apologised."
    )
    siti_suspended.profile.refresh_from_db()  # her next request reads it afresh
    assert permissions.can(siti_suspended, permissions.take_part)


@pytest.fixture
def scene_async(transactional_db):
    from accounts import actions as account_actions
    from issues import actions as issue_actions

    tebet = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    siti = make_user(name="Siti", home=tebet)
    agus = make_user(name="Agus", home=tebet)
    account_actions.grant_moderator(user=agus, areas=[tebet], by="test")
    issue = issue_actions.open_issue(
        actor=siti, title="Banjir", description="Air menggenang.", category="flooding", area=tebet
    )
    return issue, siti, agus


def _viewer(issue, user):
    return live_socket(f"/ws/issues/{issue.pk}/?after={issue.last_event_seq}", user=user)


@pytest.mark.django_db(transaction=True)
async def test_a_suspended_persons_open_pages_are_closed_within_seconds(scene_async):
    issue, siti, agus = scene_async
    siti_page, other_page = _viewer(issue, siti), _viewer(issue, agus)
    assert (await siti_page.connect())[0] and (await other_page.connect())[0]
    assert await siti_page.receive_from() == LIVE_ON
    assert await other_page.receive_from() == LIVE_ON

    await sync_to_async(actions.suspend_user)(actor=agus, user=siti, days=1, reason="abuse", item=issue)

    # The act's own timeline line may arrive first; then the socket is closed.
    outputs = [await siti_page.receive_output(timeout=3)]
    if outputs[-1]["type"] == "websocket.send":
        outputs.append(await siti_page.receive_output(timeout=3))
    assert outputs[-1] == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}
    # Everyone else keeps their live page (and sees the act on the timeline).
    assert "suspended" in await other_page.receive_from(timeout=3)
    await other_page.disconnect()

    # Coming back does not help: a suspended account gets no live channel until it ends.
    again = _viewer(issue, siti)
    connected, code = await again.connect()
    assert not connected and code == CLOSE_SESSION_ENDED


@pytest.mark.django_db(transaction=True)
async def test_the_notification_badge_socket_closes_too(scene_async):
    issue, siti, agus = scene_async
    badge = live_socket("/ws/notifications/", user=siti)
    assert (await badge.connect())[0]
    await badge.receive_from()  # the current count
    await sync_to_async(actions.suspend_user)(actor=agus, user=siti, days=1, reason="abuse", item=issue)
    assert await badge.receive_output(timeout=3) == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}
