"""Keyset ("cursor") pagination over any ordering of model fields.

A cursor is the ordering values of the last row shown, signed so that nobody can hand the
database a value of their own choosing; the next page is "rows after these values" in the
same order. Unlike an offset, a page never repeats or skips a row when new rows arrive
above it, and a deep page costs what the first one does (the sorts' indexes serve it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

SALT = "api.cursor"


class BadCursor(ValueError):
    """A cursor that was not made by this server (or for another ordering)."""


@dataclass
class CursorPage:
    rows: list
    next_cursor: str | None


def _value(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _encode(values: list) -> list:
    return [v.isoformat() if isinstance(v, datetime) else v for v in values]


def encode(ordering: tuple[str, ...], row) -> str:
    fields = [f.lstrip("-") for f in ordering]
    values = _encode([_value(row, f) for f in fields])
    return signing.dumps({"o": list(ordering), "v": values}, salt=SALT, compress=True)


def decode(ordering: tuple[str, ...], cursor: str, queryset: QuerySet) -> list:
    try:
        data = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, json.JSONDecodeError) as error:
        raise BadCursor(str(error)) from error
    if not isinstance(data, dict) or data.get("o") != list(ordering) or len(data.get("v", [])) != len(ordering):
        raise BadCursor("cursor of another ordering")
    values = []
    model = queryset.model
    for field, value in zip(ordering, data["v"], strict=True):
        name = field.lstrip("-")
        try:
            internal = model._meta.get_field(name).get_internal_type()
        except Exception:  # noqa: BLE001 - "pk" or a related path: compared as given
            internal = ""
        if internal == "DateTimeField" and isinstance(value, str):
            value = parse_datetime(value)
        values.append(value)
    return values


def after(ordering: tuple[str, ...], values: list) -> Q:
    """Rows strictly after ``values`` in ``ordering``: (a > x) or (a = x and b > y) or …"""
    condition = Q(pk__in=[])
    for index, field in enumerate(ordering):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        equal = {f.lstrip("-"): v for f, v in zip(ordering[:index], values[:index], strict=True)}
        condition |= Q(**equal, **{f"{name}__{op}": values[index]})
    return condition


def page(queryset: QuerySet, ordering: tuple[str, ...], cursor: str | None, size: int) -> CursorPage:
    """One page of ``queryset`` in ``ordering`` (whose last field must be unique, e.g. the id),
    in one query: one row more than shown tells whether there is a next page."""
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(after(ordering, decode(ordering, cursor, queryset)))
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return CursorPage(rows=rows, next_cursor=encode(ordering, rows[-1]) if more and rows else None)
