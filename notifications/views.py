from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications import actions, queries
from notifications.messages import describe
from notifications.models import Notification


@login_required
def notification_list(request):
    items = queries.recent(request.user)
    for item in items:
        context = item.context
        if item.issue is not None and item.issue.hidden:
            context = {**context, "issue": item.issue.public_title}  # hidden since: its title is withheld too
        item.text = describe(item.kind, context)
    return render(
        request,
        "notifications/list.html",
        {"notifications": items, "unread": sum(1 for n in items if n.read_at is None)},
    )


def _target(request, notification: Notification) -> str:
    """Where a notification points, on this site only."""
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return target


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request, pk):
    """Follow a notification: a POST (the list's button) marks it read, then goes where it points.

    A GET only goes there: opening a link never changes anything, so another site cannot mark
    someone's notifications read by making their browser fetch this address."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    target = _target(request, notification)
    if request.method == "POST":
        actions.mark_read(actor=request.user, notification=notification)
        if request.htmx:  # a form htmx sent: the whole page goes to the target
            response = HttpResponse()
            response["HX-Redirect"] = target
            return response
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    actions.mark_read(actor=request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications")


@login_required
@require_POST
def save_settings(request):
    choices = {
        kind: (f"site-{kind}" in request.POST, f"email-{kind}" in request.POST)
        for kind, _label in queries.kinds_for(request.user)  # a kind not offered keeps its setting
    }
    actions.save_settings(actor=request.user, choices=choices)
    messages.success(request, _("Your notification settings are saved."))
    return redirect("/profile/#notification-settings")
