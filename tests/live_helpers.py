"""One way for tests to open a live socket: ``live_socket(path)``, with generous timeouts.

Channels' ``WebsocketCommunicator`` waits 1 s by default, which a loaded CI machine
can miss; here every wait is RECEIVE_TIMEOUT unless a test says otherwise (and a
test that expects silence says how long, with ``receive_nothing``).
"""

from __future__ import annotations

import asyncio
import time

from channels.layers import InMemoryChannelLayer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

RECEIVE_TIMEOUT = 5.0
BROWSER = [(b"origin", b"http://localhost"), (b"host", b"localhost")]  # what the origin check wants to see


def routes():
    """Every app's websocket routes, without the origin check, session lookup and caps of deliberation.asgi."""
    from deliberation.routing import websocket_urlpatterns

    return URLRouter(websocket_urlpatterns)


class Viewer(WebsocketCommunicator):
    async def connect(self, timeout=RECEIVE_TIMEOUT):
        return await super().connect(timeout)

    async def receive_output(self, timeout=RECEIVE_TIMEOUT):
        return await super().receive_output(timeout)

    async def receive_from(self, timeout=RECEIVE_TIMEOUT):
        return await super().receive_from(timeout)

    async def receive_until(self, wanted: str, timeout=RECEIVE_TIMEOUT) -> list[str]:
        """Messages up to and including ``wanted``."""
        seen = []
        while True:
            seen.append(await self.receive_from(timeout))
            if seen[-1] == wanted:
                return seen

    async def close_code(self, timeout=RECEIVE_TIMEOUT) -> int | None:
        """The code the server closes with (after any messages it sends first)."""
        while True:
            output = await self.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")


def live_socket(path: str, *, app=None, user=None, headers=None) -> Viewer:
    """A socket on ``path`` (of ``app``, default: every app's routes), as ``user`` if given."""
    socket = Viewer(app or routes(), path, headers=headers or [])
    if user is not None:
        socket.scope["user"] = user  # what AuthMiddlewareStack finds for a signed-in visitor
    return socket


async def wait_until(condition, timeout=RECEIVE_TIMEOUT, every=0.02):
    """Wait until ``condition()`` (a function, or a coroutine function) is true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {getattr(condition, '__name__', condition)}")
        await asyncio.sleep(every)


class FlakyLayer(InMemoryChannelLayer):
    """The in-memory layer, with a switch that makes it fail like an unreachable Redis."""

    down = False

    def _check(self):
        if self.down:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def new_channel(self, prefix="specific."):
        self._check()
        return await super().new_channel(prefix)

    async def send(self, channel, message):
        self._check()
        await super().send(channel, message)

    async def group_add(self, group, channel):
        self._check()
        await super().group_add(group, channel)

    async def group_send(self, group, message):
        self._check()
        await super().group_send(group, message)


def use_flaky_layer(settings):
    """The site's channel layer is a FlakyLayer, and each process's heartbeat beats fast.

    A test module takes it as a fixture: ``flaky_layer = pytest.fixture(name="flaky_layer")(use_flaky_layer)``.
    """
    from channels.layers import get_channel_layer

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.live_helpers.FlakyLayer"}}
    settings.LIVE_HEARTBEAT_SECONDS = 0.05
    return get_channel_layer()
