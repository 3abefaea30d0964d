"""Stored screenings: each keeps its inputs, result and vocabulary version, so any past
conclusion can be explained exactly as it was reached."""

from django.conf import settings
from django.db import models

from haven.screening.engine import CSE_RISK, MISSING_RISK, UASC_RISK

# The exploitation types of the NRM statistics (``exploitation_types`` in vocabulary.yaml) and
# the risk groups the strategic dashboards count: each has a column of its own (below).
EXPLOITATION_TYPES = (
    "sexual",
    "labour",
    "criminal",
    "domestic_servitude",
    "organ_harvesting",
    "not_specified",
)
COUNTED_RISK_GROUPS = (UASC_RISK, CSE_RISK, MISSING_RISK)


def exploitation_column(code: str) -> str:
    return f"exploitation_{code}"


def risk_column(code: str) -> str:
    return code.replace(".", "_")


def counted_columns(result: dict) -> dict[str, bool]:
    """The columns the dashboards count, for a screening's ``result``: whether it found each
    exploitation type, county lines, and each counted risk group."""
    types = set(result.get("exploitation_types", ()))
    risks = set(result.get("risk_groups", ()))
    return {
        **{exploitation_column(code): code in types for code in EXPLOITATION_TYPES},
        "county_lines": result.get("county_lines") is True,
        **{risk_column(code): code in risks for code in COUNTED_RISK_GROUPS},
    }


class ScreeningTrigger(models.TextChoices):
    CONCERN_SAVED = "concern_saved", "Concern recorded"
    ACCEPTED_INTO_CASE = "accepted_into_case", "Concern accepted into the case"
    NEW_INFORMATION = "new_information", "New information recorded"
    MEETING_DECISION = "meeting_decision", "Strategy meeting decision"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    PLACEMENT_RECORDED = "placement_recorded", "Placement recorded"


class Screening(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    trigger = models.CharField(max_length=30, choices=ScreeningTrigger.choices)
    inputs = models.JSONField()
    result = models.JSONField()
    outcome = models.CharField(max_length=40, db_index=True)
    person_status = models.CharField(max_length=20)
    vocabulary_version = models.CharField(max_length=40)
    # What the dashboards count, copied from ``result`` as the screening is stored
    # (``counted_columns``), so counting never parses the result document (decision 0044).
    exploitation_sexual = models.BooleanField(default=False)
    exploitation_labour = models.BooleanField(default=False)
    exploitation_criminal = models.BooleanField(default=False)
    exploitation_domestic_servitude = models.BooleanField(default=False)
    exploitation_organ_harvesting = models.BooleanField(default=False)
    exploitation_not_specified = models.BooleanField(default=False)
    county_lines = models.BooleanField(default=False)
    risk_unaccompanied_asylum_seeker = models.BooleanField(default=False)
    risk_sexually_exploited = models.BooleanField(default=False)
    risk_missing_from_home_or_care = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Screening {self.pk}: {self.outcome}"


class Circumstance(models.TextChoices):
    """Facts about the situation that any part of Haven can record for a case (a meeting's
    risk rating, a missing episode, an arrest); screening reads the latest of each."""

    RETURNED_FROM_MISSING_AT = "returned_from_missing_at", "Returned from a missing episode at"
    ARRESTED_OR_SUSPECTED_OFFENCE = "arrested_or_suspected_offence", "Arrested or suspected"
    PARENTS_OR_CARERS_COMPLICIT = "parents_or_carers_complicit", "Parents or carers complicit"
    REUNIFICATION_PLANNED = "reunification_planned", "Reunification with family planned"
    ACCOMMODATED = "accommodated", "Accommodated by the local authority"
    ABDUCTION_RISK = "abduction_risk", "Risk of abduction"
    CRIMINAL_NETWORK = "criminal_network", "Criminal network or gang involved"
    SAFE_HOUSE_PLACEMENT = "safe_house_placement", "Placed in a safe house"
    AREAS_INVOLVED = "areas_involved", "Other areas involved"
    CONSENTS_TO_NRM = "consents_to_nrm", "Consents to an NRM referral (adults)"
    REPEAT_MISSING = "repeat_missing", "Repeatedly missing (the authority's threshold reached)"


class CircumstanceRecord(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="circumstances", null=True
    )
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, related_name="circumstances", null=True
    )
    name = models.CharField(max_length=40, choices=Circumstance.choices)
    value = models.JSONField()
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class OverrideStatus(models.TextChoices):
    IN_FORCE = "in_force", "In force"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting a second manager's approval"
    REJECTED = "rejected", "Rejected"


class ScreeningOverride(models.Model):
    """A professional judgement that differs from the engine's outcome. It never removes a
    statutory action unless a second manager approves."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="overrides")
    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="overrides")
    outcome = models.CharField(max_length=40)
    reason = models.TextField()
    actions_removed = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=30, choices=OverrideStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Override of screening {self.screening_id} to {self.outcome}"
