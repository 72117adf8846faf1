"""A facilitator registers a resident without an account: consent on the record, a participant
code, a residency request in the area's queue, and an identity that can never sign in."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Profile
from core.templatetags.balai import badge, display_name
from facilitation import actions
from facilitation.models import ConsentMethod, normalise_code
from residency.models import ResidencyRequest
from residency.queries import residency_queue

from .conftest import verify


def test_a_registered_resident_is_a_voter_identity_that_cannot_sign_in(register, facilitator, client):
    resident = register()
    user = resident.user
    assert user.email == "" and not user.has_usable_password()
    assert user.profile.recorded_by == facilitator
    assert user.profile.residency == Profile.Residency.PENDING
    assert len(resident.code) == 7 and resident.code[3] == "-"
    assert not client.login(username=user.username, password="")


def test_the_name_is_public_only_if_the_resident_agreed(register):
    named = register(name="Pak Darto", public=True)
    private = register(name="Bu Ani", public=False, street="Jl. Tambak 3")
    assert display_name(named.user) == "Pak Darto"
    assert display_name(private.user) == f"Warga {private.code}"
    assert private.name == "Bu Ani"  # kept for the facilitator and verifiers
    assert badge(private.user)[1] == "Resident without an account"


def test_the_address_goes_to_the_residency_queue_of_the_area(register, moderator_of_tebet, facilitator):
    resident = register()
    assert [r.user for r in residency_queue(moderator_of_tebet)] == [resident.user]
    assert list(residency_queue(facilitator)) == []


def test_spoken_consent_needs_a_witness(register):
    spoken = actions.Consent(method=ConsentMethod.SPOKEN, given_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        register(consent=spoken)
    assert "consent_witness" in refused.value.message_dict
    witnessed = actions.Consent(method=ConsentMethod.SPOKEN, given_at=timezone.now(), witness="Pak RT Joko")
    assert register(consent=witnessed).consent_witness == "Pak RT Joko"


def test_only_facilitators_of_the_area_register_its_residents(register, resident_of_manggarai, facilitator, areas):
    with pytest.raises(PermissionDenied):
        register(by=resident_of_manggarai)
    with pytest.raises(PermissionDenied):
        register(area=areas["bukit-duri-rw-03"])


def test_a_double_submit_registers_one_resident(register):
    import uuid

    token = uuid.uuid4()
    assert register(submission_token=token) == register(submission_token=token)


def test_the_facilitator_who_registered_a_resident_cannot_verify_them(register, facilitator, water_agency, areas):
    from accounts import actions as account_actions

    # Even holding an official role in the area, Ibu Sri cannot verify the person she registered.
    account_actions.grant_official(user=facilitator, agency=water_agency, areas=[areas["manggarai"]], by="test")
    resident = register()
    with pytest.raises(PermissionDenied, match="You registered this resident"):
        verify(resident, facilitator)


def test_a_plain_facilitator_verifies_nobody(register, facilitator, areas):
    from tests.conftest import make_user

    other = make_user(name="Pak Joko", home=areas["manggarai-rw-04"])
    from residency import actions as residency_actions

    residency_actions.request_verification(actor=other, rt="1", rw="4", street="Jl. Tambak 9")
    with pytest.raises(PermissionDenied):
        verify(type("R", (), {"user": other})(), facilitator)


def test_the_same_address_is_flagged_for_an_offline_resident_too(register, resident_of_manggarai, moderator_of_tebet):
    from residency import actions as residency_actions
    from residency.queries import address_matches

    residency_actions.request_verification(
        actor=resident_of_manggarai, rt="007", rw="004", street="Jalan Manggarai Utara II 12"
    )
    resident = register(street="Jl. Manggarai Utara II no. 12")
    request = ResidencyRequest.objects.get(user=resident.user)
    matches = address_matches([request])[request.pk]
    assert [m.user for m in matches] == [resident_of_manggarai]
    with pytest.raises(ValidationError):
        verify(resident, moderator_of_tebet)


def test_codes_are_read_however_they_are_typed():
    assert normalise_code(" k7m 4qx ") == "K7M-4QX"
    assert normalise_code("K7M-4QX") == "K7M-4QX"
