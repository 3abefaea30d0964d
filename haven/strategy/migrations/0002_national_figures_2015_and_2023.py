"""The national figures the strategy quotes (DOMAIN section 6), as baseline reference rows. Later
years are added through the page, audited; these two come with Haven, so no one recorded them."""

from django.db import migrations

BASELINE = [
    {
        "year": 2015,
        "child_referrals": 982,
        "sexual": 217,
        "sexual_uk": 105,
        "sexual_non_uk": 112,
        "labour": 288,
        "domestic_servitude": 69,
        "organ_harvesting": 3,
        "not_defined": 405,
        "source": "National Referral Mechanism statistics for 2015, as quoted in the Pan "
        "Cheshire strategy",
    },
    {
        "year": 2023,
        "child_referrals": 7432,
        "all_referrals": 17004,
        "source": "Home Office NRM statistics, end of year summary 2023",
    },
]


def add_baseline(apps, schema_editor):
    figures = apps.get_model("strategy", "NationalReferralFigures")
    for row in BASELINE:
        figures.objects.get_or_create(year=row["year"], defaults=row)


def remove_baseline(apps, schema_editor):
    figures = apps.get_model("strategy", "NationalReferralFigures")
    figures.objects.filter(year__in=[row["year"] for row in BASELINE], recorded_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_national_referral_figures")]

    operations = [migrations.RunPython(add_baseline, remove_baseline)]
