"""Plain text that came from people, made safe for the places it goes (one-line headers, queries).

Control characters (category Cc: NUL, CR, LF, tab, ESC…) and invisible format characters
(category Cf: the bidi overrides such as U+202E, zero-width joiners) have no business in a
title or a search: they break e-mail headers, PostgreSQL refuses NUL in any string, and bidi
overrides make a title read differently from what it says.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def unsafe_characters(text: str) -> list[str]:
    """The control and format characters in ``text`` (each once, in order), e.g. ['U+000D']."""
    seen: dict[str, None] = {}
    for char in text or "":
        if _unsafe(char):
            seen[f"U+{ord(char):04X}"] = None
    return list(seen)


def one_line(text: str) -> str:
    """``text`` as one safe line: control characters and line separators (CR, LF, NUL…) become a
    space, invisible format characters (U+202E, zero-width joiners) go, runs of white space
    become one. For e-mail subjects and other headers."""
    cleaned = "".join(
        char if not _unsafe(char) else ("" if unicodedata.category(char) == "Cf" else " ") for char in text or ""
    )
    return re.sub(r"\s+", " ", cleaned).strip()


def without_nul(text: str) -> str:
    """``text`` without NUL characters, which PostgreSQL refuses in any string parameter."""
    return (text or "").replace("\x00", "")
