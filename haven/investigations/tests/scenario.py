"""An investigation to test against, made through the services: Warrington leads Amira's case,
shares its investigation section with the police, and the police record the adult they suspect
(linked to Amira) and open an investigation into him."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from haven.cases.models import Case, CaseSection
from haven.cases.tests.world import World, open_case, share
from haven.investigations.models import Investigation, Suspect, VictimStatement
from haven.investigations.services import investigation_open
from haven.people.models import Person, PersonKind, RelationshipKind
from haven.people.services import person_create, relationship_add


@dataclass
class InvestigationScene:
    case: Case
    adult: Person
    investigation: Investigation
    suspect: Suspect


def suspected_adult(world: World, case: Case, given_name: str = "Dean") -> Person:
    police = world.police.practitioner
    adult = person_create(
        actor=police, kind=PersonKind.ADULT_OF_CONCERN, given_name=given_name, family_name="Marsh"
    )
    relationship_add(
        actor=police, person=adult, other=case.person, kind=RelationshipKind.SUSPECTED_EXPLOITER
    )
    return adult


def investigation_scene(world: World, case: Case | None = None) -> InvestigationScene:
    case = case or open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION, CaseSection.CHRONOLOGY])
    adult = suspected_adult(world, case)
    investigation = investigation_open(
        actor=world.police.practitioner,
        case=case,
        officer_in_charge="DC Priya Shah",
        crime_references=["CC/2026/01234"],
        offences=["msa2015_s2", "soa2003_s48"],
        victim_statement=VictimStatement.NOT_GIVEN,
        opened_on=timezone.localdate() - timedelta(days=3),
        suspect_ids=[adult.pk],
    )
    return InvestigationScene(
        case=case, adult=adult, investigation=investigation, suspect=investigation.suspects.get()
    )
