"""Request and response shapes of the missing-episodes API (issue 12's contract). Serializers
check types and formats; what may be recorded, and by whom, stays in the services and the
workflow (an unknown choice is refused by the service in the page's words)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.core.api import (
    LocalDateTimeField,
    PlaceMentionedSerializer,
    id_field,
    phones_mentioned_field,
    places_mentioned_field,
    version_field,
)
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.missing.models import EpisodeStatus, InterviewResponse, MissingFrom, PoliceRiskLevel
from haven.missing.selectors import interview_due, interview_state
from haven.people.serializers import StrictInputSerializer, named_choice_field

MissingFromField = named_choice_field("MissingFrom", MissingFrom.choices)
PoliceRiskLevelField = named_choice_field("PoliceRiskLevel", PoliceRiskLevel.choices)
EpisodeStatusField = named_choice_field("EpisodeStatus", EpisodeStatus.choices)
InterviewResponseField = named_choice_field("InterviewResponse", InterviewResponse.choices)


def _text(name: str, max_length: int = 200, **kwargs):
    return serializers.CharField(
        max_length=max_length,
        allow_blank=True,
        default="",
        error_messages={"max_length": too_long(name, max_length)},
        **kwargs,
    )


def _long_text(name: str):
    return _text(name, FREE_TEXT_MAX)


class EpisodeReportSerializer(StrictInputSerializer):
    person_id = id_field("The person id")
    reported_missing_at = serializers.DateTimeField()
    # Unknown values are the service's to refuse, in the page's words.
    missing_from = serializers.CharField(max_length=40)
    looked_after = serializers.BooleanField()
    reported_to_police_at = serializers.DateTimeField(allow_null=True, default=None)
    police_reference = _text("The police reference", 50)
    police_risk_level = serializers.CharField(max_length=40, allow_blank=True, default="")
    last_seen_at = serializers.DateTimeField(allow_null=True, default=None)
    last_seen_place = _text("Where last seen")
    last_seen_with = _text("Who the child was last seen with")
    clothing = _long_text("Clothing")
    home_area = serializers.CharField(
        max_length=40,
        allow_blank=True,
        default="",
        help_text="Only for a child with no open case: the area whose front door receives the "
        "concern (default: your agency's area).",
    )


class EpisodePoliceSerializer(StrictInputSerializer):
    version = version_field()
    reported_to_police_at = serializers.DateTimeField(allow_null=True, default=None)
    police_reference = _text("The police reference", 50)
    police_risk_level = serializers.CharField(max_length=40, allow_blank=True, default="")


class EpisodeReturnSerializer(StrictInputSerializer):
    returned_at = serializers.DateTimeField()
    found_at_address = _text("The address")
    found_at_postcode = _text("The postcode", 10)
    found_with = _text("Who the child was found with")
    collected_by = _text("Who collected the child")
    collected_in_vehicle = _text("The registration mark of the vehicle they were collected in", 10)
    how_returned = _text("How the child returned")
    injuries_or_concerns = _long_text("Injuries or concerns")
    safe_and_well_check_at = serializers.DateTimeField(allow_null=True, default=None)
    safe_and_well_check_by = _text("Who did the safe and well check")
    version = version_field(
        required=False, help_text="The episode's version, if you read it (409 if it changed)."
    )


class InterviewInputSerializer(StrictInputSerializer):
    offered_at = serializers.DateTimeField()
    offered_by_me = serializers.BooleanField(
        help_text="You offered it yourself; otherwise give offered_by_name and organisation."
    )
    offered_by_name = _text("The name")
    offered_by_organisation = _text("The organisation")
    independent_of_placement = serializers.BooleanField()
    response = serializers.CharField(max_length=20)
    declined_reason = _long_text("The reason")
    another_offer_to_follow = serializers.BooleanField(allow_null=True, default=None)
    held_at = serializers.DateTimeField(allow_null=True, default=None)
    held_by = _text("Who held the interview")
    childs_account = _long_text("The child's account")
    why_they_went = _long_text("Why they went")
    push_factors = _long_text("Push factors")
    pull_factors = _long_text("Pull factors")
    harm_not_disclosed_at_safe_and_well_check = _long_text("Harm not disclosed")
    what_would_help = _long_text("What would help")
    staying_safe_information_given = serializers.BooleanField(default=False)
    disclosure = _long_text("The disclosure")
    disclosure_indicator_codes = serializers.ListField(
        child=serializers.CharField(max_length=60),
        max_length=30,
        default=list,
        help_text="Indicators of the disclosure (DOMAIN §3 codes): a new concern is raised.",
    )
    places_mentioned = places_mentioned_field()
    phones_mentioned = phones_mentioned_field()


class InterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offered_at = LocalDateTimeField()
    offered_by_name = serializers.CharField()
    offered_by_organisation = serializers.CharField()
    independent_of_placement = serializers.BooleanField()
    response = InterviewResponseField()
    declined_reason = serializers.CharField()
    another_offer_to_follow = serializers.BooleanField(allow_null=True)
    held_at = LocalDateTimeField(allow_null=True)
    held_by = serializers.CharField()
    childs_account = serializers.CharField()
    why_they_went = serializers.CharField()
    push_factors = serializers.CharField()
    pull_factors = serializers.CharField()
    harm_not_disclosed_at_safe_and_well_check = serializers.CharField()
    what_would_help = serializers.CharField()
    staying_safe_information_given = serializers.BooleanField()
    places_mentioned = PlaceMentionedSerializer(many=True)
    phones_mentioned = serializers.ListField(child=serializers.CharField())
    disclosure = serializers.CharField()
    disclosure_concern_id = serializers.IntegerField(allow_null=True)


class EpisodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    case_id = serializers.SerializerMethodField()
    concern_id = serializers.IntegerField(allow_null=True)
    status = EpisodeStatusField()
    version = serializers.IntegerField()
    reported_missing_at = LocalDateTimeField()
    reported_by_agency = serializers.CharField(source="reported_by_agency.name")
    missing_from = MissingFromField()
    looked_after = serializers.BooleanField()
    reported_to_police_at = LocalDateTimeField(allow_null=True)
    police_reference = serializers.CharField()
    police_risk_level = serializers.CharField()
    last_seen_at = LocalDateTimeField(allow_null=True)
    last_seen_place = serializers.CharField()
    last_seen_with = serializers.CharField()
    clothing = serializers.CharField()
    returned_at = LocalDateTimeField(allow_null=True)
    found_at_address = serializers.CharField()
    found_at_postcode = serializers.CharField()
    found_with = serializers.CharField()
    collected_by = serializers.CharField()
    collected_in_vehicle = serializers.CharField()
    how_returned = serializers.CharField()
    injuries_or_concerns = serializers.CharField()
    safe_and_well_check_at = LocalDateTimeField(allow_null=True)
    safe_and_well_check_by = serializers.CharField()
    return_interview_due_by = serializers.SerializerMethodField()
    return_interview_clock = serializers.SerializerMethodField()
    interviews = InterviewSerializer(many=True, source="interviews.all")
    links = serializers.SerializerMethodField()

    def get_case_id(self, episode) -> int | None:
        if episode.case_id is not None:
            return episode.case_id
        return episode.concern.case_id if episode.concern_id else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_return_interview_due_by(self, episode):
        due = interview_due(episode)
        return LocalDateTimeField().to_representation(due)

    @extend_schema_field({"type": "string", "enum": ["not_started", "due", "met", "late"]})
    def get_return_interview_clock(self, episode) -> str:
        return interview_state(episode).value

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_links(self, episode) -> dict:
        return {
            "self": reverse("api-missing-episode", args=[episode.pk]),
            "return": reverse("api-missing-episode-return", args=[episode.pk]),
            "return_interview": reverse("api-missing-episode-interview", args=[episode.pk]),
        }
