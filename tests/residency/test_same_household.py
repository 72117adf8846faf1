"""One person, one vote across accounts: the verifier sees who else is at an address before approving."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import Profile
from residency.models import ResidencyRequest
from tests.conftest import make_user
from residency import actions as residency_actions

JAKARTA = ZoneInfo("Asia/Jakarta")
DEC_3 = datetime(2026, 12, 3, 10, 0, tzinfo=JAKARTA)
DEC_5 = datetime(2026, 12, 5, 10, 0, tzinfo=JAKARTA)


def ask(user, rt="007", rw="004", street="Jl. Manggarai Utara II no. 12"):
    return residency_actions.request_verification(actor=user, rt=rt, rw=rw, street=street)


def residency(user):
    return Profile.objects.get(user=user).residency


def row(html: str, request) -> str:
    found = re.search(rf'<li class="residency-row" id="residency-request-{request.pk}">(.*?)</form>', html, re.S)
    assert found, html
    return found.group(1)


def decide(client, request, *, confirm=False, shown=None, decision="approve", reason="", htmx=False):
    data = {f"r{request.pk}-decision": decision, f"r{request.pk}-reason": reason}
    if confirm:
        data[f"r{request.pk}-confirm_distinct"] = "on"
    if shown is not None:
        data[f"r{request.pk}-shown"] = ",".join(str(r.pk) for r in shown)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(f"/residency/{request.pk}/decide/", data, **extra)


@pytest.fixture
def siti_twice(resident_of_manggarai, areas):
    """Siti asked on Dec 3; "Siti N." (her second account) asks on Dec 5 with the address spelled otherwise."""
    second = make_user(name="Siti N.", home=areas["manggarai-rw-04"])
    with time_machine.travel(DEC_3, tick=False):
        first = ask(resident_of_manggarai)
    with time_machine.travel(DEC_5, tick=False):
        again = ask(second, rt="7", rw="4", street="jalan manggarai utara II 12")
    return first, again


def test_the_queue_flags_two_requests_at_one_address(siti_twice, moderator_of_tebet, client_of):
    first, again = siti_twice
    html = client_of(moderator_of_tebet).get("/residency/queue/").content.decode()
    assert "Same address as <bdi>Siti</bdi>, pending since 3 Dec 2026" in row(html, again)
    assert "Same address as <bdi>Siti N.</bdi>, pending since 5 Dec 2026" in row(html, first)
    # The box to confirm it is another household is there, labelled and tied to the warning.
    assert (
        f'<label for="id_r{again.pk}-confirm_distinct">I have checked this is a different household or person</label>'
        in html
    )
    assert f'aria-describedby="residency-request-{again.pk}-matches' in html


def test_the_queue_names_a_verified_resident_at_the_address(
    resident_of_manggarai, moderator_of_tebet, areas, client_of
):
    with time_machine.travel(DEC_3, tick=False):
        residency_actions.decide_verification(
            actor=moderator_of_tebet, request=ask(resident_of_manggarai), approve=True
        )
    again = ask(
        make_user(name="Siti N.", home=areas["manggarai-rw-04"]),
        rt="07",
        rw="04",
        street="JL. MANGGARAI UTARA II NO.12",
    )
    html = client_of(moderator_of_tebet).get("/residency/queue/").content.decode()
    assert "Same address as <bdi>Siti</bdi>, verified 3 Dec 2026" in row(html, again)
    assert "RT 007 / RW 004, Jl. Manggarai Utara II no. 12" in row(html, again)  # what Siti wrote, to compare


def test_dates_are_in_the_readers_language(siti_twice, moderator_of_tebet, client_of):
    _first, again = siti_twice
    html = client_of(moderator_of_tebet).get("/residency/queue/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "3 Des 2026" in row(html, again)


def test_no_flag_for_another_house_another_area_or_a_past_resident(
    resident_of_manggarai, moderator_of_tebet, areas, client_of
):
    # Verified-then-moved, and declined: neither holds the address any more.
    moved = make_user(name="Moved Away", home=areas["manggarai-rw-04"])
    residency_actions.decide_verification(actor=moderator_of_tebet, request=ask(moved), approve=True)
    residency_actions.move_home(actor=moved, home_area=areas["bukit-duri-rw-03"])
    declined_user = make_user(home=areas["manggarai-rw-04"])
    residency_actions.decide_verification(
        actor=moderator_of_tebet, request=ask(declined_user), approve=False, reason="no such house"
    )
    siti = ask(resident_of_manggarai)
    next_door = ask(make_user(home=areas["manggarai-rw-04"]), street="Jl. Manggarai Utara II no. 14")
    elsewhere = ask(make_user(home=areas["bukit-duri-rw-03"]))  # same words, another RW
    html = client_of(moderator_of_tebet).get("/residency/queue/").content.decode()
    for request in (siti, next_door, elsewhere):
        assert "Same address as" not in row(html, request)


def test_approving_without_the_confirmation_is_refused_beside_the_box(siti_twice, moderator_of_tebet, client_of):
    first, again = siti_twice
    response = decide(client_of(moderator_of_tebet), again, shown=[first])
    assert response.status_code == 400
    html = row(response.content.decode(), again)
    error = re.search(rf'id="id_r{again.pk}-confirm_distinct_error" role="alert">(.*?)</div>', html, re.S)
    assert error and "Check this is a different household or person" in error.group(1)
    assert 'aria-invalid="true"' in html
    assert residency(again.user) == "pending"


def test_over_htmx_the_row_comes_back_with_the_error(siti_twice, moderator_of_tebet, client_of):
    first, again = siti_twice
    html = decide(client_of(moderator_of_tebet), again, shown=[first], htmx=True).content.decode()
    assert html.lstrip().startswith(f'<li class="residency-row" id="residency-request-{again.pk}">')
    assert f'id="id_r{again.pk}-confirm_distinct_error"' in html and "Same address as <bdi>Siti</bdi>" in html
    assert residency(again.user) == "pending"


def test_approving_with_the_confirmation_keeps_what_was_shown(siti_twice, moderator_of_tebet, client_of):
    first, again = siti_twice
    response = decide(client_of(moderator_of_tebet), again, confirm=True, shown=[first], htmx=True)
    assert "approved" in response.content.decode()
    assert residency(again.user) == "verified"
    again.refresh_from_db()
    assert [(m["request"], m["name"], m["state"]) for m in again.matches_shown] == [(first.pk, "Siti", "pending")]


def test_a_match_that_appeared_after_the_page_loaded_is_not_approved_unseen(
    siti_twice, moderator_of_tebet, areas, client_of
):
    first, again = siti_twice
    client = client_of(moderator_of_tebet)
    third = ask(make_user(name="Siti Third", home=areas["manggarai-rw-04"]), street="Jalan Manggarai Utara II 12")
    response = decide(client, again, confirm=True, shown=[first])  # the page showed only the first
    assert response.status_code == 400
    html = row(response.content.decode(), again)
    assert "Same address as <bdi>Siti Third</bdi>" in html and "appeared since the page was loaded" in html
    assert (
        f'value="{first.pk},{third.pk}"' in html and " checked aria-describedby" not in html
    )  # tick again after looking
    assert residency(again.user) == "pending"
    response = decide(client, again, confirm=True, shown=[first, third], htmx=True)
    assert "approved" in response.content.decode() and residency(again.user) == "verified"


def test_the_action_refuses_an_unchecked_match(siti_twice, official_of_water_agency):
    first, again = siti_twice
    with pytest.raises(ValidationError) as refused:
        residency_actions.decide_verification(actor=official_of_water_agency, request=again, approve=True)
    assert "confirm_distinct" in refused.value.error_dict
    residency_actions.decide_verification(
        actor=official_of_water_agency, request=again, approve=True, checked_matches={first.pk}
    )
    assert residency(again.user) == "verified"


def test_declining_needs_no_confirmation_and_records_the_matches(siti_twice, moderator_of_tebet, client_of):
    first, again = siti_twice
    response = decide(
        client_of(moderator_of_tebet), again, decision="decline", reason="Siti already asked.", shown=[first]
    )
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.state == "declined" and [m["request"] for m in again.matches_shown] == [first.pk]


def test_an_outsider_over_htmx_sees_nothing_of_the_request(siti_twice, moderator_of_menteng, client_of):
    _first, again = siti_twice
    html = decide(client_of(moderator_of_menteng), again, confirm=True, htmx=True).content.decode()
    assert "Only moderators and officials of RW 04 Manggarai" in html
    assert "Manggarai Utara" not in html and "Same address" not in html


# --- The onboarding command --------------------------------------------------------------


def test_the_command_refuses_a_match_and_says_who(verified_siti, areas, moderator_of_tebet):
    # Siti is verified by the fixture, without an address; give her record one.
    request = ResidencyRequest.objects.get(user=verified_siti)
    ResidencyRequest.objects.filter(pk=request.pk).update(
        rt="007", rw="004", street="Jl. Manggarai Utara II no. 12", address_key="7/4/manggarai utara ii 12"
    )
    second = make_user(name="Siti N.", home=areas["manggarai-rw-04"])
    with pytest.raises(CommandError) as refused:
        call_command(
            "verify_resident",
            second.email,
            "--area",
            "manggarai-rw-04",
            "--rt",
            "7",
            "--rw",
            "4",
            "--street",
            "jalan manggarai utara ii 12",
        )
    assert "Same address as Siti" in str(refused.value) and "--despite-match" in str(refused.value)
    assert residency(second) == "unverified" and not ResidencyRequest.objects.filter(user=second).exists()


def test_the_command_uses_the_pending_requests_address_and_goes_ahead_despite_a_match(siti_twice, capsys):
    first, again = siti_twice
    with pytest.raises(CommandError, match="Same address as Siti"):
        call_command("verify_resident", again.user.email, "--area", "manggarai-rw-04", "--by", "RW 04 list")
    assert residency(again.user) == "pending"
    call_command(
        "verify_resident", again.user.email, "--area", "manggarai-rw-04", "--by", "RW 04 list", "--despite-match"
    )
    assert "same address as Siti" in capsys.readouterr().err
    record = ResidencyRequest.objects.get(user=again.user, state="approved")
    assert (record.street, record.reason) == ("jalan manggarai utara II 12", "RW 04 list")
    assert [m["request"] for m in record.matches_shown] == [first.pk]
    assert residency(again.user) == "verified"


def test_the_command_without_an_address_verifies_as_before(resident_of_manggarai):
    call_command("verify_resident", resident_of_manggarai.email, "--area", "manggarai-rw-04")
    assert residency(resident_of_manggarai) == "verified"


def test_the_queue_costs_the_same_with_few_matches_or_many(moderator_of_tebet, areas, client_of):
    from tests.votes.test_pages import queries_for

    client = client_of(moderator_of_tebet)

    def household(n, slug="manggarai-rw-04", verified=1, pending=2):
        street = f"Jl. Tebet Barat {n}"
        for _ in range(verified):
            residency_actions.verify_resident(
                user=make_user(home=areas[slug]),
                area=areas[slug],
                by="list",
                rt="1",
                rw="4",
                street=street,
                despite_match=True,
            )
        for _ in range(pending):
            ask(make_user(home=areas[slug]), rt="001", rw="004", street=street.upper())

    household(1)
    few = queries_for(client, "/residency/queue/")
    for n, slug in enumerate(["manggarai-rw-04", "bukit-duri-rw-03", "manggarai-rw-04"] * 2, start=2):
        household(n, slug, verified=2, pending=3)
    many = client.get("/residency/queue/").content.decode()
    assert many.count("Same address as") == 2 * 2 + 6 * (3 * 4)  # each pending row names the others at its address
    assert queries_for(client, "/residency/queue/") == few
