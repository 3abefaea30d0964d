"""System checks on settings that name the partnership's vocabulary: each agency type a setting
names must be one of ``AgencyType`` (a typo would quietly take a power away)."""

from django.conf import settings
from django.core.checks import Error, register

from haven.accounts.models import AgencyType


@register()
def break_glass_agency_types(app_configs, **kwargs):
    unknown = sorted(set(settings.HAVEN_BREAK_GLASS_AGENCY_TYPES) - set(AgencyType.values))
    if not unknown:
        return []
    return [
        Error(
            f"HAVEN_BREAK_GLASS_AGENCY_TYPES names unknown agency types: {', '.join(unknown)}.",
            hint=f"Use agency types from: {', '.join(AgencyType.values)}.",
            id="accounts.E001",
        )
    ]
