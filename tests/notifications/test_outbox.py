"""Mail goes through the outbox: written with the act, sent by the worker, never lost, never twice."""

from __future__ import annotations

import smtplib
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from issues.models import Follow
from notifications import outbox
from notifications.models import OutboxMail
from operations import worker
from tests.conftest import make_user
from tests.responses.conftest import owed_issue, respond  # noqa: F401 (a fixture)

State = OutboxMail.State


@pytest.fixture(autouse=True)
def worker_sends(settings):
    """As in production: nothing is sent until the worker runs."""
    settings.OUTBOX_SEND_ON_COMMIT = False
    settings.OUTBOX_RETRY_SECONDS = 30


def followers(issue, count: int) -> list:
    people = [make_user(name=f"Follower {n}") for n in range(count)]
    Follow.objects.bulk_create([Follow(user=person, issue=issue) for person in people])
    return people


def test_a_response_queues_its_mail_and_sends_none_in_the_request(
    owed_issue,  # noqa: F811
    official_of_water_agency,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    people = followers(owed_issue, 5)
    with django_capture_on_commit_callbacks(execute=True):
        respond(official_of_water_agency, owed_issue, body="Crews are on their way.")
    assert mailoutbox == []
    queued = OutboxMail.objects.filter(state=State.PENDING)
    assert {row.recipient_id for row in queued} >= {person.pk for person in people}
    worker.send_mail()
    to_followers = [m for m in mailoutbox if m.to[0] in {person.email for person in people}]
    assert sorted(m.to[0] for m in to_followers) == sorted(person.email for person in people)
    assert all("Crews are on their way." in m.body for m in to_followers)


def test_an_act_rolled_back_leaves_no_mail(owed_issue, official_of_water_agency):  # noqa: F811
    people = followers(owed_issue, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        respond(official_of_water_agency, owed_issue)
        assert OutboxMail.objects.filter(recipient__in=people).count() == 2
        raise RuntimeError("the act fails after notifying")
    assert not OutboxMail.objects.filter(recipient__in=people).exists()


class Refused(smtplib.SMTPServerDisconnected):
    pass


class DeadServer:
    """A mail backend whose server does not answer."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("no mail server")


def test_an_unreachable_server_costs_an_attempt_and_waits_longer_each_time(
    resident_of_manggarai, settings, monkeypatch
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    monkeypatch.setattr("django.core.mail.get_connection", lambda *a, **k: DeadServer())
    (row,) = outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={"issue": "B"})
    waits = []
    for _attempt in range(2):
        before = timezone.now()
        assert outbox.deliver().retried == 1
        row.refresh_from_db()
        waits.append((row.next_attempt_at - before).total_seconds())
        OutboxMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # the wait is over
    assert 29 <= waits[0] <= 31 and 59 <= waits[1] <= 61  # 30 s, then twice that
    assert outbox.deliver().failed == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.FAILED, 3)
    assert "no mail server" in row.last_error


def test_failed_mail_is_counted_on_readyz_and_listed_in_the_admin(resident_of_manggarai, admin_client):
    (row,) = outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={})
    OutboxMail.objects.filter(pk=row.pk).update(state=State.FAILED, last_error="SMTPDataError: 554 rejected")
    outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={})
    OutboxMail.objects.filter(state=State.PENDING).update(created_at=timezone.now() - timedelta(minutes=5))
    figures = admin_client.get("/readyz").json()["outbox"]
    assert figures["pending"] == 1 and figures["failed"] == 1 and 290 <= figures["oldest_pending_seconds"] <= 310
    page = admin_client.get("/admin/notifications/outboxmail/?state=failed").content.decode()
    assert "SMTPDataError: 554 rejected" in page
    admin_client.post(
        "/admin/notifications/outboxmail/", {"action": "send_again", "_selected_action": [row.pk]}, follow=True
    )
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 0)


def test_a_lease_that_ran_out_lets_another_worker_send(resident_of_manggarai, mailoutbox):
    outbox.enqueue(user_ids=[resident_of_manggarai.pk], kind="reply", url="/", context={"issue": "B"})
    _token, claimed = outbox.claim(batch=10, lease=timedelta(minutes=5))
    assert outbox.deliver().claimed == 0  # held by the first worker
    OutboxMail.objects.filter(pk__in=claimed).update(next_attempt_at=timezone.now())  # it died; lease over
    assert outbox.deliver().sent == 1
    assert len(mailoutbox) == 1


@pytest.mark.skipif(not django_settings.ON_POSTGRESQL, reason="row locks with SKIP LOCKED need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(settings, mailoutbox):
    settings.OUTBOX_BATCH = 20
    people = [make_user(name=f"Reader {n}") for n in range(300)]
    outbox.enqueue(user_ids=[p.pk for p in people], kind="reply", url="/", context={"issue": "Banjir"})
    start = threading.Barrier(2)
    counts = []

    def work():
        start.wait()
        try:
            counts.append(worker.send_mail())
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    recipients = [m.to[0] for m in mailoutbox]
    assert sorted(recipients) == sorted(p.email for p in people)  # every one, none twice
    assert all(not result.startswith("sent 0,") for result in counts), counts  # both workers took a share


# --- An SMTP outage, with a real SMTP server that stops and comes back --------------------------


class Sink:
    """An SMTP server on a fixed port (aiosmtpd) that records every recipient of every message."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.recipients: list[str] = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp_sink(settings):
    sink = Sink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield sink
    if sink.controller is not None:
        try:
            sink.stop()
        except Exception:
            pass


def test_an_smtp_outage_loses_nothing_and_sends_nothing_twice(
    owed_issue,  # noqa: F811
    official_of_water_agency,
    smtp_sink,
    settings,
    django_capture_on_commit_callbacks,
):
    people = followers(owed_issue, 200)
    smtp_sink.stop()
    with django_capture_on_commit_callbacks(execute=True):
        respond(official_of_water_agency, owed_issue, body="Pumps arrive tonight.")
    worker.send_mail()  # the server is down: a batch is tried, every message waits
    waiting = OutboxMail.objects.filter(recipient__in=people)
    assert waiting.filter(state=State.PENDING).count() == 200 and waiting.filter(attempts=1).exists()
    assert smtp_sink.recipients == []
    smtp_sink.start()
    settings.OUTBOX_RETRY_SECONDS = 0  # the retry is due now, not in 30 seconds
    OutboxMail.objects.update(next_attempt_at=timezone.now())
    worker.send_mail()
    worker.send_mail()  # a second pass finds nothing left to send
    mine = [address for address in smtp_sink.recipients if address in {p.email for p in people}]
    assert sorted(mine) == sorted(p.email for p in people)
    assert waiting.filter(state=State.SENT).count() == 200
