"""A case as the Human Trafficking Case Data Standard 2.0 names it (IOM and partners,
``UNMigration/HTCDS``; decision 0031). Pure: a plain ``CaseFacts`` in, a JSON-ready dict out.

Field names are the standard's, prefix and name (``prs_FirstName``, ``vic_TypeOfExploitation``);
picklist values are its value names (``SexualExploitation``, ``DebtBondage``). A part of the
case the viewer may not see is None in the facts and its fields are left out of the document;
a field Haven has no data for is empty (``""``, ``[]`` or ``None``). The victim and the case are
one record, so their fields are top-level; the perpetrators and the historic trafficking events
are lists under ``perpetrators`` and ``historic_trafficking_events``. Haven's own keys start
``haven_``."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from haven.people.age import age_on

STANDARD = "HTCDS 2.0"
SINGLE_COMPETENT_AUTHORITY = "Single Competent Authority (Home Office)"

# Person.gender -> prs_Gender.
GENDERS = {
    "female": "Feminine",
    "male": "Masculine",
    "other": "NonConforming",
    "unknown": "NonSpecifiedUnknown",
}

# The definition's purposes (screening vocabulary) -> vic_TypeOfExploitation. Criminal
# exploitation has no value of its own: it is Other, with ForcedBegging where begging or theft
# for others was seen (``BEGGING``).
PURPOSES = {
    "purpose.sexual_exploitation": "SexualExploitation",
    "purpose.labour_exploitation": "ForcedLabour",
    "purpose.criminal_exploitation": "Other",
    "purpose.domestic_servitude": "Servitude",
    "purpose.slavery_or_servitude": "Servitude",
    "purpose.organ_removal": "OrganRemoval",
}
BEGGING = "ind.forced_begging_or_theft"
CRIMINAL = "purpose.criminal_exploitation"
CRIMINAL_IN_WORDS = "Forced criminal activity (including county lines)"

# The definition's means, and the indicators that name a method the standard lists, ->
# vic_MethodsOfControl.
METHODS_OF_CONTROL = {
    "means.threat": "Threats",
    "means.force": "PhysicalAbuse",
    "means.coercion": "PsychologicalAbuse",
    "means.abduction": "RestrictsMovement",
    "means.fraud": "FalsePromises",
    "means.deception": "FalsePromises",
    "means.abuse_of_power_or_vulnerability": "PsychologicalAbuse",
    "means.payments_to_person_in_control": "Other",
    "ind.debt_bondage": "DebtBondage",
    "ind.documents_held_by_others": "WithholdsDocuments",
    "ind.threats_to_child_or_family": "Threats",
    "ind.violence_or_injuries": "PhysicalAbuse",
    "ind.deceived_about_work_or_school": "FalsePromises",
    "ind.isolated_no_english": "RestrictsMovement",
}

# The latest NRM referral's state -> vic_TraffickingStatus. A referral not yet decided, or
# withdrawn, says nothing; a reconsideration leaves the last decision standing (the referral's
# decisions say which).
TRAFFICKING_STATUSES = {
    "reasonable_grounds_positive": "Possible",
    "conclusive_grounds_positive": "Actual",
    "reasonable_grounds_negative": "NotAVictim",
    "conclusive_grounds_negative": "NotAVictim",
}

# A concern's elements -> hte_Type, in the order of a journey.
EVENT_TYPES = (
    ("act.recruitment", "Recruitment"),
    ("act.transportation", "Transit"),
    ("act.transfer", "Transit"),
    ("purpose.", "Exploitation"),
)

# Haven's case status -> cas_Status.
CASE_STATUSES = {"open": "Active", "closed": "Closed"}


@dataclass(frozen=True)
class Address:
    street: str
    town: str
    postcode: str


@dataclass(frozen=True)
class PersonDetails:
    """What the people section adds about the child: never a confidential address (the
    gatherer leaves those out)."""

    nationalities: tuple[str, ...] = ()
    first_language: str = ""
    phones: tuple[str, ...] = ()
    address: Address | None = None


@dataclass(frozen=True)
class Screening:
    """The screening in force: the elements it found (recorded or implied) and the indicators
    recorded."""

    acts: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """A concern on the case: when it happened and what its screening found."""

    occurred_on: date
    codes: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Perpetrator:
    given_name: str
    family_name: str
    gender: str
    date_of_birth: date | None
    role_details: str


@dataclass(frozen=True)
class CaseFacts:
    """A case's facts as one viewer may see them: None where a section is not theirs."""

    reference: str
    status: str
    opened_on: date
    closed_reason: str
    lead_agency: str
    lead_team: str
    lead_practitioner: str
    referring_agency: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str
    first_concern_on: date | None
    person: PersonDetails | None = None
    screening: Screening | None = None
    events: tuple[Event, ...] | None = None
    # The latest NRM referral's state ("" for none), or None without the NRM section.
    nrm_state: str | None = None
    perpetrators: tuple[Perpetrator, ...] | None = None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _unique(values: Iterable[str]) -> list[str]:
    """In first-seen order, each once."""
    return list(dict.fromkeys(values))


def types_of_exploitation(screening: Screening) -> list[str]:
    types = [PURPOSES[p] for p in screening.purposes if p in PURPOSES]
    if CRIMINAL in screening.purposes and BEGGING in screening.indicators:
        types.append("ForcedBegging")
    return _unique(types)


def methods_of_control(screening: Screening) -> list[str]:
    codes = (*screening.means, *screening.indicators)
    return _unique(METHODS_OF_CONTROL[c] for c in codes if c in METHODS_OF_CONTROL)


def event_type(codes: Iterable[str]) -> str:
    """The furthest step of a journey the codes show ("" when none)."""
    found = [kind for prefix, kind in EVENT_TYPES if any(c.startswith(prefix) for c in codes)]
    return found[-1] if found else ""


def _person(facts: CaseFacts) -> dict:
    document = {
        "prs_FirstName": facts.given_name,
        "prs_SecondName": facts.family_name,
        "prs_Birthdate": _iso(facts.date_of_birth),
        "prs_Gender": GENDERS.get(facts.gender, "NonSpecifiedUnknown"),
    }
    details = facts.person
    if details is None:
        return document
    address = details.address
    return document | {
        "prs_Citizenship": list(details.nationalities),
        "prs_PrimaryLanguage": details.first_language,
        "prs_MobilePhone": details.phones[0] if details.phones else "",
        "prs_MailingStreet": address.street if address else "",
        "prs_MailingCity": address.town if address else "",
        "prs_MailingPostalCode": address.postcode if address else "",
        "prs_MailingCountry": "GB" if address else "",
    }


def _victim(facts: CaseFacts) -> dict:
    document = {
        "vic_AgeWhenTrafficked": age_on(facts.date_of_birth, facts.first_concern_on)
        if facts.date_of_birth and facts.first_concern_on
        else None,
    }
    if facts.screening is not None:
        types = types_of_exploitation(facts.screening)
        document |= {
            "vic_TypeOfExploitation": types,
            "vic_MethodsOfControl": methods_of_control(facts.screening),
            "haven_OtherExploitation": CRIMINAL_IN_WORDS
            if CRIMINAL in facts.screening.purposes
            else "",
        }
    if facts.nrm_state is not None:
        status = TRAFFICKING_STATUSES.get(facts.nrm_state, "")
        document |= {
            "vic_TraffickingStatus": status,
            "vic_TraffickingStatusDecisionMakingOrg": SINGLE_COMPETENT_AUTHORITY if status else "",
        }
    return document


def _case(facts: CaseFacts) -> dict:
    closed = facts.status == "closed"
    return {
        "cas_Status": CASE_STATUSES.get(facts.status, "Active"),
        "cas_ReasonForCaseClosure": facts.closed_reason if closed else "",
        "cas_CaseOwner": facts.lead_practitioner or f"{facts.lead_team}, {facts.lead_agency}",
        "cas_ReferringOrganisation": facts.referring_agency,
        "cas_IncomingReferralDate": _iso(facts.opened_on),
    }


def _perpetrator(perpetrator: Perpetrator) -> dict:
    return {
        "prs_FirstName": perpetrator.given_name,
        "prs_SecondName": perpetrator.family_name,
        "prs_Birthdate": _iso(perpetrator.date_of_birth),
        "prs_Gender": GENDERS.get(perpetrator.gender, "NonSpecifiedUnknown"),
        # Haven does not record a suspect's part in the trafficking.
        "per_RoleInProcess": [],
        "per_RoleDetails": perpetrator.role_details,
    }


def _event(event: Event) -> dict:
    return {
        "hte_Date": _iso(event.occurred_on),
        "hte_Type": event_type(event.codes),
        "hte_Description": event.description,
    }


def sections_of(facts: CaseFacts) -> list[str]:
    """Which parts beyond the child's name, age and the case the export holds (for the audit
    trail: what left Haven)."""
    parts = {
        "people": facts.person,
        "screening": facts.screening,
        "nrm": facts.nrm_state,
        "suspects": facts.perpetrators,
    }
    return [name for name, part in parts.items() if part is not None]


def htcds_document(facts: CaseFacts) -> dict:
    """The case keyed by HTCDS 2.0 field names, with only the sections in ``facts``."""
    document = {
        "haven_Standard": STANDARD,
        "haven_CaseReference": facts.reference,
        **_person(facts),
        **_victim(facts),
        **_case(facts),
    }
    if facts.perpetrators is not None:
        document["perpetrators"] = [_perpetrator(p) for p in facts.perpetrators]
    if facts.events is not None:
        document["historic_trafficking_events"] = [_event(e) for e in facts.events]
    return document
