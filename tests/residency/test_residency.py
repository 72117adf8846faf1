"""Residency verification: a resident asks, a moderator or official of the area decides, on the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import Profile
from residency import rules as residency_rules
from residency.models import ResidencyRequest
from residency import actions as residency_actions


def ask(user, **details):
    fields = {"rt": "007", "rw": "004", "street": "Jl. Manggarai Utara II no. 12", **details}
    return residency_actions.request_verification(actor=user, **fields)


def residency(user):
    return Profile.objects.get(user=user).residency


def test_asking_puts_the_resident_in_the_queue_of_their_areas_verifiers(
    resident_of_manggarai, moderator_of_tebet, official_of_water_agency, moderator_of_menteng, client_of
):
    ask(resident_of_manggarai)
    assert residency(resident_of_manggarai) == "pending"
    for verifier in (moderator_of_tebet, official_of_water_agency):
        html = client_of(verifier).get("/residency/queue/").content.decode()
        assert "Siti" in html and "RT 007 / RW 004, Jl. Manggarai Utara II no. 12" in html
    elsewhere = client_of(moderator_of_menteng).get("/residency/queue/").content.decode()
    assert "Jl. Manggarai Utara" not in elsewhere and "No requests are waiting in your areas." in elsewhere


def test_residents_do_not_see_the_queue(resident_of_bukit_duri, resident_of_manggarai, client_of):
    ask(resident_of_manggarai)
    response = client_of(resident_of_bukit_duri).get("/residency/queue/")
    assert response.status_code == 403
    assert "Only moderators and officials verify residents." in response.content.decode()  # the rule says why


def test_asking_twice_keeps_one_request(resident_of_manggarai):
    first, second = ask(resident_of_manggarai), ask(resident_of_manggarai, street="elsewhere")
    assert first.pk == second.pk and ResidencyRequest.objects.count() == 1


def test_a_resident_without_a_home_area_is_told_to_choose_one(user_factory, areas):
    homeless = user_factory(name="Dewi")
    with pytest.raises(PermissionDenied, match="Choose your home area"):
        ask(homeless)


def test_approval_makes_a_verified_resident_on_the_record(resident_of_manggarai, moderator_of_tebet, areas):
    request = ask(resident_of_manggarai)
    residency_actions.decide_verification(actor=moderator_of_tebet, request=request, approve=True)
    profile = Profile.objects.get(user=resident_of_manggarai)
    assert profile.residency == "verified" and profile.verified_area == areas["manggarai-rw-04"]
    assert profile.verified_by == moderator_of_tebet and profile.verified_at is not None
    request.refresh_from_db()
    assert (request.state, request.decided_by, request.decided_via) == ("approved", moderator_of_tebet, "queue")
    with pytest.raises(PermissionDenied, match="already a verified resident"):
        ask(resident_of_manggarai)  # the same person, asking again from a stale page


def test_declining_needs_a_reason_the_resident_then_reads(resident_of_manggarai, official_of_water_agency, client_of):
    request = ask(resident_of_manggarai)
    with pytest.raises(ValidationError):
        residency_actions.decide_verification(
            actor=official_of_water_agency, request=request, approve=False, reason=" "
        )
    residency_actions.decide_verification(
        actor=official_of_water_agency, request=request, approve=False, reason="RW 04 has no house number 12; check it."
    )
    assert residency(resident_of_manggarai) == "unverified"
    html = client_of(resident_of_manggarai).get("/profile/").content.decode()
    assert "was declined" in html and "RW 04 has no house number 12; check it." in html
    assert "Ask to be verified" in html  # and may ask again


def test_only_verifiers_of_that_area_decide(resident_of_manggarai, moderator_of_menteng, resident_of_bukit_duri):
    request = ask(resident_of_manggarai)
    for outsider in (moderator_of_menteng, resident_of_bukit_duri):
        with pytest.raises(PermissionDenied, match="Only moderators and officials of RW 04 Manggarai"):
            residency_actions.decide_verification(actor=outsider, request=request, approve=True)
    assert residency(resident_of_manggarai) == "pending"


def test_nobody_decides_their_own_request(moderator_of_tebet):
    request = ask(moderator_of_tebet)
    assert (
        permissions.why_not(moderator_of_tebet, residency_rules.decide_verification, request)
        == "Nobody decides their own residency request."
    )


def test_a_request_is_decided_once(resident_of_manggarai, moderator_of_tebet, official_of_water_agency):
    request = ask(resident_of_manggarai)
    residency_actions.decide_verification(actor=moderator_of_tebet, request=request, approve=True)
    stale = ResidencyRequest.objects.get(pk=request.pk)
    stale.state = "pending"  # the second verifier's page still shows it
    with pytest.raises(PermissionDenied, match="already decided"):
        residency_actions.decide_verification(actor=official_of_water_agency, request=stale, approve=False, reason="no")
    assert residency(resident_of_manggarai) == "verified"


def test_moving_home_withdraws_the_pending_request(resident_of_manggarai, moderator_of_tebet, areas):
    request = ask(resident_of_manggarai)
    residency_actions.move_home(actor=resident_of_manggarai, home_area=areas["bukit-duri-rw-03"])
    request.refresh_from_db()
    assert request.state == "withdrawn" and residency(resident_of_manggarai) == "unverified"
    # The new home needs a new request, for the new area.
    assert ask(resident_of_manggarai).area == areas["bukit-duri-rw-03"]


def test_a_verified_resident_who_moves_must_ask_again(verified_siti, areas):
    residency_actions.move_home(actor=verified_siti, home_area=areas["bukit-duri-rw-03"])
    assert residency(verified_siti) == "unverified"
    assert permissions.can(verified_siti, residency_rules.request_verification)


def test_the_onboarding_command_approves_on_the_record(resident_of_manggarai, areas):
    call_command("verify_resident", resident_of_manggarai.email, "--area", "manggarai-rw-04", "--by", "RW 04 meeting")
    profile = Profile.objects.get(user=resident_of_manggarai)
    assert profile.residency == "verified" and profile.verified_area == areas["manggarai-rw-04"]
    record = ResidencyRequest.objects.get(user=resident_of_manggarai)
    assert (record.state, record.decided_via, record.reason) == ("approved", "verify_resident", "RW 04 meeting")


def test_the_onboarding_command_sets_the_home_and_replaces_a_pending_request(resident_of_manggarai, areas):
    ask(resident_of_manggarai)
    call_command("verify_resident", resident_of_manggarai.email, "--area", "bukit-duri-rw-03")
    profile = Profile.objects.get(user=resident_of_manggarai)
    assert profile.home_area == areas["bukit-duri-rw-03"] and profile.verified_area == areas["bukit-duri-rw-03"]
    assert list(ResidencyRequest.objects.order_by("pk").values_list("state", flat=True)) == ["withdrawn", "approved"]


@pytest.mark.parametrize(
    "args, message",
    [(["nobody@example.org", "--area", "manggarai"], "No account"), (["{email}", "--area", "atlantis"], "No area")],
)
def test_the_onboarding_command_refuses_what_it_cannot_do(resident_of_manggarai, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("verify_resident", *[a.format(email=resident_of_manggarai.email) for a in args])


# --- Over HTTP ------------------------------------------------------------------------


def test_the_profile_offers_the_request_form_and_keeps_what_was_typed(resident_of_manggarai, client_of):
    client = client_of(resident_of_manggarai)
    html = client.get("/profile/").content.decode()
    assert 'id="residency"' in html and 'name="rt"' in html and "Only the moderators and officials" in html
    response = client.post("/residency/request/", {"rt": "seven", "rw": "004", "street": "Jl. Manggarai Utara"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the number, e.g. 004." in html and 'value="Jl. Manggarai Utara"' in html
    response = client.post("/residency/request/", {"rt": "7", "rw": "4", "street": "Jl. Manggarai Utara"})
    assert response.status_code == 302 and residency(resident_of_manggarai) == "pending"
    assert "A moderator or official of the area will decide." in client.get("/profile/").content.decode()


def test_the_request_form_over_htmx_swaps_the_section(resident_of_manggarai, client_of):
    response = client_of(resident_of_manggarai).post(
        "/residency/request/", {"rt": "7", "rw": "4", "street": "Jl. Manggarai"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="residency" id="residency"') and "will decide" in html


def test_the_verifier_approves_from_the_queue(resident_of_manggarai, moderator_of_tebet, client_of):
    request = ask(resident_of_manggarai)
    response = client_of(moderator_of_tebet).post(
        f"/residency/{request.pk}/decide/",
        {f"r{request.pk}-decision": "approve", f"r{request.pk}-reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "approved" in response.content.decode()
    assert residency(resident_of_manggarai) == "verified"


def test_declining_without_a_reason_is_sent_back_with_the_error(resident_of_manggarai, moderator_of_tebet, client_of):
    request = ask(resident_of_manggarai)
    response = client_of(moderator_of_tebet).post(
        f"/residency/{request.pk}/decide/", {f"r{request.pk}-decision": "decline"}
    )
    assert response.status_code == 400
    assert "Say why you decline" in response.content.decode()
    assert residency(resident_of_manggarai) == "pending"


def test_an_outsider_posting_a_decision_is_refused(resident_of_manggarai, moderator_of_menteng, client_of):
    request = ask(resident_of_manggarai)
    response = client_of(moderator_of_menteng).post(
        f"/residency/{request.pk}/decide/", {f"r{request.pk}-decision": "approve"}, follow=True
    )
    assert response.status_code == 403
    assert "Only moderators and officials of RW 04 Manggarai" in response.content.decode()
    assert residency(resident_of_manggarai) == "pending"


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize(
    "data", [{}, {"decision": "decline"}, {"decision": "approve"}], ids=["empty", "invalid", "valid"]
)
def test_a_refused_decision_shows_nothing_of_the_request(
    resident_of_manggarai, resident_of_bukit_duri, moderator_of_menteng, client_of, htmx, data
):
    """Any signed-in person posting to any request's address reads the refusal, never its details."""
    request = ask(resident_of_manggarai, note="Behind the mosque, blue gate")
    posted = {f"r{request.pk}-{k}": v for k, v in data.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for outsider, sentence in (
        (resident_of_bukit_duri, "Only moderators and officials of RW 04 Manggarai decide"),
        (moderator_of_menteng, "Only moderators and officials of RW 04 Manggarai decide"),
        (resident_of_manggarai, "Nobody decides their own residency request."),
    ):
        response = client_of(outsider).post(f"/residency/{request.pk}/decide/", posted, **headers)
        html = response.content.decode()
        assert response.status_code == 403 and sentence in html
        assert "Manggarai Utara" not in html and "007" not in html and "blue gate" not in html
    assert residency(resident_of_manggarai) == "pending"
