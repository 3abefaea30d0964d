"""A local authority's Head of Service, Operational Director and Chief Executive (told of every
safe-house escalation) are set by its own administrators or a partnership administrator, audited,
and shown on the agencies page with "Not set up" where nobody holds an office."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from haven.accounts.models import Role
from haven.accounts.services import ManagementRefused, agency_senior_officers_set
from haven.accounts.tests.factories import (
    AgencyFactory,
    LocalAuthorityFactory,
    TeamFactory,
    UserFactory,
)
from haven.audit.models import AuditEvent, Verb
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def halton():
    agency = LocalAuthorityFactory(name="Halton Borough Council", slug="halton", area_code="halton")
    team = TeamFactory(agency=agency, name="Children's services")
    return agency, team


@pytest.fixture
def officers(halton):
    agency, team = halton
    return {
        office: UserFactory(agency=agency, team=team, role=Role.MANAGER, full_name=name)
        for office, name in (
            ("head_of_service", "Hana Service"),
            ("operational_director", "Omar Director"),
            ("chief_executive", "Cara Chief"),
        )
    }


@pytest.fixture
def halton_admin(verified_client, halton):
    agency, team = halton
    user = UserFactory(role=Role.ADMIN, agency=agency, team=team, full_name="Ada Admin")
    return user, verified_client(user)


def _page(agency):
    return reverse("accounts:agency_senior_officers", args=[agency.pk])


def test_the_authoritys_admin_sets_its_senior_officers_audited(halton, officers, halton_admin):
    agency, _ = halton
    actor, client = halton_admin
    response = client.post(_page(agency), {o: u.pk for o, u in officers.items()})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.head_of_service == officers["head_of_service"]
    assert agency.operational_director == officers["operational_director"]
    assert agency.chief_executive == officers["chief_executive"]
    event = AuditEvent.objects.get(verb=Verb.AGENCY_SENIOR_OFFICERS_SET)
    assert event.actor == actor
    assert event.changes["chief_executive"] == {
        "before": None,
        "after": officers["chief_executive"].pk,
    }
    listed = client.get(reverse("accounts:agency_list")).content.decode()
    assert "Cara Chief" in listed and "Omar Director" in listed
    assert "Not set up" not in listed


def test_a_missing_office_shows_not_set_up_on_the_agencies_page(halton, officers, halton_admin):
    agency, _ = halton
    officers["chief_executive"] = None
    agency_senior_officers_set(actor=halton_admin[0], agency=agency, **officers)
    page = halton_admin[1].get(reverse("accounts:agency_list")).content.decode()
    assert "Senior officers not set up" in page
    assert "Halton Borough Council: no Chief Executive." in page
    assert "Not set up" in page


def test_a_deactivated_officer_counts_as_not_set_up(halton, officers, halton_admin):
    agency, _ = halton
    agency_senior_officers_set(actor=halton_admin[0], agency=agency, **officers)
    officers["operational_director"].is_active = False
    officers["operational_director"].save()
    page = halton_admin[1].get(reverse("accounts:agency_list")).content.decode()
    assert "Halton Borough Council: no Operational Director." in page


def test_clearing_an_office_is_allowed_and_audited(halton, officers, halton_admin):
    agency, _ = halton
    agency_senior_officers_set(actor=halton_admin[0], agency=agency, **officers)
    response = halton_admin[1].post(
        _page(agency),
        {
            "head_of_service": officers["head_of_service"].pk,
            "operational_director": officers["operational_director"].pk,
            "chief_executive": "",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.chief_executive is None
    assert AuditEvent.objects.filter(verb=Verb.AGENCY_SENIOR_OFFICERS_SET).count() == 2


def test_only_the_authoritys_active_users_may_be_chosen(halton, officers, halton_admin):
    agency, _ = halton
    outsider = UserFactory(agency=LocalAuthorityFactory(), full_name="Olly Outsider")
    leaver = UserFactory(agency=agency, full_name="Lee Leaver", is_active=False)
    page = halton_admin[1].get(_page(agency)).content.decode()
    assert "Hana Service" in page
    assert "Olly Outsider" not in page and "Lee Leaver" not in page
    response = halton_admin[1].post(
        _page(agency), {"head_of_service": outsider.pk, "chief_executive": leaver.pk}
    )
    assert response.status_code == 200
    assert "Select an active user as Head of Service" in response.content.decode()
    for chosen in (outsider, leaver):
        with pytest.raises(ValidationError):
            agency_senior_officers_set(
                actor=halton_admin[0],
                agency=agency,
                head_of_service=chosen,
                operational_director=None,
                chief_executive=None,
            )
    agency.refresh_from_db()
    assert agency.head_of_service is None and agency.chief_executive is None
    assert not AuditEvent.objects.filter(verb=Verb.AGENCY_SENIOR_OFFICERS_SET).exists()


def test_another_authoritys_admin_gets_not_found_and_changes_nothing(
    verified_client, halton, officers
):
    agency, _ = halton
    other = LocalAuthorityFactory(name="Warrington Borough Council", slug="warrington")
    admin = UserFactory(role=Role.ADMIN, agency=other, team=TeamFactory(agency=other))
    client = verified_client(admin)
    assert client.get(_page(agency)).status_code == 404
    response = client.post(_page(agency), {"head_of_service": officers["head_of_service"].pk})
    assert response.status_code == 404
    agency.refresh_from_db()
    assert agency.head_of_service is None
    with pytest.raises(ManagementRefused):
        agency_senior_officers_set(actor=admin, agency=agency, **officers)


def test_an_agency_other_than_a_local_authority_has_no_senior_officers(verified_client):
    police = AgencyFactory(name="Cheshire Police", slug="police", agency_type="police")
    partnership = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    assert verified_client(partnership).get(_page(police)).status_code == 404


def test_a_partnership_admins_change_is_told_to_the_authoritys_admins(
    verified_client, halton, officers, halton_admin
):
    agency, _ = halton
    partnership = UserFactory(role=Role.PARTNERSHIP_ADMIN, full_name="Pat Partnership")
    response = verified_client(partnership).post(
        _page(agency), {o: u.pk for o, u in officers.items()}
    )
    assert response.status_code == 302
    [note] = Notification.objects.filter(recipient=halton_admin[0])
    assert "Pat Partnership" in note.body and "Chief Executive: Cara Chief" in note.body


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PRACTITIONER, Role.AUDITOR])
def test_other_roles_are_refused(verified_client, halton, role):
    agency, team = halton
    user = UserFactory(role=role, agency=agency, team=team)
    assert verified_client(user).get(_page(agency)).status_code == 403
