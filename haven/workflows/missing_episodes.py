"""A missing episode's journey (issue 12; decision 0019):

- reported: on the child's open case; for a child with no open case, a concern (with the
  missing indicator) goes to the home area's front door first, through the concern workflow,
  and the episode belongs to it. If the home authority's repeat-missing threshold is now
  reached, the case (or concern) records it and is re-screened: a strategy meeting is asked for;
- returned: the return time is recorded for screening on the case (or the concern, if it has
  not joined a case yet) and re-screened, so `return_home_interview` is due exactly 72 hours
  later and, where relevant, `consider_trafficking` becomes a task;
- interviewed: an interview held completes that return's `return_home_interview` task; a
  disclosure raises a new concern with its indicators, in the same step.

Also what the case shows of the missing module: the history panel beside the CSE and
trafficking screening, the flags, and whether all three risks were considered."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.actions.models import OPEN_STATUSES, Task
from haven.actions.services import task_add_for_case, task_complete_by_haven
from haven.cases.access import may_change_record
from haven.cases.models import Case, CaseSection, Concern
from haven.missing import selectors as missing_selectors
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.missing.rules import (
    RepeatMissingRule,
    all_three_risks_considered,
    interview_due_by,
)
from haven.missing.selectors import episode_case, open_case_of, person_for_missing_report
from haven.missing.services import (
    episode_create,
    episode_report_problems,
    episode_return_record,
    interview_disclosure_link,
    interview_record,
)
from haven.screening.models import Circumstance, CircumstanceRecord, ScreeningTrigger
from haven.screening.selectors import (
    ScreeningSummary,
    actions_required,
    screening_summary_for_case,
)
from haven.screening.services import (
    circumstance_add,
    concern_rescreen,
    is_child_or_presumed_child,
    validate_indicator_codes,
)
from haven.screening.vocabulary import load_vocabulary
from haven.workflows.concern_raised import concern_raise
from haven.workflows.intelligence import missing_return_links, return_interview_links
from haven.workflows.screening import case_rescreen_with_tasks, tasks_for_screening

MISSING_INDICATOR = "ind.missing_episodes"
REPEAT_MISSING = "repeat_missing"
STRATEGY_MEETING = "strategy_meeting"


def repeat_missing_rule(area: str | None) -> RepeatMissingRule:
    """The home authority's threshold (the screening vocabulary's ``areas:``); the default
    where no area is known."""
    areas = load_vocabulary().areas
    if area in areas:
        config = areas[area]
        return RepeatMissingRule(
            episodes=config.repeat_missing_episodes, days=config.repeat_missing_days
        )
    return RepeatMissingRule()


def _home_area(*, case: Case | None, concern: Concern | None) -> str | None:
    if case is not None:
        return case.lead_agency.area_code or None
    return concern.home_area if concern is not None else None


@transaction.atomic
def missing_episode_report(
    *, actor: User, person_id, home_area: str = "", **report
) -> MissingEpisode:
    """Report a child the actor may see (else "not found") missing. ``home_area`` is needed
    only for a child with no open case (default: the reporter's own area): the concern goes to
    that area's front door."""
    person = person_for_missing_report(user=actor, person_id=person_id)
    errors = episode_report_problems(**report)
    if not is_child_or_presumed_child(person, at=timezone.now()):
        errors["person_id"] = "Missing episodes are recorded for children"
    case = open_case_of(person)
    home_area = home_area or (actor.agency.area_code if actor.agency else "")
    if case is None and not home_area:
        errors["home_area"] = "Select the child's home area"
    if errors:
        raise ValidationError(errors)
    concern = None
    if case is None:
        place = report.get("last_seen_place") or ""
        concern = concern_raise(
            actor=actor,
            person=person,
            description=(
                "Reported missing. Trafficking must be considered in every missing case."
                + (f" Last seen at {place}." if place else "")
            ),
            occurred_at=report["reported_missing_at"],
            home_area=home_area,
            location=place,
            indicator_codes=[MISSING_INDICATOR],
        )
    episode = episode_create(actor=actor, person=person, case=case, concern=concern, **report)
    _repeat_missing_check(actor=actor, episode=episode)
    return episode


def _latest_repeat_missing(*, case: Case | None, concern: Concern | None) -> bool:
    records = CircumstanceRecord.objects.filter(name=Circumstance.REPEAT_MISSING)
    records = records.filter(case=case) if case is not None else records.filter(concern=concern)
    latest = records.order_by("-recorded_at", "-id").first()
    return bool(latest and latest.value)


def _repeat_missing_check(*, actor: User, episode: MissingEpisode) -> None:
    """Record the threshold reached (or no longer reached) when it changes, and re-screen: a
    strategy meeting is asked for by screening's own rule table (DOMAIN §4)."""
    case = episode_case(episode)
    concern = None if case is not None else episode.concern
    rule = repeat_missing_rule(_home_area(case=case, concern=concern))
    now_repeat = missing_selectors.repeat_missing_for_person(person=episode.person, rule=rule)
    if now_repeat == _latest_repeat_missing(case=case, concern=concern):
        return
    screening = _learn(
        actor=actor,
        episode=episode,
        case=case,
        concern=concern,
        name=Circumstance.REPEAT_MISSING,
        value=now_repeat,
        trigger=ScreeningTrigger.MISSING_EPISODE,
    )
    if now_repeat and case is not None:
        _strategy_meeting_again(actor=actor, case=case, screening=screening, rule=rule)


def _strategy_meeting_again(*, actor: User, case: Case, screening, rule: RepeatMissingRule) -> None:
    """Reaching the threshold asks for a strategy meeting even when the case had one before (a
    potential victim's meeting months ago says nothing of this pattern): the screening's own
    `strategy_meeting` action, due by its rule, becomes a task unless one is still open."""
    for action in actions_required(screening):
        if action.code == STRATEGY_MEETING:
            task_add_for_case(
                actor=actor,
                case=case,
                code=STRATEGY_MEETING,
                title=action.label,
                lead=action.lead,
                due_at=action.due_at,
                reason=(
                    f"The child is now repeatedly missing ({rule.episodes} or more missing "
                    f"episodes in {rule.days} days): a strategy meeting considers the pattern, "
                    "where the child goes and who with."
                ),
            )


def _learn(*, actor, episode, case, concern, name, value, trigger):
    if case is not None:
        circumstance_add(actor=actor, case=case, name=name, value=value, source=episode)
        return case_rescreen_with_tasks(actor=actor, case=case, trigger=trigger)
    circumstance_add(actor=actor, concern=concern, name=name, value=value, source=episode)
    screening = concern_rescreen(actor=actor, concern=concern, trigger=trigger)
    tasks_for_screening(actor=actor, screening=screening)
    return screening


@transaction.atomic
def missing_episode_return(*, actor: User, episode: MissingEpisode, **details) -> MissingEpisode:
    """The child is back: the return recorded, where they were found and with whom linked as
    intelligence (``workflows.intelligence``), then the re-screen with the return time, on the
    case or, before one exists, on the episode's concern (its screening reads the circumstances
    recorded on it), so the interview task exists either way."""
    episode = episode_return_record(actor=actor, episode=episode, **details)
    case = episode_case(episode)
    missing_return_links(actor=actor, episode=episode)
    _learn(
        actor=actor,
        episode=episode,
        case=case,
        concern=None if case is not None else episode.concern,
        name=Circumstance.RETURNED_FROM_MISSING_AT,
        value=episode.returned_at,
        trigger=ScreeningTrigger.MISSING_EPISODE,
    )
    return episode


def _interview_tasks(episode: MissingEpisode):
    """The open `return_home_interview` task of this return (one per return: its due time)."""
    case = episode_case(episode)
    tasks = Task.objects.filter(
        code="return_home_interview",
        status__in=OPEN_STATUSES,
        due_at=interview_due_by(episode.returned_at),
    )
    return tasks.filter(case=case) if case is not None else tasks.filter(concern=episode.concern)


@transaction.atomic
def return_interview_record(
    *,
    actor: User,
    episode: MissingEpisode,
    disclosure_indicator_codes: list[str] = (),
    **interview,
) -> ReturnHomeInterview:
    """The interview offered and held (or declined). Held: this return's interview task is
    done. A disclosure with indicators raises a new concern about the child at once."""
    codes = list(disclosure_indicator_codes)
    if codes:
        try:
            codes = validate_indicator_codes(codes)
        except ValidationError as error:
            raise ValidationError(
                {"disclosure_indicator_codes": error.message_dict["indicator_codes"]}
            ) from None
        if not (interview.get("disclosure") or "").strip():
            raise ValidationError(
                {"disclosure": "Enter what the child disclosed, for the new concern"}
            )
    record = interview_record(actor=actor, episode=episode, **interview)
    return_interview_links(actor=actor, interview=record)
    if record.held_at is not None:
        held_on = f"{timezone.localtime(record.held_at):%d %B %Y at %H:%M}"
        for task in _interview_tasks(episode):
            task_complete_by_haven(
                actor=actor, task=task, note=f"Return home interview held on {held_on}."
            )
    if codes:
        case = episode_case(episode)
        concern = concern_raise(
            actor=actor,
            person=episode.person,
            description=f"Disclosed at a return home interview: {record.disclosure}",
            occurred_at=record.held_at or record.offered_at,
            home_area=_home_area(case=case, concern=episode.concern) or episode.concern.home_area,
            indicator_codes=codes,
        )
        record = interview_disclosure_link(actor=actor, interview=record, concern=concern)
    return record


# --- What a case shows of missing episodes -------------------------------------------------


def case_flags(*, case: Case, at: datetime | None = None) -> list[str]:
    """The case's flags, as the case page and API show them (today: repeat missing)."""
    rule = repeat_missing_rule(_home_area(case=case, concern=None))
    flags = []
    if missing_selectors.repeat_missing_for_person(person=case.person, rule=rule, at=at):
        flags.append(REPEAT_MISSING)
    return flags


def case_all_three_risks_considered(
    *, case: Case, screening: ScreeningSummary | None = None
) -> bool:
    """Strategy section 7, per case (decision 0019; a pure rule over what is recorded).
    ``screening``: the case's screening summary when the caller has already read it."""
    # A measure of the case, not its content: computed whoever asks (the strategic view will
    # count it); the screening itself is shown only to those who may see it.
    if screening is None:
        screening = screening_summary_for_case(case=case)
    return all_three_risks_considered(
        screening_outcome=screening.outcome,
        consider_trafficking_open=Task.objects.filter(
            case=case, code="consider_trafficking", status__in=OPEN_STATUSES
        ).exists(),
        returns_without_interview_offer=missing_selectors.returns_without_interview_offer(
            person=case.person
        ),
    )


@dataclass(frozen=True)
class MissingPanel:
    """The case's missing history beside its CSE and trafficking screening (strategy section 7:
    every CSE or trafficking case shows the missing history; every missing case the screening)."""

    case: Case
    episodes: list[MissingEpisode]
    totals: dict
    flags: list[str]
    screening: ScreeningSummary | None
    all_three_risks_considered: bool
    may_report: bool


def case_missing_panel(
    *, user, case: Case, screening: ScreeningSummary | None
) -> MissingPanel | None:
    """None for a user who may not see the case's missing section. ``screening``: the case's
    screening summary as the user may see it (``screening_summary_for_user``), which the case
    page has already read."""
    episodes = missing_selectors.case_episodes_for_user(user=user, case=case, record_view=False)
    if episodes is None:
        return None
    episodes = list(episodes)
    return MissingPanel(
        case=case,
        episodes=episodes,
        totals=missing_selectors.missing_history_totals(episodes),
        flags=case_flags(case=case),
        screening=screening,
        all_three_risks_considered=case_all_three_risks_considered(case=case, screening=screening),
        may_report=may_change_record(user, section=CaseSection.MISSING, case=case),
    )
