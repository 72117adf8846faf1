"""Where a write's time goes (not a test): queries, Redis commands and a cProfile of each POST.

Runs after bench/writes.py, on its database and residents (the facts file it leaves), in this one
process through django.test.Client with the production settings and REDIS_URL of the benchmark:

    .venv/bin/python bench/write_profile.py [--posts 50] [--top 25]

For each of the comment, support and withdraw POSTs: SQL queries and Redis commands per request
(the live publish included: on_commit hooks run, nothing is rolled back), then the functions
that take the most time over ``--posts`` requests (cumulative, the project's own code first).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import posts  # noqa: E402
from bench.writes import server_env  # noqa: E402

PROJECT = ("accounts/", "comments/", "core/", "issues/", "votes/", "responses/", "notifications/", "deliberation/")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="balai_bench_writes")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--facts", type=Path, default=Path("/tmp/balai-bench-writes-8170.json"))
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    return parser.parse_args()


class RedisCount:
    """Counts commands sent by redis-py (sync and asyncio clients)."""

    def __init__(self):
        import redis.asyncio.client as aclient
        import redis.client as client

        self.n = 0
        count = self

        def wrap(original, is_async):
            if is_async:

                async def counted(self, *args, **kwargs):
                    count.n += 1
                    return await original(self, *args, **kwargs)
            else:

                def counted(self, *args, **kwargs):
                    count.n += 1
                    return original(self, *args, **kwargs)

            return counted

        client.Redis.execute_command = wrap(client.Redis.execute_command, False)
        aclient.Redis.execute_command = wrap(aclient.Redis.execute_command, True)


def client_request(client, request: posts.Request):
    headers = {k.lower().replace("-", "_"): v for k, v in request.headers.items() if k != "Content-Type"}
    meta = {f"HTTP_{k.upper()}": v for k, v in headers.items() if k != "cookie"}
    cookies = dict(part.split("=", 1) for part in request.headers["Cookie"].split("; "))
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.post(request.path, data=request.body, content_type="application/x-www-form-urlencoded", **meta)
    if not request.succeeded(response.status_code, response.content):
        raise RuntimeError(f"{request.path}: {response.status_code} {response.content[:300]!r}")


def main():
    args = parse_args()
    env = server_env(args)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.residents import prepare

    # The facts again (new sessions, the supports standing now: writes.py moved them since).
    facts = json.loads(args.facts.read_text())
    prepare(count=len(facts["residents"]), issues=len(facts["issues"]), out=str(args.facts))
    writes = posts.Writes(json.loads(args.facts.read_text()))
    redis = RedisCount()
    ops = {
        "comment POST": lambda: writes.comment()[0],
        "support POST": writes.support,
        "withdraw POST": writes.withdraw,
    }
    client = Client(REMOTE_ADDR="127.0.0.1")
    for name, make in ops.items():
        client_request(client, make())  # warm: templates compiled, connections open
        before = redis.n
        with CaptureQueriesContext(connection) as queries:
            client_request(client, make())
        print(f"\n== {name}: {len(queries)} SQL queries, {redis.n - before} Redis commands")
        for q in queries.captured_queries:
            print(f"   {q['time']:>6}s  {q['sql'][:150]}")
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.posts):
            client_request(client, make())
        profile.disable()
        print(f"   {args.posts} under cProfile: {1000 * (time.perf_counter() - started) / args.posts:.1f} ms each")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats("|".join(PROJECT), args.top)
        stats.sort_stats("tottime").print_stats(15)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


if __name__ == "__main__":
    main()
