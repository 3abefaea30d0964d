"""The strategic dashboards (strategy section 7, DOMAIN §8; decision 0033): the figure catalogue
and ``figures(area=, start=, end=)``, which the dashboard page, its downloads, the API and the
Boards' quarterly report all call.

Each ``Measure`` says, in words and in code, what it counts: its records in an area, what places
a record in a period, what is counted (records, or distinct children), and for a timeliness or
share figure which of them meet the standard. One aggregate query per measure counts the
period, the previous period of equal length, the last ``TREND_QUARTERS`` quarters and every row
of its breakdown, in the database: no loop over records. Past quarters of the trend are read
from the counts a daily job stores (``past_quarter_counts``, decision 0043) while they are
fresh, and so is every count of a period that is one of the quarters a lead may choose
(``past_quarter_figures``, decision 0046); any other period, the current quarter of its trend
and anything not stored are counted live. Everything leaves through disclosure control
(``disclosure.py``): a breakdown is a table published with its total for both periods, and the
headline figure is that table's published total; a count with no table is published on its
own; a rate is suppressed when a count it is built on is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import Coalesce, Greatest, Lag, TruncDate
from django.utils import timezone

from haven.accounts.models import Agency, AgencyType
from haven.actions.models import Task, TaskStatus
from haven.case_audits.models import Grade
from haven.case_audits.selectors import graded_in_completed_audits
from haven.cases.models import Case, CaseStatus, Concern
from haven.core.areas import Area
from haven.core.replica import reporting_reads
from haven.core.working_days import LONDON
from haven.investigations.models import Investigation, Order, OrderType, Outcome, SuspectOutcome
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.missing.rules import INTERVIEW_HOURS
from haven.nrm.models import NrmDecision, NrmReferral
from haven.nrm.rules import REASONABLE_GROUNDS, NrmState, reasonable_grounds_due
from haven.people.models import Gender
from haven.reporting.disclosure import (
    CountTable,
    Shown,
    Symbol,
    publish_count,
    publish_rate,
    publish_table,
)
from haven.screening.engine import CSE_RISK, MISSING_RISK, UASC_RISK
from haven.screening.models import Screening, exploitation_column, risk_column
from haven.strategy.models import PAN_CHESHIRE, SelfAssessmentAnswer, Stage, TrainingAttendee
from haven.strategy.selectors import figure_facts as stored_figure_facts
from haven.strategy.selectors import quarter_figure_counts, trend_quarter_counts

TREND_QUARTERS = 6
# The complete quarters the daily job stores (decision 0043): two trends' worth, so a period
# chosen up to a year and a half back still reads every past quarter of its trend.
STORED_QUARTERS = 2 * TREND_QUARTERS
# The quarters a lead may choose as the period: the current one and those before it. The daily
# job keeps their counts (decision 0046).
CHOSEN_QUARTERS = 8
EARLIEST = date(2000, 1, 1)
LONGEST_DAYS = 3653
CHILD_STATUSES = ("child", "presumed_child")
POTENTIAL_VICTIM = "potential_victim"

# The areas a dashboard covers: each authority, or all four.
DASHBOARD_AREAS: tuple[tuple[str, str], ...] = (
    *Area.choices,
    (PAN_CHESHIRE, "Pan Cheshire"),
)


class DashboardError(ValidationError):
    """An area or period the dashboard cannot show: the page puts it on its field, the API
    answers 400 (``api_validation_error``)."""


def areas_of(area: str) -> tuple[str, ...]:
    if area == PAN_CHESHIRE:
        return tuple(Area.values)
    if area not in Area.values:
        raise DashboardError(
            {"area": f"Choose one of {', '.join(code for code, _ in DASHBOARD_AREAS)}."}
        )
    return (area,)


# ----------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Europe/London)."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise DashboardError(
                {"date_to": "The end date must be the same as or after the start date."}
            )
        # Bounds, so the previous period and the quarters stay within the calendar.
        if self.start < EARLIEST:
            raise DashboardError({"date_from": "The start date must be in 2000 or later."})
        if self.days > LONGEST_DAYS:
            raise DashboardError({"date_from": "Choose a period of 10 years or less."})

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of equal length just before."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"


def last_complete_quarter(today: date) -> Period:
    return quarter_of(quarter_of(today).start - timedelta(days=1))


def own_area(user) -> str:
    """A strategic lead's own authority's dashboard by default; Pan Cheshire for a lead whose
    agency serves no one area (the police, a partnership body)."""
    area = getattr(user.agency, "area_code", "")
    return area if area in Area.values else PAN_CHESHIRE


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return Period(first, after - timedelta(days=1))


def quarters_to(day: date, count: int = TREND_QUARTERS) -> tuple[Period, ...]:
    """The ``count`` quarters ending with the one holding ``day``, oldest first."""
    quarters = [quarter_of(day)]
    while len(quarters) < count:
        quarters.append(quarter_of(quarters[-1].start - timedelta(days=1)))
    return tuple(reversed(quarters))


def quarter_label(quarter: Period) -> str:
    return f"{quarter.start:%b}–{quarter.end:%b %Y}"


def quarter_code(quarter: Period) -> str:
    """A quarter's name in addresses and the audit trail: ``2026-Q1`` is January to March."""
    return f"{quarter.start.year}-Q{(quarter.start.month - 1) // 3 + 1}"


def quarter_from_code(code: str) -> Period:
    """The quarter ``quarter_code`` names; a ``DashboardError`` on the ``quarter`` field for
    anything else."""
    year, _, number = (code or "").partition("-Q")
    if not (year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4")):
        raise DashboardError({"quarter": "Enter a quarter as a year and its number, like 2026-Q1"})
    return quarter_of(date(int(year), 3 * int(number) - 2, 1))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON)


def _between(field_name: str, period: Period, *, is_date: bool) -> Q:
    if is_date:
        return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})
    return Q(
        **{
            f"{field_name}__gte": _midnight(period.start),
            f"{field_name}__lt": _midnight(period.end + timedelta(days=1)),
        }
    )


@dataclass(frozen=True)
class During:
    """Records whose ``field_name`` falls in the period. Called with a period: which records;
    ``days``: which of a figure's facts (decision 0050), each on the day (in London) its record
    falls on."""

    field_name: str
    is_date: bool = False

    def __call__(self, period: Period) -> Q:
        return _between(self.field_name, period, is_date=self.is_date)

    def days(self, period: Period) -> Q:
        return _between("day", period, is_date=True)

    def fact_columns(self) -> tuple[Q, object]:
        """The records that can ever fall in a period, and the day each falls on."""
        field = F(self.field_name)
        day = field if self.is_date else TruncDate(field, tzinfo=LONDON)
        return Q(**{f"{self.field_name}__isnull": False}), day


class HeldAtEnd:
    """Records in a state at the end of the period: in it from when it began up to when it
    ended (never, while it holds)."""

    def days(self, period: Period) -> Q:
        """Of a figure's facts summed by day (a record adds one on the day its state began and
        takes it away on the day it ended), those whose sum is the count at the period's end."""
        return Q(day__lte=period.end)


class OverdueAt(HeldAtEnd):
    """Open and past its due time at the end of the period."""

    def __call__(self, period: Period) -> Q:
        moment = _midnight(period.end + timedelta(days=1))
        return Q(created_at__lt=moment, due_at__lt=moment) & (
            Q(completed_at__isnull=True) | Q(completed_at__gte=moment)
        )

    def held(self) -> tuple[Q, object, object]:
        """The records that can ever be in the state, when it began and when it ended."""
        # Overdue from when it is both made and due, until completed: never, if completed by
        # its due time (most are), so those are left out.
        ever_overdue = Q(created_at__isnull=False, due_at__isnull=False) & (
            Q(completed_at__isnull=True) | Q(completed_at__gt=F("due_at"))
        )
        return ever_overdue, Greatest("created_at", "due_at"), F("completed_at")


class OpenAtEnd(HeldAtEnd):
    """Cases open at the end of the period."""

    def __call__(self, period: Period) -> Q:
        moment = _midnight(period.end + timedelta(days=1))
        return Q(opened_at__lt=moment) & (
            Q(status=CaseStatus.OPEN) | Q(closed_at__gte=moment, status=CaseStatus.CLOSED)
        )

    def held(self) -> tuple[Q, object, object]:
        # Open from when opened, until closed (a closed case with no time closed never counts).
        ever_open = Q(opened_at__isnull=False) & (
            Q(status=CaseStatus.OPEN) | Q(status=CaseStatus.CLOSED, closed_at__isnull=False)
        )
        until = SqlCase(
            When(status=CaseStatus.OPEN, then=Value(None)),
            default=F("closed_at"),
            output_field=DateTimeField(),
        )
        return ever_open, F("opened_at"), until


# ----------------------------------------------------------------------------------- measures

# A breakdown's rows in the areas: never dependent on the period, so each fact keeps its row (a
# breakdown by age, which is, is ``by_age``).
Rows = Callable[[tuple[str, ...]], list[tuple[str, Q]]]


@dataclass(frozen=True)
class Measure:
    """One figure of the catalogue. ``code`` is part of the API contract: never change one."""

    code: str
    title: str
    group: str
    definition: str
    # The records in the areas, and which fall in a period (or, for a count at a moment, which
    # were in that state at the end of the period).
    records: Callable[[tuple[str, ...]], QuerySet]
    selects: During | OverdueAt | OpenAtEnd
    # Of those records, only these count: a figure that shares its records' scan (below) with
    # others narrows them in its own counts rather than in the records read.
    only: Q | None = None
    # Figures with the same ``records`` that all set this are counted in one query: one scan of
    # their records and joins, not one each (decision 0043: the five screening figures).
    shares_scan: bool = False
    # What one counts: a record ("pk"), or a child ("person").
    counts: str = "pk"
    # For timeliness and shares: the records that meet the standard (the value), out of all
    # (the rate's whole). Given the records counted, for a standard that depends on them; never
    # on the period, so the facts (decision 0050) can say whether each record meets it.
    meets: Callable[[QuerySet], Q] | None = None
    # Or, for children: those with at least this many records in the period meet it.
    repeated: int = 0
    rate_words: str = ""
    # A breakdown shown as a table: label and filter of each row; rows cover every record.
    rows: Rows | None = None
    # Or a breakdown by age at the end of the period, from the date of birth in this field.
    by_age: str = ""
    row_heading: str = ""
    # A breakdown whose rows overlap (a child with two exploitation types is in both): each row
    # is published on its own, with no total.
    overlapping: bool = False

    @property
    def rated(self) -> bool:
        """A standard or a share: a part (meeting it) out of a whole."""
        return self.meets is not None or self.repeated > 0

    def breakdown(self, areas, period: Period) -> list[tuple[str, Q]]:
        if self.by_age:
            return _age_bands(self.by_age, period)
        return self.rows(areas) if self.rows else []


def _concerns(areas):
    return Concern.objects.filter(home_area__in=areas)


def _case_area(areas, prefix="case__"):
    return Q(**{f"{prefix}lead_agency__area_code__in": areas})


def _screenings(areas):
    return Screening.objects.filter(
        Q(concern__home_area__in=areas) | _case_area(areas), person_status__in=CHILD_STATUSES
    )


def _missing(areas):
    return MissingEpisode.objects.filter(
        _case_area(areas) | Q(case__isnull=True, concern__home_area__in=areas)
    )


def _tasks(code):
    def records(areas):
        return Task.objects.filter(
            Q(case__isnull=False, **{"case__lead_agency__area_code__in": areas})
            | Q(case__isnull=True, concern__home_area__in=areas),
            code=code,
        ).exclude(status__in=(TaskStatus.NOT_NEEDED, TaskStatus.NOT_NEEDED_PENDING))

    return records


def _by_choice(field_name: str, choices) -> Rows:
    return lambda areas: [(label, Q(**{field_name: value})) for value, label in choices]


def _age_bands(dob: str, period: Period) -> list[tuple[str, Q]]:
    """Age at the end of the period, from the date of birth recorded in ``dob``."""

    def born_after(years: int) -> date:
        end = period.end
        try:
            return end.replace(year=end.year - years)
        except ValueError:  # 29 February
            return end.replace(year=end.year - years, day=28)

    return [
        ("Under 10", Q(**{f"{dob}__gt": born_after(10)})),
        ("10 to 13", Q(**{f"{dob}__gt": born_after(14), f"{dob}__lte": born_after(10)})),
        ("14 and 15", Q(**{f"{dob}__gt": born_after(16), f"{dob}__lte": born_after(14)})),
        ("16 and 17", Q(**{f"{dob}__gt": born_after(18), f"{dob}__lte": born_after(16)})),
        ("18 or over (presumed a child)", Q(**{f"{dob}__lte": born_after(18)})),
        ("Not known", Q(**{f"{dob}__isnull": True})),
    ]


def _nationality_groups(areas) -> list[tuple[str, Q]]:
    # Nationalities are stored as comma-separated country codes.
    nationalities = "person__nationalities"
    british = Q(**{f"{nationalities}__contains": "GB"})
    return [
        ("British", british),
        ("Another nationality only", ~british & ~Q(**{nationalities: ""})),
        ("Not known", Q(**{nationalities: ""})),
    ]


def _exploitation_types(areas) -> list[tuple[str, Q]]:
    labels = (
        ("sexual", "Sexual"),
        ("labour", "Labour"),
        ("criminal", "Criminal"),
        ("domestic_servitude", "Domestic servitude"),
        ("organ_harvesting", "Organ harvesting"),
        ("not_specified", "Not specified"),
    )
    rows = [(label, Q(**{exploitation_column(code): True})) for code, label in labels]
    rows.append(("County lines", Q(county_lines=True)))
    return rows


def _agencies(prefix: str) -> Rows:
    """A row per agency working in the areas (an agency with no area works in all four)."""

    def rows(areas):
        agencies = Agency.objects.filter(Q(area_code__in=areas) | Q(area_code="")).order_by("name")
        return [(a.name, Q(**{f"{prefix}_id": a.pk})) for a in agencies]

    return rows


def _rg_within_target(records: QuerySet) -> Q:
    """Decided within the target of working days from the referral's submission. The due day
    is the submission date plus a number of calendar days that depends on the weekends and
    English bank holidays in between: one clause per such number (a handful), each naming the
    submission dates it applies to."""
    submitted = records.values_list("referral__submitted_on", flat=True).distinct().order_by()
    by_offset: dict[int, list[date]] = {}
    for day in submitted:
        if day is not None:
            by_offset.setdefault((reasonable_grounds_due(day) - day).days, []).append(day)
    meets = Q(pk__in=[])
    for offset, days in by_offset.items():
        due = ExpressionWrapper(
            F("referral__submitted_on") + timedelta(days=offset), output_field=DateField()
        )
        meets |= Q(referral__submitted_on__in=days, decided_on__lte=due)
    return meets


def _any_task_overdue(areas):
    return Task.objects.filter(
        Q(case__isnull=False, case__lead_agency__area_code__in=areas)
        | Q(case__isnull=True, concern__home_area__in=areas)
    ).exclude(status__in=(TaskStatus.NOT_NEEDED, TaskStatus.NOT_NEEDED_PENDING))


def _plan_cases(areas):
    """Cases of children screened as potential victims or in the CSE or missing risk groups,
    or who went missing: the cases whose plan must show all three risks considered. Each
    condition asks the case's own rows (``EXISTS`` through the foreign key's index): a set of
    case ids, at 300,000 cases, is too large for PostgreSQL to hash and was scanned again for
    every case (decision 0035)."""
    screened = Screening.objects.filter(case=OuterRef("pk")).filter(
        Q(outcome=POTENTIAL_VICTIM)
        | Q(**{risk_column(CSE_RISK): True})
        | Q(**{risk_column(MISSING_RISK): True})
    )
    went_missing = MissingEpisode.objects.filter(case=OuterRef("pk"))
    return Case.objects.filter(
        _case_area(areas, prefix=""), Q(Exists(screened)) | Q(Exists(went_missing))
    )


def _three_risks(records) -> Q:
    """``missing.rules.all_three_risks_considered``, asked of each case's own rows (as in
    ``_plan_cases``): a screening reached an outcome, no 'consider trafficking' task is open,
    every return of the child had an interview offered."""
    reached = Screening.objects.filter(case=OuterRef("pk")).exclude(
        outcome="insufficient_information"
    )
    consider_open = Task.objects.filter(
        case=OuterRef("pk"), code="consider_trafficking", status=TaskStatus.OPEN
    )
    unoffered = MissingEpisode.objects.filter(
        person=OuterRef("person"), returned_at__isnull=False
    ).exclude(Exists(ReturnHomeInterview.objects.filter(episode=OuterRef("pk"))))
    return Q(Exists(reached)) & ~Q(Exists(consider_open)) & ~Q(Exists(unoffered))


def _training(areas):
    if set(areas) == set(Area.values):
        return TrainingAttendee.objects.all()
    return TrainingAttendee.objects.filter(session__area__in=areas)


def _training_answered(areas):
    """Attendances whose attendee answered every statement before and after the course, with
    the sum of their scores at each stage (each stage is answered whole, so the sums compare
    the same statements)."""
    answers = SelfAssessmentAnswer.objects.filter(attendee=OuterRef("pk")).order_by()

    def total(stage):
        by_stage = answers.filter(stage=stage).values("attendee").annotate(total=Sum("score"))
        return Subquery(by_stage.values("total")[:1])

    return (
        _training(areas)
        .annotate(before_total=total(Stage.BEFORE), after_total=total(Stage.AFTER))
        .filter(before_total__isnull=False, after_total__isnull=False)
    )


def _audited(areas):
    return graded_in_completed_audits().filter(_case_area(areas))


WITHIN_72_HOURS = timedelta(hours=INTERVIEW_HOURS)

SCOPE, NRM, TIMELINESS, MISSING, PLANS, PROSECUTION, TRAINING, QUALITY = (
    "Scope of the problem",
    "National Referral Mechanism",
    "Timeliness",
    "Missing children",
    "Plans and actions",
    "Disruption and prosecution",
    "Training",
    "Quality of practice",
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        code="concerns_raised",
        title="Concerns raised",
        group=SCOPE,
        definition=(
            "Concerns about a child or adult recorded in Haven in the period, whose home area "
            "is the area, by the type of agency that raised them."
        ),
        records=_concerns,
        selects=During("created_at"),
        rows=_by_choice("raised_by_agency__agency_type", AgencyType.choices),
        row_heading="Agency type",
    ),
    Measure(
        code="children_screened",
        title="Children screened",
        group=SCOPE,
        definition=(
            "Children (and young people presumed to be children) screened against the "
            "trafficking definition in the period, each counted once, by gender."
        ),
        records=_screenings,
        shares_scan=True,
        selects=During("created_at"),
        counts="person",
        rows=_by_choice("person__gender", Gender.choices),
        row_heading="Gender",
    ),
    Measure(
        code="potential_victims",
        title="Children who are potential victims",
        group=SCOPE,
        definition=(
            "Children screened in the period whose screening found them a potential victim of "
            "trafficking (an act and a purpose of exploitation), each counted once, by age at "
            "the end of the period."
        ),
        records=_screenings,
        shares_scan=True,
        only=Q(outcome=POTENTIAL_VICTIM),
        selects=During("created_at"),
        counts="person",
        by_age="person__date_of_birth",
        row_heading="Age band",
    ),
    Measure(
        code="exploitation_types",
        title="Potential victims by type of exploitation",
        group=SCOPE,
        definition=(
            "Children found potential victims in the period, by each type of exploitation "
            "their screening found. A child may have more than one type, so the rows are not "
            "added up; the figure is the number of children."
        ),
        records=_screenings,
        shares_scan=True,
        only=Q(outcome=POTENTIAL_VICTIM),
        selects=During("created_at"),
        counts="person",
        rows=_exploitation_types,
        row_heading="Type of exploitation",
        overlapping=True,
    ),
    Measure(
        code="nationality_groups",
        title="Children screened by nationality",
        group=SCOPE,
        definition=(
            "Children screened in the period by the nationalities recorded for them: British "
            "(including dual nationals), another nationality only, or not known."
        ),
        records=_screenings,
        shares_scan=True,
        selects=During("created_at"),
        counts="person",
        rows=_nationality_groups,
        row_heading="Nationality",
    ),
    Measure(
        code="uasc_share",
        title="Unaccompanied asylum-seeking children",
        group=SCOPE,
        definition=(
            "Children screened in the period whose screening placed them in the risk group of "
            "unaccompanied asylum-seeking children, and their share of all children screened."
        ),
        records=_screenings,
        shares_scan=True,
        selects=During("created_at"),
        counts="person",
        meets=lambda records: Q(**{risk_column(UASC_RISK): True}),
        rate_words="of children screened",
    ),
    Measure(
        code="nrm_referrals",
        title="NRM referrals",
        group=NRM,
        definition=(
            "Referrals to the National Referral Mechanism submitted in the period from cases "
            "the area leads (the submission date the First Responder recorded)."
        ),
        records=lambda areas: NrmReferral.objects.filter(_case_area(areas)).exclude(
            state=NrmState.DRAFT
        ),
        selects=During("submitted_on", is_date=True),
    ),
    Measure(
        code="nrm_referrals_within_5_working_days",
        title="NRM referrals made within 5 working days",
        group=NRM,
        definition=(
            "NRM referral tasks due in the period (5 working days after the screening that "
            "found a potential victim; weekends and English bank holidays are not working "
            "days) that were completed by their due time, out of all due in the period."
        ),
        records=_tasks("nrm_referral"),
        selects=During("due_at"),
        meets=lambda records: Q(status=TaskStatus.DONE, completed_at__lte=F("due_at")),
        rate_words="on time",
    ),
    Measure(
        code="nrm_decisions",
        title="NRM decisions",
        group=NRM,
        definition=(
            "Decisions of the Single Competent Authority on referrals from the area's cases, "
            "dated in the period, by decision."
        ),
        records=lambda areas: NrmDecision.objects.filter(
            _case_area(areas, prefix="referral__case__")
        ),
        selects=During("decided_on", is_date=True),
        rows=_by_choice("decision", [c for c in NrmState.choices if c[0] != NrmState.DRAFT]),
        row_heading="Decision",
    ),
    Measure(
        code="nrm_reasonable_grounds_within_5_working_days",
        title="Reasonable grounds decisions within 5 working days",
        group=NRM,
        definition=(
            "Reasonable grounds decisions dated in the period that came within 5 working days "
            "of the referral's submission (the Home Office's target), out of all reasonable "
            "grounds decisions in the period."
        ),
        records=lambda areas: NrmDecision.objects.filter(
            _case_area(areas, prefix="referral__case__"), decision__in=REASONABLE_GROUNDS
        ),
        selects=During("decided_on", is_date=True),
        meets=_rg_within_target,
        rate_words="within target",
    ),
    Measure(
        code="front_door_within_1_working_day",
        title="Front door decisions within 1 working day",
        group=TIMELINESS,
        definition=(
            "Concerns the area's front door decided in the period that were decided by the end "
            "of the next working day after they reached it, out of all decided in the period."
        ),
        records=lambda areas: _concerns(areas).filter(decided_at__isnull=False),
        selects=During("decided_at"),
        meets=lambda records: Q(decided_at__lte=F("decision_due_at")),
        rate_words="on time",
    ),
    Measure(
        code="strategy_meetings_on_time",
        title="Strategy meetings held on time",
        group=TIMELINESS,
        definition=(
            "Strategy meeting tasks due in the period (the local standard: 3 working days "
            "after the screening) completed by their due time, out of all due in the period."
        ),
        records=_tasks("strategy_meeting"),
        selects=During("due_at"),
        meets=lambda records: Q(status=TaskStatus.DONE, completed_at__lte=F("due_at")),
        rate_words="on time",
    ),
    Measure(
        code="return_interviews_within_72_hours",
        title="Return home interviews within 72 hours",
        group=TIMELINESS,
        definition=(
            "Children's returns from a missing episode in the period after which a return home "
            "interview was held within 72 hours, out of all returns in the period."
        ),
        records=lambda areas: _missing(areas).filter(returned_at__isnull=False),
        selects=During("returned_at"),
        meets=lambda records: Q(
            Exists(
                ReturnHomeInterview.objects.filter(
                    episode=OuterRef("pk"),
                    held_at__isnull=False,
                    held_at__lte=OuterRef("returned_at") + WITHIN_72_HOURS,
                )
            )
        ),
        rate_words="within 72 hours",
    ),
    Measure(
        code="missing_episodes",
        title="Missing episodes",
        group=MISSING,
        definition="Episodes of children going missing reported in the period.",
        records=_missing,
        selects=During("reported_missing_at"),
    ),
    Measure(
        code="children_missing",
        title="Children who went missing",
        group=MISSING,
        definition="Children reported missing at least once in the period, each counted once.",
        records=_missing,
        selects=During("reported_missing_at"),
        counts="person",
    ),
    Measure(
        code="repeat_missing_children",
        title="Children missing more than once",
        group=MISSING,
        definition=(
            "Children reported missing two or more times in the period, and their share of the "
            "children who went missing."
        ),
        records=_missing,
        selects=During("reported_missing_at"),
        counts="person",
        repeated=2,
        rate_words="of children who went missing",
    ),
    Measure(
        code="three_risks_considered",
        title="Plans showing all three risks considered",
        group=PLANS,
        definition=(
            "Cases open at the end of the period of children screened as potential victims, "
            "sexually exploited or missing (or who went missing), whose plan shows all three "
            "risks considered: a screening reached an outcome, no 'consider trafficking' task "
            "is open and every return from missing had a return home interview offered (as "
            "recorded when counted: now for the periods, at the daily count for past quarters "
            "of the trend)."
        ),
        records=_plan_cases,
        selects=OpenAtEnd(),
        meets=_three_risks,
        rate_words="of those cases",
    ),
    Measure(
        code="overdue_actions",
        title="Overdue actions",
        group=PLANS,
        definition=(
            "Required actions (tasks) on the area's concerns and cases that were open and past "
            "their due time at the end of the period, by the agency whose team owns them."
        ),
        records=_any_task_overdue,
        selects=OverdueAt(),
        rows=_agencies("team__agency"),
        row_heading="Agency",
    ),
    Measure(
        code="investigations",
        title="Police investigations opened",
        group=PROSECUTION,
        definition="Police investigations opened in the period on the area's cases.",
        records=lambda areas: Investigation.objects.filter(_case_area(areas)),
        selects=During("opened_on", is_date=True),
    ),
    Measure(
        code="orders",
        title="Orders and notices",
        group=PROSECUTION,
        definition=(
            "Slavery and trafficking prevention and risk orders, and child abduction warning "
            "notices, issued in the period in investigations on the area's cases, by type."
        ),
        records=lambda areas: Order.objects.filter(_case_area(areas, "investigation__case__")),
        selects=During("issued_on", is_date=True),
        rows=_by_choice("order_type", OrderType.choices),
        row_heading="Type",
    ),
    Measure(
        code="charges",
        title="Suspects charged",
        group=PROSECUTION,
        definition=(
            "Suspects charged in the period in investigations on the area's cases; the rate is "
            "their share of the suspects whose charging decision (charged or no further "
            "action) came in the period."
        ),
        records=lambda areas: SuspectOutcome.objects.filter(
            _case_area(areas, "suspect__investigation__case__"),
            outcome__in=(Outcome.CHARGED, Outcome.NO_FURTHER_ACTION),
        ),
        selects=During("decided_on", is_date=True),
        counts="suspect",
        meets=lambda records: Q(outcome=Outcome.CHARGED),
        rate_words="of charging decisions",
    ),
    Measure(
        code="convictions",
        title="Suspects convicted",
        group=PROSECUTION,
        definition=(
            "Suspects convicted in the period in investigations on the area's cases; the rate "
            "is their share of the trials that ended in the period (convicted or acquitted)."
        ),
        records=lambda areas: SuspectOutcome.objects.filter(
            _case_area(areas, "suspect__investigation__case__"),
            outcome__in=(Outcome.CONVICTED, Outcome.ACQUITTED),
        ),
        selects=During("decided_on", is_date=True),
        counts="suspect",
        meets=lambda records: Q(outcome=Outcome.CONVICTED),
        rate_words="of trials ended",
    ),
    Measure(
        code="people_trained",
        title="People trained",
        group=TRAINING,
        definition=(
            "Attendances at training sessions held in the area in the period (every session for "
            "Pan Cheshire), by agency type. The change in self-assessment before and after each "
            "course, statement by statement, is on the training page."
        ),
        records=_training,
        selects=During("session__held_on", is_date=True),
        rows=_by_choice("agency__agency_type", AgencyType.choices),
        row_heading="Agency type",
    ),
    Measure(
        code="training_self_assessment_improved",
        title="Attendees whose self-assessment improved",
        group=TRAINING,
        definition=(
            "Attendances at training sessions held in the area in the period (every session for "
            "Pan Cheshire) whose attendee scored the course's statements higher in total after "
            "the course than before it; the rate is their share of the attendances answered "
            "both before and after. Scores run from 1 (strongly disagree) to 5 (strongly agree)."
        ),
        records=_training_answered,
        selects=During("session__held_on", is_date=True),
        meets=lambda records: Q(after_total__gt=F("before_total")),
        rate_words="of those who answered before and after",
    ),
    Measure(
        code="audit_grades",
        title="Cases graded in case audits",
        group=QUALITY,
        definition=(
            "Cases graded in the period in case audits that have been completed, whose lead "
            "authority is the area's, by the overall grade the auditor gave the practice: "
            "outstanding, good, requires improvement or inadequate."
        ),
        records=_audited,
        selects=During("graded_at"),
        rows=_by_choice("grade", Grade.choices),
        row_heading="Grade",
    ),
)

CATALOGUE: dict[str, Measure] = {measure.code: measure for measure in MEASURES}


def _measure_by_code(code: str) -> Measure:
    return CATALOGUE[code]


# A cached dashboard names each measure by its code (its functions cannot be pickled).
Measure.__reduce__ = lambda self: (_measure_by_code, (self.code,))

# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: Shown
    previous: Shown
    change: Shown


@dataclass(frozen=True)
class FigureResult:
    measure: Measure
    value: Shown
    previous: Shown
    # Timeliness and shares: the whole the value is out of, and the rates (a Decimal, or a
    # symbol: c suppressed, z nothing to divide by, k rounds to 0).
    whole: Shown | None = None
    previous_whole: Shown | None = None
    rate: Decimal | Symbol | None = None
    previous_rate: Decimal | Symbol | None = None
    rows: tuple[BreakdownRow, ...] = ()
    trend: tuple[tuple[str, Shown], ...] = ()

    @property
    def code(self) -> str:
        return self.measure.code


@dataclass(frozen=True)
class Dashboard:
    area: str
    period: Period
    previous: Period
    quarters: tuple[Period, ...]
    figures: tuple[FigureResult, ...] = field(default_factory=tuple)
    # When the stored past quarters of the trend were counted (decision 0043); None when every
    # quarter was counted live.
    trend_as_at: datetime | None = None
    # When the period's own figures were counted, if the daily job counted them: a quarter
    # whose counts it kept (decision 0046), or the facts any period is counted from (decision
    # 0050); None when they were counted now from the records.
    figures_as_at: datetime | None = None

    @property
    def area_name(self) -> str:
        return dict(DASHBOARD_AREAS)[self.area]

    def figure(self, code: str) -> FigureResult:
        return next(f for f in self.figures if f.code == code)


def _count(measure: Measure, where: Q) -> Count:
    # Records are counted once each: every filter follows a to-one relation, so no join repeats
    # a record. A child or suspect may have several records: counted once.
    return Count(measure.counts, filter=where, distinct=measure.counts != "pk")


def _trend_key(measure: Measure, span: str) -> str:
    # The trend is of the figure's value: for a standard or a share, the records that meet it.
    return f"{span}_meets" if measure.rated else span


def _spans(period: Period, quarters: dict[int, Period]) -> dict[str, Period]:
    return {"now": period, "before": period.previous()} | {
        f"q{i}": quarter for i, quarter in quarters.items()
    }


def _counted(
    measure: Measure, areas, period: Period, quarters: dict[int, Period]
) -> tuple[dict, list]:
    """Every count the figure needs, in one aggregate query: the period, the previous one, each
    quarter given (and for a standard, those meeting it) and each breakdown row in both
    periods."""
    rows = measure.breakdown(areas, period)
    return _aggregate(measure, areas, _spans(period, quarters), period, rows), rows


def _window(measure: Measure, spans: dict[str, Period]) -> Q:
    """The records in any of the spans: the other spans only widen the records read, each span
    is counted on its own."""
    window = Q()
    for span in spans.values():
        window |= measure.selects(span)
    return window & (measure.only or Q())


def _inside(measure: Measure, spans: dict[str, Period], period: Period, rows) -> dict[str, Q]:
    """What places a record in each span, and in each breakdown row in ``period`` and the one
    before."""
    inside = {key: measure.selects(span) for key, span in spans.items()}
    for i, (_label, where) in enumerate(rows):
        inside[f"row{i}_now"] = measure.selects(period) & where
        inside[f"row{i}_before"] = measure.selects(period.previous()) & where
    only = measure.only or Q()
    return {key: where & only for key, where in inside.items()}


def _sums(measure: Measure, records: QuerySet, spans, inside) -> dict:
    sums = {key: _count(measure, where) for key, where in inside.items()}
    if measure.meets is not None:
        meets = measure.meets(records)
        sums |= {f"{key}_meets": _count(measure, inside[key] & meets) for key in spans}
    return sums


def _aggregate(measure: Measure, areas, spans: dict[str, Period], period: Period, rows=()) -> dict:
    """The counts of ``spans`` and of the breakdown ``rows`` in ``period`` and the one before."""
    records = measure.records(areas).filter(_window(measure, spans))
    inside = _inside(measure, spans, period, rows)
    if measure.repeated or (measure.meets is not None and measure.counts == "pk"):
        meets = measure.meets(records) if measure.meets is not None else None
        return _counted_by_unit(measure, records, spans, inside, meets)
    return records.aggregate(**_sums(measure, records, spans, inside))


def _counted_together(
    measures: list[Measure], areas, period: Period, quarters: dict[str, dict[int, Period]]
) -> dict[str, tuple[dict, list]]:
    """``_counted`` for figures sharing their records (``shares_scan``), in one query: each
    figure's counts are the same ``COUNT ... FILTER`` as on its own, named apart. ``quarters``:
    each figure's quarters to count."""
    base = measures[0].records(areas)
    window, sums, named, rows_of = Q(), {}, {}, {}
    for n, measure in enumerate(measures):
        spans = _spans(period, quarters[measure.code])
        rows_of[measure.code] = measure.breakdown(areas, period)
        window |= _window(measure, spans)
        inside = _inside(measure, spans, period, rows_of[measure.code])
        for key, total in _sums(measure, base, spans, inside).items():
            sums[f"f{n}_{key}"] = total
            named[f"f{n}_{key}"] = (measure.code, key)
    counted: dict[str, dict] = {measure.code: {} for measure in measures}
    for alias, value in base.filter(window).aggregate(**sums).items():
        code, key = named[alias]
        counted[code][key] = value
    return {code: (counted[code], rows_of[code]) for code in counted}


def _marked(where: Q) -> SqlCase:
    return SqlCase(When(where, then=1), default=0, output_field=IntegerField())


def _units(where: Q) -> Coalesce:
    return Coalesce(Sum(_marked(where)), 0)


def _counted_by_unit(measure: Measure, records: QuerySet, spans, inside, meets) -> dict:
    """The same counts from the records grouped by what is counted, each group noting how many
    of its records fall in each span and row; the outer query adds up the groups (decision
    0035). Asked for two kinds of figure: a standard over records, whose test (which may hold
    subqueries, as for plans and return interviews) is then worked out once per record rather
    than once per span; and children with at least ``repeated`` records in a span."""
    per_unit = {f"in_{key}": Sum(_marked(where)) for key, where in inside.items()}
    sums = {key: _units(Q(**{f"in_{key}__gte": 1})) for key in inside}
    if meets is not None:
        # One record per group: whether it meets the standard holds in every span.
        per_unit["in_meets"] = Max(_marked(meets))
        sums |= {f"{key}_meets": _units(Q(**{f"in_{key}__gte": 1, "in_meets": 1})) for key in spans}
    if measure.repeated:
        sums |= {f"{key}_meets": _units(Q(**{f"in_{key}__gte": measure.repeated})) for key in spans}
    grouped = (
        records.filter(**{f"{measure.counts}__isnull": False})
        .values(measure.counts)
        .annotate(**per_unit)
    )
    return grouped.aggregate(**sums)


@dataclass(frozen=True)
class Counts:
    """A measure's counts before disclosure control: for tests of its definition, never shown."""

    value: int
    previous: int
    whole: int | None
    previous_whole: int | None
    rows: dict[str, int]
    trend: tuple[int, ...]


@reporting_reads()
def measure_counts(*, code: str, area: str, start: date, end: date) -> Counts:
    measure = CATALOGUE[code]
    quarters = quarters_to(end)
    counted, rows = _counted(measure, areas_of(area), Period(start, end), dict(enumerate(quarters)))
    rated = measure.rated
    part = "_meets" if rated else ""
    return Counts(
        value=counted[f"now{part}"],
        previous=counted[f"before{part}"],
        whole=counted["now"] if rated else None,
        previous_whole=counted["before"] if rated else None,
        rows={label: counted[f"row{i}_now"] for i, (label, _) in enumerate(rows)},
        trend=tuple(counted[f"q{i}{part}"] for i in range(len(quarters))),
    )


def _live(quarters, stored: dict[int, int]) -> dict[int, Period]:
    return {i: quarter for i, quarter in enumerate(quarters) if i not in stored}


def _counted_each(
    chosen: tuple[Measure, ...], areas, period: Period, live: dict[str, dict[int, Period]]
) -> dict[str, tuple[dict, list]]:
    """``_counted`` for every chosen figure, with the quarters ``live`` gives each; those sharing
    their records' scan counted together."""
    together: dict[Callable, list[Measure]] = {}
    for measure in chosen:
        if measure.shares_scan:
            together.setdefault(measure.records, []).append(measure)
    counted = {}
    for group in together.values():
        if len(group) > 1:
            counted |= _counted_together(
                group, areas, period, {m.code: live[m.code] for m in group}
            )
    for measure in chosen:
        if measure.code not in counted:
            counted[measure.code] = _counted(measure, areas, period, live[measure.code])
    return counted


def _computed(
    chosen: tuple[Measure, ...],
    areas,
    period: Period,
    quarters,
    stored: dict[str, dict[int, int]],
    kept: dict[str, tuple[dict, list]] | None = None,
    facts: QuerySet | None = None,
) -> tuple[FigureResult, ...]:
    """Every chosen figure: from ``kept`` (the period's counts the daily job stored, decision
    0046) when there, or else counted now, from the figures' ``facts`` when given (decision
    0050) or else from their records, with its trend's quarters from ``stored`` when there."""
    kept = kept or {}
    counting = tuple(measure for measure in chosen if measure.code not in kept)
    live = {m.code: _live(quarters, stored.get(m.code, {})) for m in counting}
    if facts is None:
        counted = kept | _counted_each(counting, areas, period, live)
    else:
        counted = kept | {
            m.code: _counted_from_facts(m, areas, period, live[m.code], facts) for m in counting
        }
    return tuple(
        _compute(
            measure, areas, period, quarters, stored.get(measure.code, {}), counted[measure.code]
        )
        for measure in chosen
    )


def _compute(
    measure: Measure,
    areas,
    period: Period,
    quarters,
    stored: dict[int, int],
    counted: tuple[dict, list] | None = None,
) -> FigureResult:
    """``stored``: the raw trend counts of the quarters read from the store, by their index in
    ``quarters``; the others are counted live with the periods (unless ``counted`` already
    holds the figure's counts: counted with others sharing its scan, or kept by the daily
    job). A quarter ``counted`` holds is taken from it: a kept period's own quarter."""
    counted, rows = counted or _counted(measure, areas, period, _live(quarters, stored))
    trend = tuple(
        (
            quarter_label(quarter),
            publish_count(counted.get(_trend_key(measure, f"q{i}"), stored.get(i))),
        )
        for i, quarter in enumerate(quarters)
    )
    if measure.rated:
        return _rated(measure, counted, trend)
    if rows and not measure.overlapping:
        return _tabled(measure, counted, rows, trend)
    breakdown = tuple(
        BreakdownRow(
            label=label,
            value=publish_count(counted[f"row{i}_now"]),
            previous=publish_count(counted[f"row{i}_before"]),
            change=_change(counted[f"row{i}_now"], counted[f"row{i}_before"]),
        )
        for i, (label, _) in enumerate(rows)
    )
    return FigureResult(
        measure=measure,
        value=publish_count(counted["now"]),
        previous=publish_count(counted["before"]),
        rows=breakdown,
        trend=trend,
    )


def _change(now: int, before: int) -> Shown:
    shown_now, shown_before = publish_count(now), publish_count(before)
    if isinstance(shown_now, Symbol) or isinstance(shown_before, Symbol):
        return Symbol.CONFIDENTIAL
    return now - before


def _tabled(measure, counted, rows, trend) -> FigureResult:
    def table(key):
        labels = tuple(label for label, _ in rows)
        counts = tuple((counted[f"row{i}_{key}"],) for i in range(len(rows)))
        return CountTable(rows=labels, columns=(measure.title,), counts=counts)

    shown = publish_table(table("now"), table("before"))
    return FigureResult(
        measure=measure,
        value=shown.current.total,
        previous=shown.previous.total,
        rows=tuple(
            BreakdownRow(
                label=label,
                value=shown.current.cells[i][0],
                previous=shown.previous.cells[i][0],
                change=shown.change.cells[i][0],
            )
            for i, (label, _) in enumerate(rows)
        ),
        trend=trend,
    )


def _rated(measure, counted, trend) -> FigureResult:
    """A part and its whole: published as a two-row table (meets, does not), so neither the
    part nor the rest of a whole can be worked out when one is 1 to 5."""
    met, not_met = "Meets the standard", "Does not"

    def table(key):
        meets = counted[f"{key}_meets"]
        return CountTable(
            rows=(met, not_met),
            columns=(measure.title,),
            counts=((meets,), (counted[key] - meets,)),
        )

    shown = publish_table(table("now"), table("before"))

    def rate(key, published):
        return publish_rate(
            counted[f"{key}_meets"],
            counted[key],
            part_shown=published.cells[0][0],
            whole_shown=published.total,
        )

    return FigureResult(
        measure=measure,
        value=shown.current.cells[0][0],
        previous=shown.previous.cells[0][0],
        whole=shown.current.total,
        previous_whole=shown.previous.total,
        rate=rate("now", shown.current),
        previous_rate=rate("before", shown.previous),
        trend=trend,
    )


def figures_published(
    *, area: str, start: date, end: date, codes: tuple[str, ...] | None = None
) -> Dashboard:
    """``figures``, kept for ``HAVEN_DASHBOARD_CACHE_SECONDS`` per area, period and codes: the
    page, its downloads and the API show the same published figures for a few minutes rather
    than counting again on every view (decision 0033)."""
    seconds = settings.HAVEN_DASHBOARD_CACHE_SECONDS
    if not seconds:
        return figures(area=area, start=start, end=end, codes=codes)
    key = f"dashboard:{area}:{start.isoformat()}:{end.isoformat()}:{','.join(codes or ())}"
    found = cache.get(key)
    if found is None:
        found = figures(area=area, start=start, end=end, codes=codes)
        cache.set(key, found, seconds)
    return found


@reporting_reads()
def figures(
    *, area: str, start: date, end: date, codes: tuple[str, ...] | None = None
) -> Dashboard:
    """Every figure (or those in ``codes``) for ``area`` (an authority or ``pan_cheshire``) from
    ``start`` to ``end``, with the previous period and the quarterly trend, as published."""
    areas = areas_of(area)
    period = Period(start, end)
    quarters = quarters_to(end)
    chosen = MEASURES if codes is None else tuple(CATALOGUE[code] for code in codes)
    stored, trend_as_at = stored_trend(area, chosen, quarters)
    kept, figures_as_at = stored_quarter(area, chosen, period, quarters, stored)
    facts = None
    if any(measure.code not in kept for measure in chosen):
        facts, facts_as_at = stored_figure_facts(area=area, counted_since=_counted_since())
        if facts is not None:
            figures_as_at = min(figures_as_at or facts_as_at, facts_as_at)
    return Dashboard(
        area=area,
        period=period,
        previous=period.previous(),
        quarters=quarters,
        figures=_computed(chosen, areas, period, quarters, stored, kept, facts),
        trend_as_at=trend_as_at,
        figures_as_at=figures_as_at,
    )


def _counted_since() -> datetime:
    return timezone.now() - timedelta(hours=settings.HAVEN_DASHBOARD_TREND_HOURS)


def stored_trend(
    area: str, chosen: tuple[Measure, ...], quarters: tuple[Period, ...]
) -> tuple[dict[str, dict[int, int]], datetime | None]:
    """The raw trend counts stored for ``area`` (decision 0043), by figure and the quarter's
    index in ``quarters``, if counted within ``HAVEN_DASHBOARD_TREND_HOURS``; and when they were
    counted. An empty or stale store gives nothing, and the dashboard counts every quarter live:
    a fresh install, or one whose daily job stopped, is never wrong, only slower."""
    found = trend_quarter_counts(
        area=area,
        figures=[measure.code for measure in chosen],
        quarter_starts=[quarter.start for quarter in quarters],
        counted_since=_counted_since(),
    )
    index = {quarter.start: i for i, quarter in enumerate(quarters)}
    stored: dict[str, dict[int, int]] = {}
    for (code, start), (count, _at) in found.items():
        stored.setdefault(code, {})[index[start]] = count
    return stored, min((at for _count, at in found.values()), default=None)


def stored_quarter(
    area: str,
    chosen: tuple[Measure, ...],
    period: Period,
    quarters: tuple[Period, ...],
    stored: dict[str, dict[int, int]],
) -> tuple[dict[str, tuple[dict, list]], datetime | None]:
    """When ``period`` is a quarter a lead may choose (the current one or one before it), the raw
    counts the daily job kept for it (decision 0046) of each chosen figure whose trend's earlier
    quarters are stored too, by figure code, in the form ``_counted`` gives them; and when they
    were counted. The period is the trend's last quarter, so its point on the trend is the kept
    count itself. Nothing when the period is not a whole quarter or the counts are missing or
    stale: the dashboard then counts now."""
    if period != quarter_of(period.start):
        return {}, None
    last = len(quarters) - 1
    whole_trend = [m.code for m in chosen if set(stored.get(m.code, {})) >= set(range(last))]
    found = quarter_figure_counts(
        area=area, figures=whole_trend, quarter_start=period.start, counted_since=_counted_since()
    )
    kept = {}
    for code, (counts, rows, _at) in found.items():
        span = _trend_key(CATALOGUE[code], "now")
        kept[code] = (
            counts | {_trend_key(CATALOGUE[code], f"q{last}"): counts[span]},
            [(label, None) for label in rows],
        )
    return kept, min((at for _counts, _rows, at in found.values()), default=None)


@reporting_reads()
def past_quarter_counts(
    *, today: date
) -> tuple[tuple[Period, ...], list[tuple[str, str, date, int]]]:
    """What the daily job stores (decision 0043): the last ``STORED_QUARTERS`` quarters over
    before ``today``, and for each figure, dashboard area and one of those quarters the raw count
    its trend publishes, counted exactly as the dashboard counts it live (``_aggregate``, one
    query per figure and area for every quarter)."""
    quarters = quarters_to(last_complete_quarter(today).end, STORED_QUARTERS)
    spans = {f"q{i}": quarter for i, quarter in enumerate(quarters)}
    counts = []
    for area, _name in DASHBOARD_AREAS:
        for measure in MEASURES:
            counted = _aggregate(measure, areas_of(area), spans, quarters[-1])
            counts += [
                (measure.code, area, quarter.start, counted[_trend_key(measure, key)])
                for key, quarter in spans.items()
            ]
    return quarters, counts


@reporting_reads()
def past_quarter_figures(
    *, today: date
) -> tuple[tuple[Period, ...], list[tuple[str, str, date, dict, list[str]]]]:
    """What the daily job keeps for the dashboards of whole quarters (decision 0046): the
    ``CHOSEN_QUARTERS`` quarters a lead may choose (the one holding ``today`` and those before
    it), and for each figure, dashboard area and one of those quarters every raw count the
    figure is published from with that quarter as the period, counted exactly as the dashboard
    counts it (with the row labels of its breakdown). The trend's quarters are
    ``past_quarter_counts``'."""
    quarters = quarters_to(today, CHOSEN_QUARTERS)
    kept = []
    for area, _name in DASHBOARD_AREAS:
        for quarter in quarters:
            live = {m.code: {} for m in MEASURES}
            counted = _counted_each(MEASURES, areas_of(area), quarter, live)
            kept += [
                (code, area, quarter.start, counts, [label for label, _ in rows])
                for code, (counts, rows) in counted.items()
            ]
    return quarters, kept


# ------------------------------------------------------------------------------------- facts


def figure_facts() -> list[tuple[dict[str, str], QuerySet]]:
    """What the daily job keeps for the dashboards of any period (decision 0050): for each
    figure and dashboard area, the facts of every record the figure could ever count there: one
    per child (or suspect) counted and record, or for a figure of records, one per day, row and
    standard met with how many. They are selected by querysets that ``strategy.FigureFact`` is
    filled from without the records leaving the database: each with a map of the fact's columns
    to the annotations that give them. ``_counted_from_facts`` counts a figure's facts exactly
    as ``_aggregate`` counts its records."""
    return [
        selected
        for area, _name in DASHBOARD_AREAS
        for measure in MEASURES
        for selected in _facts_of(measure, area)
    ]


def _summed(measure: Measure) -> bool:
    """Counted by records, each in one row at most: a period's count is the sum of its days'
    counts, so the facts are one per day, row and standard met, with how many records."""
    return measure.counts == "pk" and not measure.overlapping and not measure.repeated


def _facts_of(measure: Measure, area: str) -> list[tuple[dict[str, str], QuerySet]]:
    areas = areas_of(area)
    held = isinstance(measure.selects, HeldAtEnd)
    if held:
        among, began, ended = measure.selects.held()
        if not _summed(measure):
            raise ValueError(f"{measure.code}: a state at the end of a period counts records.")
    else:
        among, day = measure.selects.fact_columns()
    records = measure.records(areas).filter(among, **{f"{measure.counts}__isnull": False})
    if measure.only is not None:
        records = records.filter(measure.only)
    columns = {"figure": Value(measure.code), "area": Value(area)}
    if measure.by_age:
        columns["born"] = F(measure.by_age)
    if measure.meets is not None:
        columns["meets"] = SqlCase(
            When(measure.meets(records), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    rows = measure.rows(areas) if measure.rows else []
    if rows and measure.overlapping:
        # Every record's fact for the figure's total (no row), and one more for each row it is
        # in: a child counted in two rows is one child in the total.
        selected = [
            (records, columns),
            *((records.filter(where), columns | {"row": Value(label)}) for label, where in rows),
        ]
    elif rows:
        row = SqlCase(
            *(When(where, then=Value(label)) for label, where in rows),
            default=Value(""),
            output_field=CharField(),
        )
        selected = [(records, columns | {"row": row})]
    else:
        selected = [(records, columns)]
    if held:
        return [
            by_day for queryset, used in selected for by_day in _held(queryset, used, began, ended)
        ]
    if _summed(measure):
        one = {"day": day, "weight": Value(1)}
        return [_named(queryset, used | one) for queryset, used in selected]
    return [_with_previous(measure, queryset, used | {"day": day}) for queryset, used in selected]


def _held(queryset: QuerySet, columns: dict, began, ended) -> list[tuple[dict, QuerySet]]:
    """A state's facts by day (in London): one more on the day it began and one fewer on the
    day it ended. A record whose state ended before it began is never in it, and is left out."""
    held = queryset.alias(began=began, ended=ended).filter(
        Q(ended__isnull=True) | Q(ended__gte=F("began"))
    )
    return [
        _named(held, columns | {"day": TruncDate(F("began"), tzinfo=LONDON), "weight": Value(1)}),
        _named(
            held.filter(ended__isnull=False),
            columns | {"day": TruncDate(F("ended"), tzinfo=LONDON), "weight": Value(-1)},
        ),
    ]


def _with_previous(measure: Measure, queryset: QuerySet, columns: dict):
    """A fact per record, with the day of the child's record before it (in the figure's total;
    in the same row; meeting the standard too): a child is in a span once, by the record whose
    previous one falls before the span. Which child is then not needed (except to count a
    child's records), so records alike in every column are one fact with their number."""
    names, annotated = _named(queryset, columns | {"unit": F(measure.counts), "weight": Value(1)})
    if not measure.repeated:
        del names["unit"]

    def previous(*apart):
        return Window(
            Lag("fact_day"),
            partition_by=[F("fact_unit"), *apart],
            order_by=[F("fact_day").asc(), F("pk").asc()],
        )

    before = {"prev_day": previous()}
    if "row" in columns and not measure.overlapping:
        before["prev_row_day"] = previous(F("fact_row"))
    if measure.meets is not None:
        before["prev_meets_day"] = previous(F("fact_meets"))
    return (
        names | {name: f"fact_{name}" for name in before},
        annotated.annotate(**{f"fact_{name}": value for name, value in before.items()}),
    )


def _named(queryset: QuerySet, columns: dict) -> tuple[dict[str, str], QuerySet]:
    # Named apart from the records' own fields ("area", "day" and the like may be theirs).
    return (
        {name: f"fact_{name}" for name in columns},
        queryset.annotate(**{f"fact_{name}": value for name, value in columns.items()}),
    )


def _counted_from_facts(
    measure: Measure, areas, period: Period, quarters: dict[int, Period], facts: QuerySet
) -> tuple[dict, list]:
    """``_counted`` from the figure's facts in the area (decision 0050). A figure of records:
    the sum of its days' counts in each span and row. A figure of children: the records that
    are a child's first in the span (their child's record before falls before it), and in a row
    or meeting the standard, the child's first there. Children counted by how many records they
    have in a span: the facts grouped by child, as ``_counted_by_unit`` groups records."""
    spans = _spans(period, quarters)
    facts = facts.filter(figure=measure.code)
    days = measure.selects.days
    # One range of days from the first span's start to the last one's end: an index range (the
    # spans all but touch: the period, the one before and the current quarter).
    window = days(
        Period(min(span.start for span in spans.values()), max(span.end for span in spans.values()))
    )
    if measure.by_age:
        rows = _age_bands("born", period)
    else:
        rows = [(label, Q(row=label)) for label, _where in measure.breakdown(areas, period)]
    if _summed(measure):
        inside = _inside_by_day(measure, spans, period, rows)
        sums = {key: Coalesce(Sum("weight", filter=where), 0) for key, where in inside.items()}
        return facts.filter(window).aggregate(**sums), rows
    if measure.repeated:
        # A child's records, by day: a figure of repeated records has no breakdown.
        inside = _inside_by_day(measure, spans, period, rows)
        per_unit = {f"in_{key}": Sum("weight", filter=where) for key, where in inside.items()}
        sums = {key: _units(Q(**{f"in_{key}__gte": 1})) for key in inside}
        sums |= {f"{key}_meets": _units(Q(**{f"in_{key}__gte": measure.repeated})) for key in spans}
        return facts.filter(window).values("unit").annotate(**per_unit).aggregate(**sums), rows

    def first(span: Period, previous: str, where: Q) -> Q:
        earlier = Q(**{f"{previous}__isnull": True}) | Q(**{f"{previous}__lt": span.start})
        return days(span) & earlier & where

    if measure.by_age or not rows:
        # No rows, or rows by age at the period's end, asked of each fact's date of birth.
        inside = {key: first(span, "prev_day", Q()) for key, span in spans.items()}
        for i, (_label, where) in enumerate(rows):
            inside[f"row{i}_now"] = first(period, "prev_day", where)
            inside[f"row{i}_before"] = first(period.previous(), "prev_day", where)
        if measure.meets is not None:
            inside |= {
                f"{key}_meets": first(span, "prev_meets_day", Q(meets=True))
                for key, span in spans.items()
            }
        sums = {key: Coalesce(Sum("weight", filter=where), 0) for key, where in inside.items()}
        return facts.filter(window).aggregate(**sums), rows
    # Rows by label: the counts of each span are asked once per row's facts (grouped by row),
    # not once per row. A row's children are those first in the span in that row; the figure's
    # total, those first in it at all: of every fact, or for rows that overlap, of the facts
    # kept for the total (no row).
    in_row = "prev_day" if measure.overlapping else "prev_row_day"
    asked = {key: first(span, "prev_day", Q()) for key, span in spans.items()}
    asked |= {
        "row_now": first(period, in_row, Q()),
        "row_before": first(period.previous(), in_row, Q()),
    }
    if measure.meets is not None:
        asked |= {
            f"{key}_meets": first(span, "prev_meets_day", Q(meets=True))
            for key, span in spans.items()
        }
    counts = {key: Coalesce(Sum("weight", filter=where), 0) for key, where in asked.items()}
    by_row = {
        found.pop("row"): found
        for found in facts.filter(window).values("row").annotate(**counts).order_by()
    }
    in_total = [by_row.get("", {})] if measure.overlapping else list(by_row.values())
    counted = {
        key: sum(found.get(key, 0) for found in in_total)
        for key in asked
        if not key.startswith("row_")
    }
    for i, (label, _where) in enumerate(rows):
        counted[f"row{i}_now"] = by_row.get(label, {}).get("row_now", 0)
        counted[f"row{i}_before"] = by_row.get(label, {}).get("row_before", 0)
    return counted, rows


def _inside_by_day(measure: Measure, spans, period: Period, rows) -> dict[str, Q]:
    days = measure.selects.days
    inside = {key: days(span) for key, span in spans.items()}
    for i, (_label, where) in enumerate(rows):
        inside[f"row{i}_now"] = days(period) & where
        inside[f"row{i}_before"] = days(period.previous()) & where
    if measure.meets is not None:
        inside |= {f"{key}_meets": inside[key] & Q(meets=True) for key in spans}
    return inside


# ------------------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class ChartTable:
    """A figure's chart as a table: the accessible version beside the chart, and the content of
    its CSV and XLSX downloads. ``series`` are the columns the chart draws."""

    code: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    series: tuple[int, ...]
    kind: str  # "breakdown", "standard" or "trend"


def _shown(value) -> object:
    """A published value for a table cell: a number, or its symbol's letter."""
    return value.value if isinstance(value, Symbol) else value


def chart_table(dashboard: Dashboard, figure: FigureResult) -> ChartTable:
    measure = figure.measure
    now, before = dashboard.period.label, dashboard.previous.label
    where = f"{dashboard.area_name}, {now}"
    if figure.rate is not None:
        return ChartTable(
            code=measure.code,
            caption=f"{measure.title}, {where}, and the previous period",
            header=("Period", measure.title, "Out of", f"Per cent {measure.rate_words}"),
            rows=(
                (now, _shown(figure.value), _shown(figure.whole), _shown(figure.rate)),
                (
                    before,
                    _shown(figure.previous),
                    _shown(figure.previous_whole),
                    _shown(figure.previous_rate),
                ),
            ),
            series=(1, 2),
            kind="standard",
        )
    if figure.rows:
        rows = [
            (row.label, _shown(row.value), _shown(row.previous), _shown(row.change))
            for row in figure.rows
        ]
        if not measure.overlapping:
            rows.append(("Total", _shown(figure.value), _shown(figure.previous), ""))
        return ChartTable(
            code=measure.code,
            caption=f"{measure.title} by {measure.row_heading.lower()}, {where}",
            header=(measure.row_heading, now, before, "Change"),
            rows=tuple(rows),
            series=(1, 2),
            kind="breakdown",
        )
    return ChartTable(
        code=measure.code,
        caption=f"{measure.title} by quarter, {dashboard.area_name}",
        header=("Quarter", measure.title),
        rows=tuple((label, _shown(value)) for label, value in figure.trend),
        series=(1,),
        kind="trend",
    )
