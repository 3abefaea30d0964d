"""A placement's journey: recorded with its confidential address, the facts screening reads
(accommodated, placed in a safe house, the receiving area when out of area) recorded, the case
re-screened once, and newly required actions made tasks (``placement_safety_plan``,
``safe_house_escalation``, ``notify_cross_border`` to the receiving area). Recording the safety
plan completes the ``placement_safety_plan`` task."""

from django.db import transaction

from haven.actions.models import OPEN_STATUSES, Task
from haven.actions.services import task_complete_by_haven
from haven.placements.models import Placement, PlacementType, SafetyPlan
from haven.placements.services import placement_record, safety_plan_record
from haven.screening.models import Circumstance, ScreeningTrigger
from haven.screening.services import circumstance_add
from haven.workflows.screening import case_rescreen_with_tasks


@transaction.atomic
def placement_record_with_tasks(*, actor, case, **placement) -> Placement:
    placement = placement_record(actor=actor, case=case, **placement)
    facts = {
        Circumstance.ACCOMMODATED: True,
        Circumstance.SAFE_HOUSE_PLACEMENT: placement.placement_type == PlacementType.SAFE_HOUSE,
    }
    if placement.out_of_area:
        facts[Circumstance.AREAS_INVOLVED] = [placement.receiving_area]
    for name, value in facts.items():
        circumstance_add(actor=actor, case=case, name=name, value=value, source=placement)
    case_rescreen_with_tasks(actor=actor, case=case, trigger=ScreeningTrigger.PLACEMENT_RECORDED)
    return placement


@transaction.atomic
def safety_plan_record_completing_task(*, actor, placement: Placement, **plan) -> SafetyPlan:
    safety_plan = safety_plan_record(actor=actor, placement=placement, **plan)
    for task in Task.objects.select_for_update(of=("self",)).filter(
        case=placement.case, code="placement_safety_plan", status__in=OPEN_STATUSES
    ):
        task_complete_by_haven(
            actor=actor,
            task=task,
            note=f"Safety plan recorded; next review {safety_plan.review_date:%-d %B %Y}.",
        )
    return safety_plan
