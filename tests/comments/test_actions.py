"""Posting, replying, editing and retracting, through the actions every view calls."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comments import actions
from comments.models import Comment, CommentRevision, Mention
from issues.models import Issue, LiveEvent
from notifications.models import Notification


def test_a_resident_comments_and_the_issue_counts_it(flooded_street, resident_of_bukit_duri, post_comment):
    before = Issue.objects.get(pk=flooded_street.pk).last_activity_at
    comment = post_comment(resident_of_bukit_duri, flooded_street, "  Same on my street.  ")
    issue = Issue.objects.get(pk=flooded_street.pk)
    assert comment.body == "Same on my street."
    assert issue.comment_count == 1
    assert issue.last_activity_at > before
    assert not comment.is_official


def test_a_reply_to_a_reply_joins_the_top_level_comment(
    flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    top = post_comment(resident_of_bukit_duri, flooded_street)
    reply = post_comment(resident_of_manggarai, flooded_street, "Thanks!", parent=top)
    answer = post_comment(resident_of_bukit_duri, flooded_street, "You're welcome.", parent=reply)
    assert answer.parent_id == top.pk
    top.refresh_from_db()
    assert top.reply_count == 2
    assert Issue.objects.get(pk=flooded_street.pk).comment_count == 3


def test_a_reply_cannot_point_into_another_issue(issue_factory, flooded_street, resident_of_bukit_duri, post_comment):
    other = issue_factory(resident_of_bukit_duri, title="Broken streetlight")
    elsewhere = post_comment(resident_of_bukit_duri, other)
    with pytest.raises(ValidationError):
        post_comment(resident_of_bukit_duri, flooded_street, parent=elsewhere)


def test_an_official_serving_the_area_comments_officially(flooded_street, official_of_water_agency, post_comment):
    assert post_comment(official_of_water_agency, flooded_street, "We will send a crew on Monday.").is_official


def test_an_official_of_another_area_comments_as_anyone(
    issue_factory, areas, official_of_water_agency, post_comment, user_factory
):
    menteng_resident = user_factory(name="Wati", home=areas["menteng"])
    elsewhere = issue_factory(menteng_resident, area=areas["menteng"])
    assert not post_comment(official_of_water_agency, elsewhere).is_official


def test_anonymous_and_unconfirmed_people_cannot_comment(flooded_street, unverified_user, post_comment):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="Sign in"):
        post_comment(AnonymousUser(), flooded_street)
    with pytest.raises(PermissionDenied, match="Confirm your e-mail"):
        post_comment(unverified_user, flooded_street)
    assert not Comment.objects.exists()


def test_a_locked_thread_refuses_new_comments_with_its_reason(locked_street, resident_of_bukit_duri, post_comment):
    with pytest.raises(PermissionDenied, match="locked: Personal attacks"):
        post_comment(resident_of_bukit_duri, locked_street)


def test_an_empty_or_overlong_comment_is_refused(flooded_street, resident_of_bukit_duri, post_comment):
    with pytest.raises(ValidationError, match="Write something"):
        post_comment(resident_of_bukit_duri, flooded_street, "   ")
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        post_comment(resident_of_bukit_duri, flooded_street, "x" * 5001)
    assert post_comment(resident_of_bukit_duri, flooded_street, "x" * 5000)


def test_the_same_submission_twice_makes_one_comment(flooded_street, resident_of_bukit_duri, post_comment):
    token = uuid.uuid4()
    first = post_comment(resident_of_bukit_duri, flooded_street, submission_token=token)
    again = post_comment(resident_of_bukit_duri, flooded_street, submission_token=token)
    assert first.pk == again.pk
    assert Comment.objects.count() == 1
    assert Issue.objects.get(pk=flooded_street.pk).comment_count == 1


def test_mentions_by_display_name_are_stored_once_and_never_from_quotes(
    flooded_street, resident_of_bukit_duri, official_of_water_agency, user_factory, areas, post_comment
):
    dewi = user_factory(name="Dewi Lestari", home=areas["manggarai"])
    body = "@Rina, could you check? @dewi lestari saw it too. @Rina!\n\n> @Siti wrote this\n\n`@Nobody`"
    comment = post_comment(resident_of_bukit_duri, flooded_street, body)
    mentioned = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
    assert mentioned == {official_of_water_agency.pk, dewi.pk}


def test_a_name_shared_by_two_people_mentions_the_one_taking_part(
    flooded_street, resident_of_bukit_duri, user_factory, areas, post_comment
):
    other_siti = user_factory(name="Siti", home=areas["kebon-baru"])
    comment = post_comment(resident_of_bukit_duri, flooded_street, "As @Siti said.")
    assert list(comment.mentions.values_list("user_id", flat=True)) == [flooded_street.author_id]
    # The Siti taking part is told she was mentioned; the other Siti hears nothing.
    told = Notification.objects.filter(kind="mention").values_list("recipient_id", flat=True)
    assert list(told) == [flooded_street.author_id]
    assert not Notification.objects.filter(recipient=other_siti).exists()


def test_nobody_mentions_themselves(flooded_street, resident_of_bukit_duri, post_comment):
    assert not post_comment(resident_of_bukit_duri, flooded_street, "I am @Budi").mentions.exists()


def test_a_quote_of_a_comment_elsewhere_or_retracted_is_dropped(
    issue_factory, flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    standing = post_comment(resident_of_manggarai, flooded_street)
    gone = post_comment(resident_of_manggarai, flooded_street)
    actions.retract_comment(actor=resident_of_manggarai, comment=gone)
    other_issue = issue_factory(resident_of_manggarai, title="Potholes")
    elsewhere = post_comment(resident_of_manggarai, other_issue)
    assert post_comment(resident_of_bukit_duri, flooded_street, quoted=standing).quoted_id == standing.pk
    assert post_comment(resident_of_bukit_duri, flooded_street, quoted=gone).quoted_id is None
    assert post_comment(resident_of_bukit_duri, flooded_street, quoted=elsewhere).quoted_id is None


def test_an_edit_within_fifteen_minutes_keeps_the_old_text_for_everyone(
    flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Water 30 cm deep.")
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        actions.edit_comment(actor=resident_of_bukit_duri, comment=comment, body="Water 50 cm deep.")
    comment.refresh_from_db()
    assert comment.body == "Water 50 cm deep." and comment.edited_at is not None
    assert list(CommentRevision.objects.filter(comment=comment).values_list("body", flat=True)) == ["Water 30 cm deep."]


def test_an_edit_after_fifteen_minutes_is_refused_but_retraction_is_not(
    flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Water 30 cm deep.")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        with pytest.raises(PermissionDenied, match="15 minutes"):
            actions.edit_comment(actor=resident_of_bukit_duri, comment=comment, body="changed")
        actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    comment.refresh_from_db()
    assert comment.body == "Water 30 cm deep."  # kept for moderation
    assert comment.retracted_at is not None


def test_only_the_author_edits_or_retracts(flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment):
    comment = post_comment(resident_of_bukit_duri, flooded_street)
    with pytest.raises(PermissionDenied, match="Only the author"):
        actions.edit_comment(actor=resident_of_manggarai, comment=comment, body="mine now")
    with pytest.raises(PermissionDenied, match="Only the author"):
        actions.retract_comment(actor=resident_of_manggarai, comment=comment)


def test_a_retracted_comment_cannot_be_edited_or_retracted_again(flooded_street, resident_of_bukit_duri, post_comment):
    comment = post_comment(resident_of_bukit_duri, flooded_street)
    actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    with pytest.raises(PermissionDenied, match="retracted"):
        actions.edit_comment(actor=resident_of_bukit_duri, comment=comment, body="back")
    with pytest.raises(PermissionDenied, match="already retracted"):
        actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)


def test_the_author_may_retract_even_in_a_locked_thread(flooded_street, resident_of_bukit_duri, post_comment):
    comment = post_comment(resident_of_bukit_duri, flooded_street)
    Issue.objects.filter(pk=flooded_street.pk).update(locked=True)
    comment = Comment.objects.select_related("issue").get(pk=comment.pk)
    actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    assert comment.retracted_at is not None


def test_every_write_records_one_numbered_event_for_the_issue_after_commit(
    flooded_street, resident_of_bukit_duri, post_comment, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(resident_of_bukit_duri, flooded_street, "First!")
        actions.edit_comment(actor=resident_of_bukit_duri, comment=comment, body="First, sorry.")
        actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    assert live_events.groups() == [f"issue.{flooded_street.pk}"] * 3
    kinds = list(LiveEvent.objects.filter(issue=flooded_street).values_list("seq", "kind"))
    assert kinds == [(1, "comment.posted"), (2, "comment.edited"), (3, "comment.retracted")]
    posted, edited, retracted = (message["html"]["en"] for _group, message in live_events.sent)
    assert 'data-live-swap="append issue-' in posted and "New comment by Budi" in posted
    assert 'id="issue-%d-comment-count" data-live-swap="replace">1 comment<' % flooded_street.pk in posted
    assert f'id="comment-{comment.pk}-body" data-live-swap="replace"' in edited and "First, sorry." in edited
    assert "Retracted by the author." in retracted and "First, sorry." not in retracted
    assert "<form" not in edited + retracted  # an edit never replaces anything holding a reply being typed


def test_the_pushed_fragment_is_rendered_once_per_language(flooded_street, resident_of_bukit_duri, post_comment):
    post_comment(resident_of_bukit_duri, flooded_street)
    html = LiveEvent.objects.get(issue=flooded_street).html
    assert set(html) == {"en", "id"}
    assert "csrfmiddlewaretoken" not in html["en"]  # nothing in it belongs to one viewer
    assert 'data-author="%d"' % resident_of_bukit_duri.pk in html["en"]


def test_a_failed_write_leaves_no_comment_and_no_event(
    flooded_street, resident_of_bukit_duri, post_comment, monkeypatch
):
    from comments import fragments

    monkeypatch.setattr(fragments, "posted", lambda comment: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        post_comment(resident_of_bukit_duri, flooded_street)
    assert not Comment.objects.exists() and not LiveEvent.objects.exists()
    assert Issue.objects.get(pk=flooded_street.pk).comment_count == 0
