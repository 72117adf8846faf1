"""Redis is a helper, never a single point of failure.

With the shared cache and the channel layer on a Redis that is stopped, or that
accepts connections and never answers, people still sign in, sign up, reset a
password, comment, support an issue and read pages, each promptly; the limits
still hold (counted in the process meanwhile), and pages say live updates are paused.
"""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import breaker, live
from residency import actions as residency_actions
from tests.redis_servers import (
    REDIS_SERVER,
    PrivateRedis,
    StalledRedis,
    redis_settings,
)

# A correctness bound, not a benchmark: a stalled Redis used to cost 5-10 s a request.
PROMPT = 1.5
LIVE_PAUSED_NOTICE = 'id="live-status" class="live-status" role="status">'

needs_redis = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


@pytest.fixture
def limits_on(settings):
    """allauth's own default limits (sign-in, sign-up, password reset) and the project's, all counted in the cache."""
    settings.ACCOUNT_RATE_LIMITS = {}
    settings.RATE_LIMITS_ENABLED = True


@pytest.fixture
def fresh_breakers():
    breaker.reset_all()
    yield
    breaker.reset_all()


@pytest.fixture
def stopped_redis(settings, fresh_breakers):
    """A Redis of the test's own, configured as the cache and the channel layer, then stopped."""
    server = PrivateRedis()
    server.start()
    redis_settings(settings, server.url)
    cache.set("warm", 1)  # connections in the pool, as on a server that has been running
    server.stop()
    yield server
    server.stop()


@pytest.fixture
def stalled_redis(settings, fresh_breakers):
    server = StalledRedis()
    redis_settings(settings, server.url)
    yield server
    server.stop()


def timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def sign_in(client, user, password="balai-warga-demo"):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def sign_up(client, areas, email):
    data = {
        "email": email,
        "display_name": "Nur",
        "home_area": areas["manggarai-rw-04"].pk,
        "language": "id",
        "password1": "a-long-passphrase-77",
        "password2": "a-long-passphrase-77",
    }
    return client.post(reverse("account_signup"), data)


def wrong_passwords_until_refused(client, user, tries=8) -> int:
    for n in range(1, tries + 1):
        page = sign_in(client, user, password="not-my-password").content.decode()
        if "Too many failed login attempts" in page:
            return n
    return 0


# --- Stopped ---------------------------------------------------------------------------


@needs_redis
def test_sign_in_sign_up_and_password_reset_work_while_redis_is_stopped(
    stopped_redis, limits_on, areas, resident_of_manggarai
):
    client = Client()
    assert client.get(reverse("account_login")).status_code == 200
    response = sign_in(client, resident_of_manggarai)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session

    newcomer = Client()
    assert newcomer.get(reverse("account_signup")).status_code == 200
    assert sign_up(newcomer, areas, "new@example.org").status_code == 302
    assert "confirm" in mail.outbox[-1].subject.lower()

    forgetful = Client()
    assert forgetful.get(reverse("account_reset_password")).status_code == 200
    reset = forgetful.post(reverse("account_reset_password"), {"email": resident_of_manggarai.email})
    assert reset.status_code == 302
    assert re.search(r"/accounts/password/reset/key/", mail.outbox[-1].body)


@needs_redis
def test_wrong_passwords_are_still_limited_while_redis_is_stopped(stopped_redis, limits_on, resident_of_manggarai):
    # Counted in this process meanwhile: weaker than across processes, never unlimited.
    assert wrong_passwords_until_refused(Client(), resident_of_manggarai) == 6


@needs_redis
def test_the_cache_uses_redis_again_once_it_answers(stopped_redis, settings, limits_on):
    settings.REDIS_RETRY_SECONDS = 1
    cache.set("during", "local")  # the fallback answers
    assert cache.get("during") == "local"
    stopped_redis.start()
    deadline = time.monotonic() + 10
    import redis

    direct = redis.Redis.from_url(stopped_redis.url)
    while not direct.keys("*after*"):
        assert time.monotonic() < deadline, "the cache never went back to Redis"
        cache.set("after", "shared")
        time.sleep(0.1)
    assert cache.get("after") == "shared"
    direct.close()


# --- Stalled ---------------------------------------------------------------------------


@pytest.fixture
def verified_siti(resident_of_manggarai):
    residency_actions.verify_resident(
        user=resident_of_manggarai, area=resident_of_manggarai.profile.home_area, by="test"
    )
    return resident_of_manggarai


def test_with_redis_stalled_every_visitor_is_answered_promptly(
    stalled_redis, limits_on, areas, verified_siti, resident_of_bukit_duri, flooded_street
):
    visitor = Client()
    steps = {
        "sign-in page": lambda: visitor.get(reverse("account_login")),
        "sign in": lambda: sign_in(visitor, resident_of_bukit_duri),
        "comment": lambda: visitor.post(
            reverse("comment_post", args=[flooded_street.pk]), {"body": "Still flooded today."}
        ),
        "issue page": lambda: visitor.get(flooded_street.get_absolute_url()),
        "sign-up page": lambda: Client().get(reverse("account_signup")),
        "sign up": lambda: sign_up(Client(), areas, "stalled@example.org"),
        "password reset": lambda: Client().post(reverse("account_reset_password"), {"email": verified_siti.email}),
    }
    supporter = Client()
    supporter.force_login(verified_siti)
    steps["support"] = lambda: supporter.post(reverse("support_issue", args=[flooded_street.pk]))
    steps["home page"] = lambda: Client().get("/")

    for name, step in steps.items():
        response, seconds = timed(step)
        assert response.status_code in (200, 302), (name, response.status_code)
        assert seconds < PROMPT, f"{name} took {seconds:.2f} s"

    assert flooded_street.comments.filter(body="Still flooded today.").exists()
    assert flooded_street.votes.filter(user=verified_siti, withdrawn_at=None).exists()
    # The page says so honestly: the live updates are paused, reading and writing go on.
    assert LIVE_PAUSED_NOTICE in visitor.get(flooded_street.get_absolute_url()).content.decode()


def test_with_redis_stalled_a_publish_gives_up_at_once_after_the_first_timeout(stalled_redis, settings):
    sent, first = timed(live.publish, "issue.1", {"seq": 1})
    assert sent is False
    assert first < PROMPT
    # Known down now: later writes do not wait at all.
    sent, later = timed(live.publish, "issue.1", {"seq": 2})
    assert sent is False
    assert later < 0.05
    assert live.live_paused()


def test_with_redis_stalled_the_wrong_password_limit_still_holds(stalled_redis, limits_on, resident_of_manggarai):
    client = Client()
    started = time.monotonic()
    assert wrong_passwords_until_refused(client, resident_of_manggarai) == 6
    assert time.monotonic() - started < 6 * PROMPT


# --- Running ---------------------------------------------------------------------------


@needs_redis
@pytest.mark.django_db(transaction=True)
async def test_with_short_timeouts_an_idle_viewer_still_gets_the_next_event(settings, fresh_breakers):
    """The socket timeout bounds each answer Redis owes, not how long a subscription may stay quiet."""
    from asgiref.sync import sync_to_async
    from django.db import transaction

    from issues import live as issue_live
    from issues.consumers import LIVE_ON
    from tests.core.test_sockets import make_issue
    from tests.live_helpers import live_socket

    server = PrivateRedis()
    await sync_to_async(server.start)()
    try:
        redis_settings(settings, server.url)
        settings.LIVE_HEARTBEAT_SECONDS = 0.2
        issue = await sync_to_async(make_issue)()
        viewer = live_socket(f"/ws/issues/{issue.pk}/")
        assert (await viewer.connect())[0]
        assert await viewer.receive_from() == LIVE_ON
        assert await viewer.receive_nothing(timeout=4 * settings.REDIS_TIMEOUT)  # quiet for longer than the timeout

        def record():
            with transaction.atomic():
                issue_live.record_event(issue=issue, kind="test", render=lambda: "<p>after a quiet while</p>")

        await sync_to_async(record)()
        assert await viewer.receive_from() == "<!--seq:1--><p>after a quiet while</p>"
        assert not breaker.breaker_for(server.url).is_down
        await viewer.disconnect()
    finally:
        await sync_to_async(server.stop)()
