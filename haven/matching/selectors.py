"""Reading the duplicate review queue and possible matches, respecting access. A possible
match the user cannot see is shown only as "possibly known to <agency>, contact <team>"; a
reviewer of a duplicate pair sees each record as far as the door lets them (its name and age,
as a concern they may see names the child, and its details only if they may see the record)."""

from dataclasses import dataclass, replace

import jellyfish
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import Agency
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import cases_visible_to, concerns_visible_to, visible_person_ids
from haven.cases.models import Case, CaseStatus, Concern
from haven.matching.engine import Likelihood, likelihood
from haven.matching.explain import evidence_in_words
from haven.matching.live import candidate_ids, lookup_among
from haven.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    PersonMerge,
    PersonNameKey,
)
from haven.matching.name_keys import word_keys
from haven.matching.services import (
    Survivor,
    candidate_reviewers_q,
    merge_survivor,
    merge_waiting_for,
)
from haven.people.age import age_description
from haven.people.models import Person
from haven.people.selectors import (
    AddressView,
    KnownTo,
    SearchResult,
    addresses_for_user,
    known_to,
    person_get_for_user,
    search_rate_check,
    with_contacts,
)
from haven.people.selectors import person_search as text_person_search


def review_queue_for_user(*, user) -> QuerySet[DuplicateCandidate]:
    if not user.has_role_permission(roles.REVIEW_MATCHES) or user.agency_id is None:
        return DuplicateCandidate.objects.none()
    return (
        DuplicateCandidate.objects.filter(
            candidate_reviewers_q(user), status=CandidateStatus.PROPOSED
        )
        .select_related(
            "person_a__recorded_by_agency",
            "person_a__recorded_by_team",
            "person_b__recorded_by_agency",
            "person_b__recorded_by_team",
        )
        .prefetch_related(
            "person_a__cases__lead_agency",
            "person_a__cases__lead_team",
            "person_b__cases__lead_agency",
            "person_b__cases__lead_team",
        )
        .distinct()
        .order_by("-probability", "pk")
    )


@dataclass(frozen=True)
class QueueRow:
    """A pair in the review queue: both names (its reviewers know of both records), how likely
    they are one person, and the owners still to agree to a merge."""

    candidate: DuplicateCandidate
    likelihood: Likelihood
    waiting_for: tuple[str, ...]


def review_queue_rows(*, user, candidates) -> list[QueueRow]:
    candidates = list(candidates)
    # The queue names children from several agencies: a read like any other.
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("matching.duplicatecandidate", "review_queue"),
        changes={"candidates": [c.pk for c in candidates]},
    )
    return [
        QueueRow(
            candidate=c,
            likelihood=likelihood(c.probability),
            waiting_for=tuple(agency_names(merge_waiting_for(c))) if c.consents else (),
        )
        for c in candidates
    ]


@dataclass(frozen=True)
class CaseLine:
    """An open case on a record. Its reference and page only for a reviewer who may see the
    case; anyone may learn who leads it (a "known to" answer says as much)."""

    case: Case | None
    lead: str


@dataclass(frozen=True)
class RecordSide:
    """One record of a pair as its reviewer may see it. A reviewer knows of both records (see
    ``candidate_reviewers_q``): the name and age as a concern they may see shows them, and the
    rest only if they may see the record itself."""

    person_id: int
    name: str
    born: str
    held_by: KnownTo
    # The record with its details (each list filtered by the door), or None: held by another
    # agency, whose details this reviewer may not see.
    person: Person | None
    addresses: tuple[AddressView, ...]
    open_cases: tuple[CaseLine, ...]
    concerns: tuple[Concern, ...]  # concerns about this record the reviewer may see
    survives: bool

    @property
    def hidden(self) -> str:
        return f"Held by {self.held_by.agency}: you cannot see this record's details"


@dataclass(frozen=True)
class EvidenceLine:
    """One comparison of the pair: its codes, weight and what it found, in words."""

    comparison: str
    level: str
    weight: float
    words: str

    @property
    def supports(self) -> bool:
        """Whether it points to one person (a negative weight points to two)."""
        return self.weight > 0


@dataclass(frozen=True)
class CandidateComparison:
    """A possible duplicate as its reviewer sees it: both records side by side, the evidence,
    which record a merge keeps and why, and who still has to agree."""

    candidate: DuplicateCandidate
    likelihood: Likelihood
    first: RecordSide
    second: RecordSide
    evidence: tuple[EvidenceLine, ...]
    survivor: Survivor
    agreed: tuple[str, ...]
    waiting_for: tuple[str, ...]

    @property
    def sides(self) -> tuple[RecordSide, RecordSide]:
        return self.first, self.second

    @property
    def for_one_person(self) -> list[EvidenceLine]:
        return [line for line in self.evidence if line.supports]

    @property
    def for_two_people(self) -> list[EvidenceLine]:
        return [line for line in self.evidence if not line.supports]

    @property
    def kept(self) -> RecordSide | None:
        """The record a merge keeps, when the rules decide it."""
        return next((side for side in self.sides if side.survives), None)


def _evidence_lines(candidate: DuplicateCandidate) -> tuple[EvidenceLine, ...]:
    # Pairs proposed before evidence had words get them from their codes.
    return tuple(
        EvidenceLine(
            comparison=item["comparison"],
            level=item["level"],
            weight=item["weight"],
            words=item.get("words") or evidence_in_words(item["comparison"], item["level"]),
        )
        for item in candidate.evidence
    )


def _record_side(
    *, user, person: Person, visible: bool, survivor: Survivor, cases, concerns
) -> RecordSide:
    shown = (
        person_get_for_user(user=user, person_id=person.pk, record_view=False) if visible else None
    )
    return RecordSide(
        person_id=person.pk,
        name=person.full_name,
        born=age_description(
            person.date_of_birth,
            dob_precision=person.dob_precision,
            dob_assigned_by_age_assessment=person.dob_assigned_by_age_assessment,
            today=timezone.localdate(),
        ),
        held_by=known_to(person),
        person=shown,
        addresses=tuple(addresses_for_user(user=user, person=shown)) if shown else (),
        open_cases=tuple(
            CaseLine(
                case=case if case.pk in cases else None,
                lead=f"{case.lead_team.name}, {case.lead_agency.name}",
            )
            for case in person.cases.all()
            if case.status == CaseStatus.OPEN
        ),
        concerns=tuple(c for c in concerns if c.person_id == person.pk),
        survives=survivor.person_id == person.pk,
    )


def candidate_comparison_for_reviewer(*, user, candidate_id: int) -> CandidateComparison:
    """Both records of a possible duplicate side by side, as far as this reviewer may see each
    (404 for a pair they may not review). Records the view of both people."""
    candidate = candidate_get_for_reviewer(user=user, candidate_id=candidate_id)
    people = (candidate.person_a, candidate.person_b)
    ids = [person.pk for person in people]
    visible = visible_person_ids(user, ids)
    cases = set(cases_visible_to(user).filter(person_id__in=ids).values_list("pk", flat=True))
    concerns = list(
        concerns_visible_to(user)
        .filter(person_id__in=ids)
        .select_related("raised_by_agency")
        .order_by("-occurred_at", "-pk")
    )
    survivor = merge_survivor(candidate)
    first, second = (
        _record_side(
            user=user,
            person=person,
            visible=person.pk in visible,
            survivor=survivor,
            cases=cases,
            concerns=concerns,
        )
        for person in people
    )
    for person in people:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=candidate,
            person_id=person.pk,
            reason="Compared side by side as a possible duplicate",
        )
    return CandidateComparison(
        candidate=candidate,
        likelihood=likelihood(candidate.probability),
        first=first,
        second=second,
        evidence=_evidence_lines(candidate),
        survivor=survivor,
        agreed=tuple(agency_names(int(agency) for agency in candidate.consents)),
        waiting_for=tuple(agency_names(merge_waiting_for(candidate))),
    )


def candidate_get_for_reviewer(*, user, candidate_id: int) -> DuplicateCandidate:
    candidate = review_queue_for_user(user=user).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404("No such candidate")
    return candidate


def merge_to_confirm(*, user, merge_id: int) -> PersonMerge | None:
    """A merge the reviewer's agency has just made and not reversed, to confirm it in words
    with a way to undo it; None for any other."""
    if not user.has_role_permission(roles.REVIEW_MATCHES):
        return None
    return (
        PersonMerge.objects.select_related("survivor", "merged")
        .filter(pk=merge_id, merged_by__agency_id=user.agency_id, unmerged_at__isnull=True)
        .first()
    )


def merge_get_for_reviewer(*, user, merge_id: int) -> PersonMerge:
    if not user.has_role_permission(roles.REVIEW_MATCHES):
        raise Http404("No such merge")
    merge = (
        PersonMerge.objects.select_related("survivor", "merged", "merged_by")
        .filter(pk=merge_id, merged_by__agency_id=user.agency_id)
        .first()
    )
    if merge is None:
        raise Http404("No such merge")
    return merge


def merges_for_agency(*, user) -> QuerySet[PersonMerge]:
    if not user.has_role_permission(roles.REVIEW_MATCHES):
        return PersonMerge.objects.none()
    return PersonMerge.objects.filter(merged_by__agency_id=user.agency_id).select_related(
        "survivor", "merged", "merged_by", "unmerged_by"
    )[:20]


@dataclass(frozen=True)
class PossibleMatch:
    """A possible match as one user may see it: the record and why, or only who holds it."""

    probability: float
    person: Person | None
    why: tuple[str, ...]
    known_to: KnownTo

    @property
    def message(self) -> str:
        return f"Possibly known to {self.known_to.agency}, contact {self.known_to.team}" + (
            f" ({self.known_to.email or self.known_to.phone})"
            if self.known_to.email or self.known_to.phone
            else ""
        )


def possible_matches_for_user(*, user, query, limit: int = 5) -> list[PossibleMatch]:
    """People who may be the person being recorded. For a record the user may not see, only
    "possibly known to <agency>, contact <team>": never its names, dates or the evidence."""
    if not (
        user.has_role_permission(roles.SEARCH_PEOPLE)
        or user.has_role_permission(roles.RAISE_CONCERN)
    ):
        return []
    search_rate_check(user=user)
    results, visible = [], set()
    if query.is_searchable():
        # Records the user cannot see are matched on the name, year of birth and exact
        # identifiers only, so probing a postcode, phone or exact date learns nothing about
        # them. Each candidate is weighed once: with the query if the user may see it, else
        # with the coarsened query (whose blocks are read with the query's).
        records = [query.as_record(), coarsened_query(query).as_record()]
        by_query, by_coarse = candidate_ids(records)
        visible = visible_person_ids(user, {*by_query, *by_coarse})
        found, others = lookup_among(
            records,
            [
                [pk for pk in by_query if pk in visible],
                [pk for pk in by_coarse if pk not in visible],
            ],
            limit=limit,
            # Evidence about a record the user may not see is never shown.
            explained=(True, False),
        )
        results = sorted(found + others, key=lambda r: -r.probability)[:limit]
    ids = [int(result.candidate_id) for result in results]
    people = {p.pk: p for p in with_contacts(Person.objects.filter(pk__in=ids))}
    audit_record(
        actor=user,
        verb=Verb.SEARCHED,
        target=("people.person", ""),
        reason="Possible matches while recording a person",
        changes={"results": len(results), "visible": len(visible & set(ids))},
    )
    matches = []
    for result in results:
        person = people.get(int(result.candidate_id))
        if person is None:
            continue
        shown = person.pk in visible
        matches.append(
            PossibleMatch(
                probability=result.probability,
                person=person if shown else None,
                why=tuple(e.explanation for e in result.evidence if e.weight > 0) if shown else (),
                known_to=known_to(person, for_user=None if shown else user),
            )
        )
    return matches


def coarsened_query(query):
    """What a "possibly known to" answer may depend on: names, aliases, the year of birth and
    exact identifiers (DOMAIN §9: share only what is necessary)."""
    year = query.date_of_birth.year if query.date_of_birth else query.birth_year
    return replace(
        query,
        date_of_birth=None,
        birth_year=year,
        dob_precision="estimated",
        gender="",
        nationalities=(),
        phones=(),
        postcode="",
    )


def agency_names(agency_ids) -> list[str]:
    return sorted(Agency.objects.filter(pk__in=agency_ids).values_list("name", flat=True))


# How alike two spellings with the same consonant skeleton must be (Jaro-Winkler): "Ali" and
# "Aly" are, "Omar" and "Amira" (both "amr") are not.
SAME_SOUND_SIMILARITY = 0.8


# The distinct spellings of each skeleton, read by skipping from one spelling to the next in the
# (skeleton, canonical) index: a common skeleton ("yns": Jones, Yohannes) has a few spellings
# but thousands of names, and SELECT DISTINCT read every one of them (3 ms against 0.4 ms at
# 200,000 people). Raw SQL: only the table's name from model metadata is put in the text.
_SPELLINGS = """WITH RECURSIVE spelling(skeleton, canonical) AS (
    SELECT wanted.skeleton, (SELECT MIN(canonical) FROM {table} WHERE skeleton = wanted.skeleton)
    FROM ({wanted}) AS wanted
    UNION ALL
    SELECT spelling.skeleton, (
        SELECT MIN(canonical) FROM {table}
        WHERE skeleton = spelling.skeleton AND canonical > spelling.canonical
    )
    FROM spelling WHERE spelling.canonical IS NOT NULL
)
SELECT skeleton, canonical FROM spelling WHERE canonical IS NOT NULL"""


def _stored_spellings(skeletons: list[str]) -> list[tuple[str, str]]:
    """(skeleton, canonical spelling) for every distinct spelling stored under ``skeletons``."""
    wanted = " UNION ALL ".join(["SELECT %s AS skeleton"] * len(skeletons))
    sql = _SPELLINGS.format(table=PersonNameKey._meta.db_table, wanted=wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, skeletons)
        return cursor.fetchall()


def _spellings_of(keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """For each query word, the stored spellings that are that word as live matching compares
    names: the same canonical spelling (variants and transliterations), or the same consonant
    skeleton and a close spelling. One query for the distinct spellings of the skeletons."""
    by_skeleton: dict[str, list[str]] = {}
    for skeleton, canonical in _stored_spellings(sorted({skeleton for _, skeleton in keys})):
        by_skeleton.setdefault(skeleton, []).append(canonical)
    return {
        (canonical, skeleton): {canonical}
        | {
            other
            for other in by_skeleton.get(skeleton, ())
            if jellyfish.jaro_winkler_similarity(canonical, other) >= SAME_SOUND_SIMILARITY
        }
        for canonical, skeleton in keys
    }


# The people one of whose names (their own, or one alias) has one spelling of every word: the
# names with the first word's spellings, each kept if the same name has the next word's too.
# For a single spelling the (canonical, person, alias) index returns its names in person order,
# so PostgreSQL merges the lists as a semi join. The INTERSECT this replaced hashed every name
# of both words: 26 ms for a common full name at 1,000,000 people, against 10 ms (15 ms with
# several spellings of each word). An alias id is never 0, so 0 stands for the person's own
# name. Raw SQL: only the table's name from model metadata and placeholders are put in the text.
_NAMES_WITH_EVERY_WORD = (
    "SELECT DISTINCT k0.person_id FROM {table} k0 WHERE {first} {others} ORDER BY 1"
)
_SAME_NAME_HAS = (
    "AND EXISTS (SELECT 1 FROM {table} k{n} WHERE {spelled} AND k{n}.person_id = k0.person_id"
    " AND COALESCE(k{n}.alias_id, 0) = COALESCE(k0.alias_id, 0))"
)
_ONE_OF = "k{n}.canonical IN ({placeholders})"


def _names_with_every_word(spellings: list[list[str]]) -> str:
    table = PersonNameKey._meta.db_table

    def spelled(n: int) -> str:
        return _ONE_OF.format(n=n, placeholders=", ".join(["%s"] * len(spellings[n])))

    return _NAMES_WITH_EVERY_WORD.format(
        table=table,
        first=spelled(0),
        others=" ".join(
            _SAME_NAME_HAS.format(table=table, n=n, spelled=spelled(n))
            for n in range(1, len(spellings))
        ),
    )


def name_variant_person_ids(query: str) -> list[int]:
    """People whose name, or one of whose aliases, has every name word of ``query`` as live
    matching compares names: spelling variants and transliterations ("Mohamed Ali" finds
    "Muhammad Aly", "Ibraheem" finds "Ibrahim"). Words with digits (dates, identifiers) are
    left to the text search. Asks the name keys (decision 0042): one indexed set of names per
    word, joined in the database."""
    words = [w for w in query.split() if not any(char.isdigit() for char in w)]
    keys = {key for word in words for key in word_keys(word)}
    if not keys:
        return []
    spellings = [sorted(spelled) for spelled in _spellings_of(keys).values()]
    with connection.cursor() as cursor:
        cursor.execute(
            _names_with_every_word(spellings), [word for spelled in spellings for word in spelled]
        )
        return [person_id for (person_id,) in cursor.fetchall()]


def person_search(*, user, query: str) -> list[SearchResult]:
    """Person search as users expect it: the text search (names, aliases, dates of birth,
    identifiers) and the names live matching would match, with "known to" answers for records
    the user cannot see (``people.selectors.person_search``)."""
    return text_person_search(user=user, query=query, name_matches=name_variant_person_ids(query))
