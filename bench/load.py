"""Mixed-load benchmark (not a test): issue 16's evening-news hour, on the production shape.

gunicorn (deploy/gunicorn.conf.py, sync workers) serves the pages and the writes, daphne
(--daphne processes) the websockets, with PostgreSQL (a database of its own, balai_bench_load,
1,000 generated issues, 1,000 verified residents: bench/residents.py), Redis (a database of its
own, redis://127.0.0.1:6379/6: cache, rate limits, channel layer) and the worker (run_worker).
Production settings; rate limits at their defaults (each resident has its own client address,
sent as nginx would in X-Forwarded-For). Everything on loopback; every process started here is
stopped at the end.

Load: --viewers (500) websocket viewers watch the hot issue, their sockets bound to source
addresses 127.0.0.2, .3, … within the per-address cap. A quick closed-loop probe measures what
the setup sustains; then requests arrive at a fixed rate (open loop, latency from the scheduled
moment): 90 % page views (the list, other issue pages, the hot issue; a share signed in), 8 %
supports (support and withdraw alternating), 2 % comments; half the writes go to the hot issue.
Reported: p50/p99 per operation, errors (none allowed: a refusal is an error), and the live
fan-out latency, from a hot-issue comment's POST being sent to each viewer's receipt.

    .venv/bin/python bench/load.py                       # 5 minutes at half the probed rate
    .venv/bin/python bench/load.py --duration 30         # a quick look
    .venv/bin/python bench/load.py --storm --idle 60     # the connection storm instead

--storm: --storm-sockets (1,000) websockets connect within 10 s from several loopback addresses
(at most LIVE_MAX_SOCKETS_PER_ADDRESS each), then stay open --idle seconds. Reported: all
accepted?, time to all connected, the daphne processes' RSS per 1,000 sockets, their idle CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import posts, viewers  # noqa: E402
from bench.common import Gunicorn, cpu_seconds, manage, percentile  # noqa: E402
from bench.writes import flush_redis, prepare_database, server_env  # noqa: E402

MIX = {"page": 0.90, "vote": 0.08, "comment": 0.02}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="balai_bench_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--bench-issues", type=int, default=12, help="issues the writes go to (the first is hot)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--daphne", type=int, default=2, help="daphne processes (websockets)")
    parser.add_argument("--port", type=int, default=8270)
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--rate", type=float, help="requests/s (default: half of what the probe sustains)")
    parser.add_argument("--probe", type=float, default=10.0, help="seconds of the closed-loop probe")
    parser.add_argument("--probe-clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=300.0)
    parser.add_argument("--hot-share", type=float, default=0.5, help="share of the writes on the hot issue")
    parser.add_argument("--signed-in-share", type=float, default=0.25, help="share of page views signed in")
    parser.add_argument("--storm", action="store_true", help="run the connection storm instead of the load")
    parser.add_argument("--storm-sockets", type=int, default=1000)
    parser.add_argument("--storm-within", type=float, default=10.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--per-address", type=int, help="sockets per source address (default: the server's cap)")
    parser.add_argument("--json", type=Path)
    return parser.parse_args(argv)


# --- The servers ----------------------------------------------------------------------------


class Daphnes:
    """``count`` daphne processes on consecutive ports, as deploy/systemd/balai-daphne@.service runs them."""

    def __init__(self, env: dict, port: int, count: int):
        self.env, self.ports, self.processes = env, [port + n for n in range(count)], []

    def __enter__(self) -> Daphnes:
        import http.client

        for port in self.ports:
            command = [str(ROOT / ".venv/bin/daphne"), "-v", "0", "-b", "127.0.0.1", "-p", str(port)]
            self.processes.append(subprocess.Popen([*command, "deliberation.asgi:application"], cwd=ROOT, env=self.env))
        for port in self.ports:
            for _ in range(150):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/ws/issues/0/")
                    conn.getresponse().read()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                self.__exit__()
                raise RuntimeError(f"daphne on {port} did not start")
        return self

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.processes)

    def rss_kb(self) -> int:
        return sum(viewers.rss_kb(p.pid) for p in self.processes)

    def __exit__(self, *exc):
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@contextlib.contextmanager
def worker(env: dict):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- The requests ---------------------------------------------------------------------------


class Mix:
    """The next request of the mixed load: (operation name, Request, comment number or None)."""

    def __init__(self, facts: dict, writes: posts.Writes, args, seed: int = 2026):
        self.writes, self.args, self.rng = writes, args, random.Random(seed)
        self.hot = facts["issues"][0][0]
        self.hot_url = facts["issues"][0][1]
        self.pages = facts["pages"]
        self.voted = 0
        self.users = list(writes.residents)

    def _headers(self) -> dict:
        if self.rng.random() < self.args.signed_in_share:
            return self.writes.user_headers(self.rng.choice(self.users))
        return {}

    def next(self):
        roll = self.rng.random()
        hot = self.rng.random() < self.args.hot_share
        if roll < MIX["comment"]:
            request, n = self.writes.comment(self.hot if hot else None)
            return ("comment (hot issue)" if hot else "comment"), request, (n if hot else None)
        if roll < MIX["comment"] + MIX["vote"]:
            self.voted += 1
            action = self.writes.support if self.voted % 2 else self.writes.withdraw
            name = "support" if self.voted % 2 else "withdraw"
            return name, action(self.hot if hot else None), None
        page = self.rng.random()
        if page < 1 / 3:
            return "page: issue list", posts.get_request("/issues/", self._headers()), None
        if page < 2 / 3:
            return "page: an issue", posts.get_request(self.rng.choice(self.pages), self._headers()), None
        return "page: the hot issue", posts.get_request(self.hot_url, self._headers()), None


async def timed(port: int, name: str, request, n, audience, results: dict, due: float) -> None:
    if n is not None:
        audience.sent[n] = time.monotonic()
    status, body = await posts.send_async(port, request)
    latency = time.perf_counter() - due
    ok = request.succeeded(status, body)
    entry = results.setdefault(name, {"latencies": [], "errors": 0, "statuses": {}, "due": []})
    entry["latencies"].append(latency)
    entry["due"].append(due)
    key = status if ok else -abs(status or 1)  # negative: answered with a refusal or without the write's mark
    entry["statuses"][key] = entry["statuses"].get(key, 0) + 1
    entry["errors"] += 0 if ok else 1


async def probe(port: int, mix: Mix, audience, clients: int, seconds: float) -> float:
    """Closed loop: ``clients`` sending the mix back to back; returns requests/s."""
    results, stop, count = {}, time.monotonic() + seconds, 0

    async def client():
        nonlocal count
        while time.monotonic() < stop:
            name, request, n = mix.next()
            await timed(port, name, request, n, audience, results, time.perf_counter())
            count += 1

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    errors = sum(e["errors"] for e in results.values())
    if errors:
        print(f"  probe: {errors} errors: {_statuses(results)}")
    return count / (time.monotonic() - started)


async def open_loop(port: int, mix: Mix, audience, rate: float, seconds: float) -> dict:
    results, tasks = {}, []
    begin, total = time.perf_counter() + 0.1, int(rate * seconds)
    for i in range(total):
        due = begin + i / rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        name, request, n = mix.next()
        tasks.append(asyncio.ensure_future(timed(port, name, request, n, audience, results, due)))
        if len(tasks) > 2000:
            tasks = [t for t in tasks if not t.done()]
    await asyncio.gather(*tasks)
    results["_windows"] = windows(results, begin, seconds)
    return results


def windows(results: dict, begin: float, seconds: float, width: float = 10.0) -> list[dict]:
    """p50/p99 of every request by 10 s of the run (a shared machine's load comes and goes)."""
    out = []
    for start in range(0, int(seconds), int(width)):
        lat = [
            lat
            for e in results.values()
            for lat, due in zip(e["latencies"], e["due"], strict=True)
            if start <= due - begin < start + width
        ]
        out.append(
            {
                "from_s": start,
                "count": len(lat),
                "p50_ms": 1000 * percentile(lat, 50),
                "p99_ms": 1000 * percentile(lat, 99),
            }
        )
    return out


def _statuses(results: dict) -> dict:
    return {name: e["statuses"] for name, e in results.items() if e["errors"]}


# --- The runs -------------------------------------------------------------------------------


async def run_load(args, facts, app: Gunicorn, daphnes: Daphnes) -> dict:
    writes = posts.Writes(facts)
    mix = Mix(facts, writes, args)
    stop = asyncio.Event()
    after = viewers.last_seq(app.port, mix.hot_url)
    print(f"== {args.viewers} viewers on the hot issue (after={after})", flush=True)
    audience, tasks = await viewers.open_viewers(args.viewers, daphnes.ports, mix.hot, after, args.per_address, stop)
    print(f"  {len(audience.connected_at)} connected, {len(audience.failures)} failed", flush=True)
    await probe(app.port, mix, audience, args.probe_clients, 5.0)  # warm: every worker has rendered every page
    probed = await probe(app.port, mix, audience, args.probe_clients, args.probe)
    rate = args.rate or probed / 2
    print(f"== probe: {probed:.1f} requests/s sustained; open loop at {rate:.1f}/s for {args.duration:g} s", flush=True)
    audience.sent.clear()
    audience.received.clear()
    cpu = {"gunicorn": app.cpu(), "daphne": daphnes.cpu()}
    started = time.monotonic()
    client_cpu = time.process_time()
    results = await open_loop(app.port, mix, audience, rate, args.duration)
    elapsed = time.monotonic() - started
    client_cpu = time.process_time() - client_cpu
    window = results.pop("_windows")
    cpu = {"gunicorn": app.cpu() - cpu["gunicorn"], "daphne": daphnes.cpu() - cpu["daphne"]}
    deadline = time.monotonic() + 15  # the last comments' delivery
    expected = len(audience.connected_at)
    while time.monotonic() < deadline and any(len(audience.received.get(n, [])) < expected for n in audience.sent):
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    fanout = audience.latencies()
    got = sum(len(v) for v in audience.received.values())
    return {
        "probe_rps": probed,
        "rate": rate,
        "elapsed": elapsed,
        "viewers": args.viewers,
        "connected": expected,
        "viewer_failures": len(audience.failures),
        "viewers_closed": audience.closed,
        "ops": {
            name: {
                "count": len(e["latencies"]),
                "p50_ms": 1000 * percentile(e["latencies"], 50),
                "p99_ms": 1000 * percentile(e["latencies"], 99),
                "errors": e["errors"],
                "statuses": {str(k): v for k, v in e["statuses"].items()},
            }
            for name, e in sorted(results.items())
        },
        "fanout": {
            "comments": len(audience.sent),
            "deliveries": got,
            "missing": len(audience.sent) * expected - got,
            "p50_ms": 1000 * percentile(fanout, 50),
            "p99_ms": 1000 * percentile(fanout, 99),
            "max_ms": 1000 * max(fanout, default=float("nan")),
        },
        "cpu_cores": {**{k: v / elapsed for k, v in cpu.items()}, "load generator + viewers": client_cpu / elapsed},
        "windows": window,
    }


async def run_storm(args, facts, app: Gunicorn, daphnes: Daphnes) -> dict:
    stop = asyncio.Event()
    hot, hot_url = facts["issues"][0]
    after = viewers.last_seq(app.port, hot_url)
    rss_before = daphnes.rss_kb()
    addresses = -(-args.storm_sockets // args.per_address)
    print(
        f"== storm: {args.storm_sockets} websockets within {args.storm_within:g} s from {addresses} source "
        f"addresses (127.0.0.2..), at most {args.per_address} each, over {len(daphnes.ports)} daphne",
        flush=True,
    )
    started = time.monotonic()
    audience, tasks = await viewers.open_viewers(
        args.storm_sockets, daphnes.ports, hot, after, args.per_address, stop, within=args.storm_within
    )
    all_in = (max(audience.connected_at) - started) if audience.connected_at else float("nan")
    await asyncio.sleep(2)
    rss_after = daphnes.rss_kb()
    print(f"  {len(audience.connected_at)} accepted in {all_in:.1f} s; idle for {args.idle:g} s", flush=True)
    cpu, t = daphnes.cpu(), time.monotonic()
    await asyncio.sleep(args.idle)
    idle_cpu, idle_s = daphnes.cpu() - cpu, time.monotonic() - t
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    connected = len(audience.connected_at)
    return {
        "sockets": args.storm_sockets,
        "accepted": connected,
        "all_accepted": connected == args.storm_sockets and audience.closed == 0,
        "closed_while_idle": audience.closed,
        "failures": audience.failures[:5],
        "time_to_all_connected_s": all_in,
        "connect_p50_ms": 1000 * percentile(audience.connect_seconds, 50),
        "connect_p99_ms": 1000 * percentile(audience.connect_seconds, 99),
        "addresses": addresses,
        "per_address": args.per_address,
        "rss_before_mb": rss_before / 1024,
        "rss_after_mb": rss_after / 1024,
        "rss_per_1000_mb": (rss_after - rss_before) / 1024 * 1000 / max(1, connected),
        "idle_cpu_s": idle_cpu,
        "idle_s": idle_s,
        "idle_cpu_percent_of_a_core": 100 * idle_cpu / idle_s,
    }


def report_load(r: dict) -> bool:
    print(
        f"\nMixed load: {r['rate']:.1f} requests/s (probe sustained {r['probe_rps']:.1f}/s) for {r['elapsed']:.0f} s, "
        f"{r['connected']}/{r['viewers']} viewers on the hot issue"
    )
    print(f"  {'operation':24} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    errors = 0
    for name, o in r["ops"].items():
        errors += o["errors"]
        print(f"  {name:24} {o['count']:8} {o['p50_ms']:8.1f} {o['p99_ms']:8.1f} {o['errors']:6}")
        if o["errors"]:
            print(f"      statuses: {o['statuses']}")
    f = r["fanout"]
    print(
        f"  live fan-out (POST sent -> viewer received): {f['comments']} hot comments x {r['connected']} viewers, "
        f"p50 {f['p50_ms']:.0f} ms, p99 {f['p99_ms']:.0f} ms, max {f['max_ms']:.0f} ms, missing {f['missing']}"
    )
    cores = ", ".join(f"{k} {v:.2f}" for k, v in r["cpu_cores"].items())
    print(f"  CPU during the load (cores): {cores}; load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        "  every request by 10 s, p50/p99 ms: "
        + ", ".join(f"{w['p50_ms']:.0f}/{w['p99_ms']:.0f}" for w in r["windows"])
    )
    ok = errors == 0 and f["missing"] == 0 and r["viewer_failures"] == 0
    print("No errors." if ok else "ERRORS (see above).")
    return ok


def report_storm(s: dict) -> bool:
    print(
        f"\nConnection storm: {s['accepted']}/{s['sockets']} accepted (all: {'yes' if s['all_accepted'] else 'NO'}), "
        f"all connected after {s['time_to_all_connected_s']:.1f} s, from {s['addresses']} addresses x <= "
        f"{s['per_address']}; each socket's handshake to <!--live:on-->: p50 {s['connect_p50_ms']:.0f} ms, "
        f"p99 {s['connect_p99_ms']:.0f} ms"
    )
    print(
        f"  daphne RSS {s['rss_before_mb']:.0f} MB -> {s['rss_after_mb']:.0f} MB: {s['rss_per_1000_mb']:.0f} MB per 1,000 "
        f"sockets; idle CPU {s['idle_cpu_s']:.2f} s over {s['idle_s']:.0f} s ({s['idle_cpu_percent_of_a_core']:.1f} % "
        f"of a core), {s['closed_while_idle']} closed while idle"
    )
    if s["failures"]:
        print(f"  failures: {s['failures']}")
    return s["all_accepted"]


def main(argv=None) -> int:
    args = parse_args(argv)
    env = server_env(args)
    if args.per_address is None:
        args.per_address = int(env.get("LIVE_MAX_SOCKETS_PER_ADDRESS", "40"))
    print(f"== database {args.db}", flush=True)
    prepare_database(args, env)
    flush_redis(args.redis_url)
    out = Path(f"/tmp/balai-bench-load-{args.port}.json")
    code = f"from bench.residents import prepare; prepare(count={args.residents}, issues={args.bench_issues}, out={str(out)!r}, pages=200)"
    manage(env, "shell", "-c", code)
    facts = json.loads(out.read_text())
    manage(env, "collectstatic", "--noinput", "-v", "0")
    log = Path(f"/tmp/balai-bench-gunicorn-load-{args.port}.log")
    with (
        Gunicorn(env, args.port, args.workers, log) as app,
        Daphnes(env, args.port + 10, args.daphne) as daphnes,
        worker(env),
    ):
        if args.storm:
            result = asyncio.run(run_storm(args, facts, app, daphnes))
        else:
            result = asyncio.run(run_load(args, facts, app, daphnes))
    ok = report_storm(result) if args.storm else report_load(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
