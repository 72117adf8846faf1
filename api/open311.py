"""Open311 GeoReport v2 at /open311/v2/, in XML and JSON, as the specification writes them.

Services are the issue categories; service requests are issues. Element names, error bodies
(``<errors><error><code/><description/></error></errors>``), status codes and W3C dates follow
the specification so that existing Open311 clients work unchanged.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from api import actions
from api import open311_reads as reads
from issues.models import CATEGORY_LABELS, Category, Issue

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_SPAN = timedelta(days=90)
MAX_REQUESTS = 1000
CLOSED = {"resolved", "declined"}
DESCRIPTION_MAX = 4000


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# --- Rendering ---------------------------------------------------------------------------


def w3c(moment: datetime | None) -> str | None:
    """2010-01-01T00:00:00+07:00: seconds, with the offset of TIME_ZONE (W3C's subset of ISO 8601)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _xml_value(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, list):
        singular = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute", "values": "value"}[name]
        for item in value:
            if isinstance(item, dict):
                _xml_fields(ET.SubElement(element, singular), item)
            else:
                ET.SubElement(element, singular).text = str(item)
    elif isinstance(value, dict):
        _xml_fields(element, value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _xml_fields(element: ET.Element, fields: dict) -> None:
    for name, value in fields.items():
        _xml_value(element, name, value)


def render(fmt: str, body, *, root: str | None = None, item: str | None = None, status: int = 200) -> HttpResponse:
    """``body`` as JSON, or as XML: a list becomes <root><item>…</item>…</root>, a dict <root>…</root>."""
    if fmt == "json":
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=FORMATS["json"])
    top = ET.Element(root)
    if isinstance(body, list):
        for fields in body:
            _xml_fields(ET.SubElement(top, item), fields)
    else:
        _xml_fields(top, body)
    text = ET.tostring(top, encoding="unicode")
    return HttpResponse(f'<?xml version="1.0" encoding="utf-8"?>\n{text}', status=status, content_type=FORMATS["xml"])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, [{"code": status, "description": description}], root="errors", item="error", status=status)


def _guarded(view):
    """Unknown formats are 404s; Open311Error becomes the specification's error body."""

    def wrapped(request, fmt: str, *args, **kwargs):
        if fmt not in FORMATS:
            return error("xml", 404, _("Unknown format: use .xml or .json."))
        try:
            return view(request, fmt, *args, **kwargs)
        except Open311Error as failure:
            return error(fmt, failure.status, failure.description)

    wrapped.__name__ = view.__name__
    return wrapped


# --- Discovery and services --------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@_guarded
def discovery(request, fmt: str):
    endpoint = request.build_absolute_uri(reverse("open311_root"))
    body = {
        "changeset": w3c(reads.changeset()),
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPEC,
                "url": endpoint.rstrip("/"),
                "changeset": w3c(reads.changeset()),
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, body, root="discovery")


def _service(code: str, agencies: dict[str, list[str]]) -> dict:
    return {
        "service_code": code,
        "service_name": str(CATEGORY_LABELS[code]),
        "description": str(CATEGORY_LABELS[code]),
        "metadata": False,  # no category asks for extra attributes
        "type": "realtime",  # a request is an issue at once: its id comes back in the answer
        "keywords": code,
        "group": ", ".join(agencies.get(code, [])),
    }


@require_http_methods(["GET", "HEAD"])
@_guarded
def services(request, fmt: str):
    agencies = reads.agencies_by_category()
    return render(fmt, [_service(c, agencies) for c in Category.values], root="services", item="service")


@require_http_methods(["GET", "HEAD"])
@_guarded
def service_definition(request, fmt: str, code: str):
    if code not in Category.values:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return render(fmt, {"service_code": code, "attributes": []}, root="service_definition")


# --- Service requests --------------------------------------------------------------------


def _status(issue: Issue) -> str:
    return "closed" if issue.status in CLOSED else "open"


def _request(request, issue: Issue, extra: reads.RequestExtras) -> dict:
    hidden = issue.hidden
    response = extra.latest_responses.get(issue.pk)
    clock = extra.clocks.get(issue.pk)
    awaiting = clock is not None and clock.state == clock.State.AWAITING
    photo = None if hidden else extra.first_photos.get(issue.pk)
    agency = response.agency.name if response else (clock.agency.name if clock and clock.agency_id else None)
    if hidden:
        from moderation.templatetags.moderation import hidden_notice

        notice = hidden_notice(issue)
    elif awaiting:
        notice = _("Awaiting a response from %(agency)s.") % {"agency": agency or _("the responsible agency")}
    else:
        notice = None
    return {
        "service_request_id": issue.pk,
        "status": _status(issue),
        "status_notes": None if response is None else response.current_body[:DESCRIPTION_MAX],
        "service_name": str(CATEGORY_LABELS.get(issue.category, issue.category)),
        "service_code": issue.category,
        "description": None if hidden else f"{issue.title}\n\n{issue.description}"[:DESCRIPTION_MAX],
        "agency_responsible": str(agency) if agency else None,
        "service_notice": notice,
        "requested_datetime": w3c(issue.created_at),
        "updated_datetime": w3c(issue.updated_at),
        "expected_datetime": w3c(clock.due_at) if awaiting else None,
        "address": None if hidden else (issue.address or issue.area.name),
        "address_id": None,
        "zipcode": None,
        "lat": None if hidden or issue.latitude is None else float(issue.latitude),
        "long": None if hidden or issue.longitude is None else float(issue.longitude),
        "media_url": request.build_absolute_uri(photo.image.url) if photo else None,
    }


def _date(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.strip().replace(" ", "+"))  # an unencoded "+07:00" arrives as a space
    if parsed is None or timezone.is_naive(parsed):
        raise Open311Error(
            400, _("%(name)s must be a W3C date with a time zone, e.g. 2010-01-01T00:00:00Z.") % {"name": name}
        )
    return parsed


def _list_of(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's default: the most recent 90 days; never a span longer than 90 days."""
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > MAX_SPAN:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
        return start, end
    if start:
        return start, start + MAX_SPAN
    end = end or timezone.now()
    return end - MAX_SPAN, end


def _get_requests(request, fmt: str) -> HttpResponse:
    params = request.GET
    ids = _list_of(params.get("service_request_id"))
    if ids:  # "This overrides all other arguments."
        if not all(i.isdigit() and len(i) < 12 for i in ids):
            raise Open311Error(400, _("service_request_id is a comma-separated list of numbers."))
        issues = reads.requests_by_ids([int(i) for i in ids][:MAX_REQUESTS])
    else:
        codes = _list_of(params.get("service_code"))
        unknown = [c for c in codes if c not in Category.values]
        if unknown:
            raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": unknown[0]})
        statuses = _list_of(params.get("status"))
        if any(s not in ("open", "closed") for s in statuses):
            raise Open311Error(400, _("status is open, closed, or both separated by a comma."))
        start, end = _window(_date("start_date", params.get("start_date")), _date("end_date", params.get("end_date")))
        issues = reads.requests_between(start, end, codes=codes, statuses=statuses, closed=CLOSED, limit=MAX_REQUESTS)
    extra = reads.extras(issues)
    return render(fmt, [_request(request, i, extra) for i in issues], root="service_requests", item="request")


@csrf_exempt  # clients authenticate with api_key, never with a session cookie
@require_http_methods(["GET", "HEAD", "POST"])
@_guarded
def requests(request, fmt: str):
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@require_http_methods(["GET", "HEAD"])
@_guarded
def one_request(request, fmt: str, request_id: int):
    issues = reads.requests_by_ids([int(request_id)])
    if not issues:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": request_id})
    extra = reads.extras(issues)
    return render(fmt, [_request(request, issues[0], extra)], root="service_requests", item="request")


# --- POST a service request --------------------------------------------------------------


def _client(key: str):
    if not key:
        raise Open311Error(403, _("api_key is missing -- can't proceed with create_request."))
    client = reads.client_for_key(actions.digest(key))
    if client is None:
        raise Open311Error(403, _("Invalid api_key received -- can't proceed with create_request."))
    return client


def _coordinate(name: str, value: str | None, bound: float):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except ValueError:
        raise Open311Error(400, _("%(name)s must be a number in WGS84 degrees.") % {"name": name}) from None
    if not -bound <= number <= bound:
        raise Open311Error(400, _("%(name)s must be a number in WGS84 degrees.") % {"name": name})
    return round(number, 6)


def _title(description: str, service_name: str, address: str) -> str:
    first_line = description.strip().splitlines()[0].strip() if description.strip() else ""
    title = first_line or (f"{service_name}: {address}" if address else service_name)
    if len(title) > 140:
        title = title[:139].rsplit(" ", 1)[0].rstrip() + "…"
    return title


def _post_request(request, fmt: str) -> HttpResponse:
    data = request.POST
    client = _client(data.get("api_key", ""))
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    if code not in Category.values:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    lat, long = _coordinate("lat", data.get("lat"), 90), _coordinate("long", data.get("long"), 180)
    if (lat is None) != (long is None):
        raise Open311Error(400, _("lat and long must be sent together."))
    address = (data.get("address_string") or "").strip()[:200]
    if lat is None and not address and not data.get("address_id"):
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, _("email is not a valid e-mail address.")) from None
    description = (data.get("description") or "").replace("\x00", "").strip()[:DESCRIPTION_MAX]
    media_url = (data.get("media_url") or "").strip()
    if media_url and not media_url.startswith(("http://", "https://")):
        raise Open311Error(400, _("media_url must be an http or https URL."))
    wait = actions.take_client_request(client)
    if wait:
        response = error(
            fmt, 429, _("This client has sent too many requests. Please wait %(n)d seconds.") % {"n": wait}
        )
        response["Retry-After"] = str(wait)
        return response
    service_name = str(CATEGORY_LABELS[code])
    try:
        issue = actions.submit_request(
            client=client,
            category=code,
            title=_title(description, service_name, address or data.get("address_id", "")),
            description=description or service_name,
            latitude=lat,
            longitude=long,
            address=address,
            media_url=media_url[:500],
            reporter=actions.Reporter(
                email=email[:254],
                first_name=(data.get("first_name") or "").strip(),
                last_name=(data.get("last_name") or "").strip(),
                phone=(data.get("phone") or "").strip()[:40],
                device_id=(data.get("device_id") or "").strip(),
                account_id=(data.get("account_id") or "").strip(),
            ),
        )
    except (ValidationError, PermissionDenied) as refusal:
        messages = getattr(refusal, "messages", None) or [str(refusal)]
        raise Open311Error(400, " ".join(str(m) for m in messages)) from None
    body = [
        {
            "service_request_id": issue.pk,
            "service_notice": _("Published on Balai Warga: %(url)s")
            % {"url": request.build_absolute_uri(issue.get_absolute_url())},
            "account_id": None,
        }
    ]
    return render(fmt, body, root="service_requests", item="request", status=201)
