"""Who may do what: every moderation action, tried by every role, through the real actions.

Roles: anonymous, a resident (Budi), the author (Siti), a moderator of the area (Agus,
Tebet), a moderator of another area (Mira, Menteng), an official (Rina, water agency,
Tebet) and an administrator. The items are Siti's issue in Manggarai and her comment on it.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from moderation import actions
from moderation import rules as moderation_rules
from moderation.models import ModerationAction
from tests.conftest import make_user

ROLES = ["anonymous", "resident", "author", "moderator_here", "moderator_elsewhere", "official", "admin"]


@pytest.fixture
def world(
    areas,
    flooded_street,
    comment_by_siti,
    resident_of_manggarai,
    resident_of_bukit_duri,
    moderator_of_tebet,
    moderator_of_menteng,
    official_of_water_agency,
    admin_user_,
    second_moderator_of_tebet,
    issue_factory,
):
    neighbour = make_user(name="Tetangga", home=areas["manggarai-rw-04"])
    return SimpleNamespace(
        issue=flooded_street,
        comment=comment_by_siti,
        other_issue=issue_factory(
            neighbour, area=areas["manggarai"], title="Drain blocked on Jalan Manggarai Utara (again)"
        ),
        dewi=second_moderator_of_tebet,
        people={
            "anonymous": AnonymousUser(),
            "resident": resident_of_bukit_duri,
            "author": resident_of_manggarai,
            "moderator_here": moderator_of_tebet,
            "moderator_elsewhere": moderator_of_menteng,
            "official": official_of_water_agency,
            "admin": admin_user_,
        },
    )


def _hidden_by_dewi(w):
    actions.hide_item(actor=w.dewi, item=w.comment, reason="abuse", note="a personal attack")
    return w.comment


def _locked_by_dewi(w):
    actions.lock_thread(actor=w.dewi, issue=w.issue, note="cooling off")
    return w.issue


def _reported(w):
    actions.report_item(actor=w.people["resident"], item=w.comment, reason="spam")
    return w.comment


def _suspended_by_dewi(w):
    return actions.suspend_user(actor=w.dewi, user=w.people["author"], days=3, reason="abuse", item=w.comment)


def _appealed(w):
    hide = actions.hide_item(actor=w.dewi, item=w.comment, reason="abuse")
    return actions.appeal(actor=w.people["author"], action=hide, text="It was a fair complaint about the RT.")


# action: (set the scene → the object, act as ``who``, roles allowed)
MATRIX = {
    "report_item": (
        lambda w: w.comment,
        lambda who, obj, w: actions.report_item(actor=who, item=obj, reason="spam"),
        {"resident", "moderator_here", "moderator_elsewhere", "official", "admin"},
    ),
    "hide_item": (
        lambda w: w.comment,
        lambda who, obj, w: actions.hide_item(actor=who, item=obj, reason="spam"),
        {"moderator_here", "admin"},
    ),
    "restore_item": (
        _hidden_by_dewi,
        lambda who, obj, w: actions.restore_item(actor=who, item=obj),
        {"moderator_here", "admin"},
    ),
    "lock_thread": (
        lambda w: w.issue,
        lambda who, obj, w: actions.lock_thread(actor=who, issue=obj, note="too heated"),
        {"moderator_here", "admin"},
    ),
    "unlock_thread": (
        _locked_by_dewi,
        lambda who, obj, w: actions.unlock_thread(actor=who, issue=obj),
        {"moderator_here", "admin"},
    ),
    "dismiss_reports": (
        _reported,
        lambda who, obj, w: actions.dismiss_reports(actor=who, item=obj),
        {"moderator_here", "admin"},
    ),
    "suspend_user": (
        lambda w: w.comment,
        lambda who, obj, w: actions.suspend_user(actor=who, user=w.people["author"], days=2, reason="abuse", item=obj),
        {"moderator_here", "admin"},
    ),
    # Rina acts for the water agency: like a moderator, only an administrator suspends her.
    "suspend_official": (
        lambda w: w.comment,
        lambda who, obj, w: actions.suspend_user(
            actor=who, user=w.people["official"], days=2, reason="abuse", item=obj
        ),
        {"admin"},
    ),
    "lift_suspension": (
        _suspended_by_dewi,
        lambda who, obj, w: actions.lift_suspension(actor=who, suspension=obj),
        {"moderator_here", "admin"},
    ),
    "merge_issues": (
        lambda w: w.issue,
        lambda who, obj, w: actions.merge_issues(actor=who, duplicate=obj, target=w.other_issue),
        {"moderator_here", "official", "admin"},
    ),
    "appeal": (
        lambda w: actions.hide_item(actor=w.dewi, item=w.comment, reason="abuse"),
        lambda who, obj, w: actions.appeal(actor=who, action=obj, text="Please look again."),
        {"author"},
    ),
    "decide_appeal": (
        _appealed,
        lambda who, obj, w: actions.decide_appeal(actor=who, appeal=obj, overturn=False, note="It stands."),
        {"moderator_here", "admin"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_role_may_do_exactly_what_the_rules_say(world, action, role):
    scene, act, allowed = MATRIX[action]
    obj = scene(world)
    before = ModerationAction.objects.count()
    who = world.people[role]
    if role in allowed:
        act(who, obj, world)
    else:
        with pytest.raises(PermissionDenied):
            act(who, obj, world)
        assert ModerationAction.objects.count() == before  # a refusal leaves no trace


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_administrators_have_a_queue(world, role, client_of, client):
    from accounts import permissions

    allowed = role in {"moderator_here", "moderator_elsewhere", "admin"}
    assert permissions.can(world.people[role], moderation_rules.view_moderation_queue) is allowed


def test_a_moderator_never_acts_on_their_own_comment(flooded_street, moderator_of_tebet):
    from comments import actions as comment_actions

    own = comment_actions.post_comment(actor=moderator_of_tebet, issue=flooded_street, body="My own words.")
    with pytest.raises(PermissionDenied, match="never act on their own content"):
        actions.hide_item(actor=moderator_of_tebet, item=own, reason="spam")


def test_only_an_administrator_hides_an_officials_answer(
    flooded_street, official_of_water_agency, moderator_of_tebet, admin_user_
):
    from comments import actions as comment_actions

    answer = comment_actions.post_comment(
        actor=official_of_water_agency, issue=flooded_street, body="We dredge on Monday."
    )
    assert answer.is_official
    with pytest.raises(PermissionDenied, match="Only administrators"):
        actions.hide_item(actor=moderator_of_tebet, item=answer, reason="misinformation")
    actions.hide_item(actor=admin_user_, item=answer, reason="misinformation", note="The dredging was cancelled.")
    answer.refresh_from_db()
    assert answer.hidden


def test_only_an_administrator_suspends_a_moderator(
    flooded_street, moderator_of_tebet, second_moderator_of_tebet, admin_user_
):
    with pytest.raises(PermissionDenied, match="Only administrators suspend a moderator"):
        actions.suspend_user(
            actor=moderator_of_tebet, user=second_moderator_of_tebet, days=1, reason="abuse", item=flooded_street
        )
    actions.suspend_user(actor=admin_user_, user=second_moderator_of_tebet, days=1, reason="abuse", item=flooded_street)


def test_a_moderator_suspends_for_at_most_the_configured_days(
    flooded_street, moderator_of_tebet, resident_of_manggarai, settings
):
    from django.core.exceptions import ValidationError

    settings.MODERATION_MAX_SUSPENSION_DAYS = 30
    with pytest.raises(ValidationError):
        actions.suspend_user(
            actor=moderator_of_tebet, user=resident_of_manggarai, days=31, reason="spam", item=flooded_street
        )
