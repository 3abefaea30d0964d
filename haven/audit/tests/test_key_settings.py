"""Where the audit chain key comes from: AUDIT_CHAIN_KEY (+ _ID, _FALLBACKS), separate from
SECRET_KEY, required in production, a marked development key otherwise (decision 0010)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from haven.audit.checks import audit_chain_key_deploy, audit_chain_key_ids

ROOT = Path(django_settings.BASE_DIR)
PRINT_KEYS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.AUDIT_CHAIN_KEY_ID, s.AUDIT_CHAIN_KEY, s.AUDIT_CHAIN_KEY_FALLBACKS, "
    "str(s.AUDIT_ANCHOR_LOG)]))"
)


def run(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AUDIT_", "HAVEN_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE"))
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="haven.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'settings.sqlite3'}",
        HAVEN_VAR_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SECRET = secrets.token_urlsafe(64)
KEY = secrets.token_urlsafe(64)
PRODUCTION = {"HAVEN_ENV": "production", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "haven.example.org"}


def test_production_refuses_to_start_without_the_key(tmp_path):
    result = run(tmp_path, "-c", PRINT_KEYS, **PRODUCTION)
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must be set when HAVEN_ENV=production" in result.stderr


def test_production_refuses_the_secret_key_as_the_audit_key(tmp_path):
    result = run(tmp_path, "-c", PRINT_KEYS, **PRODUCTION, AUDIT_CHAIN_KEY=SECRET)
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must not be the same as SECRET_KEY" in result.stderr


def test_check_deploy_passes_in_production_with_the_key_set(tmp_path):
    result = run(
        tmp_path,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        AUDIT_CHAIN_KEY=KEY,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_keys_by_id_from_the_environment(tmp_path):
    result = run(
        tmp_path,
        "-c",
        PRINT_KEYS,
        **PRODUCTION,
        AUDIT_CHAIN_KEY="current-" + "k" * 40,
        AUDIT_CHAIN_KEY_ID="2027",
        AUDIT_CHAIN_KEY_FALLBACKS="2026:old-key-one,2025:old:key:two",
    )
    assert result.returncode == 0, result.stderr
    key_id, key, fallbacks, anchor_log = json.loads(result.stdout)
    assert (key_id, key) == ("2027", "current-" + "k" * 40)
    assert fallbacks == {"2026": "old-key-one", "2025": "old:key:two"}
    assert anchor_log == str(tmp_path / "audit-anchors.log")


@pytest.mark.parametrize(
    ("fallbacks", "message"),
    [
        ("no-colon", "entries are 'id:key'"),
        ("2026:a,2026:b", "'2026' is given more than once"),
        ("1:a", "'1' is given more than once"),  # the current key's default id
    ],
)
def test_malformed_fallbacks_are_refused(tmp_path, fallbacks, message):
    result = run(
        tmp_path,
        "-c",
        PRINT_KEYS,
        **PRODUCTION,
        AUDIT_CHAIN_KEY=KEY,
        AUDIT_CHAIN_KEY_FALLBACKS=fallbacks,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_local_settings_use_a_marked_development_key(tmp_path):
    result = run(tmp_path, "-c", PRINT_KEYS, HAVEN_ENV="local")
    assert result.returncode == 0, result.stderr
    key_id, key, fallbacks, _ = json.loads(result.stdout)
    assert key_id == "local-dev"
    assert key.startswith("local-only-insecure")
    assert fallbacks == {}


class TestDeployChecks:
    def test_a_proper_key_passes(self, settings, tmp_path):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = KEY, "2027"
        settings.AUDIT_ANCHOR_LOG = tmp_path / "anchors.log"
        assert audit_chain_key_deploy(None) == []

    def test_the_development_key_warns(self, settings):
        settings.AUDIT_CHAIN_KEY_ID = "local-dev"
        assert "audit.W001" in [w.id for w in audit_chain_key_deploy(None)]

    @pytest.mark.parametrize("key", ["short", "k" * 64])
    def test_a_short_or_repetitive_key_warns(self, settings, key):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = key, "1"
        assert "audit.W002" in [w.id for w in audit_chain_key_deploy(None)]

    def test_a_secret_key_fallback_as_the_audit_key_warns(self, settings):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = KEY, "1"
        settings.SECRET_KEY_FALLBACKS = [KEY]
        assert "audit.W003" in [w.id for w in audit_chain_key_deploy(None)]

    def test_a_missing_anchor_directory_warns(self, settings, tmp_path):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = KEY, "1"
        settings.AUDIT_ANCHOR_LOG = tmp_path / "missing" / "anchors.log"
        assert [w.id for w in audit_chain_key_deploy(None)] == ["audit.W004"]

    def test_key_ids_must_be_short_and_plain(self, settings):
        settings.AUDIT_CHAIN_KEY_ID = "2027 key"
        settings.AUDIT_CHAIN_KEY_FALLBACKS = {"ok-1": "x", "x" * 33: "y"}
        errors = audit_chain_key_ids(None)
        assert [e.id for e in errors] == ["audit.E001", "audit.E001"]
        assert "'2027 key'" in errors[0].msg
