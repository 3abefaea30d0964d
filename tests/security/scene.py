"""The scene the access matrix plays in, and the people who try to get in.

One child (Amira) known through a police concern, accepted by Warrington's front door into a case
that Warrington leads. The case is shared with the school (chronology and notes, 30 days) and was
shared with the health trust (chronology, people, notes) until yesterday. A second police concern
about another child waits at Warrington's front door.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Case, CaseShare, Concern
from haven.cases.tests.world import World, build_world, make_child, open_case, raise_concern, share
from haven.people.models import Person


@dataclass
class Scene:
    world: World
    case: Case
    person: Person
    case_concern: Concern
    pending_concern: Concern
    school_share: CaseShare
    expired_share: CaseShare


def build_scene() -> Scene:
    world = build_world()
    case = open_case(world)
    school_share = share(world, case, world.school, ["chronology", "notes"])
    expired_share = share(world, case, world.health, ["chronology", "people", "notes"])
    CaseShare.objects.filter(pk=expired_share.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    police = world.police.practitioner
    other_child = make_child(police, given_name="Bilal", family_name="Nouri")
    pending = raise_concern(police, other_child, home_area="warrington")
    return Scene(
        world=world,
        case=case,
        person=case.person,
        case_concern=case.concerns.get(),
        pending_concern=pending,
        school_share=school_share,
        expired_share=expired_share,
    )


# Column order of every row of the matrix.
ROLES = (
    "lead_practitioner",  # Warrington children's social care (leads the case; its front door)
    "lead_manager",
    "shared_school",  # the school: a live share of chronology and notes
    "shared_expired",  # the health trust: its share ended yesterday
    "unrelated_halton",  # Halton's manager: another authority, another front door
    "police_raiser",  # the police practitioner who recorded the child and raised the concern
    "admin",
    "strategic_lead",
    "auditor",
)


def user_for(scene: Scene, role: str) -> User:
    world = scene.world
    return {
        "lead_practitioner": world.la("warrington").practitioner,
        "lead_manager": world.la("warrington").manager,
        "shared_school": world.school.practitioner,
        "shared_expired": world.health.practitioner,
        "unrelated_halton": world.la("halton").manager,
        "police_raiser": world.police.practitioner,
        "admin": world.admin,
        "strategic_lead": world.strategic_lead,
        "auditor": world.auditor,
    }[role]
