"""Fragments every app's live events share. Each domain app that pushes live HTML keeps its own
in ``<app>/fragments.py``, functions named for what they render, from the partials its pages use."""

from __future__ import annotations

from django.template.loader import render_to_string

ANNOUNCE = "includes/announce.html"


def announce(text: str) -> str:
    """The sentence a live update reads out to screen readers (live.js puts it in the page's live region)."""
    return render_to_string(ANNOUNCE, {"text": text})
