"""The audit chain's keys, by id, from settings (AUDIT_CHAIN_KEY, AUDIT_CHAIN_KEY_ID and
AUDIT_CHAIN_KEY_FALLBACKS). New rows, seals and anchors use the current key; old ones are
checked with whichever key their id names."""

from django.conf import settings

# The key settings.py falls back to outside production; rows chained with it prove nothing.
LOCAL_DEV_KEY_ID = "local-dev"


def current_key() -> tuple[str, bytes]:
    """The id and bytes of the key that chains new rows."""
    return settings.AUDIT_CHAIN_KEY_ID, settings.AUDIT_CHAIN_KEY.encode()


def key_for(key_id: str) -> bytes | None:
    """The key with this id, current or retired; None if it is not configured."""
    if key_id == settings.AUDIT_CHAIN_KEY_ID:
        return settings.AUDIT_CHAIN_KEY.encode()
    key = settings.AUDIT_CHAIN_KEY_FALLBACKS.get(key_id)
    return key.encode() if key else None
