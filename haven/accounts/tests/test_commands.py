import pytest
from django.core.management import CommandError, call_command
from django_otp import devices_for_user

from haven.accounts.management.commands import add_agency, reset_two_factor
from haven.accounts.management.commands import add_user as add_user_command
from haven.accounts.models import Agency, Role, User
from haven.accounts.tests.factories import (
    UserFactory,
    give_backup_codes,
    give_totp_device,
)
from haven.audit.models import AuditEvent, Verb
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db


def add_cheshire_fire(*extra):
    call_command(
        "add_agency",
        "cheshire-fire",
        "Cheshire Fire and Rescue",
        "--type",
        "ngo",
        "--team",
        "Safeguarding team",
        *extra,
    )


def add_user(email, role, *extra):
    call_command(
        "add_user",
        email,
        "Jo Smith",
        "--agency",
        "cheshire-fire",
        "--team",
        "Safeguarding team",
        "--role",
        role,
        *extra,
    )


def test_a_new_installation_is_set_up_by_the_operator_alone(capsys):
    """Before any partnership administrator exists, the operator may act without --by."""
    add_cheshire_fire()
    agency = Agency.objects.get(slug="cheshire-fire")
    assert agency.teams.get().name == "Safeguarding team"
    add_user("pa@example.org", "partnership_admin")
    user = User.objects.get(email="pa@example.org")
    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert user.check_password(password)
    assert user.role == Role.PARTNERSHIP_ADMIN
    event = AuditEvent.objects.get(verb=Verb.USER_CREATED, target_type="accounts.user")
    assert event.actor is None


def test_after_that_commands_act_for_a_named_administrator():
    add_cheshire_fire()
    add_user("pa@example.org", "partnership_admin")
    partnership_admin = User.objects.get(email="pa@example.org")
    add_user("admin@fire.example", "admin", "--by", "PA@example.org")
    fire_admin = User.objects.get(email="admin@fire.example")
    call_command(
        "add_user",
        "jo@fire.example",
        "Jo",
        "--agency",
        "cheshire-fire",
        "--role",
        "practitioner",
        "--by",
        fire_admin.email,
    )
    jo = User.objects.get(email="jo@fire.example")
    assert AuditEvent.objects.get(verb=Verb.USER_CREATED, target_id=str(jo.pk)).actor == fire_admin
    assert (
        AuditEvent.objects.get(verb=Verb.USER_CREATED, target_id=str(fire_admin.pk)).actor
        == partnership_admin
    )
    # A partnership administrator's change in their own agency, and an agency administrator's
    # change in theirs, tell nobody.
    assert not Notification.objects.exists()


def test_a_partnership_admins_command_line_change_tells_the_agency():
    add_cheshire_fire()
    call_command("add_agency", "partnership", "Partnership unit", "--type", "ngo", "--team", "Unit")
    call_command(
        "add_user",
        "pa@example.org",
        "Pat",
        "--agency",
        "partnership",
        "--role",
        "partnership_admin",
    )
    add_user("admin@fire.example", "admin", "--by", "pa@example.org")
    add_user("jo@fire.example", "practitioner", "--by", "pa@example.org")
    [note] = Notification.objects.filter(recipient__email="admin@fire.example")
    assert "jo@fire.example" in note.body


def test_an_unknown_or_inactive_acting_administrator_is_refused():
    add_cheshire_fire()
    with pytest.raises(CommandError, match="No active user"):
        add_user("jo@example.org", "practitioner", "--by", "nobody@example.org")
    UserFactory(email="gone@example.org", role=Role.PARTNERSHIP_ADMIN, is_active=False)
    with pytest.raises(CommandError, match="No active user"):
        add_user("jo@example.org", "practitioner", "--by", "gone@example.org")


def test_the_commands_say_they_act_for_an_administrator():
    for module in (add_agency, add_user_command, reset_two_factor):
        assert "--by" in module.Command.help


def test_add_agency_refuses_bad_input():
    with pytest.raises(CommandError):
        call_command("add_agency", "x", "", "--type", "ngo", "--team", "T")
    assert not Agency.objects.filter(slug="x").exists()


def test_add_user_refuses_unknown_agency():
    with pytest.raises(CommandError, match="No agency"):
        call_command("add_user", "a@b.org", "A B", "--agency", "nope", "--role", "manager")


def test_reset_two_factor_removes_devices_and_is_audited():
    user = UserFactory()
    admin = UserFactory(agency=user.agency, role=Role.ADMIN)
    give_totp_device(user)
    give_backup_codes(user, "12345678")
    call_command("reset_two_factor", user.email, "--reason", "Phone lost", "--by", admin.email)
    assert list(devices_for_user(user, confirmed=None)) == []
    event = AuditEvent.objects.get(verb=Verb.TWO_FACTOR_RESET, target_id=str(user.pk))
    assert event.actor == admin
