"""A user's audit events by time (the search rate limit reads a user's last ten minutes on
every search), in place of the index on the actor alone. On PostgreSQL the new index is built
concurrently: a national audit table is large, and a plain build would hold every audited
request until it finished. The old index goes only once the new one serves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = models.Index(fields=["actor", "occurred_at"], name="audit_actor_when")


def add_index(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(model, INDEX, concurrently=True)
    else:
        schema_editor.add_index(model, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("audit", "AuditEvent"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("accounts", "0003_operational_director_and_chief_executive"),
        ("audit", "0010_dashboards_past_quarters_verb"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_index, remove_index)],
            state_operations=[migrations.AddIndex(model_name="auditevent", index=INDEX)],
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
