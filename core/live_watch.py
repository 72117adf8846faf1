"""Whether the channel layer delivers, learnt once per server process from one heartbeat.

Sockets (core.live_consumer.LiveConsumer) do not each probe Redis: the process's
``LayerWatch`` does, and tells them when live updates pause and resume.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import defaultdict

from django.conf import settings

log = logging.getLogger(__name__)


class LayerWatch:
    """Whether the channel layer delivers, for every live socket of one process (and event loop).

    Every LIVE_HEARTBEAT_SECONDS it sends itself a message through the layer and
    waits for it (the same Redis connections that carry the groups). When that
    fails, sockets are told live updates are paused (``layer_changed(False)``);
    when it works again they catch up from the database (``layer_changed(True)``).
    Every few beats it also asks each kind of socket which of its sockets are
    behind the database (``behind_the_record``), so an event whose broadcast was
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
        self.viewers: set = set()
        self.task: asyncio.Task | None = None
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.pongs: asyncio.Queue = asyncio.Queue()
        self.tokens = itertools.count(1)
        self.behind: dict = {}

    def join(self, viewer) -> None:
        self.viewers.add(viewer)
        self._start()

    def leave(self, viewer) -> None:
        self.viewers.discard(viewer)
        self.behind.pop(viewer, None)
        if not self.viewers and self.healthy and self.task is not None:
            self.task.cancel()  # nobody left to tell (its reader is stopped on the way out)

    def saw_failure(self) -> None:
        """A socket found the layer down: remember it, and watch for its return."""
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
                    await asyncio.gather(
                        *(v.layer_changed(delivering) for v in list(self.viewers)), return_exceptions=True
                    )
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
        """Catch up any socket that stayed at the same place behind the database for two sweeps in a row."""
        kinds = defaultdict(list)
        for viewer in list(self.viewers):
            kinds[type(viewer)].append(viewer)
        for kind, viewers in kinds.items():
            marks = await kind.behind_the_record(viewers)  # {viewer: where it is}, for those behind
            for viewer in viewers:
                mark = marks.get(viewer)
                if mark is None:
                    self.behind.pop(viewer, None)
                elif self.behind.get(viewer) == mark:
                    self.behind.pop(viewer, None)
                    await viewer.catch_up()
                else:
                    self.behind[viewer] = mark
