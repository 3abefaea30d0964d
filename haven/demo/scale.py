"""Synthetic records at national size (issue 16, decision 0037), for ``generate_scale_data``.

Every row is made by plain Python from one seeded generator and written table by table with
the ids it was given: PostgreSQL's COPY (psycopg's ``cursor.copy``), or ``executemany`` on
SQLite for the tiny sizes the tests use. Rows point at each other by those ids, so nothing is
read back. The same seed, clock and starting ids give the same rows.

What is made, for ``people`` P, ``cases`` C, ``events`` E and ``links`` L:

* staff: the four authorities (an existing one for an area is reused), police, health,
  education and an NGO; one children's social care team per 1,000 cases in each authority
  (at least two), a police team per area; a manager and six practitioners per team, a
  strategic lead and an analyst per authority, an auditor;
* P people: 70% children, then adults of concern and parents or carers, with names from
  several origins, aliases (30%), identifiers (40%), addresses (50%), phones (30%), and
  sibling relationships;
* C cases, each of one child (a quarter open, the rest closed), the concern that opened it and
  one concern in ten that did not;
* E events: two screenings, three tasks, a case note and a case-opened chronology entry per
  case; strategy meetings with attendees (30% of cases), missing episodes with return home
  interviews (25%), NRM referrals with decisions (a third), placements (10%), investigations
  with suspects, outcomes and orders (10%); chronology entries make up the rest;
* L intelligence links between L / 5 entities (addresses, vehicles, phones, people of
  concern, online accounts), 40% from a case, 5% handled ``C``;
* notifications for open tasks, and three audit rows per case (opened, viewed twice),
  signed through ``audit.services.audit_record_bulk`` and sealed like any other row, so
  ``audit_verify`` checks them.
"""

import json
import random
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, models, transaction

from haven.accounts.models import Agency, AgencyType, Team, TeamFunction, User
from haven.accounts.roles import Role
from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.audit.services import audit_record_bulk
from haven.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    ChronologyEntry,
    ChronologyKind,
    Concern,
    ConcernStatus,
)
from haven.core.areas import Area
from haven.demo.name_pools import (
    ALBANIAN_BOYS,
    ALBANIAN_FAMILIES,
    ALBANIAN_GIRLS,
    BRITISH_BOYS,
    BRITISH_FAMILIES,
    BRITISH_GIRLS,
    ERITREAN_BOYS,
    ERITREAN_FAMILIES,
    ERITREAN_GIRLS,
    ROMANIAN_BOYS,
    ROMANIAN_FAMILIES,
    ROMANIAN_GIRLS,
    VIETNAMESE_BOYS,
    VIETNAMESE_FAMILIES,
    VIETNAMESE_GIRLS,
    Pool,
)
from haven.intelligence.models import Entity, EntityType, HandlingCode, Link, LinkSource, LinkType
from haven.intelligence.rules import entity_normalised
from haven.investigations.models import Investigation, Order, Suspect, SuspectOutcome
from haven.matching.models import (
    PersonBlockingKey,
    PersonMatchingRecord,
    PersonNameKey,
    PersonNamePart,
)
from haven.matching.name_keys import name_key_rows
from haven.matching.people_records import agency_names, record_from_values
from haven.matching.records import PersonRecord
from haven.matching.stored_keys import blocking_key_rows, name_part_rows
from haven.meetings.models import MeetingAttendee, StrategyMeeting
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.notifications.models import Notification
from haven.nrm.models import NrmDecision, NrmReferral
from haven.people.models import (
    Address,
    Alias,
    Identifier,
    Person,
    PersonKind,
    PersonSearchText,
    Phone,
    Relationship,
)
from haven.people.search_text import identifiers_text, names_text
from haven.placements.models import Placement
from haven.screening.engine import Circumstances, ScreeningInput, assess
from haven.screening.models import Screening, counted_columns
from haven.screening.services import screening_inputs_json

# Marks the synthetic agencies, teams and users (``scale-`` slugs, ``@scale.haven.test``).
MARK = "scale"
EMAIL_DOMAIN = "scale.haven.test"
# SQLite takes the tiny sizes the tests use; national sizes need PostgreSQL.
SQLITE_MOST_PEOPLE = 5_000
CASES_PER_TEAM = 1_000
BATCH = 50_000


@dataclass(frozen=True)
class Origin:
    """Where a synthetic person's family comes from: their names, drawn with Zipf-like weights,
    nationality and first language."""

    boys: Pool
    girls: Pool
    families: Pool
    nationality: str
    language: str


# Gently weighted (the first name of a pool drawn four to six times as often as the last), as
# names are spread in England: Smith is about 1 % of the British people here, Olivia about
# 2 % of the girls. The half of all people whose full name is commonest share it with 25 or
# more others at 1,000,000 people, a few with thousands (decision 0057).
EXPONENT = 0.3
# About two Vietnamese people in five are called Nguyen, and one in ten each Tran and Le; drawn
# with this weight, Nguyen is half of them here and Tran one in six.
VIETNAMESE_FAMILY_EXPONENT = 1.6


def _origin(boys, girls, families, nationality, language, families_exponent=EXPONENT):
    return Origin(
        Pool(boys, EXPONENT),
        Pool(girls, EXPONENT),
        Pool(families, families_exponent),
        nationality,
        language,
    )


ORIGINS = {
    "british": _origin(BRITISH_BOYS, BRITISH_GIRLS, BRITISH_FAMILIES, "GB", "English"),
    "vietnamese": _origin(
        VIETNAMESE_BOYS,
        VIETNAMESE_GIRLS,
        VIETNAMESE_FAMILIES,
        "VN",
        "Vietnamese",
        VIETNAMESE_FAMILY_EXPONENT,
    ),
    "albanian": _origin(ALBANIAN_BOYS, ALBANIAN_GIRLS, ALBANIAN_FAMILIES, "AL", "Albanian"),
    "eritrean": _origin(ERITREAN_BOYS, ERITREAN_GIRLS, ERITREAN_FAMILIES, "ER", "Tigrinya"),
    "romanian": _origin(ROMANIAN_BOYS, ROMANIAN_GIRLS, ROMANIAN_FAMILIES, "RO", "Romanian"),
}
ORIGIN_WEIGHTS = (60, 12, 12, 8, 8)
TOWNS = {
    Area.CHESHIRE_EAST: ("Crewe", "CW1"),
    Area.CHESHIRE_WEST_AND_CHESTER: ("Chester", "CH1"),
    Area.HALTON: ("Runcorn", "WA7"),
    Area.WARRINGTON: ("Warrington", "WA1"),
}
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Park Avenue",
    "Victoria Road",
    "Mill Lane",
]
TYPES = ["sexual", "labour", "criminal", "domestic_servitude", "not_specified"]
SCREENED_CODES = (
    ("ind.found_at_adult_address", "ind.sexual_activity_with_adults"),
    ("ind.cannabis_farm_or_drug_running", "ind.transport_arranged_by_adult"),
    ("ind.arrived_unaccompanied", "ind.working_unpaid_or_underage", "ind.debt_bondage"),
    ("ind.missing_episodes", "ind.recruited_online_or_by_peer"),
    ("ind.not_registered_school_or_gp",),
)
TASK_CODES = (("nrm_referral", 7), ("strategy_meeting", 4), ("consider_trafficking", 7))


@dataclass(frozen=True)
class Sizes:
    people: int
    cases: int
    events: int
    links: int

    def problems(self) -> list[str]:
        problems = [
            f"--{name} must be at least 0" for name, value in vars(self).items() if value < 0
        ]
        if self.cases > 0.7 * self.people:
            problems.append("--cases may be at most 70% of --people (each case is of one child)")
        if self.cases < 1:
            problems.append("--cases must be at least 1")
        return problems


class TableWriter:
    """Writes rows of one model at a time, with the ids the generator gave them.

    A row is a dict of attribute names (``person_id``); fields left out take their default (or
    ``now`` for auto_now fields, None when nullable). PostgreSQL gets COPY; other databases
    ``executemany``. ``counts`` says how many rows each model got."""

    def __init__(self, *, now: datetime):
        self.now = now
        self.counts: dict[str, int] = {}
        self.postgres = connection.vendor == "postgresql"
        self._next: dict[type[models.Model], int] = {}

    def first_id(self, model) -> int:
        """The id the next row of ``model`` gets (one past the largest stored)."""
        if model not in self._next:
            largest = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = largest + 1
        return self._next[model]

    def ids(self, model, count: int) -> range:
        start = self.first_id(model)
        self._next[model] = start + count
        return range(start, start + count)

    def _layout(self, model):
        layout = []
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = self.now
            else:
                # Django's own default: the declared one, "" for text, else None.
                default = field.get_default()
                if default is None and not field.null:
                    default = _REQUIRED
            layout.append((field.attname, default, field))
        return layout

    def write(self, model, rows: Iterable[dict]) -> int:
        layout = self._layout(model)
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for _, _, f in layout)
        json_fields = {name for name, _, f in layout if isinstance(f, models.JSONField)}
        written = 0
        # Rows take their ids as they are made: read where they start before COPY begins.
        self.first_id(model)

        def values(row: dict) -> tuple:
            out = []
            for name, default, field in layout:
                value = row.get(name, default)
                if value is _REQUIRED:
                    raise ValueError(f"{model.__name__}.{name} needs a value")
                if self.postgres:
                    out.append(json.dumps(value) if name in json_fields else value)
                else:
                    out.append(field.get_db_prep_save(value, connection))
            return tuple(out)

        if self.postgres:
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
                    written += 1
        else:
            marks = ", ".join(["%s"] * len(layout))
            # Table and column names come from the models, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            with connection.cursor() as cursor:
                for batch in _batched(map(values, rows), BATCH):
                    cursor.executemany(sql, batch)
                    written += len(batch)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        return written

    def finish(self) -> None:
        """Move each table's id sequence past the ids given."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


_REQUIRED = object()


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def real_records_present() -> bool:
    """Whether the database holds people, concerns or cases that were not made here."""
    synthetic = Person.objects.filter(recorded_by_team__agency__slug__startswith=f"{MARK}-")
    return (
        Person.objects.exclude(pk__in=synthetic.values("pk")).exists()
        or Concern.objects.exclude(raised_by__email__endswith=f"@{EMAIL_DOMAIN}").exists()
    )


@dataclass
class Staff:
    authorities: dict[str, int]
    police: int
    partners: list[int]
    teams: dict[str, list[int]]
    police_teams: dict[str, int]
    managers: dict[int, int]
    practitioners: dict[int, list[int]]
    emails: dict[int, str]
    agency_of: dict[int, int]


class Generator:
    def __init__(self, sizes: Sizes, *, seed: int, now: datetime, writer: TableWriter):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.now = now
        self.w = writer
        self.made_events = 0

    # --- helpers ---------------------------------------------------------------------------

    def _when(self) -> datetime:
        """An instant in the last two years."""
        return self.now - timedelta(minutes=self.rng.randrange(2 * 365 * 24 * 60))

    def _name(self, origin: str, gender: str) -> tuple[str, str]:
        """A (given, family) name of ``origin`` for a person of ``gender`` (either pool's
        given names when it is not known)."""
        names = ORIGINS[origin]
        if gender not in ("female", "male"):
            gender = self.rng.choice(["female", "male"])
        given = (names.girls if gender == "female" else names.boys).draw(self.rng)
        return given.title(), names.families.draw(self.rng).title()

    def _write(self, model, rows: Iterable[dict], *, events: bool = False) -> int:
        written = self.w.write(model, rows)
        if events:
            self.made_events += written
        return written

    # --- staff -----------------------------------------------------------------------------

    def staff(self) -> Staff:
        rng, w = self.rng, self.w
        agency_rows, authorities = [], {}
        for area in Area:
            existing = Agency.objects.filter(
                agency_type=AgencyType.LOCAL_AUTHORITY, area_code=area.value
            ).first()
            if existing:
                authorities[area.value] = existing.pk
                continue
            (pk,) = w.ids(Agency, 1)
            authorities[area.value] = pk
            agency_rows.append(
                {
                    "id": pk,
                    "name": f"{area.label} Council (synthetic)",
                    "slug": f"{MARK}-{area.value}".replace("_", "-"),
                    "agency_type": AgencyType.LOCAL_AUTHORITY,
                    "area_code": area.value,
                    "is_first_responder": True,
                }
            )
        partner_types = [
            (AgencyType.POLICE, "Constabulary", True),
            (AgencyType.HEALTH, "NHS Trust", False),
            (AgencyType.EDUCATION, "Schools", False),
            (AgencyType.NGO, "Children's charity", False),
        ]
        partners = list(w.ids(Agency, len(partner_types)))
        for pk, (kind, name, responder) in zip(partners, partner_types, strict=True):
            agency_rows.append(
                {
                    "id": pk,
                    "name": f"Synthetic {name} ({MARK} {pk})",
                    "slug": f"{MARK}-{kind}-{pk}".replace("_", "-"),
                    "agency_type": kind,
                    "area_code": "",
                    "is_first_responder": responder,
                }
            )
        self._write(Agency, agency_rows)
        police = partners[0]

        per_authority = max(2, self.sizes.cases // (len(Area) * CASES_PER_TEAM))
        team_rows, teams, police_teams, agency_of = [], {}, {}, {}
        for area, agency in authorities.items():
            teams[area] = list(w.ids(Team, per_authority))
            for n, pk in enumerate(teams[area], 1):
                agency_of[pk] = agency
                team_rows.append(
                    {
                        "id": pk,
                        "agency_id": agency,
                        "name": f"{MARK} children's services team {n}",
                        "function": TeamFunction.CHILDRENS_SOCIAL_CARE,
                    }
                )
            (police_teams[area],) = w.ids(Team, 1)
            agency_of[police_teams[area]] = police
            team_rows.append(
                {"id": police_teams[area], "agency_id": police, "name": f"{MARK} police {area}"}
            )
        self._write(Team, team_rows)

        user_rows, managers, practitioners, emails = [], {}, {}, {}

        def user(agency: int, team: int | None, role: str, job: str) -> int:
            (pk,) = w.ids(User, 1)
            given, family = self._name("british", "")
            emails[pk] = f"{role}.{pk}@{EMAIL_DOMAIN}"
            user_rows.append(
                {
                    "id": pk,
                    "email": emails[pk],
                    "full_name": f"{given} {family}",
                    "agency_id": agency,
                    "team_id": team,
                    "role": role,
                    "job_title": job,
                    "password": "!" + "".join(rng.choices(string.ascii_letters, k=40)),
                    "date_joined": self.now,
                }
            )
            return pk

        for team, agency in agency_of.items():
            managers[team] = user(agency, team, Role.MANAGER, "Team manager")
            practitioners[team] = [
                user(agency, team, Role.PRACTITIONER, "Social worker") for _ in range(6)
            ]
        for agency in authorities.values():
            user(agency, None, Role.STRATEGIC_LEAD, "Head of safeguarding")
        for area in authorities:
            user(police, police_teams[area], Role.ANALYST, "Intelligence analyst")
        user(police, None, Role.AUDITOR, "Information governance")
        self._write(User, user_rows)
        return Staff(
            authorities=authorities,
            police=police,
            partners=partners,
            teams=teams,
            police_teams=police_teams,
            managers=managers,
            practitioners=practitioners,
            emails=emails,
            agency_of=agency_of,
        )

    # --- people ----------------------------------------------------------------------------

    def people(self, staff: Staff) -> tuple[range, range, list[str], list[str]]:
        rng, w, sizes = self.rng, self.w, self.sizes
        ids = w.ids(Person, sizes.people)
        children = int(sizes.people * 0.7)
        adults = ids[children:]
        origins = rng.choices(list(ORIGINS), weights=ORIGIN_WEIGHTS, k=sizes.people)
        home = [rng.choice(Area.values) for _ in ids]
        all_teams = list(staff.agency_of)
        # (person, alias or None, given, family) of every name, for the name keys.
        names: list[tuple[int, int | None, str, str]] = []
        # What matching reads of each person (``people_records.record_values``), stored whole
        # and for the blocking keys and name parts.
        matched: dict[int, dict] = {}

        def person_rows():
            for n, pk in enumerate(ids):
                origin = origins[n]
                nationality, language = ORIGINS[origin].nationality, ORIGINS[origin].language
                gender = rng.choice(["female", "male", "unknown"])
                given, family = self._name(origin, gender)
                names.append((pk, None, given, family))
                child = n < children
                age = rng.randrange(8, 18) if child else rng.randrange(18, 60)
                born = self.now.date() - timedelta(days=365 * age + rng.randrange(365))
                team = rng.choice(all_teams)
                birth = born if rng.random() < 0.9 else None
                matched[pk] = {
                    "id": pk,
                    "given": given,
                    "family": family,
                    "born": birth.isoformat() if birth else None,
                    "precision": "exact",
                    "assessed": False,
                    "gender": gender,
                    "nationalities": [nationality],
                    "agency": staff.agency_of[team],
                    "aliases": [],
                    "identifiers": [],
                    "phones": [],
                    "address": None,
                }
                yield {
                    "id": pk,
                    "kind": PersonKind.CHILD
                    if child
                    else rng.choice([PersonKind.ADULT_OF_CONCERN, PersonKind.PARENT_OR_CARER]),
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": birth,
                    "dob_precision": "exact",
                    "gender": gender,
                    # As the field stores it (codes joined by commas): COPY writes a list as
                    # an array literal.
                    "nationalities": nationality,
                    "first_language": language,
                    "interpreter_needed": origin != "british",
                    "recorded_by_agency_id": staff.agency_of[team],
                    "recorded_by_team_id": team,
                    "created_at": self.now,
                    "updated_at": self.now,
                }

        self._write(Person, person_rows())

        def alias_rows():
            for n, pk in enumerate(ids):
                if rng.random() < 0.3:
                    given, family = self._name(origins[n], matched[pk]["gender"])
                    (alias,) = w.ids(Alias, 1)
                    names.append((pk, alias, given, family))
                    matched[pk]["aliases"] = [[given, family, staff.police]]
                    yield {
                        "id": alias,
                        "person_id": pk,
                        "given_name": given,
                        "family_name": family,
                        "note": rng.choice(["street name", "nickname", "spelling", ""]),
                        "recorded_by_agency_id": staff.police,
                    }

        def identifier_rows():
            for pk in ids:
                if rng.random() < 0.4:
                    kind = rng.choice(["police_reference", "upn", "home_office_reference"])
                    matched[pk]["identifiers"] = [[kind, f"{kind[:2].upper()}{pk:09d}"]]
                    yield {
                        "id": w.ids(Identifier, 1)[0],
                        "person_id": pk,
                        "kind": kind,
                        "value": f"{kind[:2].upper()}{pk:09d}",
                        "recorded_by_agency_id": staff.police,
                    }

        def address_rows():
            for n, pk in enumerate(ids):
                if rng.random() < 0.5:
                    town, district = TOWNS[Area(home[n])]
                    line_1 = f"{rng.randrange(1, 200)} {rng.choice(STREETS)}"
                    postcode = _postcode(rng, district)
                    matched[pk]["address"] = [line_1, "", town, postcode]
                    yield {
                        "id": w.ids(Address, 1)[0],
                        "person_id": pk,
                        "line_1": line_1,
                        "town": town,
                        "postcode": postcode,
                        "recorded_by_agency_id": staff.authorities[home[n]],
                    }

        def phone_rows():
            for pk in ids:
                if rng.random() < 0.3:
                    number = f"+447700{rng.randrange(10**6):06d}"
                    matched[pk]["phones"] = [number]
                    yield {
                        "id": w.ids(Phone, 1)[0],
                        "person_id": pk,
                        "number": number,
                        "recorded_by_agency_id": staff.police,
                    }

        def relationship_rows():
            for n in range(0, children - 1, 10):
                yield {
                    "id": w.ids(Relationship, 1)[0],
                    "person_id": ids[n],
                    "other_id": ids[n + 1],
                    "kind": "sibling",
                    "recorded_by_id": staff.managers[staff.police_teams[home[n]]],
                    "recorded_by_agency_id": staff.police,
                }

        self._write(Alias, alias_rows())
        self._write(Identifier, identifier_rows())
        self._write(Address, address_rows())
        self._write(Phone, phone_rows())
        self._write(Relationship, relationship_rows())

        def search_text_rows():
            # Each person's own name first, then their aliases, as ``search_text`` orders them.
            names_of: dict[int, list[tuple[str, str]]] = {}
            for pk, _alias, given, family in names:
                names_of.setdefault(pk, []).append((given, family))
            for pk, pairs in names_of.items():
                born = matched[pk]["born"]
                yield {
                    "person_id": pk,
                    "names": names_text(pairs),
                    "identifiers": identifiers_text(
                        value for _kind, value in matched[pk]["identifiers"]
                    ),
                    "given_name": matched[pk]["given"],
                    "family_name": matched[pk]["family"],
                    "date_of_birth": date.fromisoformat(born) if born else None,
                    "merged": False,
                }

        self._write(PersonSearchText, search_text_rows())
        self._write(
            PersonNameKey,
            (
                {"id": w.ids(PersonNameKey, 1)[0], **row}
                for name in names
                for row in name_key_rows(*name)
            ),
        )
        self._write(
            PersonMatchingRecord,
            ({"person_id": pk, "record": values} for pk, values in matched.items()),
        )
        agencies = agency_names()
        self._matching_rows([record_from_values(v, agencies) for v in matched.values()])
        return ids[:children], adults, home, origins

    def _matching_rows(self, records: list[PersonRecord]) -> None:
        """Blocking keys and name parts (decision 0045), as ``name_keys.keys_refresh``
        writes them, a batch of people at a time."""
        w = self.w

        def block_rows():
            for batch in _batched(records, BATCH):
                keys = blocking_key_rows(batch)
                columns = (keys.records.tolist(), keys.rules.tolist(), keys.keys.tolist())
                for pk, (record, rule, key, sort) in zip(
                    w.ids(PersonBlockingKey, len(keys)),
                    zip(*columns, keys.sort_keys.tolist(), strict=True),
                    strict=True,
                ):
                    person = int(batch[record].record_id)
                    yield {
                        "id": pk,
                        "person_id": person,
                        "rule": rule,
                        "block_key": key,
                        "sort_key": sort,
                    }

        def part_rows():
            for record in records:
                for part in name_part_rows(record):
                    yield {
                        "id": w.ids(PersonNamePart, 1)[0],
                        "person_id": int(record.record_id),
                        **part,
                    }

        self._write(PersonBlockingKey, block_rows())
        self._write(PersonNamePart, part_rows())

    # --- cases and what happens on them ------------------------------------------------------

    def cases(self, staff: Staff, children: range, adults: range, home: list[str]) -> dict:
        rng, w, n = self.rng, self.w, self.sizes.cases
        case_ids = w.ids(Case, n)
        when = [self._when() for _ in range(n)]
        area = [home[k] for k in range(n)]
        team = [rng.choice(staff.teams[a]) for a in area]
        is_open = [rng.random() < 0.25 for _ in range(n)]
        police_team = [staff.police_teams[a] for a in area]

        def case_rows():
            for k, pk in enumerate(case_ids):
                closed = None if is_open[k] else when[k] + timedelta(days=rng.randrange(30, 300))
                closed = min(closed, self.now) if closed else None
                yield {
                    "id": pk,
                    "person_id": children[k],
                    "lead_agency_id": staff.authorities[area[k]],
                    "lead_team_id": team[k],
                    "lead_practitioner_id": rng.choice(staff.practitioners[team[k]])
                    if is_open[k]
                    else None,
                    "status": CaseStatus.OPEN if is_open[k] else CaseStatus.CLOSED,
                    "opened_at": when[k] + timedelta(hours=20),
                    "closed_at": closed,
                    "closed_reason": "" if is_open[k] else "Safe and settled; plan completed.",
                    "created_at": when[k],
                    "updated_at": closed or when[k],
                }

        self._write(Case, case_rows())

        extra = n // 10
        concern_ids = w.ids(Concern, n + extra)

        def concern_rows():
            for k, pk in enumerate(concern_ids):
                on_case = k < n
                # A concern that opened no case is about a child further down the list.
                person = k if on_case else k % len(children)
                at = when[k] if on_case else self._when()
                where = home[person]
                raiser = rng.choice(staff.practitioners[staff.police_teams[where]])
                yield {
                    "id": pk,
                    "person_id": children[person],
                    "raised_by_id": raiser,
                    "raised_by_agency_id": staff.police,
                    "raised_by_team_id": staff.police_teams[where],
                    "description": "Found at an address of an unrelated adult late at night.",
                    "occurred_at": at,
                    "indicator_codes": ["ind.found_at_adult_address", "ind.missing_episodes"],
                    "home_area": where,
                    "status": ConcernStatus.ACCEPTED
                    if on_case
                    else rng.choice(
                        [ConcernStatus.NO_FURTHER_ACTION, ConcernStatus.INFORMATION_ONLY]
                    ),
                    "referred_at": at,
                    "decision_due_at": at + timedelta(days=1),
                    "decided_at": at + timedelta(hours=rng.choice([2, 20, 30])),
                    "decision_reason": "" if on_case else "Known to services; no new concern.",
                    "case_id": case_ids[k] if on_case else None,
                    "created_at": at,
                    "updated_at": at,
                }

        self._write(Concern, concern_rows())
        return {
            "ids": case_ids,
            "when": when,
            "area": area,
            "team": team,
            "open": is_open,
            "police_team": police_team,
            "children": children,
            "adults": adults,
            "concerns": concern_ids,
        }

    def case_events(self, staff: Staff, c: dict) -> list[int]:
        """Screenings, tasks, notes, meetings, missing episodes, NRM referrals, placements and
        investigations. Returns the ids of the open tasks."""
        rng, w = self.rng, self.w
        ids, when, child = c["ids"], c["when"], c["children"]

        # The engine's own answers for a few recorded situations, shared by many cases.
        assessed = {}
        for area in Area.values:
            for codes in SCREENED_CODES:
                screening_input = ScreeningInput(
                    assessed_at=self.now,
                    age_years=15,
                    codes=tuple(codes),
                    circumstances=Circumstances(home_area=area),
                )
                result = assess(screening_input=screening_input)
                stored = result.to_dict()
                assessed[area, codes] = (
                    screening_inputs_json(screening_input),
                    result,
                    stored,
                    counted_columns(stored),
                )

        def screening_rows():
            for k, case in enumerate(ids):
                inputs, result, stored, columns = assessed[c["area"][k], rng.choice(SCREENED_CODES)]
                for on_case in (False, True):
                    yield {
                        "id": w.ids(Screening, 1)[0],
                        "person_id": child[k],
                        "concern_id": None if on_case else c["concerns"][k],
                        "case_id": case if on_case else None,
                        "trigger": "accepted_into_case" if on_case else "concern_saved",
                        "inputs": inputs,
                        "result": stored,
                        "outcome": result.outcome,
                        "person_status": result.person_status,
                        "vocabulary_version": result.vocabulary_version,
                        **columns,
                        "created_at": when[k] + timedelta(hours=21 if on_case else 1),
                    }

        self._write(Screening, screening_rows(), events=True)

        open_tasks = []

        def task_rows():
            for k, case in enumerate(ids):
                for code, days in TASK_CODES:
                    pk = w.ids(Task, 1)[0]
                    due = when[k] + timedelta(days=days)
                    done = not c["open"][k] or rng.random() < 0.5
                    if not done:
                        open_tasks.append(pk)
                        due = self.now + timedelta(days=rng.randrange(-10, 20))
                    yield {
                        "id": pk,
                        "code": code,
                        "person_id": child[k],
                        "case_id": case,
                        "title": code.replace("_", " ").capitalize(),
                        "lead": "childrens_social_care",
                        "team_id": c["team"][k],
                        "owner_id": rng.choice(staff.practitioners[c["team"][k]])
                        if rng.random() < 0.7
                        else None,
                        "due_at": due,
                        "status": TaskStatus.DONE if done else TaskStatus.OPEN,
                        "completed_at": due + timedelta(hours=rng.choice([-30, -2, 20]))
                        if done
                        else None,
                        "created_at": when[k],
                        "updated_at": when[k],
                    }

        self._write(Task, task_rows(), events=True)

        def note_rows():
            for k, case in enumerate(ids):
                yield {
                    "id": w.ids(CaseNote, 1)[0],
                    "case_id": case,
                    "author_id": rng.choice(staff.practitioners[c["team"][k]]),
                    "agency_id": staff.agency_of[c["team"][k]],
                    "occurred_at": when[k] + timedelta(days=2),
                    "text": "Visited at the placement; spoke with the child alone.",
                    "created_at": when[k],
                    "updated_at": when[k],
                }

        self._write(CaseNote, note_rows(), events=True)

        met = [k for k in range(len(ids)) if rng.random() < 0.3]
        meeting_ids = w.ids(StrategyMeeting, len(met))

        def meeting_rows():
            for pk, k in zip(meeting_ids, met, strict=True):
                at = when[k] + timedelta(days=2)
                yield {
                    "id": pk,
                    "case_id": ids[k],
                    "scheduled_for": at,
                    "location": "Council offices",
                    "chair_id": staff.managers[c["team"][k]],
                    "status": "held" if at < self.now else "scheduled",
                    "held_at": at if at < self.now else None,
                    "harm_risk": rng.choice(["low", "medium", "high"]),
                    "abduction_risk": rng.choice(["low", "medium", "high"]),
                    "missing_risk": rng.choice(["low", "medium", "high"]),
                    "created_at": when[k],
                    "updated_at": when[k],
                }

        def attendee_rows():
            for pk, k in zip(meeting_ids, met, strict=True):
                for user in (staff.managers[c["team"][k]], staff.managers[c["police_team"][k]]):
                    yield {
                        "id": w.ids(MeetingAttendee, 1)[0],
                        "meeting_id": pk,
                        "user_id": user,
                        "agency_id": staff.agency_of[c["team"][k]]
                        if user == staff.managers[c["team"][k]]
                        else staff.police,
                        "name": staff.emails[user],
                        "organisation": "Synthetic",
                        "job_title": "Manager",
                        "attendance": "attended",
                        "added_by_id": staff.managers[c["team"][k]],
                    }

        self._write(StrategyMeeting, meeting_rows(), events=True)
        self._write(MeetingAttendee, attendee_rows(), events=True)

        episodes = []

        def episode_rows():
            for k, case in enumerate(ids):
                if rng.random() >= 0.25:
                    continue
                for _ in range(1 + (rng.random() < 0.3)):
                    pk = w.ids(MissingEpisode, 1)[0]
                    out = min(when[k] + timedelta(days=rng.randrange(30)), self.now)
                    back = out + timedelta(hours=rng.randrange(2, 60))
                    returned = back < self.now
                    if returned:
                        episodes.append((pk, back, k))
                    yield {
                        "id": pk,
                        "person_id": child[k],
                        "case_id": case,
                        "status": "returned" if returned else "missing",
                        "reported_missing_at": out,
                        "reported_by_id": rng.choice(staff.practitioners[c["team"][k]]),
                        "reported_by_agency_id": staff.agency_of[c["team"][k]],
                        "missing_from": rng.choice(
                            ["home", "foster_placement", "residential_home"]
                        ),
                        "looked_after": rng.random() < 0.5,
                        "returned_at": back if returned else None,
                        "found_at_postcode": _postcode(rng, TOWNS[Area(c["area"][k])][1]),
                        "created_at": out,
                        "updated_at": out,
                    }

        def interview_rows():
            for pk, back, k in episodes:
                if rng.random() < 0.8:
                    yield {
                        "id": w.ids(ReturnHomeInterview, 1)[0],
                        "episode_id": pk,
                        "offered_at": back + timedelta(hours=24),
                        "offered_by_name": "Independent return worker",
                        "offered_by_organisation": "Synthetic children's charity",
                        "independent_of_placement": True,
                        "response": "accepted",
                        "held_at": back + timedelta(hours=rng.choice([30, 60, 90])),
                        "recorded_by_id": staff.managers[c["team"][k]],
                        "recorded_at": back + timedelta(hours=96),
                    }

        self._write(MissingEpisode, episode_rows(), events=True)
        self._write(ReturnHomeInterview, interview_rows(), events=True)

        referred = list(range(0, len(ids), 3))
        referral_ids = w.ids(NrmReferral, len(referred))
        # The Home Office decides reasonable grounds a few days to two weeks after submission
        # (the target is 5 working days); the referrals too recent for that, and a few older
        # ones it has not decided, are still waiting (the teams' overdue lists).
        decided = {}
        for pk, k in zip(referral_ids, referred, strict=True):
            on = (when[k] + timedelta(days=3 + rng.randrange(3, 15))).date()
            if on < self.now.date() and rng.random() >= 0.03:
                decision = rng.choice(
                    ["reasonable_grounds_positive", "reasonable_grounds_negative"]
                )
                decided[pk] = (decision, on)

        def referral_rows():
            for pk, k in zip(referral_ids, referred, strict=True):
                manager = staff.managers[c["team"][k]]
                yield {
                    "id": pk,
                    "case_id": ids[k],
                    "under_age": "yes",
                    "state": decided[pk][0] if pk in decided else "submitted",
                    "submitted_on": (when[k] + timedelta(days=3)).date(),
                    "submitted_by_id": manager,
                    "created_by_id": manager,
                    "created_by_agency_id": staff.agency_of[c["team"][k]],
                    "exploitation_types": rng.sample(TYPES[:4], 1),
                    "created_at": when[k],
                    "updated_at": when[k],
                }

        def decision_rows():
            for pk, k in zip(referral_ids, referred, strict=True):
                if pk not in decided:
                    continue
                decision, on = decided[pk]
                yield {
                    "id": w.ids(NrmDecision, 1)[0],
                    "referral_id": pk,
                    "decision": decision,
                    "decided_on": on,
                    "recorded_by_id": staff.managers[c["team"][k]],
                    "recorded_at": min(when[k] + timedelta(days=18), self.now),
                }

        self._write(NrmReferral, referral_rows(), events=True)
        self._write(NrmDecision, decision_rows(), events=True)

        def placement_rows(addresses: list[tuple[int, int]]):
            for address, k in addresses:
                start = (when[k] + timedelta(days=1)).date()
                yield {
                    "id": w.ids(Placement, 1)[0],
                    "case_id": ids[k],
                    "placement_type": rng.choice(["foster_care", "residential", "family"]),
                    "provider": "Synthetic fostering service",
                    "start_date": start,
                    "address_id": address,
                    "recorded_by_agency_id": staff.agency_of[c["team"][k]],
                    "recorded_at": when[k] + timedelta(days=1),
                }

        placed = [k for k in range(len(ids)) if rng.random() < 0.1]
        placement_addresses = w.ids(Address, len(placed))
        self._write(
            Address,
            (
                {
                    "id": pk,
                    "person_id": child[k],
                    "kind": "placement",
                    "line_1": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
                    "postcode": _postcode(rng, TOWNS[Area(c["area"][k])][1]),
                    "is_confidential": True,
                    "held_by_team_id": c["team"][k],
                    "recorded_by_agency_id": staff.agency_of[c["team"][k]],
                }
                for pk, k in zip(placement_addresses, placed, strict=True)
            ),
        )
        self._write(
            Placement,
            placement_rows(list(zip(placement_addresses, placed, strict=True))),
            events=True,
        )

        investigated = list(range(0, len(ids), 10))
        investigation_ids = w.ids(Investigation, len(investigated))
        suspect_ids = w.ids(Suspect, len(investigated))
        adults = c["adults"]

        def investigation_rows():
            for pk, k in zip(investigation_ids, investigated, strict=True):
                yield {
                    "id": pk,
                    "case_id": ids[k],
                    "officer_in_charge": "DC Synthetic",
                    "offences": ["msa2015_s2"],
                    "victim_statement": rng.choice(["given", "not_given", "declined"]),
                    "opened_on": (when[k] + timedelta(days=2)).date(),
                    "agency_id": staff.police,
                    "created_by_id": staff.managers[c["police_team"][k]],
                    "created_at": when[k],
                    "updated_at": when[k],
                }

        def suspect_rows():
            for pk, inv, k in zip(suspect_ids, investigation_ids, investigated, strict=True):
                yield {
                    "id": pk,
                    "investigation_id": inv,
                    "person_id": adults[k % len(adults)],
                    "added_by_id": staff.managers[c["police_team"][k]],
                }

        def outcome_rows():
            for pk, k in zip(suspect_ids, investigated, strict=True):
                yield {
                    "id": w.ids(SuspectOutcome, 1)[0],
                    "suspect_id": pk,
                    "outcome": rng.choice(["ongoing", "no_further_action", "charged"]),
                    "decided_on": (when[k] + timedelta(days=rng.randrange(3, 200))).date(),
                    "recorded_by_id": staff.managers[c["police_team"][k]],
                }

        def order_rows():
            for pk, inv, k in zip(suspect_ids, investigation_ids, investigated, strict=True):
                if rng.random() < 0.3:
                    yield {
                        "id": w.ids(Order, 1)[0],
                        "investigation_id": inv,
                        "order_type": rng.choice(["stpo", "stro", "cawn"]),
                        "suspect_id": pk,
                        "postcode": _postcode(rng, TOWNS[Area(c["area"][k])][1]),
                        "issued_on": (when[k] + timedelta(days=30)).date(),
                        "recorded_by_id": staff.managers[c["police_team"][k]],
                    }

        self._write(Investigation, investigation_rows(), events=True)
        self._write(Suspect, suspect_rows())
        self._write(SuspectOutcome, outcome_rows(), events=True)
        self._write(Order, order_rows(), events=True)
        return open_tasks

    def chronology(self, staff: Staff, c: dict) -> None:
        """A case-opened entry per case, then dated entries up to the events asked for."""
        rng, ids, when = self.rng, c["ids"], c["when"]
        rest = max(0, self.sizes.events - self.made_events - len(ids))
        kinds = [ChronologyKind.NOTE, ChronologyKind.TASK, ChronologyKind.SCREENING]

        def rows():
            for k, case in enumerate(ids):
                yield {
                    "id": self.w.ids(ChronologyEntry, 1)[0],
                    "case_id": case,
                    "occurred_at": when[k] + timedelta(hours=20),
                    "kind": ChronologyKind.CASE,
                    "agency_id": staff.agency_of[c["team"][k]],
                    "summary": "Case opened by the front door.",
                }
            for n in range(rest):
                k = rng.randrange(len(ids))
                yield {
                    "id": self.w.ids(ChronologyEntry, 1)[0],
                    "case_id": ids[k],
                    "occurred_at": min(
                        when[k] + timedelta(hours=rng.randrange(24, 9000)), self.now
                    ),
                    "kind": kinds[n % len(kinds)],
                    "agency_id": staff.agency_of[c["team"][k]],
                    "summary": "Contact with the child and the placement recorded.",
                }

        self._write(ChronologyEntry, rows(), events=True)

    # --- intelligence ----------------------------------------------------------------------

    def intelligence(self, staff: Staff, c: dict) -> None:
        rng, w, links = self.rng, self.w, self.sizes.links
        if not links:
            return
        count = max(10, links // 5)
        entity_ids = w.ids(Entity, count)
        analysts = [staff.managers[t] for t in staff.police_teams.values()]
        kinds = [
            EntityType.ADDRESS,
            EntityType.VEHICLE,
            EntityType.PHONE,
            EntityType.PERSON_OF_CONCERN,
            EntityType.ONLINE_ACCOUNT,
        ]

        def values(kind: str, n: int) -> dict[str, str]:
            if kind == EntityType.ADDRESS:
                district = rng.choice(list(TOWNS.values()))[1]
                return {"line": f"{n} {rng.choice(STREETS)}", "postcode": _postcode(rng, district)}
            if kind == EntityType.VEHICLE:
                letters = "".join(rng.choices("ABCDEFGHJKLMNOPRSTUVWXY", k=5))
                return {"registration": f"{letters[:2]}{n % 90 + 10:02d}{letters[2:]}"}
            if kind == EntityType.PHONE:
                return {"number": f"07{n:09d}"}
            if kind == EntityType.ONLINE_ACCOUNT:
                return {"name": f"user{n}", "platform": rng.choice(["Snapchat", "Instagram"])}
            given, family = self._name(rng.choice(list(ORIGINS)), "")
            return {"name": f"{given} {family} {n}"}

        def entity_rows():
            seen = set()
            for n, pk in enumerate(entity_ids):
                kind = kinds[n % len(kinds)]
                normalised = entity_normalised(kind, values(kind, n))
                key = (
                    normalised.key
                    if (kind, normalised.key) not in seen
                    else f"{normalised.key}#{n}"
                )
                seen.add((kind, key))
                yield {
                    "id": pk,
                    "entity_type": kind,
                    "key": key,
                    **normalised.values,
                    "recorded_by_id": rng.choice(analysts),
                    "recorded_by_agency_id": staff.police,
                    "created_at": self.now,
                    "updated_at": self.now,
                }

        self._write(Entity, entity_rows())
        # A few hubs (1% of links) make the network realistic: many children at one address.
        hubs = entity_ids[: max(1, count // 1000)]
        link_types = [LinkType.FOUND_AT, LinkType.CONTACTED_BY, LinkType.VISITS, LinkType.USES]

        def link_rows():
            for _ in range(links):
                from_case = rng.random() < 0.4
                k = rng.randrange(len(c["ids"]))
                to = rng.choice(hubs) if rng.random() < 0.01 else rng.choice(entity_ids)
                other = rng.choice(entity_ids)
                conditional = rng.random() < 0.05
                yield {
                    "id": w.ids(Link, 1)[0],
                    "from_case_id": c["ids"][k] if from_case else None,
                    "from_entity_id": None if from_case else (other if other != to else hubs[0]),
                    "to_entity_id": to,
                    "link_type": rng.choice(link_types) if from_case else LinkType.ASSOCIATE_OF,
                    "occurred_on": (c["when"][k] + timedelta(days=rng.randrange(60))).date(),
                    "source": LinkSource.POLICE_RECORD,
                    "source_evaluation": rng.choice("12"),
                    "intelligence_assessment": rng.choice("ABC"),
                    "handling_code": HandlingCode.CONDITIONS
                    if conditional
                    else HandlingCode.PERMITTED,
                    "handling_conditions": "Police only unless agreed by the OIC."
                    if conditional
                    else "",
                    "recorded_by_id": rng.choice(analysts),
                    "recorded_by_agency_id": staff.police,
                }

        self._write(Link, link_rows())

    # --- notifications and audit -----------------------------------------------------------

    def notifications(self, staff: Staff, c: dict, open_tasks: list[int]) -> None:
        managers = list(staff.managers.values())

        def rows():
            for task in open_tasks:
                yield {
                    "id": self.w.ids(Notification, 1)[0],
                    "recipient_id": self.rng.choice(managers),
                    "subject": "A task is due",
                    "body": "A task on a case your team leads is due soon.",
                    "link": f"/tasks/{task}/",
                    "read_at": None if self.rng.random() < 0.5 else self.now,
                }

        self._write(Notification, rows())

    def audit(self, staff: Staff, c: dict) -> None:
        ids, when = c["ids"], c["when"]

        def event(k: int, actor: int, hours: int, verb: Verb, changes: dict) -> AuditEvent:
            team = c["team"][k]
            return AuditEvent(
                id=self.w.ids(AuditEvent, 1)[0],
                occurred_at=when[k] + timedelta(hours=hours),
                actor_id=actor,
                actor_email=staff.emails[actor],
                actor_agency_id=staff.agency_of[team],
                verb=verb,
                target_type="cases.case",
                target_id=str(ids[k]),
                person_id=c["children"][k],
                changes=changes,
            )

        def events() -> Iterator[AuditEvent]:
            for k in range(len(ids)):
                team = c["team"][k]
                opened = {"lead_agency": staff.agency_of[team], "lead_team": team}
                yield event(k, staff.managers[team], 20, Verb.CASE_OPENED, opened)
                for hours in (30, 200):
                    viewer = self.rng.choice(staff.practitioners[team])
                    yield event(k, viewer, hours, Verb.VIEWED, {})

        def write(chained: Iterator[AuditEvent]) -> None:
            self._write(AuditEvent, (_event_row(event) for event in chained))

        audit_record_bulk(events(), write=write)

    def run(self, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
        staff = self.staff()
        progress("staff")
        children, adults, home, _ = self.people(staff)
        progress("people")
        c = self.cases(staff, children, adults, home)
        progress("cases and concerns")
        open_tasks = self.case_events(staff, c)
        progress("screenings, tasks, meetings, missing, NRM, placements, investigations")
        self.chronology(staff, c)
        progress("chronology")
        self.intelligence(staff, c)
        progress("intelligence")
        self.notifications(staff, c, open_tasks)
        self.audit(staff, c)
        progress("notifications and audit")
        self.w.finish()
        return dict(self.w.counts)


def _event_row(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}


def _postcode(rng: random.Random, district: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"


def generate(
    sizes: Sizes,
    *,
    seed: int,
    now: datetime,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    """Write the synthetic records in one transaction; returns rows written per model.

    On PostgreSQL as a superuser, foreign-key triggers are off for the transaction
    (``session_replication_role``): the ids are made consistent here, and checking tens of
    millions of deferred references at commit would double the time."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser')")
                if cursor.fetchone()[0] == "on":
                    cursor.execute("SET LOCAL session_replication_role = replica")
        writer = TableWriter(now=now)
        counts = Generator(sizes, seed=seed, now=now, writer=writer).run(progress)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The state autovacuum would reach later: the planner's statistics, and the tables'
        # visibility maps (index-only scans). Left to autovacuum, the vacuum of millions of
        # new rows runs during whatever is measured next.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    return counts
