"""Websocket viewers of an issue for bench/load.py (the client bench/live.py uses: ``websockets``).

Each viewer binds its socket to a loopback source address of its own group (127.0.0.2, 127.0.0.3, …,
at most ``per_address`` sockets each, so the server's LIVE_MAX_SOCKETS_PER_ADDRESS cap is respected
whatever the number of daphne processes), connects to one of the daphne ports, waits for
``<!--live:on-->`` and then notes when each marked comment (``bench⟦n⟧``) reaches it.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
import urllib.request
from dataclasses import dataclass, field

MARK = re.compile(r"bench⟦(\d+)⟧")
LIVE_ON = "<!--live:on-->"


def source_address(index: int, per_address: int) -> str:
    return f"127.0.0.{2 + index // per_address}"


def last_seq(port: int, path: str) -> int:
    """The event sequence number the issue page hands its live script (``data-live-seq``)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        match = re.search(rb'data-live-seq="(\d+)"', response.read())
    return int(match.group(1)) if match else 0


@dataclass
class Audience:
    """What the viewers saw: connection outcomes and, per marked comment, when each viewer got it."""

    sent: dict = field(default_factory=dict)  # comment number -> monotonic time its POST was sent
    received: dict = field(default_factory=dict)  # comment number -> [receipt times]
    connected_at: list = field(default_factory=list)
    connect_seconds: list = field(default_factory=list)  # from the connect call to <!--live:on-->
    failures: list = field(default_factory=list)
    closed: int = 0

    def latencies(self, numbers=None) -> list[float]:
        numbers = self.sent if numbers is None else numbers
        return [t - self.sent[n] for n in numbers for t in self.received.get(n, [])]


async def viewer(audience: Audience, uri: str, origin: str, local: str, limit: asyncio.Semaphore, stop: asyncio.Event):
    from websockets.asyncio.client import connect

    try:
        async with limit:
            began = time.monotonic()
            ws = await connect(
                uri,
                origin=origin,
                compression=None,
                ping_interval=None,
                open_timeout=60,
                max_size=None,
                local_addr=(local, 0),
            )
            while (message := await ws.recv()) != LIVE_ON:
                if not isinstance(message, str):
                    continue
        audience.connected_at.append(time.monotonic())
        audience.connect_seconds.append(audience.connected_at[-1] - began)
    except Exception as error:  # noqa: BLE001 - counted, not fatal
        audience.failures.append(repr(error))
        return
    try:
        reader = asyncio.ensure_future(_read(audience, ws))
        await stop.wait()
        if reader.done():
            audience.closed += 1
        reader.cancel()
    finally:
        await ws.close()


async def _read(audience: Audience, ws) -> None:
    async for message in ws:
        now = time.monotonic()
        for match in MARK.finditer(message if isinstance(message, str) else ""):
            n = int(match.group(1))
            if n in audience.sent:
                audience.received.setdefault(n, []).append(now)


async def open_viewers(
    count: int,
    ports: list[int],
    issue: int,
    after: int,
    per_address: int,
    stop: asyncio.Event,
    *,
    within: float | None = None,
    parallel: int = 50,
) -> tuple[Audience, list[asyncio.Task]]:
    """Start ``count`` viewers; with ``within`` seconds, their connects are spread evenly over that time
    (a storm), otherwise ``parallel`` at a time. Returns once all have connected or failed."""
    audience, limit = Audience(), asyncio.Semaphore(parallel if within is None else count)
    tasks = []
    for i in range(count):
        port = ports[i % len(ports)]
        uri = f"ws://127.0.0.1:{port}/ws/issues/{issue}/?after={after}"
        coro = viewer(audience, uri, f"http://127.0.0.1:{port}", source_address(i, per_address), limit, stop)
        tasks.append(asyncio.ensure_future(coro))
        if within:
            await asyncio.sleep(within / count)
    deadline = time.monotonic() + 180
    while len(audience.connected_at) + len(audience.failures) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if audience.failures:
        print(f"  {len(audience.failures)} viewers failed, e.g. {audience.failures[0]}", file=sys.stderr)
    return audience, tasks


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
