"""Required actions as owned, timed tasks."""

from django.conf import settings
from django.db import models

from haven.core.models import VersionedModel


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    NOT_NEEDED_PENDING = "not_needed_pending", "Not needed: awaiting manager approval"
    NOT_NEEDED = "not_needed", "Not needed"


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.NOT_NEEDED_PENDING)


class EscalationLevel(models.IntegerChoices):
    NONE = 0, "Not escalated"
    MANAGER = 1, "Team manager told"
    HEAD_OF_SERVICE = 2, "Head of service told"


class Task(VersionedModel):
    """One action the strategy requires, owned by a team, with a clock."""

    code = models.CharField(max_length=40, db_index=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="tasks")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    screening = models.ForeignKey(
        "screening.Screening", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.StrategyMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # A task raised for another task's sake (each other child in a complicit household).
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="linked_tasks"
    )
    title = models.CharField(max_length=200)
    lead = models.CharField(max_length=40, help_text="Who leads, as a DOMAIN §4 lead code.")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    due_note = models.CharField(max_length=200, blank=True, help_text="When there is no clock.")
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=30, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completion_note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_needed_reason = models.TextField(blank=True)
    # Who asked for "not needed": a different manager must approve (no self-approval).
    not_needed_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalation_level = models.PositiveSmallIntegerField(
        choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["team", "status", "due_at"]),
            # A team's open tasks in clock order (``selectors.by_clock``: due time, no clock
            # last), read in that order: with the index above PostgreSQL walked every task's
            # due time to find a team's first ten unassigned (66 ms at 60,000 cases, 0.1 ms).
            models.Index(
                fields=["team", "due_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="task_team_open_clock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CrossBorderNotification(models.Model):
    """Another area's police and children's social care told about a case (DOMAIN §4
    notify_cross_border): sent inside Haven for the four areas, recorded as sent otherwise."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="cross_border")
    area = models.CharField(max_length=40)
    area_name = models.CharField(max_length=100, blank=True)
    recipient_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_details = models.TextField(blank=True)
    notified_at = models.DateTimeField()
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["notified_at", "id"]

    def __str__(self) -> str:
        return f"Cross-border notification to {self.area_name or self.area}"
