"""Deployment checks that Django's own do not cover (run by ``check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def balai_deploy_checks(app_configs, **kwargs):
    problems = []
    from django.utils.module_loading import import_string

    # The application the settings name, as the ASGI servers load it (core imports no app above it).
    websocket_app = import_string(settings.ASGI_APPLICATION).application_mapping.get("websocket")
    from channels.security.websocket import OriginValidator

    if not isinstance(websocket_app, OriginValidator):
        problems.append(
            Error(
                "Websocket origin validation is off.",
                hint="Wrap the websocket router in AllowedHostsOriginValidator.",
                id="balai.E001",
            )
        )
    if settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("InMemoryChannelLayer"):
        problems.append(
            Warning(
                "The in-memory channel layer does not share live updates between server processes.",
                hint="Set REDIS_URL in production.",
                id="balai.W002",
            )
        )
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        problems.append(
            Warning(
                "The local-memory cache is per process: rate limits would not hold across processes.",
                hint="Set REDIS_URL in production.",
                id="balai.W003",
            )
        )
    if getattr(settings, "ACCOUNT_EMAIL_VERIFICATION", None) != "mandatory":
        problems.append(
            Error(
                "E-mail verification must be mandatory.",
                hint="ACCOUNT_EMAIL_VERIFICATION = 'mandatory'",
                id="balai.E004",
            )
        )
    if not getattr(settings, "STAFF_REQUIRE_MFA", False):
        problems.append(
            Error(
                "Staff can open the administration with a password alone.",
                hint="Remove STAFF_REQUIRE_MFA=0: staff must set up an authenticator app (allauth.mfa).",
                id="balai.E006",
            )
        )
    if not settings.DEBUG:
        problems += production_errors()
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append(Warning("Production should run on PostgreSQL.", hint="Set DATABASE_URL.", id="balai.W005"))
    return problems


# Mail backends that deliver nothing: nobody could confirm an e-mail address or read a notification.
UNDELIVERED_MAIL = ("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend", "filebased.EmailBackend")


def production_errors() -> list[Error]:
    """What breaks a deployment the first time a resident uses it, refused before it runs (DEBUG off)."""
    from urllib.parse import urlsplit

    problems = []
    if urlsplit(settings.SITE_URL).scheme != "https":
        problems.append(
            Error(
                f"SITE_URL={settings.SITE_URL!r}: links in e-mails need the site's public https address.",
                hint="Set SITE_URL=https://warga.example.go.id (the address residents type).",
                id="balai.E010",
            )
        )
    if settings.EMAIL_BACKEND.endswith(UNDELIVERED_MAIL):
        problems.append(
            Error(
                f"E-mail goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}: nobody could confirm an address.",
                hint="Set EMAIL_URL=smtp://user:password@smtp.example.go.id:587?tls=1",
                id="balai.E011",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS accepts any host name (*): links built from the Host header can be forged.",
                hint="List the site's host names.",
                id="balai.E012",
            )
        )
    problems += _static_manifest_errors()
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUSTED_PROXY_COUNT:
        problems.append(
            Error(
                "SECURE_PROXY_SSL_HEADER is trusted but TRUSTED_PROXY_COUNT is 0: any client could claim https.",
                hint="Set TRUSTED_PROXY_COUNT=1 behind nginx, and let only nginx reach gunicorn and daphne.",
                id="balai.E014",
            )
        )
    return problems


def _static_manifest_errors() -> list[Error]:
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin) or staticfiles_storage.read_manifest() is not None:
        return []
    return [
        Error(
            f"No static files manifest in {settings.STATIC_ROOT}: every page would fail.",
            hint="Run `manage.py collectstatic --noinput` with DEBUG=0 (make static runs it with DEBUG=1).",
            id="balai.E013",
        )
    ]
