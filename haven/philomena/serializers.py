"""The profile as the API gives it. Who may read it is the selectors' to decide."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.core.api import BoundedListField, LocalDateTimeField
from haven.core.limits import FREE_TEXT_MAX, ID_MAX, VERSION_MAX, too_large, too_long, too_many
from haven.people.serializers import AgencyRefSerializer, UserRefSerializer
from haven.philomena.models import PhilomenaProfile
from haven.philomena.services import LIST_ITEMS, LIST_MAX


class ProfileAssociateSerializer(serializers.Serializer):
    name = serializers.CharField()
    relationship = serializers.CharField()
    details = serializers.CharField()


class ProfilePlaceSerializer(serializers.Serializer):
    description = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField(help_text='Normalised, like "CH1 4AB".')


class ProfilePhoneSerializer(serializers.Serializer):
    number = serializers.CharField(help_text='E.164, like "+447700900982".')
    whose = serializers.CharField()


class HomeAddressSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField(
        help_text='The address, or "Confidential address held by <team>" for a user not named '
        "on a confidential one."
    )
    confidential = serializers.BooleanField(help_text="True when the address is withheld.")


class PhotographSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    uploaded_at = LocalDateTimeField()
    uploaded_by = UserRefSerializer()


class ProfileLinksSerializer(serializers.Serializer):
    photograph = serializers.CharField(allow_null=True)
    grab_pack = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    version = serializers.IntegerField()
    responsible_agency = AgencyRefSerializer()
    carer_agency = AgencyRefSerializer(allow_null=True)
    known_as = serializers.CharField()
    ethnicity = serializers.CharField()
    height = serializers.CharField()
    build = serializers.CharField()
    hair = serializers.CharField()
    eyes = serializers.CharField()
    distinguishing_features = serializers.CharField()
    vulnerabilities = serializers.CharField()
    medical_needs = serializers.CharField()
    associates = ProfileAssociateSerializer(many=True)
    places = ProfilePlaceSerializer(many=True)
    phones = ProfilePhoneSerializer(many=True)
    social_media = serializers.CharField()
    transport = serializers.CharField()
    financial_details = serializers.CharField()
    previous_missing_episodes = serializers.CharField()
    reviewed_at = LocalDateTimeField()
    reviewed_by = UserRefSerializer()
    out_of_date = serializers.BooleanField(
        help_text="Not reviewed for HAVEN_PHILOMENA_REVIEW_DAYS (91 by default)."
    )
    photograph = PhotographSerializer(allow_null=True)
    current_addresses = HomeAddressSerializer(many=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(ProfileLinksSerializer)
    def get_links(self, profile) -> dict[str, Any]:
        person_id = profile.person_id
        return {
            "photograph": reverse("api-philomena-photograph", args=[person_id])
            if profile.photograph
            else None,
            "grab_pack": reverse("api-philomena-grab-pack", args=[person_id]),
        }


# ------------------------------------------------------------------------------------ changes


def _text(label: str, max_length: int = FREE_TEXT_MAX) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length,
        error_messages={"max_length": too_long(label, max_length)},
    )


def _item_serializer(list_name: str) -> type[serializers.Serializer]:
    """One item of a structured list: its keys as optional text (the service says which one an
    item needs, and normalises postcodes and phone numbers)."""
    keys, _required = LIST_ITEMS[list_name]
    fields = {key: _text(key.capitalize()) for key in keys}
    return type(f"Profile{list_name.capitalize()}ItemSerializer", (serializers.Serializer,), fields)


def _list(list_name: str, plural: str) -> BoundedListField:
    return BoundedListField(
        child=_item_serializer(list_name)(),
        max_length=LIST_MAX,
        message=too_many(LIST_MAX, plural),
        required=False,
    )


def _model_text(name: str) -> serializers.CharField:
    field = PhilomenaProfile._meta.get_field(name)
    return _text(field.verbose_name, field.max_length or FREE_TEXT_MAX)


class ProfileUpdateSerializer(serializers.Serializer):
    """Use with ``partial=True``: only the fields sent change, a list is replaced as a whole.
    ``version`` is required."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        help_text="The version you read; a newer stored version is a conflict.",
    )
    carer_agency_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text="The carer's agency (a fostering agency, a residential home), or null.",
    )
    known_as = _model_text("known_as")
    ethnicity = _model_text("ethnicity")
    height = _model_text("height")
    build = _model_text("build")
    hair = _model_text("hair")
    eyes = _model_text("eyes")
    distinguishing_features = _model_text("distinguishing_features")
    vulnerabilities = _model_text("vulnerabilities")
    medical_needs = _model_text("medical_needs")
    associates = _list("associates", "associates")
    places = _list("places", "places")
    phones = _list("phones", "phones")
    social_media = _model_text("social_media")
    transport = _model_text("transport")
    financial_details = _model_text("financial_details")
    previous_missing_episodes = _model_text("previous_missing_episodes")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if set(attrs) <= {"version"}:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs

    def run_validation(self, data=serializers.empty):
        # partial=True would make version optional too: check it is there first.
        if isinstance(data, dict) and "version" not in data:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return super().run_validation(data)
