"""The HTCDS 2.0 mapping, field by field (decision 0031): pure, no database."""

from datetime import date

import pytest

from haven.workflows.htcds_fields import (
    Address,
    CaseFacts,
    Event,
    Perpetrator,
    PersonDetails,
    Screening,
    event_type,
    htcds_document,
    methods_of_control,
    sections_of,
    types_of_exploitation,
)

BASE = {
    "reference": "HVN-000042",
    "status": "open",
    "opened_on": date(2025, 3, 4),
    "closed_reason": "",
    "lead_agency": "Halton children's social care",
    "lead_team": "Halton MASH",
    "lead_practitioner": "",
    "referring_agency": "Cheshire Constabulary",
    "given_name": "Amira",
    "family_name": "Haddad",
    "date_of_birth": date(2010, 6, 1),
    "gender": "female",
    "first_concern_on": date(2025, 3, 1),
}


def facts(**changes) -> CaseFacts:
    return CaseFacts(**{**BASE, **changes})


def test_the_child_is_named_and_dated_for_anyone_who_sees_the_case():
    document = htcds_document(facts())
    assert document["prs_FirstName"] == "Amira"
    assert document["prs_SecondName"] == "Haddad"
    assert document["prs_Birthdate"] == "2010-06-01"
    assert document["haven_CaseReference"] == "HVN-000042"
    assert document["haven_Standard"] == "HTCDS 2.0"


@pytest.mark.parametrize(
    ("gender", "htcds"),
    [
        ("female", "Feminine"),
        ("male", "Masculine"),
        ("other", "NonConforming"),
        ("unknown", "NonSpecifiedUnknown"),
    ],
)
def test_gender_uses_the_standards_values(gender, htcds):
    assert htcds_document(facts(gender=gender))["prs_Gender"] == htcds


def test_no_date_of_birth_is_null_and_no_age_when_trafficked():
    document = htcds_document(facts(date_of_birth=None))
    assert document["prs_Birthdate"] is None
    assert document["vic_AgeWhenTrafficked"] is None


def test_age_when_trafficked_is_the_age_on_the_first_concern():
    # 14 on 1 March 2025 (her 15th birthday is on 1 June).
    assert htcds_document(facts())["vic_AgeWhenTrafficked"] == 14
    assert htcds_document(facts(first_concern_on=date(2025, 6, 1)))["vic_AgeWhenTrafficked"] == 15


def test_contact_details_only_with_the_people_section():
    without = htcds_document(facts())
    assert not any(key in without for key in ("prs_Citizenship", "prs_MailingStreet"))
    details = PersonDetails(
        nationalities=("GB", "VN"),
        first_language="Vietnamese",
        phones=("+447700900982",),
        address=Address(street="1 High Street, Flat 2", town="Runcorn", postcode="WA7 1AA"),
    )
    document = htcds_document(facts(person=details))
    assert document["prs_Citizenship"] == ["GB", "VN"]
    assert document["prs_PrimaryLanguage"] == "Vietnamese"
    assert document["prs_MobilePhone"] == "+447700900982"
    assert document["prs_MailingStreet"] == "1 High Street, Flat 2"
    assert document["prs_MailingCity"] == "Runcorn"
    assert document["prs_MailingPostalCode"] == "WA7 1AA"
    assert document["prs_MailingCountry"] == "GB"


def test_no_address_leaves_the_mailing_fields_empty():
    document = htcds_document(facts(person=PersonDetails()))
    assert document["prs_MailingStreet"] == document["prs_MailingCountry"] == ""
    assert document["prs_MobilePhone"] == ""


@pytest.mark.parametrize(
    ("purpose", "htcds"),
    [
        ("purpose.sexual_exploitation", ["SexualExploitation"]),
        ("purpose.labour_exploitation", ["ForcedLabour"]),
        ("purpose.criminal_exploitation", ["Other"]),
        ("purpose.domestic_servitude", ["Servitude"]),
        ("purpose.slavery_or_servitude", ["Servitude"]),
        ("purpose.organ_removal", ["OrganRemoval"]),
    ],
)
def test_each_purpose_maps_to_a_type_of_exploitation(purpose, htcds):
    assert types_of_exploitation(Screening(purposes=(purpose,))) == htcds


def test_criminal_exploitation_with_begging_seen_is_also_forced_begging():
    screening = Screening(
        purposes=("purpose.criminal_exploitation",), indicators=("ind.forced_begging_or_theft",)
    )
    assert types_of_exploitation(screening) == ["Other", "ForcedBegging"]
    document = htcds_document(facts(screening=screening))
    assert document["haven_OtherExploitation"].startswith("Forced criminal activity")


def test_types_are_listed_once():
    screening = Screening(purposes=("purpose.domestic_servitude", "purpose.slavery_or_servitude"))
    assert types_of_exploitation(screening) == ["Servitude"]


@pytest.mark.parametrize(
    ("code", "method"),
    [
        ("means.threat", "Threats"),
        ("means.force", "PhysicalAbuse"),
        ("means.coercion", "PsychologicalAbuse"),
        ("means.abduction", "RestrictsMovement"),
        ("means.fraud", "FalsePromises"),
        ("means.deception", "FalsePromises"),
        ("means.abuse_of_power_or_vulnerability", "PsychologicalAbuse"),
        ("means.payments_to_person_in_control", "Other"),
        ("ind.debt_bondage", "DebtBondage"),
        ("ind.documents_held_by_others", "WithholdsDocuments"),
        ("ind.isolated_no_english", "RestrictsMovement"),
    ],
)
def test_means_and_indicators_map_to_methods_of_control(code, method):
    screening = Screening(
        means=(code,) if code.startswith("means.") else (),
        indicators=(code,) if code.startswith("ind.") else (),
    )
    assert methods_of_control(screening) == [method]


def test_indicators_that_name_no_method_add_none():
    screening = Screening(indicators=("ind.missing_episodes", "ind.no_fixed_address"))
    assert methods_of_control(screening) == []


def test_victim_fields_only_with_the_screening_section():
    without = htcds_document(facts())
    assert "vic_TypeOfExploitation" not in without and "vic_MethodsOfControl" not in without
    document = htcds_document(
        facts(
            screening=Screening(
                purposes=("purpose.sexual_exploitation",),
                means=("means.coercion",),
                indicators=("ind.debt_bondage",),
            )
        )
    )
    assert document["vic_TypeOfExploitation"] == ["SexualExploitation"]
    assert document["vic_MethodsOfControl"] == ["PsychologicalAbuse", "DebtBondage"]
    assert document["haven_OtherExploitation"] == ""


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("reasonable_grounds_positive", "Possible"),
        ("conclusive_grounds_positive", "Actual"),
        ("reasonable_grounds_negative", "NotAVictim"),
        ("conclusive_grounds_negative", "NotAVictim"),
        ("submitted", ""),
        ("draft", ""),
        ("", ""),
    ],
)
def test_the_nrm_decision_is_the_trafficking_status(state, status):
    document = htcds_document(facts(nrm_state=state))
    assert document["vic_TraffickingStatus"] == status
    decided_by = document["vic_TraffickingStatusDecisionMakingOrg"]
    assert decided_by == ("Single Competent Authority (Home Office)" if status else "")


def test_no_trafficking_status_without_the_nrm_section():
    assert "vic_TraffickingStatus" not in htcds_document(facts(nrm_state=None))


def test_case_fields():
    document = htcds_document(facts())
    assert document["cas_Status"] == "Active"
    assert document["cas_ReasonForCaseClosure"] == ""
    assert document["cas_CaseOwner"] == "Halton MASH, Halton children's social care"
    assert document["cas_ReferringOrganisation"] == "Cheshire Constabulary"
    assert document["cas_IncomingReferralDate"] == "2025-03-04"
    closed = htcds_document(
        facts(status="closed", closed_reason="Moved away", lead_practitioner="Sam Lee")
    )
    assert closed["cas_Status"] == "Closed"
    assert closed["cas_ReasonForCaseClosure"] == "Moved away"
    assert closed["cas_CaseOwner"] == "Sam Lee"


def test_perpetrators_only_when_the_viewer_may_see_suspects():
    assert "perpetrators" not in htcds_document(facts())
    suspect = Perpetrator(
        given_name="Darren",
        family_name="Cole",
        gender="male",
        date_of_birth=date(1990, 1, 2),
        role_details="Suspect in a police investigation opened on 2025-04-01",
    )
    [perpetrator] = htcds_document(facts(perpetrators=(suspect,)))["perpetrators"]
    assert perpetrator == {
        "prs_FirstName": "Darren",
        "prs_SecondName": "Cole",
        "prs_Birthdate": "1990-01-02",
        "prs_Gender": "Masculine",
        "per_RoleInProcess": [],
        "per_RoleDetails": "Suspect in a police investigation opened on 2025-04-01",
    }


@pytest.mark.parametrize(
    ("codes", "kind"),
    [
        (("act.recruitment",), "Recruitment"),
        (("act.transportation",), "Transit"),
        (("act.transfer", "act.recruitment"), "Transit"),
        (("act.harbouring", "purpose.sexual_exploitation"), "Exploitation"),
        (("act.harbouring",), ""),
        ((), ""),
    ],
)
def test_an_events_type_is_the_furthest_step_it_shows(codes, kind):
    assert event_type(codes) == kind


def test_events_are_listed_with_date_type_and_description():
    event = Event(
        occurred_on=date(2025, 3, 1),
        codes=("act.transportation",),
        description="Transport arranged by an adult",
    )
    [listed] = htcds_document(facts(events=(event,)))["historic_trafficking_events"]
    assert listed == {
        "hte_Date": "2025-03-01",
        "hte_Type": "Transit",
        "hte_Description": "Transport arranged by an adult",
    }
    assert "historic_trafficking_events" not in htcds_document(facts())


def test_sections_of_names_what_the_export_held():
    assert sections_of(facts()) == []
    assert sections_of(
        facts(person=PersonDetails(), screening=Screening(), nrm_state="", perpetrators=())
    ) == ["people", "screening", "nrm", "suspects"]


def test_every_key_uses_a_standard_prefix_or_havens_own():
    document = htcds_document(
        facts(
            person=PersonDetails(),
            screening=Screening(),
            nrm_state="",
            perpetrators=(),
            events=(),
        )
    )
    prefixes = ("prs_", "vic_", "per_", "cas_", "hte_", "haven_")
    lists = {"perpetrators", "historic_trafficking_events"}
    assert all(key.startswith(prefixes) or key in lists for key in document)
