"""Find the people a comment @mentions by display name.

Display names may have spaces ("@Budi Santoso") and are not unique, so each
@ tries its longest run of up to four words that is someone's name, and a
name several people share goes to those taking part in the issue if any do.
Quoted lines and code are skipped: quoting a comment does not mention again.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db.models import Q

from accounts.models import Profile

MAX_MENTIONS = 10
MAX_WORDS = 4
SAME_NAME_LIMIT = 5

_AT = re.compile(r"(?<![\w@])@(\w[\w.'-]*(?:[ \t]\w[\w.'-]*){0,%d})" % (MAX_WORDS - 1))
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_TRAILING = ".,!?:;'-"


def _scannable(body: str) -> str:
    text = _CODE.sub(" ", body)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def candidates(body: str) -> list[list[str]]:
    """For each @, the names it could stand for, longest first."""
    found = []
    for match in list(_AT.finditer(_scannable(body)))[:MAX_MENTIONS]:
        words = match.group(1).split()
        names = [" ".join(words[:n]).rstrip(_TRAILING) for n in range(len(words), 0, -1)]
        found.append([name for name in names if name])
    return found


def mentioned_users(body: str, *, issue, author) -> list[int]:
    """User ids mentioned in ``body`` (never the author), in one query plus one for participants."""
    options = candidates(body)
    names = {name.casefold() for names in options for name in names}
    if not names:
        return []
    rows = Profile.objects.filter(reduce(or_, (Q(display_name__iexact=n) for n in names))).values_list(
        "display_name", "user_id"
    )
    bearers: dict[str, list[int]] = {}
    for display_name, user_id in rows:
        bearers.setdefault(display_name.casefold(), []).append(user_id)
    chosen: list[int] = []
    participants = None
    for names_for_at in options:
        name = next((n.casefold() for n in names_for_at if n.casefold() in bearers), None)
        if name is None:
            continue
        users = bearers[name]
        if len(users) > 1:
            participants = participants if participants is not None else _participants(issue)
            users = [u for u in users if u in participants] or users[:SAME_NAME_LIMIT]
        chosen.extend(u for u in users if u != author.pk and u not in chosen)
    return chosen


def _participants(issue) -> set[int]:
    from comments.models import Comment

    return {issue.author_id, *Comment.objects.filter(issue=issue).values_list("author_id", flat=True).distinct()}
