from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.accounts.roles import Role
from haven.core.areas import Area
from haven.core.models import VersionedModel

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


# --------------------------------------------------------------------------------- priorities


class Priority(models.TextChoices):
    """The strategy's five priority areas (sections 3 and 6), in its order and its words."""

    STRATEGIC_COMMITMENT = "strategic_commitment", "Strategic commitment across all areas"
    IDENTIFY = "identify", "Identify, improve awareness, understanding and recognition"
    PREVENT = "prevent", "Prevent Trafficking"
    PROTECT = "protect", "Protect and develop positive interventions and support for victims"
    PROSECUTE = "prosecute", "Prosecution of perpetrators"


# An action plan is the Pan Cheshire plan or one authority's (strategy section 6, priority 1).
PAN_CHESHIRE = "pan_cheshire"
PLAN_AREAS: tuple[tuple[str, str], ...] = ((PAN_CHESHIRE, "Pan Cheshire"), *Area.choices)


# --------------------------------------------------------------------------------- training


class TrainingCourse(models.Model):
    """A course in the multi-agency training programme (strategy section 6, priority 2), with
    the fixed self-assessment statements every attendee answers before and after it."""

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class CourseStatement(models.Model):
    """One self-assessment statement ("I can recognise the indicators of child trafficking"),
    answered from 1 (strongly disagree) to 5 (strongly agree)."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="statement_position_once")
        ]

    def __str__(self):
        return self.text


class TrainingSession(models.Model):
    """One delivery of a course, in one of the four areas."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    area = models.CharField(max_length=40, choices=Area.choices)
    venue = models.CharField(max_length=200)
    trainer = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.course} on {self.held_on:%-d %B %Y}"


class TrainingAttendee(models.Model):
    """Someone who attended a session: a Haven user, or a named professional with their agency
    and job role."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(max_length=200)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    job_role = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "full_name", "agency"], name="attendee_once_per_session"
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.agency})"


class Stage(models.TextChoices):
    BEFORE = "before", "Before the course"
    AFTER = "after", "After the course"


LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class SelfAssessmentAnswer(models.Model):
    """An attendee's score for one statement, before or after the course."""

    attendee = models.ForeignKey(TrainingAttendee, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(CourseStatement, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "statement", "stage"], name="one_answer_per_statement_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE),
                name="score_from_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.score} for '{self.statement}'"


# --------------------------------------------------------------------------------- action plans


class ActionPlan(models.Model):
    """The Pan Cheshire action plan or one authority's (one each), owned by a strategic lead."""

    area = models.CharField(max_length=40, choices=PLAN_AREAS, unique=True)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area"]

    def __str__(self):
        return self.title


class Rag(models.TextChoices):
    """How an action is going: red, amber or green, until it is complete."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


class PlanAction(models.Model):
    """One action of a plan, under one of the five priorities. Its owner is a named user, or a
    role in an agency ("Managers, Halton children's social care"). Its status changes only by
    a dated progress update."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    priority = models.CharField(max_length=30, choices=Priority.choices)
    description = models.CharField(max_length=500)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    due_on = models.DateField()
    rag = models.CharField("Status", max_length=10, choices=Rag.choices, default=Rag.AMBER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "priority", "due_on", "pk"]
        constraints = [
            # A named user, or a role in an agency: exactly one kind of owner.
            models.CheckConstraint(
                condition=(
                    models.Q(owner_user__isnull=False, owner_agency__isnull=True, owner_role="")
                    | models.Q(owner_user__isnull=True, owner_agency__isnull=False)
                    & ~models.Q(owner_role="")
                ),
                name="action_owned_by_a_user_or_an_agency_role",
            )
        ]

    def __str__(self):
        return self.description

    @property
    def owner_name(self) -> str:
        if self.owner_user_id:
            return self.owner_user.full_name
        return f"{Role(self.owner_role).label}s, {self.owner_agency.name}"

    def is_overdue_on(self, day) -> bool:
        return self.rag != Rag.COMPLETE and self.due_on < day


class ProgressUpdate(models.Model):
    """A dated note of progress on an action, with the status it left the action in."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    rag = models.CharField("Status", max_length=10, choices=Rag.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"Progress on {self.written_on:%-d %B %Y}: {self.get_rag_display()}"


# ---------------------------------------------------------------------------- Board reports


class BoardCommentary(VersionedModel):
    """What a strategic lead writes for a Board (an authority's, or the Pan Cheshire Strategic
    Group's) about one quarter's figures, printed in that quarter's report (decision 0034).
    Several leads may edit it: each save states the version it was based on."""

    area = models.CharField(max_length=40, choices=PLAN_AREAS)
    # The quarter, by its first day (1 January, 1 April, 1 July or 1 October).
    quarter_start = models.DateField()
    text = models.TextField("Commentary")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "Board commentaries"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "quarter_start"], name="one_commentary_a_quarter"
            )
        ]

    def __str__(self):
        return f"Commentary for {self.get_area_display()}, quarter from {self.quarter_start}"


# ------------------------------------------------------------------------ Dashboard trend


class TrendQuarterCount(models.Model):
    """A dashboard figure's count for one area and one past quarter, as recorded when it was
    counted (decision 0043): the raw count the trend publishes (for a standard or a share, the
    records meeting it), never shown without disclosure control. Refilled once a day; the
    dashboard counts live the chosen and previous periods, the current quarter, and any quarter
    missing here or counted too long ago."""

    figure = models.CharField(max_length=60)
    area = models.CharField(max_length=40, choices=PLAN_AREAS)
    # The quarter, by its first day (1 January, 1 April, 1 July or 1 October).
    quarter_start = models.DateField()
    count = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "area", "quarter_start"], name="one_count_a_figure_quarter"
            )
        ]

    def __str__(self):
        return f"{self.figure}, {self.area}, quarter from {self.quarter_start}: {self.count}"


class QuarterFigureCounts(models.Model):
    """A dashboard figure's counts for one area with one quarter (the current one or one before
    it) as the chosen period, as recorded when they were counted (decision 0046): every raw
    count the figure is published from (the quarter, the period of equal length before it, each
    breakdown row in both, and for a standard or a share those meeting it), never shown without
    disclosure control. Refilled
    once a day; a dashboard for any other period, or when these are missing or counted too long
    ago, counts live."""

    figure = models.CharField(max_length=60)
    area = models.CharField(max_length=40, choices=PLAN_AREAS)
    # The quarter, by its first day (1 January, 1 April, 1 July or 1 October).
    quarter_start = models.DateField()
    # The raw counts by the dashboard's own keys ("now", "before", "row0_now", "now_meets"...).
    counts = models.JSONField()
    # The breakdown's row labels, in order, as they were when counted.
    rows = models.JSONField(default=list)
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "quarter figure counts"
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "area", "quarter_start"], name="one_count_of_a_quarter_figure"
            )
        ]

    def __str__(self):
        return f"{self.figure}, {self.area}, the quarter from {self.quarter_start}"


class FigureFact(models.Model):
    """What a dashboard figure counts in one dashboard area, as recorded when counted (decision
    0050), so that a dashboard of any period counts these by an index range of days rather than
    joining every case and concern. For a figure of records: one fact per day (``day``, in
    London), breakdown row and standard met, with how many records (``weight``; for a state
    held at the end of a period, how many began that day, or less how many ended). For a figure
    of children (or suspects): a fact per record, with its day, row, the date of birth (a
    breakdown by age) and whether it meets the standard, and the day of the child's record
    before it: of all, in the same row, and meeting the standard too; records alike in all of
    these are one fact, ``weight`` saying how many. The child (``unit``) is kept only for a
    figure counting a child's records. Refilled once a day; never shown: counts leave
    reporting through disclosure control."""

    figure = models.CharField(max_length=60)
    area = models.CharField(max_length=40, choices=PLAN_AREAS)
    day = models.DateField()
    weight = models.IntegerField(default=1, db_default=1)
    row = models.CharField(max_length=200, blank=True, default="", db_default="")
    meets = models.BooleanField(default=False, db_default=False)
    unit = models.BigIntegerField(null=True)
    born = models.DateField(null=True)
    prev_day = models.DateField(null=True)
    prev_row_day = models.DateField(null=True)
    prev_meets_day = models.DateField(null=True)

    class Meta:
        indexes = [
            # Covering every column a dashboard reads (PostgreSQL), so its counts read the
            # index alone.
            models.Index(
                fields=["figure", "area", "day"],
                include=[
                    "weight",
                    "row",
                    "meets",
                    "unit",
                    "born",
                    "prev_day",
                    "prev_row_day",
                    "prev_meets_day",
                ],
                name="figure_fact_day",
            )
        ]

    def __str__(self):
        return f"{self.figure}, {self.area}, {self.day}: {self.weight}"


class FigureFactsCounted(models.Model):
    """When the figures' facts (``FigureFact``) were last counted, and how many: one row, replaced
    with the facts in the same transaction."""

    counted_at = models.DateTimeField()
    facts = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "figure facts counted"

    def __str__(self):
        return f"{self.facts} facts counted at {self.counted_at}"
