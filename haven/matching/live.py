"""Possible matches while a person is being recorded, looked up per keystroke pause.

Found in the database (decision 0045): the query's blocking keys name the blocks to read
from ``PersonBlockingKey`` (a large block only around where the query sorts in it, as the
batch's sorted neighbourhood); the candidates' records are read as stored whole in
``PersonMatchingRecord`` (decision 0049) and scored by the same
``PairScorer`` as the batch, with how common each name is counted in ``PersonNamePart`` and
the model the duplicate job last fitted. A process keeps only counts of names, agencies'
names and the fitted model it last read, each for ``HAVEN_MATCH_NAME_COUNTS_SECONDS``, so
every web process answers from the same data, current within minutes."""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.conf import settings
from django.db import connection

from haven.matching.blocking import DEFAULT_RULES, EQUAL_SORT_KEY_CAP
from haven.matching.compare import PairScorer, TermFrequencies
from haven.matching.encode import MISSING, EncodedRecords, Vocabularies, encode_records
from haven.matching.engine import LOOKUP_THRESHOLD
from haven.matching.explain import MatchResult
from haven.matching.index import best_matches
from haven.matching.model import MatchModel
from haven.matching.models import FittedMatchModel, PersonBlockingKey, PersonNamePart
from haven.matching.people_records import agency_names, stored_matching_records
from haven.matching.records import Alias as RecordAlias
from haven.matching.records import DobPrecision, PersonRecord
from haven.matching.records import Identifier as RecordIdentifier
from haven.matching.stored_keys import blocking_key_rows

_cache: dict[str, object] = {}


def _union(selects: list[str]) -> str:
    # Each part in its own sub-select: SQLite allows LIMIT only there in a compound query.
    return " UNION ALL ".join(
        f"SELECT * FROM ({select}) AS part_{number}"  # noqa: S608
        for number, select in enumerate(selects)
    )


def _rows(sql: str, params: list) -> list[tuple]:
    # Raw SQL: only table and column names from model metadata are put in the text; every
    # value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# PostgreSQL reads every block in one statement of the same text whatever their number: the
# blocks as arrays, each read by an index range scan (a lateral join). Planning a union of
# dozens of selects, and the driver parsing its hundreds of parameters, took longer than
# reading them (decision 0051).
_WHOLE_BLOCKS = """SELECT w.number - 1, k.person_id
FROM unnest(%s::smallint[], %s::bigint[], %s::int[]) WITH ORDINALITY
    AS w(rule, block_key, most, number)
CROSS JOIN LATERAL (
    SELECT person_id FROM {table}
    WHERE rule = w.rule AND block_key = w.block_key LIMIT w.most
) AS k"""
_WINDOWS = """SELECT w.number - 1, k.person_id
FROM unnest(%s::smallint[], %s::bigint[], %s::bigint[], %s::int[], %s::int[]) WITH ORDINALITY
    AS w(rule, block_key, sort_key, most_equal, window_size, number)
CROSS JOIN LATERAL (
    (SELECT person_id FROM {table}
     WHERE rule = w.rule AND block_key = w.block_key AND sort_key = w.sort_key
     ORDER BY person_id LIMIT w.most_equal)
    UNION ALL
    (SELECT person_id FROM {table}
     WHERE rule = w.rule AND block_key = w.block_key AND sort_key < w.sort_key
     ORDER BY sort_key DESC, person_id DESC LIMIT w.window_size)
    UNION ALL
    (SELECT person_id FROM {table}
     WHERE rule = w.rule AND block_key = w.block_key AND sort_key > w.sort_key
     ORDER BY sort_key, person_id LIMIT w.window_size)
) AS k"""


def _most_equal(rule: int) -> int:
    return EQUAL_SORT_KEY_CAP * DEFAULT_RULES[rule].max_block_size


def _read_blocks(blocks: list[tuple[int, int]]) -> dict[int, list[int]]:
    """The people in each (rule, block key), by the block's position in ``blocks``: up to one
    more than the rule's largest block read whole (so a larger block shows itself)."""
    if not blocks:
        return {}
    table = PersonBlockingKey._meta.db_table
    most = [DEFAULT_RULES[rule].max_block_size + 1 for rule, _ in blocks]
    if connection.vendor == "postgresql":
        sql = _WHOLE_BLOCKS.format(table=table)
        params = [[rule for rule, _ in blocks], [key for _, key in blocks], most]
    else:
        where = f"SELECT %s AS block, person_id FROM {table} WHERE rule = %s AND block_key = %s"  # noqa: S608
        sql = _union([f"{where} LIMIT %s"] * len(blocks))
        params = [
            value
            for number, ((rule, key), limit) in enumerate(zip(blocks, most, strict=True))
            for value in (number, rule, key, limit)
        ]
    members: dict[int, list[int]] = {}
    for number, person in _rows(sql, params):
        members.setdefault(number, []).append(person)
    return members


def _read_windows(windows: list[tuple[int, int, int]]) -> dict[int, list[int]]:
    """The people around where each (rule, block key, sort key) sorts in its large block, by
    its position in ``windows``: those sorting there (the first ``EQUAL_SORT_KEY_CAP`` times
    the rule's largest block, by person) and the rule's ``window`` either side. Ties are
    taken in person order, as the in-memory index takes them in record order (records by
    person), along the ``(rule, block_key, sort_key, person)`` index at no extra cost."""
    if not windows:
        return {}
    table = PersonBlockingKey._meta.db_table
    if connection.vendor == "postgresql":
        sql = _WINDOWS.format(table=table)
        params = [
            [rule for rule, _, _ in windows],
            [key for _, key, _ in windows],
            [sort for _, _, sort in windows],
            [_most_equal(rule) for rule, _, _ in windows],
            [DEFAULT_RULES[rule].window for rule, _, _ in windows],
        ]
    else:
        around = f"SELECT %s AS block, person_id FROM {table} WHERE rule = %s AND block_key = %s"  # noqa: S608
        selects = [
            f"{around} AND sort_key = %s ORDER BY person_id LIMIT %s",
            f"{around} AND sort_key < %s ORDER BY sort_key DESC, person_id DESC LIMIT %s",
            f"{around} AND sort_key > %s ORDER BY sort_key, person_id LIMIT %s",
        ]
        sql = _union(selects * len(windows))
        params = []
        for number, (rule, key, sort) in enumerate(windows):
            window = DEFAULT_RULES[rule].window
            for limit in (_most_equal(rule), window, window):
                params += [number, rule, key, sort, limit]
    near: dict[int, list[int]] = {}
    for number, person in _rows(sql, params):
        near.setdefault(number, []).append(person)
    return near


def candidate_ids(records: Sequence[PersonRecord]) -> list[list[int]]:
    """For each record, the people sharing a block with it: a block of at most the rule's
    ``max_block_size`` whole, a larger one around the record's sort key (``window`` either
    side), as ``blocking.block_candidates`` reads an in-memory index. The records' blocks are
    read together, each once (a lookup and its coarsened twin share most of theirs)."""
    keys = blocking_key_rows(list(records))
    owned = list(
        zip(
            keys.records.tolist(),
            keys.rules.tolist(),
            keys.keys.tolist(),
            keys.sort_keys.tolist(),
            strict=True,
        )
    )
    blocks = sorted({(rule, key) for _, rule, key, _ in owned})
    members = _read_blocks(blocks)
    whole = {
        (rule, key): members.get(number, [])
        for number, (rule, key) in enumerate(blocks)
        if len(members.get(number, [])) <= DEFAULT_RULES[rule].max_block_size
    }
    windows = sorted(
        {(rule, key, sort) for _, rule, key, sort in owned if (rule, key) not in whole}
    )
    near = _read_windows(windows)
    position = {window: number for number, window in enumerate(windows)}
    found: list[set[int]] = [set() for _ in records]
    for record, rule, key, sort in owned:
        if (rule, key) in whole:
            found[record].update(whole[rule, key])
        else:
            found[record].update(near.get(position[rule, key, sort], ()))
    return [sorted(people) for people in found]


# (position, key) counted, and the ``PersonNamePart`` column(s) counted for it.
_COUNTED = {
    ("given", "canonical"): ("given_canonical",),
    ("given", "skeleton"): ("given_skeleton",),
    ("given", "token"): ("given_first_token", "given_last_token"),
    ("family", "canonical"): ("family_canonical",),
    ("family", "skeleton"): ("family_skeleton",),
    ("family", "token"): ("family_first_token", "family_last_token"),
}


# Counts of names kept per process at most (then all are dropped and counted afresh).
_MOST_COUNTS_KEPT = 200_000


def _spellings(vocabulary, *id_arrays: np.ndarray) -> list[str]:
    wanted = set(np.concatenate(id_arrays).tolist()) - {MISSING}
    return sorted(spelling for spelling, id_ in vocabulary.ids.items() if id_ in wanted)


def _fresh(cached: tuple | None, now: float) -> bool:
    return cached is not None and now - cached[0] < settings.HAVEN_MATCH_NAME_COUNTS_SECONDS


def _spelling_counts(column: str, where: str, having: str = "") -> str:
    """One part of a counts query: ``PersonNamePart`` rows per spelling of ``column`` where
    ``where`` holds. Its first parameter is the column's name (the ``counted`` column)."""
    return (
        f"SELECT %s AS counted, {column} AS spelling, '' AS family, COUNT(*) AS names"  # noqa: S608
        f" FROM {PersonNamePart._meta.db_table} WHERE {where} GROUP BY {column}{having}"
    )


def _full_name_counts(where: str, having: str = "") -> str:
    """One part of a counts query: ``PersonNamePart`` rows per full name where ``where``
    holds."""
    return (
        "SELECT 'full' AS counted, given_canonical AS spelling, family_canonical AS family,"  # noqa: S608
        f" COUNT(*) AS names FROM {PersonNamePart._meta.db_table} WHERE {where}"
        f" GROUP BY given_canonical, family_canonical{having}"
    )


def _counts_query(missing: list[tuple[str, str, str]]) -> tuple[str, list]:
    """One query counting ``PersonNamePart`` rows per (column, spelling, "") and per
    ("full", given, family)."""
    by_column: dict[str, list[str]] = {}
    for column, spelling, _ in missing:
        if column != "full":
            by_column.setdefault(column, []).append(spelling)
    selects, params = [], []
    for column, spellings in sorted(by_column.items()):
        marks = ", ".join(["%s"] * len(spellings))
        selects.append(_spelling_counts(column, f"{column} IN ({marks})"))
        params += [column, *spellings]
    full = [(given, family) for column, given, family in missing if column == "full"]
    if full:
        pairs = " OR ".join(["(given_canonical = %s AND family_canonical = %s)"] * len(full))
        selects.append(_full_name_counts(pairs))
        params += [spelling for pair in full for spelling in pair]
    return _union(selects), params


def name_counts(wanted: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
    """How many name entries have each (``PersonNamePart`` column, spelling, "") or are each
    ("full", canonical given, canonical family). Kept per process for
    ``HAVEN_MATCH_NAME_COUNTS_SECONDS``: the same names are weighed lookup after lookup, a
    count changes by one per name recorded, and counting a common name afresh each time
    costs tens of milliseconds at a million people."""
    now = time.monotonic()
    kept = _cache.setdefault("counts", {})
    if len(kept) > _MOST_COUNTS_KEPT:
        kept.clear()
    missing = sorted(key for key in wanted if not _fresh(kept.get(key), now))
    if missing:
        counted = {
            (column, spelling, family): names
            for column, spelling, family, names in _rows(*_counts_query(missing))
        }
        for key in missing:
            kept[key] = (now, counted.get(key, 0))
    return {key: kept[key][1] for key in wanted}


def _totals() -> dict[str, int]:
    """Names counted per position and in full, kept per process like ``name_counts``:
    counting every name takes tens of milliseconds at a million people, and a total only
    scales how common every name looks."""
    cached = _cache.get("totals")
    now = time.monotonic()
    if _fresh(cached, now):
        return cached[1]
    table = PersonNamePart._meta.db_table
    ((given, family, full),) = _rows(
        "SELECT SUM(CASE WHEN given_canonical <> '' THEN 1 ELSE 0 END),"  # noqa: S608
        " SUM(CASE WHEN family_canonical <> '' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN given_canonical <> '' AND family_canonical <> '' THEN 1 ELSE 0 END)"
        f" FROM {table}",
        [],
    )
    totals = {"given": int(given or 0), "family": int(family or 0), "full": int(full or 0)}
    _cache["totals"] = (now, totals)
    return totals


# Names at least this common are counted for a process before its first lookup (``warm``):
# counting a common name takes longest, and each process would count each one again on its
# first lookups. Rarer names are counted quickly when first weighed.
_COMMON_NAME = 20


def _common_counts_query() -> tuple[str, list]:
    """One query counting every spelling in each ``PersonNamePart`` column, and every full
    name, that is at least ``_COMMON_NAME`` times there: the keys ``name_counts`` keeps."""
    columns = sorted({column for counted in _COUNTED.values() for column in counted})
    common = " HAVING COUNT(*) >= %s"
    selects = [_spelling_counts(column, f"{column} <> ''", common) for column in columns]
    selects.append(_full_name_counts("given_canonical <> '' AND family_canonical <> ''", common))
    params = [value for column in columns for value in (column, _COMMON_NAME)]
    return _union(selects), [*params, _COMMON_NAME]


def warm() -> None:
    """Keep, before this process's first lookup, what ``name_counts``, ``_totals``,
    ``fitted_model`` and ``_agency_names`` would otherwise read on its first lookups: a web
    worker calls it as it starts (``HAVEN_WORKER_WARMERS``)."""
    now = time.monotonic()
    kept = _cache.setdefault("counts", {})
    for column, spelling, family, names in _rows(*_common_counts_query()):
        kept[column, spelling, family] = (now, names)
    _totals()
    fitted_model()
    _agency_names()


def term_frequencies(
    encoded: EncodedRecords, queries: Sequence[EncodedRecords], vocabularies: Vocabularies
) -> TermFrequencies:
    """How common the names of the candidates and the queries are among everyone's names,
    counted in ``PersonNamePart``."""
    columns_of: dict[tuple[str, str], tuple[list[str], tuple[str, ...]]] = {}
    wanted = set()
    for (position, key), columns in _COUNTED.items():
        parts = [getattr(records, position) for records in (encoded, *queries)]
        vocabulary = (
            vocabularies.name_skeleton if key == "skeleton" else vocabularies.name_canonical
        )
        if key == "token":
            ids = [ids for part in parts for ids in (part.first_token, part.last_token)]
        else:
            ids = [getattr(part, key) for part in parts]
        spellings = _spellings(vocabulary, *ids)
        columns_of[position, key] = (spellings, columns)
        wanted.update((column, spelling, "") for column in columns for spelling in spellings)
    full = {
        ("full", given, family)
        for records in (encoded, *queries)
        for given, family in zip(
            records.given.canonical_text.tolist(),
            records.family.canonical_text.tolist(),
            strict=True,
        )
        if given and family
    }
    counts = name_counts(wanted | full)
    spellings = {
        counted: {
            spelling: sum(counts[column, spelling, ""] for column in columns)
            for spelling in spelling_list
        }
        for counted, (spelling_list, columns) in columns_of.items()
    }
    return TermFrequencies.counted(
        encoded,
        vocabularies,
        spellings=spellings,
        full_names={(key[1], key[2]): counts[key] for key in full},
        totals=_totals(),
    )


def fitted_model() -> MatchModel:
    """The model the duplicate job last fitted, or the default priors before its first fit
    (or below the population it fits from). A process asks which is newest at most every
    ``HAVEN_MATCH_NAME_COUNTS_SECONDS``: the job fits once a day."""
    now = time.monotonic()
    cached = _cache.get("model")
    if _fresh(cached, now):
        return cached[2]
    newest = FittedMatchModel.objects.order_by("-fitted_at", "-pk").values_list("pk", flat=True)
    pk = newest.first()
    if pk is None:
        model = MatchModel()
    elif cached and cached[1] == pk:
        model = cached[2]
    else:
        parameters = FittedMatchModel.objects.values_list("parameters", flat=True).get(pk=pk)
        model = MatchModel.from_json(parameters)
    _cache["model"] = (now, pk, model)
    return model


def _agency_names() -> dict[int, str]:
    """Agencies' names, which explanations quote ("recorded by ..."), kept per process like
    the counts of names: a renamed agency is quoted by its new name within minutes."""
    now = time.monotonic()
    cached = _cache.get("agencies")
    if not _fresh(cached, now):
        cached = (now, agency_names())
        _cache["agencies"] = cached
    return cached[1]


@dataclass(frozen=True)
class Query:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    birth_year: int | None = None
    dob_precision: str = "exact"
    gender: str = ""
    nationalities: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    postcode: str = ""
    identifiers: tuple[str, ...] = ()

    def is_searchable(self) -> bool:
        return bool(
            (self.given_name or self.family_name or self.aliases) or self.identifiers or self.phones
        )

    def as_record(self) -> PersonRecord:
        birth = self.date_of_birth
        precision = DobPrecision(self.dob_precision) if birth else DobPrecision.UNKNOWN
        if birth is None and self.birth_year:
            # Only a year is known: compare years, as for an estimated date.
            birth, precision = date(self.birth_year, 7, 1), DobPrecision.ESTIMATED
        return PersonRecord(
            record_id="query",
            given_name=self.given_name,
            family_name=self.family_name,
            aliases=tuple(RecordAlias(full_name=alias) for alias in self.aliases),
            date_of_birth=birth,
            dob_precision=precision,
            gender="" if self.gender in ("", "unknown") else self.gender,
            nationality=self.nationalities,
            postcode=self.postcode,
            phones=self.phones,
            identifiers=tuple(
                parsed for raw in self.identifiers if (parsed := RecordIdentifier.parse(raw))
            ),
        )


def lookup(
    query: Query, *, limit: int = 5, threshold: float = LOOKUP_THRESHOLD
) -> list[MatchResult]:
    if not query.is_searchable():
        return []
    return lookup_record(query.as_record(), limit=limit, threshold=threshold)


def lookup_record(
    record: PersonRecord, *, limit: int = 5, threshold: float = LOOKUP_THRESHOLD
) -> list[MatchResult]:
    """People who may be ``record``, most likely first (``index.PersonIndex.lookup`` over
    everyone, answered from the database)."""
    return lookup_among([record], candidate_ids([record]), limit=limit, threshold=threshold)[0]


def lookup_among(
    records: Sequence[PersonRecord],
    candidates: Sequence[Sequence[int]],
    *,
    limit: int = 5,
    threshold: float = LOOKUP_THRESHOLD,
    explained: Sequence[bool] | None = None,
) -> list[list[MatchResult]]:
    """For each record, the most likely of its ``candidates`` (people's ids, as
    ``candidate_ids`` finds them or a part of those): their records read and their names
    counted together. ``explained``: for each record, whether its matches come with their
    evidence (all do by default)."""
    ids = sorted(set().union(*candidates))
    if not ids:
        return [[] for _ in records]
    people = stored_matching_records(ids, agencies=_agency_names())
    encoded, vocabularies = encode_records(people)
    # Encoded into the candidates' vocabularies, unfrozen: the queries' spellings get ids, so
    # how common they are is counted like everyone's.
    queries, _ = encode_records(list(records), vocabularies=vocabularies)
    scorer = PairScorer(
        model=fitted_model(),
        vocabularies=vocabularies,
        term_frequencies=term_frequencies(encoded, [queries], vocabularies),
    )
    position = {int(person.record_id): number for number, person in enumerate(people)}
    return best_matches(
        scorer,
        queries,
        encoded,
        [
            np.array([position[pk] for pk in found if pk in position], dtype=np.int64)
            for found in candidates
        ],
        query_records=records,
        record_at=people.__getitem__,
        threshold=threshold,
        limit=limit,
        explained=explained,
    )
