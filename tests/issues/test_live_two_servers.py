"""With REDIS_URL set, two server processes share live updates: a comment posted
on one appears for a viewer connected to the other. (Runs in CI's PostgreSQL +
Redis pass; both servers need a database they share.)"""

import os
import re
import time
import urllib.parse
import urllib.request
from functools import partial

import pytest

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the Redis channel layer)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL"), reason="needs a database two processes share (DATABASE_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]


def _application():
    from channels.routing import get_default_application

    return get_default_application()


def _use_test_database():
    from channels.testing.live import set_database_connection

    set_database_connection()


@pytest.fixture
def two_servers(transactional_db, settings):
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from daphne.testing import DaphneProcess

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    # Async tests earlier in this process leave asgiref's executor without its thread in a fork.
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    servers = [DaphneProcess("127.0.0.1", partial(_application), setup=_use_test_database) for _ in range(2)]
    for server in servers:
        server.start()
    try:
        for server in servers:
            if not server.ready.wait(timeout=30):
                raise RuntimeError("a test server did not start")
        yield [f"127.0.0.1:{server.port.value}" for server in servers]
    finally:
        for server in servers:
            server.terminate()
            server.join(timeout=10)


def session_cookie(user) -> str:
    """A session for ``user``, made in the database both servers share."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def fetch(url, cookies: list[str], data: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": "; ".join(cookies)})
    return urllib.request.urlopen(request, timeout=10)


def test_a_comment_posted_on_one_server_reaches_a_viewer_on_the_other(
    two_servers, flooded_street, resident_of_bukit_duri
):
    from websockets.sync.client import connect

    from issues.consumers import LIVE_ON

    server_a, server_b = two_servers
    issue = flooded_street
    with connect(
        f"ws://{server_b}/ws/issues/{issue.pk}/?after=0", origin=f"http://{server_b}", open_timeout=10
    ) as viewer:
        assert viewer.recv(timeout=10) == LIVE_ON

        cookies = [session_cookie(resident_of_bukit_duri)]
        page = fetch(f"http://{server_a}{issue.get_absolute_url()}", cookies)
        cookies.append(re.search(r"csrftoken=[^;]+", page.headers["Set-Cookie"]).group(0))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
        started = time.monotonic()
        form = {"csrfmiddlewaretoken": token, "body": "Posted on server A"}
        answer = fetch(f"http://{server_a}/issues/{issue.pk}/comments/", cookies, form)
        assert answer.status == 200 and f"/issues/{issue.pk}/" in answer.url  # redirected back to the issue

        message = viewer.recv(timeout=10)
        assert message.startswith("<!--seq:1-->") and "Posted on server A" in message
        assert time.monotonic() - started < 5
