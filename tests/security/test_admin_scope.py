"""Attacks from the penetration test and the user trial, each replayed against Haven.

An administrator manages only their own agency's teams and users; a partnership administrator
manages all (and the agency is told); the command line follows the same rule. Auditors read
their own agency's audit events. Demo log-ins never work in production. Guessing passwords
across rotating addresses locks the account. A password reset goes to the configured address
and never skips the second factor.
"""

import hashlib
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp import devices_for_user
from rest_framework.test import APIClient

from haven.accounts.models import Role, User
from haven.accounts.services import (
    ManagementRefused,
    api_token_create,
    team_create,
    user_create,
    user_reset_two_factor,
    user_set_active,
    user_update,
)
from haven.accounts.tests.factories import (
    UserFactory,
    give_backup_codes,
    give_totp_device,
)
from haven.audit.models import AuditEvent, Verb
from haven.audit.services import audit_record
from haven.cases.tests.world import open_case
from haven.core.tests.support import login_backup_step, login_password_step
from haven.demo.loader import (
    DEMO_PASSWORD,
    DemoRefused,
    demo_backup_code,
    load_demo,
    load_demo_accounts,
)
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_admin(world):
    return UserFactory(
        email="admin@police.test",
        full_name="Police Admin",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ADMIN,
    )


@pytest.fixture
def partnership_admin(world):
    west = world.la("cheshire_west_and_chester")
    return UserFactory(
        email="partnership-admin@cwac.test",
        full_name="Pat Partnership",
        agency=west.agency,
        team=west.team,
        role=Role.PARTNERSHIP_ADMIN,
    )


# 1. Admins manage only their own agency ---------------------------------------------------


class TestAgencyAdminStaysInTheirAgency:
    def test_police_admin_cannot_create_a_warrington_manager_from_the_page(
        self, world, police_admin, verified_client
    ):
        warrington = world.la("warrington")
        case = open_case(world)
        response = verified_client(police_admin).post(
            reverse("accounts:user_list"),
            {
                "email": "sleeper@warrington.test",
                "full_name": "Sleeper Agent",
                "team": warrington.team.pk,
                "role": "manager",
            },
        )
        assert response.status_code == 200
        assert "Select a team" in response.content.decode()
        assert not User.objects.filter(email="sleeper@warrington.test").exists()
        assert case.lead_agency == warrington.agency

    def test_police_admin_cannot_create_a_warrington_manager_through_the_service(
        self, world, police_admin
    ):
        with pytest.raises(ManagementRefused, match="own agency"):
            user_create(
                actor=police_admin,
                email="sleeper@warrington.test",
                password=None,
                full_name="Sleeper Agent",
                team=world.la("warrington").team,
                role=Role.MANAGER,
            )
        assert not User.objects.filter(email="sleeper@warrington.test").exists()

    @pytest.mark.parametrize("action", ["deactivate", "reset-two-factor", "send-password-reset"])
    def test_police_admin_cannot_act_on_a_warrington_user(
        self, world, police_admin, verified_client, action, mailoutbox
    ):
        target = world.la("warrington").manager
        give_totp_device(target)
        client = verified_client(police_admin)
        url = reverse("accounts:user_action", args=[target.pk, action])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Because I can"}).status_code == 404
        target.refresh_from_db()
        assert target.is_active
        assert list(devices_for_user(target, confirmed=None))
        assert mailoutbox == []

    def test_police_admin_cannot_edit_a_warrington_user(self, world, police_admin, verified_client):
        target = world.la("warrington").practitioner
        url = reverse("accounts:user_edit", args=[target.pk])
        client = verified_client(police_admin)
        assert client.get(url).status_code == 404
        response = client.post(
            url, {"full_name": "Renamed", "team": target.team_id, "role": "manager"}
        )
        assert response.status_code == 404
        target.refresh_from_db()
        assert (target.full_name, target.role) != ("Renamed", Role.MANAGER)

    def test_the_services_refuse_whatever_calls_them(self, world, police_admin):
        target = world.la("warrington").manager
        give_totp_device(target)
        with pytest.raises(ManagementRefused):
            user_set_active(actor=police_admin, user=target, active=False, reason="x")
        with pytest.raises(ManagementRefused):
            user_reset_two_factor(actor=police_admin, user=target, reason="x")
        with pytest.raises(ManagementRefused):
            user_update(
                actor=police_admin,
                user=target,
                full_name="x",
                team=world.la("warrington").team,
                role=Role.MANAGER,
            )
        with pytest.raises(ManagementRefused):
            api_token_create(actor=police_admin, user=target, name="backdoor")
        with pytest.raises(ManagementRefused):
            team_create(actor=police_admin, agency=world.la("warrington").agency, name="Shadow")
        target.refresh_from_db()
        assert target.is_active and list(devices_for_user(target, confirmed=None))
        assert not target.api_tokens.exists()

    def test_a_local_authority_admin_lists_and_finds_only_their_own_users(
        self, world, verified_client
    ):
        client = verified_client(world.admin)  # Warrington's administrator
        listed = client.get(reverse("accounts:user_list"))
        agencies = {row.user.agency_id for row in listed.context["rows"]}
        assert agencies == {world.la("warrington").agency.pk}
        police = world.police.practitioner
        found = client.get(reverse("accounts:user_list"), {"q": police.email})
        assert police.full_name not in found.content.decode()
        assert found.context["page_obj"].paginator.count == 0

    def test_an_admin_cannot_move_their_user_into_another_agencys_team(
        self, world, verified_client
    ):
        target = world.la("warrington").practitioner
        halton_team = world.la("halton").team
        response = verified_client(world.admin).post(
            reverse("accounts:user_edit", args=[target.pk]),
            {"full_name": target.full_name, "team": halton_team.pk, "role": "manager"},
        )
        assert "Select a team" in response.content.decode()
        target.refresh_from_db()
        assert target.agency == world.la("warrington").agency
        with pytest.raises(ManagementRefused):
            user_update(
                actor=world.admin,
                user=target,
                full_name=target.full_name,
                team=halton_team,
                role=Role.MANAGER,
            )

    def test_an_admin_cannot_add_a_team_to_another_agency(self, world, verified_client):
        halton = world.la("halton").agency
        response = verified_client(world.admin).post(
            reverse("accounts:agency_list"),
            {
                "form_name": "team",
                "agency": halton.pk,
                "name": "Shadow team",
                "function": "general",
            },
        )
        assert "Select an agency" in response.content.decode()
        assert not halton.teams.filter(name="Shadow team").exists()

    def test_an_agency_admin_cannot_add_an_agency(self, world, verified_client):
        response = verified_client(world.admin).post(
            reverse("accounts:agency_list"),
            {
                "form_name": "agency",
                "name": "Shadow agency",
                "slug": "shadow",
                "agency_type": "ngo",
                "team_name": "Shadow team",
                "team_function": "general",
            },
        )
        assert response.status_code == 403
        assert not world.police.agency.__class__.objects.filter(slug="shadow").exists()


class TestNoEscalationWithinTheAgency:
    def test_an_agency_admin_cannot_give_a_partnership_role(self, world, verified_client):
        warrington = world.la("warrington")
        for role in (Role.PARTNERSHIP_ADMIN, Role.PARTNERSHIP_AUDITOR):
            response = verified_client(world.admin).post(
                reverse("accounts:user_list"),
                {
                    "email": f"{role}@w.test",
                    "full_name": "X",
                    "team": warrington.team.pk,
                    "role": role,
                },
            )
            assert "Select a role" in response.content.decode()
            assert not User.objects.filter(email=f"{role}@w.test").exists()
            with pytest.raises(ManagementRefused, match="partnership role"):
                user_create(
                    actor=world.admin,
                    email=f"{role}@w.test",
                    password=None,
                    full_name="X",
                    team=warrington.team,
                    role=role,
                )

    def test_an_agency_admin_cannot_take_over_a_partnership_admin_of_their_agency(
        self, world, verified_client
    ):
        warrington = world.la("warrington")
        boss = UserFactory(
            agency=warrington.agency, team=warrington.team, role=Role.PARTNERSHIP_ADMIN
        )
        give_totp_device(boss)
        client = verified_client(world.admin)
        for url in (
            reverse("accounts:user_action", args=[boss.pk, "reset-two-factor"]),
            reverse("accounts:user_action", args=[boss.pk, "deactivate"]),
            reverse("accounts:user_edit", args=[boss.pk]),
        ):
            assert (
                client.post(url, {"reason": "x", "full_name": "x", "role": "admin"}).status_code
                == 403
            )
        boss.refresh_from_db()
        assert boss.is_active and boss.role == Role.PARTNERSHIP_ADMIN
        assert list(devices_for_user(boss, confirmed=None))

    def test_an_admin_cannot_change_their_own_account(self, world, verified_client):
        me = world.admin
        client = verified_client(me)
        assert (
            client.post(
                reverse("accounts:user_action", args=[me.pk, "reset-two-factor"]), {"reason": "x"}
            ).status_code
            == 403
        )
        with pytest.raises(ManagementRefused, match="your own account"):
            user_update(
                actor=me, user=me, full_name="Me", team=world.la("warrington").team, role=Role.ADMIN
            )


class TestPartnershipAdministrator:
    def test_may_manage_another_agency_and_that_agencys_admins_are_told(
        self, world, partnership_admin, verified_client
    ):
        warrington = world.la("warrington")
        response = verified_client(partnership_admin).post(
            reverse("accounts:user_list"),
            {
                "email": "new-manager@warrington.test",
                "full_name": "New Manager",
                "team": warrington.team.pk,
                "role": "manager",
            },
        )
        assert response.status_code == 200
        created = User.objects.get(email="new-manager@warrington.test")
        assert created.agency == warrington.agency
        [note] = Notification.objects.filter(recipient=world.admin)
        assert "Pat Partnership" in note.body and "New Manager" in note.body
        # Only Warrington's administrators: not its practitioners, not other agencies.
        assert not Notification.objects.filter(recipient=warrington.manager).exists()
        assert AuditEvent.objects.filter(
            actor=partnership_admin, verb=Verb.USER_CREATED, target_id=str(created.pk)
        ).exists()


# 1b. The command line follows the same rule --------------------------------------------------


class TestCommands:
    def test_add_user_acting_for_the_police_admin_cannot_create_a_warrington_manager(
        self, world, police_admin, partnership_admin
    ):
        with pytest.raises(CommandError, match="own agency"):
            call_command(
                "add_user",
                "sleeper@warrington.test",
                "Sleeper Agent",
                "--agency",
                "warrington",
                "--team",
                world.la("warrington").team.name,
                "--role",
                "manager",
                "--by",
                police_admin.email,
            )
        assert not User.objects.filter(email="sleeper@warrington.test").exists()

    def test_without_by_the_operator_cannot_act_once_a_partnership_admin_exists(
        self, world, partnership_admin
    ):
        target = world.la("warrington").manager
        give_totp_device(target)
        with pytest.raises(CommandError, match="--by"):
            call_command(
                "add_user", "x@warrington.test", "X", "--agency", "warrington", "--role", "manager"
            )
        with pytest.raises(CommandError, match="--by"):
            call_command("reset_two_factor", target.email, "--reason", "Phone lost")
        with pytest.raises(CommandError, match="--by"):
            call_command("create_api_token", target.email)
        with pytest.raises(CommandError, match="--by"):
            call_command("add_agency", "shadow", "Shadow", "--type", "ngo", "--team", "T")
        assert list(devices_for_user(target, confirmed=None))
        assert not User.objects.filter(email="x@warrington.test").exists()

    def test_reset_two_factor_and_tokens_acting_for_another_agencys_admin_are_refused(
        self, world, police_admin, partnership_admin
    ):
        target = world.la("warrington").manager
        give_totp_device(target)
        with pytest.raises(CommandError, match="own agency"):
            call_command(
                "reset_two_factor", target.email, "--reason", "x", "--by", police_admin.email
            )
        with pytest.raises(CommandError, match="own agency"):
            call_command("create_api_token", target.email, "--by", police_admin.email)
        assert list(devices_for_user(target, confirmed=None))
        assert not target.api_tokens.exists()

    def test_an_agency_admin_cannot_add_an_agency_from_the_command_line(
        self, world, partnership_admin
    ):
        with pytest.raises(CommandError, match="own agency"):
            call_command(
                "add_agency",
                "shadow",
                "Shadow",
                "--type",
                "ngo",
                "--team",
                "T",
                "--by",
                world.admin.email,
            )


# 3. Auditors read their own agency's events ---------------------------------------------------


class TestAuditorsPage:
    def _events(self, world):
        police = audit_record(
            actor=world.police.practitioner, verb=Verb.VIEWED, target=("people.person", 1)
        )
        warrington = audit_record(
            actor=world.la("warrington").practitioner,
            verb=Verb.VIEWED,
            target=("people.person", 2),
        )
        return police, warrington

    def test_an_agency_auditor_cannot_read_another_agencys_events(self, world, verified_client):
        police, warrington = self._events(world)
        client = verified_client(world.auditor)  # Warrington's auditor
        page = client.get(reverse("audit:event_list"))
        ids = {event.pk for event in page.context["page_obj"]}
        assert warrington.pk in ids
        assert police.pk not in ids
        assert not any(
            e.actor_agency_id != world.auditor.agency_id for e in page.context["page_obj"]
        )
        # Asking for the police by filter shows nothing either.
        filtered = client.get(reverse("audit:event_list"), {"agency": world.police.agency.pk})
        assert police.pk not in {e.pk for e in filtered.context["page_obj"]}
        by_user = client.get(reverse("audit:event_list"), {"user": world.police.practitioner.email})
        assert police.pk not in {e.pk for e in by_user.context["page_obj"]}

    def test_a_partnership_auditor_reads_every_agency(self, world, verified_client):
        police, warrington = self._events(world)
        auditor = UserFactory(
            agency=world.la("halton").agency, team=None, role=Role.PARTNERSHIP_AUDITOR
        )
        page = verified_client(auditor).get(reverse("audit:event_list"))
        ids = {event.pk for event in page.context["page_obj"]}
        assert {police.pk, warrington.pk} <= ids


# 4. Demo log-ins never work in production -----------------------------------------------------


@pytest.fixture
def demo_user():
    user = UserFactory(email="manager@warrington.demo", role=Role.MANAGER)
    give_totp_device(user)
    give_backup_codes(user, demo_backup_code(user.email))
    return user


class TestDemoInProduction:
    def test_demo_password_and_backup_code_sign_in_locally(self, client, demo_user):
        assert login_password_step(client, demo_user.email).status_code == 200
        response = login_backup_step(client, demo_backup_code(demo_user.email))
        assert response.status_code == 302
        assert client.get(reverse("core:start")).status_code == 200

    def test_demo_account_cannot_sign_in_in_production(self, client, demo_user, settings):
        code = demo_backup_code(demo_user.email)
        settings.HAVEN_ENV = "production"
        response = login_password_step(client, demo_user.email)
        assert response.status_code == 200
        assert "backup-otp_token" not in response.content.decode()
        login_backup_step(client, code)
        assert client.get(reverse("core:start")).status_code == 302
        assert not AuditEvent.objects.filter(actor=demo_user, verb=Verb.LOGGED_IN).exists()

    def test_a_demo_session_ends_when_production_settings_apply(
        self, verified_client, demo_user, settings
    ):
        client = verified_client(demo_user)
        assert client.get(reverse("core:start")).status_code == 200
        settings.HAVEN_ENV = "production"
        assert client.get(reverse("core:start")).status_code == 302

    def test_a_demo_accounts_api_token_is_refused_in_production(self, demo_user, settings):
        _, secret = api_token_create(actor=demo_user, user=demo_user, name="feed")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert api.get("/api/v1/me/").status_code == 200
        settings.HAVEN_ENV = "production"
        assert api.get("/api/v1/me/").status_code == 401

    def test_load_demo_refuses_under_production_settings(self, settings):
        settings.HAVEN_ENV = "production"
        with pytest.raises(CommandError, match="production"):
            call_command("load_demo")
        with pytest.raises(DemoRefused):
            load_demo()
        with pytest.raises(DemoRefused):
            load_demo_accounts()
        with pytest.raises(DemoRefused):
            demo_backup_code("manager@warrington.demo")
        assert not User.objects.filter(email__endswith=".demo").exists()

    def test_a_demo_backup_code_cannot_be_worked_out_from_the_email(self, client):
        [(user, code)] = [
            pair for pair in load_demo_accounts() if pair[0].email == "manager@warrington.demo"
        ]
        # The old scheme: anyone could compute it from the address.
        guessed = hashlib.sha256(f"haven-demo:{user.email}".encode()).hexdigest()[:8]
        assert guessed != code
        login_password_step(client, user.email, password=DEMO_PASSWORD)
        login_backup_step(client, guessed)
        assert client.get(reverse("core:start")).status_code == 302

    def test_no_password_reset_email_for_a_demo_account_in_production(
        self, client, demo_user, settings, mailoutbox, django_capture_on_commit_callbacks
    ):
        settings.HAVEN_ENV = "production"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": demo_user.email})
        assert mailoutbox == []


# 5. Lock-out by username as well as by username and address --------------------------------------


def test_guessing_from_rotating_addresses_still_locks_the_account(client, settings):
    user = UserFactory()
    give_totp_device(user)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_password_step(
            client, user.email, password="wrong-password-123", REMOTE_ADDR=f"203.0.113.{attempt}"
        )
    response = login_password_step(client, user.email, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT, actor_email=user.email).exists()


# 2. Password reset: the configured address, and the second factor still needed -------------------


def test_a_forged_host_header_does_not_reach_the_reset_email(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.HAVEN_BASE_URL = "https://haven.example.gov.uk"
    UserFactory(email="jo@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": "jo@example.org"},
            HTTP_HOST="attacker.example",
        )
    [email] = mailoutbox
    assert "attacker.example" not in email.body
    assert "https://haven.example.gov.uk/account/password-reset/" in email.body


def test_a_password_reset_does_not_skip_the_second_factor(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HAVEN_BASE_URL = "https://haven.example.gov.uk"
    user = UserFactory(email="jo@example.org")
    give_totp_device(user)
    new_password = "a-long-new-passphrase-42"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    path = re.search(r"haven\.example\.gov\.uk(\S+)", mailoutbox[0].body).group(1)
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    user.refresh_from_db()
    assert user.check_password(new_password)
    # Not signed in by the reset...
    assert client.get(reverse("core:start")).status_code == 302
    # ...and the new password alone only reaches the second-factor step.
    response = login_password_step(client, user.email, password=new_password)
    assert response.status_code == 200
    assert "authenticator" in response.content.decode()
    start = client.get(reverse("core:start"))
    assert start.status_code == 302
    assert not client.session.get("otp_device_id")
