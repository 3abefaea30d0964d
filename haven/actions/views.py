"""Pages for a team's tasks, one task's clock, owner and completion, and recording
reunification."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.actions import selectors, services
from haven.actions.forms import (
    OutboundNotificationForm,
    ReunificationForm,
    TaskAssignForm,
    TaskCompleteForm,
    TaskDecisionForm,
    TaskListFilterForm,
    TaskNotNeededForm,
    VersionedForm,
)
from haven.audit.versioning import StaleVersionError
from haven.cases.selectors import case_get_for_user
from haven.core.paging import page_of, query_without_page
from haven.core.permissions import role_permission_required


@role_permission_required(roles.WORK_CASES)
def task_list(request):
    form = TaskListFilterForm(request.GET)
    owner = (form.cleaned_data["owner"] or None) if form.is_valid() else None
    tasks = selectors.team_tasks_for_user(user=request.user, owner=owner)
    page = page_of(request, tasks)
    return render(
        request,
        "actions/task_list.html",
        {
            "filter_form": form,
            "owner_filter": owner,
            "tasks": [(task, selectors.clock_state(task)) for task in page],
            "page_obj": page,
            "query_without_page": query_without_page(request),
            "awaiting_approval": selectors.tasks_awaiting_approval(user=request.user),
        },
    )


def _apply(request, form, action, success) -> bool:
    """Run a task service with the form's data, turning refusals into form errors. ``success``
    is the message, or makes it from what the service answered."""
    try:
        result = action(form.cleaned_data)
    except StaleVersionError as stale:
        form.add_stale_error(stale)
        return False
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


SUCCESS = {
    "assign": lambda task: (
        f"Task assigned to {task.owner.full_name}."
        if task.owner
        else "Task sent back to your team's unassigned tasks."
    ),
    "take": "You now own this task.",
    "hand_back": "Task handed back to your team.",
}


@role_permission_required(roles.WORK_CASES)
@require_http_methods(["GET", "POST"])
def task_detail(request, task_id: int):
    task = selectors.task_get_for_user(
        user=request.user, task_id=task_id, record_view=request.method == "GET"
    )
    initial = {"version": task.version}
    action = request.POST.get("action")
    assignees = selectors.task_assignees(task=task)
    forms = {
        "assign": TaskAssignForm(
            request.POST if action == "assign" else None, initial=initial, assignees=assignees
        ),
        "take": VersionedForm(request.POST if action == "take" else None, initial=initial),
        "hand_back": VersionedForm(
            request.POST if action == "hand_back" else None, initial=initial
        ),
        "complete": TaskCompleteForm(
            request.POST if action == "complete" else None, initial=initial
        ),
        "not_needed": TaskNotNeededForm(
            request.POST if action == "not_needed" else None, initial=initial
        ),
        "decide": TaskDecisionForm(request.POST if action == "decide" else None, initial=initial),
        "outbound": OutboundNotificationForm(request.POST if action == "outbound" else None),
    }
    handlers = {
        "assign": lambda d: services.task_assign(
            actor=request.user, task=task, owner_id=d["owner"], expected_version=d["version"]
        ),
        "take": lambda d: services.task_assign(
            actor=request.user, task=task, owner_id=request.user.pk, expected_version=d["version"]
        ),
        "hand_back": lambda d: services.task_assign(
            actor=request.user, task=task, owner_id=None, expected_version=d["version"]
        ),
        "complete": lambda d: services.task_complete(
            actor=request.user, task=task, note=d["note"], expected_version=d["version"]
        ),
        "not_needed": lambda d: services.task_mark_not_needed(
            actor=request.user, task=task, reason=d["reason"], expected_version=d["version"]
        ),
        "decide": lambda d: services.task_decide_not_needed(
            actor=request.user, task=task, approve=d["approve"], expected_version=d["version"]
        ),
        "outbound": lambda d: services.cross_border_record_outbound(
            actor=request.user, task=task, **d
        ),
    }
    if request.method == "POST" and action in forms:
        form = forms[action]
        success = SUCCESS.get(action, "Task updated.")
        if form.is_valid() and _apply(request, form, handlers[action], success):
            return redirect("actions:task_detail", task_id=task.pk)
    failed = next((f for f in forms.values() if f.is_bound and f.errors), None)
    return render(
        request,
        "actions/task_detail.html",
        {
            "task": task,
            "clock": selectors.clock_state(task),
            "can_work": services.task_can_work(request.user, task),
            "can_approve": request.user.has_role_permission(roles.APPROVE),
            "assignment": services.task_assignment_choices(request.user, task),
            "forms": forms,
            "form": failed,
            "notifications": task.cross_border.all(),
        },
    )


@role_permission_required(roles.WORK_CASES)
@require_http_methods(["GET", "POST"])
def reunification(request, case_id: int):
    view = case_get_for_user(user=request.user, case_id=case_id, lead_only=True)
    form = ReunificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reunification_record(
                actor=request.user, case=view.case, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Reunification recorded.")
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(request, "actions/reunification.html", {"view": view, "form": form})
