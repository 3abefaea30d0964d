import pytest


@pytest.fixture(autouse=True)
def _anchor_log_in_tmp(settings, tmp_path):
    """Each test has its own anchor log, never the one under var/."""
    settings.AUDIT_ANCHOR_LOG = tmp_path / "audit-anchors.log"
    return settings.AUDIT_ANCHOR_LOG
