"""Query-string values as pages can use them: whatever was typed into the address bar, a list
page gets a usable value (a bad one counts as absent) and never a server error."""

from __future__ import annotations

from core.text import without_nul

# No list goes this deep (the issue list stops at 250 pages, the log at 1000); a bigger number
# would only make an OFFSET the database cannot hold.
MAX_PAGE_NUMBER = 10_000


def page_number(raw, maximum: int = MAX_PAGE_NUMBER) -> int:
    """A page number from ``?page=``: 1 for anything that is not a whole number, at most ``maximum``."""
    try:
        number = int(str(raw).strip()) if raw not in (None, "") else 1
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, maximum))


def text(raw, max_length: int = 200) -> str:
    """A free-text value (a search), without NUL characters (PostgreSQL refuses them), trimmed and cut."""
    return without_nul(raw if isinstance(raw, str) else "").strip()[:max_length]
