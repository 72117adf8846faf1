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
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append(Warning("Production should run on PostgreSQL.", hint="Set DATABASE_URL.", id="balai.W005"))
    return problems
