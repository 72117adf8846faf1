"""Logs a person can follow: every line has its time, level, logger and the request it belongs to.

A request gets an id (``X-Request-ID``, sent back as a response header); the id rides in a
context variable, so every log line written while serving it carries it, and the outbox stores
it with the mail the request caused, so the worker's lines about that mail carry it too.
``LOG_FORMAT=json`` writes one JSON object per line (python-json-logger) for a log collector;
otherwise the lines are plain text for a person reading a terminal.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
import time
from contextlib import contextmanager

from pythonjsonlogger.json import JsonFormatter

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
_request: contextvars.ContextVar = contextvars.ContextVar("request", default=None)
_path: contextvars.ContextVar[str] = contextvars.ContextVar("path", default="")

# An id handed in by nginx ($request_id) is kept if it looks like one; anything else is replaced,
# so a client cannot put a newline or a megabyte into every log line.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("balai.request")


def new_request_id() -> str:
    return secrets.token_hex(16)


def current_request_id() -> str:
    return _request_id.get()


@contextmanager
def bound(*, request_id: str = "", user_id: int | None = None, path: str = ""):
    """Log lines written inside carry these (the worker binds the id stored with a mail)."""
    tokens = (_request_id.set(request_id), _user_id.set(user_id), _path.set(path))
    try:
        yield
    finally:
        for var, token in zip((_request_id, _user_id, _path), tokens):
            var.reset(token)


def _signed_in_user_id() -> int | None:
    """The request's user once authentication has looked them up (never a query of its own)."""
    request = _request.get()
    user = request.__dict__.get("user") if request is not None else None
    wrapped = getattr(user, "_wrapped", user)  # AuthenticationMiddleware's lazy object
    if wrapped is None or not hasattr(wrapped, "is_authenticated"):
        return None
    return wrapped.pk if wrapped.is_authenticated else None


class ContextFilter(logging.Filter):
    """Puts the request's id, user and path on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or _request_id.get()
        record.user_id = getattr(record, "user_id", None) or _user_id.get() or _signed_in_user_id()
        record.path = getattr(record, "path", None) or _path.get()
        return True


DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # with its offset: a log collector in another zone reads it right
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(path)s"


def text_formatter() -> logging.Formatter:
    return logging.Formatter(TEXT_FORMAT, datefmt=DATE_FORMAT)


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        JSON_FIELDS, datefmt=DATE_FORMAT, rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}
    )


class RequestLogMiddleware:
    """Gives each request its id (header in and out), binds it for the logs, and logs one line
    when it is answered: method, path, status, duration in milliseconds, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _ACCEPTED_ID.match(offered) else new_request_id()
        request.request_id = request_id
        started = time.perf_counter()
        token = _request.set(request)
        try:
            with bound(request_id=request_id, path=request.path):
                response = self.get_response(request)
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                log.info(
                    "%s %s %s %sms",
                    request.method,
                    request.path,
                    response.status_code,
                    duration_ms,
                    extra={"status": response.status_code, "method": request.method, "duration_ms": duration_ms},
                )
        finally:
            _request.reset(token)
        response["X-Request-ID"] = request_id
        return response
