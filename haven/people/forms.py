"""Forms for people's records, and choice pieces the people and cases pages share."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django_countries import countries

from haven.accounts.models import Role, Team, User
from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import ID_MAX, NAME_MAX, SEARCH_MAX, max_items, too_long, too_many
from haven.people.models import (
    AddressKind,
    DobPrecision,
    Gender,
    IdentifierKind,
    ImmigrationStatus,
    PersonKind,
    RelationshipKind,
)
from haven.people.serializers import NO_YEAR_ZERO, search_has_year_zero


@dataclass(frozen=True)
class Choice:
    """An option label with a hint shown under it (GOV.UK radios and checkboxes hints)."""

    label: str
    hint: str = ""

    def __str__(self) -> str:
        return self.label


class _OptionHints:
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(label, "hint", "") and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-hint"
        return option


class Radios(_OptionHints, forms.RadioSelect):
    inline = False


class InlineRadios(Radios):
    inline = True


class Checkboxes(_OptionHints, forms.CheckboxSelectMultiple):
    pass


YES_NO = [("True", "Yes"), ("False", "No")]


def yes_no(label: str, *, required: bool = True, help_text: str = "") -> forms.TypedChoiceField:
    """A yes/no question as two inline radios, cleaned to True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=InlineRadios,
        required=required,
        help_text=help_text,
        error_messages={"required": f"Select yes or no: {label[0].lower()}{label[1:]}"},
    )


# People named on one confidential address.
NAMED_USERS_MAX = 100


def country_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *((code, name) for code, name in countries)]


class PersonSearchForm(GovukForm):
    q = forms.CharField(
        label="Name, date of birth or identifier",
        help_text="For example 'Sam Jones', 27/03/2011, an NHS number or a police reference",
        max_length=SEARCH_MAX,
        error_messages={
            "required": "Enter a name, date of birth or identifier to search for",
            "max_length": too_long("What you search for", SEARCH_MAX),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if search_has_year_zero(query):
            raise ValidationError(NO_YEAR_ZERO)
        return query


class PersonDetailsForm(GovukForm):
    """A person's core details, as ``person_create`` and ``person_update`` take them."""

    # The service takes the nationality and the other nationality as one list.
    service_field_names = {"nationalities": "nationality"}

    kind = forms.ChoiceField(
        label="Who is this person?",
        choices=PersonKind.choices,
        widget=Radios,
        error_messages={"required": "Select who this person is"},
    )
    given_name = forms.CharField(
        label="Given names",
        max_length=NAME_MAX,
        required=False,
        help_text="Leave blank if not known",
        error_messages={"max_length": too_long("Given names", NAME_MAX)},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=NAME_MAX,
        required=False,
        help_text="Leave blank if not known",
        error_messages={"max_length": too_long("Family name", NAME_MAX)},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        noun="date of birth",
        required=False,
        help_text="For example, 27 3 2011. Leave blank if not known.",
    )
    dob_precision = forms.ChoiceField(
        label="How sure is the date of birth?",
        choices=[
            (DobPrecision.EXACT, Choice("Exact", "From a document or a reliable source")),
            (DobPrecision.ESTIMATED, Choice("Estimated", "The person's or your best estimate")),
            (DobPrecision.UNKNOWN, Choice("Not known")),
        ],
        widget=Radios,
        initial=DobPrecision.UNKNOWN,
        error_messages={"required": "Select how sure the date of birth is"},
    )
    dob_assigned_by_age_assessment = yes_no("Was the date of birth assigned by an age assessment?")
    gender = forms.ChoiceField(
        label="Gender", choices=Gender.choices, widget=InlineRadios, initial=Gender.UNKNOWN
    )
    nationality = forms.ChoiceField(
        label="Nationality", choices=country_choices("Not known"), required=False
    )
    other_nationality = forms.ChoiceField(
        label="Other nationality (if any)", choices=country_choices("None"), required=False
    )
    first_language = forms.CharField(
        label="First language",
        max_length=60,
        required=False,
        error_messages={"max_length": too_long("First language", 60)},
    )
    interpreter_needed = yes_no("Is an interpreter needed?")
    immigration_status = forms.ChoiceField(
        label="Immigration status",
        choices=ImmigrationStatus.choices,
        initial=ImmigrationStatus.UNKNOWN,
        help_text="Immigration status never decides whether someone is a victim.",
    )

    FIELDS = (
        "kind",
        "given_name",
        "family_name",
        "date_of_birth",
        "dob_precision",
        "dob_assigned_by_age_assessment",
        "gender",
        "nationalities",
        "first_language",
        "interpreter_needed",
        "immigration_status",
    )

    def __init__(self, *args, person=None, **kwargs):
        if person is not None:
            nationalities = [str(code) for code in person.nationalities]
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(person, name) for name in self.FIELDS},
                    "nationality": nationalities[0] if nationalities else "",
                    "other_nationality": nationalities[1] if len(nationalities) > 1 else "",
                    "version": person.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["dob_assigned_by_age_assessment"].initial = "False"
        self.fields["interpreter_needed"].initial = "False"

    def person_fields(self) -> dict:
        data = self.cleaned_data
        nationalities = [c for c in (data["nationality"], data["other_nationality"]) if c]
        return {
            **{
                name: data[name] for name in self.FIELDS if name in data and name != "nationalities"
            },
            "nationalities": list(dict.fromkeys(nationalities)),
        }


class PersonEditForm(PersonDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AliasForm(GovukForm):
    given_name = forms.CharField(
        label="Given names",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": too_long("Given names", NAME_MAX)},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": too_long("Family name", NAME_MAX)},
    )
    note = forms.CharField(
        label="Note",
        max_length=200,
        required=False,
        help_text="For example 'street name' or 'name on a false passport'",
        error_messages={"max_length": too_long("Note", 200)},
    )


class IdentifierForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of identifier",
        choices=IdentifierKind.choices,
        widget=Radios,
        error_messages={"required": "Select the type of identifier"},
    )
    value = forms.CharField(
        label="Identifier",
        max_length=60,
        error_messages={
            "required": "Enter the identifier",
            "max_length": too_long("Identifier", 60),
        },
        help_text="An NHS number is 10 digits, for example 943 476 5919",
    )


class PhoneForm(GovukForm):
    number = forms.CharField(
        label="Phone number",
        max_length=30,
        error_messages={
            "required": "Enter a phone number",
            "max_length": too_long("Phone number", 30),
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


class AddressForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of address", choices=AddressKind.choices, initial=AddressKind.HOME
    )
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={
            "required": "Enter address line 1, typically the building and street",
            "max_length": too_long("Address line 1", 200),
        },
    )
    line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": too_long("Address line 2", 200)},
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
    from_date = GovukDateField(
        label="Lived here from (optional)", noun="start date", required=False
    )
    to_date = GovukDateField(label="Lived here until (optional)", noun="end date", required=False)
    is_confidential = yes_no(
        "Is this address confidential?",
        help_text="For example a placement or safe house: only the people you name will see it.",
    )
    held_by_team = forms.ModelChoiceField(
        label="Team holding the confidential address",
        queryset=Team.objects.none(),
        required=False,
        help_text="Others see that this team holds it, and who to contact",
    )
    named_users = forms.ModelMultipleChoiceField(
        label="People who may see the confidential address",
        queryset=User.objects.none(),
        required=False,
        widget=Checkboxes,
        validators=[max_items(NAMED_USERS_MAX)],
        error_messages={"max_length": too_many(NAMED_USERS_MAX, "people")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_confidential"].initial = "False"
        self.fields["held_by_team"].queryset = Team.objects.filter(agency_id=actor.agency_id)
        self.fields["named_users"].queryset = User.objects.filter(
            agency_id=actor.agency_id,
            is_active=True,
            role__in=[Role.PRACTITIONER, Role.MANAGER],
        ).order_by("full_name")

    @staticmethod
    def address_fields(data: dict) -> dict:
        """``address_add``'s arguments: a team and named users only for a confidential one."""
        confidential = data["is_confidential"]
        return {
            **data,
            "held_by_team": data["held_by_team"] if confidential else None,
            "named_users": list(data["named_users"]) if confidential else [],
        }


class RelationshipForm(GovukForm):
    """The other person is chosen from search results, rendered as radios by the page."""

    other = forms.IntegerField(
        label="Person",
        widget=forms.HiddenInput,
        max_value=ID_MAX,
        error_messages={
            "required": "Choose a person from the search results",
            "invalid": "Choose a person from the search results",
            "max_value": "Choose a person from the search results",
        },
    )
    kind = forms.ChoiceField(
        label="Relationship",
        choices=RelationshipKind.choices,
        widget=Radios,
        error_messages={"required": "Select the relationship"},
    )
    direction = forms.ChoiceField(
        label="Which way round?",
        choices=[("chosen_of_this", "chosen_of_this"), ("this_of_chosen", "this_of_chosen")],
        widget=Radios,
        initial="chosen_of_this",
        error_messages={"required": "Select which way round the relationship is"},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        name = person.full_name
        self.fields["direction"].choices = [
            (
                "chosen_of_this",
                Choice(
                    f"The person you chose is this to {name}",
                    f"For example, the person you chose is {name}'s suspected exploiter",
                ),
            ),
            (
                "this_of_chosen",
                Choice(
                    f"{name} is this to the person you chose",
                    f"For example, {name} is the parent of the person you chose",
                ),
            ),
        ]
