"""Placements, safety plans and safe-house escalations (decision 0020).

A placement's address is a confidential ``people.Address`` of kind placement or safe house, so
the one rule that hides a confidential address from everyone not named on it
(``people.selectors.address_for_user``) decides what every page, API answer and export shows."""

from django.conf import settings
from django.db import models

from haven.core.areas import AREAS_INVOLVED


class PlacementType(models.TextChoices):
    SPECIALIST_FOSTER_CARE = "specialist_foster_care", "Specialist foster care"
    FOSTER_CARE = "foster_care", "Foster care"
    RESIDENTIAL = "residential", "Residential home"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    SAFE_HOUSE = "safe_house", "Safe house"
    FAMILY = "family", "Family or friends"
    OTHER = "other", "Other"


PROVIDER_MAX = 200


class Placement(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    placement_type = models.CharField(max_length=30, choices=PlacementType.choices)
    provider = models.CharField(max_length=PROVIDER_MAX)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Always confidential: held by the recording team, shown only to the users named on it.
    address = models.OneToOneField(
        "people.Address", on_delete=models.PROTECT, related_name="placement"
    )
    out_of_area = models.BooleanField(default=False)
    # The area told when the placement is outside the lead authority's area.
    receiving_area = models.CharField(max_length=40, choices=AREAS_INVOLVED, blank=True)
    # Empty only for placements moved from addresses recorded before this module existed.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_type_display()} from {self.start_date:%d %B %Y}"

    @property
    def current(self) -> bool:
        return self.end_date is None


class SafetyPlan(models.Model):
    """What the placement was told and agreed, so it can keep the child safe (strategy section
    6). One per placement; a review replaces its content and moves the review date on."""

    placement = models.OneToOneField(
        Placement, on_delete=models.PROTECT, related_name="safety_plan"
    )
    risks_told = models.TextField("what the placement was told about the trafficking risks")
    abduction_measures = models.TextField("measures against abduction")
    missing_prevention = models.TextField("plan to prevent going missing")
    who_to_call = models.TextField("who to call, and when")
    review_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Safety plan for placement {self.placement_id}"


class ContactRestriction(models.Model):
    """Someone who must not have contact with the child."""

    safety_plan = models.ForeignKey(
        SafetyPlan, on_delete=models.CASCADE, related_name="contact_restrictions"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class SeniorOffice(models.TextChoices):
    """Who must be told of a safe-house escalation (strategy section 6, priority 4)."""

    HEAD_OF_SERVICE = "head_of_service", "Head of Service"
    OPERATIONAL_DIRECTOR = "operational_director", "Operational Director"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"


class SafeHouseEscalation(models.Model):
    """A case's safe_house_escalation: the lead authority's senior officers told, each asked to
    acknowledge."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    # The task that raised it (the actions app owns it).
    task_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField()
    raised_at = models.DateTimeField()

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"Safe-house escalation on case {self.case_id}"


class EscalationAcknowledgement(models.Model):
    """One senior officer's acknowledgement. ``officer`` is empty when the lead authority has
    nobody configured in that office: shown as missing, never skipped."""

    escalation = models.ForeignKey(
        SafeHouseEscalation, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    office = models.CharField(max_length=30, choices=SeniorOffice.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["escalation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "office"], name="one_acknowledgement_per_office"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} on escalation {self.escalation_id}"

    @property
    def outstanding(self) -> bool:
        return self.officer_id is not None and self.acknowledged_at is None
