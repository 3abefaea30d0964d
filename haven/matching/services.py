"""Finding likely duplicate people, and merging them reversibly."""

from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import Agency, Role, User
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import agencies_seeing_people, concerns_visible_to, people_visible_to
from haven.cases.models import Case, CaseStatus
from haven.matching.engine import POSSIBLE_MATCH_THRESHOLD, compare_records, deduplicate
from haven.matching.models import (
    CandidateStatus,
    DuplicateCandidate,
    FittedMatchModel,
    PersonMerge,
)
from haven.matching.people_records import matching_records
from haven.notifications.services import notify
from haven.people.models import Alias, Identifier, Person, Relationship
from haven.people.signals import person_changed

# Enough people that the engine's unsupervised training is stable; below it, default priors.
TRAIN_FROM = 2000


def evidence_json(result) -> list[dict]:
    """A candidate's evidence as stored: per comparison its codes (``comparison``, ``level``),
    ``weight``, the engine's ``explanation`` (it may quote details a reviewer may not see, so
    it is never shown) and the ``words`` a reviewer reads."""
    return [
        {
            "comparison": e.comparison,
            "level": e.level,
            "weight": round(e.weight, 2),
            "explanation": e.explanation,
            "words": e.words,
        }
        for e in result.evidence
    ]


def duplicates_find(*, threshold: float = POSSIBLE_MATCH_THRESHOLD) -> dict[str, int]:
    """The background job: propose every likely duplicate pair not seen before (a rejected
    pair is remembered and never proposed again)."""
    records = matching_records()
    by_id = {record.record_id: record for record in records}
    trained = len(records) >= TRAIN_FROM
    result = deduplicate(records, threshold=threshold, train=trained)
    if trained:
        # Possible matches score with the newest fit (decision 0045).
        fitted = FittedMatchModel.objects.create(
            records=len(records), parameters=result.model.as_json()
        )
        FittedMatchModel.objects.exclude(pk=fitted.pk).delete()
    known = set(DuplicateCandidate.objects.values_list("person_a_id", "person_b_id"))
    proposed = 0
    for cluster in result.clusters:
        for left, right in combinations(sorted(cluster, key=int), 2):
            pair = (int(left), int(right))
            if pair in known:
                continue
            scored = compare_records(by_id[left], by_id[right], model=result.model)
            if scored.probability < threshold:
                continue
            DuplicateCandidate.objects.create(
                person_a_id=pair[0],
                person_b_id=pair[1],
                probability=scored.probability,
                evidence=evidence_json(scored),
            )
            known.add(pair)
            proposed += 1
    return {"people": len(records), "clusters": len(result.clusters), "proposed": proposed}


def record_owners(person_id: int) -> set[int]:
    """Who owns a person record for merging: the lead authority of any case on it, else the
    agency that recorded it."""
    leads = set(Case.objects.filter(person_id=person_id).values_list("lead_agency_id", flat=True))
    if leads:
        return leads
    return set(Person.objects.filter(pk=person_id).values_list("recorded_by_agency_id", flat=True))


def candidate_owners(candidate: DuplicateCandidate) -> set[int]:
    return record_owners(candidate.person_a_id) | record_owners(candidate.person_b_id)


def people_known_to_q(user) -> Q:
    """People a reviewer already knows of: records they may see, and children named in
    concerns their agency may see (a front door sees the concerns about its area's children)."""
    return Q(pk__in=people_visible_to(user).values("pk")) | Q(
        pk__in=concerns_visible_to(user).values("person_id")
    )


def candidate_reviewers_q(user) -> Q:
    """Candidates this user may review: their agency owns one of the records (leads a case on
    it, or recorded it and nobody leads a case on it) and they already know of both records.
    Proposing a pair to anyone else would reveal a record they cannot see."""
    known = Person.objects.filter(people_known_to_q(user)).values("pk")
    led = Case.objects.filter(lead_agency_id=user.agency_id).values("person_id")
    recorded_unled = (
        Person.objects.filter(recorded_by_agency_id=user.agency_id)
        .exclude(pk__in=Case.objects.values("person_id"))
        .values("pk")
    )
    owns = (
        Q(person_a__in=led)
        | Q(person_b__in=led)
        | Q(person_a__in=recorded_unled)
        | Q(person_b__in=recorded_unled)
    )
    return Q(person_a__in=known, person_b__in=known) & owns


def can_review(user, candidate: DuplicateCandidate) -> bool:
    return (
        user.has_role_permission(roles.REVIEW_MATCHES)
        and DuplicateCandidate.objects.filter(candidate_reviewers_q(user), pk=candidate.pk).exists()
    )


@transaction.atomic
def candidate_reject(*, actor, candidate: DuplicateCandidate, note: str) -> DuplicateCandidate:
    if not can_review(actor, candidate):
        raise PermissionDenied("You cannot review this pair.")
    if candidate.status != CandidateStatus.PROPOSED:
        raise ValidationError({"note": "This pair has already been reviewed."})
    if len(note.strip()) < 5:
        raise ValidationError({"note": "Say why these are different people."})
    candidate.status = CandidateStatus.REJECTED
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    candidate.review_note = note.strip()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        verb=Verb.DUPLICATE_REJECTED,
        target=candidate,
        person_id=candidate.person_a_id,
        reason=f"Not the same person as {candidate.person_b_id}: {candidate.review_note}",
        changes={"person_a": candidate.person_a_id, "person_b": candidate.person_b_id},
    )
    return candidate


# Rows that belong to a person and move with a merge: (label, model, foreign key field).
# Rows that point at a person but are not the person's: the merge bookkeeping itself, and the
# link from a merged record to its survivor.
NOT_MOVED = {
    "people.person.merged_into",
    "matching.duplicatecandidate.person_a",
    "matching.duplicatecandidate.person_b",
    "matching.personmerge.survivor",
    "matching.personmerge.merged",
    # Rows derived from records are rebuilt after a merge (``person_changed``: ``name_keys`` and
    # the people search's text), not moved.
    "matching.personnamekey.person",
    "matching.personblockingkey.person",
    "matching.personnamepart.person",
    "matching.personmatchingrecord.person",
    "people.personsearchtext.person",
}


def movable_relations() -> list[tuple[str, type, str]]:
    """(label, model, field) for every foreign key to ``Person`` outside ``NOT_MOVED``, so a
    new module's rows (a missing episode, an NRM referral) follow a merge and its reversal
    without this app knowing them. A model with one such key is labelled by its name, one with
    two by name and field: the labels stored in each ``PersonMerge.moved``."""
    relations = [
        field
        for field in Person._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.one_to_many
    ]
    per_model: dict[type, list[str]] = {}
    for relation in relations:
        per_model.setdefault(relation.related_model, []).append(relation.field.name)
    movable = []
    for model, fields in per_model.items():
        for name in fields:
            label = model._meta.label_lower
            if f"{label}.{name}" in NOT_MOVED:
                continue
            movable.append((label if len(fields) == 1 else f"{label}.{name}", model, name))
    return movable


def _rows_to_move(survivor: Person, merged: Person) -> dict[str, list[int]]:
    """Every row of ``merged`` that can move without breaking a uniqueness rule; a duplicate
    (the same identifier or relationship on both) stays on the merged record."""
    moved = {}
    survivor_identifiers = set(survivor.identifiers.values_list("kind", "value"))
    survivor_links = set(
        Relationship.objects.filter(Q(person=survivor) | Q(other=survivor)).values_list(
            "person_id", "other_id", "kind"
        )
    )
    for label, model, field in movable_relations():
        rows = model.objects.filter(**{field: merged})
        if model is Identifier:
            rows = [r for r in rows if (r.kind, r.value) not in survivor_identifiers]
        elif model is Relationship:
            rows = [
                r
                for r in rows
                if (link := _relinked(r, field, survivor.pk))[0] != link[1]
                and link not in survivor_links
            ]
        moved[label] = [row.pk for row in rows]
    return moved


def _relinked(relationship: Relationship, field: str, survivor_id: int) -> tuple:
    """The (person, other, kind) a relationship would have after moving to the survivor."""
    pair = [relationship.person_id, relationship.other_id]
    pair[0 if field == "person" else 1] = survivor_id
    return (*pair, relationship.kind)


def _repoint(moved: dict[str, list[int]], *, to: Person) -> None:
    for label, model, field in movable_relations():
        ids = moved.get(label, [])
        if ids:
            model.objects.filter(pk__in=ids).update(**{field: to})


def _merge_checks(*, survivor: Person, merged: Person, reason: str) -> None:
    if survivor.pk == merged.pk or survivor.merged_into_id or merged.merged_into_id:
        raise ValidationError({"survivor": "Choose two different records that are not merged."})
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Say why these records are the same person."})
    clash = Case.objects.filter(person=survivor, status=CaseStatus.OPEN).values("lead_agency")
    if Case.objects.filter(person=merged, status=CaseStatus.OPEN, lead_agency__in=clash).exists():
        raise ValidationError(
            {
                "survivor": "Both records have an open case led by the same authority: "
                "close one case first."
            }
        )
    if record_keeping_the_case([survivor.pk, merged.pk]) == merged.pk:
        raise ValidationError(
            {"survivor": "Keep the record that has a case, and merge the other into it."}
        )


def _refuse_widening(*, survivor: Person, merged: Person, owners: set[int]) -> None:
    """A merge never widens access: every agency that could see the merged record can see
    (or already saw) both records, or owns one of them and agreed."""
    before_both = agencies_seeing_people(person_ids=[survivor.pk]) & agencies_seeing_people(
        person_ids=[merged.pk]
    )
    after = agencies_seeing_people(
        person_ids=[survivor.pk], case_person_ids=[survivor.pk, merged.pk]
    )
    gaining = after - before_both - owners
    if gaining:
        names = ", ".join(
            sorted(Agency.objects.filter(pk__in=gaining).values_list("name", flat=True))
        )
        raise ValidationError(
            {
                "survivor": f"Merging would let {names} see a record they cannot see now. Ask "
                "the lead authority to review what is shared first."
            }
        )


@transaction.atomic
def candidate_agree_merge(
    *, actor, candidate: DuplicateCandidate, survivor: Person, reason: str
) -> PersonMerge | None:
    """One owner's agreement that the pair is one person, keeping ``survivor``. A merge needs
    the agreement of every party that owns one of the records (the lead authority of any case
    on either, else the recording agency): when the last one agrees, the records are merged and
    the merge is returned; until then None, and the owners still to agree are told."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not can_review(actor, candidate):
        raise PermissionDenied("You cannot review this pair.")
    if candidate.status != CandidateStatus.PROPOSED:
        raise ValidationError({"reason": "This pair has already been reviewed."})
    pair = {candidate.person_a_id: candidate.person_a, candidate.person_b_id: candidate.person_b}
    if survivor.pk not in pair:
        raise ValidationError({"survivor": "Choose one of the two records to keep."})
    merged = pair[
        candidate.person_b_id if survivor.pk == candidate.person_a_id else candidate.person_a_id
    ]
    _merge_checks(survivor=survivor, merged=merged, reason=reason)
    owners = candidate_owners(candidate)
    agreed = _agreed_survivor(candidate)
    if agreed is not None and agreed != survivor.pk:
        raise ValidationError(
            {
                "survivor": "Another agency agreed to keep the other record: choose the same "
                "record, or say they are different people."
            }
        )
    candidate.consents[str(actor.agency_id)] = {
        "user": actor.pk,
        "survivor": survivor.pk,
        "at": timezone.now().isoformat(),
        "reason": reason.strip(),
    }
    candidate.save(update_fields=["consents"])
    audit_record(
        actor=actor,
        verb=Verb.MERGE_AGREED,
        target=candidate,
        person_id=survivor.pk,
        reason=reason.strip(),
        changes={"survivor": survivor.pk, "merged": merged.pk, "agency": actor.agency_id},
    )
    waiting = owners - {int(agency) for agency in candidate.consents}
    if waiting:
        _ask_owners(candidate=candidate, agencies=waiting, asked_by=actor)
        return None
    _refuse_widening(survivor=survivor, merged=merged, owners=owners)
    return people_merge(
        actor=actor, survivor=survivor, merged=merged, reason=reason, candidate=candidate
    )


def _ask_owners(*, candidate: DuplicateCandidate, agencies: set[int], asked_by) -> None:
    notify(
        recipients=User.objects.filter(agency_id__in=agencies, role=Role.MANAGER, is_active=True),
        subject="Agree or refuse a merge of two records",
        body=(
            f"{asked_by.agency.name} agreed that two records are the same person. Your agency "
            "owns one of them: the records are merged only if you agree."
        ),
        link="/duplicates/",
    )


def record_keeping_the_case(person_ids) -> int | None:
    """Of two records, the one a merge must keep because it alone has a case: a case never
    moves to a record owned by an agency that does not lead it. None when both or neither do."""
    with_case = set(
        Case.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True)
    )
    return with_case.pop() if len(with_case) == 1 else None


def _agreed_survivor(candidate: DuplicateCandidate) -> int | None:
    """The record the owners who agreed so far chose to keep (they all chose the same one)."""
    chosen = {consent["survivor"] for consent in candidate.consents.values()}
    return chosen.pop() if chosen else None


@dataclass(frozen=True)
class Survivor:
    """Which record a merge of a candidate pair keeps, and why; ``person_id`` is None when the
    reviewer chooses."""

    person_id: int | None
    reason: str


def merge_survivor(candidate: DuplicateCandidate) -> Survivor:
    """The record a merge keeps, by the rules ``candidate_agree_merge`` applies: the one an
    owner already agreed to keep, else the only one with a case."""
    agreed = _agreed_survivor(candidate)
    if agreed is not None:
        names = ", ".join(
            sorted(
                Agency.objects.filter(
                    pk__in=[int(agency) for agency in candidate.consents]
                ).values_list("name", flat=True)
            )
        )
        return Survivor(agreed, f"{names} agreed to keep this record.")
    with_case = record_keeping_the_case([candidate.person_a_id, candidate.person_b_id])
    if with_case is not None:
        return Survivor(
            with_case,
            "It has a case, and a case stays with its record: the other record is merged into it.",
        )
    return Survivor(None, "Choose which record to keep: the other is merged into it.")


def merge_waiting_for(candidate: DuplicateCandidate) -> set[int]:
    """Owner agencies (ids) that have not yet agreed to merge the pair."""
    return candidate_owners(candidate) - {int(agency) for agency in candidate.consents}


@transaction.atomic
def people_merge(
    *, actor, survivor: Person, merged: Person, reason: str, candidate=None
) -> PersonMerge:
    """Merge ``merged`` into ``survivor``: every alias, identifier, address, relationship,
    concern, case, task and screening moves; the merged record's name becomes an alias; the
    merged record stays, marked as merged, so an unmerge restores both. Only for a proposed
    pair every owner has agreed to (``candidate_agree_merge`` calls this)."""
    if not actor.has_role_permission(roles.REVIEW_MATCHES):
        raise PermissionDenied("Only managers merge records.")
    _merge_checks(survivor=survivor, merged=merged, reason=reason)
    if candidate is None or merge_waiting_for(candidate):
        raise PermissionDenied("A merge needs the agreement of every agency owning a record.")
    moved = _rows_to_move(survivor, merged)
    _repoint(moved, to=survivor)
    alias = Alias.objects.create(
        person=survivor,
        given_name=merged.given_name,
        family_name=merged.family_name,
        note=f"Name on merged record {merged.pk}",
        recorded_by_agency=merged.recorded_by_agency,
    )
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    merge = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        candidate=candidate,
        moved=moved,
        created_alias=alias,
        merged_by=actor,
        reason=reason.strip(),
    )
    # The moved aliases and identifiers bypassed ``save``: whatever is derived from both
    # records (name keys, blocking keys, the search text) is rebuilt.
    person_changed.send(sender=Person, person_ids=[survivor.pk, merged.pk])
    if candidate is not None:
        candidate.status = CandidateStatus.MERGED
        candidate.reviewed_by = actor
        candidate.reviewed_at = timezone.now()
        candidate.review_note = reason.strip()
        candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    for person in (survivor, merged):
        audit_record(
            actor=actor,
            verb=Verb.PEOPLE_MERGED,
            target=merge,
            person_id=person.pk,
            reason=merge.reason,
            changes={
                "survivor": survivor.pk,
                "merged": merged.pk,
                "moved": {k: len(v) for k, v in moved.items()},
            },
        )
    return merge


@transaction.atomic
def people_unmerge(*, actor, merge: PersonMerge, reason: str) -> PersonMerge:
    """Reverse a merge: every moved row goes back and the merged record is restored."""
    if not actor.has_role_permission(roles.REVIEW_MATCHES):
        raise PermissionDenied("Only managers reverse merges.")
    if merge.unmerged_at is not None:
        raise ValidationError({"reason": "This merge has already been reversed."})
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Say why the merge was wrong."})
    _repoint(merge.moved, to=merge.merged)
    if merge.created_alias_id:
        Alias.objects.filter(pk=merge.created_alias_id).delete()
    Person.objects.filter(pk=merge.merged_id).update(merged_into=None)
    person_changed.send(sender=Person, person_ids=[merge.survivor_id, merge.merged_id])
    merge.unmerged_at = timezone.now()
    merge.unmerged_by = actor
    merge.save(update_fields=["unmerged_at", "unmerged_by"])
    if merge.candidate_id:
        DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
            status=CandidateStatus.REJECTED, review_note=f"Merge reversed: {reason.strip()}"
        )
    for person_id in (merge.survivor_id, merge.merged_id):
        audit_record(
            actor=actor,
            verb=Verb.PEOPLE_UNMERGED,
            target=merge,
            person_id=person_id,
            reason=reason.strip(),
            changes={
                "survivor": merge.survivor_id,
                "merged": merge.merged_id,
                "moved": {k: len(v) for k, v in merge.moved.items()},
            },
        )
    return merge
