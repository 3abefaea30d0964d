"""Writing case audits (decision 0032): drawing the sample, grading a sampled case, recording
an action it calls for, completing the audit. Each write checks that the actor is the audit's
auditor and the audit is open, validates, writes and audits in one transaction. An action's task
is made by the workflow (``workflows.case_audits``): this module never writes tasks."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import Team
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.case_audits import rules
from haven.case_audits.models import (
    Answer,
    AuditAction,
    AuditStatus,
    CaseAudit,
    Grade,
    Question,
    QuestionAnswer,
    SampledCase,
    SampleMethod,
)
from haven.case_audits.selectors import audit_population, ungraded_count
from haven.cases.access import may_audit_cases
from haven.cases.models import Case

# An answer short of "met" says why.
NEEDS_A_COMMENT = {Answer.PARTLY_MET, Answer.NOT_MET}


def _require_auditor(actor) -> None:
    if not may_audit_cases(actor):
        raise PermissionDenied("Only auditors audit cases.")


def _require_open_audit_of(actor, audit: CaseAudit) -> None:
    if audit.auditor_id != actor.pk:
        raise PermissionDenied("Only the audit's auditor can do this.")
    if audit.status != AuditStatus.OPEN:
        raise PermissionDenied("This audit is completed: it can no longer be changed.")


@transaction.atomic
def audit_start(
    *,
    actor,
    title: str,
    method: str,
    sample_size: int,
    criteria: dict,
    cases: QuerySet[Case],
    seed: int | None = None,
) -> CaseAudit:
    """Draw a sample of ``cases`` (those meeting ``criteria``, the most recently opened first)
    within the actor's population, and record what was asked for: the criteria, the method, the
    size and the seed, with the cases drawn. A random draw without a seed gets a new one."""
    _require_auditor(actor)
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title for the audit"
    if not 1 <= sample_size <= rules.MAX_SAMPLE_SIZE:
        errors["sample_size"] = f"Sample size must be between 1 and {rules.MAX_SAMPLE_SIZE}"
    if method == SampleMethod.RANDOM:
        seed = seed if seed is not None else rules.new_seed()
        if not 1 <= seed <= rules.MAX_SEED:
            errors["seed"] = f"Seed must be a whole number between 1 and {rules.MAX_SEED:,}"
    else:
        seed = None
    if errors:
        raise ValidationError(errors)
    population = list(
        cases.filter(pk__in=audit_population(actor).values("pk")).values_list("pk", flat=True)
    )
    if not population:
        raise ValidationError({"__all__": "No cases you audit meet these criteria"})
    if method == SampleMethod.RANDOM:
        drawn = rules.draw_random(population, sample_size, seed)
    else:
        drawn = rules.draw_by_criteria(population, sample_size)
    audit = CaseAudit.objects.create(
        title=title.strip(),
        auditor=actor,
        agency_id=actor.agency_id,
        method=method,
        seed=seed,
        criteria=criteria,
        sample_size=sample_size,
        population_size=len(population),
    )
    SampledCase.objects.bulk_create(
        SampledCase(audit=audit, case_id=case_id, position=position)
        for position, case_id in enumerate(drawn, start=1)
    )
    audit_record(
        actor=actor,
        verb=Verb.AUDIT_SAMPLE_DRAWN,
        target=audit,
        changes={
            "method": method,
            "criteria": criteria,
            "sample_size": sample_size,
            "population_size": len(population),
            "cases": drawn,
            **({"seed": seed} if seed is not None else {}),
        },
    )
    return audit


@transaction.atomic
def sampled_case_grade(
    *, actor, sampled: SampledCase, answers: dict[str, tuple[str, str]], grade: str, findings: str
) -> SampledCase:
    """Grade a sampled case: ``answers`` maps each question's code to (answer, comment). Grading
    again while the audit is open replaces the grades."""
    _require_open_audit_of(actor, sampled.audit)
    errors = {}
    for question in Question:
        answer, comment = answers.get(question, ("", ""))
        if answer not in Answer.values:
            errors[question.value] = f"Select how far {question.label.lower()} was met"
        elif answer in NEEDS_A_COMMENT and not comment.strip():
            errors[f"{question.value}_comment"] = (
                f"Say why {question.label.lower()} was {Answer(answer).label.lower()}"
            )
    if grade not in Grade.values:
        errors["grade"] = "Select the overall grade"
    if errors:
        raise ValidationError(errors)
    sampled.answers.all().delete()
    QuestionAnswer.objects.bulk_create(
        QuestionAnswer(
            sampled=sampled,
            question=question,
            answer=answers[question][0],
            comment=answers[question][1].strip(),
        )
        for question in Question
    )
    sampled.grade = grade
    sampled.findings = findings.strip()
    sampled.graded_at = timezone.now()
    sampled.save(update_fields=["grade", "findings", "graded_at"])
    audit_record(
        actor=actor,
        verb=Verb.CASE_AUDIT_GRADED,
        target=sampled,
        person_id=sampled.case.person_id,
        changes={
            "case": sampled.case_id,
            "grade": grade,
            "answers": {question.value: answers[question][0] for question in Question},
        },
    )
    return sampled


def audit_action_check(
    *, actor, sampled: SampledCase, description: str, team: Team, due_on: date
) -> str:
    """What an action needs before its task is made; returns the description tidied."""
    _require_open_audit_of(actor, sampled.audit)
    errors = {}
    if not description.strip():
        errors["description"] = "Enter the action"
    if not team.agency.is_active:
        errors["team"] = "Select a team of an agency that is still active"
    if due_on < timezone.localdate():
        errors["due_on"] = "Due date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    return description.strip()


@transaction.atomic
def audit_action_record(
    *, actor, sampled: SampledCase, description: str, team: Team, due_on: date, task
) -> AuditAction:
    """Record the action (checked by ``audit_action_check``) and the task made for it."""
    action = AuditAction.objects.create(
        sampled=sampled,
        description=description,
        team=team,
        due_on=due_on,
        task=task,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.AUDIT_ACTION_ADDED,
        target=action,
        person_id=sampled.case.person_id,
        changes={
            "case": sampled.case_id,
            "team": team.pk,
            "due_on": due_on.isoformat(),
            "task": task.pk,
        },
    )
    return action


@transaction.atomic
def audit_complete(*, actor, audit: CaseAudit, summary: str = "") -> CaseAudit:
    """Complete the audit once every sampled case is graded: its grades count on the
    dashboards, and its auditor no longer reads the sampled cases."""
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    _require_open_audit_of(actor, audit)
    left = ungraded_count(audit)
    if left:
        cases = "case is" if left == 1 else "cases are"
        raise ValidationError({"__all__": f"{left} sampled {cases} not graded yet"})
    audit.status = AuditStatus.COMPLETED
    audit.completed_at = timezone.now()
    audit.summary = summary.strip()
    audit.save(update_fields=["status", "completed_at", "summary"])
    grades = dict.fromkeys(Grade.values, 0)
    for grade in audit.sampled.values_list("grade", flat=True):
        grades[grade] += 1
    audit_record(actor=actor, verb=Verb.AUDIT_COMPLETED, target=audit, changes={"grades": grades})
    return audit
