"""Thread benchmark (not a test): the page of a long discussion against a bare Django "hello".

One PostgreSQL database of its own (balai_perf_bench by default) holds a few hundred generated
issues plus three discussions written straight into it:

- the hot thread: 500 comments, 300 top-level and 200 replies (a few long subthreads, many
  single answers), the figure of issue 16;
- a 50-comment and a 5,000-comment thread of the same shape, for the growth check (aim: the
  page costs within 15 % of each other).

The app runs with production settings under gunicorn (deploy/gunicorn.conf.py); the bare hello
(bench/bare_hello) runs under the same binary and configuration. For each page: requests/s in a
closed loop, the server's CPU plus the PostgreSQL backends' CPU per request (bench/db_cpu.py),
as a multiple of the bare hello's, the HTML's size and how many comments it shows, p50/p99 at a
fixed rate. Bursts alternate between pages in rounds, medians are kept, so a change in the
machine's load hits every page alike.

    .venv/bin/python bench/thread.py                      # about 3 minutes
    .venv/bin/python bench/thread.py --reuse --rounds 5   # keep the filled database

Aims (issue 16): the hot thread's page <= 30x the bare hello (server + PostgreSQL) and <= 150 KB
of HTML; the 5,000-comment thread's page within 15 % of the 50-comment one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Gunicorn, manage  # noqa: E402
from bench.pages import bare_hello, measure, pages_for, prepare_database, warm  # noqa: E402

# (top-level comments, replies): the hot thread of the issue, and the growth pair.
THREADS = {"hot": (300, 200), "small": (30, 20), "large": (3000, 2000)}

BUILD = """
import json, random
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from comments.management.commands.generate_load_data import _body, keep_given_dates
from comments.models import Comment
from issues import loadtext
from issues.models import Issue

THREADS = %(threads)r
rng = random.Random(16)
users = list(get_user_model().objects.values_list("pk", flat=True)[:200])
issues = list(Issue.objects.filter(hidden=False).order_by("pk")[:len(THREADS)])
urls = {}
for (name, (top_level, replies)), issue in zip(THREADS.items(), issues):
    Comment.objects.filter(issue=issue).delete()
    start = timezone.now() - timedelta(days=7)
    step = timedelta(days=6) / (top_level + replies)
    tops = []
    with keep_given_dates(Comment._meta.get_field("created_at"), Comment._meta.get_field("last_activity_at")):
        for n in range(top_level):
            at = start + n * step
            tops.append(Comment(issue=issue, author_id=rng.choice(users), created_at=at, last_activity_at=at,
                                **_body(loadtext.comment(loadtext.language(rng), rng))))
        tops = Comment.objects.bulk_create(tops)
        # Replies: a tenth of them in a few long subthreads, the rest single answers here and there.
        long_ones = rng.sample(tops, max(1, top_level // 60))
        parents = [rng.choice(long_ones) if r %% 10 == 0 else rng.choice(tops) for r in range(replies)]
        rows = []
        for r, parent in enumerate(parents):
            at = parent.created_at + (r + 1) * step / 2
            rows.append(Comment(issue=issue, parent=parent, author_id=rng.choice(users), created_at=at,
                                last_activity_at=at, **_body(loadtext.comment(loadtext.language(rng), rng))))
            parent.reply_count += 1
            parent.last_activity_at = max(parent.last_activity_at, at)
        Comment.objects.bulk_create(rows)
    Comment.objects.bulk_update(tops, ["reply_count", "last_activity_at"], batch_size=1000)
    Issue.objects.filter(pk=issue.pk).update(comment_count=top_level + replies)
    urls[name] = issue.get_absolute_url()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(json.dumps(urls))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="balai_perf_bench", help="database name prefix (default balai_perf_bench)")
    parser.add_argument("--issues", type=int, default=300, help="generated issues around the threads")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds the data")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8960)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds of each burst")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=10.0, help="requests/s of the fixed-rate phase")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args()


def thread_urls(env, args) -> dict[str, str]:
    """The issue page of each generated thread (written now unless --reuse finds them)."""
    marker = Path(f"/tmp/{args.db}_{args.issues}.threads.json")
    if args.reuse and marker.exists():
        return json.loads(marker.read_text())
    started = time.monotonic()
    out = manage(env, "shell", "-c", BUILD % {"threads": THREADS})
    urls = json.loads(out.strip().splitlines()[-1])
    marker.write_text(json.dumps(urls))
    print(f"  threads written in {time.monotonic() - started:.0f} s: {urls}")
    return urls


def page_weight(port: int, path: str) -> tuple[int, int]:
    """Bytes of HTML and comments shown (every comment's <li> carries its id)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    body = conn.getresponse().read()
    conn.close()
    return len(body), len(re.findall(rb'<li id="comment-\d+"', body))


def main():
    args = parse_args()
    started = time.monotonic()
    prep_args = argparse.Namespace(db=args.db, reuse=args.reuse, comments_per_issue=3)
    env = prepare_database(prep_args, args.issues)
    if not args.reuse:
        Path(f"/tmp/{args.db}_{args.issues}.threads.json").unlink(missing_ok=True)
    urls = thread_urls(env, args)

    signed_in = pages_for(env)[0]["issue page (signed in)"][1]
    pages = {
        "hello": ("/bench/hello/", {}),
        "hot thread, 500 comments (anon)": (urls["hot"], {}),
        "hot thread, 500 comments (signed in)": (urls["hot"], signed_in),
        "hot thread, page 2 (anon)": (urls["hot"] + "?comments_page=2", {}),
        "thread of 50 comments (anon)": (urls["small"], {}),
        "thread of 5,000 comments (anon)": (urls["large"], {}),
    }
    manage(env, "collectstatic", "--noinput", "-v", "0")
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(Gunicorn(env, args.port, args.workers, Path("/tmp/balai-perf-thread.log")))
        warm(server, pages)
        bare = stack.enter_context(bare_hello(env, args.port + 1, args.workers))
        warm(bare, {"bare hello": ("/bench/hello/", {})})
        weights = {name: page_weight(server.port, path) for name, (path, _h) in pages.items()}
        print("== measuring")
        results, bare_ms = measure({args.issues: (server, pages)}, bare, args)
    results = results[args.issues]
    print(f"\nServer + PostgreSQL CPU per request over a bare Django hello ({bare_ms:.2f} ms):")
    print(f"  {'page':38} {'ratio':>8} {'app ms':>8} {'PG ms':>7} {'KB':>7} {'shown':>6}  p50 / p99 ms")
    for name, figures in results.items():
        total = figures["cpu_ms"] + figures["db_cpu_ms"]
        size, shown = weights[name]
        print(
            f"  {name:38} {total / bare_ms:7.1f}x {figures['cpu_ms']:8.2f} {figures['db_cpu_ms']:7.2f} "
            f"{size / 1024:7.1f} {shown:6}  {figures['p50_ms']:.1f} / {figures['p99_ms']:.1f}"
        )
    hot = results["hot thread, 500 comments (anon)"]
    small, large = results["thread of 50 comments (anon)"], results["thread of 5,000 comments (anon)"]
    growth = (large["cpu_ms"] + large["db_cpu_ms"]) / (small["cpu_ms"] + small["db_cpu_ms"]) - 1
    hot_ratio = (hot["cpu_ms"] + hot["db_cpu_ms"]) / bare_ms
    hot_kb = weights["hot thread, 500 comments (anon)"][0] / 1024
    shown_small, shown_large = (
        weights[name][1] for name in ("thread of 50 comments (anon)", "thread of 5,000 comments (anon)")
    )
    print(f"\n  5,000 vs 50 comments: {growth:+.0%} (aim within 15 %)", end="")
    print(
        f"; they show {shown_large} and {shown_small} comments: {(growth + 1) * shown_small / shown_large - 1:+.0%} per comment shown"
    )
    print(f"  hot thread: {hot_ratio:.1f}x (aim <= 30x), {hot_kb:.0f} KB (aim <= 150 KB)")
    print(
        f"  ({args.workers} gunicorn workers, {args.concurrency} clients, medians of {args.rounds} rounds "
        f"of {args.duration:g} s; whole run {time.monotonic() - started:.0f} s)"
    )
    if args.json:
        args.json.write_text(json.dumps({"bare_ms": bare_ms, "pages": results, "weights": weights}, indent=2))


if __name__ == "__main__":
    main()
