"""A referral or Duty to Notify as a document keyed by the Home Office form's own field names
(``UKHomeOffice/modern-slavery`` ``apps/nrm/fields/index.js``), for a First Responder to re-key
or an integration to map. Values use the form's answers (``yes`` / ``no`` / ``not-sure``,
``true`` for a ticked box). A Duty to Notify carries no name or date of birth unless the adult
agreed to cooperate with the police. Confidential addresses never enter a referral (its
locations are prefilled from addresses that are not confidential), so none can leak here."""

from haven.nrm.models import DutyToNotify, NrmReferral
from haven.nrm.rules import FormExploitationType, form_key, form_types_for, is_child

LOCAL_AUTHORITY = "local-authority-contacted-about-child-local-authority"


def _answer(value) -> str:
    """A yes / no / not sure answer in the form's words."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return form_key(value)


def _types(ticked) -> dict[str, bool]:
    return {
        f"types-of-exploitation-{form_key(code)}": code in ticked
        for code in FormExploitationType.values
    }


def referral_document(referral: NrmReferral) -> dict:
    child = is_child(referral.under_age)
    document = {
        "NRMOrDuty": "NRM",
        "haven-referral-id": referral.pk,
        "haven-case-reference": referral.case.reference,
        "haven-state": referral.state,
        "haven-submitted-on": referral.submitted_on.isoformat() if referral.submitted_on else "",
        "haven-home-office-reference": referral.home_office_reference,
        "pv-under-age": _answer(referral.under_age),
        "pv-under-age-at-time-of-exploitation": ""
        if child
        else _answer(referral.under_age_at_time_of_exploitation),
        **{
            f"{LOCAL_AUTHORITY}-{part}": value
            for part, value in (
                ("name", referral.local_authority_name),
                ("phone", referral.local_authority_phone),
                ("email", referral.local_authority_email),
                ("first-name", referral.local_authority_contact),
            )
        },
        "what-happened": referral.what_happened,
        "family": referral.background,
        "when-did-the-exploitation-take-place": referral.when_it_happened,
        "how-did-the-exploitation-start": referral.how_it_started,
        "still-in-exploitation-situation": _answer(referral.still_in_situation),
        "last-contact-with-exploiters": referral.last_contact_with_exploiters,
        "indicators-seen": referral.indicators_seen,
        "where-exploitation-happened-other-uk-other-location": referral.locations_uk,
        "where-exploitation-happened-other-overseas-other-location": referral.locations_overseas,
        "current-pv-location-uk-city": referral.current_location_uk_city,
        "who-exploited-pv": referral.who_exploited,
        **_types(referral.exploitation_types),
        "other-exploitation-details": referral.other_exploitation_details,
        "any-other-pvs": _answer(referral.other_potential_victims),
        "any-other-pvs-details": referral.other_potential_victims_details,
        "reported-to-police": _answer(referral.reported_to_police),
        "reported-to-police-police-forces": referral.police_force,
        "reported-to-police-crime-reference": referral.crime_reference,
        # A child has no consent question (the referral is automatic).
        "pv-want-to-submit-nrm": "" if child else _answer(referral.adult_consents),
        "pv-name-first-name": referral.given_name,
        "pv-name-last-name": referral.family_name,
        "pv-name-nickname": referral.nickname,
        "pv-dob": referral.date_of_birth.isoformat() if referral.date_of_birth else "",
        "pv-gender": referral.gender,
        "pv-nationality": referral.nationality,
        "pv-nationality-second": referral.nationality_second,
        "pv-interpreter-requirements": _answer(referral.interpreter_needed),
        "pv-interpreter-requirements-language": referral.interpreter_language,
        "pv-ho-reference": _answer(bool(referral.person_home_office_reference)),
        "pv-ho-reference-type": referral.person_home_office_reference,
        "fr-details-name": referral.responder_name,
        "fr-details-role": referral.responder_role,
        "fr-details-phone": referral.responder_phone,
        "fr-alternative-contact": referral.responder_email,
    }
    return document


def duty_to_notify_document(duty: DutyToNotify) -> dict:
    document = {
        "NRMOrDuty": "DTN",
        "haven-duty-to-notify-id": duty.pk,
        "haven-state": duty.state,
        "haven-submitted-on": duty.submitted_on.isoformat() if duty.submitted_on else "",
        "haven-home-office-reference": duty.home_office_reference,
        "pv-under-age": "no",
        "pv-want-to-submit-nrm": "no",
        "what-happened": duty.what_happened,
        **_types(form_types_for(duty.exploitation_types, child=False)),
        "pv-gender": duty.gender,
        "pv-nationality": duty.nationality,
        "refuse-nrm-co-operate-with-police": _answer(duty.cooperates_with_police),
    }
    if duty.cooperates_with_police:
        document |= {
            "refuse-nrm-pv-name-first-name": duty.given_name,
            "refuse-nrm-pv-name-last-name": duty.family_name,
            "pv-dob": duty.date_of_birth.isoformat() if duty.date_of_birth else "",
        }
    return document
