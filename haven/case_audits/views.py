"""The case audit pages (decision 0032): the auditor's audits, starting one, its sample, grading
a sampled case, an action it calls for, and completing the audit. Thin: selectors fetch (only
an audit's own auditor finds it), services and the workflow check and write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.case_audits.forms import (
    AuditActionForm,
    AuditCompleteForm,
    AuditStartForm,
    GradeForm,
)
from haven.case_audits.models import AuditStatus, Question
from haven.case_audits.selectors import (
    answers_by_question,
    audit_areas,
    audit_get_for_user,
    audits_for_user,
    sampled_cases,
    sampled_get_for_user,
    ungraded_count,
)
from haven.case_audits.services import audit_complete, sampled_case_grade
from haven.core.permissions import role_permission_required
from haven.workflows.case_audits import audit_action_add, audit_draw


def _saved(form, service, **arguments):
    """Call the service with the form's data; its refusal goes on the form."""
    try:
        return service(**arguments)
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@role_permission_required(roles.AUDIT_CASES)
def audit_list(request):
    return render(
        request,
        "case_audits/audit_list.html",
        {"audits": audits_for_user(request.user), "may_start": bool(audit_areas(request.user))},
    )


@role_permission_required(roles.AUDIT_CASES)
@require_http_methods(["GET", "POST"])
def audit_start(request):
    form = AuditStartForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        audit = _saved(form, audit_draw, actor=request.user, **form.cleaned_data)
        if audit is not None:
            drawn = audit.sampled.count()
            messages.success(request, f"Sample drawn: {drawn} case{pluralize(drawn)}.")
            return redirect("case_audits:audit", audit.pk)
    return render(
        request,
        "case_audits/audit_start.html",
        {"form": form, "may_start": bool(audit_areas(request.user))},
    )


@role_permission_required(roles.AUDIT_CASES)
def audit_detail(request, audit_id: int):
    audit = audit_get_for_user(user=request.user, audit_id=audit_id, record_view=True)
    return render(
        request,
        "case_audits/audit.html",
        {
            "audit": audit,
            "sampled": sampled_cases(audit),
            "is_open": audit.status == AuditStatus.OPEN,
            "ungraded": ungraded_count(audit),
        },
    )


@role_permission_required(roles.AUDIT_CASES)
@require_http_methods(["GET", "POST"])
def grade(request, audit_id: int, sampled_id: int):
    sampled = sampled_get_for_user(
        user=request.user,
        audit_id=audit_id,
        sampled_id=sampled_id,
        record_view=request.method == "GET",
    )
    answers = answers_by_question(sampled)
    initial = {"grade": sampled.grade, "findings": sampled.findings}
    for code, answer in answers.items():
        initial[code], initial[f"{code}_comment"] = answer.answer, answer.comment
    form = GradeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        graded = _saved(
            form,
            sampled_case_grade,
            actor=request.user,
            sampled=sampled,
            answers=form.answers(),
            grade=form.cleaned_data["grade"],
            findings=form.cleaned_data["findings"],
        )
        if graded is not None:
            messages.success(request, f"Case {sampled.case.reference} graded.")
            return redirect("case_audits:audit", sampled.audit_id)
    return render(
        request,
        "case_audits/grade.html",
        {
            "sampled": sampled,
            "audit": sampled.audit,
            "is_open": sampled.audit.status == AuditStatus.OPEN,
            "form": form,
            "questions": [
                (form[question.value], form[f"{question.value}_comment"]) for question in Question
            ],
            "answers": [(question, answers.get(question.value)) for question in Question],
        },
    )


@role_permission_required(roles.AUDIT_CASES)
@require_http_methods(["GET", "POST"])
def action_add(request, audit_id: int, sampled_id: int):
    sampled = sampled_get_for_user(user=request.user, audit_id=audit_id, sampled_id=sampled_id)
    form = AuditActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        action = _saved(
            form, audit_action_add, actor=request.user, sampled=sampled, **form.cleaned_data
        )
        if action is not None:
            messages.success(request, f"Action added: a task for {action.team.name}.")
            return redirect("case_audits:grade", sampled.audit_id, sampled.pk)
    return render(request, "case_audits/action_add.html", {"sampled": sampled, "form": form})


@role_permission_required(roles.AUDIT_CASES)
@require_http_methods(["GET", "POST"])
def complete(request, audit_id: int):
    audit = audit_get_for_user(user=request.user, audit_id=audit_id)
    form = AuditCompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        completed = _saved(
            form, audit_complete, actor=request.user, audit=audit, **form.cleaned_data
        )
        if completed is not None:
            messages.success(request, f"{audit.title} completed.")
            return redirect("case_audits:audit", audit.pk)
    return render(
        request,
        "case_audits/complete.html",
        {"audit": audit, "form": form, "ungraded": ungraded_count(audit)},
    )
