"""The columns the strategic dashboards count (decision 0044), filled for the screenings already
stored from their result, with the same lookups the dashboards used on the result before."""

from django.db import migrations, models
from django.db.models import Case, Max, Q, Value, When

BATCH = 5000
EXPLOITATION_TYPES = (
    "sexual",
    "labour",
    "criminal",
    "domestic_servitude",
    "organ_harvesting",
    "not_specified",
)
RISK_GROUPS = (
    "risk.unaccompanied_asylum_seeker",
    "risk.sexually_exploited",
    "risk.missing_from_home_or_care",
)
COLUMNS = (
    *(f"exploitation_{code}" for code in EXPLOITATION_TYPES),
    "county_lines",
    *(code.replace(".", "_") for code in RISK_GROUPS),
)


def _found(where: Q) -> Case:
    return Case(When(where, then=Value(True)), default=Value(False))


def fill_from_results(apps, schema_editor):
    # Frozen here rather than imported from the app: this migration must keep filling exactly
    # these columns whatever the model later holds.
    screening = apps.get_model("screening", "Screening")
    found = {
        **{
            f"exploitation_{code}": _found(Q(result__exploitation_types__icontains=f'"{code}"'))
            for code in EXPLOITATION_TYPES
        },
        "county_lines": _found(Q(result__county_lines=True)),
        **{
            code.replace(".", "_"): _found(Q(result__risk_groups__icontains=f'"{code}"'))
            for code in RISK_GROUPS
        },
    }
    last = screening.objects.aggregate(last=Max("pk"))["last"] or 0
    for start in range(0, last, BATCH):
        screening.objects.filter(pk__gt=start, pk__lte=start + BATCH).update(**found)


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_module_choices"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name="screening", name=name, field=models.BooleanField(default=False)
            )
            for name in COLUMNS
        ),
        migrations.RunPython(fill_from_results, migrations.RunPython.noop),
    ]
