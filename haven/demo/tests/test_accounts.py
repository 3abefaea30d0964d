"""The demo accounts: few partnership roles, and backup codes that stay the same across reloads
but depend on the installation's SECRET_KEY (the printed log-ins: test_demo.py)."""

import hashlib

import pytest

from haven.accounts.models import Role, User
from haven.cases.tests.world import DEMO_DAY
from haven.demo.loader import demo_backup_code, load_demo_accounts

pytestmark = pytest.mark.django_db


@pytest.mark.time_machine(DEMO_DAY)  # the demo's dates of birth are fixed
def test_the_demo_has_few_partnership_roles():
    load_demo_accounts()
    load_demo_accounts()
    assert list(
        User.objects.filter(role=Role.PARTNERSHIP_ADMIN).values_list("email", flat=True)
    ) == ["partnership_admin@cheshire-west-and-chester.demo"]
    assert list(
        User.objects.filter(role=Role.PARTNERSHIP_AUDITOR).values_list("email", flat=True)
    ) == ["partnership_auditor@cheshire-west-and-chester.demo"]


@pytest.mark.time_machine(DEMO_DAY)  # the demo's dates of birth are fixed
def test_reloading_the_demo_keeps_printed_codes_and_drops_old_guessable_ones():
    load_demo_accounts()
    user = User.objects.get(email="manager@warrington.demo")
    device = user.staticdevice_set.get(name="backup")
    old = hashlib.sha256(f"haven-demo:{user.email}".encode()).hexdigest()[:8]
    device.token_set.create(token=old)  # as a database loaded by an older version holds
    load_demo_accounts()
    codes = set(device.token_set.values_list("token", flat=True))
    assert codes == {demo_backup_code(user.email)}


def test_demo_codes_depend_on_the_secret_key(settings):
    first = demo_backup_code("manager@warrington.demo")
    settings.SECRET_KEY = "another-secret-key-" * 4
    assert demo_backup_code("manager@warrington.demo") != first
