"""``AnyOf`` finds what ``in`` finds, and on PostgreSQL with the same query text whatever the
number of values."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.accounts.models import Agency, Team
from haven.accounts.tests.factories import AgencyFactory, TeamFactory
from haven.core.lookups import AnyOf

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return [AgencyFactory() for _ in range(5)]


def _ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_any_of_finds_what_in_finds(agencies):
    pks = [a.pk for a in agencies]
    for values in ([pks[0]], pks[:3], [*pks, pks[1], pks[1]], [pks[2], None], [10**12]):
        assert _ids(Agency.objects.filter(AnyOf(F("pk"), values))) == _ids(
            Agency.objects.filter(pk__in=values)
        )


def test_an_empty_list_finds_nothing_and_a_negated_one_finds_everything(agencies):
    assert not Agency.objects.filter(AnyOf(F("pk"), [])).exists()
    assert Agency.objects.exclude(AnyOf(F("pk"), [])).count() == Agency.objects.count()


def test_any_of_on_a_foreign_key_and_on_text(agencies):
    team = TeamFactory(agency=agencies[1])
    TeamFactory(agency=agencies[2])
    assert _ids(Team.objects.filter(AnyOf(F("agency_id"), [agencies[1].pk]))) == [team.pk]
    names = [agencies[0].name, agencies[3].name, "No such agency"]
    assert _ids(Agency.objects.filter(AnyOf(F("name"), names))) == sorted(
        [agencies[0].pk, agencies[3].pk]
    )


def test_a_subquery_is_read_as_in_reads_it(agencies):
    TeamFactory(agency=agencies[4])
    with_teams = Team.objects.values("agency_id")
    assert _ids(Agency.objects.filter(AnyOf(F("pk"), with_teams))) == [agencies[4].pk]


@settings(max_examples=25, deadline=None)
@given(picked=st.lists(st.integers(min_value=0, max_value=7), max_size=12))
def test_any_of_agrees_with_in_for_any_list(picked):
    pks = sorted(Agency.objects.values_list("pk", flat=True)) or [AgencyFactory().pk]
    values = [pks[i % len(pks)] if i < 6 else -i for i in picked]
    assert _ids(Agency.objects.filter(AnyOf(F("pk"), values))) == _ids(
        Agency.objects.filter(pk__in=values)
    )


def test_the_query_text_does_not_grow_with_the_values_on_postgresql_only(agencies):
    pks = [a.pk for a in agencies]
    with CaptureQueriesContext(connection) as queries:
        list(Agency.objects.filter(AnyOf(F("pk"), pks[:1])))
        list(Agency.objects.filter(AnyOf(F("pk"), pks)))
    first, second = (q["sql"] for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        # The array is written into the logged text, so only what precedes it is compared.
        assert "= ANY(" in first
        assert first.split("= ANY(")[0] == second.split("= ANY(")[0]
        assert " IN (" not in second
    else:
        # Elsewhere it is Django's own IN, one parameter per value.
        assert f" IN ({', '.join(str(pk) for pk in pks)})" in second
