"""The issue page's websocket: server → browser events only.

On connect the viewer says the last sequence number it saw (``?after=N``); the
consumer replays what it missed from the database, then forwards new events.
It keeps the stream strictly increasing and gapless: a duplicate is dropped, a
gap (a message the channel layer lost) is filled from the database.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from issues import live
from issues.models import Issue

log = logging.getLogger(__name__)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


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
    async def connect(self):
        self.issue_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await self.issue_is_visible():
            await self.close(code=4404)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            self.last_sent = max(0, int(query.get("after", ["0"])[0]))
        except ValueError:
            self.last_sent = 0
        self.language = viewer_language(self.scope)
        self.group = live.group(self.issue_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.catch_up()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:  # the layer is gone (Redis down): nothing to leave
                log.info("could not leave %s", self.group)

    async def receive(self, text_data=None, bytes_data=None):
        """Viewers do not write over the socket (writes go through HTTP with CSRF)."""

    async def live_event(self, message):
        seq = message["seq"]
        if seq <= self.last_sent:
            return  # already sent (a replay overtook it)
        if seq > self.last_sent + 1:
            await self.catch_up()  # the layer lost something: fill the gap from the record
            return
        await self.send_event(seq, message["html"])

    async def catch_up(self):
        for seq, html in await database_sync_to_async(live.events_after)(self.issue_id, self.last_sent):
            await self.send_event(seq, html)

    async def send_event(self, seq: int, html: dict):
        fragment = html.get(self.language) or html.get(settings.LANGUAGE_CODE) or ""
        await self.send(text_data=f"<!--seq:{seq}-->{fragment}")
        self.last_sent = seq

    @database_sync_to_async
    def issue_is_visible(self) -> bool:
        return Issue.objects.filter(pk=self.issue_id).exists()
