"""The profile's part 1 form, in sections, and the photograph upload. They parse what was sent;
the services decide what is accepted (postcodes, phone numbers, the photograph's content)."""

from django import forms

from haven.accounts.models import Agency
from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.core.uploads import size_label
from haven.philomena.models import LIST_FIELDS, PhilomenaProfile
from haven.philomena.photos import PHOTO_EXTENSIONS, PHOTO_NAMES
from haven.philomena.services import LIST_ITEMS, LIST_MAX

# Each list shows its items and this many empty rows to add more.
SPARE_ROWS = 2
ITEM_LABELS = {
    "associates": {
        "name": "Name",
        "relationship": "Who they are to the child",
        "details": "Details",
    },
    "places": {
        "description": "What the place is",
        "address": "Address (optional)",
        "postcode": "Postcode (optional)",
    },
    "phones": {"number": "Phone number", "whose": "Whose phone (optional)"},
}
# Each item's legend, numbered: "Associate 1".
ITEM_NAMES = {"associates": "Associate", "places": "Place", "phones": "Phone"}
SECTIONS = (
    ("Personal details", ("carer_agency", "known_as", "ethnicity")),
    (
        "Physical description",
        ("height", "build", "hair", "eyes", "distinguishing_features"),
    ),
    ("Vulnerabilities and medical needs", ("vulnerabilities", "medical_needs")),
    ("Associates", ("associates",)),
    ("Addresses and places frequented", ("places",)),
    ("Phones and social media", ("phones", "social_media")),
    (
        "Transport, money and missing history",
        ("transport", "financial_details", "previous_missing_episodes"),
    ),
)
HINTS = {
    "known_as": "Nicknames or the name the child uses",
    "height": "For example, 5 feet 4 inches or 163cm",
    "hair": "Colour, length and style",
    "distinguishing_features": "Scars, tattoos, piercings, birthmarks, glasses, accent",
    "vulnerabilities": "For example, learning needs, exploitation risks, self-harm",
    "medical_needs": "Conditions and medication the child needs, and what happens without it",
    "social_media": "Accounts and user names",
    "transport": "Buses, trains, taxis, lifts from adults, bicycles",
    "financial_details": "Bank cards, cash, phone top-ups, who gives the child money",
    "previous_missing_episodes": "Where the child has been found before, and with whom",
}


def _text(label: str, *, long: bool = False, max_length: int = FREE_TEXT_MAX) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput,
        error_messages={"max_length": too_long(label, max_length)},
    )


class ProfileForm(GovukForm):
    carer_agency = forms.ModelChoiceField(
        label="Carer's agency (optional)",
        help_text="The fostering agency or residential home that cares for the child: its "
        "practitioners and managers can keep this profile too",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select the carer's agency from the list"},
    )

    def __init__(self, *args, profile: PhilomenaProfile | None, **kwargs):
        super().__init__(*args, **kwargs)
        model = PhilomenaProfile._meta
        for name in ("known_as", "ethnicity", "height", "build", "hair", "eyes"):
            field = model.get_field(name)
            self.fields[name] = _text(field.verbose_name.capitalize(), max_length=field.max_length)
        for name in (
            "distinguishing_features",
            "vulnerabilities",
            "medical_needs",
            "social_media",
            "transport",
            "financial_details",
            "previous_missing_episodes",
        ):
            self.fields[name] = _text(model.get_field(name).verbose_name.capitalize(), long=True)
        for name, hint in HINTS.items():
            self.fields[name].help_text = hint
        self.service_field_names = {}
        self.rows = {}
        for name in LIST_FIELDS:
            keys, _required = LIST_ITEMS[name]
            items = list(getattr(profile, name)) if profile else []
            count = min(len(items) + SPARE_ROWS, LIST_MAX)
            self.rows[name] = []
            for index in range(count):
                row = []
                for key in keys:
                    field_name = f"{name}_{index}_{key}"
                    label = f"{ITEM_LABELS[name][key]} ({index + 1})"
                    self.fields[field_name] = _text(label, max_length=FREE_TEXT_MAX)
                    self.service_field_names[f"{name}.{index}.{key}"] = field_name
                    if index < len(items):
                        self.initial[field_name] = items[index].get(key, "")
                    row.append(field_name)
                self.rows[name].append(row)
        if profile is not None:
            for name in self.fields:
                if hasattr(profile, name) and name not in LIST_FIELDS:
                    self.initial[name] = getattr(profile, name)

    def sections(self):
        """(heading, fields, list rows) in page order, for the template (which shows a
        section's list rows before its other fields: phones, then social media)."""
        for heading, names in SECTIONS:
            fields = [self[name] for name in names if name not in LIST_FIELDS]
            lists = [
                (ITEM_NAMES[name], [[self[f] for f in row] for row in self.rows[name]])
                for name in names
                if name in LIST_FIELDS
            ]
            yield heading, fields, lists

    def profile_values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: value
            for name, value in data.items()
            if not any(name.startswith(f"{list_name}_") for list_name in LIST_FIELDS)
        }
        for name, rows in self.rows.items():
            keys, _required = LIST_ITEMS[name]
            values[name] = [
                {key: data.get(field) or "" for key, field in zip(keys, row, strict=True)}
                for row in rows
            ]
        return values


class PhotographForm(GovukForm):
    file = forms.FileField(
        label="Upload a photograph",
        # Empty files are the service's to refuse, with GOV.UK's words.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ",".join(PHOTO_EXTENSIONS)}),
        error_messages={"required": "Select a photograph", "invalid": "Select a photograph"},
    )

    def __init__(self, *args, max_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A recent photograph of the child's face: a {PHOTO_NAMES}, smaller than "
            f"{size_label(max_size)}. Haven removes the photograph's location and other details."
        )
