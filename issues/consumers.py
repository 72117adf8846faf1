"""The issue page's websocket: server → browser events only.

On connect the viewer says the last sequence number it saw (``?after=N``); the
consumer replays what it missed from the database, then forwards new events.
It keeps the stream strictly increasing and gapless: a duplicate is dropped, a
gap (a message the channel layer lost) is filled from the database.

What is replayed is each item's present state, never what was superseded: a
stored event that carried an item's text is re-rendered when the item is edited,
retracted or hidden (issues.live.restate_subject). Only the latest
LIVE_EVENTS_KEPT events of an issue are kept; a viewer further behind than that
is sent ``<!--live:stale-->`` and closed with 4410, and its page asks for a
reload. A hidden issue's socket is refused (4404): it has nothing to send.

When the channel layer (Redis) is down, pages and posts keep working and the
database still holds every event. A viewer already connected is told
``<!--live:paused-->`` and, when the layer delivers again, gets what it missed
and ``<!--live:on-->``; a viewer connecting meanwhile gets what it missed, the
paused notice and a close (4503), and retries with backoff. Each process learns
the layer's health from one heartbeat (``LayerWatch``), not from every socket.

Each process subscribes once per issue (``IssueHub``) and hands every event to
its viewers of that issue itself: the fan-out costs a frame per viewer, not a
channel-layer message per viewer.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from core.live import CLOSE_SESSION_ENDED, EVENT_TYPE, account_group
from issues import live
from issues.models import Issue

log = logging.getLogger(__name__)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LIVE_ON = "<!--live:on-->"
LIVE_PAUSED = "<!--live:paused-->"
LIVE_STALE = "<!--live:stale-->"
CLOSE_LAYER_DOWN = 4503  # "try again later": the client reconnects with backoff
CLOSE_NOT_FOUND = 4404  # the client stops trying (no such issue, or it is hidden)
CLOSE_STALE = 4410  # the viewer is behind the events kept (LIVE_EVENTS_KEPT): it asks for a reload


def viewer_language(scope) -> str:
    """The language the viewer's pages are in: their language cookie, else the browser's."""
    cookies = scope.get("cookies") or {}
    wanted = [cookies.get(settings.LANGUAGE_COOKIE_NAME, "")]
    headers = dict(scope.get("headers") or [])
    wanted += [lang for lang, _q in parse_accept_lang_header(headers.get(b"accept-language", b"").decode("latin-1"))]
    for code in wanted:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class IssueConsumer(AsyncWebsocketConsumer):
    async def __call__(self, scope, receive, send):
        """As AsyncConsumer.__call__, but a channel layer that is down does not fail the socket.

        The issue's events come through the process's IssueHub, not a channel of the
        socket's own; only a signed-in viewer takes one, for its account group (a
        suspension ends its sockets). Getting a channel subscribes on Redis: if that
        fails, or this process already knows Redis is down, the socket runs without.
        """
        self.scope = scope
        self.base_send = send
        self.lock = asyncio.Lock()  # one sender at a time: events, catch-ups and status stay in order
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.watch = LayerWatch.for_layer(self.channel_layer)
        self.hub = None
        self.layer_ok = self.channel_layer is not None and (self.watch is None or self.watch.healthy)
        sources = [receive]
        if self.layer_ok and getattr(scope.get("user"), "is_authenticated", False):
            try:
                self.channel_name = await self.channel_layer.new_channel()
                sources.append(functools.partial(self.channel_layer.receive, self.channel_name))
            except Exception:
                log.warning("live updates unavailable: the channel layer refused a channel", exc_info=True)
                self.layer_failed()
        try:
            await await_many_dispatch(sources, self.dispatch)
        except StopConsumer:
            pass

    def layer_failed(self):
        self.layer_ok = False
        if self.watch is not None:
            self.watch.saw_failure()

    async def connect(self):
        self.issue_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await self.issue_is_visible():
            await self.close(code=CLOSE_NOT_FOUND)
            return
        user = self.scope.get("user")
        # A signed-in viewer's sockets also hear "session.end" (a suspension): see session_end.
        self.account_group = account_group(user.pk) if getattr(user, "is_authenticated", False) else None
        if self.account_group and await self.viewer_is_suspended(user):
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            self.last_sent = max(0, int(query.get("after", ["0"])[0]))
        except ValueError:
            self.last_sent = 0
        self.language = viewer_language(self.scope)
        self.group = live.group(self.issue_id)
        await self.accept()  # before joining: an event may be handed over at once
        if not await self.join_groups():
            await self.catch_up()  # the database is the record: what was missed, even now
            await self.send(text_data=LIVE_PAUSED)
            await self.close(code=CLOSE_LAYER_DOWN)
            return
        if self.watch is not None:
            self.watch.join(self)
        await self.catch_up()
        await self.send(text_data=LIVE_ON)

    async def join_groups(self) -> bool:
        if not self.layer_ok:
            return False
        try:
            self.hub = await IssueHub.join(self.channel_layer, self.issue_id, self)
            if self.account_group:
                await self.channel_layer.group_add(self.account_group, self.channel_name)
        except Exception:
            log.warning("live updates unavailable: could not join %s", self.group, exc_info=True)
            await self.leave_groups()
            self.layer_failed()
            return False
        return True

    async def leave_groups(self):
        hub, self.hub = self.hub, None
        if hub is not None:
            await hub.leave(self)
        if getattr(self, "account_group", None) and hasattr(self, "channel_name"):
            try:
                await self.channel_layer.group_discard(self.account_group, self.channel_name)
            except Exception:  # the layer is gone (Redis down): nothing to leave
                log.info("could not leave %s", self.account_group)

    async def disconnect(self, code):
        if self.watch is not None:
            self.watch.leave(self)
        await self.leave_groups()

    async def deliver(self, message):
        """An event from the hub: the next one in line is sent at once, anything else in order."""
        seq = message["seq"]
        if seq == self.last_sent + 1 and not self.lock.locked():
            await self.send_event(seq, message["html"])
        elif seq > self.last_sent:
            # Behind a catch-up, or after a gap: wait for the lock, then fill in from the record.
            asyncio.ensure_future(self.live_event(message))

    async def receive(self, text_data=None, bytes_data=None):
        """Viewers do not write over the socket (writes go through HTTP with CSRF)."""

    async def live_event(self, message):
        async with self.lock:
            seq = message["seq"]
            if seq <= self.last_sent:
                return  # already sent (a replay overtook it)
            if seq > self.last_sent + 1:
                await self._catch_up()  # the layer lost something: fill the gap from the record
                return
            await self.send_event(seq, message["html"])

    async def catch_up(self):
        async with self.lock:
            await self._catch_up()

    async def _catch_up(self):
        events = await database_sync_to_async(live.events_after)(self.issue_id, self.last_sent)
        if events and events[0][0] > self.last_sent + 1:
            # What this viewer missed was pruned: a partial replay would leave the page wrong.
            await self.send(text_data=LIVE_STALE)
            await self.close(code=CLOSE_STALE)
            return
        for seq, html in events:
            await self.send_event(seq, html)

    async def send_event(self, seq: int, html: dict):
        fragment = html.get(self.language) or html.get(settings.LANGUAGE_CODE) or ""
        await self.send(text_data=f"<!--seq:{seq}-->{fragment}")
        self.last_sent = seq

    async def layer_changed(self, delivering: bool):
        """Told by the process's LayerWatch: say paused, or catch up and say live again."""
        if delivering:
            await self.catch_up()
        async with self.lock:
            await self.send(text_data=LIVE_ON if delivering else LIVE_PAUSED)

    async def session_end(self, message):
        """The viewer's account was suspended: a socket's user is fixed at connect, so close it
        (live.js stops reconnecting on this code; the pages themselves stay readable)."""
        await self.close(code=CLOSE_SESSION_ENDED)

    @database_sync_to_async
    def viewer_is_suspended(self, user) -> bool:
        from accounts.permissions import suspension_refusal

        return suspension_refusal(user) is not None

    @database_sync_to_async
    def issue_is_visible(self) -> bool:
        """A hidden issue's socket sends nothing: its page shows the notice, and replaying
        its events would bring back what the moderator hid."""
        return Issue.objects.filter(pk=self.issue_id, hidden=False).exists()


class IssueHub:
    """This process's one subscription to an issue's group, shared by its viewers of that issue.

    An event reaches the process once and is handed to each local viewer directly,
    instead of once per viewer through the layer (a queue, a copy, a task and a
    wake-up each): per viewer, an event then costs little more than its frame.
    """

    _hubs: dict = {}

    @classmethod
    async def join(cls, layer, issue_id: int, viewer: IssueConsumer) -> IssueHub:
        key = (id(layer), asyncio.get_running_loop(), issue_id)
        hub = cls._hubs.get(key)
        if hub is None or hub.layer is not layer:
            hub = cls._hubs[key] = cls(layer, issue_id, key)
        async with hub.lock:
            if hub.channel is None:
                channel = await layer.new_channel("issue-hub.")
                reader = asyncio.ensure_future(hub._read(channel))
                try:
                    await layer.group_add(hub.group, channel)
                except Exception:
                    reader.cancel()  # the layer's receive unsubscribes the channel as it ends
                    raise
                hub.channel, hub.reader = channel, reader
            hub.viewers.add(viewer)
        return hub

    def __init__(self, layer, issue_id: int, key):
        self.layer, self.issue_id, self.key = layer, issue_id, key
        self.group = live.group(issue_id)
        self.viewers: set[IssueConsumer] = set()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def leave(self, viewer: IssueConsumer) -> None:
        async with self.lock:
            self.viewers.discard(viewer)
            if self.viewers or self.channel is None:
                return
            channel, self.channel = self.channel, None
            self.reader.cancel()
            self._hubs.pop(self.key, None)
            try:
                await self.layer.group_discard(self.group, channel)
            except Exception:  # Redis down: the subscription goes with the connection
                log.info("could not leave %s", self.group)

    async def _read(self, channel: str):
        while True:
            message = await self.layer.receive(channel)
            if message.get("type") == EVENT_TYPE:
                for viewer in list(self.viewers):
                    try:
                        await viewer.deliver(message)
                    except Exception:  # one viewer's broken socket is not the others' problem
                        log.info("live event not delivered to a viewer of %s", self.group, exc_info=True)


class LayerWatch:
    """Whether the channel layer delivers, for every viewer of one process (and event loop).

    Every LIVE_HEARTBEAT_SECONDS it sends itself a message through the layer and
    waits for it (the same Redis connections that carry the groups). When that
    fails, viewers are told live updates are paused; when it works again they
    catch up from the database. Every few beats it also compares each viewer's
    last sequence number with the database, so an event whose broadcast was
    lost in a blip too short to notice still arrives (within two sweeps).
    """

    SWEEP_EVERY = 5  # heartbeats
    _watches: dict = {}

    @classmethod
    def for_layer(cls, layer) -> LayerWatch | None:
        interval = settings.LIVE_HEARTBEAT_SECONDS
        if layer is None or not interval:
            return None
        key = (id(layer), asyncio.get_running_loop())
        watch = cls._watches.get(key)
        if watch is None or watch.layer is not layer:
            watch = cls._watches[key] = cls(layer, interval)
        return watch

    def __init__(self, layer, interval: float):
        self.layer = layer
        self.interval = interval
        self.healthy = True
        self.viewers: set[IssueConsumer] = set()
        self.task: asyncio.Task | None = None
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.pongs: asyncio.Queue = asyncio.Queue()
        self.tokens = itertools.count(1)
        self.behind: dict[IssueConsumer, int] = {}

    def join(self, viewer: IssueConsumer) -> None:
        self.viewers.add(viewer)
        self._start()

    def leave(self, viewer: IssueConsumer) -> None:
        self.viewers.discard(viewer)
        self.behind.pop(viewer, None)
        if not self.viewers and self.healthy and self.task is not None:
            self.task.cancel()  # nobody left to tell (its reader is stopped on the way out)

    def saw_failure(self) -> None:
        """A consumer found the layer down: remember it, and watch for its return."""
        self.healthy = False
        self._start()

    def _start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._run())

    async def _run(self):
        beats = 0
        try:
            # Runs while anyone watches, and while the layer is down (so newcomers know without trying).
            while self.viewers or not self.healthy:
                delivering = await self.probe()
                if delivering != self.healthy:
                    self.healthy = delivering
                    log.warning("live updates %s", "resumed" if delivering else "paused: channel layer unavailable")
                    await asyncio.gather(*(v.layer_changed(delivering) for v in list(self.viewers)), return_exceptions=True)
                beats += 1
                if delivering and beats % self.SWEEP_EVERY == 0:
                    await self.sweep()
                await asyncio.sleep(self.interval)
        finally:
            await self._stop_reader()

    async def probe(self) -> bool:
        """One round trip through the layer (before a channel exists: one publish)."""
        try:
            if self.channel is None:
                await self.layer.group_send("live-watch", {"type": "live.ping"})
                self.channel = await self.layer.new_channel("live-watch.")
                self.reader = asyncio.ensure_future(self._read(self.channel))
            token = next(self.tokens)
            await self.layer.send(self.channel, {"type": "live.ping", "token": token})
            async with asyncio.timeout(max(1.0, min(self.interval, 5.0))):
                while await self.pongs.get() != token:
                    pass
            return True
        except Exception:  # Redis down or not answering in time
            return False

    async def _read(self, channel: str):
        while True:
            message = await self.layer.receive(channel)
            self.pongs.put_nowait(message.get("token"))

    async def _stop_reader(self):
        if self.reader is not None:
            self.reader.cancel()
            try:
                await self.reader
            except BaseException:  # noqa: S110 - cancelled, or the layer failed on the way out
                pass
        self.reader, self.channel = None, None

    async def sweep(self):
        """Catch up any viewer that stayed behind the database for two sweeps in a row."""
        viewers = list(self.viewers)
        if not viewers:
            return
        latest = await database_sync_to_async(_latest_seqs)({v.issue_id for v in viewers})
        for viewer in viewers:
            if viewer.last_sent >= latest.get(viewer.issue_id, 0):
                self.behind.pop(viewer, None)
            elif self.behind.get(viewer) == viewer.last_sent:
                self.behind.pop(viewer, None)
                await viewer.catch_up()
            else:
                self.behind[viewer] = viewer.last_sent


def _latest_seqs(issue_ids) -> dict[int, int]:
    return dict(Issue.objects.filter(pk__in=issue_ids).values_list("pk", "last_event_seq"))
