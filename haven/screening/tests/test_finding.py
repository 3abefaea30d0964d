"""What pages say about a screening (DOMAIN §4, revised): never reassurance when exploitation or
a risk group is recorded; the missing element and the question to ask instead."""

import pytest

from haven.screening.engine import assess, finding
from haven.screening.tests.builders import CHILD_DEFINITION, action, adult, child

ASK_ACT = (
    "How did the child come to be there? Ask who recruited, moved, transferred, housed or "
    "received them."
)


def test_trial_cannabis_farm_child_is_told_to_consider_trafficking_not_reassured():
    # A 15-year-old found at a cannabis farm, isolated and speaking no English.
    result = assess(
        screening_input=child(
            age_years=15, codes=["ind.cannabis_farm_or_drug_running", "ind.isolated_no_english"]
        )
    )
    said = result.to_dict()["finding"]
    assert result.outcome == "trafficking_not_indicated"
    assert said["tag"] == "Consider trafficking"
    assert said["headline"] == (
        "The definition is not yet met on what is recorded: no act. Trafficking must be considered."
    )
    assert said["questions"] == [ASK_ACT]
    assert said["consider_trafficking"] is True
    assert action(result, "consider_trafficking") is not None
    assert "not indicated" not in said["headline"].lower()


def test_trial_car_wash_child_with_passport_held_is_told_to_consider_trafficking():
    # A 17-year-old at a car wash, passport held, injured, an adult speaks for them.
    result = assess(
        screening_input=child(
            age_years=17,
            codes=[
                "ind.working_unpaid_or_underage",
                "ind.documents_held_by_others",
                "ind.violence_or_injuries",
                "ind.adult_speaks_for_child",
            ],
        )
    )
    said = result.to_dict()["finding"]
    assert result.exploitation_types == ("labour",)
    assert said["tag"] == "Consider trafficking"
    assert said["missing_elements"] == ["act"]
    assert action(result, "consider_trafficking") is not None


@pytest.mark.parametrize(
    ("codes", "missing"),
    [
        (["ind.transport_arranged_by_adult"], ["purpose"]),
        (["ind.not_registered_school_or_gp"], ["act", "purpose"]),
    ],
)
def test_child_without_purpose_or_risk_group_hears_what_is_missing(codes, missing):
    said = finding(assess(screening_input=child(codes=codes)).to_dict())
    assert said["tag"] == "Definition not yet met"
    assert said["missing_elements"] == missing
    assert said["consider_trafficking"] is False
    assert len(said["questions"]) == len(missing)


def test_adult_hears_every_missing_element_including_means():
    result = assess(screening_input=adult(codes=["ind.working_unpaid_or_underage"]))
    said = finding(result.to_dict())
    assert said["missing_elements"] == ["act", "means"]
    assert said["consider_trafficking"] is False
    assert said["questions"][1].startswith("How was the person made to go along with it?")


def test_potential_victim_and_insufficient_information():
    met = finding(assess(screening_input=child(codes=list(CHILD_DEFINITION))).to_dict())
    assert met["tag"] == "Potential victim of trafficking"
    assert met["missing_elements"] == [] and met["questions"] == []
    nothing = finding(assess(screening_input=child()).to_dict())
    assert nothing["tag"] == "Not enough recorded"


def test_finding_reads_a_result_stored_before_the_rule_was_revised():
    # Stored under the old rule: a homeless child without consider_trafficking in the actions.
    stored = assess(screening_input=child(codes=["ind.no_fixed_address"])).to_dict()
    stored["required_actions"] = [
        a for a in stored["required_actions"] if a["code"] != "consider_trafficking"
    ]
    del stored["finding"]
    assert finding(stored)["consider_trafficking"] is True
