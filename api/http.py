"""What every open-data response shares: CORS for reading, conditional GETs, a per-address limit.

One middleware for the read API, Open311 and the feeds (their URL prefixes), so no view can
forget one of them:
- CORS: any origin may GET (the record is public; no cookies are read, none are allowed);
- ETag (a hash of the body) and Last-Modified (when a view says), with 304 for a client that
  has it already;
- a per-address limit (core.ratelimit, scope "api") answered with 429 and Retry-After.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from core import ratelimit

PREFIXES = ("/api/", "/open311/", "/feeds/")
READ_METHODS = ("GET", "HEAD")


def is_open_data(path: str) -> bool:
    return path.startswith(PREFIXES)


def set_last_modified(request, moment) -> None:
    """A view tells the middleware when what it answers last changed (an aware datetime)."""
    if moment is not None:
        current = getattr(request, "open_data_last_modified", None)
        request.open_data_last_modified = max(current, moment) if current else moment


def _too_many(request, wait: int) -> HttpResponse:
    from django.utils.translation import gettext as _

    body = {"detail": _("Too many requests from your address. Please wait %(n)d seconds.") % {"n": wait}}
    if request.path.startswith("/open311/"):
        body = [{"code": 429, "description": body["detail"]}]
    response = HttpResponse(json.dumps(body), status=429, content_type="application/json")
    response["Retry-After"] = str(wait)
    return response


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_open_data(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
            return self._cors(response)
        wait = ratelimit.take("api", None, address=ratelimit.client_address(request))
        if wait:
            return self._cors(_too_many(request, wait))
        response = self.get_response(request)
        if request.method in READ_METHODS and response.status_code == 200 and not response.streaming:
            response = self._conditional(request, response)
        patch_vary_headers(response, ["Accept-Language"])
        return self._cors(response)

    @staticmethod
    def _conditional(request, response):
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        moment = getattr(request, "open_data_last_modified", None)
        if moment is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(moment.timestamp())
        timestamp = moment.timestamp() if moment is not None else None
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=timestamp, response=response
        )
        return conditional

    @staticmethod
    def _cors(response):
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Link"
        return response
