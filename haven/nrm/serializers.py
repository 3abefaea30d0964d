"""Request and response shapes of the NRM API. Serializers check types and formats; the form's
rules (dates, lengths, at least one type, consent, anonymity) are the services'."""

from rest_framework import serializers

from haven.core.limits import FREE_TEXT_MAX, NAME_MAX
from haven.nrm.models import GuardianSupport, NrmGender, YesNoNotSure
from haven.nrm.rules import ExploitationType, FormExploitationType, NrmState, UnderAge
from haven.people.serializers import (
    StrictInputSerializer,
    UserRefSerializer,
    named_choice_field,
)

NrmStateField = named_choice_field("NrmState", NrmState.choices)
UnderAgeField = named_choice_field("NrmUnderAge", UnderAge.choices)
YesNoNotSureField = named_choice_field("NrmYesNoNotSure", YesNoNotSure.choices, blank=True)
NrmGenderField = named_choice_field("NrmGender", NrmGender.choices)
FormTypeField = named_choice_field("NrmFormExploitationType", FormExploitationType.choices)
ExploitationTypeField = named_choice_field("ExploitationType", ExploitationType.choices)


def _text(**kwargs):
    # Over-long text is the service's to refuse, with the form's words.
    return serializers.CharField(allow_blank=True, **kwargs)


class ReferralAnswersSerializer(StrictInputSerializer):
    """The referral's answers; on create all optional (prefilled from the case)."""

    under_age = UnderAgeField(required=False)
    under_age_at_time_of_exploitation = YesNoNotSureField(allow_blank=True, required=False)
    local_authority_name = _text(max_length=200, required=False)
    local_authority_phone = _text(max_length=30, required=False)
    local_authority_email = serializers.EmailField(allow_blank=True, required=False)
    local_authority_contact = _text(max_length=200, required=False)
    adult_consents = serializers.BooleanField(allow_null=True, required=False)
    given_name = _text(max_length=NAME_MAX, required=False)
    family_name = _text(max_length=NAME_MAX, required=False)
    nickname = _text(max_length=200, required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)
    gender = NrmGenderField(required=False)
    nationality = _text(max_length=60, required=False)
    nationality_second = _text(max_length=60, required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    interpreter_language = _text(max_length=60, required=False)
    person_home_office_reference = _text(max_length=60, required=False)
    background = _text(required=False)
    what_happened = _text(required=False)
    when_it_happened = _text(required=False)
    how_it_started = _text(required=False)
    still_in_situation = YesNoNotSureField(allow_blank=True, required=False)
    last_contact_with_exploiters = _text(required=False)
    indicators_seen = _text(required=False)
    locations_uk = _text(required=False)
    locations_overseas = _text(required=False)
    current_location_uk_city = _text(max_length=100, required=False)
    who_exploited = _text(required=False)
    exploitation_types = serializers.ListField(
        child=FormTypeField(), max_length=len(FormExploitationType), required=False
    )
    other_exploitation_details = _text(required=False)
    other_potential_victims = YesNoNotSureField(allow_blank=True, required=False)
    other_potential_victims_details = _text(required=False)
    reported_to_police = serializers.BooleanField(allow_null=True, required=False)
    police_force = _text(max_length=100, required=False)
    crime_reference = _text(max_length=60, required=False)
    responder_name = _text(max_length=200, required=False)
    responder_role = _text(max_length=200, required=False)
    responder_phone = _text(max_length=30, required=False)
    responder_email = serializers.EmailField(allow_blank=True, required=False)


class ReferralUpdateSerializer(ReferralAnswersSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")


class SubmitSerializer(StrictInputSerializer):
    submitted_on = serializers.DateField(allow_null=True)
    home_office_reference = serializers.CharField(max_length=60, allow_blank=True)


class DecisionInputSerializer(StrictInputSerializer):
    decision = NrmStateField()
    decided_on = serializers.DateField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    decision = NrmStateField()
    decided_on = serializers.DateField()
    working_days_from_submission = serializers.IntegerField(allow_null=True)
    recorded_by = UserRefSerializer()


class ClockSerializer(serializers.Serializer):
    reasonable_grounds_due = serializers.DateField(allow_null=True, source="due")
    reasonable_grounds_overdue = serializers.BooleanField(source="overdue")
    working_days_since_submission = serializers.IntegerField(
        allow_null=True, source="working_days_so_far"
    )


class ReferralSerializer(ReferralAnswersSerializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    version = serializers.IntegerField()
    state = NrmStateField()
    submitted_on = serializers.DateField(allow_null=True)
    home_office_reference = serializers.CharField()
    decisions = DecisionSerializer(many=True)
    clock = serializers.SerializerMethodField()
    may_submit = serializers.SerializerMethodField(
        help_text="Whether the caller may submit it and record decisions (a First Responder)."
    )
    why_not = serializers.SerializerMethodField(
        help_text="Why the caller may not submit it, naming who can; empty when they may."
    )

    def get_clock(self, referral) -> dict:
        return ClockSerializer(self.context["clock"]).data

    def get_may_submit(self, referral) -> bool:
        return not self.context["refusal"]

    def get_why_not(self, referral) -> str:
        return self.context["refusal"] or ""


class DutyToNotifyInputSerializer(StrictInputSerializer):
    gender = NrmGenderField()
    nationality = serializers.CharField(max_length=60, allow_blank=True, default="")
    exploitation_types = serializers.ListField(
        child=ExploitationTypeField(), max_length=len(ExploitationType)
    )
    what_happened = serializers.CharField(
        allow_blank=True, default="", help_text=f"At most {FREE_TEXT_MAX:,} characters."
    )
    cooperates_with_police = serializers.BooleanField()
    given_name = serializers.CharField(
        max_length=NAME_MAX, required=False, help_text="Only if the adult cooperates."
    )
    family_name = serializers.CharField(
        max_length=NAME_MAX, required=False, help_text="Only if the adult cooperates."
    )
    date_of_birth = serializers.DateField(required=False, help_text="Only if the adult cooperates.")


class DutyToNotifySerializer(serializers.Serializer):
    """No name or date of birth unless the adult agreed to cooperate with the police."""

    id = serializers.IntegerField()
    state = NrmStateField()
    gender = NrmGenderField()
    nationality = serializers.CharField()
    exploitation_types = serializers.ListField(child=ExploitationTypeField())
    what_happened = serializers.CharField()
    cooperates_with_police = serializers.BooleanField()
    submitted_on = serializers.DateField(allow_null=True)
    home_office_reference = serializers.CharField()
    decisions = DecisionSerializer(many=True)
    clock = serializers.SerializerMethodField()

    def get_clock(self, duty) -> dict:
        return ClockSerializer(self.context["clock"]).data

    def to_representation(self, duty):
        data = super().to_representation(duty)
        if duty.cooperates_with_police:
            data |= {
                "given_name": duty.given_name,
                "family_name": duty.family_name,
                "date_of_birth": duty.date_of_birth.isoformat() if duty.date_of_birth else None,
            }
        return data


GuardianSupportField = named_choice_field("GuardianSupport", GuardianSupport.choices)


class IctgReferralInputSerializer(StrictInputSerializer):
    referred_on = serializers.DateField(allow_null=True)
    support = GuardianSupportField()
    guardian_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    guardian_contact = serializers.CharField(
        max_length=200, allow_blank=True, default="", help_text="The guardian's email or phone."
    )


class IctgReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    referred_on = serializers.DateField()
    support = GuardianSupportField()
    guardian_name = serializers.CharField()
    guardian_contact = serializers.CharField()
    recorded_by = UserRefSerializer()
    recorded_by_agency = serializers.CharField(source="recorded_by_agency.name")
    recorded_at = serializers.DateTimeField()


class IctgReferralsSerializer(serializers.Serializer):
    area_covered = serializers.BooleanField(
        help_text="Whether the guardian service covers the lead authority's area."
    )
    results = IctgReferralSerializer(many=True)
