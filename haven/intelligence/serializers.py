"""Intelligence over the API: what each operation reads and writes."""

from rest_framework import serializers

# --- Hotspots (decision 0028) --------------------------------------------------------------


class HotspotEntitySerializer(serializers.Serializer):
    """The entity of a hotspot; a restricted one carries no detail."""

    id = serializers.IntegerField(allow_null=True)
    entity_type = serializers.CharField()
    label = serializers.CharField(allow_null=True)
    restricted = serializers.BooleanField()


class HotspotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity = HotspotEntitySerializer()
    children = serializers.IntegerField(help_text="Distinct children linked (P links only).")
    areas = serializers.ListField(child=serializers.CharField(), help_text="Area codes.")
    cases = serializers.ListField(
        child=serializers.IntegerField(), help_text="The cases involved that the caller may see."
    )
    other_cases = serializers.IntegerField(help_text="How many other cases are involved.")
    active = serializers.BooleanField()
    first_detected_at = serializers.DateTimeField()
    last_changed_at = serializers.DateTimeField()


def hotspot_body(view) -> dict:
    hotspot, entity = view.hotspot, view.entity
    return {
        "id": hotspot.pk,
        "entity": {
            "id": entity.pk if entity else None,
            "entity_type": hotspot.entity.entity_type,
            "label": entity.label if entity else None,
            "restricted": entity is None,
        },
        "children": hotspot.children,
        "areas": hotspot.areas,
        "cases": [case.pk for case in view.cases],
        "other_cases": view.others,
        "active": hotspot.active,
        "first_detected_at": hotspot.first_detected_at,
        "last_changed_at": hotspot.last_changed_at,
    }
