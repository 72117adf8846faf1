"""Who may support an issue: one verified resident, one equal vote, in their own area.

The matrix: unverified, verified in the area, verified elsewhere, an official, a moderator,
each on an issue of Kelurahan Manggarai (inside Tebet) and on one of Tebet itself.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts import permissions
from tests.votes.conftest import verify
from votes import actions, queries
from residency import actions as residency_actions
from votes import rules as vote_rules


@pytest.fixture
def tebet_wide(issue_factory, resident_of_bukit_duri, areas):
    """An issue of the whole sub-district, raised from Bukit Duri."""
    return issue_factory(resident_of_bukit_duri, area=areas["tebet"], title="Buses skip the Tebet stops")


def test_an_unverified_resident_sees_why_and_how_to_become_eligible(resident_of_manggarai, flooded_street):
    reason = permissions.why_not(resident_of_manggarai, vote_rules.support_issue, flooded_street)
    assert (
        reason == "Only verified residents vote. Ask on your profile to be verified as a resident of RW 04 Manggarai."
    )
    step = queries.eligibility(resident_of_manggarai, vote_rules.support_issue, flooded_street)
    assert step.next_url == "/profile/#residency" and step.next_label == "Ask to be verified"
    with pytest.raises(PermissionDenied):
        actions.cast_vote(actor=resident_of_manggarai, issue=flooded_street)


def test_a_resident_waiting_for_verification_is_told_so(resident_of_manggarai, flooded_street):
    residency_actions.request_verification(
        actor=resident_of_manggarai, rt="007", rw="004", street="Jl. Manggarai Utara 3"
    )
    reason = permissions.why_not(resident_of_manggarai, vote_rules.support_issue, flooded_street)
    assert "waiting for a moderator or official" in reason
    assert (
        queries.eligibility(resident_of_manggarai, vote_rules.support_issue, flooded_street).next_label
        == "See your request"
    )


def test_a_verified_resident_votes_on_issues_of_their_area_and_the_areas_above(
    verified_siti, flooded_street, tebet_wide
):
    assert permissions.can(verified_siti, vote_rules.support_issue, flooded_street)
    assert permissions.can(verified_siti, vote_rules.support_issue, tebet_wide)


def test_a_resident_verified_elsewhere_cannot_vote_here(verified_budi, flooded_street, tebet_wide):
    assert permissions.why_not(verified_budi, vote_rules.support_issue, flooded_street) == (
        "Only residents of Kelurahan Manggarai vote here; you are a verified resident of RW 03 Bukit Duri."
    )
    assert queries.eligibility(verified_budi, vote_rules.support_issue, flooded_street).next_url == ""
    assert permissions.can(verified_budi, vote_rules.support_issue, tebet_wide)


def test_an_official_votes_only_as_a_resident_of_their_home_area(official_of_water_agency, flooded_street, tebet_wide):
    # Serving all of Tebet gives no vote: Rina is not yet a verified resident anywhere.
    assert "Only verified residents vote" in permissions.why_not(
        official_of_water_agency, vote_rules.support_issue, tebet_wide
    )
    verify(official_of_water_agency)  # she lives in RW 03 Bukit Duri
    assert permissions.can(official_of_water_agency, vote_rules.support_issue, tebet_wide)
    assert "Only residents of Kelurahan Manggarai" in permissions.why_not(
        official_of_water_agency, vote_rules.support_issue, flooded_street
    )


def test_a_moderator_votes_only_as_a_resident_of_their_home_area(
    moderator_of_tebet, flooded_street, issue_factory, areas, verified_budi
):
    bukit_duri_issue = issue_factory(verified_budi, area=areas["bukit-duri"], title="Riverbank erosion")
    assert not permissions.can(moderator_of_tebet, vote_rules.support_issue, flooded_street)
    verify(moderator_of_tebet)  # Agus lives in RW 04 Manggarai
    assert permissions.can(moderator_of_tebet, vote_rules.support_issue, flooded_street)
    assert not permissions.can(moderator_of_tebet, vote_rules.support_issue, bukit_duri_issue)


def test_each_vote_weighs_the_same_whoever_casts_it(verified_siti, moderator_of_tebet, flooded_street):
    verify(moderator_of_tebet)
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    actions.cast_vote(actor=moderator_of_tebet, issue=flooded_street)
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 2


def test_visitors_and_unconfirmed_accounts_are_told_what_to_do(flooded_street, unverified_user):
    visitor = queries.eligibility(AnonymousUser(), vote_rules.support_issue, flooded_street, next_path="/issues/1/")
    assert visitor.reason == "Sign in to take part." and visitor.next_url == "/accounts/login/?next=/issues/1/"
    unconfirmed = queries.eligibility(unverified_user, vote_rules.support_issue, flooded_street)
    assert unconfirmed.reason == "Confirm your e-mail address to take part."


def test_moving_home_ends_the_verification(verified_siti, flooded_street, areas):
    residency_actions.move_home(actor=verified_siti, home_area=areas["bukit-duri-rw-03"])
    assert "Only verified residents vote" in permissions.why_not(
        verified_siti, vote_rules.support_issue, flooded_street
    )
