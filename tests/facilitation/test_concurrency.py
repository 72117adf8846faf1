"""Claims and assisted supports at the same instant, on PostgreSQL: one person is counted once.

Each thread has its own connection; a barrier releases them together (tests.votes.test_concurrency).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from facilitation import actions
from facilitation.models import Claim, OfflineResident
from issues.models import Issue
from residency import actions as residency_actions
from tests.conftest import make_user
from tests.votes.test_concurrency import at_once, fresh
from votes import actions as vote_actions
from votes import tallies
from votes.models import Vote

from .conftest import PAPER

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes every writer and ignores row locks, so it cannot show a race; "
        "these run in CI's PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


@pytest.fixture
def darto_online(areas):
    user = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    residency_actions.verify_resident(user=user, area=areas["manggarai-rw-04"], by="RW 04 meeting")
    return user


def test_two_verifiers_confirming_one_claim_at_once_merge_it_once(
    darto, darto_online, facilitator, flooded_street, moderator_of_tebet, official_of_water_agency
):
    actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    vote_actions.cast_vote(actor=darto_online, issue=flooded_street)
    claim = actions.claim_record(actor=darto_online, code=darto.code)

    def confirm(verifier):
        return lambda: actions.confirm_claim(actor=fresh(verifier), claim=Claim.objects.get(pk=claim.pk))

    results, errors = at_once([confirm(moderator_of_tebet), confirm(official_of_water_agency)])
    assert len(errors) == 1 and isinstance(errors[0], PermissionDenied)
    assert Claim.objects.filter(state=Claim.State.CONFIRMED).count() == 1
    assert Issue.objects.get(pk=flooded_street.pk).support_count == 1
    assert tallies.differences() == []


def test_two_claims_of_one_record_confirmed_at_once_give_it_to_one_person(
    darto, darto_online, moderator_of_tebet, official_of_water_agency, areas
):
    other = make_user(name="Someone Else", home=areas["manggarai-rw-04"])
    first = actions.claim_record(actor=darto_online, code=darto.code)
    second = actions.claim_record(actor=other, code=darto.code)
    results, errors = at_once(
        [
            lambda: actions.confirm_claim(actor=fresh(moderator_of_tebet), claim=Claim.objects.get(pk=first.pk)),
            lambda: actions.confirm_claim(actor=fresh(official_of_water_agency), claim=Claim.objects.get(pk=second.pk)),
        ]
    )
    assert len(errors) == 1 and isinstance(errors[0], PermissionDenied)
    assert OfflineResident.objects.get(pk=darto.pk).claimed_by_id in {darto_online.pk, other.pk}
    assert Claim.objects.filter(state=Claim.State.CONFIRMED).count() == 1


def test_supports_given_while_the_claim_is_confirmed_count_each_person_once(
    darto, darto_online, facilitator, moderator_of_tebet, issue_factory, resident_of_manggarai
):
    issues = [issue_factory(resident_of_manggarai, title=f"Selokan {n}") for n in range(4)]
    for issue in issues[:2]:  # recorded on paper before the claim
        actions.record_support(actor=facilitator, resident=darto, issue=issue, how=PAPER)
    claim = actions.claim_record(actor=darto_online, code=darto.code)

    def online(issue):
        return lambda: vote_actions.cast_vote(actor=fresh(darto_online), issue=Issue.objects.get(pk=issue.pk))

    def on_paper(issue):
        return lambda: actions.record_support(
            actor=fresh(facilitator),
            resident=OfflineResident.objects.get(pk=darto.pk),
            issue=Issue.objects.get(pk=issue.pk),
            how=PAPER,
        )

    calls = [
        lambda: actions.confirm_claim(actor=fresh(moderator_of_tebet), claim=Claim.objects.get(pk=claim.pk)),
        online(issues[0]),  # both identities on the same issue, at the moment of the merge
        online(issues[1]),
        on_paper(issues[2]),  # the facilitator still transcribing as the claim lands
        online(issues[2]),
        on_paper(issues[3]),
    ]
    results, errors = at_once(calls)
    # A paper support after the claim is refused (the record is theirs now): nothing else fails.
    assert all(isinstance(e, (PermissionDenied, ValidationError)) for e in errors), errors
    assert Claim.objects.get(pk=claim.pk).state == Claim.State.CONFIRMED
    for issue in issues[:3]:
        assert Issue.objects.get(pk=issue.pk).support_count == 1, issue
    assert Issue.objects.get(pk=issues[3].pk).support_count in (0, 1)
    # The one person holds at most one standing vote per issue, across both identities.
    standing = Vote.objects.filter(withdrawn_at__isnull=True, user__in=[darto.user, darto_online])
    assert sorted(standing.values_list("issue_id", flat=True)) == sorted(
        set(standing.values_list("issue_id", flat=True))
    )
    assert not standing.filter(user=darto.user).exists()
    assert tallies.differences() == []


def test_round_points_given_while_the_claim_is_confirmed_count_each_person_once(
    darto, darto_online, facilitator, moderator_of_tebet, round_, flooded_street, lamp, areas
):
    from votes.models import PriorityRound, RoundBallot, RoundTotal

    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 5}, how=PAPER
    )
    claim = actions.claim_record(actor=darto_online, code=darto.code)
    neighbour = make_user(name="Wati", home=areas["manggarai-rw-04"])
    residency_actions.verify_resident(user=neighbour, area=areas["manggarai-rw-04"], by="RW 04 meeting")

    def the_round():
        return PriorityRound.objects.get(pk=round_.pk)

    calls = [
        lambda: actions.confirm_claim(actor=fresh(moderator_of_tebet), claim=Claim.objects.get(pk=claim.pk)),
        # The facilitator transcribes a second paper of his as the claim lands…
        lambda: actions.record_allocation(
            actor=fresh(facilitator),
            resident=OfflineResident.objects.get(pk=darto.pk),
            round_=the_round(),
            points={lamp.pk: 4},
            how=PAPER,
        ),
        # …while he gives his points online too, and a neighbour votes.
        lambda: vote_actions.allocate_points(actor=fresh(darto_online), round_=the_round(), points={lamp.pk: 2}),
        lambda: vote_actions.allocate_points(actor=fresh(neighbour), round_=the_round(), points={flooded_street.pk: 1}),
    ]
    results, errors = at_once(calls)
    # A paper ballot after the claim is refused (the record is theirs now): nothing else fails.
    assert all(isinstance(e, (PermissionDenied, ValidationError)) for e in errors), errors
    assert Claim.objects.get(pk=claim.pk).state == Claim.State.CONFIRMED
    # The one person holds one ballot with points in the round, across both identities: his own.
    counted = RoundBallot.objects.filter(round=round_, allocations__isnull=False).distinct()
    assert not counted.filter(user=darto.user).exists()
    assert list(counted.filter(user=darto_online).values_list("allocations__issue_id", "allocations__points")) == [
        (lamp.pk, 2)
    ]
    voters = sum(RoundTotal.objects.filter(round=round_).values_list("voters", flat=True))
    assert voters == 2  # Darto's 2 points on the lamp, the neighbour's 1 on the street
    assert tallies.differences() == []
