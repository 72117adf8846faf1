"""People hear about what concerns them: in the site (a live unread badge) and by e-mail, in their language."""

import pytest
from django.utils import translation

from notifications import actions, outbox
from notifications.models import Notification, NotificationSetting
from tests.conftest import make_user
from tests.live_helpers import live_socket
from residency import actions as residency_actions


def tell(recipients, *, actor=None, kind="response", issue=None, **context):
    context = {"issue": "Banjir", "agency": "Dinas SDA", "status": "resolved", **context}
    return actions.notify(
        recipients=recipients, kind=kind, issue=issue, actor=actor, url="/issues/1/banjir/", context=context
    )


def test_everyone_but_the_actor_is_told_once(
    resident_of_manggarai, resident_of_bukit_duri, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = tell(
            [resident_of_manggarai, resident_of_manggarai.pk, resident_of_bukit_duri], actor=resident_of_bukit_duri
        )
    assert [n.recipient for n in rows] == [resident_of_manggarai]
    assert [m.to for m in mailoutbox] == [[resident_of_manggarai.email]]


def test_the_email_links_back_and_is_sent_only_after_commit(
    resident_of_manggarai, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://warga.example.go.id"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell([resident_of_manggarai])
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    mail = mailoutbox[0]
    assert mail.subject == "[Balai Warga] Dinas SDA responded to “Banjir”: Resolved."
    assert "https://warga.example.go.id/issues/1/banjir/" in mail.body
    assert "https://warga.example.go.id/profile/#notification-settings" in mail.body


def test_each_email_is_in_its_recipients_language(
    resident_of_manggarai, resident_of_bukit_duri, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.LANGUAGE_CODE = "en"
    resident_of_bukit_duri.profile.language = "id"
    resident_of_bukit_duri.profile.save(update_fields=["language"])
    # Phrase the message as "the language it was written in", whatever the catalogue holds today.
    monkeypatch.setattr(actions, "describe", lambda kind, context: f"lang={translation.get_language()}")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        tell([resident_of_manggarai, resident_of_bukit_duri])
    by_person = {m.to[0]: m for m in mailoutbox}
    assert "lang=id" in by_person[resident_of_bukit_duri.email].subject
    assert by_person[resident_of_bukit_duri.email].extra_headers["Content-Language"] == "id"
    assert "lang=en" in by_person[resident_of_manggarai.email].subject  # no choice: the site's language


def test_each_kind_can_be_turned_off_on_the_site_and_by_email(
    resident_of_manggarai, mailoutbox, client_of, django_capture_on_commit_callbacks
):
    client = client_of(resident_of_manggarai)
    assert 'name="email-response"' in client.get("/profile/").content.decode()
    client.post("/notifications/settings/", {"site-response": "on", "site-reply": "on", "email-reply": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        tell([resident_of_manggarai])  # on the site only
        tell([resident_of_manggarai], kind="mention", actor=make_user())  # neither
    assert [n.kind for n in Notification.objects.all()] == ["response"]
    assert mailoutbox == []
    assert NotificationSetting.objects.get(user=resident_of_manggarai, kind="reply").by_email


def test_the_list_marks_read_and_follows_the_link(resident_of_manggarai, client_of):
    tell([resident_of_manggarai])
    client = client_of(resident_of_manggarai)
    page = client.get("/notifications/").content.decode()
    assert "Dinas SDA responded to “Banjir”: Resolved." in page and "Mark all read" in page
    n = Notification.objects.get()
    assert f'<form method="post" action="/notifications/{n.pk}/"' in page  # a button, not a GET link
    assert client.post(f"/notifications/{n.pk}/")["Location"] == "/issues/1/banjir/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_opening_a_notification_with_htmx_sends_the_page_to_its_target(resident_of_manggarai, client_of):
    tell([resident_of_manggarai])
    n = Notification.objects.get()
    response = client_of(resident_of_manggarai).post(f"/notifications/{n.pk}/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/issues/1/banjir/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_a_get_of_a_notification_goes_there_without_marking_it_read(resident_of_manggarai, client_of):
    """Another site can make a signed-in browser GET any address: a GET must change nothing."""
    tell([resident_of_manggarai])
    n = Notification.objects.get()
    response = client_of(resident_of_manggarai).get(f"/notifications/{n.pk}/", HTTP_SEC_FETCH_SITE="cross-site")
    assert response["Location"] == "/issues/1/banjir/"
    n.refresh_from_db()
    assert n.read_at is None


def test_nobody_opens_someone_elses_notification(resident_of_manggarai, resident_of_bukit_duri, client_of):
    tell([resident_of_manggarai])
    n = Notification.objects.get()
    budi = client_of(resident_of_bukit_duri)
    assert budi.get(f"/notifications/{n.pk}/").status_code == 404
    assert budi.post(f"/notifications/{n.pk}/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_marking_all_read_updates_the_badge_on_open_pages(
    resident_of_manggarai, client_of, live_events, django_capture_on_commit_callbacks
):
    tell([resident_of_manggarai])
    with django_capture_on_commit_callbacks(execute=True):
        client_of(resident_of_manggarai).post("/notifications/read/")
    assert live_events.groups() == [f"user.{resident_of_manggarai.pk}"]
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_reply_to_your_comment_and_a_mention_reach_you(
    flooded_street, resident_of_manggarai, resident_of_bukit_duri, mailoutbox, django_capture_on_commit_callbacks
):
    from comments.actions import post_comment

    first = post_comment(actor=resident_of_manggarai, issue=flooded_street, body="The drain is blocked again.")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Same here.", parent=first)
    reply = Notification.objects.get(kind="reply")
    assert reply.recipient == resident_of_manggarai and reply.url.startswith(flooded_street.get_absolute_url())
    assert "Budi replied to your comment" in mailoutbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Thanks @Budi, I told the RW.")
    mention = Notification.objects.get(kind="mention")
    assert mention.recipient == resident_of_bukit_duri
    assert "mentioned you" in mailoutbox[-1].subject and mailoutbox[-1].to == [resident_of_bukit_duri.email]


def test_a_verification_decision_reaches_the_resident(
    resident_of_manggarai, moderator_of_tebet, areas, mailoutbox, django_capture_on_commit_callbacks
):

    request = residency_actions.request_verification(
        actor=resident_of_manggarai, rt="003", rw="004", street="Jl. Manggarai Utara 1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        residency_actions.decide_verification(actor=moderator_of_tebet, request=request, approve=True)
    told = Notification.objects.get(kind="verification")
    assert told.recipient == resident_of_manggarai and told.context["approved"] is True
    assert "You are now a verified resident of RW 04 Manggarai" in mailoutbox[-1].subject


# --- The live badge ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_badge_shows_the_unread_count_and_follows_new_notifications():
    from asgiref.sync import sync_to_async
    from django.db import transaction

    user = await sync_to_async(make_user)(name="Siti")
    await sync_to_async(tell)([user])
    viewer = live_socket("/ws/notifications/", user=user)
    connected, _ = await viewer.connect()
    assert connected
    first = await viewer.receive_from()
    assert 'id="notification-badge"' in first and '<span class="notification-count">1</span>' in first

    def tell_again():
        with transaction.atomic():
            tell([user])

    await sync_to_async(tell_again)()
    assert '<span class="notification-count">2</span>' in await viewer.receive_from()
    await viewer.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_visitor_gets_no_badge_socket():
    from django.contrib.auth.models import AnonymousUser

    viewer = live_socket("/ws/notifications/", user=AnonymousUser())
    connected, code = await viewer.connect()
    assert not connected and code == 4401


def test_an_indonesian_speaker_reads_the_date_in_indonesian(
    resident_of_manggarai, mailoutbox, django_capture_on_commit_callbacks
):
    resident_of_manggarai.profile.language = "id"
    resident_of_manggarai.profile.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        tell([resident_of_manggarai], kind="owed", due="2026-03-15")
    assert "15 Maret 2026" in mailoutbox[0].subject


# --- E-mails that must not break -------------------------------------------------------------


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(
    resident_of_manggarai, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            recipients=[resident_of_manggarai],
            kind="response",
            url="/issues/1/banjir/",
            context={"issue": "Banjir\r\nBcc: everyone@example.org\u202e", "agency": "Dinas SDA", "status": "resolved"},
        )
    (mail,) = mailoutbox
    assert mail.subject == "[Balai Warga] Dinas SDA responded to “Banjir Bcc: everyone@example.org”: Resolved."
    assert "\r" not in mail.message().as_string().split("\n\n", 1)[0].replace("\r\n", "")


def test_one_message_that_fails_does_not_stop_the_others(
    resident_of_manggarai, resident_of_bukit_duri, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    # An address stored with a line break (an old import): its header cannot be written.
    broken = make_user(name="Broken", email="broken@example.org")
    type(broken).objects.filter(pk=broken.pk).update(email="broken@example.org\r\nBcc: x@example.org")
    first = make_user(name="First")
    with django_capture_on_commit_callbacks(execute=True):
        tell([broken, first, resident_of_manggarai, resident_of_bukit_duri])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [first.email, resident_of_manggarai.email, resident_of_bukit_duri.email]
    )
    assert f"to user {broken.pk} not sent" in caplog.text


def test_the_batch_counts_what_went_out(resident_of_manggarai, resident_of_bukit_duri, mailoutbox, settings):
    settings.OUTBOX_SEND_ON_COMMIT = False
    broken = make_user(name="Broken")
    type(broken).objects.filter(pk=broken.pk).update(email="broken@example.org\nX: y")
    ids = [broken.pk, resident_of_manggarai.pk, resident_of_bukit_duri.pk]
    outbox.enqueue(user_ids=ids, kind="response", url="/issues/1/banjir/", context={"issue": "B", "agency": "A"})
    delivery = outbox.deliver()
    assert (delivery.sent, delivery.failed) == (2, 1)
    assert len(mailoutbox) == 2
