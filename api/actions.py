"""Writes of the open-data app: Open311 client keys, and an Open311 request becoming an issue."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import actions as account_actions
from accounts.models import Area
from api.models import Open311Client, Open311Request
from core import ratelimit
from issues import actions as issue_actions
from issues.models import Channel, Issue

log = logging.getLogger(__name__)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_client(
    *, name: str, contact: str, area: Area, requests_per_hour: int = 100, key: str | None = None
) -> tuple[Open311Client, str]:
    """A new client application and its key (returned once: only its digest is stored).

    The client writes through an account of its own, named after it, whose home is its area
    scope, so the issue rules that hold for residents hold for it too.
    """
    key = key or secrets.token_urlsafe(32)  # a given key: the demo data's published one only
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=f"open311-{secrets.token_hex(6)}", email="", password=None)
        # A confirmed, undeliverable address: the account may write, and never receives mail.
        user.email = f"{user.username}@open311.invalid"
        user.save(update_fields=["email"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        account_actions.ensure_profile(user)
        account_actions.update_profile(actor=user, display_name=_("%(name)s (Open311)") % {"name": name}, language="")
        account_actions.change_home(actor=user, home_area=area)  # a new account: no residency to end
        client = Open311Client.objects.create(
            name=name,
            contact=contact,
            area=area,
            requests_per_hour=requests_per_hour,
            key_digest=digest(key),
            key_prefix=key[:8],
            account=user,
        )
    return client, key


def revoke_client(*, client: Open311Client) -> Open311Client:
    """The key stops working at once; the client's issues stay, as everything on the record does."""
    with transaction.atomic():
        Open311Client.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        get_user_model().objects.filter(pk=client.account_id).update(is_active=False)
    client.refresh_from_db()
    return client


def take_client_request(client: Open311Client) -> int:
    """Count one request of ``client`` in its hourly window: 0 if allowed, else seconds to wait."""
    if not ratelimit.enabled("open311"):
        return 0
    now = time.time()
    window = int(now // 3600)
    key = f"open311:client:{client.pk}:{window}"
    try:
        cache.add(key, 0, timeout=7200)
        if cache.incr(key) > client.requests_per_hour:
            return max(1, int((window + 1) * 3600 - now) + 1)
    except Exception:  # the cache is down: let the request through, as core.ratelimit does
        log.warning("open311 client limit not checked: cache unavailable", exc_info=True)
    return 0


@dataclass
class Reporter:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""


def submit_request(
    *,
    client: Open311Client,
    category: str,
    title: str,
    description: str,
    latitude=None,
    longitude=None,
    address: str = "",
    media_url: str = "",
    reporter: Reporter,
) -> Issue:
    """An Open311 request becomes an issue of the client's area, opened by the client's account
    through issues' own open_issue (its rules and checks apply). The reporter's contact details
    are kept apart, private; a reporter who gave an e-mail address is invited to follow it."""
    with transaction.atomic(), ratelimit.exempt():  # the client's own hourly limit was counted
        issue = issue_actions.open_issue(
            actor=client.account,
            title=title,
            description=description,
            category=category,
            area=client.area,
            latitude=latitude,
            longitude=longitude,
            address=address,
            channel=Channel.OPEN311,
            channel_detail=client.name,
        )
        Open311Request.objects.create(
            issue=issue,
            client=client,
            media_url=media_url,
            **{field: getattr(reporter, field)[:100] for field in Reporter.__dataclass_fields__},
        )
    if reporter.email:
        transaction.on_commit(lambda: _invite(issue, client, reporter.email), robust=True)
    return issue


def _invite(issue: Issue, client: Open311Client, email: str) -> None:
    url = f"{settings.SITE_URL.rstrip('/')}{issue.get_absolute_url()}"
    signup = f"{settings.SITE_URL.rstrip('/')}/accounts/signup/"
    send_mail(
        _("Your report #%(n)s is on Balai Warga") % {"n": issue.pk},
        _(
            "You reported an issue through %(client)s. It is now public on Balai Warga, where residents "
            "and officials discuss it:\n\n%(url)s\n\nSign up with this e-mail address to follow it and "
            "take part: %(signup)s\n\nYour e-mail address, name and phone number are not published."
        )
        % {"client": client.name, "url": url, "signup": signup},
        None,
        [email],
    )
