"""System checks on the audit chain's key settings (decision 0010)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from haven.audit.keys import LOCAL_DEV_KEY_ID

KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")
MIN_KEY_LENGTH = 32
MIN_UNIQUE_CHARACTERS = 5


@register(Tags.security)
def audit_chain_key_ids(app_configs, **kwargs):
    """Key ids are stored on every row: short, plain, and never changed once used."""
    errors = []
    for key_id in (settings.AUDIT_CHAIN_KEY_ID, *settings.AUDIT_CHAIN_KEY_FALLBACKS):
        if not KEY_ID.fullmatch(key_id):
            errors.append(
                Error(
                    f"Audit chain key id {key_id!r} must be 1 to 32 letters, digits, '.', '-' "
                    "or '_'.",
                    id="audit.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def audit_chain_key_deploy(app_configs, **kwargs):
    warnings = []
    key = settings.AUDIT_CHAIN_KEY
    if settings.AUDIT_CHAIN_KEY_ID == LOCAL_DEV_KEY_ID or key.startswith("local-only-"):
        warnings.append(
            Warning(
                "AUDIT_CHAIN_KEY is the public development key.",
                hint="Generate one: docs/how-to/audit-chain-key.md.",
                id="audit.W001",
            )
        )
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS:
        warnings.append(
            Warning(
                f"AUDIT_CHAIN_KEY is shorter than {MIN_KEY_LENGTH} characters or has fewer than "
                f"{MIN_UNIQUE_CHARACTERS} different ones: it is not a random key.",
                hint="Generate one: docs/how-to/audit-chain-key.md.",
                id="audit.W002",
            )
        )
    if key in settings.SECRET_KEY_FALLBACKS:
        warnings.append(
            Warning(
                "AUDIT_CHAIN_KEY is one of the SECRET_KEY_FALLBACKS: keep the keys separate.",
                id="audit.W003",
            )
        )
    if not Path(settings.AUDIT_ANCHOR_LOG).parent.is_dir():
        warnings.append(
            Warning(
                f"The directory of AUDIT_ANCHOR_LOG ({settings.AUDIT_ANCHOR_LOG}) does not exist: "
                "the daily anchor cannot be written.",
                id="audit.W004",
            )
        )
    return warnings
