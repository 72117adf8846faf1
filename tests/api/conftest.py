"""An issue around Tebet with a thread, a response with a commitment, and a moderator's hide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from moderation import actions as moderation_actions
from responses import actions as response_actions
from responses.actions.responding import CommitmentDraft
from responses.models import AgencyCategory

HIDDEN_TEXT = "Pak RT lives at Jl. Rahasia 7, call 0812-555-0101"


@pytest.fixture
def api(client):
    """``api(path, **headers)``: GET /api/v1/<path> as an anonymous client."""

    def get(path, **headers):
        return client.get(f"/api/v1/{path}", **headers)

    return get


@pytest.fixture
def answered_street(flooded_street, official_of_water_agency, water_agency):
    """Siti's flooding issue, answered by the water agency with a commitment."""
    AgencyCategory.objects.get_or_create(agency=water_agency, category="flooding")
    with transaction.atomic():
        response_actions.start_clock(issue=flooded_street, trigger="threshold")
    response_actions.publish_response(
        actor=official_of_water_agency,
        issue=flooded_street,
        status="in_progress",
        body="The drain will be dredged.",
        commitment=CommitmentDraft(what="Dredge the drain", due_date=dt.date.today() + dt.timedelta(days=30)),
    )
    return flooded_street


@pytest.fixture
def hidden_comment(flooded_street, resident_of_bukit_duri, moderator_of_tebet):
    from comments import actions as comment_actions

    comment = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body=HIDDEN_TEXT)
    moderation_actions.hide_item(actor=moderator_of_tebet, item=comment, reason="personal_data", note="an address")
    return comment
