"""One subscription per channel-layer group per server process, shared by its sockets.

An event reaches the process once and is handed to each local socket directly,
instead of once per socket through the layer (a queue, a copy, a task and a
wake-up each): per socket, an event then costs little more than its frame. The
sockets themselves hold no channel of their own (core.live_consumer): every group
they listen to (an issue, a person's badge, an account's sessions) comes through
a hub.

A member is anything with ``async def hub_message(message)``; a member that fails
(a broken socket) does not stop the others.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class GroupHub:
    """This process's (and event loop's) one subscription to ``group`` on ``layer``."""

    _hubs: dict = {}

    @classmethod
    async def join(cls, layer, group: str, member) -> GroupHub:
        """Add ``member`` to the group's hub, subscribing first if it is the process's first.

        Raises what the layer raises (Redis down): the caller then runs without live updates.
        """
        key = (id(layer), asyncio.get_running_loop(), group)
        hub = cls._hubs.get(key)
        if hub is None or hub.layer is not layer:
            hub = cls._hubs[key] = cls(layer, group, key)
        async with hub.lock:
            if hub.channel is None:
                channel = await layer.new_channel("live-hub.")
                reader = asyncio.ensure_future(hub._read(channel))
                try:
                    await layer.group_add(group, channel)
                except Exception:
                    reader.cancel()  # the layer's receive unsubscribes the channel as it ends
                    raise
                hub.channel, hub.reader = channel, reader
            hub.members.add(member)
        return hub

    def __init__(self, layer, group: str, key):
        self.layer, self.group, self.key = layer, group, key
        self.members: set = set()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def leave(self, member) -> None:
        """Remove ``member``; the last one out unsubscribes (never raises: Redis may be down)."""
        async with self.lock:
            self.members.discard(member)
            if self.members or self.channel is None:
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
            for member in list(self.members):
                try:
                    await member.hub_message(message)
                except Exception:  # one socket's failure is not the others' problem
                    log.info("live message not delivered to a member of %s", self.group, exc_info=True)
