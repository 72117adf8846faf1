"""Acts a facilitator records for a resident without an account: the ordinary actions and rules,
the resident as the actor, and a mark saying who recorded it, how and from what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import actions as account_actions
from facilitation import actions
from issues.models import AssistedRecord, Channel, RecordingMethod
from tests.conftest import make_user
from votes import tallies
from votes.models import Vote

from .conftest import PAPER


def test_a_recorded_support_counts_once_as_the_residents_vote(darto, facilitator, flooded_street):
    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    flooded_street.refresh_from_db()
    assert vote.user == darto.user and flooded_street.support_count == 1
    assert vote.assisted.recorded_by == facilitator
    assert vote.assisted.source == "sheet RW04-2026-12-03"
    with pytest.raises(ValidationError, match="already supports"):
        actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    flooded_street.refresh_from_db()
    assert flooded_street.support_count == 1
    assert Vote.objects.filter(issue=flooded_street).count() == 1
    assert tallies.differences() == []


def test_support_obeys_eligibility_an_unverified_resident_cannot_vote(register, facilitator, flooded_street):
    unverified = register()
    with pytest.raises(PermissionDenied, match="verif"):
        actions.record_support(actor=facilitator, resident=unverified, issue=flooded_street, how=PAPER)
    assert not AssistedRecord.objects.exists()


def test_support_obeys_the_area_a_resident_of_manggarai_cannot_vote_in_bukit_duri(
    darto, facilitator, issue_factory, resident_of_bukit_duri
):
    elsewhere = issue_factory(resident_of_bukit_duri)
    with pytest.raises(PermissionDenied):
        actions.record_support(actor=facilitator, resident=darto, issue=elsewhere, how=PAPER)


def test_a_facilitator_cannot_act_for_themselves(darto, facilitator, flooded_street):
    # Even the offline record she later claimed as her own is no longer hers to act for.
    darto.claimed_by = facilitator
    with pytest.raises(PermissionDenied, match="cannot act for themselves"):
        actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)


def test_a_facilitator_of_elsewhere_cannot_act_for_a_resident_she_did_not_register(darto, areas, flooded_street):
    other = make_user(name="Pak Joko", home=areas["bukit-duri-rw-03"])
    account_actions.grant_facilitator(user=other, areas=[areas["bukit-duri-rw-03"]], by="test")
    with pytest.raises(PermissionDenied, match="act only for residents"):
        actions.record_support(actor=other, resident=darto, issue=flooded_street, how=PAPER)
    resident = make_user(name="Wati", home=areas["manggarai-rw-04"])
    with pytest.raises(PermissionDenied):
        actions.record_support(actor=resident, resident=darto, issue=flooded_street, how=PAPER)


def test_another_facilitator_of_the_area_may_act_for_its_residents(darto, areas, flooded_street):
    colleague = make_user(name="Pak Joko", home=areas["manggarai"])
    account_actions.grant_facilitator(user=colleague, areas=[areas["manggarai"]], by="test")
    vote = actions.record_support(actor=colleague, resident=darto, issue=flooded_street, how=PAPER)
    assert vote.assisted.recorded_by == colleague


def test_a_suspended_facilitators_work_stops(darto, facilitator, flooded_street):
    from datetime import timedelta

    from django.utils import timezone

    facilitator.profile.suspended_until = timezone.now() + timedelta(days=3)
    facilitator.profile.save(update_fields=["suspended_until"])
    with pytest.raises(PermissionDenied, match="suspended"):
        actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)


def test_an_unknown_recording_method_is_refused(darto, facilitator, flooded_street):
    with pytest.raises(ValidationError):
        actions.record_support(
            actor=facilitator, resident=darto, issue=flooded_street, how=actions.Recording(method="telepathy")
        )


def test_a_recorded_comment_is_the_residents_and_says_who_recorded_it(darto, facilitator, flooded_street, client):
    comment = actions.record_comment(
        actor=facilitator, resident=darto, issue=flooded_street, body="Airnya sampai lutut.", how=PAPER
    )
    assert comment.author == darto.user
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "Airnya sampai lutut." in page
    assert "recorded by" in page and "Ibu Sri" in page and "for a resident of RW 04 Manggarai" in page
    assert "paper form" in page and "sheet RW04-2026-12-03" in page


def test_a_double_submitted_comment_is_recorded_once(darto, facilitator, flooded_street):
    import uuid

    token = uuid.uuid4()
    first = actions.record_comment(
        actor=facilitator, resident=darto, issue=flooded_street, body="Sekali", how=PAPER, submission_token=token
    )
    again = actions.record_comment(
        actor=facilitator, resident=darto, issue=flooded_street, body="Sekali", how=PAPER, submission_token=token
    )
    assert first == again
    assert AssistedRecord.objects.count() == 1


def test_a_recorded_issue_comes_through_the_assisted_channel(darto, facilitator, areas, client):
    issue = actions.record_issue(
        actor=facilitator,
        resident=darto,
        title="Lampu jalan mati di gang 3",
        description="Sudah dua minggu gelap.",
        category="safety",
        area=areas["manggarai-rw-04"],
        how=actions.Recording(method=RecordingMethod.SUGGESTION_BOX, source="kotak saran RW 04, Dec"),
    )
    assert issue.author == darto.user and issue.channel == Channel.ASSISTED
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "suggestion box (kotak saran)" in page and "Ibu Sri" in page


def test_the_tally_says_how_many_supports_were_recorded_live(
    darto, facilitator, flooded_street, live_events, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    assert live_events.groups() == [f"issue.{flooded_street.pk}"]
    html = live_events.sent[0][1]["html"]["en"]
    assert ">1</strong>" in html and "1 recorded by a facilitator" in html
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "1 recorded by a facilitator" in page


def test_assisted_acts_are_rate_limited_per_facilitator(
    darto, facilitator, issue_factory, resident_of_manggarai, settings, fresh_counts
):
    from core.ratelimit import RateLimited

    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMIT_RULES = {
        **settings.RATE_LIMIT_RULES,
        "assisted": (3600, 2, 2, 100),
        "issue": (3600, 100, 100, 100),  # opening the issues is not what is tested
    }
    issues = [issue_factory(resident_of_manggarai, title=f"Selokan {n}") for n in range(3)]
    for issue in issues[:2]:
        actions.record_support(actor=facilitator, resident=darto, issue=issue, how=PAPER)
    with pytest.raises(RateLimited):
        actions.record_support(actor=facilitator, resident=darto, issue=issues[2], how=PAPER)
    assert AssistedRecord.objects.count() == 2
