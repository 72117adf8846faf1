"""Pages a visitor sees, rendered once per version and served from memory.

A visitor (not signed in) sees what every visitor sees: the page depends on the data, the
language, the address and nothing else. When an issue is on the evening news, thousands of
visitors open the same page between two changes to it; rendering it for each of them is the
whole cost of the hot path (issue 16). So such a page is rendered once per **version** and
kept in the ``pages`` cache, a per-process memory cache (no network round trip, nothing to
run): the caller names the version, a value read in one cheap query that changes whenever
what the page shows changes. For an issue that is its live-event sequence: every change a
live viewer sees (a comment, a hide, a tally, a response, an edit) bumps it in the same
transaction, so visitors get the change the moment live viewers do, in every process.

What changes without an event (times shown relative to now, a response clock crossing a
day, a renamed author or a new role badge) shows after at most ``PAGE_CACHE_SECONDS``.

Two values in a page belong to one request: the CSRF token and the CSP nonce. A cached page is
rendered with placeholders in their place and each response fills in its own, so no visitor
ever receives another's token, and the page's scripts carry the nonce of the policy sent with it.

Parts of pages that are the same for every viewer (a row of a list of issues) are kept the
same way, each under its own version read with the row itself (``fragments``), so a list of
twenty issues renders only the rows that changed since it was last shown.

Never cached: a signed-in viewer's page (it shows their votes, their controls, and to a
moderator what is hidden), htmx partial requests, a request with a message to show, any
query parameter the page does not know, anything but a 200.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe


class _Placeholders:
    """Stand-ins for the per-request values, unguessable by anyone writing text into a page
    (derived from SECRET_KEY) and the same in every process."""

    @cached_property
    def csrf(self) -> str:
        return "csrf" + self._digest("csrf")

    @cached_property
    def nonce(self) -> str:
        return "nonce" + self._digest("nonce")

    @staticmethod
    def _digest(name: str) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), f"pagecache:{name}".encode(), hashlib.sha256).hexdigest()[:24]


PLACEHOLDERS = _Placeholders()


def cacheable(request, known_params: Iterable[str] = ()) -> bool:
    """Whether ``request`` gets the page every visitor gets."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return False
    if getattr(request, "user", None) is None or request.user.is_authenticated:
        return False
    if getattr(request, "htmx", False):
        return False
    if not set(request.GET).issubset(known_params):
        return False
    return len(messages.get_messages(request)) == 0  # counts without marking them read


def _key(request, name: str, version) -> str:
    query = sorted(request.GET.lists())
    parts = (name, str(version), translation.get_language(), request.scheme, request.get_host(), request.path, query)
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def placeholder_context() -> dict:
    """Context values that make a render shareable: the per-request values as placeholders."""
    return {"csrf_token": PLACEHOLDERS.csrf, "csp_nonce": PLACEHOLDERS.nonce}


def _personalise(request, html: str) -> str:
    return html.replace(PLACEHOLDERS.csrf, get_token(request)).replace(
        PLACEHOLDERS.nonce, str(getattr(request, "csp_nonce", ""))
    )


def visitor_page(request, name: str, version, render: Callable[[dict], HttpResponse]) -> HttpResponse:
    """The page ``name`` at ``version`` for a visitor: from the cache, or ``render(extra_context)``
    (which must pass ``extra_context`` into its template's context) and kept if it answered 200.
    Call only when ``cacheable(request)``."""
    pages = caches["pages"]
    key = _key(request, name, version)
    html = pages.get(key)
    if html is None:
        response = render(placeholder_context())
        if response.status_code != 200 or response.streaming:
            return response
        html = response.content.decode(response.charset)
        pages.set(key, html, settings.PAGE_CACHE_SECONDS)
        response.content = _personalise(request, html)
        return response
    return HttpResponse(_personalise(request, html))


def fragments(name: str, items, *, version: Callable, render: Callable) -> SafeString:
    """``render(item)`` for each of ``items``, joined, each kept under ``version(item)`` (a value
    read in the same query as the item, so it names exactly the data rendered) and the language.
    The HTML must be the same for every viewer and carry no CSRF token or nonce."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return mark_safe("".join(render(item) for item in items))  # noqa: S308 - rendered templates
    pages = caches["pages"]
    language = translation.get_language()
    keyed = [(f"fragment:{name}:{language}:{item.pk}:{version(item)}", item) for item in items]
    found = pages.get_many([key for key, _item in keyed])
    made = {key: render(item) for key, item in keyed if key not in found}
    if made:
        pages.set_many(made, settings.PAGE_CACHE_SECONDS)
    return mark_safe("".join(found.get(key) or made[key] for key, _item in keyed))  # noqa: S308 - the same


def shared(name: str, version: tuple, render: Callable):
    """``render()`` (a value the same for every viewer: HTML rendered with no viewer, names)
    kept under ``version`` and the language; ``version`` must change whenever the value would."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return render()
    pages = caches["pages"]
    key = "shared:" + hashlib.sha256(repr((name, version, translation.get_language())).encode()).hexdigest()
    value = pages.get(key)
    if value is None:
        value = render()
        pages.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value
