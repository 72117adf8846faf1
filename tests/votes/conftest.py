"""Verified residents for the vote tests (the shared personas start unverified, as real people do)."""

import pytest

from residency import actions as residency_actions


def verify(user, area=None):
    """Verify ``user`` for ``area`` (default: their home) the way the onboarding command does."""
    residency_actions.verify_resident(user=user, area=area or user.profile.home_area, by="test")
    return user


@pytest.fixture
def verified_siti(resident_of_manggarai):
    """Siti, verified resident of RW 04 Manggarai (inside Kelurahan Manggarai, Tebet, South Jakarta)."""
    return verify(resident_of_manggarai)


@pytest.fixture
def verified_budi(resident_of_bukit_duri):
    """Budi, verified resident of RW 03 Bukit Duri."""
    return verify(resident_of_bukit_duri)


@pytest.fixture
def neighbours(areas):
    """``neighbours(n, area_slug)`` → n verified residents of that area."""
    from tests.conftest import make_user

    def make(n, slug="manggarai-rw-04"):
        return [verify(make_user(home=areas[slug])) for _ in range(n)]

    return make
