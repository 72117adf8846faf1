"""The fragments responses pushes to an issue's viewers: the same partials the page renders.

Data is read once, before ``record_event`` renders once per language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

from accounts.queries import person_related
from core.fragments import announce as announcement
from issues import fragments as issue_fragments
from issues.models import Issue, TimelineEntry
from responses import queries

PANEL = "responses/issue_panel.html"


def _clock_context(issue: Issue) -> dict:
    clock = queries.clock_of(issue.pk)
    return {
        "issue": issue,
        "clock": clock,
        "policy": queries.policy_for(issue.area),
        "duty": queries.duty_for(issue, clock) if clock is None else queries.Duty(issue, clock.agency),
    }


def for_issue(
    issue: Issue,
    *,
    clock: bool = False,
    header: bool = False,
    responses=(),
    entries=(),
    announce: Callable[[], str] | None = None,
) -> Callable[[], str]:
    """What a responses event changes on the issue page, as a render function for ``record_event``:
    each part in order, read now, phrased per language.

    ``header`` re-renders the issues page's header (its status); ``responses`` is
    [(response id, swap, is_latest)]: "append …" for a new one, "replace" for a changed one.
    """
    ctx_clock = _clock_context(issue) if clock else None
    fresh = Issue.objects.select_related("area", *person_related("author")).get(pk=issue.pk) if header else None
    loaded = {r.pk: r for r in queries.responses_of_ids([pk for pk, _swap, _latest in responses])}
    timeline = list(
        TimelineEntry.objects.filter(pk__in=[e.pk for e in entries]).select_related(*person_related("actor"))
    )

    def render() -> str:
        parts = []
        if fresh is not None:
            parts.append(issue_fragments.header(fresh))
        if ctx_clock is not None:
            parts.append(render_to_string(f"{PANEL}#clock", ctx_clock))
        for pk, swap, latest in responses:
            parts.append(
                render_to_string(
                    f"{PANEL}#response", {"response": loaded[pk], "issue": issue, "swap": swap, "is_latest": latest}
                )
            )
        for entry in timeline:
            parts.append(issue_fragments.timeline_entry(issue, entry))
        if announce is not None:
            parts.append(announcement(announce()))
        return "".join(parts)

    return render
