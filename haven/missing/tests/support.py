"""Building missing episodes for tests, through the workflow."""

from datetime import timedelta

from django.utils import timezone

from haven.cases.tests.world import make_child, raise_concern
from haven.workflows.front_door import concern_decide
from haven.workflows.missing_episodes import missing_episode_report, missing_episode_return


def report(actor, person, *, hours_ago: float = 5, **fields):
    """``actor`` reports ``person`` missing ``hours_ago`` hours ago, last seen an hour before."""
    reported = timezone.now() - timedelta(hours=hours_ago)
    defaults = {
        "reported_missing_at": reported,
        "missing_from": "residential_home",
        "looked_after": True,
        "last_seen_at": reported - timedelta(hours=1),
        "last_seen_place": "Outside the children's home, Orford Lane",
        "last_seen_with": "Two older boys",
        "clothing": "Grey hoodie, black trainers",
    }
    return missing_episode_report(actor=actor, person_id=person.pk, **{**defaults, **fields})


def bring_back(actor, episode, *, hours_ago: float = 1, **fields):
    defaults = {
        "returned_at": timezone.now() - timedelta(hours=hours_ago),
        "found_at_address": "14 Marsh Street",
        "found_at_postcode": "wa1 2ab",
        "found_with": "Dean Hollis",
        "how_returned": "Brought back by the police",
    }
    return missing_episode_return(
        actor=actor, episode=episode, expected_version=episode.version, **{**defaults, **fields}
    )


def missing_case(world, area: str = "warrington", **child_fields):
    """A case about a child known only for going missing (not a potential victim)."""
    child = make_child(world.police.practitioner, **child_fields)
    concern = raise_concern(
        world.police.practitioner,
        child,
        home_area=area,
        indicator_codes=["ind.missing_episodes"],
        description="Goes missing from home overnight.",
    )
    return concern_decide(actor=world.la(area).manager, concern=concern, decision="accept").case
