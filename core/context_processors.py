from django.conf import settings


def site(request):
    """Site name, and django-csp's nonce under the name django-htmx's script tag reads."""
    return {"SITE_NAME": settings.SITE_NAME, "csp_nonce": getattr(request, "csp_nonce", "")}
