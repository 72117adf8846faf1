"""A name's role badge is kept on the profile (one join per name on a page, issue 16) and follows
every change of the roles: grants, revokes, the order between roles, a renamed agency or
council member."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts import actions
from accounts.queries import PERSON_FIELDS
from core.templatetags.balai import badge


def badge_now(user) -> tuple[str, str]:
    """The badge as a page prints it: the person loaded afresh with what a page joins."""
    return badge(get_user_model().objects.select_related(*PERSON_FIELDS).get(pk=user.pk))


def test_the_badge_follows_grants_and_revokes_in_the_order_names_show_them(resident_of_manggarai, areas, water_agency):
    assert badge_now(resident_of_manggarai) == ("resident", "Resident")
    actions.grant_facilitator(user=resident_of_manggarai, areas=[areas["manggarai-rw-04"]], by="test")
    assert badge_now(resident_of_manggarai)[1] == f"Facilitator · {areas['manggarai-rw-04'].name}"
    actions.grant_moderator(user=resident_of_manggarai, areas=[areas["tebet"]], by="test")
    assert badge_now(resident_of_manggarai) == ("moderator", "Moderator")
    actions.grant_official(user=resident_of_manggarai, agency=water_agency, areas=[areas["tebet"]], by="test")
    assert badge_now(resident_of_manggarai) == ("official", f"Official · {water_agency}")
    actions.revoke_role(user=resident_of_manggarai, role="official", by="test")
    assert badge_now(resident_of_manggarai) == ("moderator", "Moderator")
    actions.revoke_role(user=resident_of_manggarai, role="moderator", by="test")
    actions.revoke_role(user=resident_of_manggarai, role="facilitator", by="test")
    assert badge_now(resident_of_manggarai) == ("resident", "Resident")


def test_a_renamed_agency_renames_its_officials_badges(official_of_water_agency, water_agency):
    water_agency.short_name = "Dinas SDA DKI"
    water_agency.save()
    actions.agency_renamed(water_agency)  # what the admin's save does
    assert badge_now(official_of_water_agency)[1] == "Official · Dinas SDA DKI"


def test_staff_badges_follow_their_council_members_name_and_role(resident_of_manggarai, user_factory, areas):
    member = user_factory(name="Dewi Lestari", home=areas["manggarai"])
    role = actions.grant_council_member(user=member, district="Dapil 7", areas=[areas["tebet"]], by="test")
    actions.grant_facilitator(user=resident_of_manggarai, areas=[areas["manggarai"]], by="test", for_member=role)
    assert badge_now(resident_of_manggarai) == ("facilitator", "Facilitator · staff of Dewi Lestari")
    assert badge_now(member) == ("council", "Council member · Dapil 7")

    actions.update_profile(actor=member, display_name="Dewi L. Siregar", language="")
    assert badge_now(resident_of_manggarai)[1] == "Facilitator · staff of Dewi L. Siregar"
    actions.revoke_role(user=member, role="council_member", by="test")
    assert badge_now(resident_of_manggarai)[1] == f"Facilitator · {areas['manggarai'].name}"
    assert badge_now(member) == ("resident", "Resident")
