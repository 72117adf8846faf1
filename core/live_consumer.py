"""The base of every live socket: groups through the process's hubs, outages survived.

A live socket only carries server → browser messages. Subclasses (issues.consumers,
notifications.consumers) say which groups they listen to and what to send; this
class owns how they listen:

- **No channel of its own.** Channels gives every consumer a channel on the layer
  (``AsyncConsumer.__call__`` asks the layer for one before the socket even
  connects), which fails the socket outright when Redis is down and costs a Redis
  subscription per socket. A live socket sets ``channel_layer_alias`` to
  ``NO_SOCKET_CHANNEL``, an alias no settings configure, so Channels'
  ``get_channel_layer`` gives it no layer (documented: "None if it is not
  configured") and ``__call__`` runs it on the websocket alone. Every group it
  hears comes through this process's ``GroupHub`` (core.live_hub).
- **Outages.** When the layer is down at connect, the socket is accepted, sent
  what the database holds (``replay``), the paused notice, and closed with
  CLOSE_LAYER_DOWN (4503): the browser retries with backoff. A socket already
  open learns from the process's ``LayerWatch`` (core.live_watch) that updates
  are paused, and when they resume it replays what it missed and says so.
- **Sessions.** A signed-in person's sockets also listen to their account group:
  ``session.end`` (core.live.end_sessions_on_commit, a suspension) closes them.
"""

from __future__ import annotations

import asyncio
import logging

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from core.live import CLOSE_SESSION_ENDED, EVENT_TYPE, SESSION_END
from core.live_hub import GroupHub
from core.live_watch import LayerWatch

log = logging.getLogger(__name__)

NO_SOCKET_CHANNEL = "live-sockets-take-no-channel"  # never a key of settings.CHANNEL_LAYERS
LIVE_ON = "<!--live:on-->"
LIVE_PAUSED = "<!--live:paused-->"
CLOSE_LAYER_DOWN = 4503  # "try again later": the client reconnects with backoff

# What a hub may hand a socket, and the method that handles it (nothing else is called).
HUB_HANDLERS = {EVENT_TYPE: "live_event", SESSION_END: "session_end"}


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


class LiveConsumer(AsyncWebsocketConsumer):
    """Subclasses write ``connect`` (refusals, then ``await self.go_live(groups)``), ``replay``
    (send what the viewer missed, from the database) and ``live_event`` (a message of a group)."""

    channel_layer_alias = NO_SOCKET_CHANNEL
    says_state = True  # send LIVE_ON / LIVE_PAUSED (the issue page shows them; the badge has no use for them)

    async def websocket_connect(self, message):
        if self.channel_layer is not None:
            raise ImproperlyConfigured(f"CHANNEL_LAYERS must not configure {NO_SOCKET_CHANNEL!r}")
        self.layer = get_channel_layer()  # the site's layer, reached only through hubs
        self.watch = LayerWatch.for_layer(self.layer)
        self.hubs: list[GroupHub] = []
        self.lock = asyncio.Lock()  # one sender at a time: events, catch-ups and notices stay in order
        self.language = viewer_language(self.scope)
        await super().websocket_connect(message)

    async def go_live(self, groups: list[str]) -> bool:
        """Accept, listen to ``groups``, replay what was missed and say live (False: the layer is down)."""
        await self.accept()  # before joining: an event may be handed over at once
        if not await self.join_groups(groups):
            await self.catch_up()  # the database is the record: what was missed, even now
            await self.say_state(False)
            await self.close(code=CLOSE_LAYER_DOWN)
            return False
        if self.watch is not None:
            self.watch.join(self)
        await self.catch_up()
        await self.say_state(True)
        return True

    async def join_groups(self, groups: list[str]) -> bool:
        if self.layer is None or (self.watch is not None and not self.watch.healthy):
            return False
        try:
            for group in groups:
                self.hubs.append(await GroupHub.join(self.layer, group, self))
        except Exception:
            log.warning("live updates unavailable: could not join %s", groups, exc_info=True)
            await self.leave_groups()
            if self.watch is not None:
                self.watch.saw_failure()
            return False
        return True

    async def leave_groups(self):
        hubs, self.hubs = getattr(self, "hubs", []), []
        for hub in hubs:
            await hub.leave(self)

    async def disconnect(self, code):
        if getattr(self, "watch", None) is not None:
            self.watch.leave(self)
        await self.leave_groups()

    async def receive(self, text_data=None, bytes_data=None):
        """Viewers do not write over the socket (writes go through HTTP with CSRF)."""

    async def hub_message(self, message: dict):
        """A message of one of this socket's groups, from its hub."""
        name = HUB_HANDLERS.get(message.get("type"))
        if name is not None:
            await getattr(self, name)(message)

    async def catch_up(self):
        async with self.lock:
            await self.replay()

    async def replay(self):
        """Send what the viewer missed (the lock is held)."""
        raise NotImplementedError

    async def live_event(self, message: dict):
        raise NotImplementedError

    async def say_state(self, delivering: bool):
        if self.says_state:
            async with self.lock:
                await self.send(text_data=LIVE_ON if delivering else LIVE_PAUSED)

    async def layer_changed(self, delivering: bool):
        """Told by the process's LayerWatch: say paused, or catch up and say live again."""
        if delivering:
            await self.catch_up()
        await self.say_state(delivering)

    @classmethod
    async def behind_the_record(cls, viewers: list) -> dict:
        """{viewer: its place} for those of ``viewers`` behind the database (the watch's sweep); none by default."""
        return {}

    async def session_end(self, message):
        """The viewer's account was suspended: a socket's user is fixed at connect, so close it
        (live.js and fragment-socket.js stop reconnecting on this code; the pages stay readable)."""
        await self.close(code=CLOSE_SESSION_ENDED)
