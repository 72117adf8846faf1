"""Round points a facilitator spends for a resident without an account: the ordinary
allocate_points and its rules with the resident as the voter, one ballot per person per round
across channels, claims that merge ballots without counting anyone twice, and voiding."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from facilitation import actions
from facilitation.models import Claim
from issues.models import AssistedRecord
from residency import actions as residency_actions
from tests.conftest import make_user
from votes import actions as vote_actions
from votes import tallies
from votes.models import PriorityRound, RoundBallot, RoundTotal

from .conftest import PAPER


@pytest.fixture
def darto_online(areas):
    """Pak Darto signs up himself later, and is verified at an RW meeting."""
    user = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    residency_actions.verify_resident(user=user, area=areas["manggarai-rw-04"], by="RW 04 meeting")
    return user


def totals(round_):
    return {t.issue_id: (t.points, t.voters) for t in RoundTotal.objects.filter(round=round_) if t.points}


def verify_tallies() -> str:
    out = StringIO()
    call_command("verify_tallies", stdout=out)  # raises CommandError on any difference
    return out.getvalue()


def spend(facilitator, darto, round_, points, how=PAPER):
    return actions.record_allocation(actor=facilitator, resident=darto, round_=round_, points=points, how=how)


# --- Recording --------------------------------------------------------------------------------


def test_recorded_points_are_the_residents_ballot_and_say_who_recorded_them(
    darto, facilitator, round_, flooded_street, lamp
):
    ballot = spend(facilitator, darto, round_, {flooded_street.pk: 3, lamp.pk: 5})
    assert ballot.user == darto.user
    record = ballot.assisted
    assert (record.kind, record.recorded_by, record.resident) == ("allocation", facilitator, darto.user)
    assert record.data == {"round": round_.pk, "round_title": "Manggarai priorities 2027"}
    assert record.place == darto.area.name
    assert totals(round_) == {flooded_street.pk: (3, 1), lamp.pk: (5, 1)}
    assert tallies.differences() == []


def test_the_same_allocation_sent_twice_records_one_act(darto, facilitator, round_, flooded_street):
    first = spend(facilitator, darto, round_, {flooded_street.pk: 4})
    again = spend(facilitator, darto, round_, {flooded_street.pk: 4})
    assert again.pk == first.pk and again.assisted_id == first.assisted_id
    assert AssistedRecord.objects.filter(kind="allocation").count() == 1
    assert totals(round_) == {flooded_street.pk: (4, 1)}


def test_a_new_paper_replaces_the_residents_allocation_one_ballot_per_person(
    darto, facilitator, round_, flooded_street, lamp, areas
):
    from accounts import actions as account_actions

    colleague = make_user(name="Pak Joko", home=areas["manggarai"])
    account_actions.grant_facilitator(user=colleague, areas=[areas["manggarai"]], by="test")
    spend(facilitator, darto, round_, {flooded_street.pk: 3})
    ballot = spend(colleague, darto, round_, {lamp.pk: 5})
    assert RoundBallot.objects.filter(round=round_, user=darto.user).count() == 1
    assert ballot.assisted.recorded_by == colleague
    assert totals(round_) == {lamp.pk: (5, 1)}
    assert tallies.differences() == []


# --- The rules ---------------------------------------------------------------------------------


def test_a_facilitator_cannot_spend_points_for_themselves(darto, facilitator, round_, flooded_street):
    darto.claimed_by = facilitator  # the record she claimed as her own is no longer hers to act for
    with pytest.raises(PermissionDenied, match="cannot act for themselves"):
        spend(facilitator, darto, round_, {flooded_street.pk: 3})
    assert not RoundBallot.objects.exists()


def test_an_unverified_resident_is_refused_with_the_reason(register, facilitator, round_, flooded_street):
    unverified = register(name="Bu Ani")
    with pytest.raises(PermissionDenied, match="verification is waiting"):
        spend(facilitator, unverified, round_, {flooded_street.pk: 3})
    assert not AssistedRecord.objects.exists() and not RoundBallot.objects.exists()


def test_a_resident_of_elsewhere_is_refused_with_the_reason(darto, facilitator, moderator_of_tebet, areas):
    rules = vote_actions.RoundRules(
        title="Bukit Duri 2027", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=7)
    )
    elsewhere = vote_actions.open_round(actor=moderator_of_tebet, area=areas["bukit-duri"], rules=rules)
    with pytest.raises(PermissionDenied, match="Only residents of .*Bukit Duri"):
        spend(facilitator, darto, elsewhere, {})


@pytest.mark.parametrize(
    "points, message",
    [
        (lambda flood, lamp: {flood.pk: 5, lamp.pk: 7}, "At most 5 points on one issue"),
        (lambda flood, lamp: {flood.pk: -1}, "cannot be negative"),
    ],
)
def test_points_beyond_the_cap_are_refused(darto, facilitator, round_, flooded_street, lamp, points, message):
    with pytest.raises(ValidationError, match=message):
        spend(facilitator, darto, round_, points(flooded_street, lamp))
    assert not AssistedRecord.objects.exists() and totals(round_) == {}


def test_points_beyond_the_budget_are_refused(darto, facilitator, round_, flooded_street, lamp, issue_factory, areas):
    third = issue_factory(darto.user, area=areas["manggarai"], title="Bins overflow at the market")
    with pytest.raises(ValidationError, match="You gave 12 points but have 10"):
        spend(facilitator, darto, round_, {flooded_street.pk: 5, lamp.pk: 5, third.pk: 2})
    assert not AssistedRecord.objects.exists()


def test_a_closed_round_takes_no_more_points(darto, facilitator, round_, flooded_street, time_machine):
    time_machine.move_to(round_.closes_at + timedelta(minutes=1))
    with pytest.raises(PermissionDenied, match="closed"):
        spend(facilitator, darto, PriorityRound.objects.get(pk=round_.pk), {flooded_street.pk: 3})


def test_the_same_points_sent_by_the_voter_keep_the_facilitators_mark(darto, facilitator, round_, flooded_street):
    recorded = spend(facilitator, darto, round_, {flooded_street.pk: 3})
    same = vote_actions.allocate_points(actor=darto.user, round_=round_, points={flooded_street.pk: 3})
    assert same.assisted_id == recorded.assisted_id  # nothing changed: still the facilitator's entry


def test_an_online_change_clears_the_facilitators_mark(
    darto, darto_online, facilitator, moderator_of_tebet, round_, flooded_street, lamp
):
    spend(facilitator, darto, round_, {flooded_street.pk: 3})
    actions.confirm_claim(actor=moderator_of_tebet, claim=actions.claim_record(actor=darto_online, code=darto.code))
    ballot = vote_actions.allocate_points(actor=darto_online, round_=round_, points={lamp.pk: 2})
    assert ballot.assisted is None and ballot.user == darto_online


# --- Claims ------------------------------------------------------------------------------------


def claim(darto, darto_online, moderator_of_tebet) -> Claim:
    return actions.confirm_claim(
        actor=moderator_of_tebet, claim=actions.claim_record(actor=darto_online, code=darto.code)
    )


def test_a_ballot_only_the_offline_record_held_becomes_the_claimants(
    darto, darto_online, facilitator, moderator_of_tebet, round_, flooded_street
):
    recorded = spend(facilitator, darto, round_, {flooded_street.pk: 3})
    confirmed = claim(darto, darto_online, moderator_of_tebet)
    ballot = RoundBallot.objects.get(round=round_)
    assert ballot.user == darto_online and ballot.assisted_id == recorded.assisted_id
    assert (confirmed.merged["ballots_moved"], confirmed.merged["ballots_merged"]) == (1, [])
    assert totals(round_) == {flooded_street.pk: (3, 1)}
    assert "All tallies match" in verify_tallies()


def test_where_both_identities_voted_in_a_round_the_claimants_own_ballot_remains(
    darto,
    darto_online,
    facilitator,
    moderator_of_tebet,
    round_,
    flooded_street,
    lamp,
    live_events,
    django_capture_on_commit_callbacks,
):
    spend(facilitator, darto, round_, {flooded_street.pk: 5, lamp.pk: 1})
    vote_actions.allocate_points(actor=darto_online, round_=round_, points={flooded_street.pk: 2})
    assert totals(round_) == {flooded_street.pk: (7, 2), lamp.pk: (1, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = claim(darto, darto_online, moderator_of_tebet)
    assert confirmed.merged["ballots_merged"] == [round_.pk] and confirmed.merged["ballots_moved"] == 0
    assert totals(round_) == {flooded_street.pk: (2, 1)}
    assert dict(
        RoundBallot.objects.get(round=round_, user=darto_online).allocations.values_list("issue_id", "points")
    ) == {flooded_street.pk: 2}
    assert vote_actions.standing_group(round_.pk) in live_events.groups()  # open pages refresh
    assert "All tallies match" in verify_tallies()


def test_a_claimants_empty_ballot_gives_way_to_the_recorded_one(
    darto, darto_online, facilitator, moderator_of_tebet, round_, flooded_street
):
    spend(facilitator, darto, round_, {flooded_street.pk: 4})
    vote_actions.allocate_points(actor=darto_online, round_=round_, points={})
    confirmed = claim(darto, darto_online, moderator_of_tebet)
    assert confirmed.merged["ballots_moved"] == 1
    assert RoundBallot.objects.filter(round=round_, user=darto_online).count() == 1
    assert totals(round_) == {flooded_street.pk: (4, 1)} and tallies.differences() == []


def test_in_a_closed_round_the_merge_corrects_the_totals_and_the_turnout(
    darto, darto_online, facilitator, moderator_of_tebet, round_, flooded_street, lamp, time_machine
):
    spend(facilitator, darto, round_, {lamp.pk: 5})
    vote_actions.allocate_points(actor=darto_online, round_=round_, points={flooded_street.pk: 5})
    time_machine.move_to(round_.closes_at + timedelta(minutes=1))
    closed = vote_actions.close_round(round_=round_)
    assert closed.voters_count == 2
    confirmed = claim(darto, darto_online, moderator_of_tebet)
    closed.refresh_from_db()
    assert confirmed.merged["ballots_merged"] == [round_.pk]
    assert closed.voters_count == 1 and totals(round_) == {flooded_street.pk: (5, 1)}
    assert "All tallies match" in verify_tallies()


# --- Voiding -----------------------------------------------------------------------------------


def test_voiding_recorded_points_takes_them_out_of_the_round_on_the_public_log(
    darto, facilitator, moderator_of_tebet, round_, flooded_street, client
):
    ballot = spend(facilitator, darto, round_, {flooded_street.pk: 5})
    voided = actions.void_entry(actor=moderator_of_tebet, record=ballot.assisted, reason="Call-back: never asked")
    assert voided.data["removed"] is True and voided.data["round_closed"] is False
    assert totals(round_) == {} and "All tallies match" in verify_tallies()
    log = client.get("/facilitation/log/").content.decode()
    assert "Call-back: never asked" in log and "taken out of the totals" in log
    assert "Manggarai priorities 2027" in log


def test_voiding_in_a_closed_round_corrects_its_totals_and_turnout_and_says_so(
    darto, facilitator, moderator_of_tebet, round_, flooded_street, client, time_machine
):
    ballot = spend(facilitator, darto, round_, {flooded_street.pk: 5})
    time_machine.move_to(round_.closes_at + timedelta(minutes=1))
    vote_actions.close_round(round_=round_)
    voided = actions.void_entry(actor=moderator_of_tebet, record=ballot.assisted, reason="Forged")
    assert voided.data["removed"] is True and voided.data["round_closed"] is True
    assert PriorityRound.objects.get(pk=round_.pk).voters_count == 0
    assert totals(round_) == {} and tallies.differences() == []
    assert "published ranking stays" in client.get("/facilitation/log/").content.decode()


def test_voiding_points_the_ballot_no_longer_carries_removes_nothing(
    darto, facilitator, moderator_of_tebet, round_, flooded_street, lamp
):
    first = spend(facilitator, darto, round_, {flooded_street.pk: 5})
    spend(facilitator, darto, round_, {lamp.pk: 4})  # a later paper replaced it
    voided = actions.void_entry(actor=moderator_of_tebet, record=first.assisted, reason="Wrong sheet")
    assert voided.data["removed"] is False
    assert totals(round_) == {lamp.pk: (4, 1)} and tallies.differences() == []
