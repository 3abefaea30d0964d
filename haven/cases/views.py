"""Pages for recording concerns, the front door, cases, sharing and break-glass access.

Views validate a form, call the selector that fetches and checks the record (a record the user
may not see is "not found", never "forbidden") and at most one service, then render or
redirect with a success message. Services' ValidationErrors show on the form; their
PermissionDenied becomes the 403 page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import roles
from haven.audit.versioning import StaleVersionError
from haven.cases import selectors, services
from haven.cases.access import case_accesses, may_break_glass
from haven.cases.forms import (
    BreakGlassDecisionForm,
    BreakGlassForm,
    BreakGlassReviewForm,
    CaseAllocateForm,
    CaseCloseForm,
    CaseFilterForm,
    CaseTransferForm,
    ChronologyFilterForm,
    ConcernAboutNewPersonForm,
    ConcernDecisionForm,
    ConcernForm,
    NoteForm,
    ShareForm,
    TransferAcceptForm,
    TransferDeclineForm,
)
from haven.cases.models import (
    BreakGlassStatus,
    CaseSection,
    CaseStatus,
    ConcernStatus,
    TransferStatus,
)
from haven.core.areas import Area
from haven.core.paging import page_of, query_without_page
from haven.core.permissions import role_permission_required
from haven.drafts.pages import posted_or_held
from haven.matching.selectors import person_search
from haven.people.forms import PersonSearchForm
from haven.people.selectors import SearchRateLimited, person_get_for_user
from haven.reporting.break_glass import break_glass_review_report
from haven.workflows import case_transfer as case_transfer_workflow
from haven.workflows import concern_raised, pages
from haven.workflows import front_door as front_door_workflow

CHRONOLOGY_PAGE_SIZE = 50
# "Show all to print" still has a ceiling.
CHRONOLOGY_PRINT_LIMIT = 1000
JUST_RECORDED = "haven_concern_recorded"


def _sections_label(access) -> str:
    """The sections a share shows, in the case page's order, for people to read."""
    if access is None:
        return ""
    return ", ".join(
        label.lower() for value, label in CaseSection.choices if value in access.sections
    )


# --- Concerns -------------------------------------------------------------------------------


@role_permission_required(roles.RAISE_CONCERN)
def concern_start(request):
    """Step 1: find the person, or choose to record someone new."""
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        try:
            results = person_search(user=request.user, query=form.cleaned_data["q"])
        except SearchRateLimited as limited:
            form.add_error("q", limited.message)
    return render(request, "cases/concern_start.html", {"form": form, "results": results})


def _concern_form_page(request, form, *, person=None):
    return render(
        request,
        "cases/concern_form.html",
        {
            "form": form,
            "person": person,
            "immediate_danger_value": form["immediate_danger"].value(),
        },
    )


def _recorded(request, concern):
    # The concern's page says so in its confirmation panel (GOV.UK's confirmation pattern).
    request.session[JUST_RECORDED] = concern.pk
    return redirect("cases:concern_detail", concern_id=concern.pk)


def _recorded_before(request, concern):
    at = timezone.localtime(concern.created_at)
    messages.info(
        request,
        f"This concern was already recorded at {at:%H:%M} on {at.day} {at:%B %Y} (reference "
        f"{concern.pk}). It has not been recorded twice.",
    )
    return redirect("cases:concern_detail", concern_id=concern.pk)


@role_permission_required(roles.RAISE_CONCERN)
@require_http_methods(["GET", "POST"])
def concern_create(request, person_id: int):
    """Step 2: what happened, about a person the user may see."""
    person = person_get_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    form = ConcernForm(posted_or_held(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            concern = concern_raised.concern_record(
                actor=request.user, person_id=person.pk, **form.concern_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.ConcernAlreadyRecorded as already:
            return _recorded_before(request, already.concern)
        else:
            return _recorded(request, concern)
    return _concern_form_page(request, form, person=person)


@role_permission_required(roles.RAISE_CONCERN)
@require_http_methods(["GET", "POST"])
def concern_create_new_person(request):
    """A person not yet in Haven (or whose record the user cannot see) and the concern, on one
    page: neither is saved without the other."""
    form = ConcernAboutNewPersonForm(posted_or_held(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            concern = concern_raised.concern_record(
                actor=request.user, new_person=form.person_fields(), **form.concern_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except services.ConcernAlreadyRecorded as already:
            return _recorded_before(request, already.concern)
        else:
            return _recorded(request, concern)
    return _concern_form_page(request, form)


def concern_detail(request, concern_id: int):
    page = pages.concern_page_for_user(user=request.user, concern_id=concern_id)
    just_recorded = request.session.get(JUST_RECORDED) == page.concern.pk
    if just_recorded:
        del request.session[JUST_RECORDED]
    return render(
        request,
        "cases/concern_detail.html",
        {"page": page, "concern": page.concern, "just_recorded": just_recorded},
    )


# --- The front door -------------------------------------------------------------------------


@role_permission_required(roles.DECIDE_FRONT_DOOR)
def front_door(request):
    area = selectors.front_door_area_for_user(user=request.user)
    if area:
        return redirect("cases:front_door_area", area=area)
    return render(request, "cases/front_door_none.html")


def front_door_area(request, area: str):
    concerns = selectors.front_door_queue(user=request.user, area_code=area)
    page = page_of(request, concerns)
    now = timezone.now()
    today = timezone.localdate(now)
    rows = []
    for concern in page:
        due = concern.decision_due_at
        if due and due < now:
            clock = "overdue"
        elif due and timezone.localdate(due) == today:
            clock = "due_today"
        else:
            clock = ""
        rows.append((concern, clock))
    return render(
        request,
        "cases/front_door_queue.html",
        {
            "area_label": Area(area).label,
            "page_obj": page,
            "rows": rows,
            "query_without_page": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def concern_decide(request, concern_id: int):
    concern = selectors.concern_get_for_decision(user=request.user, concern_id=concern_id)
    open_cases = selectors.open_cases_for_person_led_by(
        user=request.user, person_id=concern.person_id
    )
    form = ConcernDecisionForm(
        request.POST or None,
        actor=request.user,
        open_cases=open_cases,
        initial={"version": concern.version},
    )
    awaiting = concern.status == ConcernStatus.AWAITING_DECISION
    if request.method == "POST" and form.is_valid():
        try:
            concern = front_door_workflow.concern_decide_by_ids(
                actor=request.user, concern=concern, **form.decision_fields()
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
            concern = stale.current
            awaiting = concern.status == ConcernStatus.AWAITING_DECISION
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if concern.case_id:
                messages.success(request, f"Concern accepted into case {concern.case.reference}.")
                return redirect("cases:case_detail", case_id=concern.case_id)
            messages.success(request, f"Decision recorded: {concern.get_status_display()}.")
            return redirect("cases:front_door_area", area=concern.home_area)
    return render(
        request,
        "cases/concern_decide.html",
        {
            "form": form,
            "concern": concern,
            "awaiting": awaiting,
            "has_open_cases": open_cases.exists(),
        },
    )


# --- Cases ----------------------------------------------------------------------------------


@role_permission_required(roles.WORK_CASES)
def case_list(request):
    form = CaseFilterForm(request.GET or {"status": CaseStatus.OPEN})
    status, query = CaseStatus.OPEN, ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    cases = selectors.cases_search_filter(
        selectors.case_list_for_user(user=request.user, status=status or None), query
    )
    page = page_of(request, cases)
    access = case_accesses(request.user, list(page))
    return render(
        request,
        "cases/case_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "rows": [
                (case, access.get(case.pk), _sections_label(access.get(case.pk))) for case in page
            ],
            "query_without_page": query_without_page(request),
            "transfers_waiting": selectors.transfers_waiting_for_user(user=request.user),
        },
    )


def case_detail(request, case_id: int):
    overview = pages.case_overview_for_user(user=request.user, case_id=case_id)
    page = overview.page
    return render(
        request,
        "cases/case_detail.html",
        {
            "page": page,
            "view": page.view,
            "glance": overview.glance,
            "sections_label": _sections_label(page.view.access),
        },
    )


def case_summary(request, case_id: int):
    """The case summary to print: GOV.UK's print styles leave the page's furniture off."""
    summary = pages.case_summary_for_user(user=request.user, case_id=case_id)
    services.case_summary_printed(actor=request.user, case=summary.glance.view.case)
    return render(request, "cases/case_summary.html", {"summary": summary})


def case_summary_pdf(request, case_id: int):
    summary = pages.case_summary_for_user(user=request.user, case_id=case_id)
    case = summary.glance.view.case
    html = render_to_string(
        "cases/case_summary_pdf.html", {"summary": summary, "user": request.user}
    )
    pdf = services.case_summary_pdf(actor=request.user, case=case, html=html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-summary.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def case_allocate(request, case_id: int):
    view = selectors.case_get_for_user(
        user=request.user, case_id=case_id, record_view=request.method == "GET"
    )
    services.allocation_require(actor=request.user, case=view.case)
    form = CaseAllocateForm(
        request.POST if request.method == "POST" else None,
        case=view.case,
        initial={"version": view.case.version, "practitioner": view.case.lead_practitioner_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_allocate(
                actor=request.user, case=view.case, **form.allocation_fields()
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{case.lead_practitioner.full_name} now leads case {case.reference}."
            )
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_allocate.html", {"form": form, "view": view})


@require_http_methods(["GET", "POST"])
def case_transfer(request, case_id: int):
    view = selectors.case_get_for_user(
        user=request.user, case_id=case_id, record_view=request.method == "GET"
    )
    services.allocation_require(actor=request.user, case=view.case)
    form = CaseTransferForm(request.POST if request.method == "POST" else None, case=view.case)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.case_transfer_request(
                actor=request.user, case=view.case, **form.transfer_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                f"Transfer asked for: {transfer.to_team.name}, {transfer.to_agency.name} have "
                "been told. Your team leads the case until they accept.",
            )
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(
        request,
        "cases/case_transfer.html",
        {"form": form, "view": view, "handover_days": services.HANDOVER_DAYS},
    )


@role_permission_required(roles.WORK_CASES)
def transfer_list(request):
    lists = selectors.transfer_lists_for_user(user=request.user)
    return render(request, "cases/transfer_list.html", {"lists": lists})


@require_http_methods(["GET", "POST"])
def transfer_detail(request, transfer_id: int):
    transfer = selectors.transfer_get_for_user(
        user=request.user, transfer_id=transfer_id, record_view=request.method == "GET"
    )
    action = request.POST.get("action")
    if request.method == "POST":
        services.transfer_decision_require(actor=request.user, transfer=transfer)
    forms = {
        "accept": TransferAcceptForm(
            request.POST if action == "accept" else None, transfer=transfer
        ),
        "decline": TransferDeclineForm(request.POST if action == "decline" else None),
    }
    handlers = {
        "accept": lambda form: case_transfer_workflow.case_transfer_accept(
            actor=request.user, transfer=transfer, **form.acceptance_fields()
        ),
        "decline": lambda form: services.case_transfer_decline(
            actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
        ),
    }
    if action in forms and forms[action].is_valid():
        form = forms[action]
        try:
            handlers[action](form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if action == "accept":
                messages.success(request, f"Case {transfer.case.reference} is your team's now.")
                return redirect("cases:case_detail", case_id=transfer.case_id)
            messages.success(request, "Transfer declined: the team that asked has been told.")
            return redirect("cases:transfer_list")
    return render(
        request,
        "cases/transfer_detail.html",
        {
            "transfer": transfer,
            "forms": forms,
            "form": next((f for f in forms.values() if f.is_bound and f.errors), None),
            "can_decide": transfer.status == TransferStatus.PENDING
            and services.may_decide_transfer(request.user, transfer),
            "can_withdraw": transfer.status == TransferStatus.PENDING
            and services.may_allocate(request.user, transfer.case),
            "open_case_here": selectors.open_case_of_receiving_authority(
                user=request.user, transfer=transfer
            ),
            "handover_days": services.HANDOVER_DAYS,
        },
    )


@require_POST
def transfer_withdraw(request, transfer_id: int):
    transfer = selectors.transfer_get_for_user(
        user=request.user, transfer_id=transfer_id, record_view=False
    )
    try:
        services.case_transfer_withdraw(actor=request.user, transfer=transfer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Transfer to {transfer.to_team.name} withdrawn.")
    return redirect("cases:case_detail", case_id=transfer.case_id)


def chronology(request, case_id: int):
    view = selectors.case_get_for_user(user=request.user, case_id=case_id, record_view=False)
    form = ChronologyFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        agency = form.cleaned_data["agency"]
        filters = {"agency_id": agency.pk if agency else None, "kind": form.cleaned_data["kind"]}
    entries = selectors.chronology_for_user(user=request.user, view=view, **filters)
    show_all = request.GET.get("all") == "1"
    page = page_of(request, entries, CHRONOLOGY_PRINT_LIMIT if show_all else CHRONOLOGY_PAGE_SIZE)
    return render(
        request,
        "cases/chronology.html",
        {
            "view": view,
            "filter_form": form,
            "page_obj": page,
            "show_all": show_all,
            "query_without_page": query_without_page(request),
            "printed_at": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def note_add(request, case_id: int):
    view = selectors.case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.NOTES,
    )
    form = NoteForm(request.POST if request.method == "POST" else None, lead=view.access.leads)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_note_add(actor=request.user, case=view.case, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Note added.")
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(request, "cases/note_form.html", {"form": form, "view": view})


@require_http_methods(["GET", "POST"])
def share(request, case_id: int):
    view = selectors.case_get_for_user(
        user=request.user, case_id=case_id, record_view=request.method == "GET", lead_only=True
    )
    form = ShareForm(request.POST if request.method == "POST" else None, case=view.case)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.case_share_create(
                actor=request.user, case=view.case, **form.share_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                f"Case shared with {grant.team.name if grant.team else grant.agency.name} until "
                f"{timezone.localtime(grant.expires_at):%d %B %Y}.",
            )
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(request, "cases/share_form.html", {"form": form, "view": view})


@require_POST
def share_revoke(request, case_id: int, share_id: int):
    grant = selectors.case_share_get_for_lead(user=request.user, case_id=case_id, share_id=share_id)
    services.case_share_revoke(actor=request.user, share=grant)
    messages.success(
        request, f"Sharing with {grant.team.name if grant.team else grant.agency.name} ended."
    )
    return redirect("cases:case_detail", case_id=case_id)


@require_http_methods(["GET", "POST"])
def case_close(request, case_id: int):
    view = selectors.case_get_for_user(
        user=request.user, case_id=case_id, record_view=request.method == "GET", lead_only=True
    )
    form = CaseCloseForm(
        request.POST if request.method == "POST" else None, initial={"version": view.case.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                actor=request.user,
                case=view.case,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Case {view.case.reference} closed.")
            return redirect("cases:case_detail", case_id=view.case.pk)
    return render(request, "cases/case_close.html", {"form": form, "view": view})


# --- Break-glass ----------------------------------------------------------------------------


def _break_glass(request, form, case_id=None):
    """Open break-glass access once the form is valid. A reference that is not the user's, has
    expired or does not match the case says the same as one for no case at all."""
    try:
        case = selectors.case_for_break_glass(
            user=request.user, reference=form.cleaned_data["reference"], case_id=case_id
        )
    except Http404:
        form.add_error(
            "reference",
            "No case has this reference for you: check it, or search for the child again to "
            "get a new one (a reference is yours alone and lasts 24 hours).",
        )
        return None
    try:
        access = services.break_glass_open(
            actor=request.user, case=case, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None
    if access.status == BreakGlassStatus.AWAITING_APPROVAL:
        messages.info(
            request,
            f"You have used break-glass {settings.HAVEN_BREAK_GLASS_DAILY_LIMIT} times in 24 "
            f"hours, so a manager of {request.user.agency.name} must approve this request first. "
            "They have been told; you will get a notification when they decide.",
        )
        return redirect("cases:break_glass_start")
    messages.warning(
        request,
        f"Break-glass access to {case.reference} is open: it is recorded and will be reviewed.",
    )
    return redirect("cases:case_detail", case_id=case.pk)


def _break_glass_page(request, case_id=None):
    if not may_break_glass(request.user):
        raise PermissionDenied
    initial = {"reference": request.GET.get("reference", "")[:40]}
    form = BreakGlassForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _break_glass(request, form, case_id)
        if response is not None:
            return response
    return render(request, "cases/break_glass.html", {"form": form, "case_id": case_id})


@require_http_methods(["GET", "POST"])
def break_glass_start(request):
    return _break_glass_page(request)


@require_http_methods(["GET", "POST"])
def break_glass(request, case_id: int):
    return _break_glass_page(request, case_id)


@role_permission_required(roles.APPROVE)
def break_glass_approvals(request, failed=None, failed_id=None):
    requests = selectors.break_glass_requests_for_approval(user=request.user)
    rows = [
        (
            access,
            failed if access.pk == failed_id else BreakGlassDecisionForm(prefix=f"bg-{access.pk}"),
        )
        for access in requests
    ]
    return render(request, "cases/break_glass_approvals.html", {"rows": rows, "form": failed})


@role_permission_required(roles.APPROVE)
@require_POST
def break_glass_approval(request, access_id: int):
    access = selectors.break_glass_request_get_for_approval(user=request.user, access_id=access_id)
    form = BreakGlassDecisionForm(request.POST, prefix=f"bg-{access.pk}")
    if form.is_valid():
        try:
            services.break_glass_decide(
                actor=request.user, access=access, approve=form.cleaned_data["approve"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            decided = "approved" if form.cleaned_data["approve"] else "refused"
            messages.success(request, f"{access.user.full_name}'s request {decided}.")
            return redirect("cases:break_glass_approvals")
    return break_glass_approvals(request, failed=form, failed_id=access.pk)


def _review_page(request, *, failed=None):
    reviewed = request.GET.get("show") == "reviewed"
    accesses = selectors.break_glass_review_list(user=request.user, reviewed=reviewed)
    page = page_of(request, accesses)
    rows = []
    for access in page:
        if failed is not None and failed.prefix == f"review-{access.pk}":
            rows.append((access, failed))
        else:
            rows.append(
                (access, None if reviewed else BreakGlassReviewForm(prefix=f"review-{access.pk}"))
            )
    return render(
        request,
        "cases/break_glass_reviews.html",
        {
            "rows": rows,
            "page_obj": page,
            "reviewed": reviewed,
            "summary": break_glass_review_report(user=request.user),
            "form": failed,
            "query_without_page": query_without_page(request),
        },
    )


@role_permission_required(roles.REVIEW_BREAK_GLASS)
def break_glass_reviews(request):
    return _review_page(request)


@role_permission_required(roles.REVIEW_BREAK_GLASS)
@require_POST
def break_glass_review(request, access_id: int):
    access = selectors.break_glass_access_get_for_review(user=request.user, access_id=access_id)
    form = BreakGlassReviewForm(request.POST, prefix=f"review-{access.pk}")
    if form.is_valid():
        try:
            services.break_glass_review(
                actor=request.user,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Review of {access.user.full_name}'s access recorded.")
            return redirect("cases:break_glass_reviews")
    return _review_page(request, failed=form)
