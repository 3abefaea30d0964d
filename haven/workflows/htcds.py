"""A case exported in the Human Trafficking Case Data Standard 2.0's field names, for partners
whose systems use it (decision 0031). The facts come from each module's selectors, each section
only as far as the viewer may see it through the access door; ``htcds_fields`` maps them. The
export is recorded (``case_htcds_exported``) instead of a view of the case; a case the viewer
may not see is "not found", as everywhere."""

from django.utils import timezone

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import may_see_suspects
from haven.cases.models import Case, CaseSection, Concern
from haven.cases.selectors import CaseView, case_get_for_user
from haven.investigations.selectors import investigations_for_case
from haven.nrm.rules import NrmState
from haven.nrm.selectors import referrals_for_case
from haven.people.models import AddressKind
from haven.people.selectors import person_get_for_user
from haven.screening.selectors import concern_screening_for_user, screening_summary_for_user
from haven.screening.vocabulary import load_vocabulary
from haven.workflows import htcds_fields as fields


def _person_details(*, user, case: Case) -> fields.PersonDetails:
    """Nationalities, language, phones and a current address that is not confidential: a
    confidential address never leaves Haven in this export, whoever asks."""
    person = person_get_for_user(user=user, person_id=case.person_id, record_view=False)
    current = [a for a in person.addresses.all() if not a.is_confidential and a.to_date is None]
    current.sort(key=lambda a: (a.kind != AddressKind.HOME, -a.pk))
    address = current[0] if current else None
    return fields.PersonDetails(
        nationalities=tuple(country.code for country in person.nationalities),
        first_language=person.first_language,
        phones=tuple(phone.number for phone in person.phones.all()),
        address=fields.Address(
            street=", ".join(filter(None, (address.line_1, address.line_2))),
            town=address.town,
            postcode=address.postcode,
        )
        if address
        else None,
    )


def _screening(*, user, case: Case) -> fields.Screening | None:
    summary = screening_summary_for_user(user=user, case=case)
    if summary is None:
        return None
    if summary.current is None:
        return fields.Screening()
    elements = summary.current.result.get("elements", {})
    return fields.Screening(
        acts=tuple(elements.get("act", ())),
        means=tuple(elements.get("means", ())),
        purposes=tuple(elements.get("purpose", ())),
        indicators=tuple(summary.current.inputs.get("codes", ())),
    )


def _events(*, user, concerns: list[Concern]) -> tuple[fields.Event, ...]:
    """Each concern as an event: its date, and what its screening found, in the vocabulary's
    words (never the concern's free text)."""
    labels = load_vocabulary().codes
    events = []
    for concern in concerns:
        screening = concern_screening_for_user(user=user, concern=concern)
        codes: list[str] = []
        if screening is not None:
            elements = screening.result.get("elements", {})
            codes = [*screening.inputs.get("codes", ()), *(c for e in elements.values() for c in e)]
        seen = [
            labels[c].label for c in dict.fromkeys(codes) if c.startswith("ind.") and c in labels
        ]
        events.append(
            fields.Event(
                occurred_on=timezone.localdate(concern.occurred_at),
                codes=tuple(codes),
                description="; ".join(seen),
            )
        )
    return tuple(events)


def _nrm_state(*, user, case: Case) -> str | None:
    referrals = referrals_for_case(user=user, case=case)
    if referrals is None:
        return None
    latest = next((r for r in referrals if r.state != NrmState.WITHDRAWN), None)
    return latest.state if latest else ""


def _perpetrators(*, user, case: Case) -> tuple[fields.Perpetrator, ...] | None:
    if not may_see_suspects(user, case):
        return None
    perpetrators = []
    for investigation in investigations_for_case(user=user, case=case) or []:
        for suspect in investigation.suspects.all():
            outcomes = list(suspect.outcomes.all())
            outcome = f"; {outcomes[-1].get_outcome_display().lower()}" if outcomes else ""
            person = suspect.person
            perpetrators.append(
                fields.Perpetrator(
                    given_name=person.given_name,
                    family_name=person.family_name,
                    gender=person.gender,
                    date_of_birth=person.date_of_birth,
                    role_details=(
                        "Suspect in a police investigation opened on "
                        f"{investigation.opened_on.isoformat()}{outcome}"
                    ),
                )
            )
    return tuple(perpetrators)


def case_facts_for_user(*, user, view: CaseView) -> fields.CaseFacts:
    """The case's facts as ``user`` may see them, section by section."""
    case, access = view.case, view.access
    concerns = list(
        Concern.objects.filter(case=case).select_related("raised_by_agency").order_by("occurred_at")
    )
    person = case.person
    practitioner = case.lead_practitioner
    screening = _screening(user=user, case=case)
    return fields.CaseFacts(
        reference=case.reference,
        status=case.status,
        opened_on=timezone.localdate(case.opened_at),
        closed_reason=case.closed_reason,
        lead_agency=case.lead_agency.name,
        lead_team=case.lead_team.name,
        lead_practitioner=practitioner.full_name if practitioner else "",
        referring_agency=concerns[0].raised_by_agency.name if concerns else "",
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender,
        first_concern_on=timezone.localdate(concerns[0].occurred_at) if concerns else None,
        person=_person_details(user=user, case=case)
        if access.can_see(CaseSection.PEOPLE)
        else None,
        screening=screening,
        events=_events(user=user, concerns=concerns) if screening is not None else None,
        nrm_state=_nrm_state(user=user, case=case),
        perpetrators=_perpetrators(user=user, case=case),
    )


def htcds_export_for_user(*, user, case_id: int) -> dict:
    """The case keyed by HTCDS 2.0 field names; 404 without access. Records the export, with
    the sections it held."""
    view = case_get_for_user(user=user, case_id=case_id, record_view=False)
    facts = case_facts_for_user(user=user, view=view)
    document = fields.htcds_document(facts)
    audit_record(
        actor=user,
        verb=Verb.CASE_HTCDS_EXPORTED,
        target=view.case,
        person_id=view.case.person_id,
        changes={"format": "json", "sections": fields.sections_of(facts)},
    )
    return document
