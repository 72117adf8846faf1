"""Roles are granted and revoked on the record, and every printed name carries its badge."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts import actions, permissions
from accounts.models import ModeratorRole, OfficialRole, RoleChange
from core.templatetags.balai import person


def test_grant_role_makes_an_official_of_an_agency_for_its_areas(resident_of_manggarai, water_agency, areas):
    call_command("grant_role", resident_of_manggarai.email, "official", "--agency", "Dinas SDA", "--area", "tebet")
    role = OfficialRole.objects.get(user=resident_of_manggarai)
    assert role.agency == water_agency
    assert [a.slug for a in role.areas.all()] == ["tebet"]
    assert permissions.is_official_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert not permissions.is_official_for(resident_of_manggarai, areas["menteng"])
    assert RoleChange.objects.filter(user=resident_of_manggarai, role="official", kind="granted").exists()


def test_grant_role_makes_a_moderator_and_revoke_role_undoes_it(resident_of_manggarai, areas):
    call_command("grant_role", resident_of_manggarai.email, "moderator", "--area", "manggarai")
    assert permissions.is_moderator_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert not permissions.is_moderator_for(resident_of_manggarai, areas["bukit-duri"])

    call_command("revoke_role", resident_of_manggarai.email, "moderator")
    permissions.forget_roles(resident_of_manggarai)
    assert not ModeratorRole.objects.filter(user=resident_of_manggarai).exists()
    assert not permissions.is_moderator_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert list(RoleChange.objects.filter(user=resident_of_manggarai).values_list("kind", flat=True)) == [
        "revoked",
        "granted",
    ]


def test_a_moderator_of_all_areas_moderates_everywhere(resident_of_manggarai, areas):
    call_command("grant_role", resident_of_manggarai.email, "moderator", "--all-areas")
    assert permissions.is_moderator_for(resident_of_manggarai, areas["menteng"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody@example.org", "moderator", "--area", "tebet"], "No account"),
        (["{email}", "official", "--area", "tebet"], "needs --agency"),
        (["{email}", "official", "--agency", "Dinas Pertamanan", "--area", "tebet"], "No agency"),
        (["{email}", "official", "--agency", "Dinas SDA"], "at least one --area"),
        (["{email}", "moderator", "--area", "atlantis"], "No area"),
        (["{email}", "moderator"], "--all-areas"),
    ],
)
def test_grant_role_refuses_what_it_cannot_do(resident_of_manggarai, water_agency, args, message):
    args = [a.format(email=resident_of_manggarai.email) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)
    assert not OfficialRole.objects.exists() and not ModeratorRole.objects.exists()


def test_revoking_a_role_nobody_holds_says_so(resident_of_manggarai):
    with pytest.raises(CommandError, match="is not a official"):
        call_command("revoke_role", resident_of_manggarai.email, "official")


def test_names_carry_their_role_badge(official_of_water_agency, moderator_of_tebet, resident_of_manggarai, admin_user_):
    assert "Official · Dinas SDA" in person(official_of_water_agency)
    assert "Rina" in person(official_of_water_agency)
    assert "Moderator" in person(moderator_of_tebet)
    assert "Resident" in person(resident_of_manggarai)
    assert "Admin" in person(admin_user_)


def test_a_display_name_cannot_inject_markup(user_factory, areas):
    user = user_factory(name="<script>alert(1)</script>")
    assert "<script>" not in person(user) and "&lt;script&gt;" in person(user)


def test_a_rule_named_by_a_string_is_a_programming_error(resident_of_manggarai):
    """Rules are named by the function itself: a string (typo or not) never silently matches."""
    with pytest.raises(TypeError):
        permissions.can(resident_of_manggarai, "fly_to_the_moon")
    with pytest.raises(TypeError):
        permissions.can(resident_of_manggarai, "take_part")


def test_a_plain_function_is_not_a_rule(resident_of_manggarai):
    with pytest.raises(TypeError):
        permissions.can(resident_of_manggarai, lambda user: None)


def test_a_facilitator_is_granted_for_areas_and_named_so_on_every_name(resident_of_manggarai, areas):
    call_command("grant_role", resident_of_manggarai.email, "facilitator", "--area", "manggarai-rw-04")
    permissions.forget_roles(resident_of_manggarai)
    assert permissions.is_facilitator_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert not permissions.is_facilitator_for(resident_of_manggarai, areas["bukit-duri"])
    assert not permissions.is_council_member_for(resident_of_manggarai, areas["manggarai-rw-04"])
    rw04 = areas["manggarai-rw-04"].name
    assert f"Facilitator · {rw04}" in person(get_user_model().objects.get(pk=resident_of_manggarai.pk))
    assert RoleChange.objects.filter(user=resident_of_manggarai, role="facilitator", kind="granted").exists()

    call_command("revoke_role", resident_of_manggarai.email, "facilitator")
    permissions.forget_roles(resident_of_manggarai)
    assert not permissions.is_facilitator_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert "Facilitator" not in person(get_user_model().objects.get(pk=resident_of_manggarai.pk))


def test_a_council_member_is_elected_in_a_district_that_covers_areas(resident_of_manggarai, areas):
    call_command(
        "grant_role", resident_of_manggarai.email, "council_member", "--district", "Dapil 7", "--area", "tebet"
    )
    permissions.forget_roles(resident_of_manggarai)
    assert permissions.is_council_member_for(resident_of_manggarai, areas["manggarai-rw-04"])
    assert not permissions.is_council_member_for(resident_of_manggarai, areas["menteng"])
    assert "Council member · Dapil 7" in person(get_user_model().objects.get(pk=resident_of_manggarai.pk))
    with pytest.raises(CommandError, match="--district"):
        call_command("grant_role", resident_of_manggarai.email, "council_member", "--area", "tebet")


def test_the_roles_load_once_and_the_rarer_roles_areas_only_when_a_rule_asks(
    resident_of_manggarai, resident_of_bukit_duri, areas, django_assert_num_queries
):
    actions.grant_facilitator(user=resident_of_bukit_duri, areas=[areas["manggarai"]], by="test")
    for user, area_queries in ((resident_of_manggarai, 0), (resident_of_bukit_duri, 1)):
        permissions.forget_roles(user)
        with django_assert_num_queries(2):  # e-mail verified, and every role row in one
            permissions.roles(user)
        with django_assert_num_queries(area_queries):
            permissions.is_facilitator_for(user, areas["manggarai"])
            permissions.is_facilitator_for(user, areas["tebet"])
    assert permissions.is_facilitator_for(resident_of_bukit_duri, areas["manggarai-rw-04"])
