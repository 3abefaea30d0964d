"""The profile as the API gives it. Who may read it is the selectors' to decide."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.core.api import LocalDateTimeField
from haven.people.serializers import AgencyRefSerializer, UserRefSerializer


class AssociateSerializer(serializers.Serializer):
    name = serializers.CharField()
    relationship = serializers.CharField()
    details = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    description = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField(help_text='Normalised, like "CH1 4AB".')


class PhoneSerializer(serializers.Serializer):
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
    associates = AssociateSerializer(many=True)
    places = PlaceSerializer(many=True)
    phones = PhoneSerializer(many=True)
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
