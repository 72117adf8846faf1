"""Per-user comment rate limits, counted in Django's cache (Redis when REDIS_URL is set).

A fixed one-minute window per user: cheap (one atomic increment per comment)
and shared by every server process. If the cache is unreachable the limit
fails open: posting must keep working when Redis is down.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def limit_for(user) -> int:
    """Comments a minute this user may post: fewer while the account is new."""
    young = timezone.now() - user.date_joined < timedelta(hours=settings.COMMENT_NEW_ACCOUNT_HOURS)
    return settings.COMMENT_RATE_PER_MINUTE_NEW_ACCOUNT if young else settings.COMMENT_RATE_PER_MINUTE


def _key(user, window: int) -> str:
    return f"comments:rate:{user.pk}:{window}"


def take(user) -> int:
    """Count one comment; returns 0 if allowed, else the seconds to wait.

    The count is taken before the comment is written (one atomic increment),
    so a burst of parallel posts cannot slip past the limit together.
    """
    if not settings.COMMENT_RATE_LIMITS_ENABLED:
        return 0
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = _key(user, window)
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        count = cache.incr(key)
    except Exception:  # the cache (Redis) is down: let the comment through
        log.warning("comment rate limit not checked: cache unavailable", exc_info=True)
        return 0
    if count <= limit_for(user):
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)


def give_back(user) -> None:
    """Undo ``take`` for a comment that was not written after all (a refusal, a duplicate)."""
    if not settings.COMMENT_RATE_LIMITS_ENABLED:
        return
    try:
        cache.decr(_key(user, int(time.time() // WINDOW_SECONDS)))
    except Exception:  # the key expired or the cache is down: nothing to give back
        pass


def reset(user) -> None:
    """Forget this user's counts (tests, and an administrator lifting a limit)."""
    window = int(time.time() // WINDOW_SECONDS)
    cache.delete_many([_key(user, window - 1), _key(user, window), _key(user, window + 1)])
