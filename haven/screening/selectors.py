"""Reading screenings: the case's current outcome (with any professional override), why, and
the history."""

from dataclasses import dataclass

from haven.screening.models import OverrideStatus, Screening, ScreeningOverride


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
