"""Request and response shapes of the strategy meetings API.

Serializers check types and formats, as the pages' forms do; who may see or run a meeting and
the meeting rules stay in ``haven.meetings.selectors`` and ``services``.
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.actions.serializers import TaskSerializer
from haven.core.api import BoundedListField, LocalDateTimeField
from haven.core.limits import (
    FREE_TEXT_MAX,
    ID_MAX,
    VERSION_MAX,
    not_an_id,
    too_large,
    too_long,
    too_many,
)
from haven.meetings.models import (
    Attendance,
    Attendee,
    InvitationStatus,
    MeetingStatus,
    RiskLevel,
)
from haven.meetings.services import (
    DECISION_FIELDS,
    FINAL_ATTENDANCE,
    RISK_FIELDS,
    NamedAttendee,
)
from haven.people.serializers import (
    AgencyRefSerializer,
    StrictInputSerializer,
    UserRefSerializer,
    named_choice_field,
)

MeetingStatusField = named_choice_field("MeetingStatus", MeetingStatus.choices)
RiskLevelField = named_choice_field("RiskLevel", RiskLevel.choices)
AttendeeField = named_choice_field("Attendee", Attendee.choices)
InvitationStatusField = named_choice_field("InvitationStatus", InvitationStatus.choices)
AttendanceField = named_choice_field("Attendance", Attendance.choices)
OutcomeAttendanceField = named_choice_field(
    "OutcomeAttendance", [(a.value, a.label) for a in FINAL_ATTENDANCE]
)

# One invitation per attendee role at most (meeting_schedule invites the suggested attendees).
ATTENDED_MAX = len(Attendee.values)
# People named at one meeting: several may come for each agency.
ATTENDEES_MAX = 50
# The model's name, organisation and job title fields.
ATTENDEE_TEXT_MAX = 200
LOCATION_MAX = 300
# The model's URLField holds 200 characters.
CALL_LINK_MAX = 200
RISK_LABELS = {"harm": "harm", "abduction": "abduction", "missing": "going missing"}
DECISION_LABELS = {
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


def _free_text(noun: str, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long(noun, FREE_TEXT_MAX)},
        **kwargs,
    )


def _rationale(risk: str) -> serializers.CharField:
    noun = f"Why this rating (risk of {RISK_LABELS[risk]})"
    return _free_text(noun, help_text=f"{noun}, at least 5 characters.")


def _decision(name: str) -> serializers.BooleanField:
    return serializers.BooleanField(
        allow_null=True,
        default=None,
        help_text=f"{DECISION_LABELS[name]}: true (yes), false (no) or null (not decided).",
    )


def _attendee_text(noun: str, help_text: str) -> serializers.CharField:
    return serializers.CharField(
        max_length=ATTENDEE_TEXT_MAX,
        error_messages={"max_length": too_long(noun, ATTENDEE_TEXT_MAX)},
        required=False,
        help_text=help_text,
    )


# ---------------------------------------------------------------------------------------------
# Input


class MeetingScheduleInputSerializer(StrictInputSerializer):
    """The schedule page's fields: a date and a time in UK time, a place and/or a call link."""

    date = serializers.DateField(help_text="The meeting's date (YYYY-MM-DD), UK time.")
    time = serializers.TimeField(
        default=dt.time(10, 0),
        help_text="The meeting's start (HH:MM), UK time; 10:00 if left out, as on the page.",
    )
    location = serializers.CharField(
        max_length=LOCATION_MAX,
        error_messages={"max_length": too_long("Place", LOCATION_MAX)},
        allow_blank=True,
        default="",
        help_text="Where it is held. Give a place or a call link.",
    )
    call_link = serializers.URLField(
        max_length=CALL_LINK_MAX,
        error_messages={"max_length": too_long("Call link", CALL_LINK_MAX)},
        allow_blank=True,
        default="",
        help_text="A link to join the call (https://...).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        day, start = attrs.pop("date"), attrs.pop("time")
        scheduled_for = timezone.make_aware(dt.datetime.combine(day, start))
        return {**attrs, "scheduled_for": scheduled_for}


class AttendeeInputSerializer(StrictInputSerializer):
    """One person at the meeting and whether they came. Give exactly one of: ``id`` (someone
    named already: the meeting's ``attendees``), ``user_id`` (a Haven user of an invited
    agency, named now) or ``name``, ``organisation`` and ``job_title`` (someone without a
    Haven account, named now)."""

    id = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        error_messages={
            "min_value": not_an_id("An attendee id"),
            "max_value": not_an_id("An attendee id"),
        },
        help_text="Someone named at the meeting already (an id of its `attendees`).",
    )
    user_id = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        error_messages={
            "min_value": not_an_id("A user id"),
            "max_value": not_an_id("A user id"),
        },
        help_text="A Haven user of an agency invited to the meeting (active), to name now.",
    )
    name = _attendee_text("Full name", "Someone without a Haven account: their full name.")
    organisation = _attendee_text("Organisation", "The organisation they work for.")
    job_title = _attendee_text("Role or job title", "Their role or job title.")
    attendance = OutcomeAttendanceField(
        help_text="attended, apologies (sent apologies) or absent (did not attend)."
    )
    apologies_note = _free_text(
        "Note with the apologies",
        allow_blank=True,
        default="",
        help_text='With apologies only: e.g. "sent a report".',
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        typed = any(key in attrs for key in ("name", "organisation", "job_title"))
        if [key in attrs for key in ("id", "user_id")].count(True) + typed != 1:
            raise serializers.ValidationError(
                "Give id (someone named already), user_id (a Haven user) or name, organisation "
                "and job_title (someone without a Haven account)."
            )
        return attrs


class MeetingOutcomeInputSerializer(StrictInputSerializer):
    """The outcome form of the meeting page. Pass the meeting in the context (``meeting``):
    ``attended`` may name only its invited attendees, as the page offers only those."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        help_text="Required: the meeting version you read. If someone has changed the meeting "
        "since, the answer is 409 and nothing is saved.",
    )
    attended = BoundedListField(
        child=serializers.IntegerField(
            min_value=1,
            max_value=ID_MAX,
            error_messages={
                "min_value": not_an_id("An invitation id"),
                "max_value": not_an_id("An invitation id"),
            },
        ),
        default=list,
        max_length=ATTENDED_MAX,
        message=too_many(ATTENDED_MAX, "invitations"),
        help_text="The ids of the invited agencies (the meeting's `invitations` with status "
        "`invited` and an agency) that attended, whether or not anyone from them is named; "
        "an invited agency that is not given here and from which no one named attended is "
        "recorded as not attending. Kept for clients written before `attendees`.",
    )
    attendees = BoundedListField(
        child=AttendeeInputSerializer(),
        default=list,
        max_length=ATTENDEES_MAX,
        message=too_many(ATTENDEES_MAX, "attendees"),
        help_text="The people at the meeting, as on the page: for everyone named already whose "
        "attendance is still `expected`, whether they attended, sent apologies or did not "
        "attend (the outcome is refused otherwise), and anyone else to name. An invited agency "
        "attended when someone named from it attended (or its invitation is in `attended`).",
    )
    harm_risk = RiskLevelField(help_text="Risk of harm.")
    harm_rationale = _rationale("harm")
    abduction_risk = RiskLevelField(help_text="Risk of abduction.")
    abduction_rationale = _rationale("abduction")
    missing_risk = RiskLevelField(help_text="Risk of going missing.")
    missing_rationale = _rationale("missing")
    section_47_enquiry = _decision("section_47_enquiry")
    nrm_referral = _decision("nrm_referral")
    accommodated = _decision("accommodated")
    safety_plan = _decision("safety_plan")
    safe_house = _decision("safe_house")
    police_investigation = _decision("police_investigation")
    criminal_network = _decision("criminal_network")
    parents_or_carers_complicit = _decision("parents_or_carers_complicit")
    reunification_planned = _decision("reunification_planned")
    placement_decision = _free_text("Placement decision", allow_blank=True, default="")
    decisions_note = _free_text("Other decisions and notes", allow_blank=True, default="")

    def _invited_ids(self) -> set[int]:
        meeting = self.context["meeting"]
        return {
            invitation.pk
            for invitation in meeting.invitations.all()
            if invitation.agency_id and invitation.status == InvitationStatus.INVITED
        }

    def validate_attended(self, value: list[int]) -> list[int]:
        unknown = sorted(set(value) - self._invited_ids())
        if unknown:
            raise serializers.ValidationError(
                "Give only invited attendees of this meeting (its invitations with status "
                f"invited): not {', '.join(str(pk) for pk in unknown[:10])}."
            )
        return value

    def validate_attendees(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = {item["user_id"] for item in value if "user_id" in item}
        users = get_user_model().objects.in_bulk(ids)
        unknown = sorted(ids - set(users))
        if unknown:
            raise serializers.ValidationError(
                f"No Haven user has the id {', '.join(str(pk) for pk in unknown[:10])}."
            )
        return [{**item, "user": users.get(item.get("user_id"))} for item in value]

    def service_arguments(self) -> dict[str, Any]:
        """``meeting_record_outcome``'s arguments, as the page's ``OutcomeForm`` builds them."""
        data = self.validated_data
        attended = set(data["attended"])
        known = [item for item in data["attendees"] if "id" in item]
        new = [item for item in data["attendees"] if "id" not in item]
        return {
            "expected_version": data["version"],
            "attended": {pk: pk in attended for pk in self._invited_ids()},
            "attendance": {
                item["id"]: (item["attendance"], item["apologies_note"]) for item in known
            },
            "new_attendees": [
                NamedAttendee(
                    user=item["user"],
                    name=item.get("name", ""),
                    organisation=item.get("organisation", ""),
                    job_title=item.get("job_title", ""),
                    attendance=item["attendance"],
                    apologies_note=item["apologies_note"],
                )
                for item in new
            ],
            "ratings": {n: (data[f"{n}_risk"], data[f"{n}_rationale"]) for n in RISK_FIELDS},
            "decisions": {n: data[n] for n in DECISION_FIELDS},
            "placement_decision": data["placement_decision"],
            "decisions_note": data["decisions_note"],
        }


# ---------------------------------------------------------------------------------------------
# Output


class MeetingLinksSerializer(serializers.Serializer):
    self = serializers.CharField()
    outcome = serializers.CharField(
        allow_null=True, help_text="Where the chair records the outcome, while scheduled."
    )
    case = serializers.CharField()


class MeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    scheduled_for = LocalDateTimeField(help_text="ISO 8601 in UK time, with its offset.")
    status = MeetingStatusField()
    location = serializers.CharField()
    call_link = serializers.CharField()
    held_at = LocalDateTimeField(allow_null=True)
    harm_risk = serializers.CharField(help_text='low, medium, high; "" until held.')
    abduction_risk = serializers.CharField(help_text='low, medium, high; "" until held.')
    missing_risk = serializers.CharField(help_text='low, medium, high; "" until held.')
    version = serializers.IntegerField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(MeetingLinksSerializer)
    def get_links(self, meeting) -> dict[str, Any]:
        scheduled = meeting.status == MeetingStatus.SCHEDULED
        return {
            "self": reverse("api-meeting-detail", args=[meeting.pk]),
            "outcome": reverse("api-meeting-outcome", args=[meeting.pk]) if scheduled else None,
            "case": reverse("api-case-detail", args=[meeting.case_id]),
        }


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    attendee_role = AttendeeField()
    agency = AgencyRefSerializer(allow_null=True)
    status = InvitationStatusField()
    reason_not_invited = serializers.CharField()
    attended = serializers.BooleanField(allow_null=True)


class MeetingAttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = UserRefSerializer(
        allow_null=True, help_text="The Haven user; null for someone without a Haven account."
    )
    agency = AgencyRefSerializer(
        allow_null=True, help_text="A Haven user's agency (the invitation they answer)."
    )
    name = serializers.CharField()
    organisation = serializers.CharField(help_text="The agency's name for a Haven user.")
    job_title = serializers.CharField(help_text="Role or job title, as at the meeting.")
    attendance = AttendanceField(
        help_text="expected (before the meeting), attended, apologies or absent."
    )
    apologies_note = serializers.CharField()


class InformationSharedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = AgencyRefSerializer()
    text = serializers.CharField()
    recorded_at = LocalDateTimeField()


class MeetingSerializer(MeetingSummarySerializer):
    """A meeting as its page shows it, from ``meeting_get_for_user``."""

    chair = UserRefSerializer()
    harm_rationale = serializers.CharField()
    abduction_rationale = serializers.CharField()
    missing_rationale = serializers.CharField()
    section_47_enquiry = serializers.BooleanField(allow_null=True)
    nrm_referral = serializers.BooleanField(allow_null=True)
    accommodated = serializers.BooleanField(allow_null=True)
    safety_plan = serializers.BooleanField(allow_null=True)
    safe_house = serializers.BooleanField(allow_null=True)
    police_investigation = serializers.BooleanField(allow_null=True)
    criminal_network = serializers.BooleanField(allow_null=True)
    parents_or_carers_complicit = serializers.BooleanField(allow_null=True)
    reunification_planned = serializers.BooleanField(allow_null=True)
    placement_decision = serializers.CharField()
    decisions_note = serializers.CharField()
    invitations = InvitationSerializer(many=True, source="invitations.all")
    attendees = MeetingAttendeeSerializer(
        many=True,
        source="attendees.all",
        help_text="The people named at the meeting, with their attendance and apologies. An "
        "invited agency with no one attending and no apologies did not attend "
        "(its invitation's `attended` is false once the meeting is held).",
    )
    information_shared = InformationSharedSerializer(many=True, source="information_shared.all")
    actions = TaskSerializer(
        many=True, source="tasks.all", help_text="Actions agreed at the meeting, with owners."
    )
