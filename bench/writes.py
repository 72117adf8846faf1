"""Write benchmark (not a test): the comment POST and the support / withdraw POSTs against a bare Django hello.

One PostgreSQL database of its own (balai_bench_writes) holds 1,000 generated issues (as
bench/pages.py makes them), 1,000 verified residents with sessions and a dozen issues they may
support, all in one area (bench/residents.py). The app runs with production settings under
gunicorn (deploy/gunicorn.conf.py), with REDIS_URL on a Redis database of its own
(redis://127.0.0.1:6379/5): the cache, the rate-limit counters and the channel layer are Redis, so
every write pays its limit checks and publishes its live event as in production. The rate limits
keep their defaults: the comments rotate over the residents, and each resident has its own
client address (X-Forwarded-For with TRUSTED_PROXY_COUNT=1, as behind nginx).

Each request is what htmx sends: session cookie, CSRF header, HX-Request. A refusal (non-2xx, or
an htmx answer carrying the reason) counts as an error; none is allowed. In interleaved rounds
of closed-loop bursts it measures the CPU per request of gunicorn's tree plus the PostgreSQL
backends' (bench/db_cpu.py), as a multiple of the bare Django hello (bench/bare_hello, same
gunicorn binary and configuration, same rounds); then p50/p99 at a fixed rate.

    .venv/bin/python bench/writes.py                       # about 3 minutes
    .venv/bin/python bench/writes.py --reuse --rounds 5 --json /tmp/writes.json

Aims (issue 16): comment POST <= 25x the bare hello, support / withdraw <= 15x.
Where the time goes: bench/write_profile.py (queries and a cProfile of each POST).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import posts  # noqa: E402
from bench.common import Gunicorn, closed_loop, cpu_seconds, get, manage, percentile, production_env  # noqa: E402
from bench.pages import bare_hello  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
AIMS = {"comment POST (htmx)": 25, "support POST": 15, "withdraw POST": 15}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="balai_bench_writes")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it is already filled")
    parser.add_argument("--issues", type=int, default=1000, help="generated issues (the table sizes)")
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--bench-issues", type=int, default=12, help="issues the writes are spread over")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3 on 2 cores)")
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds of each burst")
    parser.add_argument("--rounds", type=int, default=3, help="bursts per operation (medians kept)")
    parser.add_argument(
        "--rate", type=float, default=10.0, help="requests/s of the fixed-rate phase (at most half the sustained)"
    )
    parser.add_argument("--json", type=Path)
    return parser.parse_args(argv)


def server_env(args) -> dict:
    return production_env(
        f"{PG_SERVER}/{args.db}", REDIS_URL=args.redis_url, TRUSTED_PROXY_COUNT="1", SECURE_COOKIES="0"
    )


def prepare_database(args, env: dict) -> None:
    import psycopg2

    admin = psycopg2.connect(f"{PG_SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db])
        if cursor.fetchone() and args.reuse:
            print(f"  reusing {args.db}")
            admin.close()
            manage(env, "migrate", "--noinput", "-v", "0")
            return
        cursor.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{args.db}"')
    admin.close()
    manage(env, "migrate", "--noinput", "-v", "0")
    out = manage(env, "generate_load_data", "--issues", str(args.issues), "--comments", str(3 * args.issues), "--force")
    print(f"  {out.strip().splitlines()[-1]}")


def residents(env: dict, count: int, issues: int, out: Path) -> dict:
    code = f"from bench.residents import prepare; prepare(count={count}, issues={issues}, out={str(out)!r})"
    manage(env, "shell", "-c", code)
    return json.loads(out.read_text())


def flush_redis(url: str) -> None:
    """The benchmark's own Redis database starts empty (no rate counters left from a previous run)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def redis_pid(url: str) -> int | None:
    import redis

    try:
        return int(redis.Redis.from_url(url).info("server")["process_id"])
    except Exception:  # noqa: BLE001 - for information only
        return None


def operations(writes: posts.Writes) -> dict:
    return {
        "comment POST (htmx)": lambda: writes.comment()[0],
        "support POST": writes.support,
        "withdraw POST": writes.withdraw,
    }


def burst(server: Gunicorn, db_cpu, redis: int | None, make, args) -> dict:
    cpu, db, rd = server.cpu(), db_cpu.sample(), cpu_seconds(redis) if redis else 0.0
    if make is None:
        run = closed_loop(server.port, "/bench/hello/", {}, args.concurrency, args.duration)
    else:
        run = posts.closed_loop(server.port, make, args.concurrency, args.duration)
    n = max(1, run.count)
    return {
        "rps": run.count / run.elapsed,
        "cpu_ms": 1000 * (server.cpu() - cpu) / n,
        "db_cpu_ms": 1000 * db_cpu.since(db) / n,
        "redis_cpu_ms": 1000 * ((cpu_seconds(redis) if redis else 0.0) - rd) / n,
        "count": run.count,
        "errors": run.errors,
        "statuses": run.statuses,
    }


def measure(app: Gunicorn, bare: Gunicorn, writes: posts.Writes, args) -> tuple[dict, float]:
    from bench.db_cpu import DatabaseCpu

    db_cpu, bare_db = DatabaseCpu(args.db), DatabaseCpu("__none__")
    redis = redis_pid(args.redis_url)
    ops = operations(writes)
    rounds: dict[str, list[dict]] = {name: [] for name in ops}
    bare_runs = []
    for number in range(1, args.rounds + 1):
        print(f"  round {number}/{args.rounds}", flush=True)
        bare_runs.append(burst(bare, bare_db, None, None, args))
        for name, make in ops.items():
            rounds[name].append(burst(app, db_cpu, redis, make, args))
    results = {}
    for name, runs in rounds.items():
        summary = {k: median(r[k] for r in runs) for k in ("rps", "cpu_ms", "db_cpu_ms", "redis_cpu_ms")}
        summary["count"] = sum(r["count"] for r in runs)
        summary["errors"] = sum(r["errors"] for r in runs)
        statuses: dict = {}
        for r in runs:
            for status, n in r["statuses"].items():
                statuses[status] = statuses.get(status, 0) + n
        rate = min(args.rate, 0.5 * summary["rps"])
        paced = posts.fixed_rate(app.port, ops[name], rate, max(args.duration * 2, 5.0))
        for status, n in paced.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        summary.update(
            rate=rate,
            p50_ms=1000 * percentile(paced.latencies, 50),
            p99_ms=1000 * percentile(paced.latencies, 99),
            errors=summary["errors"] + paced.errors,
            count=summary["count"] + paced.count,
            statuses={str(k): v for k, v in statuses.items()},
        )
        results[name] = summary
    bare_ms = median(r["cpu_ms"] for r in bare_runs)
    results["bare Django hello"] = {
        "cpu_ms": bare_ms,
        "db_cpu_ms": 0.0,
        "rps": median(r["rps"] for r in bare_runs),
        "errors": sum(r["errors"] for r in bare_runs),
        "count": sum(r["count"] for r in bare_runs),
    }
    return results, bare_ms


def report(results: dict, bare_ms: float, args) -> bool:
    print(f"\nCPU per request, gunicorn tree + PostgreSQL backends, over a bare Django hello ({bare_ms:.2f} ms):")
    print(
        f"  {'operation':22} {'app ms':>7} {'PG ms':>6} {'total':>7} {'x hello':>8} {'aim':>5}  "
        f"{'req/s':>6}  {'p50 / p99 ms (at rate)':>24}  {'Redis ms':>8}  {'requests':>8} {'errors':>6}"
    )
    ok = True
    for name, r in results.items():
        if name == "bare Django hello":
            continue
        total = r["cpu_ms"] + r["db_cpu_ms"]
        ratio = total / bare_ms
        met = ratio <= AIMS[name] and r["errors"] == 0
        ok &= met
        print(
            f"  {name:22} {r['cpu_ms']:7.2f} {r['db_cpu_ms']:6.2f} {total:7.2f} {ratio:7.1f}x {AIMS[name]:>4}x  "
            f"{r['rps']:6.1f}  {r['p50_ms']:7.1f} / {r['p99_ms']:6.1f} (at {r['rate']:4.1f}/s)  "
            f"{r['redis_cpu_ms']:8.2f}  {r['count']:8} {r['errors']:6}" + ("" if met else "  <- aim missed")
        )
        if r["errors"]:
            print(f"      statuses: {r['statuses']} (negative: answered with a refusal or without the write's mark)")
    hello = results["bare Django hello"]
    print(
        f"  {'bare Django hello':22} {bare_ms:7.2f} {0:6.2f} {bare_ms:7.2f} {1:7.1f}x {'':>5}  {hello['rps']:6.1f}"
        f"{'':>28}{'':>10}  {hello['count']:8} {hello['errors']:6}"
    )
    print(
        f"  ({args.workers} gunicorn workers, {args.concurrency} clients, medians of {args.rounds} rounds of "
        f"{args.duration:g} s; REDIS_URL={args.redis_url}, the live publish path included; Redis ms: the shared "
        f"redis-server's CPU per request, for information, not in the total; load average {_load()})"
    )
    print("Aims met." if ok else "Aims NOT met (see above).")
    return ok


def _load() -> str:
    import os

    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def warm(app: Gunicorn, bare: Gunicorn, writes: posts.Writes) -> None:
    """Every worker has run every write once before anything is measured."""
    for _ in range(4 * app.workers):
        for name, make in operations(writes).items():
            request = make()
            status, body = posts.send(app.port, request)
            if not request.succeeded(status, body):
                raise RuntimeError(f"{name}: {request.path} answered {status}: {body[:300]!r}")
        get(bare.port, "/bench/hello/", {})


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    env = server_env(args)
    print(f"== database {args.db}")
    prepare_database(args, env)
    flush_redis(args.redis_url)
    facts = residents(env, args.residents, args.bench_issues, Path(f"/tmp/balai-bench-writes-{args.port}.json"))
    print(f"  {len(facts['residents'])} verified residents signed in, {len(facts['issues'])} issues to write on")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    writes = posts.Writes(facts)
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(
            Gunicorn(env, args.port, args.workers, Path(f"/tmp/balai-bench-gunicorn-writes-{args.port}.log"))
        )
        bare = stack.enter_context(bare_hello(env, args.port + 1, args.workers))
        warm(app, bare, writes)
        print("== measuring", flush=True)
        results, bare_ms = measure(app, bare, writes, args)
    ok = report(results, bare_ms, args)
    print(f"(whole run: {time.monotonic() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({"bare_ms": bare_ms, "results": results}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
