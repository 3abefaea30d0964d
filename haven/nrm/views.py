"""NRM pages: start a referral from a case, check and change its answers, submit it (a First
Responder; anyone else is told why and who can), record decisions, the PDF pack, a guardian
referral, and Duty to Notify. Each view asks a selector (the access door) and calls a service
or the workflow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.accounts import roles
from haven.audit.versioning import StaleVersionError
from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.pdf import pdf_from_html
from haven.core.permissions import role_permission_required
from haven.nrm import selectors, services
from haven.nrm.export import referral_document
from haven.nrm.forms import (
    DecisionForm,
    DutyToNotifyForm,
    IctgForm,
    ReferralForm,
    SubmitForm,
)
from haven.nrm.services import EDITABLE_FIELDS, NotFirstResponder
from haven.workflows import nrm as workflow


def _referral_page(referral) -> str:
    return reverse("nrm:referral", args=[referral.pk])


def _refused(request, referral, refusal: str):
    """A user who sees the referral but is not of a First Responder organisation: told why and
    who can, with nothing changed."""
    return render(
        request,
        "nrm/submit_refused.html",
        {"referral": referral, "refusal": refusal},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def referral_start(request, case_id: int):
    view = case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.NRM,
    )
    if request.method == "POST":
        referral = workflow.nrm_referral_start(actor=request.user, case=view.case)
        messages.success(request, "NRM referral started from what the case records.")
        return redirect(_referral_page(referral))
    return render(
        request,
        "nrm/start.html",
        {
            "view": view,
            "covered": workflow.ictg_area_covered(view.case),
            "first_responders": selectors.first_responders_seeing(view.case),
        },
    )


@require_GET
def referral_detail(request, referral_id: int):
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(
        request,
        "nrm/referral.html",
        {
            "referral": referral,
            "answers": referral_document(referral),
            "clock": selectors.clock_of(referral),
            "refusal": selectors.submit_refusal(request.user, referral.case),
            "decisions": referral.decisions.select_related("recorded_by"),
            "first_responders": selectors.first_responders_seeing(referral.case),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_edit(request, referral_id: int):
    referral = selectors.referral_get_for_user(
        user=request.user, referral_id=referral_id, record_view=request.method == "GET"
    )
    initial = {name: getattr(referral, name) for name in EDITABLE_FIELDS}
    initial["adult_consents"] = {True: "True", False: "False"}.get(referral.adult_consents, "")
    form = ReferralForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.nrm_referral_update(
                actor=request.user,
                referral=referral,
                expected_version=int(request.POST.get("version", 0)),
                **form.changes(),
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Referral saved.")
            return redirect(_referral_page(referral))
    return render(request, "nrm/edit.html", {"form": form, "referral": referral})


@require_http_methods(["GET", "POST"])
def referral_submit(request, referral_id: int):
    referral = selectors.referral_get_for_user(
        user=request.user, referral_id=referral_id, record_view=request.method == "GET"
    )
    refusal = selectors.submit_refusal(request.user, referral.case)
    if refusal:
        return _refused(request, referral, refusal)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.nrm_referral_submit(actor=request.user, referral=referral, **form.cleaned_data)
        except NotFirstResponder as refused:
            return _refused(request, referral, refused.message)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Referral marked as submitted to the Home Office.")
            return redirect(_referral_page(referral))
    return render(request, "nrm/submit.html", {"form": form, "referral": referral})


@require_http_methods(["GET", "POST"])
def referral_decision(request, referral_id: int):
    referral = selectors.referral_get_for_user(
        user=request.user, referral_id=referral_id, record_view=request.method == "GET"
    )
    refusal = selectors.submit_refusal(request.user, referral.case)
    if refusal:
        return _refused(request, referral, refusal)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nrm_decision_record(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(_referral_page(referral))
    return render(request, "nrm/decision.html", {"form": form, "referral": referral})


@require_GET
def referral_pdf(request, referral_id: int):
    referral = selectors.referral_export_for_user(
        user=request.user, referral_id=referral_id, format="pdf"
    )
    html = render_to_string(
        "nrm/pack.html",
        {
            "referral": referral,
            "answers": referral_document(referral),
            "decisions": referral.decisions.all(),
        },
    )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nrm-referral-{referral.pk}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "POST"])
def ictg_record(request, case_id: int):
    view = case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.NRM,
    )
    form = IctgForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.ictg_referral_record(actor=request.user, case=view.case, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Guardian referral recorded.")
            return redirect(reverse("cases:case_detail", args=[case_id]) + "#nrm")
    return render(
        request,
        "nrm/ictg.html",
        {"form": form, "view": view, "covered": workflow.ictg_area_covered(view.case)},
    )


@role_permission_required(roles.WORK_CASES)
@require_http_methods(["GET", "POST"])
def duty_to_notify_new(request):
    form = DutyToNotifyForm(request.POST if request.method == "POST" else None)
    refusal = selectors.submit_refusal(request.user, None)
    if request.method == "POST" and form.is_valid():
        try:
            duty = services.duty_to_notify_record(actor=request.user, **form.cleaned_data)
        except NotFirstResponder as refused:
            form.add_service_errors(refused)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Duty to Notify recorded.")
            return redirect(reverse("nrm:duty", args=[duty.pk]))
    return render(
        request,
        "nrm/duty_new.html",
        {"form": form, "refusal": refusal},
        status=403 if refusal else 200,
    )


@role_permission_required(roles.WORK_CASES)
@require_GET
def duty_to_notify_list(request):
    return render(
        request,
        "nrm/duties.html",
        {
            "rows": [
                (duty, selectors.clock_of(duty))
                for duty in selectors.duties_to_notify_for_user(user=request.user)
            ],
            "refusal": selectors.submit_refusal(request.user, None),
        },
    )


@require_GET
def duty_to_notify_detail(request, duty_id: int):
    duty = selectors.duty_to_notify_get_for_user(user=request.user, duty_id=duty_id)
    return render(
        request,
        "nrm/duty.html",
        {
            "duty": duty,
            "clock": selectors.clock_of(duty),
            "decisions": duty.decisions.select_related("recorded_by"),
        },
    )


@require_http_methods(["GET", "POST"])
def duty_to_notify_submit(request, duty_id: int):
    duty = selectors.duty_to_notify_get_for_user(
        user=request.user, duty_id=duty_id, record_view=request.method == "GET"
    )
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_to_notify_submit(actor=request.user, duty=duty, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Duty to Notify marked as submitted to the Home Office.")
            return redirect(reverse("nrm:duty", args=[duty.pk]))
    return render(request, "nrm/duty_submit.html", {"form": form, "duty": duty})


@require_http_methods(["GET", "POST"])
def duty_to_notify_decision(request, duty_id: int):
    duty = selectors.duty_to_notify_get_for_user(
        user=request.user, duty_id=duty_id, record_view=request.method == "GET"
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_to_notify_decision_record(
                actor=request.user, duty=duty, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(reverse("nrm:duty", args=[duty.pk]))
    return render(request, "nrm/duty_decision.html", {"form": form, "duty": duty})
