"""Response shapes of the duplicate review API: the queue and one pair side by side, as the
review pages show them. What a reviewer may see of each record is decided by
``haven.matching.selectors``; these only write it out."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.core.api import LocalDateTimeField
from haven.matching.models import CandidateStatus
from haven.people.models import DobPrecision, Gender
from haven.people.serializers import (
    AddressSerializer,
    AliasSerializer,
    IdentifierSerializer,
    KnownToSerializer,
    NationalitiesField,
    PhoneSerializer,
)


class LikelihoodSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["very_likely", "likely", "possible", "unlikely"],
        help_text="The band of the probability: very_likely from 0.9, likely from 0.7, "
        "possible from 0.5.",
    )
    words = serializers.CharField(help_text='e.g. "Likely the same person".')
    scores = serializers.CharField(help_text='The band\'s probabilities, e.g. "70% to 89%".')


class RecordNameSerializer(serializers.Serializer):
    name = serializers.CharField()


class QueueRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="candidate.pk")
    probability = serializers.FloatField(source="candidate.probability")
    likelihood = LikelihoodSerializer()
    found_at = LocalDateTimeField(source="candidate.found_at")
    records = serializers.SerializerMethodField(
        help_text="The first and the second record's names."
    )
    waiting_for = serializers.ListField(
        child=serializers.CharField(),
        help_text="Agencies owning a record that have not agreed to a merge yet, once one has.",
    )
    links = serializers.SerializerMethodField()

    @extend_schema_field(RecordNameSerializer(many=True))
    def get_records(self, row) -> list[dict[str, str]]:
        candidate = row.candidate
        return [{"name": p.full_name} for p in (candidate.person_a, candidate.person_b)]

    @extend_schema_field({"type": "object", "properties": {"self": {"type": "string"}}})
    def get_links(self, row) -> dict[str, str]:
        return {
            "self": reverse(
                "api-duplicate-detail",
                args=[row.candidate.pk],
                request=self.context.get("request"),
            )
        }


class EvidenceSerializer(serializers.Serializer):
    """One comparison: its codes, its weight and what it found in words. The words quote no
    value but the records' own names."""

    comparison = serializers.CharField(
        help_text="given_name, family_name, date_of_birth, identifier, gender, nationality or "
        "contact."
    )
    level = serializers.CharField(help_text='What the comparison found, e.g. "variant".')
    weight = serializers.FloatField(
        help_text="Evidence in bits: positive points to one person, negative to two."
    )
    words = serializers.CharField(help_text='e.g. "Family name sounds alike (Aly / Ali)".')
    supports = serializers.BooleanField(help_text="Whether it points to one person.")


class CaseLineSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(
        source="case.pk", allow_null=True, help_text="Null for a case you cannot see."
    )
    reference = serializers.CharField(source="case.reference", allow_null=True)
    lead = serializers.CharField(help_text="The lead team and authority.")


class ConcernLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = LocalDateTimeField()
    raised_by = serializers.CharField(source="raised_by_agency.name")


class RecordDetailsSerializer(serializers.Serializer):
    """A record's details, each list holding only what the caller may see."""

    given_name = serializers.CharField()
    family_name = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by_agency.name")
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.ChoiceField(choices=DobPrecision.choices)
    dob_assigned_by_age_assessment = serializers.BooleanField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    nationalities = NationalitiesField(help_text="ISO 3166-1 alpha-2 codes.")
    first_language = serializers.CharField()
    interpreter_needed = serializers.BooleanField()
    aliases = AliasSerializer(many=True)
    identifiers = IdentifierSerializer(many=True)
    phones = PhoneSerializer(many=True)
    addresses = serializers.SerializerMethodField()

    @extend_schema_field(AddressSerializer(many=True))
    def get_addresses(self, person) -> list[dict[str, Any]]:
        return AddressSerializer(self.context["addresses"], many=True).data


class RecordSideSerializer(serializers.Serializer):
    """One record as the caller may see it. A record whose details the caller may not see
    carries its name and age (as the concern they may see names the child), who holds it
    and why nothing else is shown: never its id or details."""

    visible = serializers.SerializerMethodField(
        help_text="Whether you may see the record's details."
    )
    person_id = serializers.SerializerMethodField(help_text="Null unless visible.")
    name = serializers.CharField()
    born = serializers.CharField(
        help_text='The age in words, e.g. "born 1 January 2010 (16, assigned by an age '
        'assessment)" or "about 15 (estimated date of birth)".'
    )
    held_by = KnownToSerializer()
    message = serializers.SerializerMethodField(
        help_text="Empty when visible, else \"Held by <agency>: you cannot see this record's "
        'details".'
    )
    details = serializers.SerializerMethodField()
    open_cases = CaseLineSerializer(many=True)
    concerns = ConcernLineSerializer(many=True, help_text="Concerns about it you may see.")
    survives = serializers.BooleanField(help_text="Whether a merge keeps this record.")

    def get_visible(self, side) -> bool:
        return side.person is not None

    def get_person_id(self, side) -> int | None:
        return side.person_id if side.person is not None else None

    def get_message(self, side) -> str:
        return "" if side.person is not None else side.hidden

    @extend_schema_field(RecordDetailsSerializer(allow_null=True))
    def get_details(self, side) -> dict[str, Any] | None:
        if side.person is None:
            return None
        return RecordDetailsSerializer(side.person, context={"addresses": side.addresses}).data


class SurvivorSerializer(serializers.Serializer):
    record = serializers.ChoiceField(
        choices=["first", "second"],
        allow_null=True,
        help_text="The record a merge keeps; null when the reviewer chooses.",
    )
    reason = serializers.CharField()


class CandidateComparisonSerializer(serializers.Serializer):
    """A possible duplicate side by side, as the pair's review page shows it."""

    id = serializers.IntegerField(source="candidate.pk")
    status = serializers.ChoiceField(source="candidate.status", choices=CandidateStatus.choices)
    probability = serializers.FloatField(source="candidate.probability")
    likelihood = LikelihoodSerializer()
    found_at = LocalDateTimeField(source="candidate.found_at")
    records = serializers.SerializerMethodField(help_text="The first and the second record.")
    evidence = EvidenceSerializer(many=True)
    survivor = serializers.SerializerMethodField()
    agreed = serializers.ListField(
        child=serializers.CharField(), help_text="Agencies that agreed to a merge."
    )
    waiting_for = serializers.ListField(
        child=serializers.CharField(),
        help_text="Agencies owning a record that must still agree before the records merge.",
    )

    @extend_schema_field(RecordSideSerializer(many=True))
    def get_records(self, comparison) -> list[dict[str, Any]]:
        return RecordSideSerializer(comparison.sides, many=True).data

    @extend_schema_field(SurvivorSerializer)
    def get_survivor(self, comparison) -> dict[str, Any]:
        kept = comparison.kept
        which = None if kept is None else ("first" if kept is comparison.first else "second")
        return {"record": which, "reason": comparison.survivor.reason}
