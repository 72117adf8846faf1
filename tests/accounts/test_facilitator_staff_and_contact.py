"""A facilitator may be a council member's staff (``grant_role … facilitator --for-member EMAIL``,
the admin, on the record), within the member's district; and writes how residents reach them,
public by their choice, which only they (and administrators) change."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accounts import actions, permissions
from accounts import rules as account_rules
from accounts.models import FacilitatorRole, RoleChange
from core.templatetags.balai import person


@pytest.fixture
def member(user_factory, areas):
    user = user_factory(name="Dewi Lestari", home=areas["menteng"])
    actions.grant_council_member(user=user, district="Dapil 7", areas=[areas["tebet"]], by="test")
    return user


def test_grant_role_makes_a_facilitator_on_a_council_members_staff(resident_of_manggarai, member, areas):
    call_command(
        "grant_role",
        resident_of_manggarai.email,
        "facilitator",
        "--area",
        "manggarai",
        "--for-member",
        member.email.upper(),
        stdout=open("/dev/null", "w"),
    )
    role = FacilitatorRole.objects.get(user=resident_of_manggarai)
    assert role.for_member == member.council_member_role and role.badge_member == "Dewi Lestari"
    assert permissions.member_staffed_by(resident_of_manggarai) == member
    assert permissions.acts_for_member(resident_of_manggarai, member.pk)
    change = RoleChange.objects.get(user=resident_of_manggarai, role="facilitator", kind="granted")
    assert f"staff of council member {member.pk} (Dapil 7)" in change.detail and change.by == "grant_role"
    assert "Facilitator · staff of Dewi Lestari" in person(type(member).objects.get(pk=resident_of_manggarai.pk))


def test_granting_again_without_for_member_ends_the_staff_role_on_the_record(resident_of_manggarai, member, areas):
    actions.grant_facilitator(
        user=resident_of_manggarai, areas=[areas["manggarai"]], by="test", for_member=member.council_member_role
    )
    call_command(
        "grant_role", resident_of_manggarai.email, "facilitator", "--area", "manggarai", stdout=open("/dev/null", "w")
    )
    role = FacilitatorRole.objects.get(user=resident_of_manggarai)
    assert role.for_member is None and not permissions.acts_for_member(resident_of_manggarai, member.pk)
    assert RoleChange.objects.filter(user=resident_of_manggarai, role="facilitator").count() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["facilitator", "--area", "menteng", "--for-member", "{member}"], "within their district"),
        (["facilitator", "--area", "manggarai", "--for-member", "nobody@example.org"], "No council member"),
        (["moderator", "--area", "manggarai", "--for-member", "{member}"], "--for-member is for a facilitator"),
    ],
)
def test_grant_role_for_member_refuses_what_it_cannot_do(resident_of_manggarai, member, areas, args, message):
    args = [a.format(member=member.email) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", resident_of_manggarai.email, *args)
    assert not FacilitatorRole.objects.exists()


def test_the_admin_grants_a_staff_role_within_the_district_only(
    client_of, admin_user_, resident_of_manggarai, member, areas
):
    admin = client_of(admin_user_)
    form = {
        "user": resident_of_manggarai.pk,
        "areas": [areas["menteng"].pk],
        "for_member": member.council_member_role.pk,
        "public_contact": "Pos RW 04",
    }
    refused = admin.post("/admin/accounts/facilitatorrole/add/", form)
    assert refused.status_code == 200 and "within their district" in refused.content.decode()
    assert not FacilitatorRole.objects.exists()
    form["areas"] = [areas["manggarai"].pk]
    assert admin.post("/admin/accounts/facilitatorrole/add/", form).status_code == 302
    role = FacilitatorRole.objects.get(user=resident_of_manggarai)
    assert role.for_member == member.council_member_role and role.public_contact == "Pos RW 04"
    assert role.badge_member == "Dewi Lestari"
    assert RoleChange.objects.get(user=resident_of_manggarai, role="facilitator").by == f"admin:{admin_user_.username}"


@pytest.fixture
def facilitator(resident_of_manggarai, areas):
    actions.grant_facilitator(user=resident_of_manggarai, areas=[areas["manggarai"]], by="test")
    return resident_of_manggarai


def test_only_the_facilitator_and_administrators_write_the_contact(facilitator, moderator_of_tebet, admin_user_):
    role = facilitator.facilitator_role
    assert permissions.can(facilitator, account_rules.edit_facilitator_contact, role)
    assert permissions.can(admin_user_, account_rules.edit_facilitator_contact, role)
    assert permissions.why_not(moderator_of_tebet, account_rules.edit_facilitator_contact, role) == (
        "Only the facilitator writes how to reach them."
    )
    with pytest.raises(PermissionDenied):
        actions.set_facilitator_contact(actor=moderator_of_tebet, role=role, contact="WA 0800")
    actions.set_facilitator_contact(actor=facilitator, role=role, contact="  Pos RW 04,\n Tuesday evenings ")
    assert FacilitatorRole.objects.get(pk=role.pk).public_contact == "Pos RW 04, Tuesday evenings"


def test_the_facilitator_writes_the_contact_on_their_profile_page(client_of, facilitator):
    own = client_of(facilitator)
    page = own.get("/profile/").content.decode()
    assert "How residents reach you (public)" in page
    response = own.post("/facilitation/contact/", {"public_contact": "Pos RW 04, Tuesday evenings; WA 0812 3456 789"})
    assert response.status_code == 302 and response["Location"].endswith("/profile/#facilitation")
    assert (
        FacilitatorRole.objects.get(user=facilitator).public_contact == "Pos RW 04, Tuesday evenings; WA 0812 3456 789"
    )
    assert 'value="Pos RW 04, Tuesday evenings; WA 0812 3456 789"' in own.get("/profile/").content.decode()


def test_someone_who_is_no_facilitator_has_no_contact_to_write(client_of, resident_of_manggarai):
    own = client_of(resident_of_manggarai)
    assert "How residents reach you (public)" not in own.get("/profile/").content.decode()
    assert own.post("/facilitation/contact/", {"public_contact": "spam"}).status_code == 403


def test_when_the_members_role_ends_their_staff_stay_facilitators_for_nobody(resident_of_manggarai, member, areas):
    actions.grant_facilitator(
        user=resident_of_manggarai, areas=[areas["manggarai"]], by="test", for_member=member.council_member_role
    )
    actions.revoke_role(user=member, role="council_member", by="test")
    role = FacilitatorRole.objects.get(user=resident_of_manggarai)
    assert role.for_member is None and role.badge_member == ""  # the badge no longer names them
    assert permissions.member_staffed_by(resident_of_manggarai) is None
    ended = RoleChange.objects.filter(user=resident_of_manggarai, kind="revoked").get()
    assert ended.detail == f"no longer staff of council member {member.pk}: their role was revoked"


def test_the_personal_data_export_holds_the_facilitator_role_and_contact(facilitator):
    from privacy.personal_data import export_for

    actions.set_facilitator_contact(actor=facilitator, role=facilitator.facilitator_role, contact="WA 0812")
    exported = export_for(facilitator)["roles"]["facilitator"]
    assert exported["areas"] == ["manggarai"] and exported["public_contact"] == "WA 0812"
