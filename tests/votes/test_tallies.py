"""verify_tallies re-derives every stored count from the vote rows, reports differences, and mends them."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from issues.models import Issue
from votes import actions
from votes.models import PriorityRound, RoundTotal


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_tallies", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def some_votes(verified_siti, neighbours, flooded_street, moderator_of_tebet, areas):
    others = neighbours(2)
    for person in (verified_siti, *others):
        actions.cast_vote(actor=person, issue=flooded_street)
    actions.withdraw_support(actor=others[1], issue=flooded_street)
    round_ = actions.open_round(
        actor=moderator_of_tebet,
        area=areas["manggarai"],
        rules=actions.RoundRules(title="R", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=1)),
    )
    actions.allocate_points(actor=verified_siti, round_=round_, points={flooded_street.pk: 5})
    actions.allocate_points(actor=others[0], round_=round_, points={flooded_street.pk: 3})
    return round_


def test_exact_tallies_pass(some_votes):
    assert "All tallies match the vote rows." in run()


def test_a_corrupted_support_count_is_caught_and_mended(some_votes, flooded_street):
    Issue.objects.filter(pk=flooded_street.pk).update(support_count=7)
    with pytest.raises(CommandError, match="1 stored count"):
        run()
    out = run("--fix")
    assert f"issue #{flooded_street.pk} support_count: stored 7, counted 2" in out and "Mended 1" in out
    assert Issue.objects.get(pk=flooded_street.pk).support_count == 2
    assert "All tallies match" in run()


def test_a_corrupted_round_total_is_caught_and_mended(some_votes, flooded_street):
    RoundTotal.objects.filter(round=some_votes).update(points=100, voters=9)
    with pytest.raises(CommandError):
        run()
    out = run("--fix")
    assert f"round #{some_votes.pk} issue #{flooded_street.pk} (points, voters): stored (100, 9), counted (8, 2)" in out
    assert RoundTotal.objects.values_list("points", "voters").get(round=some_votes) == (8, 2)


def test_a_missing_round_total_is_caught_and_recreated(some_votes, flooded_street):
    RoundTotal.objects.filter(round=some_votes).delete()
    out = run("--fix")
    assert "stored (0, 0), counted (8, 2)" in out
    assert RoundTotal.objects.values_list("points", "voters").get(round=some_votes) == (8, 2)


def test_a_corrupted_turnout_of_a_closed_round_is_caught(some_votes, time_machine):
    time_machine.move_to(some_votes.closes_at + timedelta(minutes=1))
    actions.close_round(round_=some_votes)
    PriorityRound.objects.filter(pk=some_votes.pk).update(voters_count=40)
    out = run("--fix")
    assert f"round #{some_votes.pk} voters_count: stored 40, counted 2" in out
    assert PriorityRound.objects.get(pk=some_votes.pk).voters_count == 2


def test_each_repair_stays_on_the_record_with_the_count_before_and_after(some_votes, flooded_street):
    from votes.models import TallyRepair

    Issue.objects.filter(pk=flooded_street.pk).update(support_count=7)
    RoundTotal.objects.filter(round=some_votes).update(points=100, voters=9)
    run("--fix")
    repairs = {r.what: r for r in TallyRepair.objects.all()}
    assert set(repairs) == {"support", "round_total"}
    assert (repairs["support"].issue_id, repairs["support"].stored, repairs["support"].counted) == (
        flooded_street.pk,
        7,
        2,
    )
    total = repairs["round_total"]
    assert (total.round_id, total.issue_id, total.stored, total.counted) == (
        some_votes.pk,
        flooded_street.pk,
        [100, 9],
        [8, 2],
    )
    assert total.repaired_at is not None and total.by == "verify_tallies --fix"
    run("--fix")  # nothing differs any more: nothing more is recorded
    assert TallyRepair.objects.count() == 2


def test_checking_without_fix_records_nothing(some_votes, flooded_street):
    from votes.models import TallyRepair

    Issue.objects.filter(pk=flooded_street.pk).update(support_count=7)
    with pytest.raises(CommandError):
        run()
    assert not TallyRepair.objects.exists()


def test_an_administrator_reads_the_repairs_and_can_change_none(some_votes, flooded_street, admin_user_, client):
    from votes.models import TallyRepair

    Issue.objects.filter(pk=flooded_street.pk).update(support_count=7)
    run("--fix")
    repair = TallyRepair.objects.get(what="support")
    client.force_login(admin_user_)
    listing = client.get("/admin/votes/tallyrepair/")
    assert listing.status_code == 200 and "verify_tallies --fix" in listing.content.decode()
    assert client.get(f"/admin/votes/tallyrepair/{repair.pk}/change/").status_code == 200  # read-only view
    client.post(f"/admin/votes/tallyrepair/{repair.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/votes/tallyrepair/{repair.pk}/change/", {"what": "round_total", "stored": "0", "counted": "0"})
    repair.refresh_from_db()
    assert (repair.what, repair.stored) == ("support", 7)
    assert client.get("/admin/votes/tallyrepair/add/").status_code == 403
