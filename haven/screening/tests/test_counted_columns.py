"""The columns the dashboards count (decision 0044) always say what the screening's result says:
as the service stores a screening, on a re-screening, after an override, and as the migration
filled them for screenings stored before."""

import importlib

import pytest
from django.apps import apps

from haven.cases.tests.world import learn, make_child, open_case, raise_concern
from haven.screening.engine import CSE_RISK, MISSING_RISK, UASC_RISK
from haven.screening.models import (
    COUNTED_RISK_GROUPS,
    EXPLOITATION_TYPES,
    Circumstance,
    Screening,
    counted_columns,
    exploitation_column,
)
from haven.screening.services import screening_override_record
from haven.screening.vocabulary import load_vocabulary

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("haven.screening.migrations.0004_dashboard_columns")
# What the dashboards asked of the result document before the columns (decision 0043).
JSON_LOOKUPS = MIGRATION.FOUND
SITUATIONS = (
    ["ind.transport_arranged_by_adult", "ind.sexual_activity_with_adults"],
    ["ind.arrived_unaccompanied", "ind.working_unpaid_or_underage", "ind.missing_episodes"],
    ["ind.recruited_online_or_by_peer", "ind.cannabis_farm_or_drug_running"],
    ["ind.moved_between_addresses", "ind.excessive_household_work", "ind.debt_bondage"],
    ["ind.transport_arranged_by_adult", "purpose.organ_removal"],
    ["ind.not_registered_school_or_gp"],
)


def _stored(screening: Screening) -> dict[str, bool]:
    return {name: getattr(screening, name) for name in JSON_LOOKUPS}


def _assert_columns_agree_with_results():
    screenings = list(Screening.objects.all())
    for screening in screenings:
        assert _stored(screening) == counted_columns(screening.result), screening.result
    for name, lookup in JSON_LOOKUPS.items():
        from_json = set(Screening.objects.filter(lookup).values_list("pk", flat=True))
        from_column = set(Screening.objects.filter(**{name: True}).values_list("pk", flat=True))
        assert from_column == from_json, name


@pytest.fixture
def screened(world):
    """Concerns about children in several situations, one accepted into a case, which is
    re-screened on new information and its outcome overridden."""
    police = world.police.practitioner
    for codes in SITUATIONS:
        raise_concern(police, make_child(police), indicator_codes=codes)
    case = open_case(world)
    manager = world.la("warrington").manager
    learn(manager, case, Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True)
    screening_override_record(
        actor=manager,
        case=case,
        outcome="trafficking_not_indicated",
        reason="Taxi was arranged by the child's aunt; no exploitation found on enquiry.",
    )
    return case


def test_the_columns_cover_the_vocabulary():
    vocabulary = load_vocabulary()
    assert set(EXPLOITATION_TYPES) == set(vocabulary.exploitation_types)
    assert {UASC_RISK, CSE_RISK, MISSING_RISK} == set(COUNTED_RISK_GROUPS)
    assert set(COUNTED_RISK_GROUPS) <= set(vocabulary.codes)
    # The migration filled every column the service writes.
    assert set(counted_columns({})) == set(JSON_LOOKUPS)


def test_screenings_stored_by_the_service_carry_their_result_in_the_columns(screened):
    # Each column is true for some screening and false for another (but "not specified",
    # which no purpose of the vocabulary maps to), so each is tested.
    for name in JSON_LOOKUPS.keys() - {exploitation_column("not_specified")}:
        assert set(Screening.objects.values_list(name, flat=True)) == {True, False}, name
    assert Screening.objects.filter(case=screened).count() >= 2
    _assert_columns_agree_with_results()


def test_the_migration_fills_the_columns_from_the_result(screened):
    Screening.objects.update(**dict.fromkeys(JSON_LOOKUPS, False))
    MIGRATION.fill_from_results(apps, None)
    _assert_columns_agree_with_results()


def test_an_unexpected_result_counts_as_found_nothing():
    assert not any(counted_columns({}).values())
    assert not counted_columns({"county_lines": "yes"})["county_lines"]
