"""Pages for placements: record one on a case, see one, record its safety plan, and a safe-house
escalation with its acknowledgements. Each view asks a selector, which asks the access door:
what the user may not see is "not found"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.placements import services
from haven.placements.forms import PlacementForm, SafetyPlanForm
from haven.placements.selectors import (
    case_get_for_placement,
    escalation_get_for_user,
    may_record_placement,
    named_user_choices,
    placement_get_for_safety_plan,
    placement_get_for_user,
)
from haven.workflows.placements import (
    placement_record_with_tasks,
    safety_plan_record_completing_task,
)


def _placement_on_case_page(case_id: int) -> str:
    return reverse("cases:case_detail", args=[case_id]) + "#placement"


@require_http_methods(["GET", "POST"])
def placement_add(request, case_id: int):
    view = case_get_for_placement(
        user=request.user, case_id=case_id, record_view=request.method == "GET"
    )
    posted = request.method == "POST"
    form = PlacementForm(
        request.POST if posted else None, named_user_choices=named_user_choices(user=request.user)
    )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        data["named_users"] = list(data["named_users"])
        try:
            placement = placement_record_with_tasks(actor=request.user, case=view.case, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Placement recorded: {placement.get_placement_type_display()}."
            )
            return redirect(_placement_on_case_page(view.case.pk))
    return render(request, "placements/placement_form.html", {"form": form, "view": view})


@require_GET
def placement_detail(request, placement_id: int):
    shown = placement_get_for_user(user=request.user, placement_id=placement_id)
    return render(
        request,
        "placements/placement_detail.html",
        {
            "shown": shown,
            "can_record": may_record_placement(user=request.user, case=shown.placement.case),
        },
    )


@require_http_methods(["GET", "POST"])
def safety_plan_edit(request, placement_id: int):
    shown = placement_get_for_safety_plan(
        user=request.user, placement_id=placement_id, record_view=request.method == "GET"
    )
    plan = shown.safety_plan
    initial = {}
    if plan is not None:
        initial = {
            name: getattr(plan, name)
            for name in ("risks_told", "abduction_measures", "missing_prevention", "who_to_call")
        }
        for row, restriction in enumerate(plan.contact_restrictions.all(), start=1):
            initial[f"restriction_name_{row}"] = restriction.name
            initial[f"restriction_relationship_{row}"] = restriction.relationship
    form = SafetyPlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            safety_plan_record_completing_task(
                actor=request.user, placement=shown.placement, **form.plan()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Safety plan recorded.")
            return redirect("placements:detail", placement_id)
    return render(request, "placements/safety_plan_form.html", {"form": form, "shown": shown})


@require_GET
def escalation_detail(request, escalation_id: int):
    shown = escalation_get_for_user(user=request.user, escalation_id=escalation_id)
    return render(request, "placements/escalation_detail.html", {"shown": shown})


@require_POST
def escalation_acknowledge(request, escalation_id: int):
    shown = escalation_get_for_user(
        user=request.user, escalation_id=escalation_id, record_view=False
    )
    try:
        services.escalation_acknowledge(actor=request.user, escalation=shown.escalation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have acknowledged the safe-house escalation.")
    return redirect("placements:escalation", escalation_id)
