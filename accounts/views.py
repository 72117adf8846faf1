from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import actions


@require_POST
def set_language(request):
    """Django's language switch, remembered on the profile too (for e-mails)."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        actions.set_language(actor=request.user, language=request.POST.get("language", ""))
    return response
