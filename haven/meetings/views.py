"""Strategy meeting pages: schedule, run (invitations, information, outcome, actions) and
export minutes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.audit.versioning import StaleVersionError
from haven.cases.selectors import case_get_for_user
from haven.core.permissions import role_permission_required
from haven.meetings import services
from haven.meetings.forms import (
    ApologiesForm,
    AttendeeOtherForm,
    AttendeeRemoveForm,
    AttendeeUserForm,
    InformationForm,
    InvitationForm,
    MeetingActionForm,
    OutcomeForm,
    ScheduleForm,
)
from haven.meetings.models import MeetingAttendee, MeetingInvitation, MeetingStatus
from haven.meetings.selectors import (
    may_chair,
    may_send_apologies,
    meeting_attendance,
    meeting_get_for_user,
)
from haven.workflows import strategy_meetings

SAVED = {
    "attendee_user": "Attendee added.",
    "attendee_other": "Attendee added.",
    "attendee_remove": "Attendee removed.",
    "apologies": "Your apologies have been sent.",
}


@role_permission_required(roles.SCHEDULE_MEETING)
@require_http_methods(["GET", "POST"])
def schedule(request, case_id: int):
    view = case_get_for_user(user=request.user, case_id=case_id, lead_only=True)
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = strategy_meetings.meeting_schedule(
                actor=request.user,
                case=view.case,
                scheduled_for=form.scheduled_for(),
                location=form.cleaned_data["location"],
                call_link=form.cleaned_data["call_link"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Meeting scheduled: confirm who is invited.")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/schedule.html", {"view": view, "form": form})


@role_permission_required(roles.WORK_CASES)
@require_http_methods(["GET", "POST"])
def detail(request, meeting_id: int):
    meeting = meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    is_chair = may_chair(user=request.user, case=meeting.case)
    invitee = may_send_apologies(user=request.user, meeting=meeting)
    step = request.POST.get("step")
    if request.method == "POST" and not (is_chair or (step == "apologies" and invitee)):
        # Those who see the meeting (invited, a share, break-glass) read it; the chair runs it,
        # and invitees send their own apologies.
        raise PermissionDenied("Only a manager in the lead authority runs strategy meetings.")
    post = request.POST if request.method == "POST" else None
    forms = {
        "information": InformationForm(post if step == "information" else None, meeting=meeting),
        "outcome": OutcomeForm(
            post if step == "outcome" else None,
            meeting=meeting,
            initial={"version": meeting.version},
        ),
        "action": MeetingActionForm(post if step == "action" else None),
        "invitation": InvitationForm(post if step == "invitation" else None),
        "attendee_user": AttendeeUserForm(
            post if step == "attendee_user" else None, meeting=meeting
        ),
        "attendee_other": AttendeeOtherForm(post if step == "attendee_other" else None),
        "attendee_remove": AttendeeRemoveForm(post if step == "attendee_remove" else None),
        "apologies": ApologiesForm(post if step == "apologies" else None),
    }
    if post is not None and step in forms and forms[step].is_valid():
        form, data = forms[step], forms[step].cleaned_data
        try:
            if step == "invitation":
                invitation = get_object_or_404(
                    MeetingInvitation, pk=data["invitation"], meeting=meeting
                )
                services.invitation_decide(
                    actor=request.user,
                    invitation=invitation,
                    invite=data["invite"],
                    agency=data["agency"],
                    reason=data["reason"],
                )
            elif step == "information":
                services.information_shared_add(actor=request.user, meeting=meeting, **data)
            elif step in ("attendee_user", "attendee_other"):
                services.meeting_attendee_add(
                    actor=request.user, meeting=meeting, named=form.named_attendee()
                )
            elif step == "attendee_remove":
                attendee = get_object_or_404(MeetingAttendee, pk=data["attendee"], meeting=meeting)
                services.meeting_attendee_remove(actor=request.user, attendee=attendee)
            elif step == "apologies":
                services.meeting_apologies_record(
                    actor=request.user, meeting=meeting, note=data["apologies_note"]
                )
            elif step == "outcome":
                strategy_meetings.meeting_record_outcome(
                    actor=request.user, meeting=meeting, **form.service_arguments()
                )
            else:
                strategy_meetings.meeting_action_add(actor=request.user, meeting=meeting, **data)
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, SAVED.get(step, "Saved."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    failed = next((f for f in forms.values() if f.is_bound and f.errors), None)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "is_chair": is_chair,
            "forms": forms,
            "form": failed,
            "started": meeting.scheduled_for <= timezone.now(),
            "attendance": meeting_attendance(meeting),
            "can_change_attendees": is_chair and meeting.status == MeetingStatus.SCHEDULED,
            # The chair records attendance, their own included, with the outcome.
            "can_send_apologies": invitee
            and not is_chair
            and meeting.status == MeetingStatus.SCHEDULED,
            "own_attendee": next(
                (a for a in meeting.attendees.all() if a.user_id == request.user.pk), None
            ),
        },
    )


@role_permission_required(roles.WORK_CASES)
def minutes_pdf(request, meeting_id: int):
    meeting = meeting_get_for_user(user=request.user, meeting_id=meeting_id, record_view=False)
    html = render_to_string(
        "meetings/minutes.html",
        {"meeting": meeting, "attendance": meeting_attendance(meeting), "user": request.user},
    )
    pdf = services.meeting_minutes_pdf(actor=request.user, meeting=meeting, html=html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="strategy-meeting-{meeting.pk}-minutes.pdf"'
    )
    return response
