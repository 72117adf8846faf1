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
