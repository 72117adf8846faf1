"""Page benchmark (not a test): the issue list, search and issue page against a bare "hello" view.

For each data size it recreates a PostgreSQL database, fills it with generate_load_data,
serves the app with production settings (DEBUG off) under gunicorn (deploy/gunicorn.conf.py,
WSGI sync workers), and for every page measures:

- requests/s with a few clients sending back to back (closed loop),
- server CPU per request in that phase: gunicorn's master and workers from /proc, as a ratio
  to the hello view measured by the same server in the same run (and PostgreSQL's backend CPU
  per request, for information),
- the reference the aims are stated against: the server's plus PostgreSQL's CPU per request
  over a bare Django "hello" (bench/bare_hello: startproject's middleware and apps, no project
  code) served by the same gunicorn binary and configuration, measured in the same rounds,
- p50/p99 latency at a fixed request rate (counted from the scheduled send time).

    .venv/bin/python bench/pages.py                         # 1,000 and 100,000 issues (about 10 min)
    .venv/bin/python bench/pages.py --sizes 1000,10000 --duration 3     # a quick look
    .venv/bin/python bench/pages.py --reuse                 # keep already filled databases

Databases: balai_bench_<size> on postgres://postgres@127.0.0.1:5432 (dropped and recreated
unless --reuse finds one of the right size). Aims: every page within 15x hello's CPU per
request, and within 15% between the small and the large size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Gunicorn, closed_loop, fixed_rate, get, manage, percentile, production_env  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SEARCH_WORD = "banjir"  # "flood": in a realistic share of the generated issues


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated issue counts (default 1000,100000)")
    parser.add_argument("--comments-per-issue", type=int, default=3)
    parser.add_argument("--db", default="balai_bench", help="database name prefix")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds the size asked for")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3 on 2 cores)")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--concurrency", type=int, default=4, help="clients of the closed-loop phase")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds of each burst, per page")
    parser.add_argument("--rounds", type=int, default=3, help="bursts per page and size (the median is kept)")
    parser.add_argument(
        "--rate",
        type=float,
        default=20.0,
        help="requests/s of the fixed-rate phase (at most half of what the page sustains)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


def prepare_database(args, size: int) -> dict:
    """A database holding ``size`` generated issues (made now unless --reuse finds it); returns the server env."""
    import psycopg2

    name = f"{args.db}_{size}"
    env = production_env(f"{PG_SERVER}/{name}")
    admin = psycopg2.connect(f"{PG_SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and args.reuse and _issue_count(name) == size:
            print(f"  reusing {name}")
            admin.close()
            manage(env, "migrate", "--noinput", "-v", "0")  # a database filled before the latest migrations
            return env
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    out = manage(
        env, "generate_load_data", "--issues", str(size), "--comments", str(size * args.comments_per_issue), "--force"
    )
    print(f"  {out.strip().splitlines()[-1]} (with migrations: {time.monotonic() - started:.0f} s)")
    return env


def _issue_count(name: str) -> int:
    import psycopg2

    try:
        with psycopg2.connect(f"{PG_SERVER}/{name}") as conn, conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM issues_issue")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return -1


SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from accounts import actions
from accounts.models import Area
from issues.models import Issue
User = get_user_model()
user, made = User.objects.get_or_create(username="bench-reader", defaults={"email": "bench-reader@load.balaiwarga.invalid"})
if made:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    actions.ensure_profile(user)
    actions.update_profile(actor=user, display_name="Bench Reader", language="")
    actions.change_home(actor=user, home_area=Area.objects.get(slug="manggarai-rw-04"))
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
typical = Issue.objects.filter(hidden=False, comment_count=3).order_by("-created_at").first() or Issue.objects.first()
print(json.dumps({"session": session.session_key, "issue": typical.get_absolute_url()}))
"""


def pages_for(env) -> tuple[dict[str, tuple[str, dict]], str]:
    """The pages to measure: name → (path, headers)."""
    facts = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    signed_in = {"Cookie": f"sessionid={facts['session']}"}
    return {
        "hello": ("/bench/hello/", {}),
        "site frame only (anon)": ("/bench/base/", {}),
        "list priority (anon)": ("/issues/", {}),
        "list newest (anon)": ("/issues/?sort=newest", {}),
        "list priority (signed in)": ("/issues/", signed_in),
        "list newest (signed in)": ("/issues/?sort=newest", signed_in),
        f"search '{SEARCH_WORD}' (anon)": (f"/issues/?q={SEARCH_WORD}", {}),
        # The whole page, every app's section included (thread, support, responses, moderation).
        "issue page (anon)": (facts["issue"], {}),
        "issue page (signed in)": (facts["issue"], signed_in),
    }, facts["issue"]


def bare_hello(env: dict, port: int, workers: int) -> Gunicorn:
    """The reference of issue 16's aims: bench/bare_hello (startproject's shape) under the same
    gunicorn binary and configuration, on ``env``'s database."""
    return Gunicorn(
        {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_hello.settings"},
        port,
        workers,
        Path(f"/tmp/balai-bench-gunicorn-bare-{port}.log"),
        app="bench.bare_hello.wsgi:application",
    )


def warm(server: Gunicorn, pages: dict) -> None:
    """Every worker has loaded and compiled every page before anything is measured."""
    for name, (path, headers) in pages.items():
        for _ in range(10 * server.workers):
            status, _size = get(server.port, path, headers)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status}")


def cpu_round(server: Gunicorn, db_cpu, path: str, headers: dict, args) -> dict:
    """One closed-loop burst: requests/s and the CPU per request of gunicorn and of PostgreSQL."""
    cpu_before, db_before = server.cpu(), db_cpu.sample() if db_cpu else None
    loop = closed_loop(server.port, path, headers, args.concurrency, args.duration)
    cpu, db = server.cpu() - cpu_before, db_cpu.since(db_before) if db_cpu else 0.0
    return {
        "rps": loop.count / loop.elapsed,
        "cpu_ms": 1000 * cpu / max(1, loop.count),
        "db_cpu_ms": 1000 * db / max(1, loop.count),
        "errors": loop.errors,
    }


def latency(server: Gunicorn, path: str, headers: dict, rps: float, args) -> dict:
    # The fixed rate stays below what the page sustains, or the latency measured is the queue's.
    rate = min(args.rate, 0.5 * rps)
    paced = fixed_rate(server.port, path, headers, rate, args.duration)
    return {
        "rate": rate,
        "p50_ms": 1000 * percentile(paced.latencies, 50),
        "p99_ms": 1000 * percentile(paced.latencies, 99),
        "errors": paced.errors,
    }


def measure(
    servers: dict[int, tuple[Gunicorn, dict]], bare: Gunicorn, args
) -> tuple[dict[int, dict[str, dict]], float]:
    """Rounds of short bursts, every page on every size in turn, so that a change in the
    machine's load (it is shared) hits the baseline and both sizes alike; medians are kept."""
    from statistics import median

    from bench.db_cpu import DatabaseCpu

    db_cpus = {
        size: DatabaseCpu(server.env["DATABASE_URL"].rsplit("/", 1)[1]) for size, (server, _p) in servers.items()
    }
    rounds: dict[int, dict[str, list[dict]]] = {size: {} for size in servers}
    bare_runs = []
    for number in range(1, args.rounds + 1):
        print(f"  round {number}/{args.rounds}")
        bare_runs.append(cpu_round(bare, None, "/bench/hello/", {}, args))
        for name in next(iter(servers.values()))[1]:
            for size, (server, pages) in servers.items():
                rounds[size].setdefault(name, []).append(cpu_round(server, db_cpus[size], *pages[name], args))
    results: dict[int, dict[str, dict]] = {}
    for size, (server, pages) in servers.items():
        results[size] = {}
        for name, runs in rounds[size].items():
            summary = {key: median(run[key] for run in runs) for key in ("rps", "cpu_ms", "db_cpu_ms")}
            summary["errors"] = sum(run["errors"] for run in runs)
            paced = latency(server, *pages[name], summary["rps"], args)
            summary.update(paced, errors=summary["errors"] + paced["errors"])
            results[size][name] = summary
            print(
                f"    {size:>7,} {name:34} {summary['rps']:7.1f} req/s  cpu {summary['cpu_ms']:6.2f} ms/req  "
                f"db {summary['db_cpu_ms']:5.2f} ms/req  p50 {summary['p50_ms']:6.1f} ms  p99 {summary['p99_ms']:6.1f} ms "
                f"(at {summary['rate']:.0f}/s)  errors {summary['errors']}"
            )
    bare_ms = median(run["cpu_ms"] for run in bare_runs)
    print(f"    bare Django hello: {bare_ms:.2f} ms CPU per request (errors {sum(r['errors'] for r in bare_runs)})")
    return results, bare_ms


def report(all_results: dict[int, dict], bare_ms: float, args) -> bool:
    sizes = sorted(all_results)
    small, large = sizes[0], sizes[-1]
    print(
        f"\nCPU per request as a multiple of hello (aim <= 15x), and large/small ({large:,} vs {small:,} issues; aim within 15%):"
    )
    print(
        f"  {'page':34} "
        + " ".join(f"{s:>10,}" for s in sizes)
        + "   large/small   ms CPU/req (largest)   p50 / p99 ms (largest)"
    )
    ok = True
    for name in all_results[small]:
        ratios = [all_results[s][name]["cpu_ms"] / all_results[s]["hello"]["cpu_ms"] for s in sizes]
        drift = all_results[large][name]["cpu_ms"] / all_results[small][name]["cpu_ms"] - 1
        big = all_results[large][name]
        ok &= max(ratios) <= 15 and (name == "hello" or abs(drift) <= 0.15)
        print(
            f"  {name:34} "
            + " ".join(f"{r:9.1f}x" for r in ratios)
            + f"   {drift:+10.0%}   {big['cpu_ms']:18.2f}   {big['p50_ms']:6.1f} / {big['p99_ms']:6.1f}"
        )
    print(
        f"\nServer + PostgreSQL CPU per request as a multiple of a bare Django hello ({bare_ms:.2f} ms; "
        "the reference of issue 16's aims):"
    )
    print(f"  {'page':34} " + " ".join(f"{s:>10,}" for s in sizes) + "   app ms + PG ms (largest)")
    for name in all_results[small]:
        ratios = [(all_results[s][name]["cpu_ms"] + all_results[s][name]["db_cpu_ms"]) / bare_ms for s in sizes]
        big = all_results[large][name]
        print(
            f"  {name:34} "
            + " ".join(f"{r:9.1f}x" for r in ratios)
            + f"   {big['cpu_ms']:.2f} + {big['db_cpu_ms']:.2f}"
        )
    hello = [all_results[s]["hello"]["cpu_ms"] for s in sizes]
    print(
        f"  (hello: {' / '.join(f'{h:.2f}' for h in hello)} ms CPU per request; {args.workers} gunicorn workers per size, "
        f"{args.concurrency} clients, medians of {args.rounds} rounds of {args.duration:g} s, latency at up to {args.rate:g}/s)"
    )
    print("Aims met." if ok else "Aims NOT met (see above).")
    return ok


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.monotonic()
    prepared = {}
    for size in sizes:
        print(f"== {size:,} issues")
        prepared[size] = prepare_database(args, size)
    manage(prepared[sizes[0]], "collectstatic", "--noinput", "-v", "0")  # production storage needs its manifest
    with contextlib.ExitStack() as stack:
        servers = {}
        for offset, size in enumerate(sizes):
            env = prepared[size]
            pages, _issue = pages_for(env)
            log = Path(f"/tmp/balai-bench-gunicorn-{size}.log")
            server = stack.enter_context(Gunicorn(env, args.port + offset, args.workers, log))
            warm(server, pages)
            servers[size] = (server, pages)
        bare = stack.enter_context(bare_hello(prepared[sizes[0]], args.port + 50, args.workers))
        warm(bare, {"bare hello": ("/bench/hello/", {})})
        print("== measuring")
        all_results, bare_ms = measure(servers, bare, args)
    report(all_results, bare_ms, args)
    print(f"(whole run: {time.monotonic() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps({str(k): v for k, v in all_results.items()}, indent=2))


if __name__ == "__main__":
    main()
