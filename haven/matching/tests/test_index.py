from datetime import date

from haven.matching.index import build_index
from haven.matching.records import Alias, DobPrecision, PersonRecord

PEOPLE = [
    PersonRecord(
        "police-1",
        given_name="Muhammad",
        family_name="Aly",
        aliases=(Alias(full_name="Mo", recorded_by="Cheshire Constabulary"),),
        date_of_birth=date(2009, 1, 1),
        dob_assigned_by_age_assessment=True,
        gender="M",
        nationality=("SD",),
        recorded_by="Cheshire Constabulary",
    ),
    PersonRecord(
        "school-1", given_name="Elira", family_name="Hoxha", date_of_birth=date(2012, 3, 4)
    ),
    PersonRecord(
        "health-1", given_name="Yonas", family_name="Tesfaye", date_of_birth=date(2008, 7, 9)
    ),
    PersonRecord(
        "health-2", given_name="Ahmed", family_name="Hassan", date_of_birth=date(2009, 5, 5)
    ),
]


def test_mohamad_ali_year_only_is_proposed_for_muhammad_aly_assessed():
    index = build_index(PEOPLE)
    query = PersonRecord(
        "social-care-1",
        given_name="Mohamad",
        family_name="Ali",
        date_of_birth=date(2009, 6, 1),
        dob_precision=DobPrecision.ESTIMATED,
    )
    results = index.lookup(query)
    assert [result.candidate_id for result in results][:1] == ["police-1"]
    explanation = results[0].explanation()
    assert "name variant" in explanation
    assert "same birth year" in explanation


def test_lookup_ranks_limits_and_excludes_the_record_itself():
    index = build_index(PEOPLE)
    results = index.lookup(PEOPLE[1], threshold=0.0, limit=2)
    assert len(results) <= 2
    assert all(result.candidate_id != "school-1" for result in results)
    assert [result.probability for result in results] == sorted(
        (result.probability for result in results), reverse=True
    )


def test_lookup_of_an_unseen_name_finds_by_other_keys():
    index = build_index(PEOPLE)
    results = index.lookup(
        PersonRecord(
            "q", given_name="Zzyzx", family_name="Tesfaye", date_of_birth=date(2008, 7, 9)
        ),
        threshold=0.0,
    )
    assert "health-1" in [result.candidate_id for result in results]


def test_index_over_a_population_finds_duplicates(population_rows, population):
    index = build_index(population)
    assert len(index) == len(population)
    entity_of = [row["entity_id"] for row in population_rows]
    hits = expected = 0
    for position in range(0, 300, 3):
        results = index.lookup(population.record_at(position))
        same = {
            other
            for other, entity in enumerate(entity_of)
            if entity == entity_of[position] and other != position
        }
        expected += len(same)
        found = {int(result.candidate_id[1:]) for result in results}
        hits += len(found & same)
    assert hits / expected > 0.85
