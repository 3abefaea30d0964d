"""What the concern page and the case API show, assembled from each module's selectors (each
of which asks the access door), so the page and the API give one answer to one question."""

from dataclasses import dataclass
from datetime import datetime

from haven.actions.selectors import done_actions_for_concern, tasks_for_case_for_user
from haven.cases.access import Via, is_front_door_for, people_visible_to
from haven.cases.models import CaseSection, Concern, ConcernStatus
from haven.cases.selectors import (
    CaseView,
    case_get_for_user,
    case_notes_for_user,
    case_shares,
    concern_get_for_user,
)
from haven.cases.services import front_door_team
from haven.screening.selectors import (
    ScreeningSummary,
    concern_screening_for_user,
    screening_summary_for_user,
)


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
        person_visible=people_visible_to(user).filter(pk=concern.person_id).exists(),
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
        shares=list(case_shares(view=view)) if access.via == Via.LEAD else None,
    )


def case_detail_for_user(*, user, case_id: int) -> CaseDetail:
    """The case and its visible sections; 404 without access. Records the view."""
    return case_detail_from_view(view=case_get_for_user(user=user, case_id=case_id), user=user)
