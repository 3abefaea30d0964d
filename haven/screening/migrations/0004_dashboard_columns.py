"""The columns the strategic dashboards count (decision 0044), filled for the screenings already
stored from their result, with the same lookups the dashboards used on the result before."""

from django.db import migrations, models
from django.db.models import Case, Max, Q, Value, When

BATCH = 5000


def _has(key: str, code: str) -> Q:
    return Q(**{f"result__{key}__icontains": f'"{code}"'})


# Each column and what it says of the result. Written out here rather than imported from the
# app: this migration must keep filling exactly these columns whatever the model later holds.
FOUND = {
    "exploitation_sexual": _has("exploitation_types", "sexual"),
    "exploitation_labour": _has("exploitation_types", "labour"),
    "exploitation_criminal": _has("exploitation_types", "criminal"),
    "exploitation_domestic_servitude": _has("exploitation_types", "domestic_servitude"),
    "exploitation_organ_harvesting": _has("exploitation_types", "organ_harvesting"),
    "exploitation_not_specified": _has("exploitation_types", "not_specified"),
    "county_lines": Q(result__county_lines=True),
    "risk_unaccompanied_asylum_seeker": _has("risk_groups", "risk.unaccompanied_asylum_seeker"),
    "risk_sexually_exploited": _has("risk_groups", "risk.sexually_exploited"),
    "risk_missing_from_home_or_care": _has("risk_groups", "risk.missing_from_home_or_care"),
}


def fill_from_results(apps, schema_editor):
    screening = apps.get_model("screening", "Screening")
    found = {
        name: Case(When(where, then=Value(True)), default=Value(False))
        for name, where in FOUND.items()
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
            for name in FOUND
        ),
        migrations.RunPython(fill_from_results, migrations.RunPython.noop),
    ]
