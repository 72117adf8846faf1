"""Supporting an issue and withdrawing: separate, idempotent requests, counted exactly, shown live."""

import pytest
from django.core.exceptions import PermissionDenied

from issues.models import Issue, LiveEvent, TimelineEntry
from votes import actions
from votes.models import Vote


def count(issue):
    return Issue.objects.get(pk=issue.pk).support_count


def test_supporting_twice_leaves_one_vote(verified_siti, flooded_street):
    first = actions.cast_vote(actor=verified_siti, issue=flooded_street)
    second = actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert first.pk == second.pk
    assert Vote.objects.filter(issue=flooded_street).count() == 1
    assert count(flooded_street) == 1


def test_withdrawing_twice_leaves_none(verified_siti, flooded_street):
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert actions.withdraw_support(actor=verified_siti, issue=flooded_street) is True
    assert actions.withdraw_support(actor=verified_siti, issue=flooded_street) is False
    assert count(flooded_street) == 0
    assert not Vote.objects.filter(issue=flooded_street, withdrawn_at__isnull=True).exists()


def test_withdrawing_without_having_supported_changes_nothing(verified_siti, flooded_street):
    assert actions.withdraw_support(actor=verified_siti, issue=flooded_street) is False
    assert count(flooded_street) == 0


def test_support_given_again_after_withdrawing_reuses_the_one_row(verified_siti, flooded_street):
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    actions.withdraw_support(actor=verified_siti, issue=flooded_street)
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert Vote.objects.filter(issue=flooded_street).count() == 1
    assert count(flooded_street) == 1


def test_a_twin_request_that_loses_the_insert_returns_the_existing_vote(verified_siti, flooded_street, monkeypatch):
    existing = actions.cast_vote(actor=verified_siti, issue=flooded_street)
    real_filter = Vote.objects.filter
    # Blind to the row, as a concurrent twin that looked before the first one committed.
    monkeypatch.setattr(Vote.objects, "filter", lambda *a, **k: real_filter(*a, **k).none())
    again = actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert again.pk == existing.pk
    assert count(flooded_street) == 1


@pytest.mark.parametrize("status", ["resolved", "declined"])
def test_a_closed_issue_keeps_its_tally_frozen(verified_siti, verified_budi, flooded_street, status, areas):
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    Issue.objects.filter(pk=flooded_street.pk).update(status=status)
    flooded_street.refresh_from_db()
    with pytest.raises(PermissionDenied, match="support is closed and its tally is frozen"):
        actions.withdraw_support(actor=verified_siti, issue=flooded_street)
    with pytest.raises(PermissionDenied, match="tally is frozen"):
        actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert count(flooded_street) == 1


def test_a_vote_racing_the_closing_of_the_issue_is_refused(verified_siti, flooded_street):
    """The action re-reads the status under the issue's row lock, not from the stale object."""
    Issue.objects.filter(pk=flooded_street.pk).update(status="resolved")
    with pytest.raises(PermissionDenied):
        actions.cast_vote(actor=verified_siti, issue=flooded_street)  # flooded_street still says "open"
    assert count(flooded_street) == 0


def test_every_viewer_is_sent_the_new_tally_and_nobody_learns_who(
    verified_siti, flooded_street, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.cast_vote(actor=verified_siti, issue=flooded_street)
        actions.cast_vote(actor=verified_siti, issue=flooded_street)  # no change, no event
    assert live_events.groups() == [f"issue.{flooded_street.pk}"]
    html = live_events.sent[0][1]["html"]
    assert f'id="issue-{flooded_street.pk}-tally" data-live-swap="replace"' in html["en"]
    assert '<strong class="tally-count">1</strong> resident supports this' in html["en"]
    assert "Siti" not in html["en"] and verified_siti.email not in html["en"]
    assert LiveEvent.objects.get(issue=flooded_street, kind="tally").html == html


def test_withdrawing_sends_the_lower_tally(
    verified_siti, flooded_street, live_events, django_capture_on_commit_callbacks
):
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_support(actor=verified_siti, issue=flooded_street)
    assert '<strong class="tally-count">0</strong> residents support this' in live_events.sent[-1][1]["html"]["en"]


def test_support_is_not_written_to_the_public_timeline(verified_siti, flooded_street):
    before = TimelineEntry.objects.filter(issue=flooded_street).count()
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    assert TimelineEntry.objects.filter(issue=flooded_street).count() == before


# --- Over HTTP ------------------------------------------------------------------------


def test_the_plain_form_supports_and_returns_to_the_issue(verified_siti, flooded_street, client_of):
    response = client_of(verified_siti).post(f"/votes/issues/{flooded_street.pk}/support/")
    assert response.status_code == 302
    assert response["Location"] == flooded_street.get_absolute_url() + f"#issue-{flooded_street.pk}-support"
    assert count(flooded_street) == 1


def test_htmx_gets_the_panel_with_the_new_tally_and_the_withdraw_button(verified_siti, flooded_street, client_of):
    response = client_of(verified_siti).post(f"/votes/issues/{flooded_street.pk}/support/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="issue-{flooded_street.pk}-support"' in html
    assert '<strong class="tally-count">1</strong>' in html
    assert "Withdraw my support" in html and "Your support is counted." in html


def test_withdraw_over_htmx_offers_support_again(verified_siti, flooded_street, client_of):
    client = client_of(verified_siti)
    client.post(f"/votes/issues/{flooded_street.pk}/support/")
    html = client.post(f"/votes/issues/{flooded_street.pk}/withdraw/", HTTP_HX_REQUEST="true").content.decode()
    assert "Support this issue" in html and '<strong class="tally-count">0</strong>' in html


def test_support_is_a_post_never_a_link(verified_siti, flooded_street, client_of):
    assert client_of(verified_siti).get(f"/votes/issues/{flooded_street.pk}/support/").status_code == 405
    assert count(flooded_street) == 0


def test_an_ineligible_click_says_why(resident_of_bukit_duri, flooded_street, client_of):
    client = client_of(resident_of_bukit_duri)
    html = client.post(f"/votes/issues/{flooded_street.pk}/support/", HTTP_HX_REQUEST="true").content.decode()
    assert "Only verified residents vote." in html and 'role="alert"' in html
    response = client.post(f"/votes/issues/{flooded_street.pk}/support/", follow=True)
    assert "Only verified residents vote." in response.content.decode()
    assert count(flooded_street) == 0


def test_a_visitor_cannot_support(client, flooded_street):
    response = client.post(f"/votes/issues/{flooded_street.pk}/support/", HTTP_HX_REQUEST="true")
    assert "Sign in to take part." in response.content.decode()
    assert count(flooded_street) == 0
