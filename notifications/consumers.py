"""A signed-in person's badge: on connect and on every notification, the unread count.

The message on the layer is only a hint ("something changed"); the count is read from
the database each time, so a lost or repeated hint never shows a wrong number. When
the channel layer comes back after an outage the count is sent again (the badge's
catch-up); a badge opened while it is down gets the count and a close (4503), and
retries. The transport (hubs, heartbeat, session end) is core.live_consumer's.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.template.loader import render_to_string
from django.utils import translation

from core.live import account_group
from core.live_consumer import LiveConsumer
from notifications import actions, queries

CLOSE_SIGNED_OUT = 4401  # fragment-socket.js stops trying


class NotificationConsumer(LiveConsumer):
    says_state = False  # the badge is the whole message: fragment-socket.js shows no paused state

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        self.user = user
        await self.go_live([actions.group(user.pk), account_group(user.pk)])

    async def replay(self):
        await self.send_badge()

    async def live_event(self, message):
        await self.send_badge()

    async def send_badge(self):
        count = await database_sync_to_async(queries.unread_count)(self.user)
        with translation.override(self.language):
            html = render_to_string("notifications/badge.html#badge", {"unread": count, "known": True})
        await self.send(text_data=html)
