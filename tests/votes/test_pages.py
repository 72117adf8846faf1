"""The pages votes adds to: each costs the same number of queries with few rows or many,
and none of them tells anyone who voted."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import actions as account_actions
from accounts import permissions
from tests.conftest import make_user
from votes import actions, queries
from residency import actions as residency_actions


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:2000]
    return len(captured)


def open_round(moderator, area):
    return actions.open_round(
        actor=moderator,
        area=area,
        rules=actions.RoundRules(
            title="Prioritas", budget=10, standing="live", closes_at=timezone.now() + timedelta(days=5)
        ),
    )


def test_the_issue_page_costs_the_same_with_one_supporter_or_many(verified_siti, flooded_street, neighbours, client_of):
    client = client_of(verified_siti)
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    few = queries_for(client, flooded_street.get_absolute_url())
    for person in neighbours(4):  # under the responses threshold, whose panel changes when it is reached
        actions.cast_vote(actor=person, issue=flooded_street)
    assert queries_for(client, flooded_street.get_absolute_url()) == few


def test_the_support_panel_costs_the_same_with_one_supporter_or_many(verified_siti, flooded_street, neighbours, rf):
    def panel_queries():
        request = rf.get("/")
        request.user = get_user_model().objects.get(pk=verified_siti.pk)
        permissions.roles(request.user)  # the page has loaded these already
        request.user.profile  # noqa: B018 - likewise
        issue = type(flooded_street).objects.select_related("area").get(pk=flooded_street.pk)  # as a page reads it
        with CaptureQueriesContext(connection) as captured:
            queries.support_panel(request, issue)
        return len(captured)

    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    few = panel_queries()
    for person in neighbours(15):
        actions.cast_vote(actor=person, issue=flooded_street)
    # "do I support it?", the home area, and how many supports facilitators recorded; the tally is on the issue row
    assert panel_queries() == few == 3


def test_the_issue_page_shows_the_tally_and_the_viewers_own_controls(
    verified_siti, flooded_street, client_of, client, neighbours
):
    for person in neighbours(2):
        actions.cast_vote(actor=person, issue=flooded_street)
    mine = client_of(verified_siti).get(flooded_street.get_absolute_url()).content.decode()
    assert '<strong class="tally-count">2</strong> residents support this' in mine and "Support this issue" in mine
    anonymous = client.get(flooded_street.get_absolute_url()).content.decode()
    assert '<strong class="tally-count">2</strong>' in anonymous and "Sign in to take part." in anonymous
    assert "Support this issue</button>" not in anonymous


def test_nobody_sees_who_supported_an_issue(verified_siti, verified_budi, issue_factory, areas, client_of, client):
    buses = issue_factory(verified_siti, area=areas["tebet"], title="Buses skip the Tebet stops")
    actions.cast_vote(actor=verified_budi, issue=buses)  # Budi supports Siti's issue
    for viewer in (client, client_of(verified_siti)):
        for url in (buses.get_absolute_url(), "/areas/tebet/", "/areas/bukit-duri/"):
            html = viewer.get(url).content.decode()
            assert "Budi" not in html and "You support this issue" not in html
    assert "You support this issue" in client_of(verified_budi).get(buses.get_absolute_url()).content.decode()
    profile = client_of(verified_budi).get("/profile/").content.decode()
    assert "Your votes" in profile and buses.title in profile
    assert buses.title not in client_of(verified_siti).get("/profile/").content.decode().split("Your votes")[1]


def test_a_voters_name_appears_nowhere_but_their_own_profile(areas, flooded_street, neighbours, client, client_of):
    (voter,) = neighbours(1)
    account_actions.update_profile(actor=voter, display_name="Wulan Voter", language="")
    actions.cast_vote(actor=voter, issue=flooded_street)
    for url in (flooded_street.get_absolute_url(), "/areas/manggarai/"):
        assert "Wulan" not in client.get(url).content.decode()
    assert "Wulan" not in "".join(str(e.html) for e in flooded_street.live_events.all())


def test_the_area_page_ranks_open_issues_by_support_ties_older_first(
    verified_siti, neighbours, issue_factory, areas, client
):
    older = issue_factory(verified_siti, area=areas["manggarai"], title="Older drain")
    newer = issue_factory(verified_siti, area=areas["manggarai-rw-04"], title="Newer lamp")
    top = issue_factory(verified_siti, area=areas["manggarai"], title="Top bins")
    for person in neighbours(2):
        actions.cast_vote(actor=person, issue=top)
    actions.cast_vote(actor=verified_siti, issue=older)
    actions.cast_vote(actor=verified_siti, issue=newer)
    ranked, total = queries.area_priorities(areas["manggarai"])
    assert [(r.rank, r.issue.title) for r in ranked] == [(1, "Top bins"), (2, "Older drain"), (3, "Newer lamp")]
    html = client.get("/areas/manggarai/").content.decode()
    assert "Priorities by support" in html and '<li value="1">' in html


def test_the_area_page_costs_the_same_with_few_rows_or_many(
    verified_siti, moderator_of_tebet, flooded_street, neighbours, issue_factory, areas, client_of, time_machine
):
    Comment = apps.get_model("comments", "Comment")
    client = client_of(moderator_of_tebet)
    url = "/areas/manggarai/"
    first = open_round(moderator_of_tebet, areas["manggarai"])
    actions.allocate_points(actor=verified_siti, round_=first, points={flooded_street.pk: 3})
    time_machine.move_to(first.closes_at + timedelta(minutes=1))
    actions.close_round(round_=first)
    second = open_round(moderator_of_tebet, areas["manggarai"])
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    few = queries_for(client, url)

    people = neighbours(8)
    for n, person in enumerate(people):
        issue = issue_factory(person, area=areas["manggarai"], title=f"Issue {n}")
        actions.cast_vote(actor=person, issue=issue)
        Comment.objects.create(issue=issue, author=person, body="Setuju.")
        actions.allocate_points(actor=person, round_=second, points={issue.pk: 3})
    residency_actions.request_verification(actor=make_user(home=areas["manggarai-rw-04"]), rt="1", rw="4", street="x")
    assert queries_for(client, url) == few


def test_the_area_page_shows_who_takes_part(
    verified_siti, neighbours, flooded_street, issue_factory, areas, client, time_machine
):
    Comment = apps.get_model("comments", "Comment")
    people = neighbours(19)  # 20 verified residents with Siti
    actions.cast_vote(actor=people[0], issue=flooded_street)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    actions.cast_vote(actor=people[1], issue=flooded_street)
    actions.cast_vote(actor=verified_siti, issue=flooded_street)
    for _ in range(7):  # Siti wrote the issue and 7 comments; two others one comment each
        Comment.objects.create(issue=flooded_street, author=verified_siti, body="Masih banjir.")
    for person in people[2:4]:
        Comment.objects.create(issue=flooded_street, author=person, body="Benar.")
    stats = queries.area_participation(areas["manggarai"])
    assert (stats.verified, stats.recent_voters) == (20, 2)  # the first vote is older than 30 days
    assert (stats.participants, stats.top_people, stats.top_items, stats.total_items) == (3, 1, 8, 10)
    html = client.get("/areas/manggarai/").content.decode()
    assert (
        "Verified residents" in html and "80%" in html and "1 person of 3 wrote 8 of the 10 issues and comments" in html
    )
    assert queries.area_participation(areas["menteng"]).verified == 0


def test_the_round_page_costs_the_same_with_few_ballots_or_many(
    moderator_of_tebet, verified_siti, neighbours, issue_factory, areas, flooded_street, client_of
):
    round_ = open_round(moderator_of_tebet, areas["manggarai"])
    actions.allocate_points(actor=verified_siti, round_=round_, points={flooded_street.pk: 2})
    client = client_of(verified_siti)
    few = queries_for(client, round_.get_absolute_url())
    for n, person in enumerate(neighbours(8)):
        issue = issue_factory(person, area=areas["manggarai"], title=f"Issue {n}")
        actions.allocate_points(actor=person, round_=round_, points={issue.pk: 5, flooded_street.pk: 5})
    assert queries_for(client, round_.get_absolute_url()) == few


def test_the_queue_costs_the_same_with_few_requests_or_many(moderator_of_tebet, areas, client_of, fast_passwords):
    client = client_of(moderator_of_tebet)
    residency_actions.request_verification(actor=make_user(home=areas["manggarai-rw-04"]), rt="1", rw="4", street="a")
    few = queries_for(client, "/residency/queue/")
    for slug in ["manggarai-rw-04", "bukit-duri-rw-03", "manggarai"] * 3:
        residency_actions.request_verification(actor=make_user(home=areas[slug]), rt="1", rw="4", street="b")
    assert queries_for(client, "/residency/queue/") == few


def test_the_profile_costs_the_same_with_few_votes_or_many(
    verified_siti, moderator_of_tebet, issue_factory, areas, client_of
):
    client = client_of(verified_siti)
    round_ = open_round(moderator_of_tebet, areas["manggarai"])
    first = issue_factory(verified_siti, area=areas["manggarai"], title="First")
    actions.cast_vote(actor=verified_siti, issue=first)
    actions.allocate_points(actor=verified_siti, round_=round_, points={first.pk: 1})
    few = queries_for(client, "/profile/")
    more = [issue_factory(verified_siti, area=areas["manggarai"], title=f"Issue {n}") for n in range(8)]
    for issue in more:
        actions.cast_vote(actor=verified_siti, issue=issue)
    actions.allocate_points(actor=verified_siti, round_=round_, points={i.pk: 1 for i in more[:8]})
    assert queries_for(client, "/profile/") == few
