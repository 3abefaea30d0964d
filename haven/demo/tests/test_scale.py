"""generate_scale_data at a tiny size (issue 16, decision 0037): how many rows, the same rows
for the same seed, every reference pointing at a row, and an audit chain that verifies."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction

from haven.audit.models import AuditEvent
from haven.cases.models import Case, ChronologyEntry, Concern
from haven.demo.scale import MARK, Sizes, generate
from haven.intelligence.models import Link
from haven.matching.models import PersonBlockingKey, PersonNameKey, PersonNamePart
from haven.matching.name_keys import name_key_rows, names_of
from haven.matching.tests.test_name_keys import rebuilt_derived, stored_derived
from haven.nrm.models import NrmReferral
from haven.nrm.rules import NrmState
from haven.people.models import Person, PersonSearchText
from haven.people.tests.factories import PersonFactory
from haven.people.tests.search_text_rows import rebuilt_search_text, stored_search_text
from haven.screening.models import Screening, counted_columns

pytestmark = pytest.mark.django_db

TINY = Sizes(people=200, cases=50, events=600, links=100)
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
# Dated rows on cases that generate_scale_data counts as events.
EVENT_MODELS = (
    "screening.Screening",
    "actions.Task",
    "cases.CaseNote",
    "meetings.StrategyMeeting",
    "meetings.MeetingAttendee",
    "missing.MissingEpisode",
    "missing.ReturnHomeInterview",
    "nrm.NrmReferral",
    "nrm.NrmDecision",
    "placements.Placement",
    "investigations.Investigation",
    "investigations.SuspectOutcome",
    "investigations.Order",
    "cases.ChronologyEntry",
)


def _digest(counts: dict[str, int]) -> str:
    """Every written row's every value, in id order."""
    digest = hashlib.sha256()
    for label in sorted(counts):
        model = apps.get_model(label)
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _generated_digest(seed: int) -> str:
    with transaction.atomic():
        digest = _digest(generate(TINY, seed=seed, now=NOW))
        transaction.set_rollback(True)
    return digest


def test_counts_at_a_tiny_size():
    counts = generate(TINY, seed=1, now=NOW)
    assert Person.objects.filter(recorded_by_team__name__startswith="scale").count() == 200
    assert Case.objects.count() == 50
    assert Concern.objects.count() == 55  # one per case, and one in ten that opened none
    assert Link.objects.count() == 100
    assert AuditEvent.objects.count() == 150  # a case opened and viewed twice
    assert sum(counts[label] for label in EVENT_MODELS) == TINY.events
    assert ChronologyEntry.objects.filter(kind="case").count() == 50
    for label in ("people.Alias", "actions.Task", "missing.MissingEpisode", "nrm.NrmReferral"):
        assert counts[label] > 0, label


def test_the_same_seed_gives_the_same_records():
    first, again, other = _generated_digest(1), _generated_digest(1), _generated_digest(2)
    assert first == again
    assert first != other


def test_every_reference_points_at_a_row():
    counts = generate(TINY, seed=3, now=NOW)
    for label in counts:
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            target = field.related_model._base_manager.values("pk")
            dangling = model._base_manager.filter(**{f"{field.attname}__isnull": False}).exclude(
                **{f"{field.attname}__in": target}
            )
            assert not dangling.exists(), f"{label}.{field.name}"


def test_screenings_carry_their_result_in_the_dashboards_columns():
    generate(TINY, seed=5, now=NOW)
    columns = tuple(counted_columns({}))
    screenings = Screening.objects.values("result", *columns)
    assert screenings
    for screening in screenings:
        assert {name: screening[name] for name in columns} == counted_columns(screening["result"])
    assert Screening.objects.filter(exploitation_sexual=True).exists()


def test_the_audit_rows_verify(capsys):
    generate(TINY, seed=4, now=NOW)
    call_command("audit_verify")
    assert "Audit chain intact: 150 rows" in capsys.readouterr().out


def test_the_command_at_a_tiny_size(capsys):
    call_command("generate_scale_data", people=200, cases=50, events=600, links=100, seed=1)
    assert "rows in" in capsys.readouterr().out
    assert Case.objects.filter(lead_team__name__startswith=f"{MARK} ").count() == 50


def test_refuses_a_database_with_real_records():
    PersonFactory()
    with pytest.raises(CommandError, match="not made by generate_scale_data"):
        call_command("generate_scale_data", people=200, cases=50, events=0, links=0)
    call_command(
        "generate_scale_data", people=200, cases=50, events=0, links=0, allow_real_data=True
    )
    assert Case.objects.count() == 50


def test_refuses_national_sizes_without_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL takes every size")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("generate_scale_data", people=1_000_000, cases=300_000)


def test_the_name_keys_are_those_the_names_give():
    # Person search asks the name keys (decision 0042): written by COPY like the names.
    generate(TINY, seed=5, now=NOW)
    stored = set(PersonNameKey.objects.values_list("person_id", "alias_id", "canonical"))
    names = names_of(Person.objects.values_list("pk", flat=True))
    assert stored == {
        (row["person_id"], row["alias_id"], row["canonical"])
        for name in names
        for row in name_key_rows(*name)
    }


def test_the_blocking_keys_and_name_parts_are_those_the_records_give():
    # Possible matches read them (decision 0045): written by COPY, they must be what a change
    # of each person would write.
    generate(TINY, seed=5, now=NOW)
    assert stored_derived() == rebuilt_derived()
    assert PersonBlockingKey.objects.exists() and PersonNamePart.objects.exists()
    # And the people search's text (decision 0047).
    assert stored_search_text() == rebuilt_search_text()
    assert PersonSearchText.objects.exclude(identifiers="").exists()
    assert PersonSearchText.objects.exclude(date_of_birth=None).exists()


def test_a_referral_decided_is_in_its_decisions_state_and_a_few_still_wait():
    generate(Sizes(people=1200, cases=300, events=3600, links=100), seed=6, now=NOW)
    referrals = NrmReferral.objects.prefetch_related("decisions")
    waiting = 0
    for referral in referrals:
        decisions = list(referral.decisions.all())
        if decisions:
            (decision,) = decisions
            assert referral.state == decision.decision
            assert referral.submitted_on < decision.decided_on <= NOW.date()
        else:
            assert referral.state == NrmState.SUBMITTED
            waiting += 1
    assert 0 < waiting < len(referrals) / 4
