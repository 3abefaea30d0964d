"""The strategy's API shapes: training records and results, action plans. Parse and present
only; the services check."""

from rest_framework import serializers

from haven.accounts.models import Agency, User
from haven.accounts.roles import Role
from haven.core.areas import Area
from haven.strategy.models import PLAN_AREAS, Priority, Rag, Stage


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    statements = StatementSerializer(many=True, source="statements.all")


class CourseInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    statements = serializers.ListField(
        child=serializers.CharField(max_length=300), max_length=20, help_text="2 to 10."
    )


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    held_on = serializers.DateField()
    area = serializers.CharField()
    venue = serializers.CharField()
    trainer = serializers.CharField()


class SessionInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    area = serializers.ChoiceField(choices=Area.choices)
    venue = serializers.CharField(max_length=200)
    trainer = serializers.CharField(max_length=200)


class TrainingAttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    agency = serializers.IntegerField(source="agency_id")
    agency_type = serializers.CharField(source="agency.agency_type")
    job_role = serializers.CharField()
    user = serializers.IntegerField(source="user_id", allow_null=True)
    answered_before = serializers.BooleanField(required=False)
    answered_after = serializers.BooleanField(required=False)


class TrainingAttendeeInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="A Haven user who attended: their name, agency and job title are used "
        "unless given.",
    )
    full_name = serializers.CharField(max_length=200, required=False, default="")
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False
    )
    job_role = serializers.CharField(max_length=200, required=False, default="")


class SelfAssessmentInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    scores = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Each statement's id (as a string) to its score, 1 to 5; every statement of "
        "the course.",
    )

    def validate_scores(self, scores):
        try:
            return {int(key): value for key, value in scores.items()}
        except ValueError:
            raise serializers.ValidationError("Each key must be a statement's id") from None


class ResultsQuerySerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=PLAN_AREAS, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def to_internal_value(self, data):
        # The query says from and to, as the dashboard's does.
        renamed = {
            "area": data.get("area"),
            "date_from": data.get("from"),
            "date_to": data.get("to"),
        }
        return super().to_internal_value({k: v for k, v in renamed.items() if v})


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.CharField()
    title = serializers.CharField()
    owner = serializers.CharField(source="owner.full_name")
    action_count = serializers.IntegerField()
    overdue_count = serializers.IntegerField()


class PlanInputSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=PLAN_AREAS)
    title = serializers.CharField(max_length=200)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    priority = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.CharField(source="owner_name")
    owner_user = serializers.IntegerField(source="owner_user_id", allow_null=True)
    owner_agency = serializers.IntegerField(source="owner_agency_id", allow_null=True)
    owner_role = serializers.CharField()
    due_on = serializers.DateField()
    rag = serializers.CharField()
    overdue = serializers.BooleanField()


class PlanDetailSerializer(PlanSerializer):
    actions = ActionSerializer(many=True, source="actions_shown")


class ActionInputSerializer(serializers.Serializer):
    priority = serializers.ChoiceField(choices=Priority.choices)
    description = serializers.CharField(max_length=500)
    due_on = serializers.DateField()
    owner_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    owner_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False, allow_null=True
    )
    owner_role = serializers.ChoiceField(choices=Role.choices, required=False, default="")
    rag = serializers.ChoiceField(choices=Rag.choices, required=False, default=Rag.AMBER)


class ProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    written_on = serializers.DateField()
    note = serializers.CharField()
    rag = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")


class ProgressInputSerializer(serializers.Serializer):
    written_on = serializers.DateField()
    note = serializers.CharField(max_length=2000)
    rag = serializers.ChoiceField(choices=Rag.choices)
