"""Placements over the API. A placement's address is shown as the one confidential-address
rule decides (``people.selectors.address_for_user``): to a user not named on it,
``address_line`` and ``postcode`` are null and ``held_by`` says who holds it."""

from rest_framework import serializers

from haven.accounts.models import User
from haven.core.api import BoundedListField, id_field
from haven.core.limits import too_many
from haven.people.forms import NAMED_USERS_MAX
from haven.placements.models import PROVIDER_MAX, PlacementType


class PlacementInputSerializer(serializers.Serializer):
    placement_type = serializers.ChoiceField(choices=PlacementType.choices)
    provider = serializers.CharField(max_length=PROVIDER_MAX)
    start_date = serializers.DateField()
    address_line = serializers.CharField(max_length=200)
    town = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, default="", allow_blank=True)
    out_of_area = serializers.BooleanField(default=False)
    # One of the areas a case may involve (the service checks it, and that it is not the lead
    # authority's own); default outside Cheshire when out of area.
    receiving_area = serializers.CharField(
        max_length=40, required=False, default="", allow_blank=True
    )
    named_user_ids = BoundedListField(
        child=id_field("A named user id"),
        max_length=NAMED_USERS_MAX,
        message=too_many(NAMED_USERS_MAX, "people"),
    )

    def validate_named_user_ids(self, ids):
        # Unknown ids are "not one of your agency's people", as the service says of others.
        users = list(User.objects.filter(pk__in=ids))
        if len(users) != len(set(ids)):
            raise serializers.ValidationError("Select people of your own agency")
        return users

    def arguments(self) -> dict:
        data = dict(self.validated_data)
        data["named_users"] = data.pop("named_user_ids")
        return data


class SafetyPlanSerializer(serializers.Serializer):
    risks_told = serializers.CharField()
    abduction_measures = serializers.CharField()
    missing_prevention = serializers.CharField()
    who_to_call = serializers.CharField()
    review_date = serializers.DateField()
    review_overdue = serializers.BooleanField()
    contact_restrictions = serializers.ListField(child=serializers.DictField())


class PlacementSerializer(serializers.Serializer):
    """Read from a ``PlacementView``."""

    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    placement_type = serializers.CharField()
    provider = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    current = serializers.BooleanField()
    out_of_area = serializers.BooleanField()
    receiving_area = serializers.CharField()
    address_confidential = serializers.BooleanField(
        help_text="Always true: a placement's address is shown only to the users named on it."
    )
    address_line = serializers.CharField(allow_null=True)
    postcode = serializers.CharField(allow_null=True)
    held_by = serializers.CharField(help_text="Who holds the address, for those not named.")
    safety_plan = SafetyPlanSerializer(allow_null=True)

    def to_representation(self, shown):
        placement, plan = shown.placement, shown.safety_plan
        team = placement.address.held_by_team
        return {
            "id": placement.pk,
            "case_id": placement.case_id,
            "placement_type": placement.placement_type,
            "provider": placement.provider,
            "start_date": placement.start_date.isoformat(),
            "end_date": placement.end_date.isoformat() if placement.end_date else None,
            "current": placement.current,
            "out_of_area": placement.out_of_area,
            "receiving_area": placement.receiving_area,
            "address_confidential": True,
            "address_line": shown.address_line,
            "postcode": shown.postcode,
            "held_by": f"{team.name}, {team.agency.name}",
            "safety_plan": None
            if plan is None
            else {
                "risks_told": plan.risks_told,
                "abduction_measures": plan.abduction_measures,
                "missing_prevention": plan.missing_prevention,
                "who_to_call": plan.who_to_call,
                "review_date": plan.review_date.isoformat(),
                "review_overdue": shown.review_overdue,
                "contact_restrictions": [
                    {"name": r.name, "relationship": r.relationship}
                    for r in plan.contact_restrictions.all()
                ],
            },
        }
