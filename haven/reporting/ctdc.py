"""The anonymised dataset in the style of the Counter Trafficking Data Collaborative's global
dataset (decision 0031): one row per potential victim (a case whose screening in force finds
one), made k-anonymous by ``anonymity.anonymise`` (k = 11 unless a larger k is asked for).

Each case gives: the child's age when the case was opened (its registration), gender,
citizenship (one nationality: not British where there are several), the exploitation types its
screening found (the NRM categories its purposes map to), the means of control it found (the
definition's means), and the year it was opened. Read from the models in the database; no name,
date or place leaves it. The header names are CTDC's."""

import csv
import io
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from haven.cases.models import Case
from haven.core.replica import reporting_reads
from haven.people.age import age_on
from haven.reporting.anonymity import (
    MINIMUM_K,
    UNITED_KINGDOM,
    AnonymisationReport,
    VictimRecord,
    anonymise,
)
from haven.reporting.disclosure import Shown, Symbol, publish_count
from haven.screening.models import OverrideStatus, Screening, ScreeningOverride

POTENTIAL_VICTIM = "potential_victim"
MEANS_PREFIX = "means."

# Our columns -> CTDC's header names.
HEADERS = {
    "year_of_registration": "yearOfRegistration",
    "gender": "gender",
    "age_band": "ageBroad",
    "citizenship": "citizenship",
    "exploitation_types": "typeOfExploitConcatenated",
    "means_of_control": "meansOfControlConcatenated",
}

# Haven's genders as CTDC writes them; "not known" is left to the anonymiser's own word.
GENDERS = {"female": "Female", "male": "Male", "other": "Other"}


@dataclass(frozen=True)
class PublishedReport:
    """The report as a strategic lead may see it. The rows published are in the CSV anyway (0
    or at least k); the rows suppressed, 1 to 5, are ``c``, and then so is the number of
    potential victims, which would give them away."""

    k: int
    potential_victims: Shown
    published: int
    suppressed: Shown
    # (column, what it now shows) for each column widened.
    generalised: list[tuple[str, str]]


@dataclass(frozen=True)
class AnonymisedDataset:
    rows: list[dict[str, str]]
    report: AnonymisationReport

    @property
    def published_report(self) -> PublishedReport:
        report = self.report
        suppressed = publish_count(report.suppressed)
        return PublishedReport(
            k=report.k,
            potential_victims=Symbol.CONFIDENTIAL
            if suppressed == Symbol.CONFIDENTIAL
            else report.rows_in,
            published=report.rows_out,
            suppressed=suppressed,
            generalised=report.generalised,
        )


def _screenings_in_force():
    """Each case's newest screening, with the outcome of an override in force on it."""
    latest = Screening.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-id")
    override = ScreeningOverride.objects.filter(
        screening_id=OuterRef("screening_id"), status=OverrideStatus.IN_FORCE
    ).order_by("-recorded_at", "-id")
    return (
        Case.objects.annotate(screening_id=Subquery(latest.values("id")[:1]))
        .filter(screening_id__isnull=False)
        .annotate(
            outcome=Coalesce(
                Subquery(override.values("outcome")[:1]),
                Subquery(Screening.objects.filter(pk=OuterRef("screening_id")).values("outcome")),
            ),
            result=Subquery(Screening.objects.filter(pk=OuterRef("screening_id")).values("result")),
            date_of_birth=F("person__date_of_birth"),
            gender=F("person__gender"),
            nationalities=F("person__nationalities"),
        )
        .filter(outcome=POTENTIAL_VICTIM)
        .values("opened_at", "result", "date_of_birth", "gender", "nationalities")
    )


def _citizenship(stored) -> str | None:
    """One country, as CTDC has: of several (kept in alphabetical order), the first that is not
    the United Kingdom, which says more about how the child came to be exploited."""
    # django-countries keeps a multiple choice as comma-separated codes.
    if isinstance(stored, str):
        stored = stored.split(",")
    codes = [str(getattr(country, "code", country)) for country in stored or () if country]
    others = [code for code in codes if code != UNITED_KINGDOM]
    return (others or codes or [None])[0]


@reporting_reads()
def victim_records() -> list[VictimRecord]:
    records = []
    for case in _screenings_in_force().iterator():
        registered_on = timezone.localdate(case["opened_at"])
        result = case["result"] or {}
        means = result.get("elements", {}).get("means", ())
        records.append(
            VictimRecord(
                age=age_on(case["date_of_birth"], registered_on) if case["date_of_birth"] else None,
                gender=GENDERS.get(case["gender"], ""),
                citizenship=_citizenship(case["nationalities"]),
                exploitation_types=frozenset(result.get("exploitation_types", ())),
                means_of_control=frozenset(m.removeprefix(MEANS_PREFIX) for m in means),
                year_of_registration=registered_on.year,
            )
        )
    return records


def anonymised_dataset(*, k: int = MINIMUM_K) -> AnonymisedDataset:
    """The k-anonymous rows and the report of what was generalised and suppressed. A k below
    ``MINIMUM_K`` is refused (``AnonymityError``)."""
    rows, report = anonymise(victim_records(), k=k)
    return AnonymisedDataset(rows=rows, report=report)


def dataset_csv(rows: list[dict[str, str]]) -> str:
    """The rows as CSV with CTDC's header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(HEADERS.values()), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({HEADERS[column]: value for column, value in row.items()})
    return out.getvalue()
