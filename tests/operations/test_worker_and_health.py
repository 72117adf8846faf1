"""The worker runs every background job and records it; /healthz and /readyz say how things are."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from issues.models import LiveEvent
from notifications import outbox
from operations import worker
from operations.models import JobRun

pytestmark = pytest.mark.django_db


def test_one_pass_runs_every_job_and_records_it(resident_of_manggarai, mailoutbox, settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={"issue": "Banjir"})
    worker.run_forever(once=True)
    assert len(mailoutbox) == 1
    runs = {run.name: run for run in JobRun.objects.all()}
    assert set(runs) == {"send_mail", "run_deadlines", "close_due_rounds", "upkeep"}
    assert all(run.last_succeeded_at and not run.last_error for run in runs.values())


def test_a_job_that_fails_is_recorded_and_the_others_still_run(monkeypatch, caplog):
    def broken():
        raise RuntimeError("database said no")

    monkeypatch.setattr(worker.JOBS[1], "run", broken)
    worker.run_forever(once=True)
    runs = {run.name: run for run in JobRun.objects.all()}
    assert "database said no" in runs["run_deadlines"].last_error
    assert runs["close_due_rounds"].last_succeeded_at is not None
    assert "job run_deadlines failed" in caplog.text


def test_old_live_events_are_pruned_but_each_issues_latest_stays(flooded_street, settings):

    for n in range(3):
        LiveEvent.objects.create(issue=flooded_street, seq=100 + n, kind="x", html={})
    flooded_street.__class__.objects.filter(pk=flooded_street.pk).update(last_event_seq=102)
    LiveEvent.objects.update(created_at=timezone.now() - timedelta(days=settings.LIVE_EVENTS_MAX_DAYS + 1))
    worker.upkeep()
    assert list(LiveEvent.objects.filter(issue=flooded_street).values_list("seq", flat=True)) == [102]


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_each_dependency_and_the_clock(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "channel_layer": True,
    }
    assert "the response clock has not run lately: is run_worker running?" in body["warnings"]
    worker.run_forever(once=True)
    body = client.get("/readyz").json()
    assert body["worker"]["run_deadlines"]["last_success_seconds_ago"] <= 5 and body["warnings"] == []


def test_readyz_is_503_when_the_cache_fails(client, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_every_response_has_a_request_id_that_its_log_lines_carry(client, caplog):
    with caplog.at_level(logging.INFO, logger="balai.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"
    (line,) = [r for r in caplog.records if r.name == "balai.request"]
    assert line.request_id == "nginx-0123456789abcdef" and line.path == "/healthz" and line.status == 200
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged line")
    assert forged["X-Request-ID"] != "x\nforged line" and len(forged["X-Request-ID"]) == 32


def test_the_mail_a_request_caused_is_logged_by_the_worker_with_its_request_id(
    resident_of_manggarai, settings, caplog, mailoutbox
):
    from core import observability

    settings.OUTBOX_SEND_ON_COMMIT = False
    with observability.bound(request_id="req-feedc0ffee"):
        outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={"issue": "B"})
    with caplog.at_level(logging.INFO):
        worker.send_mail()
    sent = [r for r in caplog.records if "sent (outbox" in r.getMessage()]
    assert sent and observability.ContextFilter().filter(sent[0]) and sent[0].request_id == "req-feedc0ffee"


def test_json_logs_are_one_object_per_line_with_the_fields(caplog):
    import io

    from core import observability

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(observability.ContextFilter())
    handler.setFormatter(observability.json_formatter())
    logger = logging.getLogger("balai.test")
    logger.addHandler(handler)
    try:
        with observability.bound(request_id="abc12345", user_id=7, path="/issues/"):
            logger.warning("two\nlines")
    finally:
        logger.removeHandler(handler)
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert {k: record[k] for k in ("level", "logger", "message", "request_id", "user_id", "path")} == {
        "level": "WARNING",
        "logger": "balai.test",
        "message": "two\nlines",
        "request_id": "abc12345",
        "user_id": 7,
        "path": "/issues/",
    }
    assert record["time"][:4].isdigit()


def test_errors_go_to_sentry_when_a_dsn_is_set():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'deliberation.settings'; django.setup(); "
        "import sentry_sdk; c = sentry_sdk.get_client(); print(c.is_active(), c.options['send_default_pii'])"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "SENTRY_DSN": "https://public@sentry.example.invalid/1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "False"], result.stderr
    del env["SENTRY_DSN"]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True
    )
    assert result.stdout.split()[0] == "False", result.stderr
