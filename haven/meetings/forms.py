from datetime import datetime, time

from django import forms
from django.utils import timezone

from haven.accounts.models import Agency, Team
from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.meetings.models import InvitationStatus, RiskLevel
from haven.meetings.services import DECISION_FIELDS, RISK_FIELDS

YES_NO_UNDECIDED = [("", "Not decided"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ScheduleForm(GovukForm):
    service_field_names = {"scheduled_for": "date"}

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), initial=time(10, 0))
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
        for invitation in meeting.invitations.all():
            if invitation.agency_id and invitation.status == InvitationStatus.INVITED:
                self.fields[f"attended_{invitation.pk}"] = forms.BooleanField(
                    label=f"{invitation.agency.name} attended", required=False
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
            "attended": {
                int(name.removeprefix("attended_")): value
                for name, value in data.items()
                if name.startswith("attended_")
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
    due = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}))
