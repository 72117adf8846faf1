"""The pages several apps contribute to: home, the issue list, Following, an area, an issue.

Each view reads the issue or area through ``issues`` (and ``accounts``), then asks every
app that has a section on the page for that section's context, by name, through the app's
queries and the rules. The template includes each app's own section template with that
context as ``panel`` (``sections.<name>`` in the page's context). Each call runs a bounded
number of queries, so the page stays bounded. Nothing imports this app but the URLs.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from accounts import permissions
from accounts import queries as area_queries
from accounts.models import Area
from comments import queries as comment_queries
from core import pagecache, params
from issues import queries as issue_queries
from issues.forms import SORT_CHOICES, IssueFilterForm
from issues.models import Issue
from issues.queries import IssueFilters
from responses import accountability as response_figures
from responses import queries as response_queries
from responses.forms import ResponseForm
from votes import queries as vote_queries
from reses import queries as reses_queries
from residency import rules as residency_rules
from issues import rules as issue_rules
from moderation import rules as moderation_rules
from votes import rules as vote_rules


def _tree() -> list[Area]:
    return area_queries.area_tree()


def _family(tree: list[Area], slug: str) -> tuple[Area, list[Area], list[Area]]:
    """An area, its ancestors (root first) and its children, from the already loaded tree."""
    area = next((a for a in tree if a.slug == slug), None)
    if area is None:
        raise Area.DoesNotExist
    ancestors = sorted((a for a in tree if area.path.startswith(a.path) and a.pk != area.pk), key=lambda a: a.depth)
    children = sorted((a for a in tree if a.parent_id == area.pk), key=lambda a: a.name)
    return area, ancestors, children


def _wants_results(request) -> bool:
    """htmx swaps only the results of a list: the rest of the page is neither read nor rendered."""
    return bool(getattr(request, "htmx", False)) and request.htmx.target == "issue-results"


def _results_or_page(request, template: str, context: dict):
    if _wants_results(request):
        return render(request, f"{template}#results", context)
    return render(request, template, context)


def _page_number(request) -> int:
    return params.page_number(request.GET.get("page"))


def _body_class(user, area) -> str:
    """Role classes for CSS that shows a moderator's or an official's controls on the page."""
    classes = []
    if permissions.is_moderator_for(user, area):
        classes.append("moderates-here")
    if permissions.is_official_for(user, area):
        classes.append("official-here")
    return " ".join(classes)


# --- Lists of issues ---------------------------------------------------------------------


@require_GET
def home(request):
    lists = issue_queries.home_lists()
    clocks = response_queries.clocks_when_needed([*lists["priority"], *lists["recent"]])
    # The upper levels only: the whole tree (every RW and RT) is searched in the area picker.
    return render(request, "pages/home.html", {"areas": area_queries.area_overview(), "clocks": clocks, **lists})


@require_GET
def issue_list(request):
    form = IssueFilterForm(request.GET)
    filters = form.filters()
    page = issue_queries.issue_list(filters)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "clocks": response_queries.clocks_when_needed(page.issues),
        "current_area": filters.area,
    }
    return _results_or_page(request, "pages/issue_list.html", context)


@login_required
@require_GET
def issue_following(request):
    page = issue_queries.followed_by(request.user, _page_number(request))
    context = {"page": page, "clocks": response_queries.clocks_when_needed(page.issues)}
    return _results_or_page(request, "pages/following.html", context)


# --- An area -----------------------------------------------------------------------------


@require_GET
def area_go(request):
    """The area picker: ``?area=slug`` goes to that area; ``?q=words`` lists the areas that match
    (the whole page without JavaScript, only the matches for the header menu's htmx search);
    without either, the upper levels of the tree."""
    if "area" in request.GET:
        return redirect(get_object_or_404(Area, slug=params.text(request.GET.get("area"))))
    words = params.text(request.GET.get("q"), max_length=100)
    context = {
        "q": words,
        "matches": area_queries.find_areas(words) if words else None,
        "limit": area_queries.AREA_MATCHES,
    }
    if getattr(request, "htmx", False) and request.htmx.target == "area-menu-results":
        return render(request, "pages/area_picker.html#matches", context)
    if not words:
        context["overview"] = area_queries.area_overview()
    return render(request, "pages/area_picker.html", context)


@require_GET
def area_detail(request, slug):
    tree = _tree()
    try:
        area, ancestors, children = _family(tree, slug)
    except Area.DoesNotExist:
        raise Http404 from None
    sort = request.GET.get("sort", "")
    filters = IssueFilters(area=area, sort=sort if sort in issue_queries.ORDERINGS else "", page=_page_number(request))
    page = issue_queries.issue_list(filters, tree)
    context = {
        "area": area,
        "filters": filters,
        "page": page,
        "clocks": response_queries.clocks_when_needed(page.issues),
    }
    if _wants_results(request):
        return render(request, "pages/area_detail.html#results", context)
    context.update(
        current_area=area,
        ancestors=ancestors,
        children=children,
        sort_choices=SORT_CHOICES,
        body_class=_body_class(request.user, area),
        sections=_area_sections(request.user, area),
    )
    return render(request, "pages/area_detail.html", context)


def _area_sections(user, area: Area) -> dict:
    """Each app's section of the area page (votes, responses, moderation)."""
    ranked, total = vote_queries.area_priorities(area)
    current, past = vote_queries.area_rounds(area)
    return {
        "participation": {
            "area": area,
            "stats": vote_queries.area_participation(area),
            "recent_days": vote_queries.RECENT_DAYS,
            "may_verify": permissions.can(user, residency_rules.verify_residents, area),
        },
        "priorities": {"area": area, "ranked": ranked, "total": total},
        "rounds": {
            "area": area,
            "current": current,
            "past": past,
            "official": vote_queries.official_priority_list(area, limit=10),
            "may_open": permissions.can(user, vote_rules.open_round, area),
        },
        "responses": response_queries.area_section(area),
        "channels": _channels(area),
        "moderation": {"area": area, "moderates": permissions.moderates(user, area)},
    }


def _channels(area: Area | None) -> dict:
    """Participation by channel (online, reses; assisted once facilitation lands), one query."""
    rows = reses_queries.participation_by_channel(area)
    return {"id": f"area-{area.pk}-channels" if area else "channels", "area": area, "rows": rows}


# --- An issue ----------------------------------------------------------------------------


# The query parameters the issue page reads (its thread's order, page and expanded replies).
ISSUE_PAGE_PARAMS = ("comments", "comments_page", "replies")


@require_GET
def issue_detail(request, pk, slug=None):
    if pagecache.cacheable(request, ISSUE_PAGE_PARAMS):
        # A visitor's page changes only with an event on the issue: one small query, then memory.
        version = issue_queries.page_version(pk)
        if version is not None and version.slug == slug:
            return pagecache.visitor_page(
                request, "issue", version.seq, lambda extra: _issue_page(request, pk, slug, extra)
            )
    return _issue_page(request, pk, slug)


def _issue_page(request, pk, slug, extra: dict | None = None):
    issue = issue_queries.issue_for_page(request.user, pk)
    if slug != issue.slug:
        return redirect(issue, permanent=True)
    context = {**_issue_context(request.user, issue), "sections": _issue_sections(request, issue), **(extra or {})}
    return render(request, "pages/issue_detail.html", context)


def _issue_context(user, issue: Issue) -> dict:
    """The issue's own parts: following, editing, the role classes."""
    edit_refusal = permissions.why_not(user, issue_rules.edit_issue, issue)
    return {
        "issue": issue,
        "current_area": issue.area,
        "following": issue_queries.is_following(user, issue),
        "follow_refusal": permissions.why_not(user, issue_rules.follow_issue, issue),
        "can_edit": edit_refusal is None,
        # Only the author learns why they cannot edit; others simply see no button.
        "edit_refusal": edit_refusal if user.is_authenticated and user.pk == issue.author_id else None,
        "body_class": _body_class(user, issue.area),
    }


def _issue_sections(request, issue: Issue) -> dict:
    """Each app's section of the issue page, in page order: moderation's status, votes'
    support, responses, the comments thread; and moderation's tools in the aside."""
    user = request.user
    responses = response_queries.issue_section(user, issue)
    responses["form"] = ResponseForm() if responses["may_respond"] else None
    thread = comment_queries.thread_section(
        user,
        issue,
        order=request.GET.get("comments", comment_queries.DEFAULT_ORDER),
        page_number=params.page_number(request.GET.get("comments_page")),
        expanded=request.GET.get("replies"),
    )
    return {
        "moderation_status": {"issue": issue},
        "support": vote_queries.support_panel(request, issue),
        # Recess meetings that raised the issue: beside the tally, never added to it.
        "meetings": reses_queries.meetings_figure(user, issue),
        "responses": responses,
        "comments": {"thread": thread},
        "moderation_tools": {
            "issue": issue,
            "can_report": user.is_authenticated and permissions.can(user, moderation_rules.report_item, issue),
            "can_moderate": permissions.moderates(user, issue.area) or permissions.is_official_for(user, issue.area),
        },
    }


# --- A person ----------------------------------------------------------------------------


@require_GET
def person_profile(request, pk):
    """A person's public page: their name with its badge, the issues they opened and their
    comments everyone may read. Nothing private: no e-mail, no home area, no votes."""
    person = area_queries.person_for_page(pk)
    issues = issue_queries.opened_by(person)
    context = {
        "person": person,
        "issues": issues,
        "comments": comment_queries.written_by(person),
        "clocks": response_queries.clocks_when_needed(issues),
    }
    return render(request, "pages/person.html", context)


# --- The accountability dashboard ----------------------------------------------------------


@require_GET
def accountability(request):
    """The dashboard (responses' figures) with participation by channel (votes, reses)."""
    return render(
        request, "pages/accountability.html", {"report": response_figures.report(), "channels": _channels(None)}
    )
