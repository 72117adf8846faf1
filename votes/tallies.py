"""Re-derive every stored count from the vote rows, report differences and mend them.

The stored counts (``Issue.support_count``, ``RoundTotal.points``/``voters``, a closed
round's ``voters_count``) exist so pages read one number instead of counting rows;
they must always equal what the rows say. ``manage.py verify_tallies`` runs this; each repair
leaves a ``TallyRepair`` row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from issues.models import Issue
from votes.models import Allocation, PriorityRound, RoundBallot, RoundTotal, TallyRepair, Vote
from votes.queries import ballot_count


@dataclass(frozen=True)
class Difference:
    what: str  # "support", "round_total", "round_voters"
    key: tuple
    stored: object
    counted: object

    def __str__(self) -> str:
        if self.what == "support":
            return f"issue #{self.key[0]} support_count: stored {self.stored}, counted {self.counted}"
        if self.what == "round_total":
            return f"round #{self.key[0]} issue #{self.key[1]} (points, voters): stored {self.stored}, counted {self.counted}"
        return f"round #{self.key[0]} voters_count: stored {self.stored}, counted {self.counted}"


def support_differences() -> list[Difference]:
    rows = (
        Issue.objects.annotate(counted=Count("votes", filter=Q(votes__withdrawn_at__isnull=True)))
        .exclude(support_count=F("counted"))
        .values_list("pk", "support_count", "counted")
        .order_by("pk")
    )
    return [Difference("support", (pk,), stored, counted) for pk, stored, counted in rows]


def _counted_round_totals(round_ids=None) -> dict[tuple[int, int], tuple[int, int]]:
    allocations = Allocation.objects.all()
    if round_ids is not None:
        allocations = allocations.filter(ballot__round_id__in=round_ids)
    rows = (
        allocations.values("ballot__round_id", "issue_id").annotate(points=Sum("points"), voters=Count("pk")).order_by()
    )
    return {(r["ballot__round_id"], r["issue_id"]): (r["points"], r["voters"]) for r in rows}


def round_differences() -> list[Difference]:
    counted = _counted_round_totals()
    stored = {
        (r, i): (p, v) for r, i, p, v in RoundTotal.objects.values_list("round_id", "issue_id", "points", "voters")
    }
    found = []
    for key in sorted(set(counted) | set(stored)):
        have, want = stored.get(key, (0, 0)), counted.get(key, (0, 0))
        if have != want:
            found.append(Difference("round_total", key, have, want))
    voters = dict(
        RoundBallot.objects.filter(allocations__isnull=False, round__closed_at__isnull=False)
        .values("round_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("round_id", "n")
        .order_by()
    )
    for pk, stored_voters in PriorityRound.objects.filter(closed_at__isnull=False).values_list("pk", "voters_count"):
        if stored_voters != voters.get(pk, 0):
            found.append(Difference("round_voters", (pk,), stored_voters, voters.get(pk, 0)))
    return found


def differences() -> list[Difference]:
    return support_differences() + round_differences()


def mend(found: list[Difference]) -> list[TallyRepair]:
    """Set each differing count to what its rows say, recounting under the row's lock, and keep a
    ``TallyRepair`` row (before, after, when) for each count changed, in the same transaction."""
    repairs = []
    for diff in found:
        with transaction.atomic():
            repair = _mend_one(diff)
            if repair is not None:
                repair.save()
                repairs.append(repair)
    return repairs


def _mend_one(diff: Difference) -> TallyRepair | None:
    """Mend one count (the caller holds the transaction); None if it was right by now."""
    What = TallyRepair.What
    if diff.what == "support":
        stored = (
            Issue.objects.select_for_update().filter(pk=diff.key[0]).values_list("support_count", flat=True).first()
        )
        counted = Vote.objects.filter(issue_id=diff.key[0], withdrawn_at__isnull=True).count()
        if stored is None or stored == counted:
            return None
        Issue.objects.filter(pk=diff.key[0]).update(support_count=counted)
        return TallyRepair(what=What.SUPPORT, issue_id=diff.key[0], stored=stored, counted=counted)
    stored_voters = (
        PriorityRound.objects.select_for_update().filter(pk=diff.key[0]).values_list("voters_count", flat=True).first()
    )  # ballots wait
    if diff.what == "round_voters":
        counted = ballot_count(diff.key[0])
        if stored_voters is None or stored_voters == counted:
            return None
        PriorityRound.objects.filter(pk=diff.key[0]).update(voters_count=counted)
        return TallyRepair(what=What.ROUND_VOTERS, round_id=diff.key[0], stored=stored_voters, counted=counted)
    points, voters = _counted_round_totals([diff.key[0]]).get(diff.key, (0, 0))
    row = RoundTotal.objects.filter(round_id=diff.key[0], issue_id=diff.key[1]).values_list("points", "voters").first()
    stored = list(row) if row else [0, 0]
    if stored == [points, voters]:
        return None
    RoundTotal.objects.update_or_create(
        round_id=diff.key[0], issue_id=diff.key[1], defaults={"points": points, "voters": voters}
    )
    return TallyRepair(
        what=What.ROUND_TOTAL, round_id=diff.key[0], issue_id=diff.key[1], stored=stored, counted=[points, voters]
    )
