"""Placements recorded before this module were confidential addresses of kind placement or safe
house on the child's record. Each one with a case about the child becomes a placement of that
case, keeping the same address row (so its named users, team and audit trail stay as they
are). Nothing is deleted: an address with no case stays on the person's record only."""

from django.db import migrations


def placements_from_addresses(apps, schema_editor):
    Address = apps.get_model("people", "Address")
    Case = apps.get_model("cases", "Case")
    Placement = apps.get_model("placements", "Placement")
    addresses = Address.objects.filter(
        kind__in=["placement", "safe_house"],
        is_confidential=True,
        held_by_team__isnull=False,
        placement__isnull=True,
    ).select_related("held_by_team")
    for address in addresses:
        case = (
            Case.objects.filter(pk=address.case_id).first()
            if address.case_id
            else Case.objects.filter(
                person_id=address.person_id, lead_agency_id=address.held_by_team.agency_id
            )
            .order_by("-opened_at", "-pk")
            .first()
        )
        if case is None:
            continue
        start = address.from_date or address.created_at.date()
        if address.to_date and address.to_date < start:
            start = address.to_date
        Placement.objects.create(
            case=case,
            placement_type="safe_house" if address.kind == "safe_house" else "other",
            provider="Not recorded",
            start_date=start,
            end_date=address.to_date,
            address=address,
            recorded_by=None,
            recorded_by_agency_id=address.recorded_by_agency_id,
            recorded_at=address.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_placements_safety_plans_escalations"),
        ("people", "0003_details_added_in_a_case"),
        ("cases", "0006_missing_nrm_investigation_sections"),
    ]

    operations = [migrations.RunPython(placements_from_addresses, migrations.RunPython.noop)]
