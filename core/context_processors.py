from django.conf import settings

from core.live import live_paused


def site(request):
    """Site name, django-csp's nonce under the name django-htmx's script tag reads, and whether
    this process knows live updates are paused (Redis down): pages then say so from the start."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "live_paused": live_paused(),
    }
