"""The process's view of Redis: after a failure it is skipped for a while, then probed by one caller."""

import os
import subprocess
import sys
from pathlib import Path

from core import breaker as breakers
from core.breaker import Breaker, breaker_for

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_after_a_failure_redis_is_skipped_then_one_caller_probes(settings, monkeypatch):
    settings.REDIS_RETRY_SECONDS = 5
    clock = Clock()
    monkeypatch.setattr(breakers.time, "monotonic", clock)
    redis = Breaker("test")
    assert redis.allow()
    redis.failed()
    assert redis.is_down and not redis.allow()
    clock.now += 4.9
    assert not redis.allow()
    clock.now += 0.2
    assert redis.allow()  # the probe
    assert not redis.allow()  # everyone else keeps skipping while it is out
    redis.failed()
    clock.now += 5.1
    assert redis.allow()
    redis.succeeded()
    assert not redis.is_down and redis.allow() and redis.allow()


def test_one_breaker_per_server_whatever_the_database():
    assert breaker_for("redis://127.0.0.1:6390/0") is breaker_for("redis://127.0.0.1:6390/5")
    assert breaker_for("redis://127.0.0.1:6390/0") is not breaker_for("redis://127.0.0.1:6391/0")


def test_with_redis_url_every_cache_and_layer_call_has_short_timeouts():
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3", REDIS_TIMEOUT_MS="250")
    code = (
        "from django.conf import settings as s;"
        "c = s.CACHES['default']; h = s.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0];"
        "print(c['BACKEND'], c['OPTIONS']['socket_timeout'], c['OPTIONS']['socket_connect_timeout']);"
        "print(s.CHANNEL_LAYERS['default']['BACKEND'], h['socket_timeout'], h['socket_connect_timeout'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert [line for line in result.stdout.splitlines() if line.startswith("core.")] == [
        "core.cache.ResilientRedisCache 0.25 0.25",
        "core.live.RedisChannelLayer 0.25 0.25",
    ], result.stderr
