"""The Philomena Protocol grab pack: part 1 from the child's profile (``haven.philomena``), part
2 from the child's open missing episode (``haven.missing``), for the police in one click."""

from haven.philomena.grab_pack import GrabPack, MissingNow, grab_pack_contents
from haven.philomena.selectors import existing_profile_for_user


def missing_now_for(*, user, person) -> MissingNow | None:
    """Part 2: the child's open missing episode as ``user`` may see it, or None.

    INTEGRATION POINT (issue 12): point this at
    ``haven.missing.selectors.open_episode_for_person(user=user, person=person)`` and copy its
    ``reported_missing_at``, ``last_seen_at``, ``last_seen_place``, ``last_seen_with``,
    ``clothing``, ``police_reference`` and ``police_risk_level`` into a ``MissingNow``. Until the
    missing-episodes module is merged, no child is recorded as missing, and the grab pack leaves
    part 2 for the police to fill in."""
    return None


def grab_pack_for_user(*, user, person_id: int) -> GrabPack:
    """The grab pack of the child's profile, if ``user`` may keep it ("not found" otherwise, or
    when no profile has been started). The caller records the export."""
    view = existing_profile_for_user(user=user, person_id=person_id, record_view=False)
    return grab_pack_contents(
        user=user, view=view, missing_now=missing_now_for(user=user, person=view.person)
    )
