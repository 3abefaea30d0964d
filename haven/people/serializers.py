"""Request and response shapes of the people API.

Serializers check types and formats only (a date is a date, a country code is an ISO code);
the rules (a date of birth in the past, a valid NHS number, who may see whom) stay in the
services and selectors, whose errors the views map onto the same field names.
"""

import re
from typing import Any

from django_countries import countries
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from haven.core.api import BoundedListField
from haven.core.limits import (
    ALIASES_MAX,
    IDENTIFIERS_MAX,
    NAME_MAX,
    NATIONALITIES_MAX,
    PHONES_MAX,
    SEARCH_MAX,
    VERSION_MAX,
    too_large,
    too_long,
    too_many,
)
from haven.people.models import (
    DobPrecision,
    Gender,
    IdentifierKind,
    ImmigrationStatus,
    PersonKind,
)
from haven.people.selectors import AddressView, SearchResult


def named_choice_field(
    component_name: str, choices, *, blank: bool = False
) -> type[serializers.ChoiceField]:
    """A ChoiceField documented as its own named enum component, so that fields called "kind"
    or "status" with different choices do not collide in the schema. ``blank``: a question that
    may be left unanswered, so "" is one of the values the schema documents."""

    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices, **kwargs)

    NamedChoiceField.__name__ = f"{component_name}Field"
    schema = {"type": "string", "enum": [""] * blank + [value for value, _ in choices]}
    return extend_schema_field(schema, component_name=component_name)(NamedChoiceField)


PersonKindField = named_choice_field("PersonKind", PersonKind.choices)
IdentifierKindField = named_choice_field("IdentifierKind", IdentifierKind.choices)

# ---------------------------------------------------------------------------------------------
# Input


class StrictInputSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt ``immediate_danger`` must not pass silently
    as "no danger". Each unknown field is reported under its own name."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = {}
        if isinstance(data, dict):
            valid = ", ".join(self.fields)
            unknown = {
                str(key): [f'Unknown field "{str(key)[:40]}". Valid fields: {valid}.']
                for key in data
                if key not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from error
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


@extend_schema_field({"type": "string", "pattern": "^[A-Z]{2}$", "example": "GB"})
class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 country code, in any letter case."""

    default_error_messages = {
        "unknown_country": '"{value}" is not an ISO 3166-1 alpha-2 country code, e.g. "GB".'
    }

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data).strip().upper()
        if len(value) != 2 or value not in countries:
            self.fail("unknown_country", value=str(data)[:40])
        return value


def name_field(noun: str, **kwargs) -> serializers.CharField:
    """A given or family name: at most 100 characters."""
    return serializers.CharField(
        max_length=NAME_MAX,
        error_messages={"max_length": too_long(noun, NAME_MAX)},
        allow_blank=True,
        default="",
        **kwargs,
    )


class AliasInputSerializer(StrictInputSerializer):
    given_name = name_field("Given name")
    family_name = name_field("Family name")
    note = serializers.CharField(
        max_length=200,
        error_messages={"max_length": too_long("Note", 200)},
        allow_blank=True,
        default="",
        help_text="For example 'street name'.",
    )


class IdentifierInputSerializer(StrictInputSerializer):
    kind = IdentifierKindField()
    value = serializers.CharField(
        max_length=60, error_messages={"max_length": too_long("Identifier", 60)}
    )


class PersonFieldsSerializer(StrictInputSerializer):
    """A person's core details, as recorded and as changed."""

    kind = PersonKindField(default=PersonKind.CHILD)
    given_name = name_field("Given name")
    family_name = name_field("Family name")
    date_of_birth = serializers.DateField(
        allow_null=True, default=None, help_text="YYYY-MM-DD; must be in the past."
    )
    dob_precision = serializers.ChoiceField(
        choices=DobPrecision.choices,
        required=False,
        help_text="Defaults to exact when a date of birth is given, else unknown.",
    )
    dob_assigned_by_age_assessment = serializers.BooleanField(default=False)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = CountryCodeField(
        required=False, help_text="One nationality; use nationalities for several."
    )
    nationalities = BoundedListField(
        child=CountryCodeField(),
        required=False,
        max_length=NATIONALITIES_MAX,
        message=too_many(NATIONALITIES_MAX, "nationalities"),
    )
    first_language = serializers.CharField(
        max_length=60,
        error_messages={"max_length": too_long("First language", 60)},
        allow_blank=True,
        default="",
    )
    interpreter_needed = serializers.BooleanField(default=False)
    immigration_status = serializers.ChoiceField(
        choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        nationality = attrs.pop("nationality", None)
        if nationality:
            merged = [nationality, *attrs.get("nationalities", [])]
            attrs["nationalities"] = list(dict.fromkeys(merged))
        elif "nationalities" in attrs:
            attrs["nationalities"] = list(dict.fromkeys(attrs["nationalities"]))
        return attrs


class PersonInputSerializer(PersonFieldsSerializer):
    """A new person, recorded with the concern about them."""

    aliases = BoundedListField(
        child=AliasInputSerializer(),
        required=False,
        max_length=ALIASES_MAX,
        message=too_many(ALIASES_MAX, "aliases"),
    )
    identifiers = BoundedListField(
        child=IdentifierInputSerializer(),
        required=False,
        max_length=IDENTIFIERS_MAX,
        message=too_many(IDENTIFIERS_MAX, "identifiers"),
    )
    phones = BoundedListField(
        child=serializers.CharField(
            max_length=30, error_messages={"max_length": too_long("A phone number", 30)}
        ),
        required=False,
        default=list,
        max_length=PHONES_MAX,
        message=too_many(PHONES_MAX, "phone numbers"),
    )


class PersonUpdateSerializer(PersonFieldsSerializer):
    """Use with ``partial=True``: only the fields sent change. ``version`` is required."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        help_text="The version you read; a newer stored version is a conflict.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if set(attrs) <= {"version"}:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs

    def run_validation(self, data=serializers.empty):
        # partial=True would make version optional too: check it is there first.
        if isinstance(data, dict) and "version" not in data:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return super().run_validation(data)


class PersonSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=SEARCH_MAX,
        error_messages={"max_length": too_long("Search terms", SEARCH_MAX)},
        help_text="Names, a date of birth (DD/MM/YYYY or YYYY-MM-DD), a year or an identifier.",
    )

    def validate_q(self, value: str) -> str:
        if search_has_year_zero(value):
            raise serializers.ValidationError(NO_YEAR_ZERO)
        return value


NO_YEAR_ZERO = "There is no year 0000: enter a year of birth like 2011"


def search_has_year_zero(query: str) -> bool:
    """Whether a search term is the year 0000, which does not exist: the search reads any four
    digits as a year of birth, and the database cannot look up year 0 (penetration test,
    issue 9). The search page and the API refuse it with ``NO_YEAR_ZERO``."""
    return any(re.fullmatch(r"\d{4}", term) and int(term) == 0 for term in re.split(r"\s+", query))


# ---------------------------------------------------------------------------------------------
# Output


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class TeamRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = PersonKindField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.ChoiceField(choices=DobPrecision.choices)


class AliasSerializer(serializers.Serializer):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    note = serializers.CharField()
    recorded_by_agency = serializers.CharField(source="recorded_by_agency.name")


class IdentifierSerializer(serializers.Serializer):
    kind = IdentifierKindField()
    value = serializers.CharField()


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField()


class AddressSerializer(serializers.Serializer):
    """An address as the caller may see it. A confidential address the caller is not named on
    carries only who holds it: every other field is null."""

    visible = serializers.BooleanField()
    is_confidential = serializers.BooleanField()
    text = serializers.CharField(help_text="The address on one line, or who holds it.")
    kind = serializers.CharField(allow_null=True)
    line_1 = serializers.CharField(allow_null=True)
    line_2 = serializers.CharField(allow_null=True)
    town = serializers.CharField(allow_null=True)
    postcode = serializers.CharField(allow_null=True)
    from_date = serializers.DateField(allow_null=True)
    to_date = serializers.DateField(allow_null=True)
    held_by_team = serializers.CharField(allow_null=True)

    def to_representation(self, instance: AddressView) -> dict[str, Any]:
        address = instance.address
        team = address.held_by_team
        shown = instance.visible
        return {
            "visible": shown,
            "is_confidential": address.is_confidential,
            "text": instance.text,
            "kind": address.kind if shown else None,
            "line_1": address.line_1 if shown else None,
            "line_2": address.line_2 if shown else None,
            "town": address.town if shown else None,
            "postcode": address.postcode if shown else None,
            "from_date": address.from_date.isoformat() if shown and address.from_date else None,
            "to_date": address.to_date.isoformat() if shown and address.to_date else None,
            "held_by_team": f"{team.name}, {team.agency.name}" if team else None,
        }


class RelationshipSerializer(serializers.Serializer):
    """A relationship from either end. The other person is named, and their id given, only if
    the caller may open their record."""

    kind = serializers.CharField(source="relationship.kind")
    sentence = serializers.CharField(help_text='e.g. "Amira Haddad is a sibling of Sami Haddad"')
    other_id = serializers.SerializerMethodField()
    other_name = serializers.CharField()

    def get_other_id(self, line) -> int | None:
        return line.other.pk if line.other_visible else None


class NationalitiesField(serializers.ListField):
    child = serializers.CharField()

    def to_representation(self, data):
        return [str(country.code) for country in data]


class PersonCoreSerializer(PersonSummarySerializer):
    dob_assigned_by_age_assessment = serializers.BooleanField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    nationalities = NationalitiesField(help_text="ISO 3166-1 alpha-2 codes.")
    first_language = serializers.CharField()
    interpreter_needed = serializers.BooleanField()
    immigration_status = serializers.ChoiceField(choices=ImmigrationStatus.choices)
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class PersonSerializer(PersonCoreSerializer):
    """A person's record. Pass ``addresses`` (from ``addresses_for_user``) and
    ``relationships`` (from ``relationships_for_user``) in the context."""

    recorded_by_agency = AgencyRefSerializer()
    recorded_by_team = TeamRefSerializer(allow_null=True)
    aliases = AliasSerializer(many=True)
    identifiers = IdentifierSerializer(many=True)
    phones = PhoneSerializer(many=True)
    addresses = serializers.SerializerMethodField()
    relationships = serializers.SerializerMethodField()

    @extend_schema_field(AddressSerializer(many=True))
    def get_addresses(self, person) -> list[dict[str, Any]]:
        return AddressSerializer(self.context.get("addresses", []), many=True).data

    @extend_schema_field(RelationshipSerializer(many=True))
    def get_relationships(self, person) -> list[dict[str, Any]]:
        return RelationshipSerializer(self.context.get("relationships", []), many=True).data


class KnownToSerializer(serializers.Serializer):
    agency = serializers.CharField()
    team = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    break_glass_reference = serializers.CharField(
        help_text="Empty unless you hold the out-of-hours break-glass power and the person has "
        "an open case you cannot see: then the reference `POST /api/v1/cases/{id}/break-glass/` "
        "accepts from you (and nobody else) for 24 hours."
    )


KNOWN_TO_FIELDS = tuple(KnownToSerializer._declared_fields)


class HiddenSearchResultSerializer(serializers.Serializer):
    """Someone the caller may not see: only who to contact, never a name, id or detail."""

    visible = serializers.BooleanField(help_text="Always false.")
    known_to = KnownToSerializer()
    message = serializers.CharField(help_text='"Known to <agency>, contact <team> (...)".')


class VisibleSearchResultSerializer(HiddenSearchResultSerializer):
    visible = serializers.BooleanField(help_text="Always true.")
    id = serializers.IntegerField()
    kind = PersonKindField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    aliases = serializers.ListField(child=serializers.CharField())


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="PersonSearchResult",
        serializers=[VisibleSearchResultSerializer, HiddenSearchResultSerializer],
        resource_type_field_name=None,
    )
)
class SearchResultField(serializers.Field):
    def to_representation(self, value: SearchResult) -> dict[str, Any]:
        known = value.known_to
        hidden = {
            "visible": value.visible,
            # Its fields read straight off: a serializer per result cost a few milliseconds
            # of every search (its fields are deep-copied for each instance).
            "known_to": {field: str(getattr(known, field)) for field in KNOWN_TO_FIELDS},
            "message": known.message,
        }
        person = value.person
        if person is None:
            return hidden
        return {
            **hidden,
            "id": person.pk,
            "kind": person.kind,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "gender": person.gender,
            "aliases": [str(alias) for alias in person.aliases.all()],
        }


class PersonSearchResponseSerializer(serializers.Serializer):
    results = serializers.ListField(child=SearchResultField())
