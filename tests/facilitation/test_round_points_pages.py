"""The facilitator's page for paper ballots of a priority round (without JavaScript and with htmx),
and the places that show round points recorded for a resident: their own ballot, the entries,
the public figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilitation import actions
from issues.models import AssistedRecord
from tests.conftest import make_user
from votes.models import RoundBallot

from .conftest import PAPER


def url(round_) -> str:
    return f"/facilitation/rounds/{round_.pk}/points/"


def ballot(resident, *points, **extra):
    """The POST of one paper ballot: ``points`` as (issue, points) pairs."""
    return {
        "code": resident.code.lower(),
        "method": "paper_form",
        "source": "sheet RW04-2026-12-03",
        **{f"points-{issue.pk}": value for issue, value in points},
        **extra,
    }


def test_the_entry_page_offers_the_open_round_of_the_facilitators_area(facilitator, round_, client_of):
    page = client_of(facilitator).get("/facilitation/entry/").content.decode()
    assert f'href="{url(round_)}"' in page and "Manggarai priorities 2027" in page


def test_the_ballot_form_labels_every_issue_and_shows_the_budget_and_cap(
    facilitator, round_, flooded_street, lamp, client_of
):
    page = client_of(facilitator).get(url(round_)).content.decode()
    for issue in (flooded_street, lamp):
        assert f'<label for="id_points-{issue.pk}">{issue.public_title}</label>' in page
        assert f'name="points-{issue.pk}"' in page
    assert "10 points per resident, at most 5 on one issue." in page
    assert '<label for="id_code">' in page


def test_without_javascript_a_ballot_is_recorded_and_the_page_comes_back_for_the_next(
    darto, facilitator, round_, flooded_street, lamp, client_of
):
    client = client_of(facilitator)
    response = client.post(url(round_), ballot(darto, (flooded_street, 3), (lamp, 5)))
    assert response.status_code == 302 and "source=sheet" in response["Location"]
    recorded = RoundBallot.objects.get(round=round_)
    assert recorded.user == darto.user and recorded.assisted.recorded_by == facilitator
    page = client.get(response["Location"]).content.decode()
    assert f"Recorded: {darto.code}: 8 points in Manggarai priorities 2027." in page
    assert 'value="sheet RW04-2026-12-03"' in page and "round points" in page


def test_a_double_submitted_ballot_records_one_act(darto, facilitator, round_, flooded_street, client_of):
    client = client_of(facilitator)
    for _ in range(2):
        assert client.post(url(round_), ballot(darto, (flooded_street, 3))).status_code == 302
    assert AssistedRecord.objects.filter(kind="allocation").count() == 1
    assert RoundBallot.objects.filter(round=round_).count() == 1


def test_without_javascript_going_over_the_budget_is_said_beside_the_field_keeping_the_numbers(
    darto, facilitator, round_, flooded_street, lamp, issue_factory, resident_of_manggarai, areas, client_of
):
    bins = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Bins overflow at the market")
    response = client_of(facilitator).post(url(round_), ballot(darto, (flooded_street, 5), (lamp, 4), (bins, 3)))
    page = response.content.decode()
    assert response.status_code == 400
    over = page.split(f'id="id_points-{bins.pk}"')[1].split("</tr>")[0]  # the row of the number that went over
    assert "This goes over the budget: 12 points given, 10 to spend." in over
    assert f'name="points-{lamp.pk}" value="4"' in page  # nothing typed is lost
    assert not RoundBallot.objects.exists()


def test_above_the_cap_is_said_beside_the_field(darto, facilitator, round_, flooded_street, client_of):
    page = client_of(facilitator).post(url(round_), ballot(darto, (flooded_street, 7))).content.decode()
    assert f"id_points-{flooded_street.pk}_error" in page and not RoundBallot.objects.exists()


def test_with_htmx_an_ineligible_resident_is_refused_beside_the_code_with_the_reason(
    register, facilitator, round_, flooded_street, client_of
):
    unverified = register(name="Bu Ani")
    response = client_of(facilitator).post(url(round_), ballot(unverified, (flooded_street, 3)), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page  # htmx swaps only 2xx: the form, with the reason
    assert "id_code_error" in page and "verification is waiting" in page
    assert f'name="points-{flooded_street.pk}" value="3"' in page
    assert not AssistedRecord.objects.exists()


def test_with_htmx_a_recorded_ballot_gives_a_fresh_form_and_the_entry_in_the_list(
    darto, facilitator, round_, flooded_street, client_of
):
    response = client_of(facilitator).post(url(round_), ballot(darto, (flooded_street, 3)), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f"Recorded: {darto.code}: 3 points in Manggarai priorities 2027." in page
    assert 'id="entries-recorded"' in page and "round points" in page
    form = page.split('id="points-form"')[1].split("</form>")[0]
    assert 'value="sheet RW04-2026-12-03"' in form and darto.code.lower() not in form


def test_a_facilitator_cannot_record_a_ballot_for_themselves_through_the_page(
    facilitator, round_, flooded_street, client_of, register, moderator_of_tebet
):
    from .conftest import verify

    own = register(name="Ibu Sri herself")
    verify(own, moderator_of_tebet)
    own.claimed_by = facilitator
    own.save(update_fields=["claimed_by"])
    page = client_of(facilitator).post(url(round_), ballot(own, (flooded_street, 3))).content.decode()
    assert "cannot act for themselves" in page and not RoundBallot.objects.exists()


def test_only_facilitators_open_the_page(resident_of_manggarai, round_, client_of):
    assert client_of(resident_of_manggarai).get(url(round_)).status_code == 403


def test_the_residents_card_links_to_their_rounds_and_the_form_shows_their_points(
    darto, facilitator, round_, flooded_street, client_of
):
    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 4}, how=PAPER
    )
    client = client_of(facilitator)
    card = client.get(f"/facilitation/residents/{darto.pk}/").content.decode()
    link = f"{url(round_)}?code={darto.code}"
    assert f'href="{link}"' in card
    form = client.get(link).content.decode()
    assert f'value="{darto.code}"' in form and 'value="4"' in form


def test_the_page_costs_the_same_with_few_issues_and_entries_or_many(
    darto, facilitator, round_, flooded_street, issue_factory, resident_of_manggarai, areas, client_of
):
    client = client_of(facilitator)

    def cost():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{url(round_)}?code={darto.code}").status_code == 200
        return len(captured)

    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 1}, how=PAPER
    )
    few = cost()
    for n in range(4):
        issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Issue {n}")
        actions.record_allocation(actor=facilitator, resident=darto, round_=round_, points={issue.pk: 1}, how=PAPER)
    assert cost() == few


# --- Where the recorded points show ------------------------------------------------------------


def test_after_a_claim_the_resident_sees_who_recorded_their_points(
    darto, facilitator, round_, flooded_street, moderator_of_tebet, areas, client_of
):
    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 4}, how=PAPER
    )
    online = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    actions.confirm_claim(actor=moderator_of_tebet, claim=actions.claim_record(actor=online, code=darto.code))
    client = client_of(online)
    mark = "for a resident of RW 04 Manggarai, paper form"
    profile = client.get("/profile/").content.decode()
    assert "Ibu Sri" in profile and mark in profile
    round_page = client.get(round_.get_absolute_url()).content.decode()
    assert mark in round_page.split('id="ballot"')[1]


def test_the_public_figures_count_round_ballots_per_facilitator(darto, facilitator, round_, flooded_street, client):
    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 4}, how=PAPER
    )
    page = client.get("/facilitation/").content.decode()
    assert "Round ballots" in page
    row = page.split("Ibu Sri")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["1", "0", "0", "0", "0", "1", "0"]


@pytest.mark.parametrize("path", ["/facilitation/", "/facilitation/log/"])
def test_the_public_pages_show_no_points_of_anyone(path, darto, facilitator, round_, flooded_street, client):
    actions.record_allocation(
        actor=facilitator, resident=darto, round_=round_, points={flooded_street.pk: 4}, how=PAPER
    )
    page = client.get(path).content.decode()
    assert "4 points" not in page
