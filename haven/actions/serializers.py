"""Request and response shapes of the tasks API.

Serializers check types and formats; who may see or work a task stays in
``haven.actions.selectors`` and ``services``.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.actions.models import TaskStatus
from haven.actions.selectors import OWNER_ME, OWNER_NONE, clock_state
from haven.core.api import LocalDateTimeField
from haven.core.limits import FREE_TEXT_MAX, ID_MAX, VERSION_MAX, not_an_id, too_large, too_long
from haven.people.serializers import StrictInputSerializer, UserRefSerializer, named_choice_field

TaskStatusField = named_choice_field("TaskStatus", TaskStatus.choices)
CLOCK_STATES = ["overdue", "due_soon", "on_time", "no_clock", "closed"]
TaskClockField = named_choice_field("TaskClock", [(state, state) for state in CLOCK_STATES])
TEAM_FILTERS = [("mine", "mine")]
OWNER_FILTERS = [(OWNER_ME, OWNER_ME), (OWNER_NONE, OWNER_NONE)]


class TaskListQuerySerializer(serializers.Serializer):
    team = serializers.ChoiceField(
        choices=TEAM_FILTERS,
        default="mine",
        help_text='Whose tasks: "mine", your team\'s (the only list there is, as on the task '
        "list page).",
        error_messages={"invalid_choice": 'Only your own team\'s tasks can be listed: "mine".'},
    )
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only tasks whose due time has passed; false: only the others (due "
        "later, or with no clock). Leave it out for all.",
    )
    owner = serializers.ChoiceField(
        choices=OWNER_FILTERS,
        required=False,
        allow_null=True,
        default=None,
        help_text='"me": only the tasks assigned to you; "none": only those not assigned to '
        "anyone. Leave it out for all your team's tasks.",
        error_messages={"invalid_choice": 'Choose "me" or "none", or leave owner out.'},
    )


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="The required action's code (DOMAIN §4).")
    title = serializers.CharField()
    status = TaskStatusField()
    owner_team = serializers.CharField(source="team.name", help_text="The owning team's name.")
    owner_team_id = serializers.IntegerField(source="team_id")
    owner = UserRefSerializer(
        allow_null=True,
        help_text="The person in the owning team the task is assigned to; null when nobody is.",
    )
    lead = serializers.CharField(help_text="Who leads, as a DOMAIN §4 lead code.")
    due_by = LocalDateTimeField(
        source="due_at",
        allow_null=True,
        help_text="The task's due time, ISO 8601 in UK time with its offset, e.g. "
        '"2026-12-04T17:00:00+00:00"; null when the task has no clock (see due_note).',
    )
    due_note = serializers.CharField(help_text="When it is due, for a task without a clock.")
    clock = serializers.SerializerMethodField()
    reason = serializers.CharField(help_text="Why the strategy requires it.")
    case_id = serializers.IntegerField(allow_null=True)
    person_id = serializers.IntegerField(help_text="Who it is for (another child, for some).")
    completed_at = LocalDateTimeField(allow_null=True)
    completion_note = serializers.CharField(help_text="The evidence recorded on completion.")
    version = serializers.IntegerField(help_text="Send it back to complete the task.")

    @extend_schema_field(TaskClockField())
    def get_clock(self, task) -> str:
        return clock_state(task)


class TaskCompleteInputSerializer(StrictInputSerializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        help_text="Required: the task version you read. If someone has changed the task since, "
        "the answer is 409 and nothing is saved.",
    )
    note = serializers.CharField(
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("What was done", FREE_TEXT_MAX)},
        help_text="What was done: the evidence (who did what and when, e.g. 'NRM referral "
        "submitted, ref 123'), at least 5 characters.",
    )


class TaskAssignInputSerializer(StrictInputSerializer):
    owner = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        allow_null=True,
        error_messages={"min_value": not_an_id("The owner"), "max_value": not_an_id("The owner")},
        help_text="Required: the user id of a practitioner or manager of the owning team, or "
        "null to hand the task back to the team. A manager of the team assigns anyone; anyone "
        "in the team takes a task nobody owns (their own id); its owner hands it back (null).",
    )
    version = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        help_text="Required: the task version you read. If someone has changed the task since "
        "(taken it first, say), the answer is 409 and nothing is saved.",
    )
