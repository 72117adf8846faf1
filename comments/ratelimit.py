"""Per-user (and per-address) comment rate limits: the "comment" rule of core.ratelimit.

Kept as the comments app's own small interface; the counting (a fixed window in
Django's cache, failing open when the cache is down) lives in core.ratelimit,
shared with issues, votes and reports. Values: COMMENT_RATE_PER_MINUTE,
COMMENT_RATE_PER_MINUTE_NEW_ACCOUNT, COMMENT_RATE_PER_MINUTE_PER_ADDRESS.
"""

from __future__ import annotations

from core import ratelimit

SCOPE = "comment"
WINDOW_SECONDS = 60


def limit_for(user) -> int:
    """Comments a minute this user may post: fewer while the account is new."""
    return ratelimit.limit_for(SCOPE, user)


def take(user) -> int:
    """Count one comment; returns 0 if allowed, else the seconds to wait.

    The count is taken before the comment is written (one atomic increment),
    so a burst of parallel posts cannot slip past the limit together.
    """
    return ratelimit.take(SCOPE, user)


def give_back(user) -> None:
    """Undo ``take`` for a comment that was not written after all (a refusal, a duplicate)."""
    ratelimit.give_back(SCOPE, user)


def reset(user) -> None:
    """Forget this user's counts (tests, and an administrator lifting a limit)."""
    ratelimit.reset(SCOPE, user)
