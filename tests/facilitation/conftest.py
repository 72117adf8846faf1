"""Personas of facilitation: Ibu Sri, facilitator of RW 04 Manggarai, and the residents without an
account she registers (one verified by the moderator of Tebet)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from facilitation import actions
from facilitation.models import ConsentMethod
from issues.models import RecordingMethod
from residency import actions as residency_actions
from residency.models import ResidencyRequest
from tests.conftest import make_user

PAPER = actions.Recording(method=RecordingMethod.PAPER_FORM, source="sheet RW04-2026-12-03")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def facilitator(areas):
    user = make_user(name="Ibu Sri", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(user=user, areas=[areas["manggarai-rw-04"]], by="test")
    return user


@pytest.fixture
def register(facilitator, areas):
    """``register(name=…, street=…)`` registers a resident of RW 04 Manggarai through the real action."""

    def _register(*, by=None, name="Pak Darto", street="Jl. Manggarai Utara II no. 12", public=True, **extra):
        return actions.register_offline_resident(
            actor=by or facilitator,
            area=extra.pop("area", areas["manggarai-rw-04"]),
            name=name,
            name_public=public,
            address=actions.Address(rt="7", rw="4", street=street),
            consent=extra.pop("consent", None)
            or actions.Consent(method=ConsentMethod.SIGNED_FORM, given_at=timezone.now()),
            **extra,
        )

    return _register


def verify(resident, verifier):
    request = ResidencyRequest.objects.get(user=resident.user, state=ResidencyRequest.State.PENDING)
    return residency_actions.decide_verification(actor=verifier, request=request, approve=True)


@pytest.fixture
def darto(register, moderator_of_tebet):
    """Pak Darto, registered by Ibu Sri and verified by Agus, the moderator of Tebet."""
    resident = register()
    verify(resident, moderator_of_tebet)
    resident.user.refresh_from_db()
    return resident


@pytest.fixture
def round_(moderator_of_tebet, areas):
    """Kelurahan Manggarai's priority round: 10 points each, at most 5 on one issue."""
    from datetime import timedelta

    from votes import actions as vote_actions

    rules = vote_actions.RoundRules(
        title="Manggarai priorities 2027", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=7)
    )
    return vote_actions.open_round(actor=moderator_of_tebet, area=areas["manggarai"], rules=rules)


@pytest.fixture
def lamp(issue_factory, resident_of_manggarai, areas):
    """A second open issue, in RW 04 (within the round's kelurahan)."""
    return issue_factory(resident_of_manggarai, area=areas["manggarai-rw-04"], title="Street lamp out on Gang 5")
