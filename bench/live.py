"""Benchmark (not a test): live delivery of comments to many websocket viewers of one issue.

N viewers hold websockets on one issue; one signed-in resident posts M comments over HTTP at
a steady rate, as htmx does (session cookie, CSRF header). Every viewer times every comment
from the moment its POST was sent, and counts what it never got (lost) or got twice
(duplicate). Runs daphne on PostgreSQL with the in-memory layer (one process) and with the
Redis layer (REDIS_URL; --servers K shares the viewers among K processes), then measures raw
Redis pub/sub fan-out (redis-py asyncio) to the same number of subscribers, same rate and
message size, and prints the ratio.

    .venv/bin/python bench/live.py                          # memory + redis, 500 and 1,000 viewers
    .venv/bin/python bench/live.py --layers redis --viewers 500 --comments 100 --rate 5

Drops and recreates the PostgreSQL database ``balai_bench_live`` (--pg-url); uses Redis at
--redis-url (default redis://127.0.0.1:6379/2). Servers listen from --port (default 8250) up.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
MARK = re.compile(r"bench⟦(\d+)⟧")
FILLER = (
    "Air menggenang setinggi lutut di depan sekolah sejak subuh; pompa RW belum menyala. "
    "The drain by the mosque is blocked with plastic again, and the night market starts at six. "
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", default="memory,redis", help="comma-separated: memory, redis")
    parser.add_argument("--viewers", default="500,1000", help="comma-separated viewer counts")
    parser.add_argument("--comments", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5.0, help="comments posted per second")
    parser.add_argument("--servers", type=int, default=1, help="daphne processes for the Redis layer")
    parser.add_argument(
        "--http",
        choices=["daphne", "gunicorn"],
        default="daphne",
        help="who serves the POSTs with the Redis layer: the daphne process(es), or gunicorn (2 WSGI workers) "
        "as in production, leaving daphne the websockets",
    )
    parser.add_argument("--port", type=int, default=8250)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/balai_bench_live")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw Redis fan-out comparison")
    return parser.parse_args()


# --- The server ---------------------------------------------------------------------------


def environment(args, redis: bool) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "RATE_LIMITS": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "deliberation.settings",
        "DATABASE_URL": args.pg_url,
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = args.redis_url
    return env


def fresh_database(args) -> None:
    import psycopg2

    name = args.pg_url.rsplit("/", 1)[1]
    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=environment(args, False), check=True
    )


def start_servers(args, redis: bool, count: int, wsgi_port: int | None = None) -> list[subprocess.Popen]:
    servers, ports = [], [args.port + n for n in range(count)]
    for port in ports:
        command = [
            str(ROOT / ".venv/bin/daphne"),
            "-v",
            "0",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "deliberation.asgi:application",
        ]
        servers.append(subprocess.Popen(command, cwd=ROOT, env=environment(args, redis)))
    if wsgi_port:
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "deliberation.wsgi:application",
            "--bind",
            f"127.0.0.1:{wsgi_port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ]
        servers.append(subprocess.Popen(command, cwd=ROOT, env=environment(args, redis)))
        ports.append(wsgi_port)
    for port in ports:
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/ws/issues/0/")  # a plain answer (426), no page to render
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            stop(servers)
            raise SystemExit("a server did not start")
    return servers


def stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=20)


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children still running (gunicorn's workers)."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    family, total = {pid}, 0
    for _ in range(3):  # master → workers is one level; three is plenty
        family |= {child for child, (parent, _ticks) in stats.items() if parent in family}
    total = sum(stats[p][1] for p in family if p in stats)
    return total / os.sysconf("SC_CLK_TCK")


# --- The data -------------------------------------------------------------------------------


def setup_django(args) -> None:
    os.environ.update(environment(args, False))
    os.environ.pop("REDIS_URL", None)  # this process only writes the data; the servers broadcast
    import django

    django.setup()


def poster_session() -> tuple[object, str]:
    """A verified resident of Manggarai and a session key for them."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from accounts import actions as account_actions

    city = account_actions.save_area(name="Kota Jakarta Selatan", slug="jakarta-selatan", parent=None)
    area = account_actions.save_area(name="Kelurahan Manggarai", slug="manggarai", parent=city)
    user = get_user_model().objects.create_user(username="budi@bench.example", email="budi@bench.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    account_actions.ensure_profile(user)
    account_actions.update_profile(actor=user, display_name="Budi", language="")
    account_actions.change_home(actor=user, home_area=area)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    session.create()
    return user, session.session_key


def new_issue(user, title: str):
    from issues import actions as issue_actions

    return issue_actions.open_issue(
        actor=user, title=title, description="Banjir setinggi lutut.", category="flooding", area=user.profile.home_area
    )


# --- For the page benchmark (bench/pages.py) ------------------------------------------------------


def fill_thread(issue, authors, *, comments: int = 500, replies_each: int = 2) -> None:
    """Bulk-write a discussion of ``comments`` comments on ``issue`` (a third top-level, the rest
    replies spread over them), with the issue's comment_count kept, in a few queries.

    The issue page then shows its first 50 top-level comments with their latest replies.
    """
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    from comments.models import Comment
    from issues.models import Issue

    top_count = max(1, -(-comments // (1 + replies_each)))  # rounded up, so replies fill the rest
    start = timezone.now() - timedelta(days=7)
    tops = Comment.objects.bulk_create(
        Comment(issue=issue, author=authors[n % len(authors)], body=f"Komentar {n}. {FILLER}", reply_count=replies_each)
        for n in range(top_count)
    )
    for n, top in enumerate(tops):
        top.created_at = top.last_activity_at = start + timedelta(minutes=n)
    Comment.objects.bulk_update(tops, ["created_at", "last_activity_at"])
    replies = [
        Comment(
            issue=issue, parent=top, author=authors[(n + r + 1) % len(authors)], body=f"Balasan {n}.{r} **setuju**."
        )
        for n, top in enumerate(tops)
        for r in range(replies_each)
    ][: max(0, comments - top_count)]
    Comment.objects.bulk_create(replies)
    Issue.objects.filter(pk=issue.pk).update(comment_count=F("comment_count") + top_count + len(replies))


def comment_post_request(
    issue_id: int, session_key: str, text: str = "Setuju, airnya masih tinggi."
) -> tuple[str, str, str, dict]:
    """A comment POST as htmx sends it: (method, path, body, headers), for http.client.

    The CSRF secret goes unmasked in the header (Django accepts it); each call carries a
    new submission token, so each request writes one comment. Expect 200 and the empty form.
    """
    from urllib.parse import urlencode

    csrf = secrets.token_hex(16)
    body = urlencode({"body": text, "submission_token": str(uuid.uuid4())})
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return "POST", f"/issues/{issue_id}/comments/", body, headers


# --- A trial: N viewers, M comments -----------------------------------------------------------


@dataclass
class Trial:
    viewers: int
    comments: int
    sent: dict = field(default_factory=dict)  # comment number → monotonic time its POST was sent
    latencies: list = field(default_factory=list)
    received: list = field(default_factory=list)  # per viewer: {comment number: times received}
    post_times: list = field(default_factory=list)
    post_failures: int = 0
    connect_failures: int = 0
    bytes_received: int = 0
    messages: int = 0
    first_sent: float = 0.0
    last_received: float = 0.0

    def record(self, viewer: int, k: int, now: float, size: int) -> None:
        counts = self.received[viewer]
        counts[k] = counts.get(k, 0) + 1
        if counts[k] == 1:
            self.latencies.append(now - self.sent[k])
        self.messages += 1
        self.bytes_received += size
        self.last_received = max(self.last_received, now)

    def complete(self) -> bool:
        return all(len(counts) == self.comments for counts in self.received)


async def watch(
    trial: Trial, index: int, port: int, issue_id: int, limit: asyncio.Semaphore, ready: asyncio.Event, opened: list
):
    """One viewer: connect (a few at a time), wait until live, then time every comment until cancelled."""
    from websockets.asyncio.client import connect

    uri = f"ws://127.0.0.1:{port}/ws/issues/{issue_id}/?after=0"
    try:
        async with limit:
            ws = await connect(
                uri,
                origin=f"http://127.0.0.1:{port}",
                compression=None,
                ping_interval=None,
                open_timeout=120,
                max_size=None,
            )
            while (await ws.recv()) != "<!--live:on-->":
                pass
    except Exception as error:  # noqa: BLE001 - a viewer that fails is counted, not fatal
        trial.connect_failures += 1
        print(f"  viewer {index}: {error!r}", file=sys.stderr)
        if len(opened) + trial.connect_failures == trial.viewers:
            ready.set()
        return
    opened.append(index)
    if len(opened) + trial.connect_failures == trial.viewers:
        ready.set()
    try:
        async for message in ws:
            match = MARK.search(message)
            if match:
                trial.record(index, int(match.group(1)), time.monotonic(), len(message))
    finally:
        await ws.close()


def post_comments(trial: Trial, port: int, issue_id: int, session_key: str, rate: float, run: str) -> None:
    """One resident posting at a steady rate, one request at a time (a thread of its own)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret in the header
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    from urllib.parse import urlencode

    start = time.monotonic() + 0.2
    trial.first_sent = start
    for k in range(trial.comments):
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        body = urlencode({"body": f"Comment bench⟦{k}⟧ of {run}. {FILLER}", "submission_token": str(uuid.uuid4())})
        trial.sent[k] = time.monotonic()
        try:
            conn.request("POST", f"/issues/{issue_id}/comments/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                trial.post_failures += 1
        except (OSError, http.client.HTTPException):
            conn.close()
            trial.post_failures += 1
        trial.post_times.append(time.monotonic() - trial.sent[k])


async def run_trial(args, layer: str, viewers: int, user, session_key: str) -> dict:
    servers_count = args.servers if layer == "redis" else 1
    wsgi_port = args.port + 50 if layer == "redis" and args.http == "gunicorn" else None
    issue = await asyncio.to_thread(new_issue, user, f"Bench {layer} {viewers}")
    servers = await asyncio.to_thread(start_servers, args, layer == "redis", servers_count, wsgi_port)
    trial = Trial(viewers=viewers, comments=args.comments, received=[{} for _ in range(viewers)])
    ready, opened = asyncio.Event(), []
    try:
        limit = asyncio.Semaphore(50)  # open sockets 50 at a time, as a crowd arriving would
        tasks = [
            asyncio.ensure_future(watch(trial, i, args.port + i % servers_count, issue.pk, limit, ready, opened))
            for i in range(viewers)
        ]
        await asyncio.wait_for(ready.wait(), timeout=300)
        cpu_before = sum(cpu_seconds(s.pid) for s in servers)
        post_port = wsgi_port or args.port
        await asyncio.to_thread(post_comments, trial, post_port, issue.pk, session_key, args.rate, f"{layer}-{viewers}")
        deadline = time.monotonic() + 15
        while not trial.complete() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        cpu = sum(cpu_seconds(s.pid) for s in servers) - cpu_before
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await asyncio.to_thread(stop, servers)
    label = layer if servers_count == 1 else f"{layer} ×{servers_count}"
    return summarize(trial, label + (" +wsgi" if wsgi_port else ""), cpu)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summarize(trial: Trial, label: str, cpu: float) -> dict:
    expected = trial.viewers * trial.comments
    got = sum(len(c) for c in trial.received)
    duplicates = sum(n - 1 for c in trial.received for n in c.values() if n > 1)
    span = max(1e-9, trial.last_received - trial.first_sent)
    return {
        "label": label,
        "viewers": trial.viewers,
        "connected": trial.viewers - trial.connect_failures,
        "p50": percentile(trial.latencies, 0.50) * 1000,
        "p99": percentile(trial.latencies, 0.99) * 1000,
        "max": max(trial.latencies, default=float("nan")) * 1000,
        "msgs_per_s": got / span,
        "lost": expected - got,
        "duplicates": duplicates,
        "post_p50": percentile(trial.post_times, 0.5) * 1000,
        "post_failures": trial.post_failures,
        "server_cpu_per_comment_ms": cpu / max(1, trial.comments) * 1000,
        "avg_message_bytes": trial.bytes_received / max(1, trial.messages),
    }


# --- Raw Redis pub/sub fan-out -----------------------------------------------------------------


async def raw_redis_fanout(url: str, subscribers: int, comments: int, rate: float, size: int) -> dict:
    """The same fan-out done by Redis alone: N redis-py subscribers, one publisher, same rate and size."""
    import redis.asyncio as aioredis

    channel = f"bench-raw-{uuid.uuid4().hex}"
    trial = Trial(viewers=subscribers, comments=comments, received=[{} for _ in range(subscribers)])
    pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=subscribers + 8, timeout=60)
    client = aioredis.Redis(connection_pool=pool)
    pubsubs = [client.pubsub() for _ in range(subscribers)]
    for start in range(0, subscribers, 50):
        await asyncio.gather(*(p.subscribe(channel) for p in pubsubs[start : start + 50]))

    async def listen(index, pubsub):
        async for message in pubsub.listen():
            if message["type"] == "message":
                k = int(message["data"][:8])
                trial.record(index, k, time.monotonic(), len(message["data"]))
                if len(trial.received[index]) == comments:
                    return

    listeners = [asyncio.ensure_future(listen(i, p)) for i, p in enumerate(pubsubs)]
    padding = b"x" * max(0, size - 8)
    trial.first_sent = start_at = time.monotonic() + 0.2
    for k in range(comments):
        await asyncio.sleep(max(0, start_at + k / rate - time.monotonic()))
        trial.sent[k] = time.monotonic()
        await client.publish(channel, b"%08d" % k + padding)
    await asyncio.wait(listeners, timeout=15)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    for p in pubsubs:
        await p.aclose()
    await client.aclose()
    await pool.aclose()
    return summarize(trial, "raw redis pub/sub", 0.0)


# --- Report ---------------------------------------------------------------------------------------


def print_row(row: dict) -> None:
    print(
        f"{row['label']:<18} {row['viewers']:>6} {row['connected']:>6} {row['p50']:>8.1f} {row['p99']:>8.1f} "
        f"{row['max']:>8.1f} {row['msgs_per_s']:>9.0f} {row['lost']:>6} {row['duplicates']:>5} "
        f"{row['post_p50']:>8.1f} {row['server_cpu_per_comment_ms']:>9.1f}",
        flush=True,
    )


HEADER = (
    f"{'layer':<18} {'viewers':>6} {'conn':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'msgs/s':>9} "
    f"{'lost':>6} {'dup':>5} {'POST ms':>8} {'CPU/cmt':>9}"
)


async def main_async(args) -> None:
    user, session_key = await asyncio.to_thread(poster_session)
    layers = [layer.strip() for layer in args.layers.split(",") if layer.strip()]
    counts = [int(n) for n in args.viewers.split(",")]
    print(
        f"{args.comments} comments at {args.rate:g}/s to each viewer; daphne on PostgreSQL; CPU/cmt = server CPU ms per comment"
    )
    print(HEADER)
    ours = {}
    for viewers in counts:
        for layer in layers:
            row = await run_trial(args, layer, viewers, user, session_key)
            ours[(row["label"].split()[0], viewers)] = row
            print_row(row)
        if not args.no_raw and "redis" in layers:
            size = int(ours[("redis", viewers)]["avg_message_bytes"])
            raw = await raw_redis_fanout(args.redis_url, viewers, args.comments, args.rate, size)
            print_row(raw)
            ratio_p99 = ours[("redis", viewers)]["p99"] / raw["p99"] if raw["p99"] else float("nan")
            ratio_rate = (
                ours[("redis", viewers)]["msgs_per_s"] / raw["msgs_per_s"] if raw["msgs_per_s"] else float("nan")
            )
            print(
                f"{'':<18} ratio Redis layer / raw Redis: p99 ×{ratio_p99:.2f}, msgs/s ×{ratio_rate:.2f} ({size} bytes a message)"
            )


def main() -> None:
    args = parse_args()
    fresh_database(args)
    setup_django(args)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
