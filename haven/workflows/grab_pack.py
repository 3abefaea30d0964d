"""The Philomena Protocol grab pack: part 1 from the child's profile (``haven.philomena``), part
2 from the child's open missing episode (``haven.missing``), for the police in one click."""

from haven.missing.selectors import open_episode_for_person
from haven.philomena.grab_pack import GrabPack, MissingNow, grab_pack_contents
from haven.philomena.selectors import existing_profile_for_user


def missing_now_for(*, user, person) -> MissingNow | None:
    """Part 2: the child's open missing episode as ``user`` may see it, or None (not missing
    now, or not theirs to see): the pack then leaves part 2 for the police to fill in."""
    episode = open_episode_for_person(user=user, person=person)
    if episode is None:
        return None
    return MissingNow(
        reported_missing_at=episode.reported_missing_at,
        last_seen_at=episode.last_seen_at,
        last_seen_place=episode.last_seen_place,
        last_seen_with=episode.last_seen_with,
        clothing=episode.clothing,
        police_reference=episode.police_reference,
        police_risk_label=episode.get_police_risk_level_display()
        if episode.police_risk_level
        else "",
    )


def grab_pack_for_user(*, user, person_id: int) -> GrabPack:
    """The grab pack of the child's profile, if ``user`` may keep it ("not found" otherwise, or
    when no profile has been started). The caller records the export."""
    view = existing_profile_for_user(user=user, person_id=person_id, record_view=False)
    return grab_pack_contents(
        user=user, view=view, missing_now=missing_now_for(user=user, person=view.person)
    )
