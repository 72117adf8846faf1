"""When the channel layer (Redis) fails, viewers are told live updates are paused,
keep what the database holds, and resume by themselves when it is back."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import transaction

from issues import live
from issues.consumers import CLOSE_LAYER_DOWN, LIVE_ON, LIVE_PAUSED
from issues.routing import websocket_urlpatterns
from tests.redis_servers import REDIS_SERVER, PrivateRedis

application = URLRouter(websocket_urlpatterns)


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


@pytest.fixture
def flaky_layer(settings):
    from channels.layers import get_channel_layer

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.issues.test_live_outage.FlakyLayer"}}
    settings.LIVE_HEARTBEAT_SECONDS = 0.05
    return get_channel_layer()


def publish(issue, text):
    with transaction.atomic():
        return live.record_event(issue=issue, kind="test", render=lambda: f"<p>{text}</p>").seq


async def receive_until(viewer, wanted: str, timeout=5.0) -> list[str]:
    """Messages up to and including ``wanted``."""
    seen = []
    while True:
        seen.append(await viewer.receive_from(timeout=timeout))
        if seen[-1] == wanted:
            return seen


@pytest.mark.django_db(transaction=True)
async def test_a_viewer_arriving_while_the_layer_is_down_gets_the_record_then_retries(areas_async, flaky_layer):
    issue = areas_async
    await sync_to_async(publish)(issue, "stored")
    flaky_layer.down = True
    viewer = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/?after=0")
    connected, _ = await viewer.connect()
    assert connected
    assert await viewer.receive_from() == "<!--seq:1--><p>stored</p>"
    assert await viewer.receive_from() == LIVE_PAUSED
    assert (await viewer.receive_output())["code"] == CLOSE_LAYER_DOWN
    flaky_layer.down = False
    await asyncio.sleep(0.3)  # the process's heartbeat notices; until then newcomers are told to retry
    again = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/?after=1")
    assert (await again.connect())[0]
    assert await receive_until(again, LIVE_ON, timeout=3) == [LIVE_ON]
    await again.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_joining_the_group_can_fail_too_and_the_viewer_is_told(areas_async, flaky_layer, monkeypatch):
    async def refuse(group, channel):
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(flaky_layer, "group_add", refuse)
    viewer = WebsocketCommunicator(application, f"/ws/issues/{areas_async.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_PAUSED
    assert (await viewer.receive_output())["code"] == CLOSE_LAYER_DOWN


@pytest.mark.django_db(transaction=True)
async def test_a_connected_viewer_is_paused_then_caught_up_when_the_layer_returns(areas_async, flaky_layer):
    issue = areas_async
    viewer = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_ON
    flaky_layer.down = True
    assert await viewer.receive_from(timeout=3) == LIVE_PAUSED
    # Posting still works while it is down: the write stands, its broadcast is lost.
    assert await sync_to_async(publish)(issue, "during the outage") == 1
    assert await viewer.receive_nothing(timeout=0.2)
    flaky_layer.down = False
    assert await receive_until(viewer, LIVE_ON, timeout=3) == ["<!--seq:1--><p>during the outage</p>", LIVE_ON]
    await sync_to_async(publish)(issue, "after")
    assert await viewer.receive_from() == "<!--seq:2--><p>after</p>"
    await viewer.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_an_event_lost_in_a_blip_too_short_to_notice_still_arrives(areas_async, flaky_layer, monkeypatch):
    from core import live as core_live

    issue = areas_async
    viewer = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_ON
    monkeypatch.setattr(core_live, "publish", lambda group, message: False)  # the broadcast vanishes
    await sync_to_async(publish)(issue, "lost on the way")
    # No later event comes to reveal the gap: the process's sweep compares with the database.
    assert await viewer.receive_from(timeout=3) == "<!--seq:1--><p>lost on the way</p>"
    await viewer.disconnect()


# --- A real Redis, stopped and started again -----------------------------------------------

# A redis-server of this test's own (tests/redis_servers.py), so stopping it disturbs nobody.


@pytest.fixture
def private_redis(settings):
    from channels.layers import get_channel_layer

    server = PrivateRedis()
    server.start()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": f"redis://127.0.0.1:{server.port}/0", "socket_connect_timeout": 1}]},
        }
    }
    settings.LIVE_HEARTBEAT_SECONDS = 0.2
    get_channel_layer()
    yield server
    server.stop()


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
@pytest.mark.django_db(transaction=True)
async def test_with_the_redis_layer_updates_pause_and_resume_across_a_redis_restart(areas_async, private_redis):
    issue = areas_async
    viewer = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect(timeout=5))[0]
    assert await viewer.receive_from() == LIVE_ON
    await sync_to_async(publish)(issue, "one")
    assert await viewer.receive_from() == "<!--seq:1--><p>one</p>"

    await sync_to_async(private_redis.stop)()
    assert await receive_until(viewer, LIVE_PAUSED, timeout=5) == [LIVE_PAUSED]
    assert await sync_to_async(publish)(issue, "while redis is down") == 2
    # A viewer arriving now gets the record, the paused notice, and a close to retry later.
    newcomer = WebsocketCommunicator(application, f"/ws/issues/{issue.pk}/?after=1")
    assert (await newcomer.connect(timeout=5))[0]
    assert await receive_until(newcomer, LIVE_PAUSED) == ["<!--seq:2--><p>while redis is down</p>", LIVE_PAUSED]
    assert (await newcomer.receive_output(timeout=5))["code"] == CLOSE_LAYER_DOWN

    await sync_to_async(private_redis.start)()
    assert await receive_until(viewer, LIVE_ON, timeout=10) == ["<!--seq:2--><p>while redis is down</p>", LIVE_ON]
    await sync_to_async(publish)(issue, "three")
    assert await viewer.receive_from(timeout=5) == "<!--seq:3--><p>three</p>"
    await viewer.disconnect()
    await asyncio.sleep(0)
