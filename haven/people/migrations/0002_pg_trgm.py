from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm serves fuzzy name search on PostgreSQL; on SQLite this does nothing."""

    dependencies = [("people", "0001_initial")]
    operations = [TrigramExtension()]
