"""Health for nginx, systemd and monitoring: /healthz (the process answers) and /readyz (what it needs)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import live
from notifications import outbox
from operations.models import JobRun

log = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """The process is up and serving: no database, no Redis (a restart would not help those)."""
    return JsonResponse({"status": "ok"})


def _check(name: str, probe) -> dict:
    try:
        probe()
    except Exception as error:
        log.warning("readyz: %s is not reachable", name, exc_info=True)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    cache.set("readyz", "1", 10)
    if cache.get("readyz") != "1":
        raise RuntimeError("the cache did not keep a value")


def _channel_layer():
    if not live.publish(live.group_for("readyz", 0), {"probe": True}):
        raise RuntimeError("the channel layer did not take a message")


def _age(moment) -> int | None:
    return round((timezone.now() - moment).total_seconds()) if moment else None


@never_cache
@require_GET
def readyz(request):
    """503 when the database, the cache or the channel layer fails; the mail backlog and the
    worker's last runs are figures, with a warning past OUTBOX_ALERT_SECONDS or WORKER_ALERT_SECONDS."""
    checks = {"database": _check("database", _database)}
    checks["cache"] = _check("cache", _cache)
    checks["channel_layer"] = _check("channel layer", _channel_layer)
    body = {"checks": checks, "warnings": []}
    if checks["database"]["ok"]:
        body["outbox"] = outbox.backlog()
        runs = {run.name: run for run in JobRun.objects.all()}
        body["worker"] = {
            name: {
                "last_success_seconds_ago": _age(runs[name].last_succeeded_at) if name in runs else None,
                "last_error": runs[name].last_error if name in runs else "",
            }
            for name in ("send_mail", "run_deadlines", "close_due_rounds")
        }
        if body["outbox"]["oldest_pending_seconds"] > settings.OUTBOX_ALERT_SECONDS:
            body["warnings"].append("mail is waiting longer than OUTBOX_ALERT_SECONDS")
        if body["outbox"]["failed"]:
            body["warnings"].append("some mail failed for good (see the administration's outbox)")
        deadline_age = body["worker"]["run_deadlines"]["last_success_seconds_ago"]
        if deadline_age is None or deadline_age > settings.WORKER_ALERT_SECONDS:
            body["warnings"].append("the response clock has not run lately: is run_worker running?")
    ready = all(check["ok"] for check in checks.values())
    body["status"] = "ok" if ready else "unavailable"
    return JsonResponse(body, status=200 if ready else 503)
