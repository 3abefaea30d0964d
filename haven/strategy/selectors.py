"""Reads of the strategy's records. National figures and training results are aggregates for
whoever sees aggregate figures; training records name professionals (never a child) and are
read by those who record training; an action plan is read by strategic leads and by whoever owns
one of its actions (``rules``)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from haven.strategy.models import (
    PAN_CHESHIRE,
    ActionPlan,
    BoardCommentary,
    FigureFact,
    FigureFactsCounted,
    NationalReferralFigures,
    PlanAction,
    QuarterFigureCounts,
    Rag,
    SelfAssessmentAnswer,
    Stage,
    TrainingAttendee,
    TrainingCourse,
    TrainingSession,
    TrendQuarterCount,
)
from haven.strategy.rules import sees_every_plan


def national_figures_list() -> QuerySet[NationalReferralFigures]:
    """Every year's national figures, earliest first. Published national statistics, about no
    child: whoever may see aggregate figures may see them."""
    return NationalReferralFigures.objects.all()


def board_commentary(*, area: str, quarter_start: date) -> BoardCommentary | None:
    """The commentary written for ``area``'s Board (or Pan Cheshire's Strategic Group) on the
    quarter starting ``quarter_start``, if any. About no child: read by whoever sees the
    dashboards (decision 0034)."""
    return (
        BoardCommentary.objects.select_related("written_by")
        .filter(area=area, quarter_start=quarter_start)
        .first()
    )


def trend_quarter_counts(
    *, area: str, figures: list[str], quarter_starts: list[date], counted_since: datetime
) -> dict[tuple[str, date], tuple[int, datetime]]:
    """The stored trend counts (decision 0043) of ``figures`` for ``area`` and the quarters
    starting on ``quarter_starts``, counted at or after ``counted_since``: (figure, quarter's
    first day) to (raw count, when it was counted). Raw counts, for reporting to publish
    through disclosure control; never shown as they are."""
    found = TrendQuarterCount.objects.filter(
        area=area,
        figure__in=figures,
        quarter_start__in=quarter_starts,
        counted_at__gte=counted_since,
    ).values_list("figure", "quarter_start", "count", "counted_at")
    return {(figure, start): (count, at) for figure, start, count, at in found}


def quarter_figure_counts(
    *, area: str, figures: list[str], quarter_start: date, counted_since: datetime
) -> dict[str, tuple[dict, list[str], datetime]]:
    """The counts kept (decision 0046) of ``figures`` for ``area`` with the quarter starting on
    ``quarter_start`` as the period, counted at or after ``counted_since``: figure to (raw
    counts, row labels, when counted). Raw counts, for reporting to publish through disclosure
    control; never shown as they are."""
    found = QuarterFigureCounts.objects.filter(
        area=area, figure__in=figures, quarter_start=quarter_start, counted_at__gte=counted_since
    ).values_list("figure", "counts", "rows", "counted_at")
    return {figure: (counts, rows, at) for figure, counts, rows, at in found}


def figure_facts(
    *, area: str, counted_since: datetime
) -> tuple[QuerySet[FigureFact] | None, datetime | None]:
    """The figures' facts for ``area`` (decision 0050) and when they were counted, if counted at
    or after ``counted_since``; (None, None) otherwise. Raw records of what is counted, for
    reporting to count and publish through disclosure control; never shown as they are."""
    counted = FigureFactsCounted.objects.filter(counted_at__gte=counted_since).first()
    if counted is None:
        return None, None
    return FigureFact.objects.filter(area=area), counted.counted_at


# --------------------------------------------------------------------------------- training


def training_courses() -> QuerySet[TrainingCourse]:
    """Every course, with how many sessions it has had and how many attended them."""
    return TrainingCourse.objects.annotate(
        session_count=Count("sessions", distinct=True),
        attendee_count=Count("sessions__attendees", distinct=True),
    ).prefetch_related("statements")


def training_course_get(*, course_id: int) -> TrainingCourse:
    course = training_courses().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def training_sessions(*, course: TrainingCourse) -> QuerySet[TrainingSession]:
    return course.sessions.annotate(attendee_count=Count("attendees"))


def training_session_get(*, session_id: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def training_attendees(*, session: TrainingSession) -> QuerySet[TrainingAttendee]:
    """A session's attendees, with whether each has answered before and after the course."""
    answered = SelfAssessmentAnswer.objects.filter(attendee=OuterRef("pk"))
    return session.attendees.select_related("agency").annotate(
        answered_before=Exists(answered.filter(stage=Stage.BEFORE)),
        answered_after=Exists(answered.filter(stage=Stage.AFTER)),
    )


def training_attendee_get(*, attendee_id: int) -> TrainingAttendee:
    attendee = (
        TrainingAttendee.objects.select_related("session__course", "agency")
        .filter(pk=attendee_id)
        .first()
    )
    if attendee is None:
        raise Http404
    return attendee


@dataclass(frozen=True)
class StatementChange:
    """Attendees who answered a statement before and after a course, and their mean scores.
    ``agency_type`` is empty for every agency together."""

    course_id: int
    course_title: str
    agency_type: str
    statement_id: int
    position: int
    statement: str
    respondents: int
    mean_before: float
    mean_after: float
    mean_change: float


def _sessions_in(
    area: str | None, date_from: date | None, date_to: date | None, *, prefix: str
) -> Q:
    where = Q()
    if area and area != PAN_CHESHIRE:
        where &= Q(**{f"{prefix}session__area": area})
    if date_from is not None:
        where &= Q(**{f"{prefix}session__held_on__gte": date_from})
    if date_to is not None:
        where &= Q(**{f"{prefix}session__held_on__lte": date_to})
    return where


def training_results(
    *,
    area: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    by_agency: bool = True,
) -> list[StatementChange]:
    """The change in self-assessment per course and statement, and (``by_agency``) per agency
    type: counts and mean scores of the attendees who answered both before and after, for
    sessions held in ``area`` (one of the four, or all for None or Pan Cheshire) between the
    dates, inclusive. Computed in the database. Raw figures: whoever shows them to people
    without case access publishes them through disclosure control (``reporting.training``)."""
    before = SelfAssessmentAnswer.objects.filter(
        attendee=OuterRef("attendee"), statement=OuterRef("statement"), stage=Stage.BEFORE
    ).values("score")[:1]
    grouping = ["statement__course_id", "statement__course__title", "statement_id"]
    grouping += ["statement__position", "statement__text"]
    if by_agency:
        grouping.append("attendee__agency__agency_type")
    rows = (
        SelfAssessmentAnswer.objects.filter(
            _sessions_in(area, date_from, date_to, prefix="attendee__")
        )
        .filter(stage=Stage.AFTER)
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .values(*grouping)
        .annotate(
            respondents=Count("attendee", distinct=True),
            mean_before=Avg(Cast("before", FloatField())),
            mean_after=Avg(Cast("score", FloatField())),
            mean_change=Avg(Cast(F("score") - F("before"), FloatField())),
        )
        .order_by(*grouping)
    )
    return [
        StatementChange(
            course_id=row["statement__course_id"],
            course_title=row["statement__course__title"],
            agency_type=row.get("attendee__agency__agency_type", ""),
            statement_id=row["statement_id"],
            position=row["statement__position"],
            statement=row["statement__text"],
            respondents=row["respondents"],
            mean_before=row["mean_before"],
            mean_after=row["mean_after"],
            mean_change=row["mean_change"],
        )
        for row in rows
    ]


def training_attendance(
    *, area: str | None = None, date_from: date | None = None, date_to: date | None = None
) -> dict[tuple[int, str], int]:
    """How many attended each course, per agency type: {(course id, agency type): count}."""
    rows = (
        TrainingAttendee.objects.filter(_sessions_in(area, date_from, date_to, prefix=""))
        .values("session__course_id", "agency__agency_type")
        .annotate(attended=Count("pk"))
        .order_by()
    )
    return {
        (row["session__course_id"], row["agency__agency_type"]): row["attended"] for row in rows
    }


# --------------------------------------------------------------------------------- action plans


def _owned_by(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}owner_user": user}) | Q(
        **{f"{prefix}owner_agency_id": user.agency_id, f"{prefix}owner_role": user.role}
    )


def _with_overdue(actions: QuerySet[PlanAction], today: date) -> QuerySet[PlanAction]:
    return actions.annotate(
        overdue=Q(due_on__lt=today) & ~Q(rag=Rag.COMPLETE),
    )


def action_plans_for_user(*, user, today: date | None = None) -> QuerySet[ActionPlan]:
    """The plans ``user`` reads, with their actions counted by status and overdue."""
    today = today or timezone.localdate()
    plans = ActionPlan.objects.select_related("owner")
    if not sees_every_plan(user):
        owned = PlanAction.objects.filter(_owned_by(user), plan=OuterRef("pk"))
        plans = plans.filter(Q(owner=user) | Exists(owned))
    open_actions = ~Q(actions__rag=Rag.COMPLETE)
    return plans.annotate(
        action_count=Count("actions"),
        overdue_count=Count("actions", filter=open_actions & Q(actions__due_on__lt=today)),
        red_count=Count("actions", filter=Q(actions__rag=Rag.RED)),
        complete_count=Count("actions", filter=Q(actions__rag=Rag.COMPLETE)),
    )


def action_plan_get_for_user(*, user, plan_id: int) -> ActionPlan:
    plan = action_plans_for_user(user=user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def plan_actions(*, plan: ActionPlan, today: date | None = None) -> QuerySet[PlanAction]:
    """A plan's actions by priority, then due date, each marked overdue or not."""
    today = today or timezone.localdate()
    actions = plan.actions.select_related("owner_user", "owner_agency")
    return _with_overdue(actions, today)


def plan_action_get_for_user(*, user, action_id: int) -> PlanAction:
    """An action of a plan ``user`` reads, with its progress updates; otherwise 404."""
    action = (
        _with_overdue(PlanAction.objects.all(), timezone.localdate())
        .select_related("plan__owner", "owner_user", "owner_agency")
        .filter(pk=action_id)
        .first()
    )
    # Whoever reads the plan reads its actions (an action's owner reads its whole plan).
    if action is None or not action_plans_for_user(user=user).filter(pk=action.plan_id).exists():
        raise Http404
    return action


def actions_owned_by(*, user, today: date | None = None) -> QuerySet[PlanAction]:
    """The actions ``user`` owns, by name or by role in their agency, soonest due first."""
    today = today or timezone.localdate()
    actions = PlanAction.objects.filter(_owned_by(user)).select_related("plan")
    return _with_overdue(actions, today).order_by("due_on", "pk")


def overdue_actions_by_agency(
    *, area: str | None = None, today: date | None = None
) -> dict[int, int]:
    """Overdue actions (past their due date, not complete) per owning agency id: the agency
    named as owner, or the named owner's agency. ``area`` picks one plan (None: every plan)."""
    today = today or timezone.localdate()
    actions = PlanAction.objects.filter(due_on__lt=today).exclude(rag=Rag.COMPLETE)
    if area:
        actions = actions.filter(plan__area=area)
    rows = (
        actions.annotate(agency=Coalesce("owner_agency_id", "owner_user__agency_id"))
        .values("agency")
        .annotate(overdue=Count("pk"))
        .order_by()
    )
    return {row["agency"]: row["overdue"] for row in rows}
