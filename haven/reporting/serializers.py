from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.reporting.dashboard import DASHBOARD_AREAS
from haven.reporting.disclosure import Symbol


class DashboardQuerySerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=DASHBOARD_AREAS)
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def to_internal_value(self, data):
        # The query says from and to (Python keywords).
        renamed = {
            "area": data.get("area"),
            "date_from": data.get("from"),
            "date_to": data.get("to"),
        }
        return super().to_internal_value({k: v for k, v in renamed.items() if v})


class BoardReportQuerySerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=DASHBOARD_AREAS)
    quarter = serializers.RegexField(
        r"^[0-9]{4}-Q[1-4]$", error_messages={"invalid": "Enter a quarter like 2026-Q1."}
    )


COUNT = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "enum": [Symbol.CONFIDENTIAL.value]},
    ],
    "description": 'A count; 1 to 5, or one that would give such a count away, is "c".',
}
RATE = {
    "oneOf": [
        {"type": "number"},
        {"type": "string", "enum": [s.value for s in Symbol]},
    ],
    "description": (
        'A percentage to one decimal place; "c" when a count it is built on is not shown, '
        '"z" when there is nothing to divide by, "k" when it rounds to 0 but is not 0.'
    ),
}


@extend_schema_field(COUNT)
class Count(serializers.Field):
    def to_representation(self, value):
        return value.value if isinstance(value, Symbol) else value


@extend_schema_field(RATE)
class Rate(serializers.Field):
    def to_representation(self, value):
        return value.value if isinstance(value, Symbol) else float(value)


class BreakdownRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = Count()
    previous = Count()


class FigureSerializer(serializers.Serializer):
    value = Count()
    previous = Count()
    definition = serializers.CharField(source="measure.definition")
    title = serializers.CharField(source="measure.title")
    out_of = Count(source="whole", required=False)
    previous_out_of = Count(source="previous_whole", required=False)
    rate = Rate(required=False)
    previous_rate = Rate(required=False)
    breakdown = BreakdownRowSerializer(source="rows", many=True)
    quarters = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_quarters(self, figure):
        return {label: Count().to_representation(value) for label, value in figure.trend}

    def to_representation(self, figure):
        data = super().to_representation(figure)
        # Only a timeliness or share figure has a whole and rates.
        if figure.rate is None:
            for key in ("out_of", "previous_out_of", "rate", "previous_rate"):
                data.pop(key)
        return data


class DashboardSerializer(serializers.Serializer):
    area = serializers.CharField()
    date_from = serializers.DateField(source="period.start")
    date_to = serializers.DateField(source="period.end")
    figures = serializers.SerializerMethodField()
    # When the past quarters of the trends were counted (decision 0043); null: counted now.
    trend_as_at = serializers.DateTimeField(allow_null=True)
    # When the figures of the period were counted, if it is a past quarter whose counts the
    # daily job kept (decision 0046); null: counted now.
    figures_as_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.DictField(child=FigureSerializer()))
    def get_figures(self, dashboard):
        return {f.code: FigureSerializer(f).data for f in dashboard.figures}

    def to_representation(self, dashboard):
        data = super().to_representation(dashboard)
        # The contract's keys are "from" and "to".
        data["from"] = data.pop("date_from")
        data["to"] = data.pop("date_to")
        keys = ("area", "from", "to", "figures", "trend_as_at", "figures_as_at")
        return {key: data[key] for key in keys}
