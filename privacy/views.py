"""Taking one's data away, and leaving.

Both are POSTs behind a fresh re-authentication (allauth's): a stolen session or a link
followed by mistake gets neither. allauth's middleware answers ReauthenticationRequired
with its re-authentication page and replays the stashed POST afterwards.
"""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from accounts import rules as account_rules
from privacy import actions, personal_data
from privacy.forms import EraseAccountForm


@login_required
@require_POST
@reauthentication_required
def export_data(request):
    """The person's data as a JSON file, streamed as an attachment and never cached."""
    permissions.check(request.user, account_rules.export_personal_data)
    data = personal_data.export_for(request.user)
    chunks = DjangoJSONEncoder(indent=2, ensure_ascii=False).iterencode(data)
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in chunks), content_type="application/json; charset=utf-8"
    )
    name = f"balai-warga-{request.user.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def erase_account_view(request):
    """GET: what deleting the account does, and the confirmation. POST: delete it, sign out."""
    form = EraseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        return render(request, "privacy/erase.html", {"form": form}, status=400 if form.is_bound else 200)
    actions.erase_account(actor=request.user, user=request.user)
    logout(request)
    messages.success(request, _("Your account is deleted. What you wrote stays, attributed to a former resident."))
    return redirect("/")
