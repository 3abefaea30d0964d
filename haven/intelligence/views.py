# ---------------------------------------------------------- operational group meetings (0030)
# Thin pages: haven.intelligence.groups decides who sees and runs a meeting and each subject;
# the workflow turns a disruption action about a child into a task.

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from haven.intelligence import groups
from haven.intelligence.forms import (
    DisruptionActionForm,
    GroupAttendanceForm,
    GroupAttendeeForm,
    GroupInformationForm,
    GroupScheduleForm,
    GroupSubjectCaseForm,
    GroupSubjectSearchForm,
)
from haven.intelligence.models import Entity
from haven.intelligence.selectors import may_use_intelligence
from haven.workflows import operational_groups

NOT_FOR_ROLE = "Operational group meetings are for analysts and those who work cases."


def _post(request):
    return request.POST if request.method == "POST" else None


def _saved(form, service, **arguments):
    """Call the service; its refusal goes on the form."""
    try:
        return service(**arguments)
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def _meeting_run_by(request, meeting_id: int):
    """A meeting the user sees (else 404) and runs (else 403)."""
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    if not groups.runs_meeting(request.user, meeting):
        raise PermissionDenied(groups.NOT_RUNNER)
    return meeting


def group_list(request):
    if not may_use_intelligence(request.user):
        raise PermissionDenied(NOT_FOR_ROLE)
    return render(
        request,
        "intelligence/groups.html",
        {
            "meetings": groups.meetings_for_user(request.user),
            "may_schedule": groups.may_run_groups(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def group_schedule(request):
    if not groups.may_run_groups(request.user):
        raise PermissionDenied(
            "Only analysts, and managers in the police or a local authority, schedule "
            "operational group meetings."
        )
    form = GroupScheduleForm(_post(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _saved(
            form,
            groups.group_meeting_schedule,
            actor=request.user,
            area=data["area"],
            scheduled_for=form.scheduled_for(),
            chair=data["chair"],
            location=data["location"],
        )
        if meeting is not None:
            messages.success(request, "Meeting scheduled: name who is coming.")
            return redirect("intelligence:group", meeting.pk)
    return render(request, "intelligence/group_schedule.html", {"form": form})


def _meeting_context(request, meeting, *, record_view: bool) -> dict:
    return {
        "meeting": meeting,
        "subjects": groups.subjects_seen_by(request.user, meeting, record_view=record_view),
        "runs": groups.runs_meeting(request.user, meeting),
        "user": request.user,
    }


def group_detail(request, meeting_id: int):
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    return render(
        request, "intelligence/group.html", _meeting_context(request, meeting, record_view=True)
    )


@require_http_methods(["GET", "POST"])
def group_attendee_add(request, meeting_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    form = GroupAttendeeForm(_post(request), meeting=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            groups.group_attendee_add,
            actor=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Attendee added.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request, "intelligence/group_attendee_add.html", {"meeting": meeting, "form": form}
    )


@require_http_methods(["GET", "POST"])
def group_attendance(request, meeting_id: int, attendee_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    attendee = get_object_or_404(meeting.attendees, pk=attendee_id)
    form = GroupAttendanceForm(
        _post(request),
        initial={"attendance": attendee.attendance, "apologies_note": attendee.apologies_note},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            groups.group_attendance_record,
            actor=request.user,
            attendee=attendee,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"Attendance recorded for {attendee.name}.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_attendance.html",
        {"meeting": meeting, "attendee": attendee, "form": form},
    )


@require_http_methods(["GET", "POST"])
def group_subject_add(request, meeting_id: int):
    """Search entities (GET ``q``) and add one, or choose a child."""
    meeting = _meeting_run_by(request, meeting_id)
    search = GroupSubjectSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    step = request.POST.get("step")
    case_form = GroupSubjectCaseForm(_post(request) if step == "case" else None, actor=request.user)
    if request.method == "POST" and step == "entity":
        entity = get_object_or_404(Entity, pk=_entity_id(request.POST.get("entity")))
        try:
            groups.group_subject_add(actor=request.user, meeting=meeting, entity=entity)
        except ValidationError as error:
            search.add_service_errors(error)
        else:
            messages.success(request, f"{entity.label} added as a subject.")
            return redirect("intelligence:group", meeting.pk)
    elif (
        request.method == "POST"
        and step == "case"
        and case_form.is_valid()
        and _saved(
            case_form,
            groups.group_subject_add,
            actor=request.user,
            meeting=meeting,
            case=case_form.cleaned_data["case"],
        )
    ):
        messages.success(request, "Child added as a subject.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_subject_add.html",
        {
            "meeting": meeting,
            "search": search,
            "query": query,
            "results": groups.entities_for_subjects(request.user, query),
            "case_form": case_form,
            "form": next((f for f in (search, case_form) if f.is_bound and f.errors), None),
        },
    )


def _entity_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Not found") from None


@require_http_methods(["GET", "POST"])
def group_information_add(request, meeting_id: int, subject_id: int):
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    subject = groups.subject_get_for_user(user=request.user, meeting=meeting, subject_id=subject_id)
    form = GroupInformationForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            groups.group_information_share,
            actor=request.user,
            subject=subject,
            text=data["text"],
            source_evaluation=data["source_evaluation"],
            intelligence_assessment=data["intelligence_assessment"],
            handling_code=data["handling_code"],
            handling_conditions=data["handling_conditions"],
            shared_with_agency_ids=[agency.pk for agency in data["shared_with_agencies"]],
        ):
            messages.success(request, "Information recorded.")
            return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_information_add.html",
        {"meeting": meeting, "subject": _seen(request, meeting, subject), "form": form},
    )


def _seen(request, meeting, subject) -> groups.SubjectSeen:
    return next(
        s
        for s in groups.subjects_seen_by(request.user, meeting, record_view=False)
        if s.subject.pk == subject.pk
    )


@require_http_methods(["GET", "POST"])
def group_action_add(request, meeting_id: int, subject_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    subject = groups.subject_get_for_user(user=request.user, meeting=meeting, subject_id=subject_id)
    form = DisruptionActionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        action = _saved(
            form,
            operational_groups.disruption_action_add,
            actor=request.user,
            subject=subject,
            **form.cleaned_data,
        )
        if action is not None:
            messages.success(
                request,
                "Action added: it is now a task of the owning team."
                if action.task_id
                else "Action added.",
            )
            return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_action_add.html",
        {"meeting": meeting, "subject": _seen(request, meeting, subject), "form": form},
    )


def group_minutes_pdf(request, meeting_id: int):
    """The minutes as the downloader may see them."""
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    context = _meeting_context(request, meeting, record_view=False)
    html = render_to_string("intelligence/group_minutes.html", context)
    pdf = groups.group_minutes_pdf(
        actor=request.user, meeting=meeting, subjects=context["subjects"], html=html
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="operational-group-{meeting.pk}-minutes.pdf"'
    )
    return response
