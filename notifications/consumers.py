"""A signed-in person's badge: on connect and on every notification, the unread count.

The message on the layer is only a hint ("something changed"); the count is read from
the database each time, so a lost or repeated hint never shows a wrong number.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string
from django.utils import translation

from core.live import CLOSE_SESSION_ENDED, account_group
from issues.consumers import viewer_language
from notifications import actions, queries


class NotificationConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.user = user
        self.language = viewer_language(self.scope)
        self.group = actions.group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_add(account_group(user.pk), self.channel_name)  # session_end
        await self.accept()
        await self.send_badge()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
                await self.channel_layer.group_discard(account_group(self.user.pk), self.channel_name)
            except Exception:  # the layer is gone: nothing to leave
                pass

    async def receive(self, text_data=None, bytes_data=None):
        """Nothing is written over this socket."""

    async def session_end(self, message):
        """The account was suspended (core.live.end_sessions_on_commit): stop this socket."""
        await self.close(code=CLOSE_SESSION_ENDED)

    async def live_event(self, message):
        await self.send_badge()

    async def send_badge(self):
        count = await database_sync_to_async(queries.unread_count)(self.user)
        with translation.override(self.language):
            html = render_to_string("notifications/badge.html#badge", {"unread": count, "known": True})
        await self.send(text_data=html)
