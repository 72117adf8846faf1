"""A person leaves: the account is erased, what they wrote stays (by "a former resident"),
their votes keep counting, and signing up again does not give them a second vote."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from privacy import actions as privacy_actions
from accounts.models import ErasureFingerprint, RoleChange
from residency.models import ResidencyRequest
from issues.models import Issue
from notifications.models import Notification
from tests.privacy.conftest import reauthenticated
from tests.conftest import make_user
from residency import actions as residency_actions
from votes import rules as vote_rules


def erase_through_the_page(client):
    return client.post("/profile/delete/", {"confirm": "on"})


def test_deleting_asks_for_the_password_first(resident_of_manggarai, client_of):
    client = client_of(resident_of_manggarai)
    assert client.get("/profile/delete/").status_code == 200  # the page explains; it changes nothing
    response = erase_through_the_page(client)
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fprofile%2Fdelete%2F"
    resident_of_manggarai.refresh_from_db()
    assert resident_of_manggarai.is_active


def test_deleting_needs_the_box_ticked(resident_of_manggarai, client_of):
    client = reauthenticated(client_of(resident_of_manggarai))
    response = client.post("/profile/delete/", {})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    resident_of_manggarai.refresh_from_db()
    assert resident_of_manggarai.is_active


def test_the_erased_account_names_nobody_and_what_it_wrote_stays(
    siti_took_part, client_of, client, live_events, django_capture_on_commit_callbacks
):
    siti = siti_took_part
    issue = Issue.objects.get(author=siti)
    support_before = issue.support_count
    elsewhere = client_of(siti)  # another browser of hers, signed in
    with django_capture_on_commit_callbacks(execute=True):
        response = erase_through_the_page(reauthenticated(client_of(siti)))
    assert response.status_code == 302 and response["Location"] == "/"

    siti = get_user_model().objects.select_related("profile").get(pk=siti.pk)
    assert (siti.username, siti.email, siti.is_active, siti.has_usable_password()) == (
        f"erased-{siti.pk}",
        "",
        False,
        False,
    )
    assert siti.profile.display_name == "" and siti.profile.home_area is None and siti.profile.erased_at
    assert siti.profile.residency == "unverified" and siti.profile.verified_area is None
    assert not EmailAddress.objects.filter(user=siti).exists()
    assert list(ResidencyRequest.objects.filter(user=siti).values_list("rt", "rw", "street", "note")) == [
        ("", "", "", "")
    ]
    assert not Notification.objects.filter(recipient=siti).exists()
    # Signed out everywhere: her other browser and her open sockets.
    assert elsewhere.get("/profile/")["Location"].startswith("/accounts/login/")
    assert f"account.{siti.pk}" in live_events.groups()
    # On the record: her issue and comments stay, by "a former resident"; her vote still counts.
    issue.refresh_from_db()
    assert issue.support_count == support_before and siti.votes.filter(withdrawn_at__isnull=True).count() == 1
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Siti" not in page and "A former resident" in page and "My first words, corrected." in page
    # One-way fingerprints of her e-mail and address, nothing readable.
    digests = list(ErasureFingerprint.objects.filter(user=siti).values_list("digest", flat=True))
    assert len(digests) == 2 and all(len(d) == 64 and "melati" not in d for d in digests)


def test_others_are_no_longer_told_her_name(flooded_street, resident_of_manggarai, resident_of_bukit_duri, client_of):
    from comments import actions as comment_actions

    first = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Still flooded.")
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Here too.", parent=first)
    hers = comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Who has a pump?")
    privacy_actions.erase_account(actor=resident_of_manggarai, user=resident_of_manggarai)
    page = client_of(resident_of_bukit_duri).get("/notifications/").content.decode()
    assert "Siti" not in page and "A former resident replied to your comment" in page
    # Nor is anything stored for the erased account any more (a reply to her old comment).
    comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="I do.", parent=hers)
    assert not Notification.objects.filter(recipient=resident_of_manggarai).exists()


def test_roles_are_revoked_on_the_record(moderator_of_tebet):
    privacy_actions.erase_account(actor=moderator_of_tebet, user=moderator_of_tebet)
    assert RoleChange.objects.filter(user=moderator_of_tebet, role="moderator", kind="revoked").exists()
    assert not hasattr(get_user_model().objects.get(pk=moderator_of_tebet.pk), "moderator_role")


def test_only_the_person_or_an_administrator_erases_an_account(
    resident_of_manggarai, resident_of_bukit_duri, admin_user_
):
    with pytest.raises(PermissionDenied):
        privacy_actions.erase_account(actor=resident_of_bukit_duri, user=resident_of_manggarai)
    privacy_actions.erase_account(actor=admin_user_, user=resident_of_manggarai)
    resident_of_manggarai.refresh_from_db()
    assert not resident_of_manggarai.is_active


def test_a_suspended_person_may_still_leave(flooded_street, resident_of_manggarai, moderator_of_tebet):
    from moderation import actions as moderation_actions

    moderation_actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=3, reason="abuse", item=flooded_street
    )
    privacy_actions.erase_account(actor=resident_of_manggarai, user=resident_of_manggarai)
    resident_of_manggarai.refresh_from_db()
    assert resident_of_manggarai.profile.erased_at is not None


# --- Coming back does not give a second vote -----------------------------------------------------


def _come_back(areas, moderator, *, email, street):
    newcomer = make_user(name="Siti Baru", home=areas["manggarai-rw-04"], email=email)
    request = residency_actions.request_verification(actor=newcomer, rt="3", rw="4", street=street)
    residency_actions.decide_verification(actor=moderator, request=request, approve=True)
    newcomer.profile.refresh_from_db()
    return newcomer


@pytest.fixture
def siti_left(siti_took_part):
    email = siti_took_part.email
    privacy_actions.erase_account(actor=siti_took_part, user=siti_took_part)
    return email


def test_signing_up_again_at_the_same_address_gives_no_second_vote(
    siti_left, siti_took_part, areas, moderator_of_tebet, issue_factory
):
    from accounts import permissions
    from votes import actions as vote_actions
    from votes.models import PriorityRound

    issue = Issue.objects.get(author=siti_took_part)
    # Another e-mail, the same house written another way.
    again = _come_back(areas, moderator_of_tebet, email="siti.lagi@example.org", street="jln melati nomor 12")
    assert again.profile.matches_erased_account
    with pytest.raises(PermissionDenied, match="with an account you deleted"):
        vote_actions.cast_vote(actor=again, issue=issue)
    round_ = PriorityRound.objects.get()
    assert "with an account you deleted" in permissions.why_not(again, vote_rules.allocate_points, round_)
    # Where the erased account did not vote, the newcomer votes like anyone.
    other = issue_factory(make_user(home=areas["manggarai-rw-04"]), area=areas["manggarai"], title="Sampah menumpuk")
    vote_actions.cast_vote(actor=again, issue=other)


def test_signing_up_again_with_the_same_email_gives_no_second_vote(
    siti_left, siti_took_part, areas, moderator_of_tebet
):
    from votes import actions as vote_actions

    issue = Issue.objects.get(author=siti_took_part)
    again = _come_back(areas, moderator_of_tebet, email=siti_left.upper(), street="Jl. Mawar 3")
    with pytest.raises(PermissionDenied, match="with an account you deleted"):
        vote_actions.cast_vote(actor=again, issue=issue)


def test_a_new_neighbour_at_another_address_is_not_mistaken_for_her(
    siti_left, siti_took_part, areas, moderator_of_tebet
):
    from votes import actions as vote_actions

    issue = Issue.objects.get(author=siti_took_part)
    neighbour = _come_back(areas, moderator_of_tebet, email="tetangga@example.org", street="Jl. Melati No. 14")
    assert not neighbour.profile.matches_erased_account
    vote_actions.cast_vote(actor=neighbour, issue=issue)


def test_the_address_normalisation_reads_one_house_one_way():
    from residency.fingerprints import normalise_address

    assert normalise_address(area_id=7, rt="003", rw="04", street="Jl. Melati No. 12") == "7|3/4/melati 12"
    assert normalise_address(area_id=7, rt="3", rw="4", street="  JLN  Melati, nomor 12 ") == "7|3/4/melati 12"
    assert normalise_address(area_id=8, rt="3", rw="4", street="Jl. Melati 12") != "7|3/4/melati 12"
