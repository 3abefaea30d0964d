"""Reading screenings: the case's current outcome (with any professional override), why, and
the history."""

from dataclasses import dataclass
from datetime import datetime

from haven.cases.access import may_see_record
from haven.cases.models import CaseSection
from haven.screening.models import (
    Circumstance,
    CircumstanceRecord,
    OverrideStatus,
    Screening,
    ScreeningOverride,
)
from haven.screening.vocabulary import load_vocabulary


@dataclass(frozen=True)
class ScreeningSummary:
    current: Screening | None
    override: ScreeningOverride | None
    pending_overrides: list[ScreeningOverride]
    history: list[Screening]

    @property
    def outcome(self) -> str | None:
        if self.override is not None:
            return self.override.outcome
        return self.current.outcome if self.current else None


def screening_summary_for_case(*, case) -> ScreeningSummary:
    history = list(
        Screening.objects.filter(case=case)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:20]
    )
    current = history[0] if history else None
    overrides = list(
        ScreeningOverride.objects.filter(case=case)
        .select_related("recorded_by", "decided_by")
        .order_by("-recorded_at", "-id")
    )
    # An override speaks for the screening it was made against; a newer screening supersedes it.
    in_force = next(
        (
            o
            for o in overrides
            if o.status == OverrideStatus.IN_FORCE and current and o.screening_id == current.pk
        ),
        None,
    )
    pending = [o for o in overrides if o.status == OverrideStatus.AWAITING_APPROVAL]
    return ScreeningSummary(
        current=current, override=in_force, pending_overrides=pending, history=history
    )


def screening_summary_for_user(*, user, case) -> ScreeningSummary | None:
    """The case's screening as the page and the API show it (the override in force applied),
    or None if the user may not see the case's screening section."""
    if not may_see_record(user, section=CaseSection.SCREENING, case=case):
        return None
    return screening_summary_for_case(case=case)


def screening_current_for_case(case) -> Screening | None:
    return Screening.objects.filter(case=case).order_by("-created_at", "-id").first()


def concern_screening_for_user(*, user, concern) -> Screening | None:
    """The newest screening of a concern, for those who act on it: the agency that raised it
    (it must know whether to call 999), the front door of its area, and anyone who may see the
    screening section of the case it joined. Others (a share of the chronology only) get None."""
    if not may_see_record(user, section=CaseSection.SCREENING, case=concern.case, concern=concern):
        return None
    return Screening.objects.filter(concern=concern).order_by("-created_at", "-id").first()


@dataclass(frozen=True)
class ActionToTake:
    """One action a stored screening requires, in plain terms for whoever acts on it."""

    code: str
    label: str
    lead: str
    due_at: datetime | None
    due_event: str
    reason: str


def actions_required(screening: Screening) -> list[ActionToTake]:
    vocabulary = load_vocabulary()
    actions = []
    for action in screening.result["required_actions"]:
        definition = vocabulary.actions[action["code"]]
        actions.append(
            ActionToTake(
                code=action["code"],
                label=definition.label,
                lead=action["lead"],
                due_at=datetime.fromisoformat(action["due_by"]) if action["due_by"] else None,
                due_event=definition.due.event or "",
                reason=action["reason"],
            )
        )
    return actions


def areas_of(screening: Screening) -> tuple[str | None, tuple[str, ...]]:
    """The child's home area and every area involved, as the screening saw them."""
    circumstances = screening.inputs["circumstances"]
    return circumstances.get("home_area"), tuple(circumstances.get("areas_involved", []))


def is_looked_after(case) -> bool:
    """Recorded as accommodated (looked after) by a meeting or new information."""
    return CircumstanceRecord.objects.filter(
        case=case, name=Circumstance.ACCOMMODATED, value=True
    ).exists()
