"""`make run` opens on a site that shows the product: the demo's story, seeded twice without harm."""

import io

import pytest
from django.core.management import call_command

from issues.models import Channel, Issue
from moderation.models import ModerationAction
from responses.models import ResponseClock
from votes.models import PriorityRound


@pytest.fixture
def demo(db, settings, tmp_path, fresh_counts):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def page(client, url) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_demo_tells_the_story_a_visitor_should_see_first(demo, client):
    typed_in = Issue.objects.filter(channel=Channel.ONLINE)  # and one more raised at the demo's reses
    assert typed_in.count() == 12 and all(issue.photos.exists() for issue in typed_in)
    assert Issue.objects.filter(channel=Channel.RESES).count() == 1
    drain = Issue.objects.get(title__startswith="Saluran air tersumbat")
    clock = ResponseClock.objects.get(issue=drain)
    assert clock.escalated_at is not None  # overdue long enough to reach the supervisors
    listing = page(client, "/issues/")
    assert "Saluran air tersumbat" in listing and "Halte bus tanpa atap" in listing
    pavement = page(client, Issue.objects.get(title__startswith="Broken pavement").get_absolute_url())
    assert "Rebuild the drain and the pavement" in pavement  # the commitment
    assert "The drain under the first point is rebuilt" in pavement  # its progress
    hidden = ModerationAction.objects.get(kind="hide")
    assert hidden.appeal.decided_at is not None
    assert "Name-calling of the officials" in page(client, "/moderation/log/")
    assert "Petugasnya memang malas" not in page(client, drain.get_absolute_url())  # hidden means never sent
    closed = PriorityRound.objects.get()
    assert closed.closed_at is not None and closed.totals.filter(points__gt=0).count() == 3


def test_the_first_run_already_has_what_a_facilitator_recorded_and_the_recess_meeting(demo):
    from issues.models import AssistedRecord
    from reses.models import ResesMeeting

    assert AssistedRecord.objects.exists() and ResesMeeting.objects.exists()


def test_seeding_again_changes_nothing(demo, settings):
    counts = (Issue.objects.count(), ResponseClock.objects.count(), ModerationAction.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Issue.objects.count(), ResponseClock.objects.count(), ModerationAction.objects.count()) == counts
