"""Helpers shared by the benchmarks: a production-shaped server, CPU accounting from /proc,
and a small threaded HTTP load generator (closed loop and fixed rate)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def production_env(database_url: str, **extra) -> dict:
    """The environment of a production server (DEBUG off, real secret, hosts) on ``database_url``."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    env.pop("REDIS_URL", None)  # pages only: no live fan-out is measured here
    env.update(extra)
    return env


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    """Run a manage.py command with ``env``; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result.stdout


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU of a process (and of its reaped children), from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + ((cutime + cstime) if children else 0)) / TICK


def child_pids(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(x) for x in handle.read().split()]
    except FileNotFoundError:
        return []


class Gunicorn:
    """gunicorn with the deploy/ configuration (WSGI, several sync workers), on its own port."""

    def __init__(self, env: dict, port: int, workers: int, log_path: Path, app: str | None = None):
        """``app``: another WSGI application (module:callable) served with the same binary and
        configuration, e.g. bench/bare_hello's startproject-shaped floor."""
        self.env, self.port, self.workers, self.log_path, self.app = env, port, workers, log_path, app
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(self.workers)}
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--max-requests",
                "0",
                *([self.app] if self.app else []),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            if len(child_pids(self.process.pid)) >= self.workers and self._answers():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    def _answers(self) -> bool:
        try:
            return get(self.port, "/bench/hello/", {})[0] == 200
        except OSError:
            return False

    def cpu(self) -> float:
        """CPU of the master and every worker, including workers that have exited meanwhile."""
        master = self.process.pid
        return cpu_seconds(master, children=True) + sum(cpu_seconds(pid) for pid in child_pids(master))

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def get(port: int, path: str, headers: dict, timeout: float = 30) -> tuple[int, int]:
    """One GET on a fresh connection (gunicorn's sync workers close after each response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


@dataclass
class Run:
    count: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict = field(default_factory=dict)

    def record(self, status: int, latency: float, lock: threading.Lock) -> None:
        with lock:
            self.count += 1
            self.latencies.append(latency)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status != 200:
                self.errors += 1


def closed_loop(port: int, path: str, headers: dict, concurrency: int, duration: float) -> Run:
    """``concurrency`` clients each sending the next request when the last one is answered."""
    run, lock = Run(), threading.Lock()
    stop = time.monotonic() + duration

    def client():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, _size = get(port, path, headers)
            except OSError:
                status = 0
            run.record(status, time.perf_counter() - started, lock)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.elapsed = time.monotonic() - started
    return run


def fixed_rate(port: int, path: str, headers: dict, rate: float, duration: float, max_workers: int = 32) -> Run:
    """Requests sent on a fixed schedule; latency counts from the scheduled moment, so a slow
    server cannot hide its queueing (no coordinated omission)."""
    run, lock = Run(), threading.Lock()
    interval, total = 1.0 / rate, int(rate * duration)
    begin = time.perf_counter() + 0.05
    next_index = iter(range(total))
    index_lock = threading.Lock()

    def worker():
        while True:
            with index_lock:
                i = next(next_index, None)
            if i is None:
                return
            due = begin + i * interval
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                status, _size = get(port, path, headers)
            except OSError:
                status = 0
            run.record(status, time.perf_counter() - due, lock)

    threads = [threading.Thread(target=worker) for _ in range(max_workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.elapsed = time.perf_counter() - begin
    return run


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
