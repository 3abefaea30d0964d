from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

# The National Referral Mechanism began on 1 April 2009: no national figures before it.
FIRST_NRM_YEAR = 2009

# The exploitation types the national statistics count children under. The categories changed
# over the years (criminal exploitation is counted apart from labour since 2019), so each is
# optional: blank means "not published that year", not zero.
EXPLOITATION_FIELDS = (
    "sexual",
    "labour",
    "criminal",
    "domestic_servitude",
    "organ_harvesting",
    "not_defined",
)
COUNT_FIELDS = (
    "child_referrals",
    "all_referrals",
    *EXPLOITATION_FIELDS[:1],
    "sexual_uk",
    "sexual_non_uk",
    *EXPLOITATION_FIELDS[1:],
)


class NationalReferralFigures(models.Model):
    """One year's national NRM figures for children, as published by the Home Office, kept as
    reference rows to show beside local figures. Published figures: shown as they are, never
    suppressed or rounded (decision 0018)."""

    year = models.PositiveSmallIntegerField(unique=True)
    child_referrals = models.PositiveIntegerField("Child referrals")
    all_referrals = models.PositiveIntegerField(
        "All referrals (children and adults)", null=True, blank=True
    )
    sexual = models.PositiveIntegerField("Sexual exploitation", null=True, blank=True)
    sexual_uk = models.PositiveIntegerField(
        "Sexual exploitation: UK nationals", null=True, blank=True
    )
    sexual_non_uk = models.PositiveIntegerField(
        "Sexual exploitation: other nationals", null=True, blank=True
    )
    labour = models.PositiveIntegerField("Labour exploitation", null=True, blank=True)
    criminal = models.PositiveIntegerField("Criminal exploitation", null=True, blank=True)
    domestic_servitude = models.PositiveIntegerField("Domestic servitude", null=True, blank=True)
    organ_harvesting = models.PositiveIntegerField("Organ harvesting", null=True, blank=True)
    not_defined = models.PositiveIntegerField("Not defined", null=True, blank=True)
    source = models.CharField(max_length=300)
    # Empty for the baseline rows the strategy itself quotes (loaded by a migration).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name_plural = "national referral figures"

    def __str__(self):
        return f"National NRM figures for {self.year}"

    @property
    def child_share(self) -> Decimal | None:
        """Children's share of all referrals, as a percentage to one decimal place."""
        if not self.all_referrals:
            return None
        share = Decimal(self.child_referrals) * 100 / self.all_referrals
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
