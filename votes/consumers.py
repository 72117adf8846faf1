"""A round page's standing, pushed: on connect and on every ballot, the standing as the page shows it.

The message on the layer is only a hint (votes.actions.allocate_points publishes one after a
ballot changes the totals); the standing is read from the database each time, so a lost or
repeated hint never shows a wrong ranking, and a reconnect after an outage gets the present.
A standing hidden until the close is never sent (the round page says so instead).
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.template.loader import render_to_string
from django.utils import translation

from core.live_consumer import LiveConsumer
from votes import actions, queries
from votes.models import PriorityRound

CLOSE_NO_STANDING = 4404  # no such round, or its standing is hidden until the close: no reconnecting


class RoundStandingConsumer(LiveConsumer):
    says_state = False

    async def connect(self):
        self.round_pk = self.scope["url_route"]["kwargs"]["pk"]
        if await database_sync_to_async(self._render)() is None:
            await self.close(code=CLOSE_NO_STANDING)
            return
        await self.go_live([actions.standing_group(self.round_pk)])

    async def replay(self):
        await self.send_standing()

    async def live_event(self, message):
        await self.send_standing()

    async def send_standing(self):
        html = await database_sync_to_async(self._render)()
        if html is not None:
            await self.send(text_data=html)

    def _render(self) -> str | None:
        round_ = PriorityRound.objects.select_related("area").filter(pk=self.round_pk).first()
        if round_ is None or not round_.standing_visible:
            return None
        context = {"round": round_, "standing": queries.round_standing(round_), "ballots": queries.ballot_count(round_)}
        with translation.override(self.language):
            return render_to_string("votes/round_detail.html#standing", context)
