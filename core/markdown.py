"""The one Markdown renderer and sanitizer for everything users write.

markdown-it renders with raw HTML disabled; nh3 (ammonia) then keeps only a
small allow-list of tags and attributes, drops ``javascript:`` and other
schemes, and marks every link ``rel="nofollow ugc noopener"``.

Hostile input can make a Markdown parser work hard: thousands of ``[``, ``![``
or ``*a`` cost markdown-it hundreds of milliseconds for 5,000 characters, as it
tries every pairing. Text with more of those delimiters than any real comment
needs is shown as plain paragraphs instead (``plain``), which costs a fraction of
a millisecond whatever it contains. Rendered HTML is stored with the text it came
from (see ``RENDERER_VERSION``), so a page view renders nothing.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Bump when the output for the same text changes (allowed tags, options, the limits below):
# stored HTML of another version is rendered afresh when shown and by `manage.py rerender_texts`.
RENDERER_VERSION = 2

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

# Characters that open or close inline constructs markdown-it must try to pair up. Its work
# grows with the square of brackets and of lines in a paragraph: these bounds keep the
# worst text under them to a few milliseconds (bench: tests/core/test_markdown.py).
_DELIMITERS = re.compile(r"[\[\]!*_<>&`~\\]")
_BRACKETS = re.compile(r"[\[\]]")
MAX_DELIMITERS = 400  # a long, richly formatted real comment uses well under a hundred
MAX_BRACKETS = 120  # 60 links
MAX_LINES = 300


def render(text: str) -> SafeString:
    text = text or ""
    if hostile(text):
        return plain(text)
    html = _md.render(text)
    # Headings inside user text must not compete with the page's own outline.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


def hostile(text: str) -> bool:
    """More structure than any real comment needs: rendered as plain text instead."""
    return (
        text.count("\n") > MAX_LINES
        or len(_BRACKETS.findall(text)) > MAX_BRACKETS
        or len(_DELIMITERS.findall(text)) > MAX_DELIMITERS
    )


def plain(text: str) -> SafeString:
    """The text as escaped paragraphs (blank lines) and line breaks: no Markdown at all."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - every character of the text is escaped


def stored(html: str, version: int, text: str) -> SafeString:
    """HTML stored at write time, if the current renderer made it; else ``text`` rendered now."""
    if html and version == RENDERER_VERSION:
        return mark_safe(html)  # noqa: S308 - made by render() above when the text was saved
    return render(text)


def rendered(text: str) -> tuple[str, int]:
    """What a model stores beside ``text`` when it is written: (HTML, renderer version)."""
    return str(render(text)), RENDERER_VERSION
