"""The placement, safety plan and acknowledgement forms. They parse what was typed; the services
decide what is accepted."""

from django import forms

from haven.core.areas import AREAS_INVOLVED
from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import FREE_TEXT_MAX, max_items, too_long, too_many
from haven.people.forms import NAMED_USERS_MAX, Checkboxes, Radios, yes_no
from haven.placements.models import PROVIDER_MAX, PlacementType

# Rows offered for people who must not have contact (the service takes more from the API).
RESTRICTION_ROWS = 3


def _text(label: str, required: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required, "max_length": too_long(label, FREE_TEXT_MAX)},
    )


class PlacementForm(GovukForm):
    service_field_names = {"named_user_ids": "named_users"}

    placement_type = forms.ChoiceField(
        label="Type of placement",
        choices=PlacementType.choices,
        widget=Radios,
        error_messages={"required": "Select the type of placement"},
    )
    provider = forms.CharField(
        label="Provider",
        help_text="The fostering agency, home or service providing the placement",
        max_length=PROVIDER_MAX,
        error_messages={
            "required": "Enter who provides the placement",
            "max_length": too_long("The provider", PROVIDER_MAX),
        },
    )
    start_date = GovukDateField(
        label="Start date", noun="start date", help_text="For example, 27 3 2026"
    )
    address_line = forms.CharField(
        label="Address",
        help_text="Building and street",
        max_length=200,
        error_messages={
            "required": "Enter the address of the placement",
            "max_length": too_long("The address", 200),
        },
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        required=False,
        error_messages={"max_length": too_long("Town or city", 100)},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        error_messages={"max_length": too_long("Postcode", 10)},
    )
    out_of_area = yes_no(
        "Is the placement outside your authority's area?",
        help_text="The receiving area's police and children's social care will be told",
    )
    receiving_area = forms.ChoiceField(
        label="Area the child is placed in (if outside your area)",
        choices=[("", "Not out of area"), *AREAS_INVOLVED],
        required=False,
    )
    named_users = forms.ModelMultipleChoiceField(
        label="People who may see the address",
        help_text="Everyone else sees only which team holds it",
        queryset=None,
        # At least one: the service's rule, with its words.
        required=False,
        widget=Checkboxes,
        validators=[max_items(NAMED_USERS_MAX)],
        error_messages={"max_length": too_many(NAMED_USERS_MAX, "people")},
    )

    def __init__(self, *args, named_user_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_users"].queryset = named_user_choices


class SafetyPlanForm(GovukForm):
    risks_told = _text(
        "What was the placement told about the trafficking risks?",
        "Enter what the placement was told about the trafficking risks",
    )
    abduction_measures = _text("Measures against abduction", "Enter the measures against abduction")
    missing_prevention = _text(
        "Plan to prevent going missing", "Enter the plan to prevent the child going missing"
    )
    who_to_call = _text(
        "Who to call, and when",
        "Enter who to call, and when",
        help_text="For example, the lead practitioner in the day and the emergency duty team "
        "out of hours",
    )
    review_date = GovukDateField(label="Review date", noun="review date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, RESTRICTION_ROWS + 1):
            self.fields[f"restriction_name_{row}"] = forms.CharField(
                label=f"Person {row} who must not have contact: name (optional)",
                max_length=200,
                required=False,
                error_messages={"max_length": too_long("The name", 200)},
            )
            self.fields[f"restriction_relationship_{row}"] = forms.CharField(
                label=f"Person {row}: relationship to the child (optional)",
                help_text="For example, suspected exploiter or father",
                max_length=100,
                required=False,
                error_messages={"max_length": too_long("The relationship", 100)},
            )

    def plan(self) -> dict:
        data = self.cleaned_data
        rows = range(1, RESTRICTION_ROWS + 1)
        return {
            **{name: data[name] for name in (*_PLAN_TEXTS, "review_date")},
            "contact_restrictions": [
                (data[f"restriction_name_{r}"], data[f"restriction_relationship_{r}"]) for r in rows
            ],
        }

    service_field_names = {"contact_restrictions": "restriction_name_1"}


_PLAN_TEXTS = ("risks_told", "abduction_measures", "missing_prevention", "who_to_call")
