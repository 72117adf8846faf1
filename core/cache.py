"""The shared cache (Redis), with a local fallback while Redis is down.

Everything that counts in the cache (allauth's sign-in, sign-up and password-reset
limits, ``core.ratelimit``, allauth's used-TOTP-code markers) would otherwise
fail with a traceback, or wait for a stalled Redis, on every request. This
backend asks ``core.breaker`` first: while Redis is known down, or when a call
fails, it answers from a ``LocMemCache`` of this process instead. Limits then hold
per process rather than across processes (weaker, but never "no limit" and never
"no sign-in") until Redis answers again; what the fallback counted meanwhile is
not carried back to Redis.

Configured in deliberation/settings.py whenever REDIS_URL is set, with short
socket timeouts (REDIS_TIMEOUT_MS) so that a Redis that accepts connections and
never answers costs one short wait, not one per request.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from core.breaker import breaker_for, redis_errors

log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        servers = self._servers
        self.breaker = breaker_for(servers[0])
        fallback_params = {
            key: value for key, value in params.items() if key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
        }
        self.fallback = LocMemCache(f"balai-fallback:{servers[0]}", fallback_params)
        self._errors = redis_errors()

    def _call(self, name: str, *args, **kwargs):
        if self.breaker.allow():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except self._errors:
                self.breaker.failed()
                log.debug("cache %s answered locally: Redis unavailable", name, exc_info=True)
            else:
                self.breaker.succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # Every method that reaches Redis; the rest of BaseCache (get_or_set, decr, the async
    # variants, versions) is built on these.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
