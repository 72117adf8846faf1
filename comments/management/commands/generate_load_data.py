"""Fill the database with many realistic issues and comments, fast, for benchmarks.

    DEBUG=1 python manage.py generate_load_data --issues 100000 --comments 300000 [--users 5000]

Bulk inserts (no per-row actions, no live events, no e-mails): this is load for
measuring pages, not a way to write history. Issues are spread over the demo
areas (created first if missing) and the last two years; each gets its
"opened" timeline line and its author's follow, and ``comment_count`` matches
the comments made. It refuses to run with DEBUG off unless given --force.
"""

from __future__ import annotations

import contextlib
import functools
import random
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts import actions as account_actions
from accounts.demo import AREAS
from accounts.models import Area, Profile
from comments.models import Comment
from core.markdown import rendered
from issues import loadtext
from issues.models import Category, Follow, Issue, Status, TimelineEntry

STATUS_WEIGHTS = [
    (Status.OPEN, 70),
    (Status.ACKNOWLEDGED, 10),
    (Status.IN_PROGRESS, 8),
    (Status.RESOLVED, 9),
    (Status.DECLINED, 3),
]
# Generated texts repeat: each is rendered once, and stored as the actions store it.
_rendered = functools.lru_cache(maxsize=20000)(rendered)

# Jakarta Selatan, roughly: where generated locations fall.
LAT_RANGE, LON_RANGE = (-6.235, -6.200), (106.840, 106.870)


def _description(text: str) -> dict:
    html, version = _rendered(text)
    return {"description": text, "description_html": html, "description_html_version": version}


def _body(text: str) -> dict:
    html, version = _rendered(text)
    return {"body": text, "body_html": html, "body_html_version": version}


@contextlib.contextmanager
def keep_given_dates(*fields):
    """bulk_create would stamp auto_now_add fields with "now"; we want spread-out dates."""
    saved = [(f, f.auto_now_add) for f in fields]
    try:
        for f, _old in saved:
            f.auto_now_add = False
        yield
    finally:
        for f, old in saved:
            f.auto_now_add = old


class Command(BaseCommand):
    help = "Bulk-create realistic issues, comments and users for benchmarks (DEBUG only unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--issues", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=None, help="default: three per issue")
        parser.add_argument("--users", type=int, default=None, help="default: one per 20 issues, at least 50")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (a benchmark database)")

    def handle(self, *args, **opts):
        if not settings.DEBUG and not opts["force"]:
            raise CommandError(
                "generate_load_data writes fake issues; with DEBUG off pass --force if this is a benchmark database."
            )
        n_issues = max(0, opts["issues"])
        n_comments = 3 * n_issues if opts["comments"] is None else max(0, opts["comments"])
        n_users = opts["users"] or max(50, n_issues // 20)
        self.rng = random.Random(opts["seed"])
        self.batch = max(100, opts["batch"])
        started = time.monotonic()

        areas = self.ensure_areas()
        users = self.make_users(n_users, areas)
        issue_ids = self.make_issues(n_issues, n_comments, users, areas)
        self.make_comments(issue_ids, users)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, and the search index's pending list merged
            # (a GIN index takes bulk inserts into a list every search would otherwise scan).
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                )  # no VACUUM in a transaction
        self.stdout.write(
            f"Made {n_users} users, {n_issues} issues, {n_comments} comments in {time.monotonic() - started:.1f} s."
        )

    def ensure_areas(self) -> list[Area]:
        """The demo areas (seed_demo's tree), created if missing; issues go mostly to the smallest ones."""
        for slug, name, parent, code in AREAS:
            if not Area.objects.filter(slug=slug).exists():
                account_actions.save_area(
                    name=name, slug=slug, parent=Area.objects.get(slug=parent) if parent else None, official_code=code
                )
        return list(Area.objects.filter(slug__in=[slug for slug, *_rest in AREAS]))

    def make_users(self, count: int, areas: list[Area]) -> list[int]:
        User = get_user_model()
        start = User.objects.count()
        unusable = make_password(None)
        leaves = [a for a in areas if a.depth == max(x.depth for x in areas)]
        made = []
        with transaction.atomic():
            for first in range(0, count, self.batch):
                chunk = [
                    User(
                        username=f"load{start + i}", email=f"load{start + i}@load.balaiwarga.invalid", password=unusable
                    )
                    for i in range(first, min(count, first + self.batch))
                ]
                made += User.objects.bulk_create(chunk)
            Profile.objects.bulk_create(
                [Profile(user=u, display_name=f"Warga {u.pk}", home_area=self.rng.choice(leaves)) for u in made],
                batch_size=self.batch,
            )
        return [u.pk for u in made]

    def comment_counts(self, n_issues: int, n_comments: int) -> list[int]:
        """A few issues draw long threads, most draw a handful (a heavy-tailed spread)."""
        counts = [0] * n_issues
        if n_issues == 0:
            return counts
        weights = [self.rng.paretovariate(1.2) for _ in range(n_issues)]
        for index in self.rng.choices(range(n_issues), weights=weights, k=n_comments):
            counts[index] += 1
        return counts

    def make_issues(
        self, count: int, n_comments: int, users: list[int], areas: list[Area]
    ) -> list[tuple[int, object, int]]:
        """Issues with their "opened" line and their author's follow; returns (id, created_at, comments)."""
        rng, now = self.rng, timezone.now()
        weights = [1 + 3 * a.depth for a in areas]  # more issues in the RWs than in the city as a whole
        statuses, status_weights = zip(*STATUS_WEIGHTS)
        counts = self.comment_counts(count, n_comments)
        made = []
        created_field = Issue._meta.get_field("created_at")
        activity_field = Issue._meta.get_field("last_activity_at")
        with keep_given_dates(
            created_field,
            activity_field,
            TimelineEntry._meta.get_field("created_at"),
            Follow._meta.get_field("created_at"),
        ):
            for first in range(0, count, self.batch):
                chunk = []
                for i in range(first, min(count, first + self.batch)):
                    category = rng.choice(Category.values)
                    lang = loadtext.language(rng)
                    created = now - timedelta(seconds=rng.randint(60, 730 * 86400))
                    located = rng.random() < 0.6
                    chunk.append(
                        Issue(
                            title=loadtext.title(category, lang, rng),
                            **_description(loadtext.description(category, lang, rng)),
                            category=category,
                            area=rng.choices(areas, weights=weights)[0],
                            author_id=rng.choice(users),
                            status=rng.choices(statuses, weights=status_weights)[0],
                            latitude=Decimal(f"{rng.uniform(*LAT_RANGE):.6f}") if located else None,
                            longitude=Decimal(f"{rng.uniform(*LON_RANGE):.6f}") if located else None,
                            created_at=created,
                            last_activity_at=created + (now - created) * rng.random() if counts[i] else created,
                            comment_count=counts[i],
                        )
                    )
                with transaction.atomic():
                    Issue.objects.bulk_create(chunk)
                    TimelineEntry.objects.bulk_create(
                        [
                            TimelineEntry(
                                issue=x, kind=TimelineEntry.Kind.OPENED, actor_id=x.author_id, created_at=x.created_at
                            )
                            for x in chunk
                        ]
                    )
                    Follow.objects.bulk_create(
                        [Follow(user_id=x.author_id, issue=x, created_at=x.created_at) for x in chunk],
                        ignore_conflicts=True,
                    )
                made += [(x.pk, x.created_at, x.comment_count) for x in chunk]
                self.stdout.write(f"  issues: {len(made)}/{count}", ending="\r")
                self.stdout.flush()
        self.stdout.write("")
        return made

    def make_comments(self, issues: list[tuple[int, object, int]], users: list[int]) -> None:
        """Top-level comments, as many per issue as its comment_count says."""
        if not any(n for _pk, _at, n in issues):
            return
        rng, now = self.rng, timezone.now()
        fields = [Comment._meta.get_field(name) for name in ("created_at", "last_activity_at")]
        pending, done = [], 0
        with keep_given_dates(*fields):
            for pk, created, n in issues:
                for _ in range(n):
                    at = created + (now - created) * rng.random()
                    pending.append(
                        Comment(
                            issue_id=pk,
                            author_id=rng.choice(users),
                            **_body(loadtext.comment(loadtext.language(rng), rng)),
                            created_at=at,
                            last_activity_at=at,
                        )
                    )
                if len(pending) >= self.batch:
                    done += self.flush(Comment, pending, done)
                    pending = []
            done += self.flush(Comment, pending, done)
        self.stdout.write("")

    def flush(self, model, rows, done: int) -> int:
        if rows:
            with transaction.atomic():
                model.objects.bulk_create(rows)
            self.stdout.write(f"  comments: {done + len(rows)}", ending="\r")
            self.stdout.flush()
        return len(rows)
