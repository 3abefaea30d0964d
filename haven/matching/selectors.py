"""Reading the duplicate review queue and possible matches, respecting access: a record the
user cannot see is shown only as "possibly known to <agency>, contact <team>"."""

from dataclasses import dataclass, replace

import jellyfish
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.accounts.models import Agency
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import people_visible_to
from haven.matching.live import lookup
from haven.matching.models import CandidateStatus, DuplicateCandidate, PersonMerge
from haven.matching.normalise import canonical_token, consonant_skeleton, name_tokens
from haven.matching.services import candidate_reviewers_q
from haven.people.models import Alias, Person
from haven.people.selectors import KnownTo, SearchResult, known_to, search_rate_check
from haven.people.selectors import person_search as text_person_search


@dataclass(frozen=True)
class PersonSide:
    person: Person | None  # None when the user may not see the record
    known_to: KnownTo


def _side(person: Person, visible_ids: set[int]) -> PersonSide:
    return PersonSide(
        person=person if person.pk in visible_ids else None, known_to=known_to(person)
    )


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


def candidate_sides(*, user, candidates) -> list[tuple[DuplicateCandidate, PersonSide, PersonSide]]:
    candidates = list(candidates)
    # The queue names children from several agencies: a read like any other.
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("matching.duplicatecandidate", "review_queue"),
        changes={"candidates": [c.pk for c in candidates]},
    )
    ids = {c.person_a_id for c in candidates} | {c.person_b_id for c in candidates}
    visible = set(people_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [(c, _side(c.person_a, visible), _side(c.person_b, visible)) for c in candidates]


def candidate_get_for_reviewer(*, user, candidate_id: int) -> DuplicateCandidate:
    candidate = review_queue_for_user(user=user).filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404("No such candidate")
    return candidate


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
    found = lookup(query, limit=limit)
    # Records the user cannot see are matched on the name, year of birth and exact identifiers
    # only, so probing a postcode, phone or exact date learns nothing about them.
    coarse = coarsened_query(query)
    candidates = found if coarse == query else lookup(coarse, limit=limit)
    found_ids = {int(r.candidate_id) for r in found}
    all_ids = found_ids | {int(r.candidate_id) for r in candidates}
    visible = set(people_visible_to(user).filter(pk__in=all_ids).values_list("pk", flat=True))
    results = [r for r in found if int(r.candidate_id) in visible] + [
        r for r in candidates if int(r.candidate_id) not in visible
    ]
    results = sorted(results, key=lambda r: -r.probability)[:limit]
    ids = [int(result.candidate_id) for result in results]
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=ids)
        .select_related("recorded_by_agency", "recorded_by_team")
        .prefetch_related("cases__lead_agency", "cases__lead_team")
    }
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


def _token_keys(token: str) -> tuple[str, str]:
    canonical = canonical_token(token)
    return canonical, consonant_skeleton(canonical)


# How alike two spellings with the same consonant skeleton must be (Jaro-Winkler): "Ali" and
# "Aly" are, "Omar" and "Amira" (both "amr") are not.
SAME_SOUND_SIMILARITY = 0.8


def _word_in(word: tuple[str, str], name_keys: set[tuple[str, str]]) -> bool:
    canonical, skeleton = word
    return any(
        canonical == other
        or (
            skeleton == other_skeleton
            and jellyfish.jaro_winkler_similarity(canonical, other) >= SAME_SOUND_SIMILARITY
        )
        for other, other_skeleton in name_keys
    )


def _matches(word_keys: list[tuple[str, str]], name_keys: set[tuple[str, str]]) -> bool:
    """Every word of the query is one of the name's words as live matching compares them: the
    same canonical spelling (variants and transliterations), or the same consonant skeleton and
    a close spelling."""
    return all(_word_in(word, name_keys) for word in word_keys)


def name_variant_person_ids(query: str) -> list[int]:
    """People whose name, or one of whose aliases, has every name word of ``query`` as live
    matching compares names: spelling variants and transliterations ("Mohamed Ali" finds
    "Muhammad Aly", "Ibraheem" finds "Ibrahim"). Words with digits (dates, identifiers) are
    left to the text search."""
    words = [w for w in query.split() if not any(char.isdigit() for char in w)]
    word_keys = [_token_keys(token) for word in words for token in name_tokens(word)]
    if not word_keys:
        return []
    # Every name and alias, in one query (a merged record's names travel with its aliases).
    records = (
        Person.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("pk", "given_name", "family_name")
    )
    aliases = (
        Alias.objects.filter(person__merged_into__isnull=True)
        .order_by()
        .values_list("person_id", "given_name", "family_name")
    )
    names: dict[int, list[str]] = {}
    for pk, given, family in records.union(aliases, all=True):
        names.setdefault(pk, []).append(f"{given} {family}")
    found = []
    for pk, full_names in names.items():
        for full_name in full_names:
            keys = {_token_keys(token) for token in name_tokens(full_name)}
            if _matches(word_keys, keys):
                found.append(pk)
                break
    return found


def person_search(*, user, query: str) -> list[SearchResult]:
    """Person search as users expect it: the text search (names, aliases, dates of birth,
    identifiers) and the names live matching would match, with "known to" answers for records
    the user cannot see (``people.selectors.person_search``)."""
    return text_person_search(user=user, query=query, name_matches=name_variant_person_ids(query))
