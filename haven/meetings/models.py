"""Multi-agency strategy meetings (Working Together 2023; strategy section 5)."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class StrategyMeeting(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="meetings")
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    call_link = models.URLField(blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    held_at = models.DateTimeField(null=True, blank=True)
    harm_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    harm_rationale = models.TextField(blank=True)
    abduction_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    abduction_rationale = models.TextField(blank=True)
    missing_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    missing_rationale = models.TextField(blank=True)
    # Decisions: None until the meeting records one.
    section_47_enquiry = models.BooleanField("section 47 enquiry", null=True, blank=True)
    nrm_referral = models.BooleanField("NRM referral", null=True, blank=True)
    placement_decision = models.TextField(blank=True)
    accommodated = models.BooleanField(null=True, blank=True)
    safety_plan = models.BooleanField(null=True, blank=True)
    safe_house = models.BooleanField(null=True, blank=True)
    police_investigation = models.BooleanField(null=True, blank=True)
    criminal_network = models.BooleanField(null=True, blank=True)
    parents_or_carers_complicit = models.BooleanField(null=True, blank=True)
    reunification_planned = models.BooleanField(null=True, blank=True)
    decisions_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-scheduled_for"]

    def __str__(self) -> str:
        return f"Strategy meeting {self.scheduled_for:%d %b %Y} for {self.case.reference}"


class Attendee(models.TextChoices):
    """Who a strategy discussion involves (DOMAIN §5)."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    REFERRER = "referrer", "The referrer"
    EDUCATION = "education", "Education"
    PLACEMENT = "placement", "Residential or fostering service"
    OTHER = "other", "Other"


class InvitationStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested: confirm or give a reason"
    INVITED = "invited", "Invited"
    NOT_INVITED = "not_invited", "Not invited (reason given)"


class MeetingInvitation(models.Model):
    meeting = models.ForeignKey(
        StrategyMeeting, on_delete=models.CASCADE, related_name="invitations"
    )
    attendee_role = models.CharField(max_length=30, choices=Attendee.choices)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.SUGGESTED
    )
    reason_not_invited = models.TextField(blank=True)
    attended = models.BooleanField(null=True, blank=True)
    apologies = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_attendee_role_display()}: {self.agency or 'no agency'}"


class InformationShared(models.Model):
    meeting = models.ForeignKey(
        StrategyMeeting, on_delete=models.CASCADE, related_name="information_shared"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "information shared"

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:40]}"


class Attendance(models.TextChoices):
    """Whether a named person came (practitioner trial, issue 8 point 5)."""

    EXPECTED = "expected", "Expected"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class MeetingAttendee(models.Model):
    """A named person at a strategy meeting: a Haven user of an invited agency, or someone
    without a Haven account (an interpreter, a fostering agency's supervising social worker).

    Name, organisation and job title are kept as they were at the meeting, so the minutes do
    not change when a user later moves agency or changes job."""

    meeting = models.ForeignKey(StrategyMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # A Haven user's agency: which invitation they answer. None for someone without an account.
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    job_title = models.CharField("role or job title", max_length=200)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    apologies_note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="meeting_attendee_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"
