"""Parts of the issue and area pages contributed by apps above ``issues``.

The issue page shows the thread (comments), support (votes), responses and so on,
but ``issues`` must not import those apps. Each registers a panel in its
``AppConfig.ready()``; the page view asks every panel for its context with the
page's request and object, and the template includes each panel's template with
that context as ``panel``. A panel's context function runs a bounded number of
queries, so the page stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    page: str  # "issue" or "area"
    slot: str  # where on the page: "main", "aside", "after_description", "stats" …
    name: str
    template: str
    context: Callable[[Any, Any], dict]
    order: int = 100


_PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if any(p.page == panel.page and p.name == panel.name for p in _PANELS):
        return  # ready() may run twice in tests
    _PANELS.append(panel)
    _PANELS.sort(key=lambda p: (p.page, p.order, p.name))


@dataclass
class RenderedPanel:
    name: str
    template: str
    context: dict


def for_page(page: str, request, obj) -> dict[str, list[RenderedPanel]]:
    """Panels of ``page`` grouped by slot, each with its context computed for this request."""
    slots: dict[str, list[RenderedPanel]] = {}
    for p in _PANELS:
        if p.page == page:
            slots.setdefault(p.slot, []).append(RenderedPanel(p.name, p.template, p.context(request, obj)))
    return slots
