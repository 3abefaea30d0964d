"""Anchors: the newest seal signed and written outside the database, daily and on demand, and
checked by audit_verify (attacks (b) and (d) of pen test issue 9 point 7; decisions 0010 and
0038). Rolling the trail back is deleting the newest rows and the seals over them; the sealer
then seals what is left."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.anchors import anchor_make, anchor_parse
from haven.audit.models import AuditChainHead, AuditEvent, AuditSeal, Verb
from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_anchor_write, audit_record, audit_seal
from haven.audit.tasks import anchor_audit_chain
from haven.audit.tests.attacks import delete_rows, drop_seals_from, reseal, seal_with, sql
from haven.core.schedule import SCHEDULE

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
TUESDAY = datetime(2027, 3, 2, 2, 0, tzinfo=UTC)


def events(n: int) -> list[AuditEvent]:
    return [
        audit_record(actor=None, verb=Verb.VIEWED, actor_email="s", target=("people.person", i))
        for i in range(n)
    ]


@pytest.fixture
def anchor_now(django_capture_on_commit_callbacks):
    """Anchor at a fixed time, running the after-commit writes as a real commit would."""

    def anchor(at: datetime = MONDAY):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return audit_anchor_write()

    return anchor


def log_lines(settings) -> list[str]:
    return settings.AUDIT_ANCHOR_LOG.read_text().splitlines()


class TestWritingAnAnchor:
    def test_appends_a_signed_line_of_the_head_and_audits_it(self, settings, anchor_now):
        written = events(3)
        anchor = anchor_now()
        [line] = log_lines(settings)
        parsed = anchor_parse(line)
        assert parsed == anchor
        assert (parsed.head_event_id, parsed.head_hash, parsed.rows) == (
            written[-1].pk,
            AuditSeal.objects.get().seal_hash,
            3,
        )
        assert parsed.anchored_at == "2027-03-01T02:00:00.000000+00:00"
        assert parsed.chain == AuditChainHead.objects.get().chain_id
        assert parsed.key_id == settings.AUDIT_CHAIN_KEY_ID
        assert parsed.signature_matches(settings.AUDIT_CHAIN_KEY.encode())
        recorded = AuditEvent.objects.get(verb=Verb.ANCHORED)
        assert recorded.target_id == str(written[-1].pk)
        assert recorded.changes["mac"] == anchor.mac
        assert recorded.changes["rows"] == 3

    def test_appends_and_never_rewrites(self, settings, anchor_now):
        events(1)
        first = anchor_now(MONDAY)
        events(1)
        second = anchor_now(TUESDAY)
        assert log_lines(settings) == [first.line(), second.line()]
        # The second covers the first's own audit row too.
        assert second.rows == first.rows + 2
        assert audit_chain_verify().anchors_checked == 2

    def test_is_written_and_emailed_only_after_the_commit(
        self, settings, mailoutbox, django_capture_on_commit_callbacks
    ):
        UserFactory(role=Role.AUDITOR)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            audit_anchor_write()
        assert len(callbacks) == 1
        assert not settings.AUDIT_ANCHOR_LOG.exists()
        assert mailoutbox == []

    def test_is_emailed_to_each_active_auditor(self, mailoutbox, anchor_now):
        auditors = [UserFactory(role=Role.AUDITOR) for _ in range(2)]
        UserFactory(role=Role.AUDITOR, is_active=False)
        UserFactory(role=Role.PRACTITIONER)
        anchor = anchor_now()
        assert sorted(m.to[0] for m in mailoutbox) == sorted(a.email for a in auditors)
        assert all(len(m.to) == 1 for m in mailoutbox)
        assert anchor.line() in mailoutbox[0].body
        assert "audit chain anchor" in mailoutbox[0].subject

    def test_a_mail_outage_does_not_lose_the_line(self, settings, monkeypatch, anchor_now):
        UserFactory(role=Role.AUDITOR)

        def refuse(*args, **kwargs):
            raise ConnectionRefusedError("mail server down")

        monkeypatch.setattr("haven.audit.services.send_mass_mail", refuse)
        anchor = anchor_now()
        assert log_lines(settings) == [anchor.line()]

    def test_command_anchors_now(self, settings, capsys, django_capture_on_commit_callbacks):
        events(2)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("audit_anchor")
        out = capsys.readouterr().out
        [line] = log_lines(settings)
        assert "Anchored 2 rows" in out and line in out

    def test_daily_job_is_scheduled_and_anchors(self, settings, django_capture_on_commit_callbacks):
        assert (anchor_audit_chain, 24 * 3600) in SCHEDULE
        events(1)
        with django_capture_on_commit_callbacks(execute=True):
            result = anchor_audit_chain.call()
        assert result["rows"] == 1
        assert len(log_lines(settings)) == 1


def cut_back(from_event_id: int) -> None:
    """Attack (b): delete the rows from ``from_event_id`` on and the seals over them."""
    delete_rows(AuditEvent.objects.filter(id__gte=from_event_id).values_list("id", flat=True))
    drop_seals_from(from_event_id)


class TestRowsRemovedFromTheEnd:
    """Attack (b): delete the newest rows and the seals over them."""

    def test_without_an_anchor_the_chain_alone_cannot_tell(self):
        written = events(5)
        audit_seal()
        cut_back(written[3].pk)
        audit_seal()
        assert audit_chain_verify().ok

    def test_detected_against_the_anchor(self, anchor_now):
        written = events(5)
        anchor_now()
        events(1)
        cut_back(written[3].pk)
        report = audit_chain_verify()
        assert not report.ok
        assert report.broken_event_id == written[2].pk
        assert report.problem == (
            f"rows were removed from the end: the chain ends at event {written[2].pk} with 3 "
            f"rows, but the anchor of 2027-03-01T02:00:00.000000+00:00 (line 1) recorded event "
            f"{written[4].pk} with 5 rows"
        )
        with pytest.raises(CommandError, match="rows were removed from the end"):
            call_command("audit_verify")

    def test_all_rows_removed_is_detected(self, anchor_now):
        events(2)
        anchor_now()
        cut_back(0)
        report = audit_chain_verify()
        assert not report.ok and "the chain ends at event None with 0 rows" in report.problem

    def test_a_backup_older_than_an_anchor_verifies_with_anchors_until(self, anchor_now):
        written = events(3)
        anchor_now(MONDAY)
        events(2)
        anchor_now(TUESDAY)
        # A restore of Monday's backup: the rows since are gone.
        cut_back(written[-1].pk + 2)
        assert not audit_chain_verify().ok
        report = audit_chain_verify(anchors_until=datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
        assert (report.ok, report.anchors_checked, report.anchors_skipped) == (True, 1, 1)
        call_command("audit_verify", "--anchors-until", "2027-03-01T12:00:00+00:00")


def test_rows_rewritten_with_the_key_are_caught_by_the_anchor(settings, anchor_now):
    """Someone with the key as well (a compromised server) deletes a row and seals the rows
    again properly: the trail verifies on its own, but not against the anchor."""
    written = events(4)
    anchor_now()
    delete_rows([written[1].pk])
    real = seal_with(settings.AUDIT_CHAIN_KEY.encode())
    reseal(real, key_id=settings.AUDIT_CHAIN_KEY_ID, through_event_id=written[3].pk)
    report = audit_chain_verify()
    assert not report.ok
    assert report.broken_event_id == written[3].pk
    assert "the event's hash no longer matches the anchor of 2027-03-01" in report.problem
    assert "rewritten and the chain recomputed" in report.problem


class TestTamperedAnchorLog:
    """Attack (d): the anchor log itself is edited."""

    def rewrite_line(self, settings, change):
        [line] = log_lines(settings)
        data = json.loads(line)
        change(data)
        settings.AUDIT_ANCHOR_LOG.write_text(json.dumps(data) + "\n")

    def test_an_edited_row_count_is_detected(self, settings, anchor_now):
        """Lowering the anchored count to cover for rows removed from the end."""
        events(3)
        anchor_now()
        self.rewrite_line(settings, lambda d: d.update(rows=2))
        report = audit_chain_verify()
        assert not report.ok
        assert report.problem == (
            f"anchor line 1 of {settings.AUDIT_ANCHOR_LOG} does not match its signature "
            "(the line was altered)"
        )
        with pytest.raises(CommandError, match="in its anchors: anchor line 1"):
            call_command("audit_verify")

    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d.update(head_event_id=d["head_event_id"] - 1),
            lambda d: d.update(head_hash="f" * 64),
            lambda d: d.update(anchored_at="2027-03-05T02:00:00.000000+00:00"),
            lambda d: d.update(chain="0" * 32),  # to have the line skipped as another chain's
        ],
    )
    def test_any_edited_field_is_detected(self, settings, anchor_now, change):
        events(3)
        anchor_now()
        self.rewrite_line(settings, change)
        report = audit_chain_verify()
        assert not report.ok and "does not match its signature" in report.problem

    def test_a_line_signed_with_another_key_under_our_key_id_is_detected(self, settings):
        written = events(2)
        audit_seal()
        forged = anchor_make(
            b"not the audit chain key",
            key_id=settings.AUDIT_CHAIN_KEY_ID,
            chain=AuditChainHead.objects.get().chain_id,
            head_event_id=written[0].pk,
            head_hash=written[0].row_hash,
            rows=1,
            anchored_at=MONDAY,
        )
        settings.AUDIT_ANCHOR_LOG.write_text(forged.line() + "\n")
        report = audit_chain_verify()
        assert not report.ok and "does not match its signature" in report.problem

    def test_a_line_signed_with_a_key_id_not_configured_is_reported(self, settings):
        written = events(1)
        audit_seal()
        line = anchor_make(
            b"a retired key nobody kept",
            key_id="retired",
            chain=AuditChainHead.objects.get().chain_id,
            head_event_id=written[0].pk,
            head_hash=AuditSeal.objects.get().seal_hash,
            rows=1,
            anchored_at=MONDAY,
        ).line()
        settings.AUDIT_ANCHOR_LOG.write_text(line + "\n")
        report = audit_chain_verify()
        assert not report.ok
        assert "signed with key id 'retired', which is not configured" in report.problem
        settings.AUDIT_CHAIN_KEY_FALLBACKS = {"retired": "a retired key nobody kept"}
        assert audit_chain_verify().ok

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("not json", "it is not valid JSON"),
            ('{"rows": 3}', "its fields are not those of an anchor"),
        ],
    )
    def test_a_malformed_line_is_detected(self, settings, text, reason):
        events(1)
        settings.AUDIT_ANCHOR_LOG.write_text(f"# kept from the emails\n\n{text}\n")
        report = audit_chain_verify()
        assert not report.ok
        assert (
            report.problem == f"anchor line 3 of {settings.AUDIT_ANCHOR_LOG} is malformed: {reason}"
        )


def test_anchors_of_another_chain_are_left_out(settings, anchor_now):
    """Another database's chain (a test run, a staging copy) signed with the same key."""
    events(2)
    anchor_now()
    # A new, empty database: no rows, no seals, no head (so a new chain id).
    cut_back(0)
    sql("DELETE FROM audit_auditchainhead")
    events(1)
    report = audit_chain_verify()
    assert (report.ok, report.anchors_checked, report.anchors_skipped) == (True, 0, 1)


def test_verify_against_a_log_kept_from_the_emails(settings, tmp_path, mailoutbox, anchor_now):
    UserFactory(role=Role.AUDITOR)
    written = events(3)
    anchor_now()
    kept = tmp_path / "from-emails.log"
    line = next(text for text in mailoutbox[0].body.splitlines() if text.startswith("{"))
    kept.write_text(f"# Anchor email of 1 March 2027\n{line}\n")
    # The server's log is lost or cut short; the emailed line still catches the rollback.
    settings.AUDIT_ANCHOR_LOG.unlink()
    cut_back(written[-1].pk)
    assert audit_chain_verify().ok
    with pytest.raises(CommandError, match="rows were removed from the end"):
        call_command("audit_verify", "--anchor-log", str(kept))


def test_intact_chain_reports_the_anchors_checked(settings, capsys, anchor_now):
    events(2)
    anchor_now()
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert (
        f"Audit chain intact: 3 rows; 2 seals; anchors in {settings.AUDIT_ANCHOR_LOG}: 1 checked."
        in out
    )
