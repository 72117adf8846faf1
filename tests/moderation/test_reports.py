"""Reports: once per person, and enough distinct reports hide an item until a moderator reviews it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from issues.models import LiveEvent
from moderation import actions, queries
from moderation.models import ModerationAction, ModerationPolicy, Report


def test_two_reports_leave_a_comment_up_and_the_third_hides_it_pending_review(comment_by_siti, neighbours):
    first, second, third = neighbours(3)
    actions.report_item(actor=first, item=comment_by_siti, reason="abuse")
    actions.report_item(actor=second, item=comment_by_siti, reason="spam", note="Looks like an ad")
    comment_by_siti.refresh_from_db()
    assert not comment_by_siti.hidden
    assert not ModerationAction.objects.exists()  # reports alone are private

    actions.report_item(actor=third, item=comment_by_siti, reason="abuse")
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.hidden and (comment_by_siti.hidden_reason, comment_by_siti.hidden_automatically) == (
        "abuse",
        True,
    )
    hide = ModerationAction.objects.get()
    assert (hide.kind, hide.automatic, hide.actor, hide.reason, hide.data["reports"]) == (
        "hide",
        True,
        None,
        "abuse",
        3,
    )
    # Still waiting for a moderator: the reports stay open in the queue.
    assert Report.objects.filter(resolved_by__isnull=True).count() == 3
    # Every viewer sees it hidden, live, with the pending notice.
    html = LiveEvent.objects.filter(issue=comment_by_siti.issue).latest("seq").html["en"]
    assert f'id="comment-{comment_by_siti.pk}-body"' in html and "pending a moderator" in html


def test_an_area_sets_its_own_threshold_and_areas_below_inherit_it(comment_by_siti, neighbours, areas):
    ModerationPolicy.objects.create(area=areas["tebet"], report_threshold=2)
    first, second = neighbours(2)
    actions.report_item(actor=first, item=comment_by_siti, reason="spam")
    actions.report_item(actor=second, item=comment_by_siti, reason="spam")
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.hidden


def test_the_threshold_comes_from_settings_when_no_area_sets_one(comment_by_siti, neighbours, settings):
    settings.MODERATION_REPORT_THRESHOLD = 1
    actions.report_item(actor=neighbours(1)[0], item=comment_by_siti, reason="spam")
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.hidden


def test_a_person_reports_an_item_once(comment_by_siti, resident_of_bukit_duri):
    actions.report_item(actor=resident_of_bukit_duri, item=comment_by_siti, reason="spam")
    with pytest.raises(PermissionDenied, match="already reported"):
        actions.report_item(actor=resident_of_bukit_duri, item=comment_by_siti, reason="abuse")
    assert Report.objects.count() == 1


def test_other_needs_a_few_words(comment_by_siti, resident_of_bukit_duri):
    with pytest.raises(ValidationError):
        actions.report_item(actor=resident_of_bukit_duri, item=comment_by_siti, reason="other")
    actions.report_item(actor=resident_of_bukit_duri, item=comment_by_siti, reason="other", note="Wrong thread")


def test_nobody_reports_what_they_wrote(comment_by_siti, resident_of_manggarai):
    with pytest.raises(PermissionDenied, match="wrote yourself"):
        actions.report_item(actor=resident_of_manggarai, item=comment_by_siti, reason="spam")


def test_an_unconfirmed_account_cannot_report(comment_by_siti, unverified_user):
    with pytest.raises(PermissionDenied, match="Confirm your e-mail"):
        actions.report_item(actor=unverified_user, item=comment_by_siti, reason="spam")


def test_dismissing_the_reports_shows_an_automatically_hidden_item_again(
    comment_by_siti, neighbours, moderator_of_tebet, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 2
    for person in neighbours(2):
        actions.report_item(actor=person, item=comment_by_siti, reason="spam")
    dismissal = actions.dismiss_reports(
        actor=moderator_of_tebet, item=comment_by_siti, note="Not spam: a real complaint."
    )
    comment_by_siti.refresh_from_db()
    assert not comment_by_siti.hidden
    assert dismissal.data == {"reports": 2, "restored": True}
    assert not Report.objects.filter(resolved_by__isnull=True).exists()


def test_a_moderator_confirms_an_automatic_hide_with_a_reason_of_their_own(
    comment_by_siti, neighbours, moderator_of_tebet, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 2
    for person in neighbours(2):
        actions.report_item(actor=person, item=comment_by_siti, reason="spam")
    actions.hide_item(
        actor=moderator_of_tebet, item=comment_by_siti, reason="personal_data", note="A neighbour's address"
    )
    comment_by_siti.refresh_from_db()
    assert (comment_by_siti.hidden_reason, comment_by_siti.hidden_note) == ("personal_data", "A neighbour's address")
    assert not Report.objects.filter(resolved_by__isnull=True).exists()


def test_the_queue_orders_by_report_count_then_age_and_covers_only_the_moderators_areas(
    flooded_street, comment_by_siti, neighbours, moderator_of_tebet, moderator_of_menteng, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 10
    people = neighbours(3)
    actions.report_item(actor=people[0], item=flooded_street, reason="off_topic")
    for person in people:
        actions.report_item(actor=person, item=comment_by_siti, reason="abuse")
    rows, has_next = queries.queue(moderator_of_tebet)
    assert [(row.kind, row.count) for row in rows] == [("comment", 3), ("issue", 1)]
    assert [r.reason for r in rows[0].reports] == ["abuse"] * 3
    assert not has_next
    assert queries.queue(moderator_of_menteng)[0] == []


def test_the_queue_page_costs_the_same_queries_for_few_and_many_items(
    client_of, issue_factory, areas, neighbours, moderator_of_tebet, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MODERATION_REPORT_THRESHOLD = 10
    reporters = neighbours(2)
    author = neighbours(1)[0]
    agus = client_of(moderator_of_tebet)

    def report_new_issue(n):
        issue = issue_factory(author, area=areas["manggarai"], title=f"Broken street light number {n}")
        for person in reporters:
            actions.report_item(actor=person, item=issue, reason="spam")

    report_new_issue(0)
    with CaptureQueriesContext(connection) as few:
        assert agus.get("/moderation/queue/").status_code == 200
    for n in range(1, 6):
        report_new_issue(n)
    with CaptureQueriesContext(connection) as many:
        page = agus.get("/moderation/queue/")
    assert page.content.decode().count('class="queue-row') == 6
    assert len(many) == len(few)
