"""NRM referrals across modules: a referral starts from what the case and its screening say
(indicators seen, types of exploitation from the screening's purposes, whether the child is
presumed one); submitting it completes the case's ``nrm_referral`` task, and recording a
guardian referral completes ``ictg_referral``. Whether the guardian service covers an area is
the per-authority ``ictg_service`` setting in ``screening/vocabulary.yaml``."""

from datetime import date

from django.db import transaction

from haven.actions.models import TaskStatus
from haven.actions.selectors import open_tasks
from haven.actions.services import task_complete_by_haven
from haven.cases.models import Case
from haven.nrm import services
from haven.nrm.models import IctgReferral, NrmReferral
from haven.nrm.rules import UnderAge, form_types_for
from haven.screening.selectors import screening_summary_for_user
from haven.screening.vocabulary import load_vocabulary

# screening's person status → the form's "under 18?" (presumed child: "not sure", a child).
_UNDER_AGE = {"child": UnderAge.YES, "presumed_child": UnderAge.NOT_SURE, "adult": UnderAge.NO}


def screening_prefill(*, actor, case: Case) -> dict:
    """The referral's answers from the case's screening, if ``actor`` may see it."""
    summary = screening_summary_for_user(user=actor, case=case)
    if summary is None or summary.current is None:
        return {}
    result = summary.current.result
    vocabulary = load_vocabulary()
    # In the vocabulary's words: the referral is read by people, never shows a code.
    indicators = [
        vocabulary.codes[code].label
        for code in summary.current.inputs.get("codes", [])
        if code.startswith("ind.") and code in vocabulary.codes
    ]
    status = result.get("person_status")
    child = status in ("child", "presumed_child")
    prefill = {
        "indicators_seen": "\n".join(indicators),
        "exploitation_types": form_types_for(result.get("exploitation_types", []), child=child),
    }
    if status == "presumed_child":
        # Age unknown or disputed: treated as a child until an age assessment says otherwise.
        prefill["under_age"] = UnderAge.NOT_SURE
    elif status in _UNDER_AGE and case.person.date_of_birth is None:
        prefill["under_age"] = _UNDER_AGE[status]
    return prefill


@transaction.atomic
def nrm_referral_start(*, actor, case: Case, **answers) -> NrmReferral:
    """A draft referral prefilled from the case and its screening."""
    return services.nrm_referral_create(
        actor=actor, case=case, **{**screening_prefill(actor=actor, case=case), **answers}
    )


def _complete(*, actor, case: Case, code: str, note: str) -> None:
    # A task someone already asked to close as not needed stays with the manager deciding it.
    for task in open_tasks(case=case, code=code).filter(status=TaskStatus.OPEN):
        task_complete_by_haven(actor=actor, task=task, note=note)


@transaction.atomic
def nrm_referral_submit(
    *, actor, referral: NrmReferral, submitted_on: date | None, home_office_reference: str
) -> NrmReferral:
    referral = services.nrm_referral_submit(
        actor=actor,
        referral=referral,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference,
    )
    _complete(
        actor=actor,
        case=referral.case,
        code="nrm_referral",
        note=f"NRM referral submitted (Home Office reference {referral.home_office_reference}).",
    )
    return referral


@transaction.atomic
def ictg_referral_record(*, actor, case: Case, **details) -> IctgReferral:
    referral = services.ictg_referral_record(actor=actor, case=case, **details)
    _complete(
        actor=actor,
        case=case,
        code="ictg_referral",
        note="Referred to an Independent Child Trafficking Guardian.",
    )
    return referral


def ictg_area_covered(case: Case) -> bool:
    """Whether the guardian service covers the lead authority's area."""
    area = load_vocabulary().areas.get(case.lead_agency.area_code)
    return bool(area and area.ictg_service)
