"""Possible matches answered from the database (decision 0045) are the ones the in-memory index
over everyone found: the same candidates, in the same order, with the same probabilities and
evidence, whatever web process asks, and current the moment a person is recorded."""

from dataclasses import replace
from datetime import date

import pytest

from haven.matching import live
from haven.matching.blocking import DEFAULT_RULES, EQUAL_SORT_KEY_CAP
from haven.matching.engine import LOOKUP_THRESHOLD
from haven.matching.index import PersonIndex
from haven.matching.live import Query, candidate_ids, lookup, lookup_among, lookup_record
from haven.matching.model import MatchModel
from haven.matching.models import FittedMatchModel, PersonBlockingKey
from haven.matching.people_records import matching_records
from haven.matching.services import TRAIN_FROM
from haven.matching.stored_keys import _rank_code, blocking_key_rows
from haven.matching.tests.synthetic import columns_from_rows, synthetic_rows
from haven.people.models import Address, Alias, Identifier, Person, Phone

pytestmark = pytest.mark.django_db

GENDERS = {"M": "male", "F": "female"}


def police_record(world, given_name: str, family_name: str, born: date | None = None) -> Person:
    """A person the police recorded, born on ``born`` (exactly) when given."""
    return Person.objects.create(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=born,
        dob_precision="exact" if born else "unknown",
        recorded_by_agency=world.police.agency,
        recorded_by_team=world.police.team,
    )


def record_people(world, rows) -> None:
    """People recorded from synthetic rows, every fourth with an alias (names swapped)."""
    police = world.police
    for number, row in enumerate(rows):
        born = row["date_of_birth"]
        person = Person.objects.create(
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=date.fromisoformat(born) if born and born[4] == "-" else None,
            dob_precision="exact" if born else "unknown",
            gender=GENDERS.get(row["gender"], "unknown"),
            nationalities=[code for code in row["nationality"].split(";") if code],
            recorded_by_agency=police.agency,
            recorded_by_team=police.team,
        )
        if number % 4 == 0:
            Alias.objects.create(
                person=person,
                given_name=row["family_name"],
                family_name=row["given_name"],
                recorded_by_agency=police.agency,
            )
        if row["postcode"] or row["address"]:
            Address.objects.create(
                person=person,
                line_1=row["address"] or "unknown",
                postcode=row["postcode"],
                recorded_by_agency=police.agency,
            )
        for number_text in filter(None, row["phone"].split(";")):
            Phone.objects.create(
                person=person, number=number_text, recorded_by_agency=police.agency
            )
        for identifier in filter(None, row["identifier"].split(";")):
            kind, typed, value = identifier.partition(":")
            if not typed:
                continue  # a record in Haven always says what an identifier is
            Identifier.objects.get_or_create(
                person=person, kind=kind, value=value, recorded_by_agency=police.agency
            )


ROWS = synthetic_rows(size=300, seed=11)


@pytest.fixture
def population(world):
    """About 200 records of people, many recorded more than once with errors; the rows left
    out are the queries: other records of the same people."""
    record_people(world, ROWS[::3] + ROWS[1::3])
    return columns_from_rows(ROWS[2::3])


def in_memory_index() -> PersonIndex:
    return PersonIndex(matching_records(), train=False)


def summary(results) -> list[tuple]:
    return [
        (
            result.candidate_id,
            round(result.probability, 9),
            tuple((item.comparison, item.level) for item in result.evidence),
        )
        for result in results
    ]


def test_the_database_finds_and_scores_what_the_in_memory_index_over_everyone_found(population):
    index = in_memory_index()
    found = 0
    differing = []
    for position in range(len(population)):
        query = replace(population.record_at(position), record_id="query")
        # What a user is shown: the same people, order, probabilities and evidence.
        expected = index.lookup(query, threshold=LOOKUP_THRESHOLD, limit=5)
        shown = lookup_record(query, threshold=LOOKUP_THRESHOLD, limit=5)
        assert summary(shown) == summary(expected)
        found += bool(expected)
        # Every candidate: the same score. Within a block over its largest size the two sort
        # differently (the index by everyone's names, the database by a name's own first
        # letters), so a neighbour at its edge may differ: only candidates far below any
        # threshold.
        every = index.lookup(query, threshold=0.0, limit=1000)
        every = {r.candidate_id: r.probability for r in every}
        got = lookup_record(query, threshold=0.0, limit=1000)
        got = {r.candidate_id: r.probability for r in got}
        for candidate in set(every) & set(got):
            assert got[candidate] == pytest.approx(every[candidate], rel=1e-9, abs=1e-15)
        differing += [every[c] for c in set(every) - set(got)]
    # Three in ten synthetic people have more than one record.
    assert found >= 30, "held-out records of people recorded are found"
    assert len(differing) <= 5
    assert all(probability < 1e-6 for probability in differing)

    # An existing person looked up finds their other records, never themselves.
    for record in matching_records()[:40]:
        got = lookup_record(record, threshold=0.0, limit=1000)
        assert record.record_id not in {result.candidate_id for result in got}
        shown = lookup_record(record, threshold=LOOKUP_THRESHOLD, limit=10)
        assert summary(shown) == summary(index.lookup(record, threshold=LOOKUP_THRESHOLD, limit=10))


def test_matches_without_evidence_are_the_same_matches(population):
    # A record the user may not see is shown without its evidence, so it is not explained
    # (decision 0049): the same candidates, order, probabilities and weights, no evidence.
    compared = 0
    for position in range(0, len(population), 3):
        query = replace(population.record_at(position), record_id="query")
        candidates = candidate_ids([query, query])
        explained, bare = lookup_among(
            [query, query], candidates, limit=5, threshold=0.0, explained=(True, False)
        )
        assert [r.candidate_id for r in bare] == [r.candidate_id for r in explained]
        for plain, full in zip(bare, explained, strict=True):
            assert plain.probability == pytest.approx(full.probability, rel=1e-9, abs=1e-15)
            assert plain.match_weight == pytest.approx(full.match_weight, abs=0.011)
            assert plain.evidence == () and full.evidence
        compared += len(bare)
    assert compared > 50


def test_a_person_recorded_is_a_possible_match_at_once_in_every_process(world):
    query = Query(given_name="Mohamad", family_name="Ali", birth_year=2010)
    assert lookup(query) == []
    child = police_record(world, "Muhammad", "Aly", date(2010, 1, 1))
    # No index to rebuild: the keys were written with the person, in the same transaction.
    assert [result.candidate_id for result in lookup(query)] == [str(child.pk)]


def test_a_large_block_is_read_only_around_where_the_query_sorts(world):
    # 30 "Smith"s born the same day, each at their own postcode, share the blocks of the
    # family name with the birth date (read whole up to 20) and of the birth date alone (up
    # to 10), sorted by given name and by postcode: a query reads neighbours, not everyone.
    given_names = [f"{letter}{letter}ra" for letter in "bcdfghjklmnpqrstvwxz"] + [
        f"{letter}{letter}o" for letter in "bcdfghjklm"
    ]
    people = {}
    for number, given in enumerate(given_names):
        people[given] = police_record(world, given, "Smith", date(2011, 5, 6))
        Address.objects.create(
            person=people[given],
            line_1=f"{number + 1} Long Lane",
            postcode=f"WA{number + 1} 1AA",
            recorded_by_agency=world.police.agency,
        )
    (query,) = matching_records([people["mmra"].pk])
    (found,) = map(set, candidate_ids([replace(query, record_id="query")]))
    assert {people[given].pk for given in ("llra", "mmra", "nnra")} <= found
    assert len(found) < len(people), "a block over its largest size is not read whole"


def test_keys_do_not_depend_on_which_records_are_keyed_together():
    columns = columns_from_rows(ROWS[:30])
    records = [columns.record_at(position) for position in range(30)]
    together = blocking_key_rows(records)
    for position, record in enumerate(records):
        alone = blocking_key_rows([record])
        mine = together.records == position
        assert sorted(
            zip(together.rules[mine], together.keys[mine], together.sort_keys[mine], strict=True)
        ) == sorted(zip(alone.rules, alone.keys, alone.sort_keys, strict=True))


def test_the_sort_code_orders_skeletons_as_their_letters_do():
    skeletons = ["", "b", "bb", "bc", "bcdfghj", "bcdfgk", "c", "zzzzzz"]
    codes = [_rank_code(skeleton) for skeleton in skeletons]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert max(codes) < 2**31 - 1


def test_possible_matches_score_with_the_model_the_duplicate_job_fitted(world):
    for given in ("Muhammad", "Mohammed"):
        police_record(world, given, "Aly", date(2010, 1, 1))
    query = Query(given_name="Mohamad", family_name="Ali", date_of_birth=date(2010, 1, 1))
    before = lookup(query, threshold=0.0)
    assert len(before) == 2 and not FittedMatchModel.objects.exists()
    # A fit that believes duplicates are rare moves every probability down.
    default = MatchModel()
    FittedMatchModel.objects.create(
        records=TRAIN_FROM, parameters={**default.as_json(), "prior": default.prior / 100}
    )
    after = lookup(query, threshold=0.0)
    assert [r.candidate_id for r in after] == [r.candidate_id for r in before]
    assert all(a.probability < b.probability for a, b in zip(after, before, strict=True))


def test_a_merged_record_has_no_keys_and_is_never_a_candidate(world):
    survivor, merged = (police_record(world, "Amira", "Haddad") for _ in range(2))
    assert PersonBlockingKey.objects.filter(person=merged).exists()
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
    merged.refresh_from_db()
    merged.save()
    assert not PersonBlockingKey.objects.filter(person=merged).exists()
    found = lookup(Query(given_name="Amira", family_name="Haddad"), threshold=0.0)
    assert [r.candidate_id for r in found] == [str(survivor.pk)]


def test_a_process_reuses_the_model_and_agency_names_for_a_while_then_reads_them_again(
    world, settings, monkeypatch
):
    """Each web process asks for the newest fitted model and the agencies' names at most every
    ``HAVEN_MATCH_NAME_COUNTS_SECONDS`` (one query fewer each per lookup): a model fitted or an
    agency renamed meanwhile is used once that time has passed."""
    settings.HAVEN_MATCH_NAME_COUNTS_SECONDS = 300
    clock = [1_000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(live, "_cache", {})
    for given in ("Muhammad", "Mohammed"):
        person = police_record(world, given, "Aly", date(2010, 1, 1))
        Alias.objects.create(
            person=person,
            given_name="Mo",
            family_name="Aly",
            recorded_by_agency=world.police.agency,
        )
    query = Query(given_name="Mo", family_name="Aly", date_of_birth=date(2010, 1, 1))
    before = lookup(query, threshold=0.0)
    default = MatchModel()
    FittedMatchModel.objects.create(
        records=TRAIN_FROM, parameters={**default.as_json(), "prior": default.prior / 100}
    )
    police = world.police.agency
    old_name, police.name = police.name, "Renamed Constabulary"
    police.save()

    def quoted(results):
        return " ".join(e.explanation for r in results for e in r.evidence)

    clock[0] += 299
    kept = lookup(query, threshold=0.0)
    assert [r.probability for r in kept] == [r.probability for r in before]
    assert old_name in quoted(kept) and "Renamed Constabulary" not in quoted(kept)
    clock[0] += 2
    fresh = lookup(query, threshold=0.0)
    assert all(a.probability < b.probability for a, b in zip(fresh, before, strict=True))
    assert "Renamed Constabulary" in quoted(fresh)


def test_a_warmed_process_keeps_the_common_names_counts_before_its_first_lookup(
    world, settings, monkeypatch, django_assert_num_queries
):
    """``live.warm`` (run as a web worker starts, decision 0053) keeps the counts of every name
    at least ``_COMMON_NAME`` times recorded, as ``name_counts`` would count them, and the
    totals, the model and the agencies' names: the first lookup reads none of them."""
    settings.HAVEN_MATCH_NAME_COUNTS_SECONDS = 300
    monkeypatch.setattr(live, "_cache", {})
    monkeypatch.setattr(live, "_COMMON_NAME", 3)
    for number in range(3):
        police_record(world, "Amira", "Hassan", date(2010, 1, 1 + number))
    police_record(world, "Amira", "Khan", date(2011, 2, 2))
    police_record(world, "Zofia", "Nowak", date(2012, 3, 3))
    common = {
        ("given_canonical", "amira", ""),
        ("given_first_token", "amira", ""),
        ("family_canonical", "hassan", ""),
        ("full", "amira", "hassan"),
    }
    rarer = {("family_canonical", "khan", ""), ("given_canonical", "zofia", "")}

    live.warm()
    with django_assert_num_queries(0):
        warmed = live.name_counts(common)
        live.fitted_model()
        live._totals()
        live._agency_names()
    assert {key for key in live._cache["counts"] if key in rarer} == set()

    monkeypatch.setattr(live, "_cache", {})
    assert warmed == live.name_counts(common)
    assert warmed[("given_canonical", "amira", "")] == 4
    assert warmed[("full", "amira", "hassan")] == 3


def test_a_lookup_after_warming_answers_as_one_without(world, settings, monkeypatch):
    settings.HAVEN_MATCH_NAME_COUNTS_SECONDS = 300
    monkeypatch.setattr(live, "_COMMON_NAME", 2)
    for given, family, born in [
        ("Amira", "Hassan", date(2010, 1, 1)),
        ("Amirah", "Hasan", date(2010, 1, 1)),
        ("Amira", "Hassan", date(2011, 5, 5)),
        ("Zofia", "Nowak", date(2012, 3, 3)),
    ]:
        police_record(world, given, family, born)
    query = Query(given_name="Amira", family_name="Hassan", date_of_birth=date(2010, 1, 1))
    monkeypatch.setattr(live, "_cache", {})
    cold = lookup(query, threshold=0.0)
    monkeypatch.setattr(live, "_cache", {})
    live.warm()
    assert summary(lookup(query, threshold=0.0)) == summary(cold)


def test_ties_over_the_cap_are_read_in_person_order_as_the_index_reads_them(world):
    # 35 children born the same day with no address tie in the block of the date of birth
    # alone (sorted by postcode): a lookup reads the first EQUAL_SORT_KEY_CAP times the
    # largest block of them, the lowest person ids, as the in-memory index reads the first
    # records (decision 0058), never an arbitrary few.
    people = [
        police_record(world, f"{letter}{letter}ra", f"{letter}{letter}son", date(2011, 5, 6))
        for letter in "bcdfghjklmnpqrstvwxzbcdfghjklmnpqrs"[:35]
    ]
    rule = next(n for n, r in enumerate(DEFAULT_RULES) if r.name == "birth_date_as_written")
    key, sort = (
        PersonBlockingKey.objects.filter(person=people[0], rule=rule)
        .values_list("block_key", "sort_key")
        .get()
    )
    assert PersonBlockingKey.objects.filter(rule=rule, block_key=key, sort_key=sort).count() == 35
    read = live._read_windows([(rule, key, sort)])[0]
    most = EQUAL_SORT_KEY_CAP * DEFAULT_RULES[rule].max_block_size
    assert sorted(read) == sorted(p.pk for p in people)[:most]
