"""Administrators manage agencies and users; they never get case content."""

import pytest
from django.urls import reverse

from haven.accounts.models import Agency, Role, User
from haven.accounts.tests.factories import TeamFactory, UserFactory, give_totp_device
from haven.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(verified_client):
    user = UserFactory(role=Role.ADMIN)
    return user, verified_client(user)


def test_admin_adds_an_agency_with_a_team(admin):
    _, client = admin
    response = client.post(
        reverse("accounts:agency_list"),
        {
            "name": "Cheshire Fire",
            "slug": "cheshire-fire",
            "agency_type": "ngo",
            "team_name": "Safeguarding",
            "team_function": "safeguarding",
        },
    )
    assert response.status_code == 302
    assert Agency.objects.get(slug="cheshire-fire").teams.get().name == "Safeguarding"


def test_bad_agency_input_saves_nothing(admin):
    _, client = admin
    response = client.post(reverse("accounts:agency_list"), {"name": "", "slug": "bad slug"})
    assert "There is a problem" in response.content.decode()
    assert not Agency.objects.filter(slug="bad slug").exists()


def test_admin_adds_a_user_and_sees_a_one_time_password(admin):
    _, client = admin
    team = TeamFactory()
    response = client.post(
        reverse("accounts:user_list"),
        {
            "email": "new@example.org",
            "full_name": "New Person",
            "team": team.pk,
            "role": "practitioner",
        },
    )
    assert response.status_code == 200
    new = User.objects.get(email="new@example.org")
    assert new.agency == team.agency
    assert response.context["password"] and new.check_password(response.context["password"])


def test_admin_deactivates_and_resets_two_factor_with_audit(admin):
    actor, client = admin
    target = UserFactory()
    give_totp_device(target)
    client.post(
        reverse("accounts:user_action", args=[target.pk, "reset-two-factor"]),
        {"reason": "Lost phone"},
    )
    assert not target.totpdevice_set.exists()
    client.post(
        reverse("accounts:user_action", args=[target.pk, "deactivate"]),
        {"reason": "Left the agency"},
    )
    target.refresh_from_db()
    assert not target.is_active
    assert AuditEvent.objects.filter(actor=actor, verb=Verb.ACCESS_REVOKED).count() == 2


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.AUDITOR])
def test_other_roles_cannot_administer(verified_client, role):
    client = verified_client(UserFactory(role=role))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:agency_list")).status_code == 403
