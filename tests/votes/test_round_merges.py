"""Two identities of one person merged into one ballot per round (votes' side of facilitation's
claims): the stored totals and a closed round's turnout stay the rows' sums."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.conftest import make_user
from tests.votes.conftest import verify
from votes import actions
from votes.models import RoundBallot, RoundTotal


@pytest.fixture
def round_(moderator_of_tebet, areas):
    rules = actions.RoundRules(
        title="Prioritas", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=5)
    )
    return actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules)


@pytest.fixture
def twin(areas):
    """A second identity of the same person (as an offline record is, until it is claimed)."""
    return verify(make_user(name="Siti (paper)", home=areas["manggarai-rw-04"]))


def totals(round_):
    return {t.issue_id: (t.points, t.voters) for t in RoundTotal.objects.filter(round=round_) if t.points}


def merge(twin, into):
    with transaction.atomic():
        return actions.merge_ballots(from_user=twin, into_user=into)


def agree() -> bool:
    out = StringIO()
    call_command("verify_tallies", stdout=out)
    return "All tallies match" in out.getvalue()


def test_a_ballot_only_the_other_identity_held_moves_with_its_points(verified_siti, twin, round_, flooded_street):
    actions.allocate_points(actor=twin, round_=round_, points={flooded_street.pk: 4})
    assert merge(twin, verified_siti) == {"ballots_moved": 1, "ballots_merged": []}
    assert RoundBallot.objects.get(round=round_).user == verified_siti
    assert totals(round_) == {flooded_street.pk: (4, 1)} and agree()


def test_where_both_voted_one_ballot_remains_the_persons_own(verified_siti, twin, round_, flooded_street):
    actions.allocate_points(actor=twin, round_=round_, points={flooded_street.pk: 5})
    actions.allocate_points(actor=verified_siti, round_=round_, points={flooded_street.pk: 1})
    assert totals(round_) == {flooded_street.pk: (6, 2)}
    assert merge(twin, verified_siti) == {"ballots_moved": 0, "ballots_merged": [round_.pk]}
    assert totals(round_) == {flooded_street.pk: (1, 1)} and agree()
    assert not RoundBallot.objects.get(round=round_, user=twin).allocations.exists()  # kept, empty


def test_a_merge_after_the_close_corrects_the_turnout(verified_siti, twin, round_, flooded_street, time_machine):
    actions.allocate_points(actor=twin, round_=round_, points={flooded_street.pk: 5})
    actions.allocate_points(actor=verified_siti, round_=round_, points={flooded_street.pk: 1})
    time_machine.move_to(round_.closes_at + timedelta(minutes=1))
    closed = actions.close_round(round_=round_)
    assert closed.voters_count == 2
    merge(twin, verified_siti)
    closed.refresh_from_db()
    assert closed.voters_count == 1 and agree()
