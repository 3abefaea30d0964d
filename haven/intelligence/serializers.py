"""Intelligence API bodies."""

from rest_framework import serializers

from haven.intelligence.exports import FORMATS
from haven.intelligence.models import LinkType

# --- Network view and exports (decision 0029) ----------------------------------------------


class NetworkQuerySerializer(serializers.Serializer):
    root = serializers.CharField(
        max_length=30, help_text='Where the network starts: "case:<id>" or "entity:<id>".'
    )
    hops = serializers.IntegerField(
        required=False, default=1, help_text="1 or 2 steps from the root."
    )
    link_type = serializers.ListField(
        child=serializers.ChoiceField(choices=LinkType.choices),
        required=False,
        default=list,
        max_length=len(LinkType.values),
        help_text="Only links of these types (repeat the parameter for several).",
    )
    since = serializers.DateField(required=False, help_text="Only links on or after this date.")
    until = serializers.DateField(required=False, help_text="Only links on or before this date.")
    min_grading = serializers.CharField(
        required=False,
        default="",
        max_length=2,
        help_text='At least this grading: "2B" keeps links graded 1 or 2, and A or B.',
    )


class NetworkExportQuerySerializer(NetworkQuerySerializer):
    hops = serializers.IntegerField(
        required=False, default=2, help_text="1 or 2 steps from the root."
    )
    format = serializers.ChoiceField(choices=sorted(FORMATS), help_text="graphml or ftm.")


class NetworkNodeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='"case:12", "entity:5", or "restricted:1".')
    type = serializers.CharField(
        help_text='"case", an entity\'s type, or for a restricted node "case" or "entity".'
    )
    label = serializers.CharField(help_text='"Restricted" for a node you may not see.')
    restricted = serializers.BooleanField()


# "from" is a Python keyword: the edge's fields are declared by name.
NetworkEdgeSerializer = type(
    "NetworkEdgeSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.CharField(source="source"),
        "to": serializers.CharField(source="target"),
        "link_type": serializers.CharField(),
        "occurred_on": serializers.DateField(),
        "grading": serializers.CharField(help_text='3x5x2, like "1AP".'),
    },
)


class NetworkSerializer(serializers.Serializer):
    root = serializers.CharField()
    hops = serializers.IntegerField()
    truncated = serializers.BooleanField(
        help_text="True when a hub had more links than can be shown: the newest are shown."
    )
    nodes = NetworkNodeSerializer(many=True)
    edges = NetworkEdgeSerializer(many=True)
