"""Screening inputs for tests: assessed on a Tuesday morning unless a test says otherwise."""

from datetime import datetime
from typing import Any

from haven.core.working_days import LONDON
from haven.screening.engine import Circumstances, RequiredAction, ScreeningInput, ScreeningResult

# Tuesday 24 November 2026, 10:00 GMT.
ASSESSED_AT = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)

# The smallest recorded facts that meet each definition.
CHILD_DEFINITION = ("act.harbouring", "purpose.sexual_exploitation")
ADULT_DEFINITION = ("act.transportation", "means.deception", "purpose.labour_exploitation")


def screening(*, circumstances: dict[str, Any] | None = None, **fields: Any) -> ScreeningInput:
    fields.setdefault("assessed_at", ASSESSED_AT)
    return ScreeningInput(circumstances=Circumstances(**(circumstances or {})), **fields)


def child(**fields: Any) -> ScreeningInput:
    fields.setdefault("age_years", 15)
    return screening(**fields)


def adult(**fields: Any) -> ScreeningInput:
    fields.setdefault("age_years", 30)
    return screening(**fields)


def action(result: ScreeningResult, code: str) -> RequiredAction | None:
    matches = [required for required in result.required_actions if required.code == code]
    assert len(matches) <= 1, f"{code} listed {len(matches)} times"
    return matches[0] if matches else None


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(LONDON)
