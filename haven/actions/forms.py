from django import forms

from haven.actions.selectors import OWNER_ME, OWNER_NONE
from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long


class VersionedForm(GovukForm):
    """Only the version read (taking a task, handing it back): the action says the rest."""

    version = forms.IntegerField(widget=forms.HiddenInput)


NO_ONE = "no_one"


class TaskAssignForm(VersionedForm):
    """A manager gives the task to someone in the owning team, or to no one."""

    owner = forms.TypedChoiceField(
        label="Assign to",
        coerce=lambda value: None if value == NO_ONE else int(value),
        error_messages={"required": "Select who to assign the task to"},
    )

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", "Select a person"),
            *((str(user.pk), user.full_name) for user in assignees),
            (NO_ONE, "No one: back to the team's unassigned tasks"),
        ]


class TaskListFilterForm(GovukForm):
    owner = forms.ChoiceField(
        label="Show",
        choices=[
            ("", "All your team's open tasks"),
            (OWNER_ME, "Tasks assigned to you"),
            (OWNER_NONE, "Tasks not assigned to anyone"),
        ],
        required=False,
    )


class TaskCompleteForm(VersionedForm):
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("What was done", FREE_TEXT_MAX)},
        help_text="The evidence: who did what and when, e.g. 'NRM referral submitted, ref 123'.",
    )


class TaskNotNeededForm(VersionedForm):
    reason = forms.CharField(
        label="Why this action is not needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Why this action is not needed", FREE_TEXT_MAX)},
        help_text="A manager must approve before the task closes.",
    )


class TaskDecisionForm(VersionedForm):
    approve = forms.TypedChoiceField(
        label="Do you approve closing this task as not needed?",
        choices=[("yes", "Yes, close it"), ("no", "No, it stays open")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class OutboundNotificationForm(GovukForm):
    area_name = forms.CharField(
        label="Area told", max_length=100, error_messages={"max_length": too_long("Area told", 100)}
    )
    contact_details = forms.CharField(
        label="Who was told, and how to reach them",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={
            "max_length": too_long("Who was told, and how to reach them", FREE_TEXT_MAX)
        },
        help_text="The police force and children's social care contacts, with times.",
    )


class ReunificationForm(GovukForm):
    note = forms.CharField(
        label="Reunification details",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Reunification details", FREE_TEXT_MAX)},
        help_text="Who the child is returning to, when, and the safety plan in place.",
    )
