"""When the channel layer (Redis) fails, viewers are told live updates are paused,
keep what the database holds, and resume by themselves when it is back."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from issues import live
from issues.consumers import CLOSE_LAYER_DOWN, LIVE_ON, LIVE_PAUSED
from tests.live_helpers import live_socket, use_flaky_layer, wait_until
from tests.redis_servers import REDIS_SERVER, PrivateRedis

flaky_layer = pytest.fixture(name="flaky_layer")(use_flaky_layer)


def publish(issue, text):
    with transaction.atomic():
        return live.record_event(issue=issue, kind="test", render=lambda: f"<p>{text}</p>").seq


@pytest.mark.django_db(transaction=True)
async def test_a_viewer_arriving_while_the_layer_is_down_gets_the_record_then_retries(areas_async, flaky_layer):
    issue = areas_async
    await sync_to_async(publish)(issue, "stored")
    flaky_layer.down = True
    viewer = live_socket(f"/ws/issues/{issue.pk}/?after=0")
    connected, _ = await viewer.connect()
    assert connected
    assert await viewer.receive_from() == "<!--seq:1--><p>stored</p>"
    assert await viewer.receive_from() == LIVE_PAUSED
    assert (await viewer.receive_output())["code"] == CLOSE_LAYER_DOWN
    flaky_layer.down = False

    async def retry_is_live():
        """What live.js does: reconnect, and again after a close, until the socket says it is live."""
        again = live_socket(f"/ws/issues/{issue.pk}/?after=1")
        assert (await again.connect())[0]
        first = await again.receive_from()
        if first == LIVE_PAUSED:  # the process's heartbeat has not noticed yet: told to retry
            assert await again.close_code() == CLOSE_LAYER_DOWN
            return False
        assert first == LIVE_ON and await again.receive_nothing(timeout=0.1)
        await again.disconnect()
        return True

    assert await wait_until(retry_is_live)


@pytest.mark.django_db(transaction=True)
async def test_joining_the_group_can_fail_too_and_the_viewer_is_told(areas_async, flaky_layer, monkeypatch):
    async def refuse(group, channel):
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(flaky_layer, "group_add", refuse)
    viewer = live_socket(f"/ws/issues/{areas_async.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_PAUSED
    assert (await viewer.receive_output())["code"] == CLOSE_LAYER_DOWN


@pytest.mark.django_db(transaction=True)
async def test_a_connected_viewer_is_paused_then_caught_up_when_the_layer_returns(areas_async, flaky_layer):
    issue = areas_async
    viewer = live_socket(f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect())[0]
    assert await viewer.receive_from() == LIVE_ON
    flaky_layer.down = True
    assert await viewer.receive_from(timeout=3) == LIVE_PAUSED
    # Posting still works while it is down: the write stands, its broadcast is lost.
    assert await sync_to_async(publish)(issue, "during the outage") == 1
    assert await viewer.receive_nothing(timeout=0.2)
    flaky_layer.down = False
    assert await viewer.receive_until(LIVE_ON, timeout=3) == ["<!--seq:1--><p>during the outage</p>", LIVE_ON]
    await sync_to_async(publish)(issue, "after")
    assert await viewer.receive_from() == "<!--seq:2--><p>after</p>"
    await viewer.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_an_event_lost_in_a_blip_too_short_to_notice_still_arrives(areas_async, flaky_layer, monkeypatch):
    from core import live as core_live

    issue = areas_async
    viewer = live_socket(f"/ws/issues/{issue.pk}/")
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
    viewer = live_socket(f"/ws/issues/{issue.pk}/")
    assert (await viewer.connect(timeout=5))[0]
    assert await viewer.receive_from() == LIVE_ON
    await sync_to_async(publish)(issue, "one")
    assert await viewer.receive_from() == "<!--seq:1--><p>one</p>"

    await sync_to_async(private_redis.stop)()
    assert await viewer.receive_until(LIVE_PAUSED, timeout=5) == [LIVE_PAUSED]
    assert await sync_to_async(publish)(issue, "while redis is down") == 2
    # A viewer arriving now gets the record, the paused notice, and a close to retry later.
    newcomer = live_socket(f"/ws/issues/{issue.pk}/?after=1")
    assert (await newcomer.connect(timeout=5))[0]
    assert await newcomer.receive_until(LIVE_PAUSED) == ["<!--seq:2--><p>while redis is down</p>", LIVE_PAUSED]
    assert (await newcomer.receive_output(timeout=5))["code"] == CLOSE_LAYER_DOWN

    await sync_to_async(private_redis.start)()
    assert await viewer.receive_until(LIVE_ON, timeout=10) == ["<!--seq:2--><p>while redis is down</p>", LIVE_ON]
    await sync_to_async(publish)(issue, "three")
    assert await viewer.receive_from(timeout=5) == "<!--seq:3--><p>three</p>"
    await viewer.disconnect()
    await asyncio.sleep(0)
