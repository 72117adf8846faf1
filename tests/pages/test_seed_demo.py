"""``seed_demo`` is the system acting: it succeeds on every run, whatever happened to the demo accounts (issue 13, item 4)."""

import io


import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import demo as account_demo
from core import ratelimit
from core.ratelimit import RateLimited
from issues.models import Issue
from moderation import actions as moderation_actions
from pages import demo as story

SITI = "warga@demo.balaiwarga.id"


@pytest.fixture
def demo_settings(settings, fresh_counts):
    settings.DEBUG = True
    settings.RATE_LIMITS_ENABLED = True
    settings.ISSUE_RATE_LIMITS_ENABLED = True


def _fill_issue_counter(user):
    """As if a shared Redis still held this account's counts from an earlier database."""
    for _ in range(100):
        try:
            ratelimit.check("issue", user)
        except RateLimited:
            return
    raise AssertionError("the issue limit never filled")


def test_seed_demo_runs_twice_with_a_suspended_demo_author_and_full_rate_counters(db, demo_settings, mailoutbox):
    account_demo.seed()
    siti = get_user_model().objects.get(email=SITI)
    admin = get_user_model().objects.get(email="admin@demo.balaiwarga.id")
    _fill_issue_counter(siti)
    call_command("seed_demo", stdout=io.StringIO())  # a fresh database, stale counters

    moderation_actions.suspend_user(actor=admin, user=siti, days=7, reason="abuse", note="demo")
    _fill_issue_counter(siti)
    call_command("seed_demo", stdout=io.StringIO())  # run again: suspended, counters full

    sitis = [row for row in story.ISSUES if row[1] == SITI]
    assert Issue.objects.filter(author=siti).count() == len(sitis)
    assert Issue.objects.filter(channel="online").count() == len(story.ISSUES)
