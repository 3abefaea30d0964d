"""Pages show plain words; codes belong to the API (issue: practitioner trial, point 4)."""

import re

from haven.screening.engine import assess
from haven.screening.templatetags.screening_finding import plain_words
from haven.screening.tests.builders import child

CODE = re.compile(r"\b(?:ind|act|means|purpose|risk)\.[a-z_]+|\b[a-z]+_[a-z_]+\b")


def test_no_code_survives_in_any_explanation_or_reason():
    result = assess(
        screening_input=child(
            codes=[
                "ind.cannabis_farm_or_drug_running",
                "ind.isolated_no_english",
                "ind.transport_arranged_by_adult",
                "ind.missing_episodes",
            ],
            circumstances={"home_area": "warrington", "areas_involved": ["halton"]},
        )
    )
    lines = [*result.explanation, *(action.reason for action in result.required_actions)]
    assert any("ind.cannabis_farm_or_drug_running" in line for line in lines)  # the API keeps them
    for line in lines:
        shown = plain_words(line)
        assert not CODE.search(shown), shown


def test_codes_become_their_labels():
    assert plain_words(
        "ind.cannabis_farm_or_drug_running implies purpose.criminal_exploitation."
    ) == ("Cannabis farm or drug running implies forced criminal activity.")
    assert (
        plain_words(
            "record criminal_network so that a safe house is considered (safe_house_escalation)."
        )
        == "Record that a criminal network or gang is involved so that a safe house is considered."
    )
