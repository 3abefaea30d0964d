"""Investigations and the tasks they close or raise: recording the non-criminalisation review
completes the case's ``non_criminalisation_review`` task; recording an update given to the child
completes an open ``victim_update`` task; and the clock job makes a ``victim_update`` task for the
case's lead team when no update has been given for ``HAVEN_VICTIM_UPDATE_DAYS`` (default 28)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from haven.actions.services import task_add_for_case, tasks_complete_for_case
from haven.cases.models import CaseStatus
from haven.core.working_days import end_of_day
from haven.investigations import services
from haven.investigations.models import (
    ChildOffence,
    Investigation,
    InvestigationStatus,
    Order,
    Suspect,
    VictimUpdate,
)
from haven.investigations.rules import TO_THE_VICTIM
from haven.investigations.selectors import victim_update_due_on
from haven.workflows.intelligence import notice_links, suspect_links

# The task an overdue update becomes (not a screening's required action: no screening decides it).
VICTIM_UPDATE = "victim_update"
VICTIM_UPDATE_TITLE = "Give the child an update on the police investigation"
NON_CRIMINALISATION_REVIEW = "non_criminalisation_review"


@transaction.atomic
def investigation_open(*, actor, case, **fields) -> Investigation:
    """An investigation, and the child's case linked to each suspect named at the start."""
    investigation = services.investigation_open(actor=actor, case=case, **fields)
    for suspect in investigation.suspects.select_related("person", "investigation__case"):
        suspect_links(actor=actor, suspect=suspect)
    return investigation


@transaction.atomic
def suspect_add(*, actor, investigation: Investigation, person_id: int) -> Suspect:
    """A suspect, and the child's case linked to them as a person of concern (intelligence)."""
    suspect = services.suspect_add(actor=actor, investigation=investigation, person_id=person_id)
    suspect_links(actor=actor, suspect=suspect)
    return suspect


@transaction.atomic
def order_record(*, actor, investigation: Investigation, **fields) -> Order:
    """An order or notice; a child abduction warning notice also links the child's case to its
    holder, and the holder to the notice's address (intelligence)."""
    order = services.order_record(actor=actor, investigation=investigation, **fields)
    notice_links(actor=actor, order=order)
    return order


@transaction.atomic
def victim_update_record(*, actor, investigation: Investigation, **fields) -> VictimUpdate:
    update = services.victim_update_record(actor=actor, investigation=investigation, **fields)
    if update.given_to in TO_THE_VICTIM:
        tasks_complete_for_case(
            actor=actor,
            case=investigation.case,
            code=VICTIM_UPDATE,
            note=f"Update given to {update.get_given_to_display().lower()} on "
            f"{update.given_on:%d/%m/%Y}, recorded in Haven.",
        )
    return update


@transaction.atomic
def non_criminalisation_review_record(*, actor, child_offence: ChildOffence, **fields):
    reviewed = services.non_criminalisation_review_record(
        actor=actor, child_offence=child_offence, **fields
    )
    tasks_complete_for_case(
        actor=actor,
        case=child_offence.investigation.case,
        code=NON_CRIMINALISATION_REVIEW,
        note="Non-criminalisation review recorded on the investigation in Haven.",
    )
    return reviewed


def victim_updates_overdue(*, now=None) -> int:
    """The clock job: a ``victim_update`` task for each open investigation whose update is
    overdue (none while one is open). Idempotent; returns the number of tasks made."""
    today = timezone.localdate(now or timezone.now())
    investigations = (
        Investigation.objects.filter(status=InvestigationStatus.OPEN, case__status=CaseStatus.OPEN)
        .annotate(
            last_update_on=Max(
                "victim_updates__given_on",
                filter=Q(victim_updates__given_to__in=list(TO_THE_VICTIM)),
            )
        )
        .select_related("case__person", "case__lead_team", "case__lead_practitioner")
    )
    made = 0
    for investigation in investigations:
        due = victim_update_due_on(investigation, last_update_on=investigation.last_update_on)
        if due >= today:
            continue
        task = task_add_for_case(
            actor=None,
            case=investigation.case,
            code=VICTIM_UPDATE,
            title=VICTIM_UPDATE_TITLE,
            lead="childrens_social_care",
            due_at=end_of_day(day=due),
            reason=(
                f"Victims get regular updates (DOMAIN section 7): the child has had no update on "
                f"the police investigation for {settings.HAVEN_VICTIM_UPDATE_DAYS} days."
            ),
        )
        made += task is not None
    return made
