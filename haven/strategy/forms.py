from django import forms

from haven.core.forms import GovukForm
from haven.strategy.models import NationalReferralFigures

# Labels, and the hint for each count, in the order the form asks.
_COUNTS = {
    "child_referrals": ("Child referrals", "Every child referred to the NRM that year."),
    "all_referrals": ("All referrals, children and adults", ""),
    "sexual": ("Sexual exploitation", ""),
    "sexual_uk": ("Sexual exploitation of UK nationals", ""),
    "sexual_non_uk": ("Sexual exploitation of other nationals", ""),
    "labour": ("Labour exploitation", ""),
    "criminal": ("Criminal exploitation", ""),
    "domestic_servitude": ("Domestic servitude", ""),
    "organ_harvesting": ("Organ harvesting", ""),
    "not_defined": ("Exploitation not defined", ""),
}


def _count(name: str) -> forms.IntegerField:
    label, hint = _COUNTS[name]
    required = name == "child_referrals"
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=hint or "Leave blank if not published for that year.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the number of {label.lower()}",
            "invalid": f"{label} must be a whole number, like 982",
        },
    )


class NationalFiguresForm(GovukForm):
    year = forms.IntegerField(
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year the figures are for",
            "invalid": "Year must be a whole number, like 2024",
        },
    )
    child_referrals = _count("child_referrals")
    all_referrals = _count("all_referrals")
    sexual = _count("sexual")
    sexual_uk = _count("sexual_uk")
    sexual_non_uk = _count("sexual_non_uk")
    labour = _count("labour")
    criminal = _count("criminal")
    domestic_servitude = _count("domestic_servitude")
    organ_harvesting = _count("organ_harvesting")
    not_defined = _count("not_defined")
    source = forms.CharField(
        max_length=NationalReferralFigures._meta.get_field("source").max_length,
        help_text="Where the figures come from, for example 'Home Office NRM statistics, "
        "end of year summary 2024'.",
        error_messages={
            "required": "Enter where the figures come from",
            "max_length": "Where the figures come from must be 300 characters or fewer",
        },
    )
