"""Two agencies' records of one boy, for the tests of reviewing and merging duplicates and the
browser journey."""

from datetime import date

from haven.cases.tests.world import (
    World,
    date_of_birth_for_age,
    make_child,
    open_case,
    raise_concern,
)
from haven.people.models import Person
from haven.people.services import alias_add, identifier_add, phone_add


def muhammad_aly_and_mohamad_ali(world: World) -> tuple[Person, Person]:
    """A Halton case for Muhammad Aly (16, born 1 January by an age assessment), and a police
    record of Mohamad Ali (born 1 June of the same year, estimated) whose concern waits at
    Halton's front door. Halton's manager sees Aly's record and knows Ali only from that
    concern; the police manager sees both records, but not what Halton added in its case."""
    halton = world.la("halton")
    assigned = date_of_birth_for_age(16, month=1, day=1)
    case = open_case(
        world,
        area="halton",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=assigned,
        dob_assigned_by_age_assessment=True,
        nationalities=["SD"],
        gender="male",
    )
    aly = case.person
    alias_add(actor=world.police.practitioner, person=aly, given_name="Mo", family_name="Ali")
    phone_add(actor=halton.practitioner, person=aly, number="07700 900123")
    ali = make_child(
        world.police.practitioner,
        given_name="Mohamad",
        family_name="Ali",
        date_of_birth=date(assigned.year, 6, 1),
        dob_precision="estimated",
        nationalities=["SD"],
        gender="male",
    )
    identifier_add(
        actor=world.police.practitioner, person=ali, kind="police_reference", value="CC-2026-000111"
    )
    phone_add(actor=world.police.practitioner, person=ali, number="07700900123")
    raise_concern(world.police.practitioner, ali, home_area="halton")
    return aly, ali
