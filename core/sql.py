"""Several one-number reads in one round trip to the database.

A page that shows a handful of counts from different tables (participation by channel, say)
would otherwise spend one query on each. ``scalars`` runs them as scalar subqueries of one
SELECT: each queryset must select exactly one aggregated value (``count_of``, ``sum_of``).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Count, QuerySet, Sum, Value


def count_of(queryset: QuerySet, field: str = "pk") -> QuerySet:
    """``queryset`` as a one-row, one-column read of how many rows it has."""
    return queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Count(field)).values("n")


def sum_of(queryset: QuerySet, field: str) -> QuerySet:
    """``queryset`` as a one-row, one-column read of the sum of ``field``."""
    return queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Sum(field)).values("n")


def scalars(named: dict[str, QuerySet], using: str = "default") -> dict[str, int]:
    """Each named one-value queryset's value (None, from an empty sum, as 0), in one query."""
    if not named:
        return {}
    connection = connections[using]
    parts, params = [], []
    for name, queryset in named.items():
        sql, part_params = queryset.query.get_compiler(using=using).as_sql()
        parts.append(f"({sql}) AS {connection.ops.quote_name(name)}")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: value or 0 for name, value in zip(named, row)}
