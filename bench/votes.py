"""Benchmark (not a test): 10,000 supports from 1,000 verified residents over HTTP, with concurrency.

Starts a real server (gunicorn, WSGI) on a fresh database, sends every support as the
browser's htmx POST would (session cookie, CSRF header), a share of them twice at random
moments (double clicks, retries), then checks the database: every support counted once,
none lost, none doubled, every stored tally equal to its vote rows.

    .venv/bin/python bench/votes.py --db sqlite
    .venv/bin/python bench/votes.py --db postgres          # needs PostgreSQL on 127.0.0.1:5432

The PostgreSQL run drops and recreates the database ``balai_bench_votes``; the SQLite run
uses /tmp/balai_bench_votes.sqlite3. Prints votes/s, latency p50/p99 and lost/double votes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=10, help="distinct issues each user supports")
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--repeat", type=float, default=0.1, help="share of supports sent a second time")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads sending at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8310)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/balai_bench_votes")
    return parser.parse_args()


def server_environment(args) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "RATE_LIMITS": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "deliberation.settings",
    }
    env.pop("REDIS_URL", None)  # the in-memory layer: the count, not the fan-out, is measured here
    if args.db == "postgres":
        env["DATABASE_URL"] = args.pg_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = "/tmp/balai_bench_votes.sqlite3"
    return env


def fresh_database(args, env) -> None:
    if args.db == "postgres":
        import psycopg2

        name = args.pg_url.rsplit("/", 1)[1]
        conn = psycopg2.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def seed(args) -> tuple[list[int], list[tuple[int, str]]]:
    """Areas, verified residents with sessions, open issues. Returns issue ids and (user id, session key)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts import actions as account_actions
    from accounts.models import Profile
    from issues import actions as issue_actions

    city = account_actions.save_area(name="Kota Jakarta Selatan", slug="jakarta-selatan", parent=None)
    kelurahan = account_actions.save_area(name="Kelurahan Manggarai", slug="manggarai", parent=city)
    rws = [
        account_actions.save_area(name=f"RW {n:02d}", slug=f"manggarai-rw-{n:02d}", parent=kelurahan)
        for n in (1, 4, 10)
    ]

    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"warga{n}@bench.example", email=f"warga{n}@bench.example", password=unusable)
            for n in range(args.users)
        ]
    )
    if users[0].pk is None:  # backends that do not return ids from bulk inserts
        users = list(User.objects.filter(username__endswith="@bench.example").order_by("pk"))
    now = timezone.now()
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                display_name=f"Warga {n}",
                home_area=rws[n % 3],
                residency="verified",
                verified_area=rws[n % 3],
                verified_at=now,
            )
            for n, u in enumerate(users)
        ]
    )
    author = User.objects.get(pk=users[0].pk)
    issues = [
        issue_actions.open_issue(
            actor=author, title=f"Masalah nomor {n}", description="Perlu perbaikan.", category="roads", area=kelurahan
        ).pk
        for n in range(args.issues)
    ]
    store = SessionStore()
    sessions, expiry = [], now + timezone.timedelta(days=1)
    for u in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(u.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: u.get_session_auth_hash(),
        }
        sessions.append((u.pk, key, Session(session_key=key, session_data=store.encode(data), expire_date=expiry)))
    Session.objects.bulk_create([s for _pk, _key, s in sessions])
    return issues, [(pk, key) for pk, key, _s in sessions]


def start_server(args, env) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "deliberation.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


class Client(threading.Thread):
    """Sends its share of supports one after another, as htmx does, and times each."""

    def __init__(self, port, jobs, sessions, results):
        super().__init__(daemon=True)
        self.port, self.jobs, self.sessions, self.results = port, jobs, sessions, results

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret in the header
        for user_id, issue_id in self.jobs:
            headers = {
                "Cookie": f"sessionid={self.sessions[user_id]}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": "0",
            }
            started = time.perf_counter()
            try:
                conn.request("POST", f"/votes/issues/{issue_id}/support/", body=b"", headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and b"Withdraw my support" in body
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                ok, status = False, repr(error)
            self.results.append((time.perf_counter() - started, ok, status))


def send_all(args, issues, sessions) -> tuple[list, float, set]:
    rng = random.Random(2026)
    pairs = [(user_id, issue) for user_id, _key in sessions for issue in rng.sample(issues, args.per_user)]
    jobs = pairs + rng.sample(pairs, int(len(pairs) * args.repeat))
    rng.shuffle(jobs)
    by_user = dict(sessions)
    results: list = []
    clients = [Client(args.port, jobs[i :: args.concurrency], by_user, results) for i in range(args.concurrency)]
    started = time.perf_counter()
    for c in clients:
        c.start()
    last_report = started
    while any(c.is_alive() for c in clients):
        time.sleep(0.5)
        if time.perf_counter() - last_report >= 15:
            last_report = time.perf_counter()
            print(f"  {len(results)}/{len(jobs)} requests after {last_report - started:.0f} s", flush=True)
    return results, time.perf_counter() - started, set(pairs)


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) of gunicorn's workers so far, from /proc (Linux): a figure the
    machine's other load does not inflate, unlike wall-clock throughput."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def check(expected_pairs: set) -> dict:
    from django.db import connections
    from django.db.models import Sum

    from issues.models import Issue
    from votes import tallies
    from votes.models import Vote

    connections.close_all()
    rows = set(Vote.objects.filter(withdrawn_at__isnull=True).values_list("user_id", "issue_id"))
    total_rows = Vote.objects.count()
    return {
        "lost": len(expected_pairs - rows),
        "double": total_rows - len(rows),
        "unexpected": len(rows - expected_pairs),
        "stored": Issue.objects.aggregate(n=Sum("support_count"))["n"],
        "differences": len(tallies.differences()),
        "votes": len(rows),
    }


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    args = parse_args()
    env = server_environment(args)
    os.environ.update(
        {
            k: v
            for k, v in env.items()
            if k
            in (
                "DEBUG",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
                "SECURE_COOKIES",
                "RATE_LIMITS",
                "LOG_LEVEL",
                "DJANGO_SETTINGS_MODULE",
                "DATABASE_URL",
                "SQLITE_PATH",
            )
        }
    )
    if args.db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    print(f"Preparing a fresh {args.db} database…", flush=True)
    fresh_database(args, env)
    import django

    django.setup()
    from django.db import connections

    t = time.perf_counter()
    issues, sessions = seed(args)
    connections.close_all()
    print(
        f"Seeded {len(sessions)} verified residents and {len(issues)} issues in {time.perf_counter() - t:.1f} s.",
        flush=True,
    )
    server = start_server(args, env)
    # Stopped early (Ctrl-C, a timeout's SIGTERM): stop the server too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        print(
            f"Sending supports with {args.concurrency} concurrent clients to gunicorn ({args.workers} workers)…",
            flush=True,
        )
        cpu_before = server_cpu_seconds(server.pid)
        results, elapsed, pairs = send_all(args, issues, sessions)
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    outcome = check(pairs)
    latencies = [r[0] * 1000 for r in results]
    failures = [r for r in results if not r[1]]
    print()
    print(f"database           {args.db} ({env.get('DATABASE_URL') or env['SQLITE_PATH']})")
    print(
        f"requests           {len(results)} ({len(pairs)} distinct supports + {len(results) - len(pairs)} repeated) in {elapsed:.1f} s"
    )
    print(f"throughput         {len(results) / elapsed:.0f} requests/s, {outcome['votes'] / elapsed:.0f} votes/s")
    print(
        f"latency            p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.0f} ms (mean {statistics.mean(latencies):.1f})"
    )
    print(
        f"server CPU         {cpu * 1000 / len(results):.1f} ms per request (gunicorn workers; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"failed requests    {len(failures)}" + (f" e.g. {failures[0][2]}" if failures else ""))
    print(
        f"votes              {outcome['votes']} counted, {outcome['lost']} lost, {outcome['double']} double, {outcome['unexpected']} unexpected"
    )
    print(
        f"stored tallies     sum {outcome['stored']}, {outcome['differences']} differing from the rows (verify_tallies)"
    )
    ok = not failures and outcome["lost"] == outcome["double"] == outcome["unexpected"] == outcome["differences"] == 0
    print("RESULT             " + ("exact: every support counted once" if ok else "NOT EXACT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
