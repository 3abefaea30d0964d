"""Anchors: the chain head written outside the database, one signed JSON line per anchor.

A line records the chain's id, its newest event id and hash, how many rows it had and when,
signed (HMAC-SHA256) with the audit chain key. The lines are appended to ``AUDIT_ANCHOR_LOG`` and
emailed to the auditors, so rows removed from the end of the chain (with the head rolled back to
match) or rewritten and recomputed are found by ``audit_verify``."""

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from haven.audit.chain import digests_equal, sign

ANCHOR_VERSION = 1
_SIGNED_FIELDS = ("v", "chain", "head_event_id", "head_hash", "rows", "anchored_at", "key_id")


class AnchorLineError(ValueError):
    """A line of the anchor log that is not a well-formed anchor."""


@dataclass(frozen=True)
class Anchor:
    chain: str
    head_event_id: int | None
    head_hash: str
    rows: int
    anchored_at: str  # ISO 8601, as signed
    key_id: str
    mac: str = ""
    v: int = ANCHOR_VERSION

    @property
    def anchored_at_datetime(self) -> datetime:
        return datetime.fromisoformat(self.anchored_at)

    def message(self) -> str:
        fields = {name: getattr(self, name) for name in _SIGNED_FIELDS}
        return "haven-audit-anchor-v1|" + json.dumps(fields, sort_keys=True, separators=(",", ":"))

    def signed_with(self, key: bytes) -> "Anchor":
        return Anchor(**{**asdict(self), "mac": sign(key, self.message())})

    def signature_matches(self, key: bytes) -> bool:
        return digests_equal(sign(key, self.message()), self.mac)

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


def anchor_make(
    key: bytes,
    *,
    key_id: str,
    chain: str,
    head_event_id: int | None,
    head_hash: str,
    rows: int,
    anchored_at: datetime,
) -> Anchor:
    return Anchor(
        chain=chain,
        head_event_id=head_event_id,
        head_hash=head_hash,
        rows=rows,
        anchored_at=anchored_at.isoformat(timespec="microseconds"),
        key_id=key_id,
    ).signed_with(key)


def anchor_parse(text: str) -> Anchor:
    """An anchor from one line; raises AnchorLineError if the line is not one."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise AnchorLineError("it is not valid JSON") from error
    expected = {*_SIGNED_FIELDS, "mac"}
    if not isinstance(data, dict) or set(data) != expected:
        raise AnchorLineError("its fields are not those of an anchor")
    if data["v"] != ANCHOR_VERSION:
        raise AnchorLineError(f"its version {data['v']!r} is not {ANCHOR_VERSION}")
    strings = ("chain", "head_hash", "anchored_at", "key_id", "mac")
    if (
        not all(isinstance(data[name], str) for name in strings)
        or not (data["head_event_id"] is None or type(data["head_event_id"]) is int)
        or type(data["rows"]) is not int
        or data["rows"] < 0
    ):
        raise AnchorLineError("a field has the wrong type")
    try:
        anchored_at = datetime.fromisoformat(data["anchored_at"])
    except ValueError as error:
        raise AnchorLineError("its time is not an ISO 8601 date and time") from error
    if anchored_at.utcoffset() is None:
        raise AnchorLineError("its time has no UTC offset")
    return Anchor(**data)


def anchor_log_append(path: Path, line: str) -> None:
    """Append one line and flush it to disk. The file is only ever opened for appending."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, f"{line}\n".encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def anchor_log_read(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of each anchor line; blank lines and # comments are skipped, so a
    log put together from the emailed lines can be annotated."""
    if not path.exists():
        return []
    numbered = enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    return [(n, text) for n, text in numbered if text.strip() and not text.startswith("#")]
