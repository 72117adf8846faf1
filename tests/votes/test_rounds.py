"""Priority rounds: equal budgets, a cap per issue, rules frozen by the first ballot, a frozen result."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from issues.models import Issue, TimelineEntry
from tests.votes.conftest import verify
from votes import actions, queries
from votes.models import Allocation, PriorityRound, RoundBallot, RoundTotal


def rules(**overrides):
    values = {
        "title": "Manggarai priorities 2027",
        "budget": 10,
        "standing": "live",
        "closes_at": timezone.now() + timedelta(days=7),
    }
    return actions.RoundRules(**{**values, **overrides})


@pytest.fixture
def round_(moderator_of_tebet, areas):
    return actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules())


@pytest.fixture
def three_issues(flooded_street, issue_factory, resident_of_manggarai, areas):
    lamp = issue_factory(resident_of_manggarai, area=areas["manggarai-rw-04"], title="Street lamp out on Gang 5")
    bins = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Bins overflow at the market")
    return flooded_street, lamp, bins


def totals(round_):
    return {t.issue_id: (t.points, t.voters) for t in RoundTotal.objects.filter(round=round_) if t.points}


# --- Opening and rules ---------------------------------------------------------------


def test_moderators_and_officials_of_the_area_open_rounds(moderator_of_tebet, official_of_water_agency, areas):
    made = actions.open_round(actor=official_of_water_agency, area=areas["bukit-duri"], rules=rules(title="Bukit Duri"))
    assert made.area == areas["bukit-duri"] and made.per_issue_cap == 5
    assert actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules()).pk


def test_residents_and_outsiders_do_not_open_rounds(verified_siti, moderator_of_menteng, areas):
    for person in (verified_siti, moderator_of_menteng):
        with pytest.raises(PermissionDenied, match="Only moderators and officials of this area"):
            actions.open_round(actor=person, area=areas["manggarai"], rules=rules())


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"budget": 1}, "budget"),
        ({"budget": 101}, "budget"),
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "closes_at"),
        ({"title": " "}, "title"),
    ],
)
def test_rules_that_make_no_sense_are_refused(moderator_of_tebet, areas, bad, field):
    with pytest.raises(ValidationError) as refused:
        actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(**bad))
    assert field in refused.value.error_dict


def test_one_round_at_a_time_per_area(round_, moderator_of_tebet, areas):
    with pytest.raises(ValidationError, match="already open in Kelurahan Manggarai"):
        actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(title="Another"))


def test_a_double_submitted_form_opens_one_round(moderator_of_tebet, areas):
    import uuid

    token = uuid.uuid4()
    first = actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(), submission_token=token)
    again = actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(), submission_token=token)
    assert first.pk == again.pk and PriorityRound.objects.count() == 1


def test_rules_change_until_the_first_ballot_then_freeze(round_, moderator_of_tebet, verified_siti, three_issues):
    actions.change_round(actor=moderator_of_tebet, round_=round_, rules=rules(budget=6))
    round_.refresh_from_db()
    assert round_.budget == 6 and round_.per_issue_cap == 3
    actions.allocate_points(actor=verified_siti, round_=round_, points={three_issues[0].pk: 3})
    with pytest.raises(PermissionDenied, match="cannot change once the first ballot is cast"):
        actions.change_round(actor=moderator_of_tebet, round_=round_, rules=rules(budget=20))
    round_.refresh_from_db()
    assert round_.budget == 6 and round_.rules_frozen_at is not None


# --- Ballots ---------------------------------------------------------------------------


def test_a_resident_spreads_points_and_the_totals_follow(round_, verified_siti, three_issues):
    flood, lamp, bins = three_issues
    actions.allocate_points(actor=verified_siti, round_=round_, points={flood.pk: 5, lamp.pk: 3, bins.pk: 2})
    assert totals(round_) == {flood.pk: (5, 1), lamp.pk: (3, 1), bins.pk: (2, 1)}


def test_a_resident_changes_points_until_the_close(round_, verified_siti, neighbours, three_issues):
    flood, lamp, bins = three_issues
    (other,) = neighbours(1)
    actions.allocate_points(actor=other, round_=round_, points={flood.pk: 4})
    actions.allocate_points(actor=verified_siti, round_=round_, points={flood.pk: 5, lamp.pk: 5})
    actions.allocate_points(actor=verified_siti, round_=round_, points={lamp.pk: 2, bins.pk: 5})
    assert totals(round_) == {flood.pk: (4, 1), lamp.pk: (2, 1), bins.pk: (5, 1)}
    assert RoundBallot.objects.filter(round=round_).count() == 2
    assert dict(Allocation.objects.filter(ballot__user=verified_siti).values_list("issue_id", "points")) == {
        lamp.pk: 2,
        bins.pk: 5,
    }


def test_sending_the_same_ballot_twice_changes_nothing(round_, verified_siti, three_issues):
    ballot = {three_issues[0].pk: 5, three_issues[1].pk: 5}
    actions.allocate_points(actor=verified_siti, round_=round_, points=ballot)
    actions.allocate_points(actor=verified_siti, round_=round_, points=ballot)
    assert totals(round_) == {three_issues[0].pk: (5, 1), three_issues[1].pk: (5, 1)}


def test_no_one_spends_more_than_the_budget(round_, verified_siti, three_issues):
    flood, lamp, bins = three_issues
    with pytest.raises(ValidationError, match="You gave 11 points but have 10."):
        actions.allocate_points(actor=verified_siti, round_=round_, points={flood.pk: 5, lamp.pk: 5, bins.pk: 1})
    assert totals(round_) == {} and not RoundBallot.objects.exists()


def test_no_single_issue_takes_more_than_half_the_budget(round_, verified_siti, three_issues):
    with pytest.raises(ValidationError, match="At most 5 points on one issue"):
        actions.allocate_points(actor=verified_siti, round_=round_, points={three_issues[0].pk: 6})
    with pytest.raises(ValidationError, match="cannot be negative"):
        actions.allocate_points(
            actor=verified_siti, round_=round_, points={three_issues[0].pk: -1, three_issues[1].pk: 5}
        )
    assert totals(round_) == {}


def test_points_go_only_to_open_issues_of_the_area(
    round_, verified_siti, issue_factory, verified_budi, areas, flooded_street
):
    elsewhere = issue_factory(verified_budi, area=areas["bukit-duri"], title="Riverbank erosion")
    with pytest.raises(ValidationError, match="only go to the open issues of Kelurahan Manggarai"):
        actions.allocate_points(actor=verified_siti, round_=round_, points={elsewhere.pk: 2})
    Issue.objects.filter(pk=flooded_street.pk).update(status="resolved")
    with pytest.raises(ValidationError):
        actions.allocate_points(actor=verified_siti, round_=round_, points={flooded_street.pk: 2})


def test_only_verified_residents_of_the_area_take_part(
    round_, verified_budi, resident_of_manggarai, official_of_water_agency, three_issues
):
    for person in (verified_budi, resident_of_manggarai, official_of_water_agency):
        with pytest.raises(PermissionDenied):
            actions.allocate_points(actor=person, round_=round_, points={three_issues[0].pk: 1})


def test_a_moderator_who_opened_the_round_votes_as_a_resident_like_everyone(round_, moderator_of_tebet, three_issues):
    verify(moderator_of_tebet)  # Agus lives in RW 04 Manggarai
    actions.allocate_points(actor=moderator_of_tebet, round_=round_, points={three_issues[0].pk: 5})
    assert totals(round_) == {three_issues[0].pk: (5, 1)}


# --- Closing ---------------------------------------------------------------------------


@pytest.fixture
def voted_round(round_, verified_siti, neighbours, three_issues):
    """Three voters of four eligible residents (Siti, two neighbours and one who abstains)."""
    flood, lamp, bins = three_issues
    a, b, _abstains = neighbours(3)
    actions.allocate_points(actor=verified_siti, round_=round_, points={flood.pk: 5, lamp.pk: 5})
    actions.allocate_points(actor=a, round_=round_, points={flood.pk: 5, bins.pk: 5})
    actions.allocate_points(actor=b, round_=round_, points={bins.pk: 5, lamp.pk: 1})
    return round_


def test_a_round_does_not_close_before_its_date(voted_round):
    with pytest.raises(PermissionDenied, match="closes on its closing date"):
        actions.close_round(round_=voted_round)


def test_closing_freezes_the_ranking_and_publishes_the_turnout(voted_round, three_issues, time_machine):
    flood, lamp, bins = three_issues
    time_machine.move_to(voted_round.closes_at + timedelta(minutes=1))
    actions.close_round(round_=voted_round)
    voted_round.refresh_from_db()
    # flood and bins tie on 10 points from two voters each: the older issue first.
    assert [(t.issue_id, t.rank, t.points) for t in queries.round_standing(voted_round)] == [
        (flood.pk, 1, 10),
        (bins.pk, 2, 10),
        (lamp.pk, 3, 6),
    ]
    assert (voted_round.voters_count, voted_round.eligible_count) == (3, 4)
    assert voted_round.participation_rate == 0.75
    assert TimelineEntry.objects.get(issue=bins, kind="round").data["rank"] == 2


def test_after_the_close_no_ballot_changes_and_closing_again_changes_nothing(
    voted_round, verified_siti, three_issues, time_machine
):
    time_machine.move_to(voted_round.closes_at + timedelta(minutes=1))
    with pytest.raises(PermissionDenied, match="closed"):
        actions.allocate_points(actor=verified_siti, round_=voted_round, points={three_issues[2].pk: 5})
    first = actions.close_round(round_=voted_round)
    again = actions.close_round(round_=voted_round)
    assert first.closed_at == again.closed_at
    assert TimelineEntry.objects.filter(kind="round").count() == 3


def test_the_closed_round_is_the_areas_official_priority_list(voted_round, three_issues, areas, time_machine):
    assert queries.official_priority_list(areas["manggarai"]) is None
    time_machine.move_to(voted_round.closes_at + timedelta(minutes=1))
    call_command("close_due_rounds")
    official = queries.official_priority_list(areas["manggarai"])
    assert official.round == voted_round
    assert [t.issue.title for t in official.entries] == [
        i.title for i in (three_issues[0], three_issues[2], three_issues[1])
    ]
    assert queries.official_priority_list(areas["tebet"]) is None  # each area has its own


def test_a_due_round_shows_as_closing_and_looking_at_it_writes_nothing(voted_round, client, time_machine):
    time_machine.move_to(voted_round.closes_at + timedelta(minutes=1))
    html = client.get(voted_round.get_absolute_url()).content.decode()
    assert "Closing: the final ranking and the turnout are being counted." in html
    assert "Standing at the close (final ranking pending)" in html and "10 points" in html
    assert "Voting has ended: points can no longer be changed." in html
    voted_round.refresh_from_db()
    assert voted_round.closed_at is None and not TimelineEntry.objects.filter(kind="round").exists()
    # The closer is close_due_rounds; after it the same page shows the final result.
    call_command("close_due_rounds")
    html = client.get(voted_round.get_absolute_url()).content.decode()
    assert "Final ranking" in html and "3 voters of 4 verified residents" in html and "participation 75%" in html


def test_a_new_round_can_open_once_the_last_one_is_due(voted_round, moderator_of_tebet, areas, time_machine):
    time_machine.move_to(voted_round.closes_at + timedelta(minutes=1))
    fresh = actions.open_round(
        actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(closes_at=timezone.now() + timedelta(days=3))
    )
    voted_round.refresh_from_db()
    assert voted_round.closed_at is not None and fresh.is_open


# --- The round page ----------------------------------------------------------------------


def test_the_standing_shows_while_open_when_the_rules_say_so(voted_round, client):
    html = client.get(voted_round.get_absolute_url()).content.decode()
    assert (
        "Standing" in html
        and "10 points" in html
        and f'data-fragment-socket="/ws/rounds/{voted_round.pk}/"' in html
        and "every 15s" not in html
    )  # pushed, not polled


def test_a_hidden_standing_shows_only_after_the_close(
    moderator_of_tebet, verified_siti, areas, three_issues, client, time_machine
):
    secret = actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules(standing="after_close"))
    actions.allocate_points(actor=verified_siti, round_=secret, points={three_issues[0].pk: 5})
    html = client.get(secret.get_absolute_url()).content.decode()
    assert "1 ballot cast so far. The standing is shown when the round closes." in html and "5 points" not in html
    assert client.get(f"/rounds/{secret.pk}/standing/", HTTP_HX_REQUEST="true").content.decode().count("5 points") == 0
    time_machine.move_to(secret.closes_at + timedelta(minutes=1))
    assert "5 points" in client.get(secret.get_absolute_url()).content.decode()


def test_the_ballot_form_saves_points_and_keeps_them_on_error(round_, verified_siti, three_issues, client_of):
    flood, lamp, bins = three_issues
    client = client_of(verified_siti)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert f'name="points-{flood.pk}"' in page and 'max="5"' in page
    response = client.post(
        f"/rounds/{round_.pk}/ballot/", {f"points-{flood.pk}": "5", f"points-{lamp.pk}": "5", f"points-{bins.pk}": "3"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "You gave 13 points but have 10." in html and f'name="points-{bins.pk}" value="3"' in html
    response = client.post(f"/rounds/{round_.pk}/ballot/", {f"points-{flood.pk}": "5", f"points-{lamp.pk}": "3"})
    assert response.status_code == 302
    assert totals(round_) == {flood.pk: (5, 1), lamp.pk: (3, 1)}


def test_the_ballot_over_htmx_returns_the_form_and_the_new_standing(round_, verified_siti, three_issues, client_of):
    html = (
        client_of(verified_siti)
        .post(f"/rounds/{round_.pk}/ballot/", {f"points-{three_issues[0].pk}": "4"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Your points are saved." in html
    assert (
        f'id="round-{round_.pk}-standing" aria-labelledby="standing-heading" data-live-swap="replace" hx-swap-oob="true"'
        in html
        and "4 points" in html
    )


def test_an_ineligible_visitor_sees_why_instead_of_a_ballot(round_, verified_budi, client_of, three_issues):
    html = client_of(verified_budi).get(round_.get_absolute_url()).content.decode()
    assert "Only residents of Kelurahan Manggarai vote here" in html and 'name="points-' not in html


def test_the_round_page_never_names_voters(voted_round, client, verified_siti):
    html = client.get(voted_round.get_absolute_url()).content.decode()
    assert "Siti" not in html and "Person " not in html


def test_the_opening_form_over_http(moderator_of_tebet, client_of, areas):
    client = client_of(moderator_of_tebet)
    assert client.get("/areas/manggarai/rounds/new/").status_code == 200
    closes = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(
        "/areas/manggarai/rounds/new/", {"title": "Prioritas", "budget": "1", "closes_at": closes, "standing": "live"}
    )
    assert bad.status_code == 200 and "Ensure this value is greater than or equal to 2." in bad.content.decode()
    response = client.post(
        "/areas/manggarai/rounds/new/",
        {"title": "Prioritas", "budget": "8", "closes_at": closes, "standing": "after_close"},
    )
    made = PriorityRound.objects.get()
    assert response["Location"] == made.get_absolute_url()
    assert (made.budget, made.standing, made.area) == (8, "after_close", areas["manggarai"])


def test_residents_cannot_reach_the_opening_form(verified_siti, client_of):
    assert client_of(verified_siti).get("/areas/manggarai/rounds/new/").status_code == 403


def test_the_rules_form_works_until_the_first_ballot(
    round_, moderator_of_tebet, verified_siti, three_issues, client_of
):
    client = client_of(moderator_of_tebet)
    closes = (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    assert "Change the rules" in client.get(round_.get_absolute_url()).content.decode()
    response = client.post(
        f"/rounds/{round_.pk}/edit/",
        {"title": "Prioritas 2027", "budget": "12", "closes_at": closes, "standing": "live"},
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.title, round_.budget, round_.per_issue_cap) == ("Prioritas 2027", 12, 6)
    actions.allocate_points(actor=verified_siti, round_=round_, points={three_issues[0].pk: 6})
    assert "Change the rules" not in client.get(round_.get_absolute_url()).content.decode()
    refused = client.get(f"/rounds/{round_.pk}/edit/")
    assert refused.status_code == 403
    # Not a bare 403: the rule's sentence, and the way back to the round.
    html = refused.content.decode()
    assert "The rules cannot change once the first ballot is cast." in html
    assert f'href="{round_.get_absolute_url()}"' in html
