"""The training results as strategic leads see them (decision 0025): per course, attendance and
the change in self-assessment per agency type, through disclosure control (decision 0018).

Per course two tables are published, each with a row per agency type and its total: those who
attended, and those who answered both before and after (the respondents, whose scores are
averaged). Each is protected on its own: the difference between them (who did not answer) says
nothing about anyone's scores. A mean score is shown only where the count of respondents it is
built on is shown as a number, so no mean describes 1 to 5 people; a course whose respondents
are not shown has no results, only its attendance."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from haven.accounts.models import AgencyType
from haven.core.replica import reporting_reads
from haven.reporting.disclosure import (
    CountTable,
    PublishedTable,
    Shown,
    Symbol,
    publish_table,
)
from haven.strategy.models import TrainingCourse
from haven.strategy.selectors import StatementChange, training_attendance, training_results

ANSWERED, ATTENDED = "Answered before and after", "Attended"

Mean = Decimal | Symbol


@dataclass(frozen=True)
class StatementResult:
    position: int
    statement: str
    mean_before: Mean
    mean_after: Mean
    mean_change: Mean


@dataclass(frozen=True)
class AgencyTypeResult:
    agency_type: str
    label: str
    attended: Shown
    answered: Shown
    # The mean change per statement, in the statements' order.
    changes: tuple[Mean, ...]


@dataclass(frozen=True)
class CourseResult:
    course_id: int
    title: str
    attended: Shown
    answered: Shown
    statements: tuple[StatementResult, ...]
    by_agency_type: tuple[AgencyTypeResult, ...]

    @property
    def has_results(self) -> bool:
        """Enough attendees answered before and after for their scores to be shown."""
        return isinstance(self.answered, int) and self.answered > 0


def _mean(value: float | None, shown: Shown) -> Mean:
    """A mean score to one decimal place, shown only over a count shown as a number."""
    if shown == Symbol.CONFIDENTIAL:
        return Symbol.CONFIDENTIAL
    if not shown or value is None:
        return Symbol.NOT_APPLICABLE
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@reporting_reads()
def training_results_published(
    *, area: str | None = None, date_from: date | None = None, date_to: date | None = None
) -> list[CourseResult]:
    """Every course attended in the period and area, as it may be shown to a strategic lead."""
    attendance = training_attendance(area=area, date_from=date_from, date_to=date_to)
    overall: dict[int, list[StatementChange]] = {}
    for row in training_results(area=area, date_from=date_from, date_to=date_to, by_agency=False):
        overall.setdefault(row.course_id, []).append(row)
    per_type: dict[tuple[int, str], list[StatementChange]] = {}
    for row in training_results(area=area, date_from=date_from, date_to=date_to):
        per_type.setdefault((row.course_id, row.agency_type), []).append(row)
    courses = sorted({course for course, _ in attendance})
    titles = dict(TrainingCourse.objects.filter(pk__in=courses).values_list("pk", "title"))
    results = [
        _course(course, titles, attendance, overall.get(course, []), per_type) for course in courses
    ]
    return sorted(results, key=lambda result: result.title)


def _published(labels: tuple[str, ...], column: str, counts: list[int]) -> PublishedTable:
    table = CountTable(rows=labels, columns=(column,), counts=tuple((n,) for n in counts))
    return publish_table(table).current


def _respondents(rows: list[StatementChange]) -> int:
    return max((row.respondents for row in rows), default=0)


def _course(course, titles, attendance, statements, per_type) -> CourseResult:
    types = sorted(agency_type for each, agency_type in attendance if each == course)
    # Every statement is answered at each stage, so each statement has the same respondents.
    answered = [_respondents(per_type.get((course, t), [])) for t in types]
    attended = [attendance[(course, t)] for t in types]
    labels = tuple(AgencyType(t).label for t in types)
    answered_shown = _published(labels, ANSWERED, answered)
    attended_shown = _published(labels, ATTENDED, attended)
    answered_total = answered_shown.total
    by_type = []
    for index, agency_type in enumerate(types):
        changes = {r.position: r.mean_change for r in per_type.get((course, agency_type), [])}
        shown_answered = answered_shown.cells[index][0]
        by_type.append(
            AgencyTypeResult(
                agency_type=agency_type,
                label=labels[index],
                attended=attended_shown.cells[index][0],
                answered=shown_answered,
                changes=tuple(_mean(changes.get(r.position), shown_answered) for r in statements),
            )
        )
    return CourseResult(
        course_id=course,
        title=titles[course],
        attended=attended_shown.total,
        answered=answered_total,
        statements=tuple(
            StatementResult(
                position=r.position,
                statement=r.statement,
                mean_before=_mean(r.mean_before, answered_total),
                mean_after=_mean(r.mean_after, answered_total),
                mean_change=_mean(r.mean_change, answered_total),
            )
            for r in statements
        ),
        by_agency_type=tuple(by_type),
    )
