"""Abuse limits on reporting, posting, voting and signing up: per account (lower for accounts
younger than a day) and per address, with messages that keep what was typed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core import ratelimit
from moderation import actions
from tests.conftest import make_user
from residency import actions as residency_actions


@pytest.fixture
def limits(settings):
    """Small limits, on (tests run with RATE_LIMITS=0): per hour, 3 per account, 1 when new, 4 per address."""
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMIT_RULES = {scope: (3600, 3, 1, 4) for scope in ("report", "issue", "vote", "comment")}
    return settings


@pytest.fixture
def many_comments(flooded_street, areas):
    from comments import actions as comment_actions

    author = make_user(name="Joko", home=areas["manggarai-rw-04"])
    return [comment_actions.post_comment(actor=author, issue=flooded_street, body=f"Point {n}") for n in range(6)]


def later():
    """Two days on: the accounts made by the test are no longer new."""
    return time_machine.travel(timezone.now() + timedelta(days=2))


def test_an_account_reports_a_limited_number_of_times_an_hour(limits, many_comments, resident_of_bukit_duri):
    with later():
        for comment in many_comments[:3]:
            actions.report_item(actor=resident_of_bukit_duri, item=comment, reason="spam")
        with pytest.raises(ratelimit.RateLimited, match="many reports in a short time"):
            actions.report_item(actor=resident_of_bukit_duri, item=many_comments[3], reason="spam")


def test_an_account_younger_than_a_day_gets_a_lower_limit(limits, many_comments, resident_of_bukit_duri):
    actions.report_item(actor=resident_of_bukit_duri, item=many_comments[0], reason="spam")
    with pytest.raises(PermissionDenied, match="Please wait"):
        actions.report_item(actor=resident_of_bukit_duri, item=many_comments[1], reason="spam")


def test_a_refused_report_comes_back_with_what_was_typed(limits, many_comments, resident_of_bukit_duri, client_of):
    budi = client_of(resident_of_bukit_duri)
    budi.post(f"/moderation/comment/{many_comments[0].pk}/report/", {"reason": "spam"})
    page = budi.post(
        f"/moderation/comment/{many_comments[1].pk}/report/", {"reason": "other", "note": "Copied from a flyer"}
    )
    assert page.status_code == 429
    assert "Please wait" in page.content.decode() and "Copied from a flyer" in page.content.decode()


def test_one_address_is_limited_whoever_signs_in(limits, many_comments, areas, client_of):
    people = [make_user(name=f"Warga {n}", home=areas["manggarai-rw-04"]) for n in range(5)]
    statuses = []
    with later():
        for person, comment in zip(people, many_comments):
            client = client_of(person)
            statuses.append(
                client.post(
                    f"/moderation/comment/{comment.pk}/report/", {"reason": "spam"}, REMOTE_ADDR="10.1.1.7"
                ).status_code
            )
    assert statuses == [302, 302, 302, 302, 429]


def test_the_address_behind_a_trusted_proxy_is_the_clients(limits, settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2", REMOTE_ADDR="127.0.0.1")
    assert ratelimit.client_address(request) == "198.51.100.2"
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request) == "127.0.0.1"


def test_opening_issues_too_quickly_keeps_the_form(limits, resident_of_manggarai, areas, client_of):
    import uuid

    siti = client_of(resident_of_manggarai)

    def open_issue(title):
        data = {
            "submission_token": str(uuid.uuid4()),
            "title": title,
            "area": str(areas["manggarai"].pk),
            "category": "flooding",
            "description": "Setiap hujan deras, air meluap.",
            "address": "",
            "latitude": "",
            "longitude": "",
        }
        return siti.post("/issues/new/", data)

    assert open_issue("Saluran tersumbat di Jalan Satu").status_code == 302
    refused = open_issue("Saluran tersumbat di Jalan Dua")
    assert "Please wait" in refused.content.decode() and "Saluran tersumbat di Jalan Dua" in refused.content.decode()


def test_voting_too_quickly_is_refused_with_a_wait(limits, issue_factory, areas, resident_of_manggarai):
    from votes import actions as vote_actions

    limits.RATE_LIMIT_RULES["issue"] = (3600, 100, 100, 100)  # opening the issues is not what is tested
    residency_actions.verify_resident(user=resident_of_manggarai, area=areas["manggarai-rw-04"], by="RW list")
    author = make_user(name="Joko", home=areas["manggarai-rw-04"])
    issues = [issue_factory(author, area=areas["manggarai"], title=f"Lampu jalan mati nomor {n}") for n in range(4)]
    with later():
        for issue in issues[:3]:
            vote_actions.cast_vote(actor=resident_of_manggarai, issue=issue)
        with pytest.raises(ratelimit.RateLimited, match="voting very quickly"):
            vote_actions.cast_vote(actor=resident_of_manggarai, issue=issues[3])


def test_comments_keep_their_own_limit_through_the_shared_counter(limits, flooded_street, resident_of_bukit_duri):
    from comments import actions as comment_actions

    limits.COMMENT_RATE_LIMITS_ENABLED = True  # comments have their own switch (RATE_LIMITS sets both)
    comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="First")
    with pytest.raises(ratelimit.RateLimited, match="commenting very quickly"):
        comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Second, too soon")


def test_sign_ups_are_limited_per_address(settings, client, areas):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}
    statuses = []
    for n in range(3):
        data = {
            "email": f"baru{n}@example.org",
            "display_name": f"Baru {n}",
            "home_area": areas["manggarai-rw-04"].pk,
            "password1": "kampung-kita-2026",
            "password2": "kampung-kita-2026",
        }
        statuses.append(client.post(reverse("account_signup"), data).status_code)
    assert statuses[:2] == [302, 302] and statuses[2] == 429


def test_a_bad_sign_up_limit_stops_start_up():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='deliberation.settings'; django.setup()",
        ],
        env={"SIGNUP_RATE_LIMIT": "lots", "DEBUG": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SIGNUP_RATE_LIMIT" in result.stderr


def test_the_first_write_of_a_window_costs_one_cache_call_per_key(limits, resident_of_bukit_duri, monkeypatch):
    """Each call is a round trip to Redis in production (Django's incr is two): the usual write,
    the first of its window, asks once per counted key (account and address)."""
    from unittest import mock

    counting = mock.Mock(wraps=ratelimit.cache)
    monkeypatch.setattr(ratelimit, "cache", counting)
    ratelimit.reset("report", resident_of_bukit_duri, address="10.0.0.7")
    with later():
        assert ratelimit.take("report", resident_of_bukit_duri, address="10.0.0.7") == 0
        assert counting.add.call_count == 2 and counting.incr.call_count == 0
        for _ in range(2):
            assert ratelimit.take("report", resident_of_bukit_duri, address="10.0.0.7") == 0
        assert ratelimit.take("report", resident_of_bukit_duri, address="10.0.0.7") > 0  # the fourth
    ratelimit.reset("report", resident_of_bukit_duri, address="10.0.0.7")
