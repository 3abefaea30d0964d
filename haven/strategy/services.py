"""Recording the national figures the strategy compares local figures with (decision 0018)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff
from haven.strategy.models import (
    COUNT_FIELDS,
    EXPLOITATION_FIELDS,
    FIRST_NRM_YEAR,
    NationalReferralFigures,
)


def national_figures_problems(fields: dict) -> dict[str, str]:
    """What is wrong with a year's figures, by field; empty when they may be recorded."""
    errors: dict[str, str] = {
        name: f"{NationalReferralFigures._meta.get_field(name).verbose_name} must be 0 or more"
        for name in COUNT_FIELDS
        if (fields.get(name) or 0) < 0
    }
    if errors:
        return errors
    year, children = fields.get("year"), fields.get("child_referrals")
    if year is not None:
        if year < FIRST_NRM_YEAR:
            errors["year"] = f"Year must be {FIRST_NRM_YEAR} or later, when the NRM began"
        elif year > timezone.localdate().year:
            errors["year"] = "Year must be this year or earlier"
        elif NationalReferralFigures.objects.filter(year=year).exists():
            errors["year"] = f"The figures for {year} are already recorded"
    if children is None:
        return errors
    everyone = fields.get("all_referrals")
    if everyone is not None and everyone < children:
        errors["all_referrals"] = "All referrals must be at least the number of child referrals"
    by_type = sum(fields.get(name) or 0 for name in EXPLOITATION_FIELDS)
    if by_type > children:
        errors["child_referrals"] = (
            f"The exploitation types add up to {by_type:,}, more than the {children:,} child "
            "referrals"
        )
    uk, non_uk, sexual = fields.get("sexual_uk"), fields.get("sexual_non_uk"), fields.get("sexual")
    if (uk is not None or non_uk is not None) and (
        sexual is None or (uk or 0) + (non_uk or 0) != sexual
    ):
        errors["sexual_uk"] = (
            "Sexual exploitation of UK and other nationals must add up to sexual exploitation"
        )
    return errors


@transaction.atomic
def national_figures_record(*, actor, **fields) -> NationalReferralFigures:
    """A later year's national figures, recorded by a strategic lead and audited."""
    if not actor.has_role_permission(roles.RECORD_NATIONAL_FIGURES):
        raise PermissionDenied
    if errors := national_figures_problems(fields):
        raise ValidationError(errors)
    figures = NationalReferralFigures(**fields, recorded_by=actor)
    figures.full_clean()
    figures.save()
    audit_record(
        actor=actor,
        verb=Verb.NATIONAL_FIGURES_RECORDED,
        target=figures,
        changes=diff(None, fields),
    )
    return figures
