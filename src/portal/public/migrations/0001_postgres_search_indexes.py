"""PostgreSQL only: pg_trgm and a GIN trigram index on the folded search column, plus a GIN
full-text index on the same column. A no-op on SQLite, where the search uses plain LIKE."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS institution_search_trgm ON registry_institution "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS institution_search_fts ON registry_institution "
    "USING gin (to_tsvector('simple', search_text))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS institution_search_fts",
    "DROP INDEX IF EXISTS institution_search_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_search_columns")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
