"""Concerns, the front door, cases, their chronology and who may see them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.core.areas import Area
from haven.core.models import VersionedModel


class ConcernStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting front door decision"
    ACCEPTED = "accepted", "Accepted into a case"
    INFORMATION_ONLY = "information_only", "Information only"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    ADULT_ROUTES_RECORDED = "adult_routes_recorded", "Adult routes recorded"


# Decisions the front door can record other than accepting into a case; each needs a reason.
OTHER_DECISIONS = (
    ConcernStatus.INFORMATION_ONLY,
    ConcernStatus.REFERRED_ELSEWHERE,
    ConcernStatus.NO_FURTHER_ACTION,
)


class Concern(VersionedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    raised_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    description = models.TextField(help_text="What you saw or were told, in your own words.")
    occurred_at = models.DateTimeField("when it happened")
    location = models.CharField("where it happened", max_length=300, blank=True)
    indicator_codes = models.JSONField(default=list, blank=True)
    # Structured so that Haven can link them (intelligence, decision 0028): [{"line",
    # "postcode"}] with the postcode normalised, and E.164 phone numbers.
    places_mentioned = models.JSONField(default=list, blank=True)
    phones_mentioned = models.JSONField(default=list, blank=True)
    immediate_danger = models.BooleanField(default=False)
    home_area = models.CharField(max_length=40, choices=Area.choices)
    status = models.CharField(
        max_length=30, choices=ConcernStatus.choices, default=ConcernStatus.AWAITING_DECISION
    )
    # The refer_childrens_social_care step: when the front door received it, and its clock.
    referred_at = models.DateTimeField(null=True, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    # For an adult: the routes DOMAIN §4 requires (999, 101, adult social care, NRM or notify).
    adult_routes = models.JSONField(default=list, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    # The one-time token of the form (or the API's Idempotency-Key) that recorded it: sending
    # the same form twice (back, then submit again) records one concern, not two.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["home_area", "status", "decision_due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["raised_by", "submission_token"], name="concern_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return f"Concern {self.pk} about {self.person}"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseSection(models.TextChoices):
    """Parts of a case that can be shared separately with another agency or team."""

    CHRONOLOGY = "chronology", "Chronology"
    PEOPLE = "people", "People and relationships"
    NOTES = "notes", "Case notes"
    SCREENING = "screening", "Screening and required actions"
    TASKS = "tasks", "Tasks"
    MEETINGS = "meetings", "Strategy meetings"
    PLACEMENT = "placement", "Placement and safety plan"
    DOCUMENTS = "documents", "Documents"
    MISSING = "missing", "Missing episodes and return home interviews"
    NRM = "nrm", "NRM referrals"
    INVESTIGATION = "investigation", "Investigations, orders and prosecution"
    INTELLIGENCE = "intelligence", "Intelligence links (people, places, vehicles, phones)"


class Case(VersionedModel):
    """One child, one episode of involvement, led by one local authority."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    lead_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lead_agency"],
                condition=models.Q(status=CaseStatus.OPEN),
                name="one_open_case_per_child_per_authority",
            ),
            models.CheckConstraint(
                condition=models.Q(status=CaseStatus.OPEN) | ~models.Q(closed_reason=""),
                name="closed_case_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.person}"

    @property
    def reference(self) -> str:
        return f"HVN-{self.pk:06d}" if self.pk else "HVN-new"


class Sensitivity(models.TextChoices):
    STANDARD = "standard", "Standard"
    SENSITIVE = "sensitive", "Sensitive: shared agencies see it only with the notes section"
    RESTRICTED = "restricted", "Restricted: the lead authority only"


class CaseNote(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    text = models.TextField()
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.STANDARD
    )

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.case.reference}"


class LawfulBasis(models.TextChoices):
    """DOMAIN §9: UK GDPR article 6 and the DPA 2018 conditions for sharing."""

    PUBLIC_TASK = "public_task", "UK GDPR art. 6(1)(e) public task"
    LEGAL_OBLIGATION = "legal_obligation", "UK GDPR art. 6(1)(c) legal obligation"
    SAFEGUARDING = (
        "safeguarding_children",
        "DPA 2018 Sch. 1 para 18: safeguarding of children and individuals at risk",
    )
    LAW_ENFORCEMENT = "law_enforcement", "DPA 2018 Part 3 / Sch. 8: law enforcement processing"
    CONSENT = "consent", "Consent of the child or family, where appropriate"


class CaseShare(models.Model):
    """A time-limited, need-to-know grant of some sections of a case to another agency or one
    of its teams (Primero's referral model). Revoked rather than deleted, so history stays."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Leave empty to share with the whole agency.",
    )
    sections = models.JSONField(default=list)
    reason = models.TextField()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.case.reference} shared with {self.team or self.agency}"


class BreakGlassStatus(models.TextChoices):
    GRANTED = "granted", "Granted"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting a manager's approval"
    REFUSED = "refused", "Refused by a manager"


class BreakGlassOutcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


class BreakGlassAccess(models.Model):
    """Emergency access to a case without a share, for a typed urgent safeguarding reason.
    Lasts a fixed time, notifies the case lead and auditors, and waits for an auditor's review.
    Beyond the daily limit a request waits for a manager of the requester's own agency."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=BreakGlassStatus.choices, default=BreakGlassStatus.GRANTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Both empty until granted: only a granted, unexpired access opens the case.
    granted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_outcome = models.CharField(max_length=20, choices=BreakGlassOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} on {self.case.reference}"


class ChronologyKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    DECISION = "decision", "Decision"
    NOTE = "note", "Note"
    REFERRAL = "referral", "Referral"
    SCREENING = "screening", "Screening"
    TASK = "task", "Task"
    MEETING = "meeting", "Strategy meeting"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    RETURN_INTERVIEW = "return_interview", "Return home interview"
    PLACEMENT = "placement", "Placement"
    NRM = "nrm", "NRM referral"
    INVESTIGATION = "investigation", "Investigation"
    SHARE = "share", "Sharing"
    CASE = "case", "Case"
    DOCUMENT = "document", "Document"
    ALLOCATION = "allocation", "Allocation and transfer"


class ChronologyEntry(models.Model):
    """One dated event on a case's timeline. Every app that records something about a case adds
    an entry through ``chronology_add``, so the timeline needs no change for new record types."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=30, choices=ChronologyKind.choices)
    # The case section whose share lets another agency see this entry.
    section = models.CharField(
        max_length=20, choices=CaseSection.choices, default=CaseSection.CHRONOLOGY
    )
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.STANDARD
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    summary = models.TextField()
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()}: {self.summary[:40]}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the receiving team"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CaseTransfer(models.Model):
    """A lead team's request that another team take the case over: a team of the same
    authority, or another authority's (the child moved). Until the receiving team's manager
    accepts, the sending team stays lead; a transfer of ownership, unlike a share (decision
    0017)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    from_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the receiving team declined (accepting needs no reason).
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=TransferStatus.PENDING),
                name="one_pending_transfer_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} to {self.to_team.name}"

    @property
    def between_authorities(self) -> bool:
        return self.from_agency_id != self.to_agency_id
