"""Whether Redis answers, as this process last saw it: a circuit breaker per Redis server.

Redis is a helper (the shared cache, the channel layer), never a single point of
failure. When a call to it fails (refused, or no answer within REDIS_TIMEOUT_MS),
the breaker for that server opens: for REDIS_RETRY_SECONDS every caller skips
Redis at once (the cache answers from a local fallback, a live update is not
sent) instead of each waiting for its own timeout, while visitors queue behind.
When the time is up, one caller is let through as a probe; its success closes the
breaker, its failure opens it for another period.

The state is per process (each server process finds out for itself) and shared by
every user of one server address: the cache, the publishing side of the channel
layer and, through ``core.live.RedisChannelLayer``, the consumers' heartbeats.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)


def redis_errors() -> tuple[type[BaseException], ...]:
    """The errors that mean "this Redis is unreachable or not answering" (not a bug in a command)."""
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def server_of(url: str) -> str:
    """The breaker's key for a Redis URL: the server, whatever the database number."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"unix:{parts.path}"
    return f"{parts.hostname}:{parts.port or 6379}"


class Breaker:
    """Open (Redis known down) or closed (try it), with one probe at a time once the wait is over."""

    def __init__(self, name: str):
        self.name = name
        self.down_until = 0.0  # time.monotonic(); 0 means closed
        self.lock = threading.Lock()

    @property
    def retry_seconds(self) -> float:
        return float(getattr(settings, "REDIS_RETRY_SECONDS", 5))

    @property
    def is_down(self) -> bool:
        return self.down_until > 0

    def allow(self) -> bool:
        """May the caller try Redis now? False while it is known down (the caller uses its fallback)."""
        if not self.down_until:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.down_until:
                return False
            # The wait is over: this caller probes; the others keep skipping until it knows.
            self.down_until = now + self.retry_seconds
            return True

    def failed(self) -> None:
        with self.lock:
            if not self.down_until:
                log.warning("Redis at %s is not answering: skipping it for %ss", self.name, self.retry_seconds)
            self.down_until = time.monotonic() + self.retry_seconds

    def succeeded(self) -> None:
        if self.down_until:
            with self.lock:
                if self.down_until:
                    log.warning("Redis at %s answers again", self.name)
                self.down_until = 0.0

    def reset(self) -> None:
        self.down_until = 0.0


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str) -> Breaker:
    """This process's breaker for the Redis server at ``url``."""
    name = server_of(url)
    breaker = _breakers.get(name)
    if breaker is None:
        with _breakers_lock:
            breaker = _breakers.setdefault(name, Breaker(name))
    return breaker


def any_down() -> bool:
    """Is any Redis this process uses known down? (Pages say live updates are paused.)"""
    return any(breaker.is_down for breaker in list(_breakers.values()))


def reset_all() -> None:
    """Forget what was seen (tests)."""
    for breaker in list(_breakers.values()):
        breaker.reset()
