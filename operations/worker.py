"""One worker for everything that is not a request: mail, the response clock, rounds, upkeep.

A plain loop over the project's own idempotent actions, not a task queue: each job already
claims its rows (the outbox with SKIP LOCKED; deadlines and rounds under row locks), so several
workers at once are safe, and nothing new has to run beside PostgreSQL (see the note of issue 14).
Mail is looked at every OUTBOX_POLL_SECONDS; the clock jobs every WORKER_CLOCK_SECONDS; upkeep
hourly. A job that raises is logged and recorded (JobRun.last_error) and the loop goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from issues import live as issue_live
from notifications import outbox
from operations.models import JobRun
from responses.actions import deadlines
from votes import actions as votes

log = logging.getLogger(__name__)


def send_mail() -> str:
    """Send batches until nothing is due (a backlog drains at full speed, not a batch per poll)."""
    sent = retried = failed = 0
    while True:
        delivery = outbox.deliver()
        sent, retried, failed = sent + delivery.sent, retried + delivery.retried, failed + delivery.failed
        if delivery.claimed < settings.OUTBOX_BATCH or delivery.sent == 0:
            return f"sent {sent}, to retry {retried}, failed {failed}"


def run_deadlines() -> str:
    run = deadlines.run_deadlines()
    return f"overdue {run.overdue}, escalated {run.escalated}, late {run.late}, reopened {run.reopened}"


def close_due_rounds() -> str:
    return f"closed {len(votes.close_due_rounds())} round(s)"


def upkeep() -> str:
    events = issue_live.prune_old_events(older_than=timedelta(days=settings.LIVE_EVENTS_MAX_DAYS))
    mail = outbox.prune(older_than=timedelta(days=settings.OUTBOX_KEEP_DAYS))
    return f"pruned {events} live event(s), {mail} sent mail"


@dataclass
class Job:
    name: str
    every: Callable[[], float]  # seconds, read from settings when the loop starts
    run: Callable[[], str]


JOBS = [
    Job("send_mail", lambda: settings.OUTBOX_POLL_SECONDS, send_mail),
    Job("run_deadlines", lambda: settings.WORKER_CLOCK_SECONDS, run_deadlines),
    Job("close_due_rounds", lambda: settings.WORKER_CLOCK_SECONDS, close_due_rounds),
    Job("upkeep", lambda: 3600, upkeep),
]


def run_job(job: Job) -> bool:
    """Run one job and record it; False if it raised."""
    # ignore_conflicts: two workers starting at once both make sure the row exists, neither fails.
    JobRun.objects.bulk_create([JobRun(name=job.name)], ignore_conflicts=True)
    JobRun.objects.filter(name=job.name).update(last_started_at=timezone.now())
    try:
        result = job.run()
    except Exception as error:
        log.exception("worker: job %s failed", job.name)
        JobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return False
    now = timezone.now()
    JobRun.objects.filter(name=job.name).update(
        last_finished_at=now, last_succeeded_at=now, last_error="", last_result=result[:200]
    )
    if not result.startswith("sent 0,") and not result.startswith("closed 0"):
        log.info("worker: %s: %s", job.name, result)
    return True


def run_forever(*, once: bool = False, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Run each job when it is due; ``once`` runs every job one time and returns."""
    due = {job.name: 0.0 for job in JOBS}
    while not should_stop():
        now = time.monotonic()
        for job in JOBS:
            if now >= due[job.name]:
                if not connection.in_atomic_block:  # (tests run the loop inside their transaction)
                    close_old_connections()  # a restarted database must not kill the worker
                run_job(job)
                due[job.name] = time.monotonic() + job.every()
        if once:
            return
        time.sleep(max(0.05, min(due.values()) - time.monotonic()))
