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

How the socket hears its groups (one hub per issue per process), and how it
survives the channel layer being down (``<!--live:paused-->``, catch-up and
``<!--live:on-->``, 4503 for a newcomer), is core.live_consumer's.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings

from core.live import CLOSE_SESSION_ENDED, account_group
from core.live_consumer import CLOSE_LAYER_DOWN, LIVE_ON, LIVE_PAUSED, LiveConsumer
from issues import live
from issues.models import Issue

__all__ = [
    "CLOSE_LAYER_DOWN",
    "CLOSE_NOT_FOUND",
    "CLOSE_STALE",
    "LIVE_ON",
    "LIVE_PAUSED",
    "LIVE_STALE",
    "IssueConsumer",
]

LIVE_STALE = "<!--live:stale-->"
CLOSE_NOT_FOUND = 4404  # the client stops trying (no such issue, or it is hidden)
CLOSE_STALE = 4410  # the viewer is behind the events kept (LIVE_EVENTS_KEPT): it asks for a reload


class IssueConsumer(LiveConsumer):
    async def connect(self):
        self.issue_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if not await self.issue_is_visible():
            await self.close(code=CLOSE_NOT_FOUND)
            return
        user = self.scope.get("user")
        groups = [live.group(self.issue_id)]
        if getattr(user, "is_authenticated", False):
            if await self.viewer_is_suspended(user):
                await self.close(code=CLOSE_SESSION_ENDED)
                return
            groups.append(account_group(user.pk))  # a suspension ends its sockets: see session_end
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            self.last_sent = max(0, int(query.get("after", ["0"])[0]))
        except ValueError:
            self.last_sent = 0
        await self.go_live(groups)

    async def live_event(self, message):
        """An event from the hub: the next one in line is sent at once, anything else in order."""
        seq = message["seq"]
        if seq == self.last_sent + 1 and not self.lock.locked():
            await self.send_event(seq, message["html"])
        elif seq > self.last_sent:
            # Behind a catch-up, or after a gap: wait for the lock, then fill in from the record.
            asyncio.ensure_future(self.event_in_order(message))

    async def event_in_order(self, message):
        async with self.lock:
            seq = message["seq"]
            if seq <= self.last_sent:
                return  # already sent (a replay overtook it)
            if seq > self.last_sent + 1:
                await self.replay()  # the layer lost something: fill the gap from the record
                return
            await self.send_event(seq, message["html"])

    async def replay(self):
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

    @classmethod
    async def behind_the_record(cls, viewers) -> dict:
        latest = await database_sync_to_async(_latest_seqs)({v.issue_id for v in viewers})
        return {v: v.last_sent for v in viewers if v.last_sent < latest.get(v.issue_id, 0)}

    @database_sync_to_async
    def viewer_is_suspended(self, user) -> bool:
        from accounts.permissions import suspension_refusal

        return suspension_refusal(user) is not None

    @database_sync_to_async
    def issue_is_visible(self) -> bool:
        """A hidden issue's socket sends nothing: its page shows the notice, and replaying
        its events would bring back what the moderator hid."""
        return Issue.objects.filter(pk=self.issue_id, hidden=False).exists()


def _latest_seqs(issue_ids) -> dict[int, int]:
    return dict(Issue.objects.filter(pk__in=issue_ids).values_list("pk", "last_event_seq"))
