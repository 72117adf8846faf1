"""E-mail through an outbox: written with the act, sent by the worker, never lost, never sent twice.

``enqueue`` runs inside the caller's transaction (one INSERT whatever the number of recipients),
so the act and its mail commit together and the request never waits for a mail server.
``deliver`` (the worker, ``run_worker``) claims a batch of due rows, renders and sends each on one
SMTP connection, and records each outcome on its own row:

- claiming takes the rows with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL) and moves their next
  attempt past a lease, in one short transaction: several workers never take the same row, and
  the rows of a worker that died become due again when its lease runs out;
- a message that fails waits ``OUTBOX_RETRY_SECONDS * 2**(attempts - 1)`` (at most
  ``OUTBOX_RETRY_MAX_SECONDS``) and is tried again, up to ``OUTBOX_MAX_ATTEMPTS``; one that can
  never go (a header the mail library refuses) fails at once. Either way the others still go;
- an unreachable mail server (an outage) costs an attempt for the whole batch and nothing else.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail import BadHeaderError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import observability
from notifications.models import OutboxMail

log = logging.getLogger(__name__)
State = OutboxMail.State

# Errors that the same message would meet again on every attempt.
PERMANENT = (BadHeaderError, ValueError, UnicodeError, smtplib.SMTPRecipientsRefused)


def enqueue(
    *, user_ids: list[int], kind: str, url: str, context: dict, issue=None, subject: str = ""
) -> list[OutboxMail]:
    """Queue one mail per recipient, in the caller's transaction (one INSERT)."""
    request_id = observability.current_request_id()
    return OutboxMail.objects.bulk_create(
        [
            OutboxMail(
                recipient_id=pk,
                kind=kind,
                issue=issue,
                url=url,
                context=context,
                subject=subject,
                request_id=request_id,
            )
            for pk in user_ids
        ],
        batch_size=1000,
    )


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped


def claim(*, batch: int, lease: timedelta, among: list[int] | None = None) -> tuple[str, list[int]]:
    """Take up to ``batch`` due rows (of ``among`` if given) for this worker alone (see the module's docstring)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    with transaction.atomic():
        due = OutboxMail.objects.filter(state=State.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")
        if among is not None:
            due = due.filter(pk__in=among)
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch])
        if ids:
            OutboxMail.objects.filter(pk__in=ids).update(claim=token, next_attempt_at=now + lease)
    return token, ids


def backoff(attempts: int) -> timedelta:
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def deliver(*, batch: int | None = None, among: list[int] | None = None) -> Delivery:
    """Send one batch of due mail; what happened to it. Never raises for a mail problem."""
    from notifications.actions import message_for  # the rendering lives with the messages

    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    token, ids = claim(batch=batch or settings.OUTBOX_BATCH, lease=lease, among=among)
    done = Delivery()
    if not ids:
        return done
    rows = list(
        OutboxMail.objects.filter(pk__in=ids, claim=token).select_related("recipient__profile", "issue").order_by("pk")
    )
    connection = mail.get_connection()
    try:
        connection.open()
    except Exception as error:  # the mail server is down: every message waits for the next attempt
        log.warning("outbox: no connection to the mail server; %s message(s) wait", len(rows), exc_info=True)
        for row in rows:
            _failed(row, token, error, done)
        return done
    try:
        for row in rows:
            with observability.bound(request_id=row.request_id, user_id=row.recipient_id):
                _send(connection, row, token, done, message_for)
    finally:
        try:
            connection.close()
        except Exception:
            log.warning("outbox: closing the mail connection failed", exc_info=True)
    log.info("outbox: %s sent, %s to retry, %s failed, %s skipped", done.sent, done.retried, done.failed, done.skipped)
    return done


def _send(connection, row: OutboxMail, token: str, done: Delivery, message_for) -> None:
    user = row.recipient
    if not user.is_active or not user.email:
        _finish(row, token, state=State.SKIPPED)
        done.skipped += 1
        return
    try:
        sent = connection.send_messages([message_for(user, row.kind, row.url, row.context, issue=row.issue)])
    except Exception as error:
        log.warning("notification e-mail (%s) to user %s not sent", row.kind, user.pk, exc_info=True)
        _failed(row, token, error, done)
        return
    if not sent:
        _failed(row, token, RuntimeError("the mail backend sent nothing"), done)
        return
    _finish(row, token, state=State.SENT)
    done.sent += 1
    log.info("notification e-mail (%s) to user %s sent (outbox %s)", row.kind, user.pk, row.pk)


def _finish(row: OutboxMail, token: str, *, state: str) -> None:
    # The excerpt quoted someone's text: once the mail is out, the row keeps only the facts.
    context = {key: value for key, value in row.context.items() if key != "excerpt"}
    OutboxMail.objects.filter(pk=row.pk, claim=token).update(
        state=state, sent_at=timezone.now(), context=context, claim="", last_error=""
    )


def _failed(row: OutboxMail, token: str, error: Exception, done: Delivery) -> None:
    attempts = row.attempts + 1
    final = isinstance(error, PERMANENT) or attempts >= settings.OUTBOX_MAX_ATTEMPTS
    changes = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:2000], "claim": ""}
    if final:
        changes["state"] = State.FAILED
        done.failed += 1
        log.error("outbox: message %s (%s to user %s) failed for good: %s", row.pk, row.kind, row.recipient_id, error)
    else:
        changes["next_attempt_at"] = timezone.now() + backoff(attempts)
        done.retried += 1
    OutboxMail.objects.filter(pk=row.pk, claim=token).update(**changes)


def withdraw_excerpts(*, subject: str) -> int:
    """The item ``subject`` names changed (an edit, a retraction, a hide): mail not yet sent stops
    quoting it. Runs in the changing act's transaction."""
    waiting = list(OutboxMail.objects.filter(subject=subject, state=State.PENDING).only("pk", "context"))
    for row in waiting:
        row.context = {key: value for key, value in row.context.items() if key != "excerpt"}
    OutboxMail.objects.bulk_update(waiting, ["context"], batch_size=500)
    return len(waiting)


def deliver_on_commit(rows: list[OutboxMail]) -> None:
    """Send ``rows`` right after the current transaction commits, in this process
    (OUTBOX_SEND_ON_COMMIT: the tests); production leaves all mail to the worker."""
    if settings.OUTBOX_SEND_ON_COMMIT and rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: deliver(batch=len(ids), among=ids), robust=True)


def retry_now(*, actor, ids: list[int]) -> int:
    """An administrator's "try again now" for failed mail: back to pending, attempts from zero."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only the administration can send failed mail again."))
    return OutboxMail.objects.filter(pk__in=ids, state=State.FAILED).update(
        state=State.PENDING, attempts=0, next_attempt_at=timezone.now(), claim=""
    )


def backlog() -> dict:
    """What /readyz and monitoring show: waiting mail, the age of the oldest, failed mail."""
    figures = OutboxMail.objects.aggregate(
        pending=Count("pk", filter=Q(state=State.PENDING)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        oldest=Min("created_at", filter=Q(state=State.PENDING)),
    )
    oldest = figures.pop("oldest")
    figures["oldest_pending_seconds"] = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    return figures


def prune(*, older_than: timedelta) -> int:
    """Delete sent and skipped mail past its keeping time (failed mail stays until an admin acts)."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxMail.objects.filter(state__in=[State.SENT, State.SKIPPED], created_at__lt=cutoff).delete()
    return deleted
