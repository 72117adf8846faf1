"""Uniqueness under concurrency, on PostgreSQL: many requests at the same instant still count exactly.

Each thread has its own database connection; a barrier releases them together.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone

from issues.models import Issue
from votes import actions, tallies
from votes.models import PriorityRound, RoundBallot, RoundTotal, Vote

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes every writer and ignores row locks, so it cannot show a race; "
        "these run in CI's PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


def at_once(calls):
    """Run each call in its own thread (and connection), released together; return results and errors."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def fresh(user):
    """Each thread acts through its own user object, as separate requests would."""
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


def support(user, issue):
    return lambda: actions.cast_vote(actor=user, issue=Issue.objects.get(pk=issue.pk))


def test_fifty_residents_supporting_at_once_make_exactly_fifty(neighbours, flooded_street):
    people = [fresh(p) for p in neighbours(50)]
    _results, errors = at_once([support(p, flooded_street) for p in people])
    assert errors == []
    assert Vote.objects.filter(issue=flooded_street).count() == 50
    assert Issue.objects.get(pk=flooded_street.pk).support_count == 50
    assert tallies.differences() == []


def test_ten_supports_from_one_resident_at_once_make_exactly_one(verified_siti, flooded_street):
    results, errors = at_once([support(fresh(verified_siti), flooded_street) for _ in range(10)])
    assert errors == []
    assert len({vote.pk for vote in results}) == 1
    assert Vote.objects.filter(issue=flooded_street).count() == 1
    assert Issue.objects.get(pk=flooded_street.pk).support_count == 1


def test_supports_and_withdrawals_racing_keep_the_count_equal_to_the_rows(verified_siti, flooded_street):
    def withdraw(user):
        return lambda: actions.withdraw_support(actor=user, issue=Issue.objects.get(pk=flooded_street.pk))

    calls = [
        support(fresh(verified_siti), flooded_street) if i % 2 else withdraw(fresh(verified_siti)) for i in range(12)
    ]
    _results, errors = at_once(calls)
    assert errors == []
    active = Vote.objects.filter(issue=flooded_street, withdrawn_at__isnull=True).count()
    assert Issue.objects.get(pk=flooded_street.pk).support_count == active
    assert Vote.objects.filter(issue=flooded_street).count() == 1


@pytest.fixture
def open_round(moderator_of_tebet, areas):
    return actions.open_round(
        actor=moderator_of_tebet,
        area=areas["manggarai"],
        rules=actions.RoundRules(
            title="Prioritas", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=3)
        ),
    )


def ballot(user, round_, points):
    return lambda: actions.allocate_points(actor=user, round_=PriorityRound.objects.get(pk=round_.pk), points=points)


def test_fifty_ballots_at_once_are_all_counted(
    neighbours, open_round, flooded_street, issue_factory, verified_siti, areas
):
    lamp = issue_factory(verified_siti, area=areas["manggarai"], title="Street lamp out")
    people = [fresh(p) for p in neighbours(50)]
    _results, errors = at_once([ballot(p, open_round, {flooded_street.pk: 5, lamp.pk: 3}) for p in people])
    assert errors == []
    assert RoundBallot.objects.filter(round=open_round).count() == 50
    got = dict(RoundTotal.objects.filter(round=open_round).values_list("issue_id", "points"))
    assert got == {flooded_street.pk: 250, lamp.pk: 150}
    assert tallies.differences() == []


def test_ten_ballots_from_one_resident_at_once_make_one_ballot(
    verified_siti, open_round, flooded_street, issue_factory, areas
):
    lamp = issue_factory(verified_siti, area=areas["manggarai"], title="Street lamp out")
    variants = [
        {flooded_street.pk: 5, lamp.pk: 5},
        {flooded_street.pk: 1},
        {lamp.pk: 4},
        {flooded_street.pk: 2, lamp.pk: 2},
    ]
    _results, errors = at_once([ballot(fresh(verified_siti), open_round, variants[i % 4]) for i in range(10)])
    assert errors == []
    assert RoundBallot.objects.filter(round=open_round).count() == 1
    kept = dict(RoundBallot.objects.get(round=open_round).allocations.values_list("issue_id", "points"))
    assert kept in variants  # whichever came last, whole
    totals = {i: p for i, p in RoundTotal.objects.filter(round=open_round).values_list("issue_id", "points") if p}
    assert totals == kept
    assert tallies.differences() == []
