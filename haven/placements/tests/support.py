"""A placement recorded the way the pages and the API record one."""

from datetime import timedelta

from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.workflows.placements import placement_record_with_tasks

SAFE_HOUSE_ADDRESS = "12 Hidden Row"
OFFICER_NAMES = {
    "head_of_service": "Hana Hughes",
    "operational_director": "Owen Davies",
    "chief_executive": "Cerys Evans",
}


def place(actor, case, *, named_users=None, **fields):
    """``actor`` records a placement on ``case`` (by default a safe house that started
    yesterday), naming ``named_users`` (default: the actor) on its address."""
    defaults = {
        "placement_type": "safe_house",
        "provider": "North West Safe Homes",
        "start_date": timezone.localdate() - timedelta(days=1),
        "address_line": SAFE_HOUSE_ADDRESS,
        "postcode": "wa1 2zz",
    }
    return placement_record_with_tasks(
        actor=actor,
        case=case,
        named_users=[actor] if named_users is None else named_users,
        **{**defaults, **fields},
    )


def senior_officers(authority, *, chief_executive=True):
    """The authority's Head of Service, Operational Director and (unless told not to) Chief
    Executive, set up on its agency."""
    agency = authority.agency
    slug = agency.slug
    officers = {}
    for office in ("head_of_service", "operational_director", "chief_executive"):
        if office == "chief_executive" and not chief_executive:
            continue
        officers[office] = UserFactory(
            email=f"{office}@{slug}.test",
            full_name=OFFICER_NAMES[office],
            agency=agency,
            team=authority.team,
            role=Role.MANAGER,
        )
        setattr(agency, office, officers[office])
    agency.save()
    return officers
