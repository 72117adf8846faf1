"""Caps on open websockets, per client address and per account, and a clean refusal of unknown paths.

A socket costs the server memory and a place in every fan-out for as long as it
stays open, so one address (or one account) may not hold an unlimited number:
beyond LIVE_MAX_SOCKETS_PER_ADDRESS / LIVE_MAX_SOCKETS_PER_ACCOUNT a new socket is
accepted and closed at once with CLOSE_TOO_MANY (4429), which live.js reads as
"back off for long" rather than "reconnect soon". (Accepting first is what lets the
browser see the code; a refusal before accepting reaches it as a bare 1006.)

The counts are per server process, kept in memory (each process enforces its own
cap: with K processes an address can hold up to K times the cap). The address is
the one ``core.ratelimit`` uses, honouring TRUSTED_PROXY_COUNT.

Wiring (deliberation/asgi.py): the address cap sits outside AuthMiddlewareStack, so
an address over its cap costs no session lookup; the account cap sits inside it.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings

from core.ratelimit import address_from

log = logging.getLogger(__name__)

CLOSE_TOO_MANY = 4429  # the client waits long before trying again


def socket_address(scope) -> str:
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
    client = scope.get("client") or ("", 0)
    return address_from(client[0] or "", forwarded)


def _account(scope):
    user = scope.get("user")
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


async def _refuse(receive, send, code: int | None) -> None:
    """Answer the handshake: accept and close with ``code``, or (None) decline it outright."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return  # the client left already
    if code is None:
        await send({"type": "websocket.close"})
        return
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code})


class SocketCap:
    """At most ``settings.<setting>`` open websockets per key (an address, or an account) in this process."""

    def __init__(self, app, *, per: str):
        if per not in ("address", "account"):
            raise ValueError(per)
        self.app = app
        self.per = per
        self.setting = f"LIVE_MAX_SOCKETS_PER_{per.upper()}"
        self.open: Counter = Counter()

    def key(self, scope):
        return socket_address(scope) if self.per == "address" else _account(scope)

    async def __call__(self, scope, receive, send):
        key = self.key(scope) if scope["type"] == "websocket" else None
        if key is None:  # not a websocket, or an anonymous visitor for the account cap
            return await self.app(scope, receive, send)
        if self.open[key] >= getattr(settings, self.setting):
            log.info("websocket refused: %s over %s", self.per, self.setting)
            return await _refuse(receive, send, CLOSE_TOO_MANY)
        self.open[key] += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.open[key] -= 1
            if self.open[key] <= 0:
                del self.open[key]


async def refuse_unknown_path(scope, receive, send):
    """The last websocket route: a path no app serves is declined (HTTP 403 to the handshake), not a traceback."""
    await _refuse(receive, send, None)
