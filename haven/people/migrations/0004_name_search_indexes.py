from django.db import migrations

# Person search matches names with icontains, which PostgreSQL runs as
# UPPER(column::text) LIKE UPPER('%term%'): trigram indexes on exactly that expression answer
# it without reading every person (decision 0037). SQLite has no pg_trgm: nothing to do there.
INDEXES = [
    ("people_person", "given_name"),
    ("people_person", "family_name"),
    ("people_alias", "given_name"),
    ("people_alias", "family_name"),
]


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_details_added_in_a_case")]
    operations = [migrations.RunPython(_create, _drop)]
