"""The anonymised dataset's page and API (decision 0031): strategic leads only, k of 11 or more
(400 below), the CSV audited with k and its rows, the report with small counts as "c"."""

import csv
import io
from collections import Counter

import pytest

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import make_child, open_case, raise_concern
from haven.reporting.ctdc import victim_records
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db

CSV = "/api/v1/exports/anonymised/"
REPORT = "/api/v1/exports/anonymised/report/"


@pytest.fixture
def cases(world):
    """Twelve alike potential victims: a k of 11 publishes them all, a k of 15 none."""
    for n in range(12):
        open_case(world, given_name=f"Child{n}")


def test_the_csv_is_k_anonymous_and_its_download_audited(world, cases, verified_api_client):
    response = verified_api_client(world.strategic_lead).get(CSV, {"k": 11})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="haven-anonymised-k11.csv"'
    reader = csv.reader(io.StringIO(response.content.decode()))
    assert next(reader)[0] == "yearOfRegistration"
    rows = [tuple(row) for row in reader]
    assert len(rows) == 12 and min(Counter(rows).values()) >= 11
    assert "Child" not in response.content.decode()
    [event] = AuditEvent.objects.filter(verb=Verb.ANONYMISED_DATASET_EXPORTED)
    assert event.actor_id == world.strategic_lead.pk
    assert event.changes == {"k": 11, "rows": 12, "suppressed": 0}


def test_k_defaults_to_11(world, cases, verified_api_client):
    verified_api_client(world.strategic_lead).get(CSV)
    assert AuditEvent.objects.get(verb=Verb.ANONYMISED_DATASET_EXPORTED).changes["k"] == 11


@pytest.mark.parametrize("k", ["10", "1", "0", "-5", "eleven"])
def test_a_k_below_11_or_not_a_number_is_400_and_nothing_leaves(world, verified_api_client, k):
    api = verified_api_client(world.strategic_lead)
    for url in (CSV, REPORT):
        response = api.get(url, {"k": k})
        assert response.status_code == 400
        assert "k" in response.json()["errors"]
    assert not AuditEvent.objects.filter(verb=Verb.ANONYMISED_DATASET_EXPORTED).exists()


def test_the_report_says_what_was_left_out_with_small_counts_as_c(
    world, cases, verified_api_client
):
    api = verified_api_client(world.strategic_lead)
    assert api.get(REPORT, {"k": 11}).json() == {
        "k": 11,
        "potential_victims": 12,
        "published": 12,
        "suppressed": 0,
        "generalised": [],
    }
    # With k = 15 the twelve cannot be published: every column is widened, then all are left.
    body = api.get(REPORT, {"k": 15}).json()
    assert (body["published"], body["suppressed"], body["potential_victims"]) == (0, 12, 12)
    assert {g["column"] for g in body["generalised"]} >= {"Age band", "Citizenship"}


def test_others_are_refused(world, verified_api_client):
    for user in (world.la("warrington").manager, world.auditor, world.admin):
        assert verified_api_client(user).get(CSV).status_code == 403


def test_the_page_shows_the_report_and_the_download(world, verified_client):
    for n in range(3):
        open_case(world, given_name=f"Child{n}")
    client = verified_client(world.strategic_lead)

    page = client.get("/strategy/anonymised-dataset/").content.decode()

    assert "smallest group size of 11" in page
    # Three potential victims, all left out: both counts are "c".
    assert page.count('<dd class="govuk-summary-list__value">c</dd>') == 2
    assert f"{CSV}?k=11" in page
    # Looking at the report is not a download.
    assert not AuditEvent.objects.filter(verb=Verb.ANONYMISED_DATASET_EXPORTED).exists()


def test_the_page_explains_a_k_below_11(world, verified_client):
    page = verified_client(world.strategic_lead).get("/strategy/anonymised-dataset/?k=5")
    content = page.content.decode()
    assert "Smallest group size must be 11 or more" in content
    assert "Download the dataset" not in content


# Which cases the dataset reads (here: reporting's own tests may not reach a workflow).


def _case_with(world, codes: list[str]):
    child = make_child(world.police.practitioner, given_name="Kai")
    concern = raise_concern(world.police.practitioner, child, indicator_codes=codes)
    return concern_decide(actor=world.la("warrington").manager, concern=concern, decision="accept")


@pytest.mark.django_db
def test_a_case_whose_screening_finds_no_potential_victim_is_left_out(world):
    open_case(world, given_name="Noor")
    # Transport by an adult is an act, with no purpose: the definition is not met.
    _case_with(world, ["ind.transport_arranged_by_adult"])

    assert len(victim_records()) == 1


@pytest.mark.django_db
def test_means_come_from_the_screening_without_their_prefix(world):
    _case_with(
        world,
        ["ind.transport_arranged_by_adult", "ind.sexual_activity_with_adults", "ind.debt_bondage"],
    )

    [record] = victim_records()

    # Debt bondage implies coercion.
    assert record.means_of_control == frozenset({"coercion"})
    assert record.exploitation_types == frozenset({"sexual"})
