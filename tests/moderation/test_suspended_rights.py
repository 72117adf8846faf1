"""Suspended: read and appeal, nothing else. Except withdrawing one's own words, kept as a right;
never renaming oneself (or any other change others see of the profile)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import actions as account_actions
from moderation import actions
from residency import actions as residency_actions


@pytest.fixture
def siti_suspended(comment_by_siti, resident_of_manggarai, moderator_of_tebet):
    actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=3, reason="abuse", item=comment_by_siti
    )
    resident_of_manggarai.profile.refresh_from_db()
    return resident_of_manggarai


def test_a_suspended_person_may_still_retract_their_comment(siti_suspended, comment_by_siti):
    from comments import actions as comment_actions

    comment_actions.retract_comment(actor=siti_suspended, comment=comment_by_siti)
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.retracted_at is not None


def test_a_suspended_person_cannot_rename_themselves(siti_suspended):
    profile = siti_suspended.profile
    with pytest.raises(PermissionDenied, match="suspended until"):
        account_actions.update_profile(actor=siti_suspended, display_name="Not Siti", language="")
    profile.refresh_from_db()
    assert profile.display_name == "Siti"


def test_a_suspended_person_cannot_move_home_but_may_change_their_language(siti_suspended, areas):
    with pytest.raises(PermissionDenied, match="suspended until"):
        residency_actions.move_home(actor=siti_suspended, home_area=areas["bukit-duri-rw-03"])
    account_actions.update_profile(actor=siti_suspended, display_name="Siti", language="id")
    siti_suspended.profile.refresh_from_db()
    assert siti_suspended.profile.language == "id"


def test_the_profile_page_says_why_and_keeps_what_was_typed(siti_suspended, client_of, areas):
    page = client_of(siti_suspended).post(
        "/profile/", {"display_name": "Siti the Great", "home_area": areas["manggarai-rw-04"].pk, "language": ""}
    )
    assert page.status_code == 403
    text = page.content.decode()
    assert "suspended until" in text and "Siti the Great" in text
