"""Finding issues by the words in their title and description.

On PostgreSQL: full-text search over the stored ``search_document`` column
(migration 0003, GIN-indexed) with the ``simple`` configuration, ranked with
ts_rank. On SQLite: every word must occur in the title or the description
(case-insensitive containment), newest first. Either way the caller gets a
queryset it can filter further, and the results page is the same.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import Expression, FloatField, Q, QuerySet, Value

from core.text import without_nul

CONFIG = "simple"
MAX_QUERY_LENGTH = 200
# Words too common to say anything about a duplicate (English and Indonesian).
STOP_WORDS = set(
    "the and for with from that this are was were has have not but near of on in at to a an is it "
    "yang dan di ke dari untuk dengan ini itu ada tidak sudah belum pada oleh atau juga jl jalan".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchDocument(Expression):
    """The issues table's stored tsvector column, which the model does not declare.

    It follows the table's alias like a real column does (inside a subquery the table is
    U0, not issues_issue), so the same expression works in subqueries.
    """

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias() if query is not None else self.alias
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.alias or "issues_issue")
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def words(text: str) -> list[str]:
    return _WORD.findall((text or "")[:MAX_QUERY_LENGTH].lower())


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Issues matching every word of ``text``; on PostgreSQL annotated with ``rank``.

    The GIN index finds the matches; ranking reads each match's stored vector, so a very
    common word costs the database time in proportion to its matches (measured: ~5,000
    matches among 100,000 issues rank in a few tens of milliseconds). Ranking only the
    newest matches was tried and was slower: the heap reads, not ts_rank, dominate.
    """
    text = without_nul(text)  # PostgreSQL refuses a NUL in any string
    if not words(text):
        # Nothing to search for ("!!!", "?", "🙂"): no match, but still a queryset ranked() can
        # sort, as every search is (the rank is what the PostgreSQL branch annotates).
        nothing = queryset.none()
        return nothing.annotate(rank=Value(0.0, output_field=FloatField())) if settings.ON_POSTGRESQL else nothing
    if settings.ON_POSTGRESQL:
        query = SearchQuery(text[:MAX_QUERY_LENGTH], config=CONFIG, search_type="websearch")
        return (
            queryset.alias(document=SearchDocument())
            .filter(document=query)
            .annotate(rank=SearchRank(SearchDocument(), query))
        )
    condition = Q()
    for word in words(text)[:10]:
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    return queryset.filter(condition)


def ranked(queryset: QuerySet) -> QuerySet:
    """Best match first (PostgreSQL), newest first among equals and on SQLite."""
    if settings.ON_POSTGRESQL:
        return queryset.order_by("-rank", "-created_at", "-id")
    return queryset.order_by("-created_at", "-id")


def similar(queryset: QuerySet, title: str) -> QuerySet:
    """Issues sharing any telling word with ``title`` (prefixes count: "drain" finds "drainage")."""
    telling = [w for w in dict.fromkeys(words(title)) if len(w) >= 3 and w not in STOP_WORDS][:8]
    if not telling:
        return queryset.none()
    if settings.ON_POSTGRESQL:
        # Words are \w+ only, so the raw tsquery cannot be malformed.
        query = SearchQuery(" | ".join(f"{w}:*" for w in telling), config=CONFIG, search_type="raw")
        return (
            queryset.alias(document=SearchDocument())
            .filter(document=query)
            .annotate(rank=SearchRank(SearchDocument(), query))
            .order_by("-rank", "-created_at")
        )
    condition = Q()
    for word in telling:
        condition |= Q(title__icontains=word)
    return queryset.filter(condition).order_by("-created_at")
