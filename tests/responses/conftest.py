"""Who answers what around Tebet: the water agency answers flooding, Bina Marga answers roads."""

from __future__ import annotations

import pytest
from django.db import transaction

from accounts import actions as account_actions
from accounts.models import Profile
from responses import actions
from responses.models import AgencyCategory
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def agencies_declare_categories(water_agency, roads_agency):
    AgencyCategory.objects.create(agency=water_agency, category="flooding")
    AgencyCategory.objects.create(agency=roads_agency, category="roads")


@pytest.fixture
def official_of_roads_agency(areas, roads_agency):
    user = make_user(name="Joko")
    account_actions.grant_official(user=user, agency=roads_agency, areas=[areas["tebet"]], by="test")
    return user


@pytest.fixture
def water_official_of_menteng(areas, water_agency):
    user = make_user(name="Dewi")
    account_actions.grant_official(user=user, agency=water_agency, areas=[areas["menteng"]], by="test")
    return user


@pytest.fixture
def water_supervisor(areas, water_agency):
    user = make_user(name="Bu Kepala")
    account_actions.grant_official(
        user=user, agency=water_agency, areas=[areas["jakarta-selatan"]], is_supervisor=True, by="test"
    )
    return user


def verify(user, area=None):
    """Make ``user`` a verified resident of their home area (what a verifier's decision does)."""
    profile = user.profile
    profile.residency = Profile.Residency.VERIFIED
    profile.verified_area = area or profile.home_area
    profile.save(update_fields=["residency", "verified_area"])
    return user


@pytest.fixture
def verified_residents(areas):
    """``verified_residents(n)``: n verified residents of RW 04 Manggarai."""

    def make(n, home="manggarai-rw-04"):
        return [verify(make_user(name=f"Warga {i}", home=areas[home])) for i in range(n)]

    return make


@pytest.fixture
def owed_issue(flooded_street, official_of_water_agency):
    """Siti's flooding issue, on the clock for the water agency."""
    with transaction.atomic():
        actions.start_clock(issue=flooded_street, trigger="threshold")
    return flooded_street


def respond(official, issue, status="acknowledged", body="We have seen it and will inspect.", **extra):
    return actions.publish_response(actor=official, issue=issue, status=status, body=body, **extra)
