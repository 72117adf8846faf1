"""Personas of the reses tests: the DPRD member for Tebet (Dapil 7) and one recess meeting."""

import datetime as dt

import pytest

from accounts import actions as account_actions
from reses import actions


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def council_member_for_tebet(areas, user_factory):
    """Ibu Dewi, elected for Dapil 7, which covers Kecamatan Tebet; she lives elsewhere."""
    user = user_factory(name="Dewi Lestari", home=areas["menteng"])
    account_actions.grant_council_member(user=user, district="Dapil 7", areas=[areas["tebet"]], by="test")
    return user


@pytest.fixture
def council_member_for_menteng(areas, user_factory):
    user = user_factory(name="Bambang", home=areas["menteng"])
    account_actions.grant_council_member(user=user, district="Dapil 1", areas=[areas["menteng"]], by="test")
    return user


@pytest.fixture
def meeting_in_manggarai(council_member_for_tebet, areas):
    """A recess meeting at Balai RW 04 Manggarai, 14 Nov, 140 attending."""
    return actions.record_meeting(
        actor=council_member_for_tebet,
        held_on=dt.date(2026, 11, 14),
        place="Balai RW 04 Manggarai",
        areas=[areas["manggarai"]],
        attendance=140,
    )


@pytest.fixture
def staff_of_tebet_member(council_member_for_tebet, areas, user_factory):
    """Ibu Rina, on Ibu Dewi's staff: a facilitator for her, across her district."""
    user = user_factory(name="Ibu Rina", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(
        user=user, areas=[areas["tebet"]], by="test", for_member=council_member_for_tebet.council_member_role
    )
    return user


@pytest.fixture
def facilitator_of_manggarai(user_factory, areas):
    """Ibu Sri, facilitator of Kelurahan Manggarai (nobody's staff)."""
    user = user_factory(name="Ibu Sri", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(user=user, areas=[areas["manggarai"]], by="test")
    return user


def register_offline(facilitator, area, name):
    from django.utils import timezone

    from facilitation import actions as facilitation_actions
    from facilitation.models import ConsentMethod

    return facilitation_actions.register_offline_resident(
        actor=facilitator,
        area=area,
        name=name,
        name_public=True,
        address=facilitation_actions.Address(rt="5", rw="4", street=f"Jl. Manggarai Utara II, {name}"),
        consent=facilitation_actions.Consent(method=ConsentMethod.SIGNED_FORM, given_at=timezone.now()),
    )


@pytest.fixture
def attendee(facilitator_of_manggarai, moderator_of_tebet, areas):
    """Pak Darto, who attended the meeting: a resident without an account Ibu Sri registered,
    verified by the moderator of Tebet."""
    from residency import actions as residency_actions
    from residency.models import ResidencyRequest

    resident = register_offline(facilitator_of_manggarai, areas["manggarai-rw-04"], "Pak Darto")
    request = ResidencyRequest.objects.get(user=resident.user, state=ResidencyRequest.State.PENDING)
    residency_actions.decide_verification(actor=moderator_of_tebet, request=request, approve=True)
    resident.user.refresh_from_db()
    return resident


@pytest.fixture
def unverified_attendee(facilitator_of_manggarai, areas):
    """Bu Ani, registered too, still waiting in the residency queue."""
    return register_offline(facilitator_of_manggarai, areas["manggarai-rw-04"], "Bu Ani")


@pytest.fixture
def aspiration(meeting_in_manggarai, council_member_for_tebet, flooded_street):
    """The flooded street, raised at the meeting."""
    return actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
