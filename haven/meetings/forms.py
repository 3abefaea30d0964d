from datetime import datetime, time

from django import forms
from django.utils import timezone

from haven.accounts.models import Agency, Team
from haven.core.forms import GovukDateField, GovukForm, GovukTimeField
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.meetings.models import Attendance, InvitationStatus, RiskLevel
from haven.meetings.selectors import attendee_candidates
from haven.meetings.services import (
    DECISION_FIELDS,
    FINAL_ATTENDANCE,
    RISK_FIELDS,
    NamedAttendee,
)
from haven.people.forms import InlineRadios

YES_NO_UNDECIDED = [("", "Not decided"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _apologies_note(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long(label, FREE_TEXT_MAX)},
        **kwargs,
    )


def _text(label: str, max_length: int = 200) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": f"Enter their {label.lower()}",
            "max_length": too_long(label, max_length),
        },
    )


class ScheduleForm(GovukForm):
    service_field_names = {"scheduled_for": "date"}

    date = GovukDateField(
        label="Date", noun="date of the meeting", help_text="For example, 27 3 2026"
    )
    time = GovukTimeField(
        label="Time",
        initial=time(10, 0),
        error_messages={"required": "Enter the time of the meeting"},
    )
    location = forms.CharField(
        label="Place",
        max_length=300,
        required=False,
        error_messages={"max_length": too_long("Place", 300)},
    )
    # The model's URLField holds 200 characters.
    call_link = forms.URLField(
        label="Call link",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"max_length": too_long("Call link", 200)},
    )

    def scheduled_for(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class InvitationForm(GovukForm):
    invitation = forms.IntegerField(widget=forms.HiddenInput)
    invite = forms.TypedChoiceField(
        choices=[("yes", "Invite"), ("no", "Do not invite")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Invite?",
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True), required=False)
    reason = forms.CharField(
        label="Reason if not invited",
        required=False,
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Reason if not invited", FREE_TEXT_MAX)},
    )


class InformationForm(GovukForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    text = forms.CharField(
        label="Information shared",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Information shared", FREE_TEXT_MAX)},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            pk__in=meeting.invitations.filter(status=InvitationStatus.INVITED).values("agency")
        )


class OutcomeForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        for attendee in meeting.attendees.all():
            self.fields[f"attendance_{attendee.pk}"] = forms.ChoiceField(
                label=f"{attendee.name}, {attendee.organisation}",
                choices=[(a.value, a.label) for a in FINAL_ATTENDANCE],
                widget=InlineRadios,
                initial=attendee.attendance if attendee.attendance in FINAL_ATTENDANCE else None,
                error_messages={
                    "required": f"Say whether {attendee.name} attended, sent apologies or did "
                    "not attend"
                },
            )
            self.fields[f"apologies_note_{attendee.pk}"] = _apologies_note(
                f"Note with {attendee.name}'s apologies (optional)",
                initial=attendee.apologies_note,
            )
        for name in RISK_FIELDS:
            label = {"harm": "harm", "abduction": "abduction", "missing": "going missing"}[name]
            self.fields[f"{name}_risk"] = forms.ChoiceField(
                label=f"Risk of {label}", choices=RiskLevel.choices, widget=forms.RadioSelect
            )
            self.fields[f"{name}_rationale"] = forms.CharField(
                label=f"Why this rating (risk of {label})",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=FREE_TEXT_MAX,
                error_messages={
                    "max_length": too_long(f"Why this rating (risk of {label})", FREE_TEXT_MAX)
                },
            )
        labels = {
            "section_47_enquiry": "Section 47 child protection enquiry",
            "nrm_referral": "NRM referral",
            "accommodated": "Child accommodated by the local authority",
            "safety_plan": "Safety plan",
            "safe_house": "Safe house",
            "police_investigation": "Police investigation",
            "criminal_network": "A criminal network or gang is involved",
            "parents_or_carers_complicit": "Parents or carers thought complicit",
            "reunification_planned": "Reunification with family planned",
        }
        for name in DECISION_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=labels[name], choices=YES_NO_UNDECIDED, required=False
            )
        self.fields["placement_decision"] = forms.CharField(
            label="Placement decision",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=FREE_TEXT_MAX,
            error_messages={"max_length": too_long("Placement decision", FREE_TEXT_MAX)},
        )
        self.fields["decisions_note"] = forms.CharField(
            label="Other decisions and notes",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=FREE_TEXT_MAX,
            error_messages={"max_length": too_long("Other decisions and notes", FREE_TEXT_MAX)},
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "attendance": {
                attendee.pk: (
                    data[f"attendance_{attendee.pk}"],
                    data[f"apologies_note_{attendee.pk}"],
                )
                for attendee in self.meeting.attendees.all()
            },
            "ratings": {n: (data[f"{n}_risk"], data[f"{n}_rationale"]) for n in RISK_FIELDS},
            "decisions": {n: _yes_no(data[n]) for n in DECISION_FIELDS},
            "placement_decision": data["placement_decision"],
            "decisions_note": data["decisions_note"],
        }


class MeetingActionForm(GovukForm):
    title = forms.CharField(
        label="Action", max_length=200, error_messages={"max_length": too_long("Action", 200)}
    )
    team = forms.ModelChoiceField(
        label="Owner", queryset=Team.objects.select_related("agency").order_by("agency__name")
    )
    due = GovukDateField(label="Due date", noun="due date", help_text="For example, 27 3 2026")


class AttendeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.full_name}, {user.job_title or user.get_role_display()} – {user.agency.name}"


class _AttendeeForm(GovukForm):
    """What both ways of naming someone ask: have they sent apologies already? Both forms are on
    the meeting page at once, so each field's id names its form (``id_<step>_<field>``)."""

    step = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)

    apologies = forms.BooleanField(label="They have sent apologies", required=False)
    apologies_note = _apologies_note(
        "Note with the apologies (optional)", help_text="For example, sent a report"
    )

    def _attendance(self) -> dict:
        data = self.cleaned_data
        return {
            "attendance": Attendance.APOLOGIES if data["apologies"] else Attendance.EXPECTED,
            "apologies_note": data["apologies_note"],
        }


class AttendeeUserForm(_AttendeeForm):
    """Name a Haven user of an invited agency."""

    step = "attendee_user"
    service_field_names = {"attendance": "apologies"}

    user = AttendeeChoiceField(
        label="Name",
        help_text="People with a Haven account in the agencies invited",
        queryset=None,
        error_messages={
            "required": "Choose who is attending",
            "invalid_choice": "Choose who is attending",
        },
    )

    field_order = ["user", "apologies", "apologies_note"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = attendee_candidates(meeting=meeting)

    def named_attendee(self) -> NamedAttendee:
        return NamedAttendee(user=self.cleaned_data["user"], **self._attendance())


class AttendeeOtherForm(_AttendeeForm):
    """Name someone without a Haven account: an interpreter, a fostering agency's social
    worker from outside the partnership."""

    step = "attendee_other"
    service_field_names = {"attendance": "apologies"}

    name = _text("Full name")
    organisation = _text("Organisation")
    job_title = _text("Role or job title")

    field_order = ["name", "organisation", "job_title", "apologies", "apologies_note"]

    def named_attendee(self) -> NamedAttendee:
        data = self.cleaned_data
        return NamedAttendee(
            name=data["name"],
            organisation=data["organisation"],
            job_title=data["job_title"],
            **self._attendance(),
        )


class AttendeeRemoveForm(GovukForm):
    attendee = forms.IntegerField(widget=forms.HiddenInput)


class ApologiesForm(GovukForm):
    apologies_note = _apologies_note(
        "Note with your apologies (optional)", help_text="For example, sent a report"
    )
