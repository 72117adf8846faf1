"""A resident who signs up claims their offline record; a failed entry is voided. One person,
one vote throughout: the tally and verify_tallies agree after either."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Profile
from facilitation import actions
from facilitation.models import Claim
from issues.models import AssistedRecord
from tests.conftest import make_user
from votes import actions as vote_actions
from votes import tallies
from votes.models import Vote

from .conftest import PAPER


@pytest.fixture
def darto_online(areas):
    """Pak Darto signs up himself, months later."""
    return make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])


def test_a_confirmed_claim_makes_the_earlier_input_theirs(
    darto, darto_online, facilitator, flooded_street, moderator_of_tebet
):
    actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    comment = actions.record_comment(actor=facilitator, resident=darto, issue=flooded_street, body="Banjir!", how=PAPER)
    claim = actions.claim_record(actor=darto_online, code=darto.code.lower().replace("-", " "))
    confirmed = actions.confirm_claim(actor=moderator_of_tebet, claim=claim)
    assert confirmed.state == Claim.State.CONFIRMED
    comment.refresh_from_db()
    assert comment.author == darto_online and comment.assisted.recorded_by == facilitator
    assert Vote.objects.get(issue=flooded_street, withdrawn_at__isnull=True).user == darto_online
    darto_online.profile.refresh_from_db()
    assert darto_online.profile.residency == Profile.Residency.VERIFIED
    darto.user.refresh_from_db()
    assert not darto.user.is_active
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 1 and tallies.differences() == []


def test_where_both_identities_supported_one_vote_remains_and_the_log_says_where(
    darto, darto_online, facilitator, flooded_street, moderator_of_tebet, issue_factory, areas
):
    # Darto verified online too (a second household member vouched), and supported online as well.
    from residency import actions as residency_actions

    residency_actions.verify_resident(user=darto_online, area=areas["manggarai-rw-04"], by="RW 04 meeting")
    darto_online.profile.refresh_from_db()
    actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    vote_actions.cast_vote(actor=darto_online, issue=flooded_street)
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 2
    claim = actions.claim_record(actor=darto_online, code=darto.code)
    confirmed = actions.confirm_claim(actor=moderator_of_tebet, claim=claim)
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 1
    assert confirmed.merged["supports_merged"] == [flooded_street.pk]
    assert tallies.differences() == []


def test_a_claim_is_confirmed_by_the_area_not_by_the_claimant_nor_the_facilitator(
    darto, darto_online, facilitator, moderator_of_menteng
):
    claim = actions.claim_record(actor=darto_online, code=darto.code)
    for person in (darto_online, facilitator, moderator_of_menteng):
        with pytest.raises(PermissionDenied):
            actions.confirm_claim(actor=person, claim=claim)


def test_a_record_is_claimed_once(darto, darto_online, moderator_of_tebet, areas):
    impostor = make_user(name="Someone", home=areas["manggarai-rw-04"])
    first = actions.claim_record(actor=darto_online, code=darto.code)
    second = actions.claim_record(actor=impostor, code=darto.code)
    actions.confirm_claim(actor=moderator_of_tebet, claim=first)
    second.refresh_from_db()
    assert second.state == Claim.State.DECLINED
    with pytest.raises(PermissionDenied):
        actions.confirm_claim(actor=moderator_of_tebet, claim=second)
    with pytest.raises(ValidationError):
        actions.claim_record(actor=impostor, code=darto.code)


def test_after_the_claim_the_facilitator_no_longer_acts_for_them(
    darto, darto_online, facilitator, moderator_of_tebet, flooded_street
):
    actions.confirm_claim(actor=moderator_of_tebet, claim=actions.claim_record(actor=darto_online, code=darto.code))
    darto.refresh_from_db()
    with pytest.raises(PermissionDenied, match="own account"):
        actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)


def test_an_unknown_code_is_refused_beside_the_field(darto_online):
    with pytest.raises(ValidationError) as refused:
        actions.claim_record(actor=darto_online, code="AAA-AAA")
    assert "code" in refused.value.message_dict


def test_voiding_a_support_removes_the_vote_and_shows_on_the_public_log(
    darto, facilitator, flooded_street, moderator_of_tebet, client
):
    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    actions.void_entry(actor=moderator_of_tebet, record=vote.assisted, reason="Call-back: Pak Darto never signed this.")
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 0 and tallies.differences() == []
    log = client.get("/facilitation/log/").content.decode()
    assert "Call-back: Pak Darto never signed this." in log and "Agus" in log


def test_only_the_areas_moderators_and_officials_void_and_never_their_own_entries(
    darto, facilitator, flooded_street, moderator_of_menteng, resident_of_manggarai
):
    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    for person in (facilitator, moderator_of_menteng, resident_of_manggarai):
        with pytest.raises(PermissionDenied):
            actions.void_entry(actor=person, record=vote.assisted, reason="no")
    assert AssistedRecord.objects.get().voided_at is None


def test_a_voided_comment_says_so_in_place(darto, facilitator, flooded_street, official_of_water_agency, client):
    comment = actions.record_comment(actor=facilitator, resident=darto, issue=flooded_street, body="Palsu", how=PAPER)
    actions.void_entry(actor=official_of_water_agency, record=comment.assisted, reason="Forged transcription")
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "voided: Forged transcription" in page
