"""Appeals: the person concerned appeals once; another moderator of the area decides, in public."""

import pytest
from django.core.exceptions import PermissionDenied

from moderation import actions
from moderation.models import Appeal, ModerationAction


@pytest.fixture
def hide_by_agus(comment_by_siti, moderator_of_tebet):
    return actions.hide_item(
        actor=moderator_of_tebet, item=comment_by_siti, reason="personal_data", note="A neighbour's address"
    )


def test_an_appeal_is_decided_by_a_second_moderator_and_refused_to_the_first(
    hide_by_agus, resident_of_manggarai, moderator_of_tebet, second_moderator_of_tebet, comment_by_siti, client
):
    appeal = actions.appeal(
        actor=resident_of_manggarai, action=hide_by_agus, text="It is the RT office's public address."
    )
    with pytest.raises(PermissionDenied, match="who acted does not decide"):
        actions.decide_appeal(actor=moderator_of_tebet, appeal=appeal, overturn=True, note="My own call.")

    decision = actions.decide_appeal(
        actor=second_moderator_of_tebet,
        appeal=appeal,
        overturn=True,
        note="A public office address is not personal data.",
    )
    appeal.refresh_from_db()
    comment_by_siti.refresh_from_db()
    assert appeal.state == Appeal.State.OVERTURNED and appeal.decided_by == second_moderator_of_tebet
    assert not comment_by_siti.hidden
    # The outcome is public: in the log, linked to the decision it reverses.
    assert (decision.kind, decision.regarding_id, decision.actor) == (
        "overturn",
        hide_by_agus.pk,
        second_moderator_of_tebet,
    )
    page = client.get(f"/moderation/log/{hide_by_agus.pk}/").content.decode()
    assert "Accepted: the decision was reversed" in page and "not personal data" in page


def test_an_upheld_appeal_leaves_the_item_hidden(hide_by_agus, resident_of_manggarai, admin_user_, comment_by_siti):
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide_by_agus, text="Please.")
    actions.decide_appeal(actor=admin_user_, appeal=appeal, overturn=False, note="It is a private home.")
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.hidden
    assert ModerationAction.objects.filter(kind="uphold", regarding=hide_by_agus).exists()


def test_each_decision_is_appealed_once(hide_by_agus, resident_of_manggarai):
    actions.appeal(actor=resident_of_manggarai, action=hide_by_agus, text="First.")
    with pytest.raises(PermissionDenied, match="appealed once"):
        actions.appeal(actor=resident_of_manggarai, action=hide_by_agus, text="Second.")


def test_only_the_person_concerned_appeals(hide_by_agus, resident_of_bukit_duri):
    with pytest.raises(PermissionDenied, match="Only the person"):
        actions.appeal(actor=resident_of_bukit_duri, action=hide_by_agus, text="On Siti's behalf.")


def test_a_suspended_person_appeals_and_an_accepted_appeal_lifts_the_suspension(
    flooded_street, resident_of_manggarai, moderator_of_tebet, second_moderator_of_tebet
):
    from accounts import permissions

    suspension = actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=7, reason="abuse", item=flooded_street
    )
    assert not permissions.can(resident_of_manggarai, permissions.take_part)
    appeal = actions.appeal(actor=resident_of_manggarai, action=suspension.action, text="I apologised in the thread.")
    actions.decide_appeal(actor=second_moderator_of_tebet, appeal=appeal, overturn=True, note="The apology is enough.")
    resident_of_manggarai.profile.refresh_from_db()
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None and resident_of_manggarai.profile.suspended_until is None
    assert permissions.can(resident_of_manggarai, permissions.take_part)


def test_a_personal_data_hide_hides_earlier_versions_and_an_accepted_appeal_shows_them_again(
    flooded_street, resident_of_manggarai, moderator_of_tebet, second_moderator_of_tebet
):
    from issues import actions as issue_actions

    issue_actions.edit_issue(
        actor=resident_of_manggarai,
        issue=flooded_street,
        title=flooded_street.title,
        description="Water stands for days. Call Pak Joko on 0812-3456-7890.",
    )
    hide = actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="personal_data")
    assert list(flooded_street.revisions.values_list("hidden", flat=True)) == [True]
    # A plain restore keeps earlier versions hidden: the data may still be in them.
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide, text="It is my own number.")
    actions.decide_appeal(
        actor=second_moderator_of_tebet, appeal=appeal, overturn=True, note="Her own number, given freely."
    )
    assert list(flooded_street.revisions.values_list("hidden", flat=True)) == [False]


def test_the_appeal_page_shows_the_author_what_they_wrote_and_why(hide_by_agus, resident_of_manggarai, client_of):
    page = client_of(resident_of_manggarai).get(f"/moderation/acts/{hide_by_agus.pk}/appeal/").content.decode()
    assert "Jl. Melati 12" in page and "Personal data" in page


def test_a_moderator_decides_from_the_queue_through_the_form(
    hide_by_agus, resident_of_manggarai, second_moderator_of_tebet, client_of
):
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide_by_agus, text="Please look again.")
    dewi = client_of(second_moderator_of_tebet)
    assert f"/moderation/appeals/{appeal.pk}/" in dewi.get("/moderation/queue/").content.decode()
    response = dewi.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "uphold", "note": "It stays hidden."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == "upheld"
