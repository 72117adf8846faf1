"""Every act writes exactly one public record, readable at /moderation/log/ and on the issue's timeline."""

import pytest

from issues.models import TimelineEntry
from moderation import actions
from moderation.models import ModerationAction
from tests.conftest import make_user


def _prepare_reports(w):
    for person in w.neighbours:
        actions.report_item(actor=person, item=w.comment, reason="spam")


def _hide(w):
    return actions.hide_item(actor=w.agus, item=w.comment, reason="abuse", note="name-calling")


def _appeal(w):
    hide = actions.hide_item(actor=w.dewi, item=w.comment, reason="abuse")
    return actions.appeal(actor=w.siti, action=hide, text="I only quoted him.")


# Each act: (what must exist first, the act). The setup's own records are not counted.
ACTS = {
    "automatic hide": (
        lambda w: actions.report_item(actor=w.neighbours[0], item=w.comment, reason="spam"),
        lambda w: actions.report_item(actor=w.neighbours[1], item=w.comment, reason="spam"),
    ),
    "hide": (None, _hide),
    "restore": (_hide, lambda w: actions.restore_item(actor=w.agus, item=w.comment, note="context was missing")),
    "dismiss": (
        lambda w: actions.report_item(actor=w.neighbours[0], item=w.comment, reason="spam"),
        lambda w: actions.dismiss_reports(actor=w.agus, item=w.comment),
    ),
    "lock": (None, lambda w: actions.lock_thread(actor=w.agus, issue=w.issue, note="cooling off")),
    "unlock": (
        lambda w: actions.lock_thread(actor=w.dewi, issue=w.issue, note="cooling off"),
        lambda w: actions.unlock_thread(actor=w.agus, issue=w.issue),
    ),
    "suspend": (
        None,
        lambda w: actions.suspend_user(actor=w.agus, user=w.siti, days=3, reason="abuse", item=w.comment),
    ),
    "lift": (
        lambda w: w.__dict__.update(
            s=actions.suspend_user(actor=w.dewi, user=w.siti, days=3, reason="abuse", item=w.comment)
        ),
        lambda w: actions.lift_suspension(actor=w.agus, suspension=w.s),
    ),
    "merge": (None, lambda w: actions.merge_issues(actor=w.agus, duplicate=w.issue, target=w.other)),
    "appeal": (
        lambda w: w.__dict__.update(hide=actions.hide_item(actor=w.dewi, item=w.comment, reason="abuse")),
        lambda w: actions.appeal(actor=w.siti, action=w.hide, text="Please look again."),
    ),
    "decide appeal": (
        lambda w: w.__dict__.update(a=_appeal(w)),
        lambda w: actions.decide_appeal(actor=w.agus, appeal=w.a, overturn=True, note="A fair quote."),
    ),
}


@pytest.fixture
def scene(
    areas,
    flooded_street,
    comment_by_siti,
    resident_of_manggarai,
    moderator_of_tebet,
    second_moderator_of_tebet,
    issue_factory,
    settings,
):
    from types import SimpleNamespace

    settings.MODERATION_REPORT_THRESHOLD = 2
    neighbour = make_user(name="Tetangga", home=areas["manggarai-rw-04"])
    return SimpleNamespace(
        issue=flooded_street,
        comment=comment_by_siti,
        siti=resident_of_manggarai,
        agus=moderator_of_tebet,
        dewi=second_moderator_of_tebet,
        neighbours=[neighbour, make_user(name="Tetangga 2", home=areas["manggarai-rw-04"])],
        other=issue_factory(neighbour, area=areas["manggarai"], title="Drain blocked again"),
    )


def test_every_act_writes_exactly_one_public_log_entry_and_a_timeline_line(scene, client):
    for name, (setup, act) in ACTS.items():
        if setup:
            setup(scene)
        before = set(ModerationAction.objects.values_list("pk", flat=True))
        timeline_before = set(
            TimelineEntry.objects.filter(kind__in=["moderation", "merged"]).values_list("pk", flat=True)
        )
        act(scene)
        new = ModerationAction.objects.exclude(pk__in=before)
        assert new.count() == 1, f"{name} wrote {new.count()} log entries"
        entry = new.get()
        page = client.get("/moderation/log/").content.decode()
        assert f'id="action-{entry.pk}"' in page, f"{name} is not in the public log"
        assert client.get(f"/moderation/log/{entry.pk}/").status_code == 200
        if entry.issue_id:
            lines = TimelineEntry.objects.exclude(pk__in=timeline_before).filter(issue=entry.issue_id)
            assert lines.filter(data__action=entry.pk).exists(), f"{name} is missing from the issue's timeline"
        _reset(scene)


def _reset(w):
    """Back to a visible, unlocked, unmerged comment and issue with nobody suspended, for the next act."""
    from accounts.models import Profile
    from moderation.models import Appeal, Report, Suspension

    type(w.comment).objects.filter(pk=w.comment.pk).update(hidden=False, hidden_reason="")
    type(w.issue).objects.filter(pk=w.issue.pk).update(locked=False, locked_reason="", merged_into=None, hidden=False)
    Report.objects.all().update(resolved_by=None)
    Report.objects.all().delete()
    Appeal.objects.all().delete()
    Suspension.objects.all().delete()
    Profile.objects.update(suspended_until=None)
    w.comment.refresh_from_db()
    w.issue.refresh_from_db()
    w.siti.profile.refresh_from_db()


def test_the_log_names_the_moderator_with_their_role_and_the_reason(scene, client):
    _hide(scene)
    page = client.get("/moderation/log/").content.decode()
    assert "Agus" in page and "badge-moderator" in page
    assert "Abuse or harassment" in page and "name-calling" in page
    assert f"/comments/{scene.comment.pk}/" in page


def test_the_log_filters_by_area_moderator_and_kind(scene, client, moderator_of_menteng, areas):
    _hide(scene)
    actions.lock_thread(actor=scene.dewi, issue=scene.issue, note="cooling off")
    assert client.get("/moderation/log/?kind=lock").content.decode().count('id="action-') == 1
    assert client.get(f"/moderation/log/?moderator={scene.agus.pk}").content.decode().count('id="action-') == 1
    assert client.get("/moderation/log/?area=tebet").content.decode().count('id="action-') == 2
    assert client.get("/moderation/log/?area=menteng").content.decode().count('id="action-') == 0


def test_the_log_page_costs_the_same_queries_for_few_and_many_entries(scene, client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MODERATION_LOG_PER_PAGE = 5
    actions.lock_thread(actor=scene.agus, issue=scene.issue, note="one")
    with CaptureQueriesContext(connection) as few:
        client.get("/moderation/log/")
    actions.unlock_thread(actor=scene.agus, issue=scene.issue)
    _hide(scene)
    actions.restore_item(actor=scene.dewi, item=scene.comment)
    actions.suspend_user(actor=scene.agus, user=scene.siti, days=1, reason="spam", item=scene.comment)
    actions.merge_issues(actor=scene.agus, duplicate=scene.issue, target=scene.other)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/moderation/log/").content.decode()
    assert page.count('id="action-') == 5 and 'rel="next"' in page
    assert len(many) == len(few)


def test_the_issue_timeline_shows_the_act_with_its_reason(scene, client):
    actions.lock_thread(actor=scene.agus, issue=scene.issue, note="Personal attacks; cooling off for a day.")
    page = client.get(scene.issue.get_absolute_url()).content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    assert "thread locked" in timeline and "cooling off for a day" in timeline and "Agus" in timeline
