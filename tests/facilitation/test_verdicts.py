"""A verdict on an official response, recorded for a resident without an account, counts like any
resident's and carries its record; claiming the record keeps one verdict per person."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from facilitation import actions
from responses import actions as response_actions
from responses.models import AgencyCategory, OfficialResponse
from tests.conftest import make_user

from .conftest import PAPER


@pytest.fixture
def answered(flooded_street, official_of_water_agency, water_agency):
    AgencyCategory.objects.create(agency=water_agency, category="flooding")
    with transaction.atomic():
        response_actions.start_clock(issue=flooded_street, trigger="threshold")
    return response_actions.publish_response(
        actor=official_of_water_agency, issue=flooded_street, status="resolved", body="Cleaned on 2 Dec."
    )


def test_a_recorded_verdict_counts_and_says_who_recorded_it(darto, facilitator, answered):
    verdict = actions.record_verdict(actor=facilitator, resident=darto, response=answered, answers=False, how=PAPER)
    assert verdict.user == darto.user and verdict.assisted.recorded_by == facilitator
    assert OfficialResponse.objects.get(pk=answered.pk).does_not_count == 1


def test_an_unverified_resident_cannot_judge(register, facilitator, answered):
    with pytest.raises(PermissionDenied):
        actions.record_verdict(actor=facilitator, resident=register(), response=answered, answers=True, how=PAPER)


def test_claiming_keeps_one_verdict_per_person(darto, facilitator, answered, moderator_of_tebet, areas):
    from residency import actions as residency_actions

    online = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    residency_actions.verify_resident(user=online, area=areas["manggarai-rw-04"], by="RW 04 meeting")
    online.profile.refresh_from_db()
    actions.record_verdict(actor=facilitator, resident=darto, response=answered, answers=False, how=PAPER)
    response_actions.give_verdict(actor=online, response=answered, answers=False)
    assert OfficialResponse.objects.get(pk=answered.pk).does_not_count == 2
    claim = actions.confirm_claim(actor=moderator_of_tebet, claim=actions.claim_record(actor=online, code=darto.code))
    assert claim.merged["verdicts_merged"] == [answered.pk]
    assert OfficialResponse.objects.get(pk=answered.pk).does_not_count == 1
