"""The admin cannot bypass the record: history is append-only, roles and residency change
only through their actions, and deleting a user erases the account on the same path."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import ModeratorRole, Profile, RoleChange


@pytest.fixture
def admin_client_(admin_user_, client_of):
    return client_of(admin_user_)


def test_residency_verification_and_suspension_are_read_only_in_the_profile_admin(
    admin_client_, resident_of_manggarai, areas
):
    profile = resident_of_manggarai.profile
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    page = admin_client_.get(url).content.decode()
    for field in ("residency", "verified_area", "verified_by", "verified_at", "suspended_until", "home_area"):
        assert f'name="{field}"' not in page
    admin_client_.post(
        url,
        {
            "display_name": "Siti R.",
            "language": "",
            "residency": "verified",
            "verified_area": areas["manggarai"].pk,
            "suspended_until_0": "2030-01-01",
        },
    )
    profile.refresh_from_db()
    assert profile.display_name == "Siti R."
    assert (profile.residency, profile.verified_area, profile.suspended_until) == ("unverified", None, None)


def test_profiles_are_neither_added_nor_deleted_by_hand(admin_client_, resident_of_manggarai):
    assert admin_client_.get("/admin/accounts/profile/add/").status_code == 403
    assert admin_client_.get(f"/admin/accounts/profile/{resident_of_manggarai.profile.pk}/delete/").status_code == 403


def test_revoking_from_the_profile_admin_goes_on_the_record(admin_client_, moderator_of_tebet):
    admin_client_.post(
        "/admin/accounts/profile/", {"action": "revoke_moderator", "_selected_action": [moderator_of_tebet.profile.pk]}
    )
    assert not ModeratorRole.objects.filter(user=moderator_of_tebet).exists()
    assert RoleChange.objects.filter(user=moderator_of_tebet, kind="revoked", by__startswith="admin:").exists()


def test_delete_selected_on_roles_revokes_them_on_the_record(admin_client_, moderator_of_tebet, moderator_of_menteng):
    roles = list(ModeratorRole.objects.values_list("pk", flat=True))
    response = admin_client_.post(
        "/admin/accounts/moderatorrole/", {"action": "delete_selected", "_selected_action": roles, "post": "yes"}
    )
    assert response.status_code == 302
    assert not ModeratorRole.objects.exists()
    assert set(RoleChange.objects.filter(kind="revoked").values_list("user", flat=True)) == {
        moderator_of_tebet.pk,
        moderator_of_menteng.pk,
    }


def test_deleting_one_role_revokes_it_on_the_record(admin_client_, moderator_of_tebet):
    role = moderator_of_tebet.moderator_role
    admin_client_.post(f"/admin/accounts/moderatorrole/{role.pk}/delete/", {"post": "yes"})
    assert RoleChange.objects.filter(user=moderator_of_tebet, kind="revoked").exists()


def test_a_role_does_not_move_to_someone_else_by_hand(admin_client_, moderator_of_tebet):
    page = admin_client_.get(
        f"/admin/accounts/moderatorrole/{moderator_of_tebet.moderator_role.pk}/change/"
    ).content.decode()
    assert 'name="user"' not in page


@pytest.fixture
def a_row_of_every_history(flooded_street, moderator_of_tebet, resident_of_manggarai, resident_of_bukit_duri, areas):
    """An edit, a report, a hide, an appeal, a suspension and the notifications they send."""
    from issues import actions as issue_actions
    from moderation import actions as moderation_actions

    issue_actions.edit_issue(
        actor=resident_of_manggarai,
        issue=flooded_street,
        title="Drainage blocked (still)",
        description=flooded_street.description,
    )
    moderation_actions.report_item(actor=resident_of_bukit_duri, item=flooded_street, reason="spam")
    hide = moderation_actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="spam")
    moderation_actions.appeal(actor=resident_of_manggarai, action=hide, text="Please look again.")
    moderation_actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=1, reason="spam", item=flooded_street
    )


@pytest.mark.parametrize(
    "model",
    [
        "accounts/rolechange",
        "moderation/moderationaction",
        "moderation/report",
        "moderation/appeal",
        "moderation/suspension",
        "notifications/notification",
        "issues/issuerevision",
    ],
)
def test_history_is_append_only_in_the_admin(model, admin_client_, a_row_of_every_history):
    from django.apps import apps

    app_label, name = model.split("/")
    rows = apps.get_model(app_label, name).objects
    row = rows.first()
    before = rows.count()
    if admin_client_.get(f"/admin/{model}/").status_code != 200:
        pytest.skip(f"{model} has no admin")
    assert admin_client_.get(f"/admin/{model}/add/").status_code == 403
    assert admin_client_.get(f"/admin/{model}/{row.pk}/delete/").status_code == 403
    admin_client_.post(f"/admin/{model}/{row.pk}/change/", {"note": "forged", "detail": "forged", "text": "forged"})
    admin_client_.post(f"/admin/{model}/", {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert rows.count() == before
    assert "forged" not in str(list(rows.values()))
    assert 'value="delete_selected"' not in admin_client_.get(f"/admin/{model}/").content.decode()


def test_deleting_a_user_in_the_admin_erases_the_account(admin_client_, flooded_street, resident_of_manggarai):
    response = admin_client_.get(f"/admin/auth/user/{resident_of_manggarai.pk}/delete/")
    assert response.status_code == 200 and "protected" not in response.content.decode().lower()
    admin_client_.post(f"/admin/auth/user/{resident_of_manggarai.pk}/delete/", {"post": "yes"})
    user = get_user_model().objects.get(pk=resident_of_manggarai.pk)  # the row stays: the issue still points at it
    assert not user.is_active and user.email == "" and Profile.objects.get(user=user).erased_at is not None
    flooded_street.refresh_from_db()
    assert flooded_street.author_id == user.pk


def test_delete_selected_users_erases_each(
    admin_client_, resident_of_manggarai, resident_of_bukit_duri, flooded_street
):
    ids = [resident_of_manggarai.pk, resident_of_bukit_duri.pk]
    admin_client_.post("/admin/auth/user/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert set(Profile.objects.filter(erased_at__isnull=False).values_list("user", flat=True)) == set(ids)
