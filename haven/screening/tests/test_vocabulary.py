"""The vocabulary file matches DOMAIN.md sections 1-4 and refuses to load when inconsistent."""

import copy

import pytest
import yaml

from haven.screening import engine
from haven.screening.vocabulary import (
    VOCABULARY_PATH,
    DueRule,
    VocabularyError,
    load_vocabulary,
    parse_vocabulary,
    read_vocabulary,
)

# DOMAIN.md, copied here by hand so that a drifting vocabulary file fails a test.
ACTS = ["act.recruitment", "act.transportation", "act.transfer", "act.harbouring", "act.receipt"]
MEANS = [
    "means.threat",
    "means.force",
    "means.coercion",
    "means.abduction",
    "means.fraud",
    "means.deception",
    "means.abuse_of_power_or_vulnerability",
    "means.payments_to_person_in_control",
]
PURPOSES = [
    "purpose.sexual_exploitation",
    "purpose.labour_exploitation",
    "purpose.criminal_exploitation",
    "purpose.domestic_servitude",
    "purpose.slavery_or_servitude",
    "purpose.organ_removal",
]
RISKS = [
    "risk.unaccompanied_asylum_seeker",
    "risk.missing_from_home_or_care",
    "risk.sexually_exploited",
    "risk.gang_or_drug_activity",
    "risk.homeless",
    "risk.private_fostering",
    "risk.no_legal_status",
]
INDICATORS = {
    "ind.transport_arranged_by_adult": (
        "taxi or lift arranged by an unrelated adult to take the child somewhere",
        ("act.transportation",),
    ),
    "ind.found_at_adult_address": (
        "child found at an address of an unrelated adult",
        ("act.harbouring",),
    ),
    "ind.harbouring_notice_breached": (
        "child found again at an address whose occupier has a child abduction warning notice",
        ("act.harbouring",),
    ),
    "ind.moved_between_addresses": (
        "frequent moves, several unrelated children at one address",
        ("act.transfer", "act.harbouring"),
    ),
    "ind.recruited_online_or_by_peer": (
        'approached or groomed (online, by peers, by "boyfriend")',
        ("act.recruitment",),
    ),
    "ind.arrived_unaccompanied": (
        "arrived in the UK without a parent or guardian",
        ("act.transportation", "risk.unaccompanied_asylum_seeker"),
    ),
    "ind.sexual_activity_with_adults": (
        "sexual activity with adults, gifts, money, drugs, alcohol in return",
        ("purpose.sexual_exploitation", "risk.sexually_exploited"),
    ),
    "ind.working_unpaid_or_underage": (
        "working (nail bar, car wash, factory, restaurant) underage, unpaid or without a visa",
        ("purpose.labour_exploitation",),
    ),
    "ind.cannabis_farm_or_drug_running": (
        "found at a cannabis farm, dealing or carrying drugs, county lines",
        ("purpose.criminal_exploitation", "risk.gang_or_drug_activity"),
    ),
    "ind.forced_begging_or_theft": (
        "begging, shoplifting or pickpocketing for others",
        ("purpose.criminal_exploitation",),
    ),
    "ind.excessive_household_work": (
        "excessive chores, not in school, looking after others' children",
        ("purpose.domestic_servitude",),
    ),
    "ind.debt_bondage": (
        "told they or their family owe money to be worked off",
        ("means.coercion",),
    ),
    "ind.threats_to_child_or_family": (
        "threats of violence or death to the child or family",
        ("means.threat",),
    ),
    "ind.violence_or_injuries": (
        "unexplained injuries, violence by controllers",
        ("means.force",),
    ),
    "ind.documents_held_by_others": (
        "passport or ID held by someone else, false papers",
        ("means.abuse_of_power_or_vulnerability",),
    ),
    "ind.deceived_about_work_or_school": (
        "promised education or a job that did not exist",
        ("means.deception",),
    ),
    "ind.isolated_no_english": (
        "kept isolated, cannot speak English, does not know their address",
        ("means.abuse_of_power_or_vulnerability",),
    ),
    "ind.adult_speaks_for_child": (
        "an adult insists on speaking for the child, rehearsed story",
        ("means.coercion",),
    ),
    "ind.missing_episodes": ("goes missing from home or care", ("risk.missing_from_home_or_care",)),
    "ind.no_fixed_address": ("sofa-surfing, homeless", ("risk.homeless",)),
    "ind.not_registered_school_or_gp": ("not registered with a school or GP", ()),
}
# Action -> (lead, lead for an adult, due rule), in the order of DOMAIN.md section 4.
ACTIONS = {
    "call_999": ("referrer", "referrer", DueRule(rule="immediately")),
    "report_police_101": ("referrer", "referrer", DueRule(rule="working_days", days=1)),
    "adult_social_care_referral": ("referrer", "referrer", DueRule(rule="working_days", days=1)),
    "nrm_referral": ("first_responder", "first_responder", DueRule(rule="working_days", days=5)),
    "duty_to_notify": (
        "police_or_local_authority",
        "police_or_local_authority",
        DueRule(rule="working_days", days=5),
    ),
    "refer_childrens_social_care": ("referrer", "referrer", DueRule(rule="immediately")),
    "report_to_police": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="working_days", days=1),
    ),
    "strategy_meeting": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="working_days", days=3),
    ),
    "interpreter": (
        "childrens_social_care",
        "referrer",
        DueRule(rule="event", event="before the first interview"),
    ),
    "consider_trafficking": (
        "lead_practitioner",
        "lead_practitioner",
        DueRule(rule="working_days", days=5),
    ),
    "return_home_interview": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="hours_after_return", hours=72),
    ),
    "assess_household_children": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="working_days", days=1),
    ),
    "family_role_established": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="event", event="before any reunification with the family"),
    ),
    "placement_safety_plan": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="same_working_day"),
    ),
    "safe_house_escalation": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="same_working_day"),
    ),
    "notify_cross_border": ("childrens_social_care", "police", DueRule(rule="immediately")),
    "non_criminalisation_review": (
        "police",
        "police",
        DueRule(rule="event", event="before any interview or charge"),
    ),
    "ictg_referral": (
        "childrens_social_care",
        "childrens_social_care",
        DueRule(rule="event", event="with the NRM referral"),
    ),
}
AREAS = ["cheshire_east", "cheshire_west_and_chester", "halton", "warrington", "outside_cheshire"]


@pytest.fixture
def raw():
    """The vocabulary file as plain data, safe to break."""
    return copy.deepcopy(yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8")))


def test_codes_are_exactly_the_domain_codes_in_order():
    vocabulary = load_vocabulary()
    assert list(vocabulary.codes_of_kind("act")) == ACTS
    assert list(vocabulary.codes_of_kind("means")) == MEANS
    assert list(vocabulary.codes_of_kind("purpose")) == PURPOSES
    assert list(vocabulary.codes_of_kind("risk")) == RISKS
    assert list(vocabulary.codes_of_kind("ind")) == list(INDICATORS)


def test_implications_and_observations_are_the_domain_table():
    vocabulary = load_vocabulary()
    assert dict(vocabulary.implications()) == {
        code: implies for code, (_seen, implies) in INDICATORS.items()
    }
    for code, (seen, _implies) in INDICATORS.items():
        assert vocabulary.codes[code].seen == seen


def test_actions_leads_and_due_rules_are_the_domain_table():
    vocabulary = load_vocabulary()
    assert list(vocabulary.actions) == list(ACTIONS)
    for code, (lead, lead_adult, due) in ACTIONS.items():
        definition = vocabulary.actions[code]
        assert definition.lead_for(adult=False) == lead, code
        assert definition.lead_for(adult=True) == lead_adult, code
        assert definition.due == due, code


def test_statuses_outcomes_exploitation_types_and_areas_are_the_domain_codes():
    vocabulary = load_vocabulary()
    assert list(vocabulary.person_statuses) == ["child", "presumed_child", "adult"]
    assert list(vocabulary.outcomes) == [
        "potential_victim",
        "trafficking_not_indicated",
        "insufficient_information",
    ]
    assert list(vocabulary.exploitation_types) == [
        "sexual",
        "labour",
        "criminal",
        "domestic_servitude",
        "organ_harvesting",
        "not_specified",
    ]
    assert list(vocabulary.areas) == AREAS


def test_every_purpose_has_an_exploitation_type():
    types = load_vocabulary().purpose_exploitation_types
    assert dict(types) == {
        "purpose.sexual_exploitation": "sexual",
        "purpose.labour_exploitation": "labour",
        "purpose.criminal_exploitation": "criminal",
        "purpose.domestic_servitude": "domestic_servitude",
        "purpose.slavery_or_servitude": "labour",
        "purpose.organ_removal": "organ_harvesting",
    }


def test_county_lines_rule():
    rule = load_vocabulary().county_lines
    assert rule.purpose == "purpose.criminal_exploitation"
    assert set(rule.any_of) == {"ind.cannabis_farm_or_drug_running", "risk.gang_or_drug_activity"}


def test_ictg_covers_the_four_authorities_and_no_area_overrides_clocks_by_default():
    areas = load_vocabulary().areas
    assert [code for code, area in areas.items() if area.ictg_service] == AREAS[:4]
    assert all(not area.due_overrides for area in areas.values())


def test_every_code_has_a_label():
    vocabulary = load_vocabulary()
    every_code = [
        *vocabulary.codes,
        *vocabulary.person_statuses,
        *vocabulary.outcomes,
        *vocabulary.exploitation_types,
        *vocabulary.leads,
        *vocabulary.actions,
        *vocabulary.areas,
    ]
    assert all(vocabulary.label(code) for code in every_code)
    assert vocabulary.label("ind.found_at_adult_address") == "Found at an adult's address"
    with pytest.raises(KeyError):
        vocabulary.label("act.unknown")


def test_loaded_once_and_versioned():
    assert load_vocabulary() is load_vocabulary()
    assert load_vocabulary().version


def test_due_rule_uses_area_override_else_default(raw):
    raw["areas"]["halton"]["due"] = {"strategy_meeting": {"rule": "working_days", "days": 2}}
    vocabulary = parse_vocabulary(data=raw)
    assert vocabulary.due_rule(action="strategy_meeting", area="halton").days == 2
    assert vocabulary.due_rule(action="strategy_meeting", area="warrington").days == 3
    assert vocabulary.due_rule(action="strategy_meeting", area=None).days == 3


def test_an_implication_naming_an_unknown_code_fails_loudly(raw):
    raw["indicators"]["ind.debt_bondage"]["implies"] = ["means.debt"]
    with pytest.raises(VocabularyError, match=r"ind\.debt_bondage.*means\.debt"):
        parse_vocabulary(data=raw)


def test_an_indicator_implying_an_indicator_fails_loudly(raw):
    raw["indicators"]["ind.debt_bondage"]["implies"] = ["ind.missing_episodes"]
    with pytest.raises(VocabularyError, match=r"ind\.missing_episodes"):
        parse_vocabulary(data=raw)


def test_a_purpose_without_an_exploitation_type_fails_loudly(raw):
    del raw["purpose_exploitation_types"]["purpose.organ_removal"]
    with pytest.raises(VocabularyError, match=r"purpose\.organ_removal"):
        parse_vocabulary(data=raw)


def test_an_unknown_exploitation_type_fails_loudly(raw):
    raw["purpose_exploitation_types"]["purpose.organ_removal"] = "organs"
    with pytest.raises(VocabularyError, match="organs"):
        parse_vocabulary(data=raw)


def test_a_code_under_the_wrong_kind_fails_loudly(raw):
    raw["codes"]["act"]["means.threat"] = "Threat"
    with pytest.raises(VocabularyError, match="must start with 'act'"):
        parse_vocabulary(data=raw)


def test_an_unknown_lead_fails_loudly(raw):
    raw["actions"]["call_999"]["lead"] = "anyone"
    with pytest.raises(VocabularyError, match="anyone"):
        parse_vocabulary(data=raw)


def test_a_bad_due_rule_fails_loudly(raw):
    raw["actions"]["strategy_meeting"]["due"] = {"rule": "working_days", "days": 0}
    with pytest.raises(VocabularyError, match="1 or more"):
        parse_vocabulary(data=raw)
    raw["actions"]["strategy_meeting"]["due"] = {"rule": "fortnightly"}
    with pytest.raises(VocabularyError, match="fortnightly"):
        parse_vocabulary(data=raw)


def test_an_area_may_change_a_clock_but_not_an_event(raw):
    raw["areas"]["halton"]["due"] = {"interpreter": {"rule": "working_days", "days": 1}}
    with pytest.raises(VocabularyError, match="cannot replace 'event'"):
        parse_vocabulary(data=raw)


def test_an_area_override_for_an_unknown_action_fails_loudly(raw):
    raw["areas"]["halton"]["due"] = {"strategy_meting": {"rule": "working_days", "days": 2}}
    with pytest.raises(VocabularyError, match="strategy_meting"):
        parse_vocabulary(data=raw)


def test_a_missing_area_or_unknown_key_fails_loudly(raw):
    broken = copy.deepcopy(raw)
    del broken["areas"]["halton"]
    with pytest.raises(VocabularyError, match="halton"):
        parse_vocabulary(data=broken)
    raw["extra"] = {}
    with pytest.raises(VocabularyError, match="unknown keys extra"):
        parse_vocabulary(data=raw)


def test_a_code_used_in_two_tables_fails_loudly(raw):
    raw["leads"]["child"] = "A child"
    with pytest.raises(VocabularyError, match="'child' is used in both"):
        parse_vocabulary(data=raw)


def test_a_duplicate_key_in_the_file_fails_loudly(tmp_path):
    text = VOCABULARY_PATH.read_text(encoding="utf-8").replace(
        "    act.receipt: Receipt of persons\n",
        "    act.receipt: Receipt of persons\n    act.harbouring: Harbouring again\n",
    )
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"act\.harbouring' appears twice"):
        read_vocabulary(path=path)


def test_the_engine_implements_every_action_and_only_those(raw, monkeypatch):
    assert set(engine._vocabulary().actions) == set(ACTIONS)

    del raw["actions"]["ictg_referral"]
    monkeypatch.setattr(engine, "load_vocabulary", lambda: parse_vocabulary(data=raw))
    with pytest.raises(VocabularyError, match="ictg_referral"):
        engine._vocabulary.__wrapped__()
