"""Request and response shapes of ``POST /api/v1/screening/assess``.

The request serializer checks types and formats, then hands domain checks (known codes and areas,
age ranges, dates in order) to ``engine.validate_screening_input`` so that API callers and Python
callers get the same messages. Errors come out flat, with dotted keys for circumstances
(``circumstances.home_area``), which the project's exception handler wraps as ``{"errors": ...}``.
The response serializers only document ``ScreeningResult.to_dict()`` for the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from haven.core.api import BoundedListField
from haven.core.limits import CODE_MAX, too_long, too_many
from haven.core.working_days import LONDON
from haven.screening.engine import (
    ABDUCTION_RISKS,
    Circumstances,
    ScreeningInput,
    ScreeningInputError,
    validate_screening_input,
)
from haven.screening.vocabulary import load_vocabulary

_VOCABULARY = load_vocabulary()


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _NamesBadValue(serializers.Field):
    """Replaces DRF's generic format errors with one that quotes the value it could not read."""

    problem = ""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(f'"{_shown(data)}" {self.problem}') from error


class _DateTimeField(_NamesBadValue, serializers.DateTimeField):
    problem = (
        "is not a valid date and time: use ISO 8601 with a UTC offset, "
        'e.g. "2026-11-24T10:00:00+00:00".'
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            default_timezone=LONDON,
            help_text="ISO 8601 with a UTC offset; without one, Europe/London time.",
            **kwargs,
        )


class _DateField(_NamesBadValue, serializers.DateField):
    problem = 'is not a valid date: use YYYY-MM-DD, e.g. "2010-05-01".'


class _IntegerField(_NamesBadValue, serializers.IntegerField):
    problem = "is not a whole number of years."


class _BooleanField(_NamesBadValue, serializers.BooleanField):
    problem = "is not true or false."


def _enum(component_name: str, choices: Iterable[str]) -> type[serializers.CharField]:
    """A text field documented as a named enum.

    In requests, codes, areas and abduction risks stay plain text so that the engine reports
    unknown ones, with the valid choices, alongside every other domain error. The component
    names are prefixed so they cannot collide with other apps' enums in the project schema.
    """
    field = type(f"{component_name}Field", (serializers.CharField,), {})
    schema = {"type": "string", "enum": list(choices)}
    return extend_schema_field(schema, component_name=component_name)(field)


_Code = _enum("ScreeningCode", _VOCABULARY.codes)
_Area = _enum("ScreeningArea", _VOCABULARY.areas)
_AbductionRisk = _enum("ScreeningAbductionRisk", ABDUCTION_RISKS)

# Each code or area at most once: a list can be no longer than the vocabulary.
CODES_MAX = len(_VOCABULARY.codes)
AREAS_MAX = len(_VOCABULARY.areas)


def _bounded(noun: str) -> dict[str, Any]:
    """A code, area or country sent as text: at most 100 characters."""
    return {"max_length": CODE_MAX, "error_messages": {"max_length": too_long(noun, CODE_MAX)}}


class _ObjectSerializer(serializers.Serializer):
    default_error_messages = {
        "invalid": "Expected a JSON object, but got {datatype}.",
        "null": "Expected a JSON object, but got null.",
    }


class ScreeningCircumstancesSerializer(_ObjectSerializer):
    returned_from_missing_at = _DateTimeField(required=False, allow_null=True, default=None)
    arrested_or_suspected_offence = _BooleanField(default=False)
    parents_or_carers_complicit = _BooleanField(default=False)
    reunification_planned = _BooleanField(default=False)
    accommodated = _BooleanField(default=False)
    abduction_risk = _AbductionRisk(
        allow_null=True, allow_blank=True, default=None, **_bounded("The abduction risk")
    )
    criminal_network = _BooleanField(default=False)
    safe_house_placement = _BooleanField(default=False)
    home_area = _Area(allow_null=True, allow_blank=True, default=None, **_bounded("An area"))
    areas_involved = BoundedListField(
        child=_Area(allow_blank=True, **_bounded("An area")),
        default=list,
        max_length=AREAS_MAX,
        message=too_many(AREAS_MAX, "areas"),
    )
    consents_to_nrm = _BooleanField(allow_null=True, default=None)
    ictg_available = _BooleanField(
        allow_null=True,
        default=None,
        help_text="Whether an Independent Child Trafficking Guardian is available; "
        "null uses the home area's configuration.",
    )


class ScreeningInputSerializer(_ObjectSerializer):
    """What a practitioner recorded. Every field is optional; omitted fields mean "not recorded"
    (and an omitted ``assessed_at`` means now)."""

    age_years = _IntegerField(allow_null=True, default=None)
    date_of_birth = _DateField(allow_null=True, default=None)
    age_uncertain = _BooleanField(default=False)
    appears_under_18 = _BooleanField(allow_null=True, default=None)
    nationality = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text='ISO 3166-1 alpha-2 country code, e.g. "GB".',
        **_bounded("The nationality"),
    )
    first_language_english = _BooleanField(allow_null=True, default=None)
    immediate_danger = _BooleanField(default=False)
    codes = BoundedListField(
        child=_Code(allow_blank=True, **_bounded("A code")),
        default=list,
        max_length=CODES_MAX,
        message=too_many(CODES_MAX, "codes"),
    )
    circumstances = ScreeningCircumstancesSerializer(required=False)
    assessed_at = _DateTimeField(required=False)

    def run_validation(self, data: Any = empty) -> Any:
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(
                {**_flatten_errors(error.detail), **self._unknown_fields(data)}
            ) from error

    def validate_nationality(self, value: str | None) -> str | None:
        return value.upper() if value else value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("assessed_at", datetime.now(tz=LONDON))
        errors = self._unknown_fields(self.initial_data)
        try:
            validate_screening_input(screening_input=self._build(attrs))
        except ScreeningInputError as error:
            errors.update(error.errors)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _unknown_fields(self, data: Any) -> dict[str, list[str]]:
        """Keys this contract does not have: a misspelt ``immediate_danger`` must not pass
        silently as "no danger"."""
        if not isinstance(data, Mapping):
            return {}
        unknown = _unknown_keys(data, self.fields, prefix="")
        circumstances = data.get("circumstances")
        if isinstance(circumstances, Mapping):
            nested = self.fields["circumstances"].fields
            unknown.update(_unknown_keys(circumstances, nested, prefix="circumstances."))
        return unknown

    @property
    def screening_input(self) -> ScreeningInput:
        """The validated request as engine input (call ``is_valid()`` first)."""
        return self._build(self.validated_data)

    @staticmethod
    def _build(attrs: Mapping[str, Any]) -> ScreeningInput:
        circumstances = dict(attrs.get("circumstances") or {})
        circumstances["areas_involved"] = tuple(circumstances.get("areas_involved", ()))
        return ScreeningInput(
            assessed_at=attrs["assessed_at"],
            age_years=attrs["age_years"],
            date_of_birth=attrs["date_of_birth"],
            age_uncertain=attrs["age_uncertain"],
            appears_under_18=attrs["appears_under_18"],
            nationality=attrs["nationality"],
            first_language_english=attrs["first_language_english"],
            immediate_danger=attrs["immediate_danger"],
            codes=tuple(attrs["codes"]),
            circumstances=Circumstances(**circumstances),
        )


def _unknown_keys(data: Mapping[Any, Any], fields: Mapping[str, Any], *, prefix: str) -> dict:
    valid = ", ".join(fields)
    return {
        f"{prefix}{key}": [f'Unknown field "{_shown(key)}". Valid fields: {valid}.']
        for key in data
        if key not in fields
    }


def _flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[Any]]:
    """DRF error detail as ``{"field": [...], "circumstances.home_area": [...]}``."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[Any]] = {}
        for key, value in detail.items():
            if not prefix:
                name = str(key)
            elif key == api_settings.NON_FIELD_ERRORS_KEY:
                # A nested object's own errors ("expected a JSON object") belong to its field.
                name = prefix
            else:
                name = f"{prefix}.{key}"
            flat.update(_flatten_errors(value, name))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: list(messages)}


class ScreeningRequiredActionSerializer(serializers.Serializer):
    code = _enum("ScreeningAction", _VOCABULARY.actions)()
    lead = _enum("ScreeningLead", _VOCABULARY.leads)()
    due_by = serializers.DateTimeField(
        allow_null=True,
        help_text="Null when the action is due at an event; the reason then says which.",
    )
    reason = serializers.CharField()


class ScreeningElementsSerializer(serializers.Serializer):
    act = serializers.ListField(child=_enum("ScreeningAct", _VOCABULARY.codes_of_kind("act"))())
    means = serializers.ListField(
        child=_enum("ScreeningMeans", _VOCABULARY.codes_of_kind("means"))()
    )
    purpose = serializers.ListField(
        child=_enum("ScreeningPurpose", _VOCABULARY.codes_of_kind("purpose"))()
    )


class ScreeningFindingSerializer(serializers.Serializer):
    tag = serializers.CharField(help_text="A short status for a tag, e.g. 'Consider trafficking'.")
    headline = serializers.CharField(
        help_text="What a page says first, in plain words. Never reassurance: when the "
        "definition is not met it says which element is missing."
    )
    missing_elements = serializers.ListField(
        child=serializers.ChoiceField(choices=["act", "means", "purpose"]),
        help_text="Elements of the definition not yet recorded (means only for adults).",
    )
    questions = serializers.ListField(
        child=serializers.CharField(), help_text="What to ask next, one per missing element."
    )
    consider_trafficking = serializers.BooleanField(
        help_text="A child with an exploitation purpose or in a risk group who is not (yet) a "
        "potential victim: trafficking must be considered and the reasoning recorded."
    )


class ScreeningResultSerializer(serializers.Serializer):
    person_status = _enum("ScreeningPersonStatus", _VOCABULARY.person_statuses)()
    outcome = _enum("ScreeningOutcome", _VOCABULARY.outcomes)()
    elements = ScreeningElementsSerializer(
        help_text="Each element's codes, recorded or implied, sorted."
    )
    risk_groups = serializers.ListField(
        child=_enum("ScreeningRiskGroup", _VOCABULARY.codes_of_kind("risk"))()
    )
    exploitation_types = serializers.ListField(
        child=_enum("ScreeningExploitationType", _VOCABULARY.exploitation_types)()
    )
    county_lines = serializers.BooleanField(
        help_text="Criminal exploitation linked to drugs or gangs: consider county lines."
    )
    required_actions = ScreeningRequiredActionSerializer(many=True)
    explanation = serializers.ListField(child=serializers.CharField())
    vocabulary_version = serializers.CharField()
    labels = serializers.DictField(
        child=serializers.CharField(), help_text="Plain-English label of every code in the result."
    )
    finding = ScreeningFindingSerializer(help_text="What pages say about this result.")
    explanation_in_words = serializers.ListField(
        child=serializers.CharField(),
        help_text="The explanation as pages show it: labels instead of codes.",
    )


class ScreeningErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Field (dotted for circumstances, e.g. "circumstances.home_area") to messages.',
    )
