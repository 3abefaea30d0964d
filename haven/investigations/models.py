"""Investigations on a case (DOMAIN section 7): police-led, shared with the case team through the
case section ``investigation``. Suspects are people of concern linked to the child; orders and
notices restrict them; each suspect has outcomes over time; the child's own arrests or charges
are reviewed for the section 45 defence; the case team records the updates the child and
partner agencies were given."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel


class VictimStatement(models.TextChoices):
    GIVEN = "given", "Gave a statement"
    NOT_GIVEN = "not_given", "Has not given a statement"
    DECLINED = "declined", "Declined to give a statement"


class InvestigationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Investigation(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="investigations")
    officer_in_charge = models.CharField(max_length=200)
    officer_contact = models.CharField(max_length=200, blank=True)
    crime_references = models.JSONField(default=list, blank=True)
    # Offence codes from offences.yaml (haven.investigations.reference).
    offences = models.JSONField(default=list)
    victim_statement = models.CharField(max_length=20, choices=VictimStatement.choices)
    opened_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Investigation {self.pk} on {self.case.reference}"


class Suspect(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="suspects"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "person"], name="suspect_once_per_investigation"
            )
        ]

    def __str__(self) -> str:
        return f"Suspect {self.pk}"


class Outcome(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CHARGED = "charged", "Charged"
    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"


class SuspectOutcome(models.Model):
    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_on = models.DateField()
    offences = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on}"


class OrderType(models.TextChoices):
    STPO = "stpo", "Slavery and trafficking prevention order"
    STRO = "stro", "Slavery and trafficking risk order"
    CAWN = "cawn", "Child abduction warning notice"


class Order(models.Model):
    """An order or notice against a suspect, protecting the case's child. A notice's address is
    kept structured, its postcode normalised, so a child found there can be recognised."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="orders"
    )
    order_type = models.CharField(max_length=10, choices=OrderType.choices)
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="orders")
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    # For a child abduction warning notice on a child aged 16 or 17 (only lawful in care).
    child_in_care = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_order_type_display()} issued {self.issued_on}"

    @property
    def address(self) -> str:
        parts = (self.address_line_1, self.address_line_2, self.town, self.postcode)
        return ", ".join(p for p in parts if p)


class OrderBreach(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="breaches")
    breached_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["breached_on", "pk"]

    def __str__(self) -> str:
        return f"Breach on {self.breached_on}"


class ChildOffence(models.Model):
    """The child's own arrest or charge, linked to the exploitation, and the police's
    non-criminalisation review of it (the ``non_criminalisation_review`` task's outcome)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="child_offences"
    )
    offence = models.CharField(max_length=60)
    arrested_on = models.DateField()
    charged_on = models.DateField(null=True, blank=True)
    linked_to_exploitation = models.TextField()
    section_45_considered = models.BooleanField(null=True)
    trained_interviewer = models.BooleanField(null=True)
    out_of_hours_informed = models.BooleanField(
        "EDT, out-of-hours and PACE officers informed", null=True
    )
    review_note = models.TextField(blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrested_on", "-pk"]

    def __str__(self) -> str:
        return f"Arrest on {self.arrested_on}"


class UpdateGivenTo(models.TextChoices):
    CHILD = "child", "The child"
    PARENT_OR_CARER = "parent_or_carer", "A parent or carer"
    PARTNER_AGENCY = "partner_agency", "A partner agency"


class VictimUpdate(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="victim_updates"
    )
    given_on = models.DateField()
    given_to = models.CharField(max_length=20, choices=UpdateGivenTo.choices)
    partner_agency = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Update given on {self.given_on}"
