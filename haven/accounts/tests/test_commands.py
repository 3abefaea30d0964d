import pytest
from django.core.management import CommandError, call_command

from haven.accounts.models import Agency, User
from haven.accounts.tests.factories import UserFactory, give_backup_codes, give_totp_device
from haven.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


def test_add_agency_and_user(capsys):
    call_command(
        "add_agency",
        "cheshire-fire",
        "Cheshire Fire and Rescue",
        "--type",
        "ngo",
        "--team",
        "Safeguarding team",
    )
    agency = Agency.objects.get(slug="cheshire-fire")
    assert agency.teams.get().name == "Safeguarding team"
    call_command(
        "add_user",
        "jo@example.org",
        "Jo Smith",
        "--agency",
        "cheshire-fire",
        "--team",
        "Safeguarding team",
        "--role",
        "practitioner",
    )
    user = User.objects.get(email="jo@example.org")
    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert user.check_password(password)
    assert AuditEvent.objects.filter(verb=Verb.CREATED, target_type="accounts.user").exists()


def test_add_agency_refuses_bad_input():
    with pytest.raises(CommandError):
        call_command("add_agency", "x", "", "--type", "ngo", "--team", "T")
    assert not Agency.objects.filter(slug="x").exists()


def test_add_user_refuses_unknown_agency():
    with pytest.raises(CommandError, match="No agency"):
        call_command("add_user", "a@b.org", "A B", "--agency", "nope", "--role", "manager")


def test_reset_two_factor_removes_devices_and_is_audited():
    user = UserFactory()
    give_totp_device(user)
    give_backup_codes(user, "12345678")
    call_command("reset_two_factor", user.email, "--reason", "Phone lost")
    from django_otp import devices_for_user

    assert list(devices_for_user(user, confirmed=None)) == []
    assert AuditEvent.objects.filter(verb=Verb.ACCESS_REVOKED, target_id=str(user.pk)).exists()


def test_load_demo_is_idempotent_and_prints_log_ins(capsys):
    call_command("load_demo")
    first = (Agency.objects.count(), User.objects.count())
    out = capsys.readouterr().out
    assert "manager@warrington.demo" in out and "Backup code" in out
    call_command("load_demo")
    assert (Agency.objects.count(), User.objects.count()) == first
    assert User.objects.filter(email="practitioner@cheshire-constabulary.demo").exists()
    assert User.objects.filter(email="strategic_lead@halton.demo").exists()
