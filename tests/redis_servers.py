"""Redis servers of a test's own: a real one it may stop, and a stalled one that never answers.

Never the machine's Redis on 6379: other people's tests use it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, so stopping it disturbs nobody."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class StalledRedis:
    """A socket that accepts connections and never answers: a Redis that hangs (swapping, a stuck host)."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _addr = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(conn)  # held open, never read, never answered

    def stop(self):
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def redis_settings(settings, url: str) -> None:
    """Point the cache and the channel layer at ``url`` the way deliberation/settings.py does with REDIS_URL."""
    timeout = settings.REDIS_TIMEOUT
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_timeout": timeout, "socket_connect_timeout": timeout},
        },
        "pages": settings.CACHES["pages"],  # in memory whatever the default is
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.live.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": url, "socket_connect_timeout": timeout, "socket_timeout": timeout}],
                "prefix": f"test{free_port()}",
            },
        }
    }
