"""Finding likely duplicate people, and merging them reversibly."""

from itertools import combinations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts import roles
from haven.actions.models import Task
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.models import Case, CaseStatus, Concern
from haven.matching.engine import REVIEW_THRESHOLD, compare_records, deduplicate
from haven.matching.models import CandidateStatus, DuplicateCandidate, PersonMerge
from haven.matching.people_records import people_for_matching, records_from_people
from haven.people.models import Address, Alias, Identifier, Person, Phone, Relationship
from haven.screening.models import Screening

# Enough people that the engine's unsupervised training is stable; below it, default priors.
TRAIN_FROM = 2000


def evidence_json(result) -> list[dict]:
    return [
        {
            "comparison": e.comparison,
            "level": e.level,
            "weight": round(e.weight, 2),
            "explanation": e.explanation,
        }
        for e in result.evidence
    ]


def duplicates_find(*, threshold: float = REVIEW_THRESHOLD) -> dict[str, int]:
    """The background job: propose every likely duplicate pair not seen before (a rejected
    pair is remembered and never proposed again)."""
    people = {str(p.pk): p for p in people_for_matching()}
    records = records_from_people(people.values())
    by_id = {record.record_id: record for record in records}
    result = deduplicate(records, threshold=threshold, train=len(records) >= TRAIN_FROM)
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


def candidate_reviewers_q(user) -> Q:
    """Candidates this user's agency may review: it leads an open case for, or first recorded,
    either person (the lead team decides whether two records are one child)."""
    led = Case.objects.filter(lead_agency_id=user.agency_id, status=CaseStatus.OPEN).values(
        "person_id"
    )
    return (
        Q(person_a__in=led)
        | Q(person_b__in=led)
        | Q(person_a__recorded_by_agency_id=user.agency_id)
        | Q(person_b__recorded_by_agency_id=user.agency_id)
    )


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
        verb=Verb.DECIDED,
        target=candidate,
        person_id=candidate.person_a_id,
        reason=f"Not the same person as {candidate.person_b_id}: {candidate.review_note}",
    )
    return candidate


# Rows that belong to a person and move with a merge: (label, model, foreign key field).
_MOVABLE = (
    ("people.alias", Alias, "person"),
    ("people.phone", Phone, "person"),
    ("people.address", Address, "person"),
    ("people.identifier", Identifier, "person"),
    ("people.relationship.person", Relationship, "person"),
    ("people.relationship.other", Relationship, "other"),
    ("cases.concern", Concern, "person"),
    ("cases.case", Case, "person"),
    ("actions.task", Task, "person"),
    ("screening.screening", Screening, "person"),
)


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
    for label, model, field in _MOVABLE:
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
    for label, model, field in _MOVABLE:
        ids = moved.get(label, [])
        if ids:
            model.objects.filter(pk__in=ids).update(**{field: to})


@transaction.atomic
def people_merge(
    *, actor, survivor: Person, merged: Person, reason: str, candidate=None
) -> PersonMerge:
    """Merge ``merged`` into ``survivor``: every alias, identifier, address, relationship,
    concern, case, task and screening moves; the merged record's name becomes an alias; the
    merged record stays, marked as merged, so an unmerge restores both."""
    if candidate is not None and not can_review(actor, candidate):
        raise PermissionDenied("You cannot review this pair.")
    if not actor.has_role_permission(roles.REVIEW_MATCHES):
        raise PermissionDenied("Only managers merge records.")
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
    if candidate is not None:
        candidate.status = CandidateStatus.MERGED
        candidate.reviewed_by = actor
        candidate.reviewed_at = timezone.now()
        candidate.review_note = reason.strip()
        candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    for person in (survivor, merged):
        audit_record(
            actor=actor,
            verb=Verb.MERGED,
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
            verb=Verb.UNMERGED,
            target=merge,
            person_id=person_id,
            reason=reason.strip(),
        )
    return merge
