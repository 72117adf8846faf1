"""The live transport (core.live_hub, core.live_watch, core.live_consumer), shared by every live socket."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings as django_settings
from django.db import transaction

from core.live import CLOSE_SESSION_ENDED, end_sessions_on_commit
from core.live_consumer import CLOSE_LAYER_DOWN, LIVE_ON, NO_SOCKET_CHANNEL, viewer_language
from core.live_hub import GroupHub
from core.live_watch import LayerWatch
from tests.conftest import make_user
from tests.core.test_sockets import make_issue
from tests.live_helpers import live_socket, use_flaky_layer, wait_until

flaky_layer = pytest.fixture(name="flaky_layer")(use_flaky_layer)


class CountingLayer(InMemoryChannelLayer):
    """The in-memory layer, counting the channels (Redis subscriptions, with the Redis layer) asked of it
    for sockets. The process's heartbeat (with REDIS_URL, LIVE_HEARTBEAT_SECONDS > 0) takes one channel
    of its own, once per process however many sockets there are: it is not counted."""

    channels_made = 0

    async def new_channel(self, prefix="specific."):
        if not prefix.startswith("live-watch."):
            type(self).channels_made += 1
        return await super().new_channel(prefix)


@pytest.fixture
def counting_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.core.test_live_transport.CountingLayer"}}
    CountingLayer.channels_made = 0
    return get_channel_layer()


def test_no_setting_configures_the_alias_that_gives_a_socket_no_channel():
    assert NO_SOCKET_CHANNEL not in django_settings.CHANNEL_LAYERS


@pytest.mark.django_db(transaction=True)
async def test_a_process_subscribes_once_per_group_however_many_sockets_listen(counting_layer):
    """Sockets take no channel of their own (Channels' AsyncConsumer.__call__ makes none for an alias no
    setting configures): three viewers of one issue cost one subscription, and two pages of one signed-in
    person one more, for their account. If Channels stopped honouring ``channel_layer_alias``, this fails."""
    issue = await sync_to_async(make_issue)()
    siti = await sync_to_async(make_user)(name="Siti")
    viewers = [live_socket(f"/ws/issues/{issue.pk}/") for _ in range(3)]
    viewers += [live_socket(f"/ws/issues/{issue.pk}/", user=siti) for _ in range(2)]
    for viewer in viewers:
        assert (await viewer.connect())[0]
        assert await viewer.receive_from() == LIVE_ON
    assert CountingLayer.channels_made == 2  # the issue's group, and Siti's account group

    def publish():
        from issues import live

        with transaction.atomic():
            live.record_event(issue=issue, kind="test", render=lambda: "<p>one</p>")

    await sync_to_async(publish)()
    for viewer in viewers:
        assert await viewer.receive_from() == "<!--seq:1--><p>one</p>"
    # A suspension reaches both of Siti's pages through the one account subscription; the others stay.
    await sync_to_async(_end_sessions)(siti.pk)
    for viewer in viewers[3:]:
        assert await viewer.close_code() == CLOSE_SESSION_ENDED
    assert await viewers[0].receive_nothing(timeout=0.2)
    for viewer in viewers:
        await viewer.disconnect()
    assert counting_layer.groups == {}  # the last socket out unsubscribes


def _end_sessions(user_id):
    with transaction.atomic():
        end_sessions_on_commit(user_id)


async def test_one_broken_socket_does_not_keep_an_event_from_the_others():
    layer = InMemoryChannelLayer()
    got = []

    class Member:
        def __init__(self, name, broken=False):
            self.name, self.broken = name, broken

        async def hub_message(self, message):
            if self.broken:
                raise ConnectionResetError("the browser went away")
            got.append((self.name, message["n"]))

    members = [Member("a"), Member("broken", broken=True), Member("b")]
    hubs = [await GroupHub.join(layer, "issue.1", m) for m in members]
    assert len({id(h) for h in hubs}) == 1
    await layer.group_send("issue.1", {"type": "live.event", "n": 1})
    for _ in range(100):
        if len(got) == 2:
            break
        await asyncio.sleep(0.01)
    assert sorted(got) == [("a", 1), ("b", 1)]
    for member in members:
        await hubs[0].leave(member)
    assert layer.groups == {}


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [("", "id-ID,id;q=0.9", "id"), ("en", "id-ID,id;q=0.9", "en"), ("", "fr-FR,de", "en"), ("xx", "", "en")],
)
def test_the_viewers_language_is_their_choice_then_their_browsers(cookie, accept, expected, settings):
    settings.LANGUAGE_CODE = "en"
    scope = {"cookies": {settings.LANGUAGE_COOKIE_NAME: cookie}, "headers": [(b"accept-language", accept.encode())]}
    assert viewer_language(scope) == expected


# --- The badge socket shares the issue page's outage handling ------------------------------------


def _badge_with(user, unread: int):
    from notifications import actions

    for _ in range(unread):
        actions.notify(
            recipients=[user],
            kind="response",
            url="/issues/1/banjir/",
            context={"issue": "Banjir", "agency": "Dinas SDA", "status": "resolved"},
        )


def count_in(html: str) -> int:
    import re

    return int(re.search(r'<span class="notification-count">(\d+)</span>', html).group(1))


@pytest.mark.django_db(transaction=True)
async def test_a_badge_opened_while_the_layer_is_down_shows_the_count_then_retries(flaky_layer):
    siti = await sync_to_async(make_user)(name="Siti")
    await sync_to_async(_badge_with)(siti, 2)
    flaky_layer.down = True
    badge = live_socket("/ws/notifications/", user=siti)
    assert (await badge.connect())[0]
    assert count_in(await badge.receive_from()) == 2
    assert await badge.close_code() == CLOSE_LAYER_DOWN  # fragment-socket.js retries with backoff


@pytest.mark.django_db(transaction=True)
async def test_an_open_badge_catches_up_when_the_layer_returns(flaky_layer):
    siti = await sync_to_async(make_user)(name="Siti")
    badge = live_socket("/ws/notifications/", user=siti)
    assert (await badge.connect())[0]
    assert count_in(await badge.receive_from()) == 0
    flaky_layer.down = True
    await wait_until(lambda: not LayerWatch.for_layer(flaky_layer).healthy)  # the process's heartbeat noticed
    await sync_to_async(_badge_with)(siti, 1)  # its hint is lost: the layer is down
    assert await badge.receive_nothing(timeout=0.2)  # and no paused notice: the badge has no use for one
    flaky_layer.down = False
    assert count_in(await badge.receive_from()) == 1  # the count, read again on the layer's return
    await badge.disconnect()
