"""What people see: a hidden item stays in place with its reason, locks and merges show on the
issue page, and every viewer gets the change live, from the same partials as the page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from issues.models import Follow, LiveEvent
from moderation import actions
from tests.conftest import make_user
from residency import actions as residency_actions


def _body(page: str, comment) -> str:
    start = page.index(f'id="comment-{comment.pk}-body"')
    return page[start : page.index('<div class="comment-editor"', start)]


def test_others_see_only_the_reason_in_place_and_the_author_also_sees_the_text(
    comment_by_siti, moderator_of_tebet, resident_of_bukit_duri, client_of, client
):
    actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="abuse", note="Name-calling")
    url = comment_by_siti.issue.get_absolute_url()
    for viewer in (client, client_of(resident_of_bukit_duri)):
        page = viewer.get(url).content.decode()
        assert "Hidden by a moderator: Abuse or harassment — Name-calling" in _body(page, comment_by_siti)
        assert "Jl. Melati 12" not in page  # not even inside something CSS hides
    # The author's own page render (not a shared fragment) carries her text.
    own = _body(client_of(comment_by_siti.author).get(url).content.decode(), comment_by_siti)
    assert "Jl. Melati 12" in own[own.index('class="if-author moderated-own"') :]


def test_a_personal_data_hide_never_sends_the_text_to_anyone_elses_browser(
    comment_by_siti, moderator_of_tebet, resident_of_bukit_duri, client_of, client
):
    actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="personal_data")
    url = comment_by_siti.issue.get_absolute_url()
    for viewer in (client, client_of(resident_of_bukit_duri)):
        page = viewer.get(url).content.decode()
        assert "Jl. Melati 12" not in page and "Hidden by a moderator: Personal data" in page
    assert "Jl. Melati 12" not in str(LiveEvent.objects.latest("seq").html)


def test_hiding_a_comment_replaces_it_live_for_every_viewer(
    comment_by_siti, moderator_of_tebet, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="spam", note="An advert")
    group, message = live_events.sent[-1]
    assert group == f"issue.{comment_by_siti.issue_id}"
    html = message["html"]["en"]
    assert f'<div class="comment-body" id="comment-{comment_by_siti.pk}-body" data-live-swap="replace">' in html
    assert "Hidden by a moderator: Spam — An advert" in html
    assert 'data-live-swap="announce">A comment was hidden by a moderator.' in html
    assert set(message["html"]) == {"en", "id"}  # rendered once per language, not per viewer


def test_restoring_shows_it_again_live(comment_by_siti, moderator_of_tebet, second_moderator_of_tebet):
    actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="spam")
    actions.restore_item(actor=second_moderator_of_tebet, item=comment_by_siti, note="Not an advert after all")
    html = LiveEvent.objects.latest("seq").html["en"]
    assert "Jl. Melati 12" in html and "Hidden by a moderator" not in html


def test_a_hidden_issue_keeps_its_page_but_not_its_text_and_leaves_the_lists(
    flooded_street, moderator_of_tebet, client
):
    actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="misinformation", note="No flooding there")
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert f"Hidden issue #{flooded_street.pk}" in page
    assert "Hidden by a moderator: Misinformation — No flooding there" in page
    assert flooded_street.title not in client.get("/issues/").content.decode()
    history = client.get(f"/issues/{flooded_street.pk}/history/").content.decode()
    assert "hidden by a moderator" in history


def test_a_locked_discussion_refuses_comments_and_says_why(
    flooded_street, moderator_of_tebet, resident_of_bukit_duri, client_of
):
    from comments import actions as comment_actions

    actions.lock_thread(actor=moderator_of_tebet, issue=flooded_street, note="Personal attacks; cooling off for a day.")
    with pytest.raises(PermissionDenied, match="cooling off"):
        comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="One more thing")
    page = client_of(resident_of_bukit_duri).get(flooded_street.get_absolute_url()).content.decode()
    assert "This discussion is locked: Personal attacks; cooling off for a day." in page
    assert 'id="issue-%d-moderation"' % flooded_street.pk in LiveEvent.objects.latest("seq").html["en"]

    actions.unlock_thread(actor=moderator_of_tebet, issue=flooded_street)
    comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Thanks for reopening")


@pytest.fixture
def duplicate_and_target(areas, issue_factory, resident_of_manggarai):
    joko = make_user(name="Joko", home=areas["manggarai-rw-04"])
    target = issue_factory(joko, area=areas["manggarai"], title="Flooding on Jalan Manggarai Utara")
    duplicate = issue_factory(
        resident_of_manggarai, area=areas["manggarai"], title="Jalan Manggarai Utara floods again"
    )
    return duplicate, target, joko


def test_a_merge_moves_followers_and_eligible_supporters_once_each(
    duplicate_and_target, areas, moderator_of_tebet, client
):
    from issues import actions as issue_actions
    from votes import actions as vote_actions
    from votes.models import Vote

    duplicate, target, joko = duplicate_and_target
    neighbour = make_user(name="Wati", home=areas["manggarai-rw-04"])
    both = make_user(name="Rudi", home=areas["manggarai-rw-04"])
    moved_away = make_user(name="Budi", home=areas["manggarai-rw-04"])
    for person in (neighbour, both, moved_away):
        residency_actions.verify_resident(user=person, area=areas["manggarai-rw-04"], by="RW 04 list")
        vote_actions.cast_vote(actor=person, issue=duplicate)
        issue_actions.follow_issue(actor=person, issue=duplicate)
    vote_actions.cast_vote(actor=both, issue=target)
    residency_actions.move_home(actor=moved_away, home_area=areas["bukit-duri-rw-03"])

    merge = actions.merge_issues(
        actor=moderator_of_tebet, duplicate=duplicate, target=target, note="Same street, same drain"
    )

    assert set(
        Vote.objects.filter(issue=target, withdrawn_at__isnull=True).values_list(
            "user__profile__display_name", flat=True
        )
    ) == {"Wati", "Rudi"}
    target.refresh_from_db()
    assert target.support_count == 2  # Rudi once, not twice; Budi no longer lives there
    assert merge.data == {"followers": 4, "supporters": 2, "not_eligible": 1}
    assert Follow.objects.filter(issue=target).count() == 5  # Joko, plus Siti and the three
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert f"Merged into #{target.pk}" in page and f'href="/issues/{target.pk}/"' in page
    duplicate.refresh_from_db()
    assert duplicate.locked
    target_page = client.get(target.get_absolute_url()).content.decode()
    assert f"issue #{duplicate.pk} was merged into this one" in target_page


def test_a_merged_issues_comments_stay_readable(
    duplicate_and_target, comment_by_siti, moderator_of_tebet, client, resident_of_manggarai
):
    from comments import actions as comment_actions

    duplicate, target, _joko = duplicate_and_target
    comment = comment_actions.post_comment(
        actor=resident_of_manggarai, issue=duplicate, body="The drain by the mosque again."
    )
    actions.merge_issues(actor=moderator_of_tebet, duplicate=duplicate, target=target)
    assert "The drain by the mosque again." in client.get(duplicate.get_absolute_url()).content.decode()
    assert comment.pk


def test_an_issue_is_not_merged_into_a_merged_one(duplicate_and_target, moderator_of_tebet, issue_factory, areas):
    from django.core.exceptions import ValidationError

    duplicate, target, joko = duplicate_and_target
    third = issue_factory(joko, area=areas["manggarai"], title="Third report of the same drain")
    actions.merge_issues(actor=moderator_of_tebet, duplicate=target, target=third)
    with pytest.raises(ValidationError, match="merge into that one"):
        actions.merge_issues(actor=moderator_of_tebet, duplicate=duplicate, target=target)


def test_a_moderator_hides_through_the_page_and_a_refusal_keeps_the_form(
    comment_by_siti, moderator_of_tebet, moderator_of_menteng, official_of_water_agency, client_of
):
    from comments import actions as comment_actions

    url = f"/moderation/comment/{comment_by_siti.pk}/hide/"
    refused = client_of(moderator_of_menteng).post(url, {"hide-reason": "spam", "hide-note": "Advert for a laundry"})
    assert (
        refused.status_code == 403
        and "Only moderators of Kelurahan Manggarai moderate here" in refused.content.decode()
    )
    answer = comment_actions.post_comment(
        actor=official_of_water_agency, issue=comment_by_siti.issue, body="We dredge Monday."
    )
    agus = client_of(moderator_of_tebet)
    kept = agus.post(
        f"/moderation/comment/{answer.pk}/hide/",
        {"hide-reason": "misinformation", "hide-note": "Dredging was cancelled"},
    )
    assert kept.status_code == 403
    assert "Only administrators hide" in kept.content.decode() and "Dredging was cancelled" in kept.content.decode()
    done = agus.post(url, {"hide-reason": "spam", "hide-note": "Advert for a laundry"})
    assert done.status_code == 302 and done.url.endswith(f"#comment-{comment_by_siti.pk}")
    comment_by_siti.refresh_from_db()
    assert comment_by_siti.hidden


def test_a_resident_reports_through_the_form_page(comment_by_siti, resident_of_bukit_duri, client_of):
    budi = client_of(resident_of_bukit_duri)
    assert "What is wrong with it?" in budi.get(f"/moderation/comment/{comment_by_siti.pk}/report/").content.decode()
    empty_other = budi.post(f"/moderation/comment/{comment_by_siti.pk}/report/", {"reason": "other", "note": ""})
    assert empty_other.status_code == 400
    assert budi.post(f"/moderation/comment/{comment_by_siti.pk}/report/", {"reason": "spam"}).status_code == 302


def test_the_issue_page_offers_the_moderation_tools_by_role(
    flooded_street, moderator_of_tebet, resident_of_bukit_duri, client_of, client
):
    anonymous = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "Report this issue" not in anonymous and "Moderation log of this area" in anonymous
    assert (
        "Report this issue" in client_of(resident_of_bukit_duri).get(flooded_street.get_absolute_url()).content.decode()
    )
    moderator_page = client_of(moderator_of_tebet).get(flooded_street.get_absolute_url()).content.decode()
    assert f"/moderation/issue/{flooded_street.pk}/" in moderator_page and "moderates-here" in moderator_page


def test_a_moderator_reading_in_indonesian_is_told_in_indonesian(comment_by_siti, moderator_of_tebet, client_of):
    agus = client_of(moderator_of_tebet)
    agus.cookies["django_language"] = "id"
    url = reverse("moderation_act", args=["comment", comment_by_siti.pk, "hide"])
    page = agus.post(url, {"hide-reason": "spam", "hide-note": "Iklan"}, follow=True)
    told = [str(message) for message in page.context["messages"]]
    assert told == ["Item ini disembunyikan; alasannya bersifat publik."]
