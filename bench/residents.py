"""Verified residents with signed-in sessions, and issues they may support and comment on, for the
write benchmarks (bench/writes.py, bench/load.py). Run inside Django (``manage.py shell -c``):

    from bench.residents import prepare; prepare(count=1000, issues=12, out="/tmp/x.json")

As bench/votes.py does: the accounts, e-mail addresses and verified profiles are bulk-written (a
thousand residents in a second), the issues are opened through ``issues.actions.open_issue``, the
sessions are Django's own. The accounts are backdated 30 days, so the new-account rate limits do not
apply; each resident also gets a client address of its own (``10.77.x.y``), which the benchmarks send
as nginx would (X-Forwarded-For, TRUSTED_PROXY_COUNT=1), so the per-address limits keep their defaults.
Called again on the same database it makes new sessions and reports which supports stand.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

AREA = "manggarai-rw-04"  # a demo area (generate_load_data makes it)
DOMAIN = "@writes.bench.invalid"


def address(index: int) -> str:
    return f"10.77.{index // 250}.{index % 250 + 1}"


def _residents(count: int, area):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Profile

    User = get_user_model()
    existing = list(User.objects.filter(username__endswith=DOMAIN).order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    joined, unusable = timezone.now() - timedelta(days=30), make_password(None)
    made = User.objects.bulk_create(
        User(username=f"warga{n}{DOMAIN}", email=f"warga{n}{DOMAIN}", password=unusable, date_joined=joined)
        for n in range(len(existing), count)
    )
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in made)
    Profile.objects.bulk_create(
        Profile(
            user=u,
            display_name=f"Warga {u.pk}",
            home_area=area,
            residency="verified",
            verified_area=area,
            verified_at=joined,
        )
        for u in made
    )
    return list(User.objects.filter(username__endswith=DOMAIN).order_by("pk"))[:count]


def _issues(count: int, authors, area) -> list:
    """Opened by different residents (opening issues is rate-limited per account)."""
    from issues import actions as issue_actions
    from issues.models import Issue

    mine = list(Issue.objects.filter(author__in=authors, title__startswith="Bench ").order_by("pk"))
    for n in range(len(mine), count):
        mine.append(
            issue_actions.open_issue(
                actor=authors[n % len(authors)],
                title=f"Bench banjir nomor {n}",
                description="Air setinggi lutut di depan sekolah sejak subuh; pompa RW belum menyala.",
                category="flooding",
                area=area,
            )
        )
    return mine[:count]


def _presupport(users, issues) -> None:
    """Half the pairs (resident, issue) start supported, so withdraw bursts never run dry: the vote
    rows and the stored tallies bulk-written together (verify_tallies agrees)."""
    from django.db import transaction
    from django.db.models import F

    from issues.models import Issue
    from votes.models import Vote

    if Vote.objects.filter(user__in=users).exists():
        return
    with transaction.atomic():
        rows = [Vote(user=u, issue=i) for n, u in enumerate(users) for m, i in enumerate(issues) if (n + m) % 2 == 0]
        Vote.objects.bulk_create(rows, batch_size=2000)
        for issue in issues:
            given = sum(1 for row in rows if row.issue_id == issue.pk)
            Issue.objects.filter(pk=issue.pk).update(support_count=F("support_count") + given)


def _sessions(users) -> list[str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store, expiry, rows, keys = SessionStore(), timezone.now() + timedelta(days=2), [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys.append(key)
    Session.objects.bulk_create(rows)
    return keys


def prepare(*, count: int, issues: int, out: str, pages: int = 0) -> None:
    """Writes {"residents": [[user id, session key, address]], "issues": [[id, url]], "supported": [[user, issue]],
    "pages": [url of ``pages`` visible issues, for page views]}."""
    from accounts.models import Area
    from issues.models import Issue
    from votes.models import Vote

    area = Area.objects.get(slug=AREA)
    users = _residents(count, area)
    opened = _issues(issues, users, area)
    _presupport(users, opened)
    keys = _sessions(users)
    supported = Vote.objects.filter(user__in=users, issue__in=opened, withdrawn_at__isnull=True).values_list(
        "user_id", "issue_id"
    )
    facts = {
        "residents": [[u.pk, key, address(n)] for n, (u, key) in enumerate(zip(users, keys, strict=True))],
        "issues": [[i.pk, i.get_absolute_url()] for i in opened],
        "supported": [list(pair) for pair in supported],
        "pages": [i.get_absolute_url() for i in Issue.objects.filter(hidden=False).order_by("?")[:pages]],
    }
    with open(out, "w") as handle:
        json.dump(facts, handle)
