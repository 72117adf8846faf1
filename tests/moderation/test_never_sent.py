"""Hidden means never sent: after a hide (for abuse or for personal data), a retraction or
an edit, the text that was taken away reaches nobody but its author and moderators —
through no page, fragment, live frame, replay, export, notification or e-mail.

Each scenario writes a SECRET into an item, takes it away, then walks every way out
as an anonymous visitor and as another signed-in resident.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from comments import actions as comment_actions
from issues import live
from issues.models import Issue
from moderation import actions
from moderation.models import ModerationAction
from responses import actions as response_actions
from tests.live_helpers import live_socket

SECRET = "Pak Joko lives at Gang Mawar 7 and owes money"


def _walk(client, urls: list[str]) -> dict[str, str]:
    """Each URL's body as this viewer gets it (a refusal counts: it must not carry the text either)."""
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        pages[url] = response.content.decode()
    return pages


def _leaks(pages: dict[str, str]) -> list[str]:
    return [url for url, body in pages.items() if SECRET in body]


def _replayed(issue) -> str:
    """What ``/ws/issues/<id>/?after=0`` would send: every stored event, in every language."""
    return str(live.events_after(issue.pk, 0))


@pytest.fixture
def budi_comment(flooded_street, resident_of_bukit_duri):
    return comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Who is responsible?")


@pytest.fixture
def secret_reply(budi_comment, flooded_street, resident_of_manggarai, django_capture_on_commit_callbacks):
    """Siti answers Budi with a SECRET: Budi is notified (in-app and by e-mail) before anything is taken away."""
    with django_capture_on_commit_callbacks(execute=True):
        return comment_actions.post_comment(
            actor=resident_of_manggarai, issue=flooded_street, body=SECRET, parent=budi_comment
        )


def _comment_urls(comment, issue) -> list[str]:
    return [
        issue.get_absolute_url(),
        f"{issue.get_absolute_url()}?comments=oldest",
        reverse("comment_detail", args=[comment.pk]),
        reverse("comment_detail", args=[comment.parent_id or comment.pk]),
        reverse("comment_history", args=[comment.pk]),
        reverse("comment_reply", args=[comment.parent_id or comment.pk]) + f"?quote={comment.pk}",
        reverse("accountability"),
        reverse("accountability_csv"),
        reverse("accountability_overdue_csv"),
        reverse("notifications"),
        reverse("moderation_log"),
    ]


def _taken_away(how, comment, moderator):
    if how == "abuse":
        actions.hide_item(actor=moderator, item=comment, reason="abuse", note="Name-calling")
    elif how == "personal_data":
        actions.hide_item(actor=moderator, item=comment, reason="personal_data")
    elif how == "retraction":
        comment_actions.retract_comment(actor=comment.author, comment=comment)
    elif how == "edit":
        comment_actions.edit_comment(actor=comment.author, comment=comment, body="Sorry, I take that back.")


@pytest.mark.parametrize("how", ["abuse", "personal_data", "retraction", "edit"])
def test_what_was_taken_away_from_a_comment_reaches_no_one_else(
    how,
    secret_reply,
    flooded_street,
    moderator_of_tebet,
    resident_of_bukit_duri,
    client,
    client_of,
    live_events,
    django_capture_on_commit_callbacks,
):
    assert SECRET in _replayed(flooded_street)  # it was there before, for everyone
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _taken_away(how, secret_reply, moderator_of_tebet)
    urls = _comment_urls(secret_reply, flooded_street)
    if how == "edit":
        # Earlier versions are public on purpose (the history page says so); what is edited
        # away must only never come back as the comment's present text.
        urls.remove(reverse("comment_history", args=[secret_reply.pk]))
    for viewer in (client, client_of(resident_of_bukit_duri)):
        assert _leaks(_walk(viewer, urls)) == []
    assert SECRET not in _replayed(flooded_street)
    assert all(SECRET not in str(message) for _group, message in live_events.sent)
    assert all(SECRET not in m.body + m.subject for m in mail.outbox)


@pytest.mark.parametrize("reason", ["abuse", "personal_data"])
def test_an_appeal_shows_the_hidden_text_only_to_the_appellant_and_moderators(
    reason, secret_reply, resident_of_manggarai, resident_of_bukit_duri, moderator_of_tebet, client_of
):
    hide = actions.hide_item(actor=moderator_of_tebet, item=secret_reply, reason=reason)
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide, text="It is public knowledge.")
    url = reverse("moderation_decide", args=[appeal.pk])
    refused = client_of(resident_of_bukit_duri).get(url)
    assert refused.status_code == 403 and SECRET not in refused.content.decode()
    assert SECRET in client_of(moderator_of_tebet).get(url).content.decode()
    assert SECRET in client_of(resident_of_manggarai).get(url).content.decode()
    appeal_page = client_of(resident_of_manggarai).get(reverse("moderation_appeal", args=[hide.pk]))
    assert SECRET in appeal_page.content.decode()


def test_the_author_of_an_abuse_hidden_comment_still_reads_it_on_her_own_page(
    secret_reply, flooded_street, moderator_of_tebet, resident_of_manggarai, client_of
):
    actions.hide_item(actor=moderator_of_tebet, item=secret_reply, reason="abuse")
    assert SECRET in client_of(resident_of_manggarai).get(flooded_street.get_absolute_url()).content.decode()
    item_page = client_of(moderator_of_tebet).get(reverse("moderation_item", args=["comment", secret_reply.pk]))
    assert SECRET in item_page.content.decode()


def test_a_hidden_comment_cannot_be_edited_into_view_again(secret_reply, moderator_of_tebet, resident_of_manggarai):
    from django.core.exceptions import PermissionDenied

    actions.hide_item(actor=moderator_of_tebet, item=secret_reply, reason="abuse")
    secret_reply.refresh_from_db()
    with pytest.raises(PermissionDenied, match="hid this comment"):
        comment_actions.edit_comment(actor=resident_of_manggarai, comment=secret_reply, body=SECRET + "!")


# --- a hidden issue ---------------------------------------------------------------------


@pytest.fixture
def secret_issue(issue_factory, resident_of_manggarai, areas, official_of_water_agency, resident_of_bukit_duri):
    """An issue whose title and description carry the SECRET, on the clock (officials were told),
    followed by Budi, with one comment."""
    from issues import actions as issue_actions

    issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=SECRET, description=f"Really: {SECRET}")
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        response_actions.start_clock(issue=locked, trigger="threshold")
    issue_actions.follow_issue(actor=resident_of_bukit_duri, issue=issue)
    comment_actions.post_comment(actor=resident_of_bukit_duri, issue=issue, body="Same on my street.")
    issue.refresh_from_db()
    return issue


@pytest.mark.parametrize("reason", ["abuse", "personal_data"])
def test_a_hidden_issue_keeps_its_title_and_text_from_everyone_else(
    reason,
    secret_issue,
    moderator_of_tebet,
    resident_of_bukit_duri,
    official_of_water_agency,
    client,
    client_of,
    live_events,
    django_capture_on_commit_callbacks,
):
    comment = secret_issue.comments.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_item(actor=moderator_of_tebet, item=secret_issue, reason=reason)
    secret_issue.refresh_from_db()
    urls = [
        secret_issue.get_absolute_url(),
        reverse("issue_revisions", args=[secret_issue.pk]),
        reverse("issue_edit", args=[secret_issue.pk]),
        reverse("comment_detail", args=[comment.pk]),
        reverse("comment_history", args=[comment.pk]),
        reverse("comment_reply", args=[comment.pk]),
        reverse("issue_list"),
        reverse("accountability"),
        reverse("accountability_csv"),
        reverse("accountability_overdue_csv"),
        reverse("moderation_log"),
        reverse("notifications"),
        reverse("respond_queue"),
        "/",
    ]
    for viewer in (client, client_of(resident_of_bukit_duri), client_of(official_of_water_agency)):
        assert _leaks(_walk(viewer, urls)) == []
    assert SECRET not in _replayed(secret_issue)
    assert all(SECRET not in str(message) for _group, message in live_events.sent)
    assert all(SECRET not in m.body + m.subject for m in mail.outbox)
    assert ModerationAction.objects.filter(issue=secret_issue, kind="hide").count() == 1


async def test_a_hidden_issue_socket_replays_nothing(transactional_db):
    from asgiref.sync import sync_to_async

    issue = await sync_to_async(_hidden_issue_with_events)()
    viewer = live_socket(f"/ws/issues/{issue.pk}/?after=0")
    connected, code = await viewer.connect()
    assert not connected and code == 4404


def _hidden_issue_with_events():
    from accounts import actions as account_actions
    from issues import actions as issue_actions
    from tests.conftest import make_user

    area = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    author = make_user(name="Siti", home=area)
    moderator = make_user(name="Dewi Lestari", home=area)
    account_actions.grant_moderator(user=moderator, areas=[area], by="test")
    issue = issue_actions.open_issue(actor=author, title=SECRET, area=area, description=SECRET, category="flooding")
    comment_actions.post_comment(actor=author, issue=issue, body="Same here.")
    actions.hide_item(actor=moderator, item=issue, reason="abuse")
    return issue


@pytest.mark.parametrize("reason", ["abuse", "personal_data"])
def test_the_author_alone_fetches_her_hidden_text_after_a_live_hide(
    reason, secret_reply, moderator_of_tebet, resident_of_manggarai, resident_of_bukit_duri, client, client_of
):
    actions.hide_item(actor=moderator_of_tebet, item=secret_reply, reason=reason)
    url = reverse("moderation_own_text", args=["comment", secret_reply.pk])
    pushed = str(live.events_after(secret_reply.issue_id, 0))
    assert SECRET not in pushed
    assert (url in pushed) == (reason == "abuse")  # the address only, never for a personal-data hide
    for stranger in (client_of(resident_of_bukit_duri), client_of(moderator_of_tebet)):
        refused = stranger.get(url)
        assert refused.status_code == 403 and SECRET not in refused.content.decode()
    own = client_of(resident_of_manggarai).get(url)
    if reason == "abuse":
        assert own.status_code == 200 and SECRET in own.content.decode()
        assert own["Cache-Control"] == "private, no-store"
    else:
        assert own.status_code == 403  # read on the appeal page instead
