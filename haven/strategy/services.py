"""The strategy's own records: the national figures local figures are compared with (decision
0018), the training programme and the action plans (decision 0025). Each write checks who may
make it, validates, writes and audits in one transaction."""

import hashlib
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import Agency, User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff
from haven.audit.verbs import VERSION
from haven.audit.versioning import save_with_version_check
from haven.core.insert_select import insert_selected
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.strategy.models import (
    COUNT_FIELDS,
    EXPLOITATION_FIELDS,
    FIRST_NRM_YEAR,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    PLAN_AREAS,
    ActionPlan,
    BoardCommentary,
    CourseStatement,
    FigureFact,
    FigureFactsCounted,
    NationalReferralFigures,
    PlanAction,
    ProgressUpdate,
    QuarterFigureCounts,
    Rag,
    SelfAssessmentAnswer,
    Stage,
    TrainingAttendee,
    TrainingCourse,
    TrainingSession,
    TrendQuarterCount,
)
from haven.strategy.rules import may_update_action


def national_figures_problems(fields: dict) -> dict[str, str]:
    """What is wrong with a year's figures, by field; empty when they may be recorded."""
    errors: dict[str, str] = {
        name: f"{NationalReferralFigures._meta.get_field(name).verbose_name} must be 0 or more"
        for name in COUNT_FIELDS
        if (fields.get(name) or 0) < 0
    }
    if errors:
        return errors
    year, children = fields.get("year"), fields.get("child_referrals")
    if year is not None:
        if year < FIRST_NRM_YEAR:
            errors["year"] = f"Year must be {FIRST_NRM_YEAR} or later, when the NRM began"
        elif year > timezone.localdate().year:
            errors["year"] = "Year must be this year or earlier"
        elif NationalReferralFigures.objects.filter(year=year).exists():
            errors["year"] = f"The figures for {year} are already recorded"
    if children is None:
        return errors
    everyone = fields.get("all_referrals")
    if everyone is not None and everyone < children:
        errors["all_referrals"] = "All referrals must be at least the number of child referrals"
    by_type = sum(fields.get(name) or 0 for name in EXPLOITATION_FIELDS)
    if by_type > children:
        errors["child_referrals"] = (
            f"The exploitation types add up to {by_type:,}, more than the {children:,} child "
            "referrals"
        )
    uk, non_uk, sexual = fields.get("sexual_uk"), fields.get("sexual_non_uk"), fields.get("sexual")
    if (uk is not None or non_uk is not None) and (
        sexual is None or (uk or 0) + (non_uk or 0) != sexual
    ):
        errors["sexual_uk"] = (
            "Sexual exploitation of UK and other nationals must add up to sexual exploitation"
        )
    return errors


@transaction.atomic
def national_figures_record(*, actor, **fields) -> NationalReferralFigures:
    """A later year's national figures, recorded by a strategic lead and audited."""
    if not actor.has_role_permission(roles.RECORD_NATIONAL_FIGURES):
        raise PermissionDenied
    if errors := national_figures_problems(fields):
        raise ValidationError(errors)
    figures = NationalReferralFigures(**fields, recorded_by=actor)
    figures.full_clean()
    figures.save()
    audit_record(
        actor=actor,
        verb=Verb.NATIONAL_FIGURES_RECORDED,
        target=figures,
        changes=diff(None, fields),
    )
    return figures


def dashboard_export_record(
    *, actor, figure: str, area: str, date_from: date, date_to: date, format: str, content: bytes
) -> None:
    """A strategic lead downloaded a dashboard chart's table (decision 0033): published figures
    only, but every export is audited, with the hash of what was served."""
    _require(actor, roles.VIEW_AGGREGATES)
    audit_record(
        actor=actor,
        verb=Verb.DASHBOARD_EXPORTED,
        target=("dashboard", figure),
        changes={
            "figure": figure,
            "area": area,
            "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "format": format,
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )


# ---------------------------------------------------------------------------- Board reports

QUARTER_FIRST_MONTHS = (1, 4, 7, 10)
# What every fact gives, and what it may: ``FigureFact``'s columns.
FACT_NEEDS = {"figure", "area", "day", "weight"}
FACT_COLUMNS = {field.name for field in FigureFact._meta.concrete_fields} - {"id"}


def dashboard_trend_record(
    *,
    counts: list[tuple[str, str, date, int]],
    quarters: list[str],
    counted_at: datetime,
    kept: list[tuple[str, str, date, dict, list[str]]] = (),
    periods: list[str] = (),
    facts: list[tuple[dict[str, str], QuerySet]] = (),
) -> dict[str, int]:
    """Store the dashboards' past quarters as counted at ``counted_at``: the trend's (decision
    0043), (figure, area, quarter's first day, raw count) for each; and those a lead may choose
    as the period (decision 0046), (figure, area, quarter's first day, raw counts by key, row
    labels) for each. A system job's write: the new counts replace both tables in one
    transaction, so a dashboard reads one count's quarters or the next's, never a mix, and
    running it twice stores the same rows. A trend quarter not over on the day counted is
    refused: its count would be stored before its records were all in (a period may be the
    current quarter, as recorded so far). And the figures' facts, from which a dashboard of any
    other period is counted (decision 0050): each queryset, with a map of ``FigureFact``'s
    columns to the annotations giving them, inserts its rows in the same transaction (facts
    alike in every column but their weight as one, weighing their sum), read from the primary
    database as they are written. Gives how many of each it stored."""
    today = timezone.localdate(counted_at)
    areas = {code for code, _ in PLAN_AREAS}
    for figure, area, start, count in counts:
        problem = _trend_count_problem(area in areas, start, [count], today)
        if problem:
            raise ValidationError(f"{figure}, {area}, {start}: {problem}.")
    for figure, area, start, counted, rows in kept:
        problem = _trend_count_problem(
            area in areas, start, list(counted.values()), today, kept_so_far=True
        )
        if problem or not all(isinstance(label, str) for label in rows):
            raise ValidationError(
                f"{figure}, {area}, {start}: {problem or 'a row without a label'}."
            )
    for columns, _queryset in facts:
        if not FACT_NEEDS <= set(columns) <= FACT_COLUMNS:
            raise ValidationError(f"Facts must give {', '.join(sorted(FACT_NEEDS))} and no more.")
    with transaction.atomic():
        TrendQuarterCount.objects.all().delete()
        TrendQuarterCount.objects.bulk_create(
            TrendQuarterCount(
                figure=figure, area=area, quarter_start=start, count=count, counted_at=counted_at
            )
            for figure, area, start, count in counts
        )
        QuarterFigureCounts.objects.all().delete()
        QuarterFigureCounts.objects.bulk_create(
            QuarterFigureCounts(
                figure=figure,
                area=area,
                quarter_start=start,
                counts=counted,
                rows=rows,
                counted_at=counted_at,
            )
            for figure, area, start, counted, rows in kept
        )
        FigureFact.objects.all().delete()
        fact_count = sum(
            insert_selected(FigureFact, columns, queryset, summing="weight")
            for columns, queryset in facts
        )
        FigureFactsCounted.objects.all().delete()
        FigureFactsCounted.objects.create(counted_at=counted_at, facts=fact_count)
        audit_record(
            actor=None,
            verb=Verb.DASHBOARD_TREND_COUNTED,
            target=("dashboard", "trend"),
            changes={
                "quarters": quarters,
                "counts": len(counts),
                "periods": list(periods),
                "kept": len(kept),
                "facts": fact_count,
                "counted_at": counted_at.isoformat(),
            },
        )
    return {"trend": len(counts), "periods": len(kept), "facts": fact_count}


def _trend_count_problem(
    known_area: bool, start: date, counts: list, today: date, *, kept_so_far: bool = False
) -> str:
    """What is wrong with counts of the quarter from ``start``; ``kept_so_far``: counts of a
    period, which may be the quarter holding ``today`` (as recorded so far), not only one over."""
    if not known_area:
        return "an unknown area"
    if start.day != 1 or start.month not in QUARTER_FIRST_MONTHS:
        return "a date that starts no quarter"
    if kept_so_far and start > today:
        return "a quarter not begun yet"
    if (
        not kept_so_far
        and date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1) > today
    ):
        return "a quarter not over yet"
    if not all(isinstance(count, int) and count >= 0 for count in counts):
        return "a count that is not a whole number of 0 or more"
    return ""


def board_commentary_problems(*, area: str, quarter_start: date, text: str) -> dict[str, str]:
    """What is wrong with a Board's commentary, by field; empty when it may be saved."""
    errors = {}
    if area not in dict(PLAN_AREAS):
        errors["area"] = f"Choose one of {', '.join(code for code, _ in PLAN_AREAS)}"
    if quarter_start.day != 1 or quarter_start.month not in QUARTER_FIRST_MONTHS:
        errors["quarter_start"] = "A quarter starts on 1 January, 1 April, 1 July or 1 October"
    elif quarter_start > timezone.localdate():
        errors["quarter_start"] = "Write the commentary once the quarter has begun"
    if not text.strip():
        errors["text"] = "Enter the commentary"
    elif len(text) > FREE_TEXT_MAX:
        errors["text"] = too_long("The commentary", FREE_TEXT_MAX)
    return errors


@transaction.atomic
def board_commentary_record(
    *, actor, area: str, quarter_start: date, text: str, expected_version: int | None = None
) -> BoardCommentary:
    """A strategic lead writes, or changes, the commentary printed in a Board's quarterly
    report (decision 0034). Changing it states the version the edit began from
    (``expected_version``): a stale change is refused with what the other lead changed."""
    _require(actor, roles.WRITE_BOARD_COMMENTARY)
    if errors := board_commentary_problems(area=area, quarter_start=quarter_start, text=text):
        raise ValidationError(errors)
    commentary = (
        BoardCommentary.objects.select_for_update()
        .filter(area=area, quarter_start=quarter_start)
        .first()
    )
    if commentary is None:
        commentary = BoardCommentary.objects.create(
            area=area, quarter_start=quarter_start, text=text, written_by=actor
        )
        changes = {
            "area": {"before": None, "after": area},
            "quarter_start": {"before": None, "after": quarter_start.isoformat()},
            "text": {"before": None, "after": text},
            VERSION: {"before": None, "after": commentary.version},
        }
    else:
        if expected_version is None:
            raise ValidationError(
                {
                    "text": "Someone has written this commentary since you opened the page: "
                    "check theirs, then change it"
                }
            )
        before, before_version = commentary.text, expected_version
        commentary.text, commentary.written_by = text, actor
        save_with_version_check(
            commentary, expected_version=expected_version, fields=("text", "written_by")
        )
        changes = {
            "text": {"before": before, "after": text},
            VERSION: {"before": before_version, "after": commentary.version},
        }
    audit_record(
        actor=actor, verb=Verb.BOARD_COMMENTARY_RECORDED, target=commentary, changes=changes
    )
    return commentary


def board_report_export_record(*, actor, area: str, quarter: str, content: bytes) -> None:
    """A Board's quarterly report left Haven as a PDF (decision 0034): published figures and
    the commentary only, but every copy is audited, with the hash of what was served."""
    _require(actor, roles.VIEW_AGGREGATES)
    audit_record(
        actor=actor,
        verb=Verb.BOARD_REPORT_EXPORTED,
        target=("board_report", f"{area}:{quarter}"),
        changes={
            "area": area,
            "quarter": quarter,
            "format": "pdf",
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )


# --------------------------------------------------------------------------------- training

# A questionnaire long enough to say something, short enough to be answered at the door.
FEWEST_STATEMENTS, MOST_STATEMENTS = 2, 10


def _require(actor, permission: str) -> None:
    if not actor.has_role_permission(permission):
        raise PermissionDenied


def _checked(record):
    """The model's own checks (lengths, choices, uniqueness), with its messages."""
    record.full_clean()
    return record


@transaction.atomic
def training_course_add(
    *, actor, title: str, statements: list[str], description: str = ""
) -> TrainingCourse:
    """A course with its fixed self-assessment statements, in the order they are asked."""
    _require(actor, roles.RECORD_TRAINING)
    statements = [text.strip() for text in statements if text.strip()]
    errors = {}
    if not FEWEST_STATEMENTS <= len(statements) <= MOST_STATEMENTS:
        errors["statements"] = (
            f"Enter between {FEWEST_STATEMENTS} and {MOST_STATEMENTS} statements, one on each line"
        )
    elif len(set(statements)) != len(statements):
        errors["statements"] = "Each statement must be different"
    elif too_long := [text for text in statements if len(text) > 300]:
        errors["statements"] = f"Statement '{too_long[0][:40]}...' must be 300 characters or less"
    course = TrainingCourse(title=title.strip(), description=description.strip(), created_by=actor)
    try:
        course.full_clean(validate_unique=False)
    except ValidationError as invalid:
        errors = {**invalid.message_dict, **errors}
    if TrainingCourse.objects.filter(title__iexact=course.title).exists():
        errors["title"] = f"There is already a course called '{course.title}'"
    if errors:
        raise ValidationError(errors)
    course.save()
    CourseStatement.objects.bulk_create(
        CourseStatement(course=course, position=position, text=text)
        for position, text in enumerate(statements, start=1)
    )
    audit_record(
        actor=actor,
        verb=Verb.TRAINING_COURSE_ADDED,
        target=course,
        changes={
            **diff(None, {"title": course.title, "description": course.description}),
            "statements": statements,
        },
    )
    return course


@transaction.atomic
def training_session_record(
    *, actor, course: TrainingCourse, held_on: date, area: str, venue: str, trainer: str
) -> TrainingSession:
    """A delivery of a course. It may be booked ahead; attendees' answers after the course
    wait until it has been held."""
    _require(actor, roles.RECORD_TRAINING)
    session = _checked(
        TrainingSession(
            course=course,
            held_on=held_on,
            area=area,
            venue=venue.strip(),
            trainer=trainer.strip(),
            recorded_by=actor,
        )
    )
    session.save()
    audit_record(
        actor=actor,
        verb=Verb.TRAINING_SESSION_RECORDED,
        target=session,
        changes=diff(
            None,
            {
                "course": course.pk,
                "held_on": held_on,
                "area": area,
                "venue": session.venue,
                "trainer": session.trainer,
            },
        ),
    )
    return session


@transaction.atomic
def training_attendee_add(
    *,
    actor,
    session: TrainingSession,
    agency: Agency | None = None,
    full_name: str = "",
    job_role: str = "",
    user: User | None = None,
) -> TrainingAttendee:
    """Someone who attended: a Haven user (their name, agency and job title come from their
    account unless given) or a named professional with agency and job role."""
    _require(actor, roles.RECORD_TRAINING)
    if user is not None:
        full_name = full_name or user.full_name
        agency = agency or user.agency
        job_role = job_role or user.job_title or user.get_role_display()
        if session.attendees.filter(user=user).exists():
            raise ValidationError({"user": f"{user.full_name} is already recorded as attending"})
    errors = {}
    if agency is None:
        errors["agency"] = "Select the attendee's agency"
    attendee = TrainingAttendee(
        session=session,
        user=user,
        full_name=full_name.strip(),
        agency=agency,
        job_role=job_role.strip(),
        recorded_by=actor,
    )
    try:
        attendee.full_clean(exclude=["agency"] if agency is None else None)
    except ValidationError as invalid:
        errors = {**invalid.message_dict, **errors}
    if "__all__" in errors:
        errors["full_name"] = [f"{attendee.full_name} of {agency} is already recorded as attending"]
        del errors["__all__"]
    if errors:
        raise ValidationError(errors)
    attendee.save()
    audit_record(
        actor=actor,
        verb=Verb.TRAINING_ATTENDEE_ADDED,
        target=attendee,
        changes=diff(
            None,
            {
                "session": session.pk,
                "full_name": attendee.full_name,
                "agency": agency.pk,
                "job_role": attendee.job_role,
                "user": user.pk if user else None,
            },
        ),
    )
    return attendee


@transaction.atomic
def self_assessment_record(
    *, actor, attendee: TrainingAttendee, stage: str, scores: dict[int, int]
) -> list[SelfAssessmentAnswer]:
    """An attendee's answers to every statement of the course, before or after it: ``scores``
    maps each statement's id to a score from 1 to 5. Answers after the course wait until the
    session has been held; each stage is answered once."""
    _require(actor, roles.RECORD_TRAINING)
    session = attendee.session
    statements = list(session.course.statements.all())
    errors: dict[str, str] = {}
    if stage not in Stage.values:
        errors["stage"] = "Select whether these are the answers before or after the course"
    elif stage == Stage.AFTER and session.held_on > timezone.localdate():
        errors["stage"] = (
            f"Answers after the course can be recorded once it has been held, on "
            f"{session.held_on:%-d %B %Y}"
        )
    elif attendee.answers.filter(stage=stage).exists():
        errors["stage"] = (
            f"{attendee.full_name}'s answers {Stage(stage).label.lower()} are already recorded"
        )
    for statement in statements:
        score = scores.get(statement.pk)
        if score is None:
            errors[f"statement_{statement.pk}"] = f"Select a score for '{statement.text}'"
        elif not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            errors[f"statement_{statement.pk}"] = (
                f"The score for '{statement.text}' must be from {LOWEST_SCORE} to {HIGHEST_SCORE}"
            )
    if unknown := set(scores) - {statement.pk for statement in statements}:
        errors["scores"] = f"Statement {min(unknown)} is not one of this course's statements"
    if errors:
        raise ValidationError(errors)
    answers = SelfAssessmentAnswer.objects.bulk_create(
        SelfAssessmentAnswer(
            attendee=attendee, statement=statement, stage=stage, score=scores[statement.pk]
        )
        for statement in statements
    )
    audit_record(
        actor=actor,
        verb=Verb.SELF_ASSESSMENT_RECORDED,
        target=attendee,
        changes={
            "stage": stage,
            "scores": {str(statement.position): scores[statement.pk] for statement in statements},
        },
    )
    return answers


# --------------------------------------------------------------------------------- action plans


@transaction.atomic
def action_plan_create(*, actor, area: str, title: str) -> ActionPlan:
    """The Pan Cheshire plan or an authority's, one each; whoever starts it owns it."""
    _require(actor, roles.MANAGE_ACTION_PLANS)
    plan = ActionPlan(area=area, title=title.strip(), owner=actor)
    try:
        plan.full_clean()
    except ValidationError as invalid:
        errors = invalid.message_dict
        if any("already exists" in message for message in errors.get("area", [])):
            errors["area"] = [f"There is already an action plan for {plan.get_area_display()}"]
        raise ValidationError(errors) from None
    plan.save()
    audit_record(
        actor=actor,
        verb=Verb.ACTION_PLAN_CREATED,
        target=plan,
        changes=diff(None, {"area": area, "title": plan.title, "owner": actor.pk}),
    )
    return plan


@transaction.atomic
def plan_action_add(
    *,
    actor,
    plan: ActionPlan,
    priority: str,
    description: str,
    due_on: date,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    owner_role: str = "",
    rag: str = Rag.AMBER,
) -> PlanAction:
    """An action under one of the five priorities, added by the plan's owner. Its owner is a
    named user or a role in an agency, never both."""
    if actor.pk != plan.owner_id:
        raise PermissionDenied
    errors = {}
    if owner_user is not None and (owner_agency is not None or owner_role):
        errors["owner_user"] = "Choose a named person or a role in an agency, not both"
    elif owner_user is None and (owner_agency is None or not owner_role):
        errors["owner_user"] = "Choose who owns the action: a named person, or a role in an agency"
    if rag == Rag.COMPLETE:
        errors["rag"] = "A new action cannot be complete: record its progress once it is done"
    action = PlanAction(
        plan=plan,
        priority=priority,
        description=description.strip(),
        due_on=due_on,
        owner_user=owner_user,
        owner_agency=owner_agency,
        owner_role=owner_role,
        rag=rag,
        created_by=actor,
    )
    try:
        action.full_clean(validate_constraints=False)
    except ValidationError as invalid:
        errors = {**invalid.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    action.save()
    audit_record(
        actor=actor,
        verb=Verb.PLAN_ACTION_ADDED,
        target=action,
        changes=diff(
            None,
            {
                "plan": plan.pk,
                "priority": priority,
                "description": action.description,
                "due_on": due_on,
                "rag": rag,
                "owner_user": owner_user.pk if owner_user else None,
                "owner_agency": owner_agency.pk if owner_agency else None,
                "owner_role": owner_role,
            },
        ),
    )
    return action


@transaction.atomic
def action_progress_record(
    *, actor, action: PlanAction, written_on: date, note: str, rag: str
) -> ProgressUpdate:
    """A dated progress update by the action's owner or the plan's owner; it sets the action's
    status. Updates are added, never edited, so two owners writing at once lose nothing."""
    action = PlanAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if not may_update_action(actor, action):
        raise PermissionDenied
    update = ProgressUpdate(
        action=action, written_on=written_on, note=note.strip(), rag=rag, recorded_by=actor
    )
    errors = {}
    try:
        update.full_clean()
    except ValidationError as invalid:
        errors = invalid.message_dict
    if written_on and written_on > timezone.localdate():
        errors["written_on"] = "The date of the update must be today or in the past"
    if errors:
        raise ValidationError(errors)
    update.save()
    before = action.rag
    action.rag = rag
    action.save(update_fields=["rag"])
    audit_record(
        actor=actor,
        verb=Verb.ACTION_PROGRESS_RECORDED,
        target=action,
        changes={
            "written_on": written_on.isoformat(),
            "note": update.note,
            "rag": {"before": before, "after": rag},
        },
    )
    return update


# --- The anonymised dataset (decision 0031) -----------------------------------------------------


def anonymised_dataset_exported(*, actor, k: int, rows: int, suppressed: int) -> None:
    """Record that the k-anonymous dataset (``reporting.ctdc``) left Haven: who, with which k,
    how many rows, how many left out. Strategic leads only, as the dataset's page."""
    _require(actor, roles.VIEW_AGGREGATES)
    audit_record(
        actor=actor,
        verb=Verb.ANONYMISED_DATASET_EXPORTED,
        target=("reporting.anonymised_dataset", "pan_cheshire"),
        changes={"k": k, "rows": rows, "suppressed": suppressed},
    )
