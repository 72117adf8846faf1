"""Abuse limits: how often one account, and one client address, may do one kind of write.

Each kind ("comment", "issue", "report", "vote") has a rule in
``settings.RATE_LIMIT_RULES``: (window in seconds, per account, per account
younger than RATE_NEW_ACCOUNT_HOURS, per address). Counts are fixed windows in
Django's cache (Redis when REDIS_URL is set), one atomic increment per key, so
every server process shares them and a burst of parallel posts cannot slip past
together. If Redis is unreachable the cache backend (``core.cache``) counts in
this process's memory until it answers again, so the limits hold per process;
any other cache failure lets the write through: writing must keep working.

The address is the request's client address, which ``ClientAddressMiddleware``
makes known to actions (they are called with an actor, not a request): an
action calls ``check("vote", actor)`` and both the account and the address of
the request being served are counted. Called outside a request (a command, a
test), only the account is counted.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

log = logging.getLogger(__name__)

_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("balai_client_address", default=None)
_CURRENT = object()


class RateLimited(PermissionDenied):
    """Too many writes too quickly. A PermissionDenied, so every form shows it beside what was typed."""

    def __init__(self, scope: str, seconds: int):
        self.scope, self.seconds = scope, seconds
        super().__init__(message_for(scope, seconds))


def _wait_text(seconds: int) -> str:
    if seconds <= 90:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def message_for(scope: str, seconds: int) -> str:
    wait = _wait_text(seconds)
    messages = {
        "issue": _(
            "You are opening issues very quickly. Please wait %(wait)s and send the form again; what you wrote is kept."
        ),
        "report": _(
            "You have sent many reports in a short time. Please wait %(wait)s and send it again; your report is kept."
        ),
        "vote": _("You are voting very quickly. Please wait %(wait)s and try again."),
        "comment": _("You are commenting very quickly. Please wait %(wait)s and post again; your text is kept."),
    }
    return messages.get(scope, _("Too many requests. Please wait %(wait)s and try again.")) % {"wait": wait}


# --- The client's address ------------------------------------------------------------


def address_from(remote: str, forwarded: str) -> str:
    """The client's address: ``remote``, or the entry TRUSTED_PROXY_COUNT from the end of X-Forwarded-For."""
    count = settings.TRUSTED_PROXY_COUNT
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return remote or "unknown"


def client_address(request) -> str:
    """The address of an HTTP request's client (see ``address_from``)."""
    return address_from(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""))


class ClientAddressMiddleware:
    """Makes the request's client address known to the actions it calls (see ``check``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def current_address() -> str | None:
    return _address.get()


# --- Counting -----------------------------------------------------------------------


def enabled(scope: str) -> bool:
    specific = getattr(settings, f"{scope.upper()}_RATE_LIMITS_ENABLED", None)
    return bool(specific if specific is not None else settings.RATE_LIMITS_ENABLED)


def is_new_account(user) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and timezone.now() - joined < timedelta(hours=settings.RATE_NEW_ACCOUNT_HOURS)


def limit_for(scope: str, user) -> int:
    """How many writes of ``scope`` a window allows ``user``: fewer while the account is new."""
    _window, per_user, per_new_user, _per_address = settings.RATE_LIMIT_RULES[scope]
    return per_new_user if is_new_account(user) else per_user


def _keys(scope: str, user, address: str | None, window: int) -> list[tuple[str, int]]:
    seconds, _u, _n, per_address = settings.RATE_LIMIT_RULES[scope]
    keys = []
    if user is not None and getattr(user, "pk", None) is not None:
        keys.append((f"rate:{scope}:user:{user.pk}:{window}", limit_for(scope, user)))
    if address:
        # Hashed: addresses are personal data and need not sit in the cache in clear.
        digest = hashlib.sha256(address.encode()).hexdigest()[:24]
        keys.append((f"rate:{scope}:addr:{digest}:{window}", per_address))
    return keys


def _window(scope: str, now: float) -> tuple[int, int]:
    seconds = settings.RATE_LIMIT_RULES[scope][0]
    return int(now // seconds), seconds


def take(scope: str, user=None, *, address=_CURRENT) -> int:
    """Count one write; returns 0 if allowed, else the seconds until the window ends.

    A refused write is not counted (its increments are given back).
    """
    if not enabled(scope) or _exempt.get():
        return 0
    address = current_address() if address is _CURRENT else address
    now = time.time()
    window, seconds = _window(scope, now)
    counted: list[str] = []
    refused = False
    try:
        for key, limit in _keys(scope, user, address, window):
            # The first write of a window (the usual case) is one round trip to Redis: Django's
            # incr costs two (EXISTS, INCR), so it only runs for the later ones.
            count = 1 if cache.add(key, 1, timeout=seconds * 2) else cache.incr(key)
            counted.append(key)
            if count > limit:
                refused = True
        if refused:
            for key in counted:
                cache.decr(key)
    except Exception:  # the cache (Redis) is down: let the write through
        log.warning("%s rate limit not checked: cache unavailable", scope, exc_info=True)
        return 0
    if not refused:
        return 0
    return max(1, int((window + 1) * seconds - now) + 1)


def check(scope: str, user=None, *, address=_CURRENT) -> None:
    """Count one write, or raise RateLimited saying how long to wait."""
    wait = take(scope, user, address=address)
    if wait:
        raise RateLimited(scope, wait)


def give_back(scope: str, user=None, *, address=_CURRENT) -> None:
    """Undo ``take`` for a write that did not happen after all (a refusal, a duplicate)."""
    if not enabled(scope) or _exempt.get():
        return
    address = current_address() if address is _CURRENT else address
    window, _seconds = _window(scope, time.time())
    for key, _limit in _keys(scope, user, address, window):
        try:
            cache.decr(key)
        except Exception:  # noqa: S112 - the key expired or the cache is down: nothing to give back
            continue


def reset(scope: str, user=None, *, address: str | None = None) -> None:
    """Forget the counts of ``user`` (and ``address``) for ``scope``: tests, and an administrator lifting a limit."""
    window, _seconds = _window(scope, time.time())
    keys = [key for w in (window - 1, window, window + 1) for key, _limit in _keys(scope, user, address, w)]
    cache.delete_many(keys)


_exempt: contextvars.ContextVar[bool] = contextvars.ContextVar("balai_rate_exempt", default=False)


class exempt:
    """Within this block nothing is counted: writes an act makes on others' behalf
    (a merge moving each supporter's vote) are not those people's own clicks."""

    def __enter__(self):
        self._token = _exempt.set(True)
        return self

    def __exit__(self, *exc):
        _exempt.reset(self._token)
        return False
