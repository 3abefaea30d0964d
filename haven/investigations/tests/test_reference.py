"""The offences list and the Schedule 4 check (Modern Slavery Act 2015, section 45)."""

import pytest

from haven.investigations.reference import (
    defence_available,
    offence,
    offence_list,
    offences_matching,
)

# One offence of each Schedule 4 category Haven lists: the defence is never available.
SCHEDULE_4_BY_CATEGORY = {
    "common_law": "common_law_murder",
    "offences_against_the_person_act_1861": "oapa1861_s18",
    "explosive_substances_act_1883": "esa1883_s2",
    "children_and_young_persons_act_1933": "cypa1933_s1",
    "firearms_act_1968": "fa1968_s16",
    "theft_act_1968": "ta1968_s8",
    "criminal_damage_act_1971": "cda1971_arson",
    "immigration_act_1971": "ia1971_s25",
    "public_order_act_1986": "poa1986_s1",
    "sexual_offences_act_2003": "soa2003_s1",
    "modern_slavery_act_2015": "msa2015_s2",
}


def test_every_category_has_an_offence_checked_below():
    assert set(SCHEDULE_4_BY_CATEGORY) == set(offence_list().categories)


@pytest.mark.parametrize(("category", "code"), SCHEDULE_4_BY_CATEGORY.items())
def test_the_defence_is_not_available_for_a_schedule_4_offence(category, code):
    assert offence(code).schedule_4.code == category
    assert defence_available(code) is False


@pytest.mark.parametrize(
    "code",
    [
        "mda1971_s4_3",  # supplying drugs: county lines
        "mda1971_s6",  # cannabis cultivation
        "ta1968_s1",  # theft, unlike robbery
        "cda1971_s1_1",  # criminal damage, unlike arson or endangering life
        "oapa1861_s47",  # actual bodily harm, unlike wounding
        "ia1971_s24",
        "ida2010_s6",
    ],
)
def test_the_defence_may_be_available_for_offences_outside_schedule_4(code):
    assert defence_available(code) is True


@pytest.mark.parametrize(
    ("code", "available"),
    [
        # Schedule 4 names sections 1 and 2 of the Modern Slavery Act, not section 4.
        ("msa2015_s1", False),
        ("msa2015_s2", False),
        ("msa2015_s4", True),
        # Entries added when the list was checked against the Schedule's text.
        ("fa1968_s5", False),
        ("soa2003_s10", False),
        ("ia1971_s25", False),
        ("cda1971_s1_2", False),
        # Entering the country illegally is the child's offence, not in the Schedule;
        # assisting it (section 25) is.
        ("ia1971_s24", True),
    ],
)
def test_the_checked_entries(code, available):
    assert defence_available(code) is available


def test_categories_name_the_schedules_paragraphs_where_checked():
    categories = offence_list().categories
    assert categories["common_law"].paragraphs == "1 to 6"
    assert categories["children_and_young_persons_act_1933"].paragraphs == "10"
    assert categories["firearms_act_1968"].paragraphs == "13"
    assert categories["theft_act_1968"].paragraphs == "14"
    assert categories["criminal_damage_act_1971"].paragraphs == "15"
    assert categories["immigration_act_1971"].paragraphs == "16"


def test_an_unknown_offence_is_refused_not_guessed():
    with pytest.raises(KeyError):
        defence_available("made_up")


def test_the_source_is_the_schedule_on_legislation_gov_uk():
    assert offence_list().source == "https://www.legislation.gov.uk/ukpga/2015/30/schedule/4"


def test_searching_matches_every_word_of_name_or_statute():
    assert [o.code for o in offences_matching("robbery")] == ["ta1968_s8"]
    found = {o.code for o in offences_matching("misuse drugs")}
    assert found == {"mda1971_s4_3", "mda1971_s5_2", "mda1971_s5_3", "mda1971_s6"}
    assert offence("common_law_murder").citation == "Common law"
    assert offence("msa2015_s2").citation == "Modern Slavery Act 2015, section 2"
