"""Full-text search on PostgreSQL: a stored tsvector of title and description, GIN-indexed.

A stored (generated) column rather than an expression index: ranking then reads
the stored vector instead of re-parsing every matching description, which keeps
a search for a common word cheap on a large table. The ``simple`` configuration
(no stemming, no stop words) suits Indonesian as well as English. SQLite has no
full-text column here; issues.search falls back to a containment search there.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE issues_issue ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))
    ) STORED
    """,
    "CREATE INDEX issue_search_gin ON issues_issue USING gin (search_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS issue_search_gin",
    "ALTER TABLE issues_issue DROP COLUMN IF EXISTS search_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("issues", "0002_list_indexes_staging_revision_token")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
