"""The four examples in section 1 of the Pan Cheshire Child Trafficking Strategy 2016-2019."""

from datetime import timedelta

from haven.screening.engine import assess
from haven.screening.tests.builders import ASSESSED_AT, action, adult, child, screening


def test_taxi_to_perpetrators_house_while_missing_is_trafficking():
    # "A young person is identified as a victim of Child Sexual Exploitation ... a taxi arranged
    # for her to collect her from her placement and drop her off at the perpetrator's house ...
    # her being missing from home and entering a property of an adult."
    result = assess(
        screening_input=child(
            nationality="GB",
            first_language_english=True,
            codes=[
                "ind.transport_arranged_by_adult",
                "ind.found_at_adult_address",
                "ind.missing_episodes",
                "ind.sexual_activity_with_adults",
            ],
            circumstances={
                "accommodated": True,
                "returned_from_missing_at": ASSESSED_AT - timedelta(hours=20),
                "home_area": "cheshire_west_and_chester",
                "areas_involved": ["cheshire_west_and_chester"],
            },
        )
    )

    assert result.person_status == "child"
    assert result.outcome == "potential_victim"
    assert result.elements.act == ("act.harbouring", "act.transportation")
    assert result.elements.purpose == ("purpose.sexual_exploitation",)
    assert result.risk_groups == ("risk.missing_from_home_or_care", "risk.sexually_exploited")
    assert result.exploitation_types == ("sexual",)
    assert set(result.action_codes) == {
        "nrm_referral",
        "refer_childrens_social_care",
        "report_to_police",
        "strategy_meeting",
        "return_home_interview",
        "placement_safety_plan",
        "ictg_referral",
    }
    assert (
        "ind.transport_arranged_by_adult (taxi or lift arranged by an unrelated adult to take "
        "the child somewhere) implies act.transportation." in result.explanation
    )
    assert any("every CSE and every missing case" in s for s in result.explanation)
    assert any("internal trafficking" in s for s in result.explanation)


def test_unaccompanied_asylum_seeker_arrested_in_cannabis_farm_raid_is_not_criminalised():
    # "An unaccompanied asylum seeker is arrested after a police raid on a cannabis farm."
    result = assess(
        screening_input=screening(
            age_years=16,
            age_uncertain=True,
            nationality="VN",
            first_language_english=False,
            codes=["ind.arrived_unaccompanied", "ind.cannabis_farm_or_drug_running"],
            circumstances={"arrested_or_suspected_offence": True, "home_area": "cheshire_east"},
        )
    )

    assert result.person_status == "presumed_child"
    assert result.outcome == "potential_victim"
    assert result.elements.act == ("act.transportation",)
    assert result.elements.purpose == ("purpose.criminal_exploitation",)
    assert result.risk_groups == ("risk.gang_or_drug_activity", "risk.unaccompanied_asylum_seeker")
    assert result.exploitation_types == ("criminal",)
    assert result.county_lines is True
    assert set(result.action_codes) == {
        "nrm_referral",
        "refer_childrens_social_care",
        "report_to_police",
        "strategy_meeting",
        "interpreter",
        "non_criminalisation_review",
        "ictg_referral",
    }
    assert action(result, "non_criminalisation_review").lead == "police"
    # The engine asks whether a network is behind it rather than assuming one.
    assert any("record criminal_network" in s for s in result.explanation)

    in_network = assess(
        screening_input=screening(
            age_years=16,
            age_uncertain=True,
            codes=["ind.arrived_unaccompanied", "ind.cannabis_farm_or_drug_running"],
            circumstances={"arrested_or_suspected_offence": True, "criminal_network": True},
        )
    )
    assert "safe_house_escalation" in in_network.action_codes


def test_young_males_working_in_nail_bars_without_visas_prompts_how_they_came_to_be_there():
    # "A number of young Asian males are identified working for Nail bars in Cheshire. It is
    # identified that they have no visa to work within the UK." Their ages are not known.
    seen = ["ind.working_unpaid_or_underage", "risk.no_legal_status"]
    result = assess(
        screening_input=screening(
            appears_under_18=True,
            first_language_english=False,
            codes=seen,
            circumstances={"home_area": "warrington"},
        )
    )

    assert result.person_status == "presumed_child"
    assert result.outcome == "trafficking_not_indicated"
    assert result.elements.purpose == ("purpose.labour_exploitation",)
    assert result.exploitation_types == ("labour",)
    assert (
        "Purpose recorded but no act: ask how the child came to be there (who recruited, moved, "
        "transferred, housed or received them)." in result.explanation
    )
    # DOMAIN §4 (revised): a purpose without an act means trafficking must be considered.
    assert set(result.action_codes) == {
        "refer_childrens_social_care",
        "interpreter",
        "consider_trafficking",
    }
    assert result.to_dict()["finding"] == {
        "tag": "Consider trafficking",
        "headline": "The definition is not yet met on what is recorded: no act. Trafficking "
        "must be considered.",
        "missing_elements": ["act"],
        "questions": [
            "How did the child come to be there? Ask who recruited, moved, transferred, housed "
            "or received them."
        ],
        "consider_trafficking": True,
    }

    # Asked: they were brought to the nail bar by its owner.
    brought = assess(
        screening_input=screening(
            appears_under_18=True,
            first_language_english=False,
            codes=[*seen, "act.transportation"],
            circumstances={"home_area": "warrington"},
        )
    )
    assert brought.outcome == "potential_victim"
    assert {"nrm_referral", "strategy_meeting", "ictg_referral"} <= set(brought.action_codes)

    # The same facts for men who are adults still need a means.
    adults = assess(
        screening_input=adult(first_language_english=False, codes=[*seen, "act.transportation"])
    )
    assert adults.outcome == "trafficking_not_indicated"
    assert any(
        s.startswith("Act and purpose recorded but no means: ask") for s in adults.explanation
    )
    assert {"report_police_101", "adult_social_care_referral"} <= set(adults.action_codes)


def test_frequently_missing_girl_at_harbouring_warning_address_must_have_trafficking_considered():
    # "A young person is frequently missing from home. A harbouring warning has been issued to an
    # adult in the property where she has been found. The young person is missing again and
    # attends the same property and is allowed in."
    returned_at = ASSESSED_AT - timedelta(hours=6)
    result = assess(
        screening_input=child(
            age_years=14,
            codes=["ind.missing_episodes", "ind.harbouring_notice_breached"],
            circumstances={"returned_from_missing_at": returned_at, "home_area": "halton"},
        )
    )

    assert result.person_status == "child"
    assert result.outcome == "trafficking_not_indicated"
    assert result.elements.act == ("act.harbouring",)
    assert result.elements.purpose == ()
    assert result.risk_groups == ("risk.missing_from_home_or_care",)
    assert set(result.action_codes) == {
        "refer_childrens_social_care",
        "consider_trafficking",
        "return_home_interview",
    }
    assert action(result, "return_home_interview").due_by == returned_at + timedelta(hours=72)
    assert (
        "Act recorded but no purpose: ask what the child was expected to do there (sex, work, "
        "crime, household work, or anything else done for someone else's gain)."
        in result.explanation
    )

    # Once sexual exploitation at the address is known, the definition is met.
    exploited = assess(
        screening_input=child(
            age_years=14,
            codes=[
                "ind.missing_episodes",
                "ind.harbouring_notice_breached",
                "ind.sexual_activity_with_adults",
            ],
            circumstances={"returned_from_missing_at": returned_at, "home_area": "halton"},
        )
    )
    assert exploited.outcome == "potential_victim"
    assert "consider_trafficking" not in exploited.action_codes
    assert "strategy_meeting" in exploited.action_codes
