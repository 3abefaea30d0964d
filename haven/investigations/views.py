"""Pages for police investigations on a case: the investigation, opening and changing one, and
recording suspects, orders and notices, breaches, outcomes, the child's own arrests and their
review, and updates given to the child. The case page shows them
(``templatetags.investigation_panels``).

Views stay thin: the selectors ask the access door (a case or investigation the user may not see
is "not found"; someone who sees it but may not record this gets a 403 page saying who may), the
services and workflows validate and write, and the forms show their refusals."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.audit.versioning import StaleVersionError
from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.forms import GovukForm
from haven.investigations import services
from haven.investigations.forms import (
    BreachForm,
    ChildOffenceForm,
    InvestigationEditForm,
    InvestigationForm,
    OrderForm,
    OutcomeForm,
    ReviewForm,
    SuspectForm,
    VictimUpdateForm,
)
from haven.investigations.models import InvestigationStatus
from haven.investigations.selectors import (
    InvestigationView,
    child_offence_of,
    investigation_for_recording,
    investigation_view_for_user,
    new_suspect_candidates,
    order_of,
    require_lead_investigation,
    suspect_candidates,
)
from haven.workflows import investigations as journey


def explains_refusal(view):
    """A refusal (403) as a page saying who may record this, not the general "you cannot"."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return render(
                request,
                "investigations/refused.html",
                {
                    "reason": str(refusal),
                    "case_id": kwargs.get("case_id"),
                    "investigation_id": kwargs.get("investigation_id"),
                },
                status=403,
            )

    return wrapped


def _page(view: InvestigationView) -> str:
    return reverse("investigations:detail", args=[view.investigation.pk])


def _record(
    request,
    view: InvestigationView,
    form: GovukForm,
    save: Callable[[dict], object],
    *,
    title: str,
    button: str,
    done: str,
    intro: str = "",
    about=None,
):
    """The shared shape of a recording page: on a valid POST the service or workflow saves
    (its refusals shown on the form), then back to the investigation with a message."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_page(view))
    return render(
        request,
        "investigations/record.html",
        {
            "view": view,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "about": about,
        },
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _for_recording(request, investigation_id: int, *, victim_update: bool = False):
    return investigation_for_recording(
        user=request.user,
        investigation_id=investigation_id,
        record_view=request.method == "GET",
        victim_update=victim_update,
    )


@require_GET
def detail(request, investigation_id: int):
    view = investigation_view_for_user(user=request.user, investigation_id=investigation_id)
    return render(request, "investigations/detail.html", {"view": view})


@explains_refusal
@require_http_methods(["GET", "POST"])
def investigation_open(request, case_id: int):
    case_view = case_get_for_user(
        user=request.user, case_id=case_id, record_view=False, section=CaseSection.INVESTIGATION
    )
    require_lead_investigation(request.user, case_view.case)
    if request.method == "GET":
        case_get_for_user(user=request.user, case_id=case_id, section=CaseSection.INVESTIGATION)
    candidates = list(suspect_candidates(user=request.user, case=case_view.case))
    form = InvestigationForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            investigation = journey.investigation_open(
                actor=request.user, case=case_view.case, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Investigation opened.")
            return redirect("investigations:detail", investigation_id=investigation.pk)
    return render(
        request,
        "investigations/open.html",
        {"view": case_view, "form": form, "no_candidates": not candidates},
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def investigation_edit(request, investigation_id: int):
    view = _for_recording(request, investigation_id)
    investigation = view.investigation
    form = InvestigationEditForm(
        _posted(request),
        initial={
            "officer_in_charge": investigation.officer_in_charge,
            "officer_contact": investigation.officer_contact,
            "crime_references": "\n".join(investigation.crime_references),
            "offences": investigation.offences,
            "victim_statement": investigation.victim_statement,
            "status": investigation.status,
            "closed_on": investigation.closed_on,
            "closed_reason": investigation.closed_reason,
            "version": investigation.version,
        },
    )

    def save(data):
        services.investigation_update(
            actor=request.user,
            investigation=investigation,
            expected_version=data["version"],
            **form.service_arguments(),
        )

    closing = investigation.status == InvestigationStatus.OPEN
    return _record(
        request,
        view,
        form,
        save,
        title="Change or close the investigation",
        button="Save changes",
        done="Investigation saved.",
        intro="Closing it stops the reminders to update the child. Outcomes, breaches and "
        "updates can still be recorded after it closes."
        if closing
        else "",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def suspect_add(request, investigation_id: int):
    view = _for_recording(request, investigation_id)
    candidates = list(new_suspect_candidates(user=request.user, investigation=view.investigation))
    form = SuspectForm(_posted(request), candidates=candidates)
    return _record(
        request,
        view,
        form,
        lambda data: journey.suspect_add(
            actor=request.user, investigation=view.investigation, person_id=data["person"]
        ),
        title="Add a suspect",
        button="Add suspect",
        done="Suspect added.",
        intro=""
        if candidates
        else "There is nobody to add: record the adult on the child's record first, with "
        "their relationship to the child.",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def order_add(request, investigation_id: int):
    view = _for_recording(request, investigation_id)
    form = OrderForm(_posted(request), suspects=view.suspects)
    return _record(
        request,
        view,
        form,
        lambda data: journey.order_record(
            actor=request.user, investigation=view.investigation, **form.service_arguments()
        ),
        title="Record an order or notice",
        button="Record order or notice",
        done="Order or notice recorded.",
        intro="" if view.suspects else "Add the suspect first: an order is on a suspect.",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def breach_add(request, investigation_id: int, order_id: int):
    view = _for_recording(request, investigation_id)
    order = order_of(view.investigation, order_id)
    form = BreachForm(_posted(request))
    return _record(
        request,
        view,
        form,
        lambda data: services.order_breach_record(actor=request.user, order=order, **data),
        title="Record a breach",
        button="Record breach",
        done="Breach recorded.",
        about=f"{order.get_order_type_display()} issued on {order.issued_on:%-d %B %Y}",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def outcome_add(request, investigation_id: int):
    view = _for_recording(request, investigation_id)
    form = OutcomeForm(
        _posted(request), suspects=view.suspects, offences=view.investigation.offences
    )
    return _record(
        request,
        view,
        form,
        lambda data: services.outcome_record(
            actor=request.user, investigation=view.investigation, **data
        ),
        title="Record a suspect's outcome",
        button="Record outcome",
        done="Outcome recorded.",
        intro="" if view.suspects else "Add the suspect first.",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def child_offence_add(request, investigation_id: int):
    view = _for_recording(request, investigation_id)
    form = ChildOffenceForm(_posted(request))
    return _record(
        request,
        view,
        form,
        lambda data: services.child_offence_record(
            actor=request.user, investigation=view.investigation, **data
        ),
        title="Record the child's arrest or charge",
        button="Record arrest or charge",
        done="Arrest or charge recorded.",
        intro="A child exploited into crime may have the section 45 defence (Modern Slavery "
        "Act 2015). Haven checks the offence against Schedule 4, which lists the offences the "
        "defence is not available for.",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def review_add(request, investigation_id: int, offence_id: int):
    view = _for_recording(request, investigation_id)
    offence = child_offence_of(view.investigation, offence_id)
    form = ReviewForm(_posted(request))
    return _record(
        request,
        view,
        form,
        lambda data: journey.non_criminalisation_review_record(
            actor=request.user, child_offence=offence, **data
        ),
        title="Record the non-criminalisation review",
        button="Record review",
        done="Non-criminalisation review recorded.",
        about=f"Arrest on {offence.arrested_on:%-d %B %Y}",
    )


@explains_refusal
@require_http_methods(["GET", "POST"])
def victim_update_add(request, investigation_id: int):
    view = _for_recording(request, investigation_id, victim_update=True)
    form = VictimUpdateForm(_posted(request))
    return _record(
        request,
        view,
        form,
        lambda data: journey.victim_update_record(
            actor=request.user, investigation=view.investigation, **data
        ),
        title="Record an update given to the child",
        button="Record update",
        done="Update recorded.",
        intro="Updates to the child or a parent or carer restart the clock for the next one.",
    )
