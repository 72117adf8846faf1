"""The production shape, for real: pages from two gunicorn processes (two workers each), websockets
from two daphne processes, all on PostgreSQL and Redis. A comment posted through either gunicorn
reaches viewers on both daphnes. Runs in CI's PostgreSQL + Redis pass."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second pass)"),
    pytest.mark.skipif(not settings.ON_POSTGRESQL, reason="needs PostgreSQL (CI's second pass)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited: {Path(process.args_log).read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}: {Path(process.args_log).read_text()[-2000:]}")


@pytest.fixture
def production(transactional_db, tmp_path):
    """Two gunicorns and two daphnes with production settings on the test database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # sessions and their auth hash are signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "RATE_LIMITS": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    processes, pages, sockets = [], [], []

    def start(command, port):
        log = tmp_path / f"server-{port}.log"
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        process.args_log = str(log)
        processes.append(process)

    try:
        for _ in range(2):
            port = free_port()
            start(
                [
                    BIN / "gunicorn",
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--control-socket",
                    str(tmp_path / f"gunicorn-{port}.ctl"),
                ],
                port,
            )
            pages.append(port)
            port = free_port()
            start([BIN / "daphne", "-b", "127.0.0.1", "-p", str(port), "deliberation.asgi:application"], port)
            sockets.append(port)
        for port, process in zip([p for pair in zip(pages, sockets) for p in pair], processes):
            wait_for_port(port, process)
        yield pages, sockets
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def post_comment(port: int, session_key: str, issue_pk: int, body: str) -> int:
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and header
    conn = HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(
        "POST",
        f"/issues/{issue_pk}/comments/",
        body=urlencode({"body": body}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Host": "127.0.0.1",
        },
    )
    response = conn.getresponse()
    status, text = response.status, response.read().decode(errors="replace")
    conn.close()
    assert status == 302, text[:3000]
    return status


LIVE_WITHIN = 2.0  # seconds from a post's answer to its event on every socket: live delivery, not a sweep or replay


def test_two_gunicorns_and_two_daphnes_share_live_updates(production, flooded_street, resident_of_bukit_duri):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from websockets.sync.client import connect

    from issues.consumers import LIVE_ON

    pages, sockets = production
    session = SessionStore()
    session[SESSION_KEY] = str(resident_of_bukit_duri.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = resident_of_bukit_duri.get_session_auth_hash()
    session.save()

    with ExitStack() as open_sockets:
        viewers = [
            open_sockets.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/ws/issues/{flooded_street.pk}/?after=0",
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=10,
                )
            )
            for port in sockets
        ]
        # Both are live (caught up, subscribed) before anything is posted: what follows cannot be a replay.
        for viewer in viewers:
            assert viewer.recv(timeout=10) == LIVE_ON
        for seq, (port, text) in enumerate(
            [(pages[0], "Posted through the first gunicorn"), (pages[1], "Posted through the second gunicorn")], start=1
        ):
            assert post_comment(port, session.session_key, flooded_street.pk, text) == 302
            deadline = time.monotonic() + LIVE_WITHIN
            for viewer in viewers:
                # recv raises TimeoutError if the event is not there by the deadline (a broken fan-out
                # would leave it to the heartbeat's sweep, many seconds later).
                message = viewer.recv(timeout=max(0.0, deadline - time.monotonic()))
                assert message.startswith(f"<!--seq:{seq}-->") and text in message
