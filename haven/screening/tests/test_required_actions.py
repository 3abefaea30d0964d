"""One test per row of DOMAIN.md section 4: when each action is required, and when it is not."""

from dataclasses import replace
from datetime import timedelta

from haven.screening import engine
from haven.screening.engine import assess
from haven.screening.tests.builders import (
    ADULT_DEFINITION,
    ASSESSED_AT,
    CHILD_DEFINITION,
    action,
    adult,
    child,
    london,
    screening,
)
from haven.screening.vocabulary import DueRule, load_vocabulary

ONE_WORKING_DAY = london("2026-11-25T23:59:59+00:00")
THREE_WORKING_DAYS = london("2026-11-27T23:59:59+00:00")
FIVE_WORKING_DAYS = london("2026-12-01T23:59:59+00:00")
END_OF_ASSESSMENT_DAY = london("2026-11-24T23:59:59+00:00")
PRESUMED_CHILD = {"age_years": None, "appears_under_18": None}


def required(screening_input, code):
    return action(assess(screening_input=screening_input), code)


def test_call_999_required_for_immediate_danger_at_any_age():
    for person in (child(immediate_danger=True), adult(immediate_danger=True)):
        call = required(person, "call_999")
        assert call is not None
        assert call.lead == "referrer"
        assert call.due_by == ASSESSED_AT
        assert call.due_by.isoformat() == "2026-11-24T10:00:00+00:00"

    assert required(child(), "call_999") is None
    assert required(adult(codes=ADULT_DEFINITION), "call_999") is None


def test_report_police_101_required_for_adult_without_immediate_danger():
    report = required(adult(), "report_police_101")
    assert report is not None
    assert report.lead == "referrer"
    assert report.due_by == ONE_WORKING_DAY

    assert required(adult(immediate_danger=True), "report_police_101") is None
    assert required(child(codes=CHILD_DEFINITION), "report_police_101") is None
    assert required(screening(**PRESUMED_CHILD), "report_police_101") is None


def test_adult_social_care_referral_required_for_every_adult():
    for person in (adult(), adult(codes=ADULT_DEFINITION), adult(immediate_danger=True)):
        referral = required(person, "adult_social_care_referral")
        assert referral is not None
        assert referral.lead == "referrer"
        assert referral.due_by == ONE_WORKING_DAY

    assert required(child(), "adult_social_care_referral") is None
    assert required(screening(**PRESUMED_CHILD), "adult_social_care_referral") is None


def test_nrm_referral_required_for_child_potential_victim_or_consenting_adult_potential_victim():
    for person in (
        child(codes=CHILD_DEFINITION),
        # A child needs no consent: a refusal changes nothing.
        child(codes=CHILD_DEFINITION, circumstances={"consents_to_nrm": False}),
        screening(codes=CHILD_DEFINITION, **PRESUMED_CHILD),
        adult(codes=ADULT_DEFINITION, circumstances={"consents_to_nrm": True}),
    ):
        referral = required(person, "nrm_referral")
        assert referral is not None
        assert referral.lead == "first_responder"
        assert referral.due_by == FIVE_WORKING_DAYS

    assert required(child(codes=["purpose.sexual_exploitation"]), "nrm_referral") is None
    for consent in (False, None):
        person = adult(codes=ADULT_DEFINITION, circumstances={"consents_to_nrm": consent})
        assert required(person, "nrm_referral") is None
    no_means = adult(codes=CHILD_DEFINITION, circumstances={"consents_to_nrm": True})
    assert required(no_means, "nrm_referral") is None


def test_duty_to_notify_required_for_adult_potential_victim_without_known_consent():
    for consent in (False, None):
        person = adult(codes=ADULT_DEFINITION, circumstances={"consents_to_nrm": consent})
        notice = required(person, "duty_to_notify")
        assert notice is not None
        assert notice.lead == "police_or_local_authority"
        assert notice.due_by == FIVE_WORKING_DAYS

    consenting = adult(codes=ADULT_DEFINITION, circumstances={"consents_to_nrm": True})
    assert required(consenting, "duty_to_notify") is None
    assert required(adult(codes=CHILD_DEFINITION), "duty_to_notify") is None
    assert required(child(codes=CHILD_DEFINITION), "duty_to_notify") is None


def test_refer_childrens_social_care_required_for_every_child_whatever_the_outcome():
    for person in (
        child(),
        child(codes=["ind.missing_episodes"]),
        child(codes=CHILD_DEFINITION),
        screening(**PRESUMED_CHILD),
    ):
        referral = required(person, "refer_childrens_social_care")
        assert referral is not None
        assert referral.lead == "referrer"
        assert referral.due_by == ASSESSED_AT
        assert "within 1 working day" in referral.reason

    assert required(adult(codes=ADULT_DEFINITION), "refer_childrens_social_care") is None


def test_report_to_police_required_for_child_potential_victim_only():
    report = required(child(codes=CHILD_DEFINITION), "report_to_police")
    assert report is not None
    assert report.lead == "childrens_social_care"
    assert report.due_by == ONE_WORKING_DAY

    assert required(child(codes=["act.harbouring"]), "report_to_police") is None
    assert required(adult(codes=ADULT_DEFINITION), "report_to_police") is None


def test_strategy_meeting_required_for_child_potential_victim_or_repeat_missing():
    meeting = required(child(codes=CHILD_DEFINITION), "strategy_meeting")
    assert meeting is not None
    assert meeting.lead == "childrens_social_care"
    assert meeting.due_by.isoformat() == "2026-11-27T23:59:59+00:00"
    assert meeting.due_by == THREE_WORKING_DAYS

    assert required(child(codes=["ind.missing_episodes"]), "strategy_meeting") is None
    assert required(adult(codes=ADULT_DEFINITION), "strategy_meeting") is None

    # A child repeatedly missing (the home area's threshold, haven.missing) needs one too.
    repeat = {"repeat_missing": True}
    asked = required(
        child(codes=["ind.missing_episodes"], circumstances=repeat), "strategy_meeting"
    )
    assert asked is not None
    assert "missing repeatedly" in asked.reason
    assert asked.due_by == THREE_WORKING_DAYS
    assert (
        required(adult(codes=["ind.missing_episodes"], circumstances=repeat), "strategy_meeting")
        is None
    )


def test_strategy_meeting_due_follows_the_home_area_configuration(monkeypatch):
    vocabulary = load_vocabulary()
    halton = replace(
        vocabulary.areas["halton"],
        due_overrides={"strategy_meeting": DueRule(rule="working_days", days=2)},
    )
    configured = replace(vocabulary, areas={**vocabulary.areas, "halton": halton})
    monkeypatch.setattr(engine, "_vocabulary", lambda: configured)

    in_halton = child(codes=CHILD_DEFINITION, circumstances={"home_area": "halton"})
    assert required(in_halton, "strategy_meeting").due_by == london("2026-11-26T23:59:59+00:00")
    in_warrington = child(codes=CHILD_DEFINITION, circumstances={"home_area": "warrington"})
    assert required(in_warrington, "strategy_meeting").due_by == THREE_WORKING_DAYS


def test_interpreter_required_when_nationality_is_not_gb_or_first_language_is_not_english():
    for person, lead in (
        (child(nationality="VN"), "childrens_social_care"),
        (child(nationality="GB", first_language_english=False), "childrens_social_care"),
        (screening(nationality="AL", **PRESUMED_CHILD), "childrens_social_care"),
        (adult(first_language_english=False), "referrer"),
    ):
        interpreter = required(person, "interpreter")
        assert interpreter is not None
        assert interpreter.lead == lead
        assert interpreter.due_by is None
        assert "before the first interview" in interpreter.reason

    assert required(child(nationality="GB", first_language_english=True), "interpreter") is None
    # Unknown nationality and language: nothing known to act on.
    assert required(child(), "interpreter") is None


def test_consider_trafficking_required_for_child_cse_or_missing_case_not_meeting_definition():
    for person in (
        child(codes=["ind.missing_episodes"]),
        child(codes=["risk.sexually_exploited"]),
        child(circumstances={"returned_from_missing_at": ASSESSED_AT - timedelta(hours=2)}),
        screening(codes=["ind.sexual_activity_with_adults"], **PRESUMED_CHILD),
    ):
        consider = required(person, "consider_trafficking")
        assert consider is not None
        assert consider.lead == "lead_practitioner"
        assert consider.due_by == FIVE_WORKING_DAYS

    met = child(codes=[*CHILD_DEFINITION, "ind.missing_episodes"])
    assert required(met, "consider_trafficking") is None
    assert required(adult(codes=["ind.missing_episodes"]), "consider_trafficking") is None


# DOMAIN §3 and §4 (revised): every risk group, not only CSE and missing, and every purpose.
RISK_GROUP_EVIDENCE = {
    "risk.unaccompanied_asylum_seeker": ["ind.arrived_unaccompanied"],
    "risk.missing_from_home_or_care": ["ind.missing_episodes"],
    "risk.sexually_exploited": ["risk.sexually_exploited"],
    "risk.gang_or_drug_activity": ["risk.gang_or_drug_activity"],
    "risk.homeless": ["ind.no_fixed_address"],
    "risk.private_fostering": ["risk.private_fostering"],
    "risk.no_legal_status": ["risk.no_legal_status"],
}


def test_consider_trafficking_required_for_child_in_each_risk_group():
    assert set(RISK_GROUP_EVIDENCE) == set(load_vocabulary().codes_of_kind("risk"))
    for risk_group, codes in RISK_GROUP_EVIDENCE.items():
        result = assess(screening_input=child(codes=codes))
        assert result.outcome == "trafficking_not_indicated", risk_group
        assert risk_group in result.risk_groups
        consider = action(result, "consider_trafficking")
        assert consider is not None, risk_group
        assert consider.lead == "lead_practitioner"
        assert consider.due_by == FIVE_WORKING_DAYS
        assert "definition is not yet met on what is recorded" in consider.reason
        # The same rule for an adult in that group: not required.
        assert required(adult(codes=codes), "consider_trafficking") is None, risk_group


def test_consider_trafficking_required_for_child_with_purpose_but_no_act():
    for codes in (
        ["ind.cannabis_farm_or_drug_running", "ind.isolated_no_english"],
        ["ind.working_unpaid_or_underage", "ind.documents_held_by_others"],
        ["purpose.domestic_servitude"],
        ["purpose.organ_removal"],
    ):
        result = assess(screening_input=child(codes=codes))
        assert result.outcome == "trafficking_not_indicated"
        consider = action(result, "consider_trafficking")
        assert consider is not None, codes
        assert "(no act)" in consider.reason


def test_consider_trafficking_not_required_without_purpose_or_risk_group():
    for codes in (
        ["ind.not_registered_school_or_gp"],
        ["ind.transport_arranged_by_adult"],
        ["ind.threats_to_child_or_family"],
    ):
        assert required(child(codes=codes), "consider_trafficking") is None, codes


def test_return_home_interview_required_for_child_returned_from_missing():
    returned_at = london("2026-11-23T22:15:00+00:00")
    interview = required(
        child(circumstances={"returned_from_missing_at": returned_at}), "return_home_interview"
    )
    assert interview is not None
    assert interview.lead == "childrens_social_care"
    assert interview.due_by == returned_at + timedelta(hours=72)
    assert interview.due_by.isoformat() == "2026-11-26T22:15:00+00:00"

    assert required(child(codes=["ind.missing_episodes"]), "return_home_interview") is None
    returned_adult = adult(circumstances={"returned_from_missing_at": returned_at})
    assert required(returned_adult, "return_home_interview") is None


def test_return_home_interview_already_overdue_says_so():
    long_ago = ASSESSED_AT - timedelta(days=5)
    interview = required(
        child(circumstances={"returned_from_missing_at": long_ago}), "return_home_interview"
    )
    assert interview.due_by == long_ago + timedelta(hours=72)
    assert "already passed" in interview.reason


def test_assess_household_children_required_for_child_with_complicit_parents_or_carers():
    complicit = {"parents_or_carers_complicit": True}
    for person in (
        child(circumstances=complicit),
        child(codes=CHILD_DEFINITION, circumstances=complicit),
    ):
        assessment = required(person, "assess_household_children")
        assert assessment is not None
        assert assessment.lead == "childrens_social_care"
        assert assessment.due_by == ONE_WORKING_DAY

    assert required(child(codes=CHILD_DEFINITION), "assess_household_children") is None
    assert required(adult(circumstances=complicit), "assess_household_children") is None


def test_family_role_established_required_for_child_potential_victim_before_reunification():
    for circumstances in (
        {"reunification_planned": True},
        {"parents_or_carers_complicit": True},
        {"reunification_planned": True, "parents_or_carers_complicit": True},
    ):
        family_role = required(
            child(codes=CHILD_DEFINITION, circumstances=circumstances), "family_role_established"
        )
        assert family_role is not None
        assert family_role.lead == "childrens_social_care"
        assert family_role.due_by is None
        assert "before any reunification" in family_role.reason

    assert required(child(codes=CHILD_DEFINITION), "family_role_established") is None
    not_met = child(codes=["act.harbouring"], circumstances={"reunification_planned": True})
    assert required(not_met, "family_role_established") is None
    an_adult = adult(codes=ADULT_DEFINITION, circumstances={"reunification_planned": True})
    assert required(an_adult, "family_role_established") is None


def test_placement_safety_plan_required_for_accommodated_child_potential_victim():
    accommodated = {"accommodated": True}
    plan = required(
        child(codes=CHILD_DEFINITION, circumstances=accommodated), "placement_safety_plan"
    )
    assert plan is not None
    assert plan.lead == "childrens_social_care"
    assert plan.due_by == END_OF_ASSESSMENT_DAY

    saturday = london("2026-11-28T15:00:00+00:00")
    weekend = child(codes=CHILD_DEFINITION, circumstances=accommodated, assessed_at=saturday)
    assert required(weekend, "placement_safety_plan").due_by == london("2026-11-30T23:59:59+00:00")

    assert required(child(codes=CHILD_DEFINITION), "placement_safety_plan") is None
    not_met = child(codes=["purpose.sexual_exploitation"], circumstances=accommodated)
    assert required(not_met, "placement_safety_plan") is None


def test_safe_house_escalation_required_for_child_potential_victim_at_high_risk_or_in_network():
    for circumstances in ({"abduction_risk": "high"}, {"criminal_network": True}):
        escalation = required(
            child(codes=CHILD_DEFINITION, circumstances=circumstances), "safe_house_escalation"
        )
        assert escalation is not None
        assert escalation.lead == "childrens_social_care"
        assert escalation.due_by == END_OF_ASSESSMENT_DAY

    medium = child(codes=CHILD_DEFINITION, circumstances={"abduction_risk": "medium"})
    assert required(medium, "safe_house_escalation") is None
    not_met = child(codes=["act.harbouring"], circumstances={"abduction_risk": "high"})
    assert required(not_met, "safe_house_escalation") is None
    an_adult = adult(codes=ADULT_DEFINITION, circumstances={"criminal_network": True})
    assert required(an_adult, "safe_house_escalation") is None


def test_safe_house_escalation_required_for_any_child_placed_in_a_safe_house():
    placed = {"safe_house_placement": True}
    # Not (yet) a potential victim: the placement itself is the judgement that matters.
    escalation = required(child(circumstances=placed), "safe_house_escalation")
    assert escalation is not None
    assert escalation.reason.startswith("The person is a child placed in a safe house.")
    assert escalation.due_by == END_OF_ASSESSMENT_DAY
    an_adult = adult(codes=ADULT_DEFINITION, circumstances=placed)
    assert required(an_adult, "safe_house_escalation") is None


def test_notify_cross_border_required_when_an_area_other_than_home_is_involved():
    two_areas = {"home_area": "warrington", "areas_involved": ["warrington", "halton"]}
    for person, lead in (
        (child(circumstances=two_areas), "childrens_social_care"),
        (adult(circumstances=two_areas), "police"),
        (
            child(circumstances={"home_area": "halton", "areas_involved": ["outside_cheshire"]}),
            "childrens_social_care",
        ),
        # No home area, but two areas: at most one of them can be home.
        (
            child(circumstances={"areas_involved": ["halton", "warrington"]}),
            "childrens_social_care",
        ),
    ):
        notice = required(person, "notify_cross_border")
        assert notice is not None
        assert notice.lead == lead
        assert notice.due_by == ASSESSED_AT

    home_only = {"home_area": "warrington", "areas_involved": ["warrington"]}
    assert required(child(circumstances=home_only), "notify_cross_border") is None
    assert required(child(circumstances={"home_area": "halton"}), "notify_cross_border") is None
    unknown_home = child(circumstances={"areas_involved": ["halton"]})
    assert required(unknown_home, "notify_cross_border") is None
    assert any(
        "home area is not recorded" in s for s in assess(screening_input=unknown_home).explanation
    )


def test_non_criminalisation_review_required_for_arrested_child_with_exploitation_indicated():
    arrested = {"arrested_or_suspected_offence": True}
    for codes in (["ind.cannabis_farm_or_drug_running"], CHILD_DEFINITION):
        review = required(child(codes=codes, circumstances=arrested), "non_criminalisation_review")
        assert review is not None
        assert review.lead == "police"
        assert review.due_by is None
        assert "before any interview or charge" in review.reason

    assert (
        required(
            child(codes=["act.harbouring"], circumstances=arrested), "non_criminalisation_review"
        )
        is None
    )
    assert required(child(codes=CHILD_DEFINITION), "non_criminalisation_review") is None
    an_adult = adult(codes=ADULT_DEFINITION, circumstances=arrested)
    assert required(an_adult, "non_criminalisation_review") is None


def test_ictg_referral_required_for_child_potential_victim_where_ictg_covers_home_area():
    for circumstances in (
        {"home_area": "warrington"},
        {"home_area": "cheshire_east"},
        {"home_area": "outside_cheshire", "ictg_available": True},
        {"ictg_available": True},
    ):
        referral = required(
            child(codes=CHILD_DEFINITION, circumstances=circumstances), "ictg_referral"
        )
        assert referral is not None
        assert referral.lead == "childrens_social_care"
        assert referral.due_by is None
        assert "with the NRM referral" in referral.reason

    for circumstances in (
        {},
        {"home_area": "outside_cheshire"},
        {"home_area": "halton", "ictg_available": False},
    ):
        person = child(codes=CHILD_DEFINITION, circumstances=circumstances)
        assert required(person, "ictg_referral") is None
    assert (
        required(
            child(codes=["act.harbouring"], circumstances={"home_area": "halton"}), "ictg_referral"
        )
        is None
    )
