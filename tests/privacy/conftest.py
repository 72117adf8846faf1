import pytest
from django.conf import settings
from residency import actions as residency_actions


def reauthenticated(client):
    """The person enters their password again (allauth's reauthentication page)."""
    response = client.post("/accounts/reauthenticate/", {"password": settings.DEMO_PASSWORD})
    assert response.status_code == 302, response
    return client


@pytest.fixture(autouse=True)
def _fresh_counts(fresh_counts):
    """Rate-limit counts live in the cache: every test here starts from zero."""


@pytest.fixture
def siti_took_part(
    areas,
    resident_of_manggarai,
    resident_of_bukit_duri,
    moderator_of_tebet,
    official_of_water_agency,
    water_agency,
    issue_factory,
):
    """Siti did a bit of everything: a residency request, an issue (edited), comments (one edited,
    one hidden, appealed), support, a round ballot, a verdict, a report; Budi did some too."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from comments import actions as comment_actions
    from issues import actions as issue_actions
    from moderation import actions as moderation_actions
    from responses import actions as response_actions
    from responses.models import AgencyCategory
    from votes import actions as vote_actions

    siti, budi = resident_of_manggarai, resident_of_bukit_duri
    request = residency_actions.request_verification(actor=siti, rt="003", rw="004", street="Jl. Melati No. 12")
    residency_actions.decide_verification(actor=moderator_of_tebet, request=request, approve=True)
    siti.profile.refresh_from_db()
    issue = issue_factory(siti, area=areas["manggarai"], title="Banjir di Jalan Melati")
    issue_actions.edit_issue(
        actor=siti, issue=issue, title="Banjir di Jalan Melati (lagi)", description="Air setinggi lutut."
    )
    budis_issue = issue_factory(budi, area=areas["bukit-duri"], title="Lampu jalan mati di Bukit Duri")
    comment = comment_actions.post_comment(actor=siti, issue=issue, body="My first words.")
    comment_actions.edit_comment(actor=siti, comment=comment, body="My first words, corrected.")
    hidden = comment_actions.post_comment(actor=siti, issue=issue, body="My angry words.")
    comment_actions.post_comment(actor=budi, issue=issue, body="Budi's words.")
    hide = moderation_actions.hide_item(actor=moderator_of_tebet, item=hidden, reason="abuse")
    moderation_actions.appeal(actor=siti, action=hide, text="My appeal.")
    moderation_actions.report_item(actor=siti, item=budis_issue, reason="spam", note="My report.")
    vote_actions.cast_vote(actor=siti, issue=issue)
    round_ = vote_actions.open_round(
        actor=moderator_of_tebet,
        area=areas["manggarai"],
        rules=vote_actions.RoundRules(
            title="Prioritas", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=3)
        ),
    )
    vote_actions.allocate_points(actor=siti, round_=round_, points={issue.pk: 4})
    AgencyCategory.objects.create(agency=water_agency, category="flooding")
    with transaction.atomic():
        response_actions.start_clock(issue=issue, trigger="threshold")
    response = response_actions.publish_response(
        actor=official_of_water_agency, issue=issue, status="acknowledged", body="We will inspect."
    )
    response_actions.give_verdict(actor=siti, response=response, answers=False)
    return siti
