"""Find the people a comment @mentions by display name.

Display names may have spaces and punctuation ("@Siti (Manggarai)", "@Budi Santoso,") and
are not unique, so each @ tries the longest stretch after it, ending at a word's end, that is
someone's name as printed, and a name several people share goes to those taking part in the
issue if any do.
Quoted lines and code are skipped: quoting a comment does not mention again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Profile

MAX_MENTIONS = 10
MAX_NAME_LENGTH = 60  # accounts.Profile.display_name
MAX_WORDS = 6
SAME_NAME_LIMIT = 5

# An @ that starts a word; what follows, up to the end of the line, may be a name as printed:
# "Siti (Manggarai)", "Rina Wulandari", "I Gusti Ayu Ma'ruf-Sari", "Budi, RT 05".
_AT = re.compile(r"(?<![\w@])@(?=\w)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
# A name ends where a word or a closing bracket ends, before a space, punctuation or the line's end.
_NAME_END = re.compile(r"[\w)\]](?![\w])")


def _scannable(body: str) -> str:
    text = _CODE.sub(" ", unicodedata.normalize("NFKC", body))
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def candidates(body: str) -> list[list[str]]:
    """For each @, the names it could stand for, longest first: every stretch of the text after
    it that ends at the end of a word (names are stored NFKC-normalised, so is the text)."""
    found = []
    text = _scannable(body)
    for match in list(_AT.finditer(text))[:MAX_MENTIONS]:
        rest = re.split(r"\n|\s@", text[match.end() : match.end() + MAX_NAME_LENGTH], maxsplit=1)[0]
        names = {" ".join(rest[: end.end()].split()) for end in _NAME_END.finditer(rest)}
        found.append(sorted((n for n in names if n.count(" ") < MAX_WORDS), key=len, reverse=True))
    return found


def resolve(body: str, *, issue) -> list[tuple[str, list[int]]]:
    """Each @ of ``body`` that names someone: (the name as written, the user ids it stands for),
    in one query plus one for participants."""
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
    found: list[tuple[str, list[int]]] = []
    participants = None
    for names_for_at in options:
        written = next((n for n in names_for_at if n.casefold() in bearers), None)
        if written is None:
            continue
        users = bearers[written.casefold()]
        if len(users) > 1:
            participants = participants if participants is not None else _participants(issue)
            users = [u for u in users if u in participants] or users[:SAME_NAME_LIMIT]
        found.append((written, users))
    return found


_SKIPPED_TAGS = re.compile(r"<(/?)(a|code|pre)\b", re.I)


def link_mentions(html: str, found: list[tuple[str, list[int]]]) -> str:
    """``html`` (sanitized, as stored) with each @name that stands for one person linked to their
    public page. Only text outside links and code changes; the name is escaped again."""
    people = {written: users[0] for written, users in found if len(users) == 1}
    if not people:
        return html
    pattern = re.compile(
        r"(?<![\w@])@(" + "|".join(re.escape(escape(n)) for n in sorted(people, key=len, reverse=True)) + r")(?![\w])",
        re.I,
    )
    by_escaped = {escape(n).casefold(): uid for n, uid in people.items()}
    depth = 0
    parts = re.split(r"(<[^>]*>)", html)
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = _SKIPPED_TAGS.match(part)
            if tag:
                depth += -1 if tag.group(1) else 1
            continue
        if depth <= 0 and "@" in part:
            parts[i] = pattern.sub(lambda m: _mention_link(m.group(1), by_escaped.get(m.group(1).casefold())), part)
    return "".join(parts)


def _mention_link(escaped_name: str, user_id: int | None) -> str:
    if user_id is None:
        return "@" + escaped_name
    url = reverse("person_profile", kwargs={"pk": user_id})
    return f'<a class="mention" href="{url}">@{escaped_name}</a>'


def _participants(issue) -> set[int]:
    from comments.models import Comment

    return {issue.author_id, *Comment.objects.filter(issue=issue).values_list("author_id", flat=True).distinct()}
