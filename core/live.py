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
from django.db import transaction

log = logging.getLogger(__name__)

EVENT_TYPE = "live.event"


def group_for(kind: str, pk) -> str:
    """Channel-layer group name, e.g. ``issue.42``."""
    return f"{kind}.{pk}"


def publish(group: str, message: dict) -> bool:
    """Send now; returns False (and logs) if the layer is unreachable, never raises."""
    layer = get_channel_layer()
    if layer is None:
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
