"""The write requests of the benchmarks, as htmx sends them, and load generators for them.

``Writes`` hands out requests for the residents made by bench/residents.py: a comment POST, a
support POST on a pair (resident, issue) not supported, a withdraw POST on one supported; each
request knows how to tell success from refusal (htmx refusals answer 200 with the reason, so the
status alone does not say). Every resident has its own session, CSRF cookie and client address
(X-Forwarded-For, as nginx sends it; the servers run with TRUSTED_PROXY_COUNT=1).

``closed_loop`` / ``fixed_rate`` send them from threads (blocking http.client, one connection per
request: gunicorn's sync workers close after each answer); ``send_async`` is the asyncio twin used
by bench/load.py.
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import random
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.common import Run

FILLER = "Air menggenang setinggi lutut di depan sekolah sejak subuh; pompa RW belum menyala."


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    marker: bytes = b""  # in the answer when the write was done
    refusal: bytes = b""  # in the answer when it was refused
    done: object = None  # called with True/False once answered

    def succeeded(self, status: int, body: bytes) -> bool:
        ok = 200 <= status < 300 and (not self.marker or self.marker in body)
        ok = ok and not (self.refusal and self.refusal in body)
        if self.done is not None:
            self.done(ok)
        return ok

    def raw(self) -> bytes:
        head = [f"{self.method} {self.path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        head += [f"{k}: {v}" for k, v in self.headers.items()]
        head.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self.body


class Writes:
    """Thread-safe source of write requests over many residents and issues."""

    def __init__(self, facts: dict, seed: int = 16):
        self.residents = {pk: (key, addr, secrets.token_hex(16)) for pk, key, addr in facts["residents"]}
        self.issues = [pk for pk, _url in facts["issues"]]
        rng = random.Random(seed)
        supported = {tuple(p) for p in facts["supported"]}
        pairs = [(user, issue) for user in self.residents for issue in self.issues]
        rng.shuffle(pairs)
        self.unsupported = deque(p for p in pairs if p not in supported)
        self.supported = deque(p for p in pairs if p in supported)
        self.commenters = itertools.cycle(list(self.residents))
        self.lock = threading.Lock()
        self.serial = itertools.count()

    def headers(self, user: int, **extra) -> dict:
        key, addr, csrf = self.residents[user]
        return {
            "Cookie": f"sessionid={key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,  # Django accepts the unmasked secret
            "X-Forwarded-For": addr,
            "HX-Request": "true",
            **extra,
        }

    def user_headers(self, user: int | None = None) -> dict:
        """A signed-in resident's headers for a GET (no CSRF needed)."""
        key, addr, _csrf = self.residents[user or next(iter(self.residents))]
        return {"Cookie": f"sessionid={key}", "X-Forwarded-For": addr}

    def comment(self, issue: int | None = None) -> tuple[Request, int]:
        """A comment POST (a new submission token each), and its number (``bench⟦n⟧`` in its text)."""
        with self.lock:
            user, n = next(self.commenters), next(self.serial)
        issue = issue or self.issues[n % len(self.issues)]
        text = f"Komentar bench⟦{n}⟧. {FILLER}"
        body = urlencode({"body": text, "submission_token": str(uuid.uuid4())}).encode()
        headers = self.headers(user, **{"Content-Type": "application/x-www-form-urlencoded"})
        marker = f"bench⟦{n}⟧".encode()
        return Request("POST", f"/issues/{issue}/comments/", body, headers, marker=marker), n

    def _vote(self, take: deque, give: deque, action: str, issue: int | None) -> Request:
        with self.lock:
            if issue is None:
                pair = take.popleft()
            else:  # the first pair on that issue (a hot issue's share of the votes)
                pair = next((p for p in itertools.islice(take, 0, 5000) if p[1] == issue), None) or take[0]
                take.remove(pair)

        def done(ok: bool) -> None:
            with self.lock:
                (give if ok else take).append(pair)

        user, issue_id = pair
        headers = self.headers(user, **{"Content-Type": "application/x-www-form-urlencoded"})
        return Request(
            "POST",
            f"/votes/issues/{issue_id}/{action}/",
            b"",
            headers,
            marker=b'class="support-done"',
            refusal=b'class="support-refused"',
            done=done,
        )

    def support(self, issue: int | None = None) -> Request:
        return self._vote(self.unsupported, self.supported, "support", issue)

    def withdraw(self, issue: int | None = None) -> Request:
        return self._vote(self.supported, self.unsupported, "withdraw", issue)


def get_request(path: str, headers: dict | None = None) -> Request:
    return Request("GET", path, headers=dict(headers or {}))


def send(port: int, request: Request, timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body or None, headers=request.headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


def _record(run: Run, lock, request: Request, status: int, body: bytes, latency: float) -> None:
    ok = request.succeeded(status, body)
    run.record(status if ok else -abs(status or 1), latency, lock)


def closed_loop(port: int, make, concurrency: int, duration: float) -> Run:
    """``concurrency`` clients, each sending ``make()``'s next request when the last is answered."""
    run, lock = Run(), threading.Lock()
    stop = time.monotonic() + duration

    def client():
        while time.monotonic() < stop:
            request = make()
            started = time.perf_counter()
            status, body = send(port, request)
            _record(run, lock, request, status, body, time.perf_counter() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.elapsed = time.monotonic() - started
    return run


def fixed_rate(port: int, make, rate: float, duration: float, max_workers: int = 16) -> Run:
    """Requests on a fixed schedule; latency from the scheduled moment (no coordinated omission)."""
    run, lock = Run(), threading.Lock()
    total, begin = int(rate * duration), time.perf_counter() + 0.05
    indices, index_lock = iter(range(total)), threading.Lock()

    def worker():
        while True:
            with index_lock:
                i = next(indices, None)
            if i is None:
                return
            request = make()
            due = begin + i / rate
            if (delay := due - time.perf_counter()) > 0:
                time.sleep(delay)
            status, body = send(port, request)
            _record(run, lock, request, status, body, time.perf_counter() - due)

    threads = [threading.Thread(target=worker) for _ in range(max_workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.elapsed = time.perf_counter() - begin
    return run


async def send_async(port: int, request: Request, timeout: float = 60) -> tuple[int, bytes]:
    """One request on a fresh connection, read to the end (the server closes it)."""
    writer = None
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request.raw())
            data = await reader.read()
        head, _sep, body = data.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), body
    except (OSError, TimeoutError, ValueError, IndexError):
        return 0, b""
    finally:
        if writer is not None:
            writer.close()
