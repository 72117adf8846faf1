"""The official's response POST with 500 followers: before the outbox (500 e-mails rendered and
sent over SMTP in the request's on_commit) and after (500 outbox rows written in the request; the
worker sends them). A real SMTP server (aiosmtpd) receives the mail in both cases.

Run: .venv/bin/python -m pytest -o python_files=outbox.py -q -s bench/outbox.py
(add DATABASE_URL=... TEST_DATABASE_NAME=... for PostgreSQL). "Before" is the same rendering and
sending as the old send_emails(), reached through OUTBOX_SEND_ON_COMMIT=1: the request's process
sends its own mail after commit, as it did.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.test import Client

from issues.models import Follow
from notifications.models import OutboxMail
from operations import worker
from tests.conftest import *  # noqa: F403 (the personas and their fixtures)
from tests.conftest import make_user
from tests.responses.conftest import *  # noqa: F403
from tests.notifications.test_outbox import Sink

FOLLOWERS = 500
ROUNDS = 3


@pytest.fixture
def sink(settings):
    server = Sink()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


def _post(client, issue, n) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    answer = client.post(f"/issues/{issue.pk}/respond/", {"status": "acknowledged", "body": f"Crews go, round {n}."})
    assert answer.status_code == 302, answer.content[:500]
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


@pytest.mark.django_db(transaction=True)
def test_response_post_with_500_followers(owed_issue, official_of_water_agency, sink, settings):
    people = [make_user(name=f"Follower {n}") for n in range(FOLLOWERS)]
    Follow.objects.bulk_create([Follow(user=person, issue=owed_issue) for person in people])
    client = Client()
    client.force_login(official_of_water_agency)
    figures = {}
    for label, on_commit in (("before (sent in the request)", True), ("after (outbox)", False)):
        settings.OUTBOX_SEND_ON_COMMIT = on_commit
        cpus, walls = [], []
        for n in range(ROUNDS):
            sink.recipients.clear()
            cpu, wall = _post(client, owed_issue, n)
            cpus.append(cpu)
            walls.append(wall)
            drain = time.perf_counter()
            if not on_commit:
                worker.send_mail()
            drained = (time.perf_counter() - drain) * 1000
            assert len(set(sink.recipients) & {p.email for p in people}) == FOLLOWERS
        figures[label] = (statistics.median(cpus), statistics.median(walls), drained)
    assert not OutboxMail.objects.filter(state=OutboxMail.State.PENDING).exists()
    print(f"\nResponse POST, {FOLLOWERS} followers, median of {ROUNDS} (CPU of the test process incl. the SMTP sink):")
    for label, (cpu, wall, drained) in figures.items():
        extra = f"; the worker then sends them in {drained:.0f} ms" if "outbox" in label else ""
        print(f"  {label:30} CPU {cpu:7.0f} ms   latency {wall:7.0f} ms{extra}")
