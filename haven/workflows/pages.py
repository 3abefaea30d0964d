"""What the concern page and the case API show, assembled from each module's selectors (each
of which asks the access door), so the page and the API give one answer to one question."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from haven.actions.models import Task
from haven.actions.selectors import (
    clock_state,
    done_actions_for_concern,
    open_tasks_for_case_for_user,
    tasks_for_case_for_user,
)
from haven.cases.access import is_front_door_for, people_visible_to
from haven.cases.models import CaseSection, CaseStatus, ChronologyEntry, Concern, ConcernStatus
from haven.cases.selectors import (
    CasePage,
    CaseView,
    case_get_for_user,
    case_notes_for_user,
    case_page_for_user,
    case_shares,
    chronology_for_user,
    concern_get_for_user,
)
from haven.cases.services import front_door_team, may_allocate
from haven.placements.selectors import PlacementPanel, placement_panel_for_user
from haven.screening.selectors import (
    ScreeningSummary,
    concern_screening_for_user,
    screening_summary_for_user,
)
from haven.workflows.missing_episodes import case_flags


@dataclass(frozen=True)
class ConcernPage:
    concern: Concern
    screening: object | None
    front_door_team: object | None
    can_decide: bool
    person_visible: bool
    # Action code -> how its task was closed ("done" note), for actions already done.
    done: dict

    @property
    def required_actions(self) -> list[dict]:
        """The stored screening's required actions, with labels and due times to show."""
        if self.screening is None:
            return []
        result = self.screening.result
        labels = result.get("labels", {})
        return [
            {
                "code": action["code"],
                "label": labels.get(action["code"], action["code"]),
                "lead": labels.get(action["lead"], action["lead"]),
                "due_by": datetime.fromisoformat(action["due_by"]) if action["due_by"] else None,
                "reason": action["reason"],
                "done": self.done.get(action["code"], ""),
            }
            for action in result.get("required_actions", [])
        ]


def concern_page_for_user(*, user, concern_id: int) -> ConcernPage:
    """A concern with its stored screening (for those who act on it) and the front door it
    went to. Records the view."""
    concern = concern_get_for_user(user=user, concern_id=concern_id)
    return ConcernPage(
        concern=concern,
        screening=concern_screening_for_user(user=user, concern=concern),
        front_door_team=front_door_team(concern.home_area)
        if concern.status != ConcernStatus.ADULT_ROUTES_RECORDED
        else None,
        can_decide=concern.status == ConcernStatus.AWAITING_DECISION
        and is_front_door_for(user, concern.home_area),
        person_visible=people_visible_to(user, among=[concern.person_id]).exists(),
        done=done_actions_for_concern(concern=concern),
    )


RECENT_NOTES = 20


@dataclass(frozen=True)
class CaseDetail:
    """A case with the content of each section the user may see (None: not visible)."""

    view: CaseView
    notes: list | None
    screening: ScreeningSummary | None
    tasks: list | None
    shares: list | None
    # "repeat_missing" when the child's missing history reaches the home authority's threshold
    # (shown to those who see the missing section).
    flags: list[str]


def case_detail_from_view(*, view: CaseView, user) -> CaseDetail:
    access, case = view.access, view.case
    tasks = tasks_for_case_for_user(user=user, case=case)
    return CaseDetail(
        view=view,
        notes=list(case_notes_for_user(view=view)[:RECENT_NOTES])
        if access.can_see(CaseSection.NOTES)
        else None,
        screening=screening_summary_for_user(user=user, case=case),
        tasks=list(tasks) if tasks is not None else None,
        shares=list(case_shares(view=view)) if access.leads else None,
        flags=case_flags(case=case) if access.can_see(CaseSection.MISSING) else [],
    )


def case_detail_for_user(*, user, case_id: int) -> CaseDetail:
    """The case and its visible sections; 404 without access. Records the view."""
    return case_detail_from_view(view=case_get_for_user(user=user, case_id=case_id), user=user)


# --- A case at a glance, on its page and in its printable summary -------------------------------


@dataclass(frozen=True)
class CaseGlance:
    """The summary at the top of a case: each part from the section it belongs to, None (or
    False) when the viewer may not see that section. Who the child is (name, age) and who leads
    the case are shown to everyone who sees the case, as the case list and the API show them."""

    view: CaseView
    # The people section: first language and interpreter.
    shows_person_details: bool
    # The screening section: the screening in force (override applied), its risks and finding.
    screening: ScreeningSummary | None
    # The tasks section: the open task due soonest (None: no open task) and its clock.
    shows_tasks: bool
    next_task: Task | None
    next_task_clock: str
    # Who may allocate or transfer the open case (a manager of the lead team).
    can_allocate: bool


def case_glance(*, user, view: CaseView, open_tasks: list[Task] | None) -> CaseGlance:
    access, case = view.access, view.case
    next_task = open_tasks[0] if open_tasks else None
    return CaseGlance(
        view=view,
        shows_person_details=access.can_see(CaseSection.PEOPLE),
        screening=screening_summary_for_user(user=user, case=case),
        shows_tasks=open_tasks is not None,
        next_task=next_task,
        next_task_clock=clock_state(next_task) if next_task is not None else "",
        can_allocate=case.status == CaseStatus.OPEN and may_allocate(user, case),
    )


def _open_tasks(*, user, view: CaseView) -> list[Task] | None:
    tasks = open_tasks_for_case_for_user(user=user, case=view.case)
    return list(tasks) if tasks is not None else None


@dataclass(frozen=True)
class CaseOverview:
    """The case page: its sections (``cases.selectors.CasePage``) with the summary on top."""

    page: CasePage
    glance: CaseGlance


def case_overview_for_user(*, user, case_id: int) -> CaseOverview:
    """The case page; 404 without access. Records the view."""
    page = case_page_for_user(user=user, case_id=case_id)
    open_tasks = _open_tasks(user=user, view=page.view)
    return CaseOverview(
        page=page, glance=case_glance(user=user, view=page.view, open_tasks=open_tasks)
    )


SUMMARY_CHRONOLOGY = 20


@dataclass(frozen=True)
class CaseSummary:
    """The printable summary of a case (a print page and a PDF, one template): the glance, the
    open tasks, the placements (each address as the one confidential-address rule shows it) and
    the latest chronology, each as far as the viewer may see, and who made it when."""

    glance: CaseGlance
    open_tasks: list[tuple[Task, str]] | None
    placements: PlacementPanel | None
    chronology: list[ChronologyEntry] | None
    generated_at: datetime
    generated_by: object


def case_summary_for_user(*, user, case_id: int) -> CaseSummary:
    """404 without access. The summary's export is what is recorded (by the service that
    prints or renders it), not a view of the case; a chronology shown is recorded as viewed."""
    view = case_get_for_user(user=user, case_id=case_id, record_view=False)
    open_tasks = _open_tasks(user=user, view=view)
    chronology = None
    if view.access.can_see(CaseSection.CHRONOLOGY):
        chronology = list(chronology_for_user(user=user, view=view)[:SUMMARY_CHRONOLOGY])
    return CaseSummary(
        glance=case_glance(user=user, view=view, open_tasks=open_tasks),
        open_tasks=[(task, clock_state(task)) for task in open_tasks]
        if open_tasks is not None
        else None,
        placements=placement_panel_for_user(user=user, case=view.case),
        chronology=chronology,
        generated_at=timezone.now(),
        generated_by=user,
    )
