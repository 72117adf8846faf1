"""Atom feeds (Django's syndication framework): new issues of an area, what happened to one
issue, an agency's responses, the moderation log. Each is the latest FEED_ITEMS entries, in
a fixed number of queries; hidden text is withheld as everywhere else."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accounts.models import Agency, Area
from api import present, reads
from issues.models import CATEGORY_LABELS, STATUS_LABELS
from responses import queries as response_queries

FEED_ITEMS = 50


class AtomFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)


class AreaIssuesFeed(AtomFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Area, slug=slug)

    def title(self, area):
        return _("New issues in %(area)s — Balai Warga") % {"area": area.name}

    def link(self, area):
        return area.get_absolute_url()

    def subtitle(self, area):
        return _("Issues residents opened in %(area)s and the areas within it.") % {"area": area.name}

    def items(self, area):
        queryset = reads.issues(area=area, category="", status="", q="", sort="newest", bbox=None, updated_since=None)
        return list(queryset.only(*reads.ROW_FIELDS, "description")[:FEED_ITEMS])

    def item_title(self, issue):
        return issue.public_title

    def item_description(self, issue):
        return f"{CATEGORY_LABELS.get(issue.category, issue.category)} · {issue.area.name}\n\n{issue.description}"

    def item_link(self, issue):
        return issue.get_absolute_url()

    def item_pubdate(self, issue):
        return issue.created_at

    def item_updateddate(self, issue):
        return issue.updated_at


class IssueUpdatesFeed(AtomFeed):
    """Everything on one issue's public timeline: responses, status changes, commitments, verdicts…"""

    def get_object(self, request, pk):
        issue = reads.issue(pk)
        if issue.hidden:  # its history is withheld with it
            raise Http404
        return issue

    def title(self, issue):
        return _("Updates of #%(n)s %(title)s") % {"n": issue.pk, "title": issue.title}

    def link(self, issue):
        return issue.get_absolute_url()

    def items(self, issue):
        entries = list(issue.timeline.all())[-FEED_ITEMS:]
        for entry in entries:
            entry.issue = issue
        return entries[::-1]

    def item_title(self, entry):
        return present.timeline_entry(entry)["label"].capitalize()

    def item_description(self, entry):
        facts = present.timeline_entry(entry)
        parts = []
        if facts["actor"]:
            parts.append(f"{facts['actor']['name']} · {facts['actor']['badge']}")
        if "status" in facts["data"]:
            parts.append(str(STATUS_LABELS.get(facts["data"]["status"], facts["data"]["status"])))
        parts += [str(facts["data"][k]) for k in ("note", "reason") if facts["data"].get(k)]
        return "\n".join(parts)

    def item_link(self, entry):
        return f"{entry.issue.get_absolute_url()}#timeline-{entry.pk}"

    def item_guid(self, entry):
        return self.request.build_absolute_uri(f"/issues/{entry.issue_id}/timeline/{entry.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.created_at


class AgencyResponsesFeed(AtomFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Agency, pk=pk)

    def title(self, agency):
        return _("Responses of %(agency)s — Balai Warga") % {"agency": agency.name}

    def link(self, agency):
        return reverse("accountability")

    def items(self, agency):
        ids = list(
            reads.responses_of_agency(agency).order_by("-created_at", "-id").values_list("pk", flat=True)[:FEED_ITEMS]
        )
        return response_queries.responses_of_ids(ids)[::-1]

    def item_title(self, response):
        return _("%(status)s: #%(n)s %(title)s") % {
            "status": STATUS_LABELS.get(response.status, response.status),
            "n": response.issue_id,
            "title": response.issue.public_title,
        }

    def item_description(self, response):
        text = response.current.body
        if response.current.reason:
            text += "\n\n" + response.current.reason
        return text

    def item_link(self, response):
        return f"{response.issue.get_absolute_url()}#response-{response.pk}"

    def item_pubdate(self, response):
        return response.created_at

    def item_updateddate(self, response):
        return response.current.created_at


class ModerationLogFeed(AtomFeed):
    def title(self):
        return _("Moderation log — Balai Warga")

    def link(self):
        return reverse("moderation_log")

    def items(self):
        rows = reads.moderation_log(area=None, kind="").select_related("issue").order_by("-created_at", "-id")
        return list(rows[:FEED_ITEMS])

    def item_title(self, act):
        facts = present.moderation_act(act)
        what = f"#{act.issue_id} {act.issue.public_title}" if act.issue_id else facts["area"]["name"]
        return f"{facts['kind']['label'].capitalize()}: {what}"

    def item_description(self, act):
        facts = present.moderation_act(act)
        reason = facts["reason"]["label"] if facts["reason"] else ""
        who = facts["actor"]["name"] if facts["actor"] else _("automatic")
        return " — ".join(filter(None, [str(reason), facts["note"], str(who)]))

    def item_link(self, act):
        return f"{reverse('moderation_log')}#action-{act.pk}"

    def item_pubdate(self, act):
        return act.created_at
