from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import roles
from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.permissions import role_permission_required
from haven.screening.forms import CaseInformationForm, OverrideForm
from haven.screening.models import ScreeningOverride
from haven.screening.selectors import screening_current_for_case
from haven.screening.services import screening_override_record
from haven.workflows.new_information import case_information_record
from haven.workflows.screening_overrides import screening_override_decide


@role_permission_required(roles.OVERRIDE_SCREENING)
@require_http_methods(["GET", "POST"])
def override(request, case_id: int):
    view = case_get_for_user(
        user=request.user, case_id=case_id, section=CaseSection.SCREENING, lead_only=True
    )
    current = screening_current_for_case(view.case)
    if current is None:
        raise Http404("No screening to override")
    required = [a["code"] for a in current.result["required_actions"]]
    form = OverrideForm(
        request.POST if request.method == "POST" else None, required_actions=required
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening_override_record(actor=request.user, case=view.case, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Override recorded.")
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(
        request, "screening/override.html", {"view": view, "form": form, "current": current}
    )


@role_permission_required(roles.WORK_CASES)
@require_http_methods(["GET", "POST"])
def record_information(request, case_id: int):
    view = case_get_for_user(user=request.user, case_id=case_id, whole_case=True)
    form = CaseInformationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_information_record(actor=request.user, case=view.case, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "New information recorded and the case re-screened.")
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(request, "screening/information.html", {"view": view, "form": form})


@role_permission_required(roles.APPROVE)
@require_POST
def override_decide(request, override_id: int):
    pending = get_object_or_404(ScreeningOverride.objects.select_related("case"), pk=override_id)
    view = case_get_for_user(
        user=request.user, case_id=pending.case_id, record_view=False, section=CaseSection.SCREENING
    )
    try:
        screening_override_decide(
            actor=request.user, override=pending, approve=request.POST.get("approve") == "yes"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Decision on the override recorded.")
    return redirect("cases:case_detail", case_id=view.case.pk)
