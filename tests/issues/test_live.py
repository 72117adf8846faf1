"""The issue's live channel: stored first, numbered, replayed from a sequence number, never duplicated."""

import pytest
from django.db import transaction

from issues import live
from issues.consumers import LIVE_ON
from issues.models import LiveEvent
from tests.live_helpers import live_socket


def publish(issue, text, kind="test"):
    with transaction.atomic():
        return live.record_event(issue=issue, kind=kind, render=lambda: f'<p id="x">{text}</p>')


def test_events_are_stored_numbered_and_sent_after_commit(
    flooded_street, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(flooded_street, "one")
        second = publish(flooded_street, "two")
    assert (first.seq, second.seq) == (1, 2)
    assert live_events.groups() == [f"issue.{flooded_street.pk}"] * 2
    assert live_events.sent[1][1]["seq"] == 2
    flooded_street.refresh_from_db()
    assert flooded_street.last_event_seq == 2


def test_a_rolled_back_write_is_never_broadcast(flooded_street, live_events, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                live.record_event(issue=flooded_street, kind="t", render=lambda: "<p>x</p>")
                raise RuntimeError("write failed")
    assert live_events.sent == []
    assert not LiveEvent.objects.exists()


def test_each_language_is_rendered_once(flooded_street):
    from django.utils.translation import get_language

    calls = []
    with transaction.atomic():
        event = live.record_event(
            issue=flooded_street, kind="t", render=lambda: calls.append(get_language()) or get_language()
        )
    assert calls == ["en", "id"]
    assert event.html == {"en": "en", "id": "id"}


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_a_bug(flooded_street):
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        live.record_event(issue=flooded_street, kind="t", render=lambda: "")


@pytest.mark.django_db(transaction=True)
async def test_a_viewer_receives_new_events_and_replays_what_it_missed(areas_async):
    issue = areas_async
    from asgiref.sync import sync_to_async

    await sync_to_async(publish)(issue, "before")
    viewer = live_socket(f"/ws/issues/{issue.pk}/?after=0")
    connected, _ = await viewer.connect()
    assert connected
    assert await viewer.receive_from() == '<!--seq:1--><p id="x">before</p>'
    assert await viewer.receive_from() == LIVE_ON  # caught up: from here on, live

    await sync_to_async(publish)(issue, "live")
    assert await viewer.receive_from() == '<!--seq:2--><p id="x">live</p>'
    await viewer.disconnect()

    # Back after a drop, it says what it saw last and gets only what came later, in order.
    await sync_to_async(publish)(issue, "missed 1")
    await sync_to_async(publish)(issue, "missed 2")
    again = live_socket(f"/ws/issues/{issue.pk}/?after=2")
    assert (await again.connect())[0]
    assert await again.receive_from() == '<!--seq:3--><p id="x">missed 1</p>'
    assert await again.receive_from() == '<!--seq:4--><p id="x">missed 2</p>'
    assert await again.receive_from() == LIVE_ON
    assert await again.receive_nothing(timeout=0.2)
    await again.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_the_viewer_gets_its_own_language(areas_async):
    from asgiref.sync import sync_to_async
    from django.conf import settings
    from django.utils.translation import get_language

    issue = areas_async

    def publish_in_each_language():
        with transaction.atomic():
            live.record_event(issue=issue, kind="test", render=lambda: f'<p id="x">in {get_language()}</p>')

    await sync_to_async(publish_in_each_language)()
    browser_says_id = live_socket(f"/ws/issues/{issue.pk}/", headers=[(b"accept-language", b"id-ID,id;q=0.9")])
    assert (await browser_says_id.connect())[0]
    assert await browser_says_id.receive_from() == '<!--seq:1--><p id="x">in id</p>'
    await browser_says_id.disconnect()
    # The language cookie (the choice made on the site) wins over the browser's.
    chose_en = live_socket(f"/ws/issues/{issue.pk}/", headers=[(b"accept-language", b"id-ID,id;q=0.9")])
    chose_en.scope["cookies"] = {settings.LANGUAGE_COOKIE_NAME: "en"}  # what CookieMiddleware reads from the header
    assert (await chose_en.connect())[0]
    assert await chose_en.receive_from() == '<!--seq:1--><p id="x">in en</p>'
    await chose_en.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_duplicate_or_a_gap_on_the_layer_never_reaches_the_viewer(areas_async):
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer

    issue = areas_async
    viewer = live_socket(f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_ON
    await sync_to_async(publish)(issue, "one")
    assert (await viewer.receive_from()).startswith("<!--seq:1-->")
    layer = get_channel_layer()
    # The layer delivers event 1 again: dropped.
    await layer.group_send(live.group(issue.pk), {"type": "live.event", "seq": 1, "html": {"en": "dup"}})
    assert await viewer.receive_nothing(timeout=0.2)
    # Event 2 is stored but its broadcast is lost; event 3 arrives: the viewer gets 2 then 3.
    with_lost = await sync_to_async(_store_without_broadcast)(issue, "two")
    await sync_to_async(publish)(issue, "three")
    assert with_lost == 2
    assert (await viewer.receive_from()).startswith("<!--seq:2-->")
    assert (await viewer.receive_from()).startswith("<!--seq:3-->")
    await viewer.disconnect()


def _store_without_broadcast(issue, text):
    from unittest import mock

    with mock.patch("core.live.publish"), transaction.atomic():
        return live.record_event(issue=issue, kind="t", render=lambda: text).seq


@pytest.mark.django_db(transaction=True)
async def test_an_unknown_issue_is_refused():
    viewer = live_socket("/ws/issues/999999/")
    connected, code = await viewer.connect()
    assert not connected and code == 4404


def _restated(issue, subject, text):
    with transaction.atomic():
        return live.record_event(
            issue=issue,
            kind="test",
            subject=subject,
            render=lambda: f'<p id="x">{text}</p>',
            restate=lambda: f'<p id="x">{text}</p>',
        )


def test_a_change_of_an_item_restates_its_earlier_events_and_leaves_others_alone(flooded_street):
    with transaction.atomic():
        live.record_event(issue=flooded_street, kind="test", subject="comment:1", render=lambda: "<p>first words</p>")
        live.record_event(issue=flooded_street, kind="test", subject="comment:2", render=lambda: "<p>another</p>")
    _restated(flooded_street, "comment:1", "as it is now")
    replay = [html["en"] for _seq, html in live.events_after(flooded_street.pk, 0)]
    assert replay == ['<p id="x">as it is now</p>', "<p>another</p>", '<p id="x">as it is now</p>']


def test_only_the_latest_events_are_kept(flooded_street, settings):
    settings.LIVE_EVENTS_KEPT = 50
    for n in range(120):
        publish(flooded_street, n)
    kept = LiveEvent.objects.filter(issue=flooded_street).order_by("seq").values_list("seq", flat=True)
    assert kept[0] > 1 and list(kept)[-1] == 120 and len(kept) <= 50 + live.PRUNE_EVERY


@pytest.mark.django_db(transaction=True)
async def test_a_viewer_behind_the_kept_events_is_told_to_reload(areas_async, settings):
    from asgiref.sync import sync_to_async

    from issues.consumers import LIVE_STALE

    settings.LIVE_EVENTS_KEPT = 50
    issue = areas_async
    for n in range(100):
        await sync_to_async(publish)(issue, n)
    behind = live_socket(f"/ws/issues/{issue.pk}/?after=3")
    connected, _ = await behind.connect()
    assert connected
    assert await behind.receive_from() == LIVE_STALE
    assert (await behind.receive_output())["code"] == 4410
    recent = live_socket(f"/ws/issues/{issue.pk}/?after=98")
    await recent.connect()
    assert (await recent.receive_from()).startswith("<!--seq:99-->")
    await recent.disconnect()
