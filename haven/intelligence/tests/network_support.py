"""A small network for the network view's and the exports' tests (decision 0029).

Warrington leads Amira's case, Halton leads Bea's and Sam's. Amira and Bea were both found at
the flat; Bea was also found at the den; Amira was collected by the car, which Dean owns; Dean
uses the phone (a police ``C`` link, for the police only). Sam was found at the flat too, on a
Halton ``C`` link that names no other agency: for everyone but Halton it does not exist."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.cases.models import Case
from haven.cases.tests.factories import CaseFactory
from haven.intelligence.models import Entity, EntityType, Link
from haven.intelligence.tests.factories import EntityFactory, LinkFactory


@dataclass
class NetworkScene:
    analyst: object
    amira: Case
    bea: Case
    sam: Case
    flat: Entity
    den: Entity
    car: Entity
    dean: Entity
    phone: Entity
    sam_at_flat: Link


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def network_scene(world) -> NetworkScene:
    warrington, halton = world.la("warrington"), world.la("halton")
    analyst = UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )
    amira = CaseFactory(lead_agency=warrington.agency, lead_team=warrington.team)
    bea = CaseFactory(lead_agency=halton.agency, lead_team=halton.team)
    sam = CaseFactory(lead_agency=halton.agency, lead_team=halton.team)
    flat = EntityFactory(line="Flat 2, 14 Bridge Street", postcode="WA1 1AA")
    den = EntityFactory(line="3 Mill Lane", postcode="WA8 7TT")
    car = EntityFactory(
        entity_type=EntityType.VEHICLE, registration="AB12CDE", line="", postcode=""
    )
    dean = EntityFactory(
        entity_type=EntityType.PERSON_OF_CONCERN, name="Dean Kerr", line="", postcode=""
    )
    phone = EntityFactory(
        entity_type=EntityType.PHONE, number="+447700900123", line="", postcode=""
    )
    LinkFactory(
        from_case=amira, to_entity=flat, occurred_on=ago(10), recorded_by=warrington.practitioner
    )
    LinkFactory(from_case=bea, to_entity=flat, occurred_on=ago(5), recorded_by=halton.practitioner)
    LinkFactory(from_case=bea, to_entity=den, occurred_on=ago(3), recorded_by=halton.practitioner)
    LinkFactory(
        from_case=amira,
        to_entity=car,
        link_type="collected_by",
        occurred_on=ago(20),
        source_evaluation="2",
        intelligence_assessment="C",
        recorded_by=warrington.practitioner,
    )
    LinkFactory(
        from_entity=dean, to_entity=car, link_type="owns", occurred_on=ago(30), recorded_by=analyst
    )
    LinkFactory(
        from_entity=dean,
        to_entity=phone,
        link_type="uses",
        occurred_on=ago(40),
        handling_code="C",
        handling_conditions="Police only: live operation",
        recorded_by=analyst,
    )
    sam_at_flat = LinkFactory(
        from_case=sam,
        to_entity=flat,
        occurred_on=ago(1),
        handling_code="C",
        handling_conditions="Halton only until the strategy meeting",
        recorded_by=halton.practitioner,
    )
    return NetworkScene(analyst, amira, bea, sam, flat, den, car, dean, phone, sam_at_flat)
