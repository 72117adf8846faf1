"""The only module that touches the channel layer.

Writes publish *after* their transaction commits (``publish_on_commit``), so a
rolled-back write is never broadcast. The database is the record; an event on
the layer is a hint that may be lost (Redis down, a buffer overflow), which is
why every live event is stored first and viewers catch up by sequence number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db import transaction

from core.breaker import Breaker, breaker_for, redis_errors

log = logging.getLogger(__name__)

EVENT_TYPE = "live.event"


def group_for(kind: str, pk) -> str:
    """Channel-layer group name, e.g. ``issue.42``."""
    return f"{kind}.{pk}"


class RedisChannelLayer(RedisPubSubChannelLayer):
    """channels-redis's pub/sub layer, reporting what it sees to the process's Redis breaker.

    Every call that reaches Redis tells ``core.breaker`` whether Redis answered, so
    publishing (below) stops waiting on a Redis that is known down, and starts again
    as soon as anything in the process (a consumer's heartbeat, a probe) gets through.
    The calls themselves are not skipped here: they run in the event loop with short
    socket timeouts (REDIS_TIMEOUT_MS), and consumers learn the layer's health from
    their own heartbeat.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = kwargs.get("hosts") or ["redis://localhost:6379"]
        first = hosts[0]
        self.breaker = breaker_for(first["address"] if isinstance(first, dict) else first)
        self._redis_errors = redis_errors()

    async def _watched(self, name: str, *args, **kwargs):
        try:
            result = await getattr(self._get_layer(), name)(*args, **kwargs)
        except self._redis_errors:
            self.breaker.failed()
            raise
        self.breaker.succeeded()
        return result

    async def new_channel(self, prefix="specific."):
        return await self._watched("new_channel", prefix)

    async def send(self, channel, message):
        return await self._watched("send", channel, message)

    async def group_add(self, group, channel):
        return await self._watched("group_add", group, channel)

    async def group_discard(self, group, channel):
        return await self._watched("group_discard", group, channel)

    async def group_send(self, group, message):
        return await self._watched("group_send", group, message)


def layer_breaker(layer) -> Breaker | None:
    """The Redis breaker of ``layer``, if it has one (only RedisChannelLayer does)."""
    # vars(): the pub/sub layer answers unknown attributes from its per-loop layer, which needs a loop.
    return vars(layer).get("breaker") if layer is not None else None


def live_paused() -> bool:
    """Does this process know the channel layer's Redis is down? (Pages then say live updates are paused.)"""
    breaker = layer_breaker(get_channel_layer())
    return breaker is not None and breaker.is_down


def publish(group: str, message: dict) -> bool:
    """Send now; returns False (and logs) if the layer is unreachable, never raises.

    While the process knows Redis is down (``core.breaker``) it does not even try:
    a write must not wait on a Redis that does not answer.
    """
    layer = get_channel_layer()
    if layer is None:
        return False
    breaker = layer_breaker(layer)
    if breaker is not None and not breaker.allow():
        log.info("live update to %s not sent: Redis is known to be down", group)
        return False
    try:
        async_to_sync(layer.group_send)(group, {"type": EVENT_TYPE, **message})
    except Exception:  # Redis down: the write stands, viewers catch up on reconnect
        log.warning("live update to %s not sent: channel layer unavailable", group, exc_info=True)
        return False
    return True


def publish_on_commit(group: str, build: Callable[[], dict]) -> None:
    """After the current transaction commits, build the message and publish it.

    ``build`` runs after commit so it renders what was really saved.
    """
    transaction.on_commit(lambda: publish(group, build()), robust=True)


# Every open socket of a signed-in person also joins their account group, so that
# ending their sessions (a suspension) reaches each of them. A socket's user is fixed
# at connect time: closing it is the only way to stop what it sends.
SESSION_END = "session.end"
CLOSE_SESSION_ENDED = 4403  # the client stops reconnecting


def account_group(user_id) -> str:
    return group_for("account", user_id)


def end_sessions_on_commit(user_id) -> None:
    """After commit, close every live socket of ``user_id`` (consumers handle ``session.end``)."""
    transaction.on_commit(lambda: publish(account_group(user_id), {"type": SESSION_END}), robust=True)
