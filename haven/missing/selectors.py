"""Reading missing episodes, always through the access door (section ``missing``).

Who sees an episode (decision 0019):
- whoever sees the missing section of the case it belongs to (the lead authority, break-glass,
  a share of that section) or, for a child with no case yet, of the concern it raised (the
  reporter's agency and the home area's front door); once that concern joins a case, the case's;
- the team that reported it (its owner), so a residential home or a school still sees the
  episode it reported on a case it cannot otherwise see.
A case's missing history is the child's episodes, whichever case or concern each was recorded
on, for whoever sees that case's missing section. Reads of an episode are audited."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import may_change_record, may_see_record, people_visible_to
from haven.cases.models import Case, CaseSection, CaseStatus
from haven.missing.models import EpisodeStatus, MissingEpisode
from haven.missing.rules import (
    InterviewClock,
    RepeatMissingRule,
    interview_clock,
    interview_due_by,
    is_repeat_missing,
)


def episode_case(episode: MissingEpisode) -> Case | None:
    """The case the episode belongs to: its own, or the one its concern joined."""
    if episode.case_id is not None:
        return episode.case
    return episode.concern.case if episode.concern_id is not None else None


def may_see_episode(user, episode: MissingEpisode) -> bool:
    return may_see_record(
        user,
        section=CaseSection.MISSING,
        case=episode_case(episode),
        concern=episode.concern,
        owner_team_id=episode.reported_by_team_id,
    )


def may_change_episode(user, episode: MissingEpisode) -> bool:
    """As ``may_see_episode``, except an auditor's read-only view of a sampled case."""
    return may_change_record(
        user,
        section=CaseSection.MISSING,
        case=episode_case(episode),
        concern=episode.concern,
        owner_team_id=episode.reported_by_team_id,
    )


def _episodes():
    return MissingEpisode.objects.select_related(
        "person",
        "case__lead_agency",
        "concern__case__lead_agency",
        "reported_by",
        "reported_by_agency",
        "return_recorded_by",
    ).prefetch_related("interviews")


def episode_get_for_user(*, user, episode_id: int, record_view: bool = True) -> MissingEpisode:
    """One episode, or "not found" (as for one that does not exist). Records the view."""
    episode = _episodes().filter(pk=episode_id).first()
    if episode is None or not may_see_episode(user, episode):
        raise Http404("No such missing episode")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=episode, person_id=episode.person_id)
    return episode


def person_for_missing_report(*, user, person_id, record_view: bool = False) -> object:
    """The child a user reports missing: one they may see, or "not found". The page that shows
    the child's name before the report records the view (the report itself is audited)."""
    person = people_visible_to(user, among=[person_id]).first() if person_id else None
    if person is None:
        raise Http404("No such person")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=person, person_id=person.pk)
    return person


def open_case_of(person) -> Case | None:
    """The child's open case (the newest), whoever leads it: an episode belongs to it."""
    return (
        Case.objects.filter(person=person, status=CaseStatus.OPEN)
        .select_related("lead_agency")
        .order_by("-opened_at", "-pk")
        .first()
    )


def episodes_of_case(*, case) -> QuerySet[MissingEpisode]:
    """The child's missing history as the case shows it (no access check: the callers ask)."""
    return _episodes().filter(person_id=case.person_id)


def episodes_of_concern(*, concern) -> QuerySet[MissingEpisode]:
    """The episodes a concern raised for a child with no open case (no access check)."""
    return _episodes().filter(concern=concern).prefetch_related("interviews")


def case_episodes_for_user(*, user, case, record_view: bool = True):
    """A case's missing history for whoever sees its missing section; None otherwise."""
    if not may_see_record(user, section=CaseSection.MISSING, case=case):
        return None
    if record_view:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=("missing.missingepisode", f"case:{case.pk}"),
            person_id=case.person_id,
        )
    return episodes_of_case(case=case)


def open_episode_for_person(*, user, person) -> MissingEpisode | None:
    """The child's episode still open (missing now), for the Philomena grab pack's part 2, if
    ``user`` may see it; None if there is none or they may not."""
    for episode in _episodes().filter(person=person, status=EpisodeStatus.MISSING):
        if may_see_episode(user, episode):
            return episode
    return None


def interview_state(episode: MissingEpisode, *, now=None) -> InterviewClock:
    """The 72-hour clock of the episode's return home interview."""
    held = [i.held_at for i in episode.interviews.all() if i.held_at is not None]
    return interview_clock(
        returned_at=episode.returned_at,
        held_at=min(held) if held else None,
        now=now or timezone.now(),
    )


def interview_due(episode: MissingEpisode):
    return interview_due_by(episode.returned_at) if episode.returned_at else None


def repeat_missing_for_person(*, person, rule: RepeatMissingRule, at=None) -> bool:
    reported = MissingEpisode.objects.filter(person=person).values_list(
        "reported_missing_at", flat=True
    )
    return is_repeat_missing(reported, rule=rule, at=at or timezone.now())


def returns_without_interview_offer(*, person) -> int:
    return (
        MissingEpisode.objects.filter(person=person, status=EpisodeStatus.RETURNED)
        .filter(interviews__isnull=True)
        .count()
    )


def missing_history_totals(episodes) -> dict:
    """Count and durations of a list of episodes, for the history panel."""
    durations = [e.duration for e in episodes if e.duration is not None]
    return {
        "count": len(episodes),
        "missing_now": sum(1 for e in episodes if e.status == EpisodeStatus.MISSING),
        "longest": max(durations) if durations else None,
        "total": sum(durations, start=durations[0] * 0) if durations else None,
    }
