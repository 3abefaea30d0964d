"""Each dashboard figure's definition on small hand-built data (decision 0033), timeliness across
weekends and bank holidays, and what reaches the page: disclosure control on every figure.

Records are made at fixed instants (time-machine), so no test depends on today's date."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.actions.models import TaskStatus
from haven.actions.tests.factories import TaskFactory
from haven.case_audits.models import Grade
from haven.case_audits.selectors import audit_grade_counts
from haven.case_audits.services import audit_complete
from haven.case_audits.tests.support import an_audit, grade
from haven.cases.tests.world import make_child, open_case, raise_concern
from haven.core.areas import Area
from haven.investigations.models import Outcome, SuspectOutcome
from haven.investigations.tests.factories import SuspectFactory
from haven.missing.models import EpisodeStatus, InterviewResponse, ReturnHomeInterview
from haven.missing.tests.factories import MissingEpisodeFactory
from haven.nrm.models import NrmDecision, NrmReferral
from haven.nrm.rules import NrmState, UnderAge
from haven.reporting.dashboard import (
    CATALOGUE,
    DashboardError,
    Period,
    figures,
    figures_published,
    measure_counts,
    quarter_label,
    quarters_to,
)
from haven.reporting.disclosure import Symbol
from haven.strategy.tests.records import a_course, a_session, an_attendee_answering
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db

C = Symbol.CONFIDENTIAL


def at(text: str) -> datetime:
    """An instant in UTC, written 2025-04-17T10:00."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def counts(code, start, end, area="warrington"):
    return measure_counts(code=code, area=area, start=start, end=end)


# -------------------------------------------------------------------------------------- periods


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    period = Period(date(2025, 3, 1), date(2025, 3, 31))
    assert period.previous() == Period(date(2025, 1, 29), date(2025, 2, 28))


def test_an_end_before_the_start_is_refused():
    with pytest.raises(DashboardError):
        Period(date(2025, 3, 2), date(2025, 3, 1))


def test_six_quarters_end_with_the_one_holding_the_end_date():
    quarters = quarters_to(date(2025, 2, 14))
    assert [q.start for q in quarters] == [
        date(2023, 10, 1),
        date(2024, 1, 1),
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 10, 1),
        date(2025, 1, 1),
    ]
    assert quarters[-1].end == date(2025, 3, 31)
    assert quarter_label(quarters[-1]) == "Jan–Mar 2025"


def test_an_unknown_area_is_refused():
    with pytest.raises(DashboardError):
        figures(area="manchester", start=date(2025, 1, 1), end=date(2025, 1, 31))


# ------------------------------------------------------------------------------ scope figures


def _concern(world, actor, when, area="warrington", **fields):
    with time_machine.travel(at(when), tick=False):
        child = make_child(actor)
        return raise_concern(actor, child, home_area=area, occurred_at=at(when), **fields)


def test_concerns_raised_count_those_recorded_in_the_period_by_agency_type(world):
    _concern(world, world.police.practitioner, "2025-02-03T10:00")
    _concern(world, world.police.practitioner, "2025-02-20T10:00")
    _concern(world, world.school.practitioner, "2025-02-28T23:30")  # 23:30 GMT, still 28th
    _concern(world, world.school.practitioner, "2025-01-20T10:00")  # previous period
    _concern(world, world.police.practitioner, "2025-02-10T10:00", area="halton")

    february = counts("concerns_raised", date(2025, 2, 1), date(2025, 2, 28))
    assert (february.value, february.previous) == (3, 1)
    assert february.rows[AgencyType.POLICE.label] == 2
    assert february.rows[AgencyType.EDUCATION.label] == 1
    assert counts("concerns_raised", date(2025, 2, 1), date(2025, 2, 28), "halton").value == 1
    everywhere = counts("concerns_raised", date(2025, 2, 1), date(2025, 2, 28), "pan_cheshire")
    assert everywhere.value == 4
    assert everywhere.trend[-1] == 5  # January to March 2025


def test_children_screened_potential_victims_ages_types_and_uasc(world):
    police = world.police.practitioner
    with time_machine.travel(at("2025-02-03T10:00"), tick=False):
        amira = make_child(police, date_of_birth=date(2011, 6, 1))  # 13 on 28 February 2025
        raise_concern(police, amira)
        # Screened twice in the period: one child.
        raise_concern(
            police,
            amira,
            indicator_codes=["ind.cannabis_farm_or_drug_running", "ind.moved_between_addresses"],
        )
        yusuf = make_child(
            police, given_name="Yusuf", date_of_birth=date(2009, 1, 1), gender="male"
        )
        raise_concern(
            police, yusuf, indicator_codes=["ind.arrived_unaccompanied", "ind.missing_episodes"]
        )
    period = (date(2025, 2, 1), date(2025, 2, 28))

    assert counts("children_screened", *period).value == 2
    screened_by_gender = counts("children_screened", *period).rows
    assert (screened_by_gender["Female"], screened_by_gender["Male"]) == (1, 1)
    victims = counts("potential_victims", *period)
    assert victims.value == 1
    assert victims.rows["10 to 13"] == 1
    types = counts("exploitation_types", *period)
    assert types.value == 1
    assert (types.rows["Sexual"], types.rows["Criminal"], types.rows["Labour"]) == (1, 1, 0)
    uasc = counts("uasc_share", *period)
    assert (uasc.value, uasc.whole) == (1, 2)
    assert counts("nationality_groups", *period).rows["British"] == 2


def test_a_child_meets_a_share_only_through_a_screening_in_that_period(world):
    """Children are counted once per period, and a child is in a share (UASC) in a period only
    through a screening in that period, not through one in another (decision 0035)."""
    police = world.police.practitioner
    with time_machine.travel(at("2025-01-20T10:00"), tick=False):
        yusuf = make_child(police, given_name="Yusuf", gender="male")
        raise_concern(police, yusuf, indicator_codes=["ind.arrived_unaccompanied"])
    for day in ("2025-02-03", "2025-02-17"):
        with time_machine.travel(at(f"{day}T10:00"), tick=False):
            raise_concern(police, yusuf)

    february = counts("uasc_share", date(2025, 2, 1), date(2025, 2, 28))
    assert (february.value, february.whole) == (0, 1)
    assert (february.previous, february.previous_whole) == (1, 1)
    assert february.trend[-1] == 1  # January to March: one child, screened three times
    assert counts("children_screened", date(2025, 1, 1), date(2025, 3, 31)).value == 1


# ------------------------------------------------------------------------------- timeliness


def test_front_door_decisions_count_working_days_across_easter_and_a_weekend(world):
    manager = world.la("warrington").manager
    police = world.police.practitioner
    # Thursday 17 April 2025: Good Friday and Easter Monday are bank holidays, so the decision
    # is due by the end of Tuesday 22 April.
    easter_on_time = _concern(world, police, "2025-04-17T10:00")
    easter_late = _concern(world, police, "2025-04-17T11:00")
    # Friday 9 May 2025: due by the end of Monday 12 May.
    weekend_on_time = _concern(world, police, "2025-05-09T15:00")
    weekend_late = _concern(world, police, "2025-05-09T16:00")
    for concern, decided in (
        (easter_on_time, "2025-04-22T16:00"),
        (easter_late, "2025-04-23T09:00"),
        (weekend_on_time, "2025-05-12T17:00"),
        (weekend_late, "2025-05-13T09:00"),
    ):
        with time_machine.travel(at(decided), tick=False):
            concern_decide(actor=manager, concern=concern, decision="accept")

    decided = counts("front_door_within_1_working_day", date(2025, 4, 1), date(2025, 5, 31))
    assert (decided.value, decided.whole) == (2, 4)


def _referral(case, submitted_on: date) -> NrmReferral:
    return NrmReferral.objects.create(
        case=case,
        under_age=UnderAge.YES,
        state=NrmState.SUBMITTED,
        submitted_on=submitted_on,
        created_by=case.lead_practitioner or case.lead_team.agency.users.first(),
        created_by_agency=case.lead_agency,
    )


def _decided(referral, decision, on: date, by):
    return NrmDecision.objects.create(
        referral=referral,
        decision=decision,
        decided_on=on,
        recorded_by=by,
        recorded_at=at(f"{on.isoformat()}T12:00"),
    )


def test_reasonable_grounds_within_5_working_days_skip_easter(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    # Submitted Thursday 17 April 2025: five working days are 22, 23, 24, 25 and 28 April.
    on_time = _referral(case, date(2025, 4, 17))
    late = _referral(case, date(2025, 4, 17))
    _decided(on_time, NrmState.REASONABLE_GROUNDS_POSITIVE, date(2025, 4, 28), manager)
    _decided(late, NrmState.REASONABLE_GROUNDS_NEGATIVE, date(2025, 4, 29), manager)
    _decided(on_time, NrmState.CONCLUSIVE_GROUNDS_POSITIVE, date(2025, 6, 2), manager)

    rg = counts("nrm_reasonable_grounds_within_5_working_days", date(2025, 4, 1), date(2025, 6, 30))
    assert (rg.value, rg.whole) == (1, 2)
    decisions = counts("nrm_decisions", date(2025, 4, 1), date(2025, 6, 30))
    assert decisions.value == 3
    assert decisions.rows[NrmState.CONCLUSIVE_GROUNDS_POSITIVE.label] == 1
    assert counts("nrm_referrals", date(2025, 4, 1), date(2025, 4, 30)).value == 2


def test_strategy_meetings_on_time_are_tasks_due_in_the_period_done_by_their_due_time(world):
    case = open_case(world)
    due = at("2025-03-12T23:59")
    with time_machine.travel(at("2025-03-09T10:00"), tick=False):
        for status, completed_at in (
            (TaskStatus.DONE, due - timedelta(days=1)),
            (TaskStatus.DONE, due + timedelta(days=21)),
            (TaskStatus.OPEN, None),
            (TaskStatus.NOT_NEEDED, None),
        ):
            TaskFactory(case=case, status=status, due_at=due, completed_at=completed_at)

    meetings = counts("strategy_meetings_on_time", date(2025, 3, 1), date(2025, 3, 31))
    assert (meetings.value, meetings.whole) == (1, 3)
    # At the end of March the open one and the late one (done in April) were overdue; the
    # case's own tasks were made today, after March 2025.
    assert counts("overdue_actions", date(2025, 3, 1), date(2025, 3, 31)).value == 2


def _returned(case, returned_at: datetime, **fields):
    return MissingEpisodeFactory(
        case=case,
        reported_missing_at=returned_at - timedelta(hours=10),
        status=EpisodeStatus.RETURNED,
        returned_at=returned_at,
        **fields,
    )


def _interview(episode, held_at, by):
    ReturnHomeInterview.objects.create(
        episode=episode,
        offered_at=held_at,
        offered_by_name="Jo Advocate",
        offered_by_organisation="Children's Society",
        independent_of_placement=True,
        response=InterviewResponse.ACCEPTED,
        held_at=held_at,
        recorded_by=by,
        recorded_at=held_at,
    )


def test_return_interviews_within_72_real_hours_and_repeat_missing(world):
    case = open_case(world)
    other = open_case(world, given_name="Leila")
    by = world.la("warrington").practitioner
    returned = at("2025-03-07T18:00")
    _interview(_returned(case, returned), returned + timedelta(hours=71), by)
    again = returned + timedelta(days=2)
    _interview(_returned(case, again), again + timedelta(hours=73), by)
    _returned(other, returned)  # no interview

    period = (date(2025, 3, 1), date(2025, 3, 31))
    interviews = counts("return_interviews_within_72_hours", *period)
    assert (interviews.value, interviews.whole) == (1, 3)
    assert counts("missing_episodes", *period).value == 3
    assert counts("children_missing", *period).value == 2
    repeat = counts("repeat_missing_children", *period)
    assert (repeat.value, repeat.whole) == (1, 2)


def test_three_risks_considered_for_cases_of_potential_victims_and_missing_children(world):
    with time_machine.travel(at("2025-03-03T10:00"), tick=False):
        considered = open_case(world)
        unoffered = open_case(world, given_name="Leila")
    _returned(unoffered, at("2025-03-05T10:00"))

    plans = counts("three_risks_considered", date(2025, 3, 1), date(2025, 3, 31))
    assert (plans.value, plans.whole) == (1, 2)
    assert considered.pk != unoffered.pk


def test_prosecution_charges_and_convictions(world):
    case = open_case(world)
    by = world.police.practitioner
    for outcome, day in (
        (Outcome.CHARGED, date(2025, 3, 3)),
        (Outcome.NO_FURTHER_ACTION, date(2025, 3, 4)),
        (Outcome.CONVICTED, date(2025, 3, 5)),
        (Outcome.ACQUITTED, date(2025, 3, 6)),
        (Outcome.CHARGED, date(2025, 1, 6)),
    ):
        suspect = SuspectFactory(investigation__case=case, investigation__opened_on=day)
        SuspectOutcome.objects.create(
            suspect=suspect, outcome=outcome, decided_on=day, recorded_by=by
        )
    period = (date(2025, 3, 1), date(2025, 3, 31))
    charges = counts("charges", *period)
    assert (charges.value, charges.whole, charges.previous) == (1, 2, 0)
    convictions = counts("convictions", *period)
    assert (convictions.value, convictions.whole) == (1, 2)
    assert counts("investigations", *period).value == 4


# ------------------------------------------------------------------------ disclosure control


def test_counts_from_1_to_5_reach_the_dashboard_as_c_and_zero_stays_0(world):
    for day in ("2025-02-03", "2025-02-04", "2025-02-05"):
        _concern(world, world.police.practitioner, f"{day}T10:00")
    for i in range(7):
        _concern(world, world.school.practitioner, f"2025-02-1{i}T10:00")

    dashboard = figures(area="warrington", start=date(2025, 2, 1), end=date(2025, 2, 28))
    raised = dashboard.figure("concerns_raised")
    assert (raised.value, raised.previous) == (10, 0)
    rows = {row.label: row for row in raised.rows}
    # Police's 3 is c; with the total shown, Education's 7 would give it away: c too.
    assert rows[AgencyType.POLICE.label].value == C
    assert rows[AgencyType.EDUCATION.label].value == C
    assert rows[AgencyType.HEALTH.label].value == 0
    assert rows[AgencyType.POLICE.label].change == C
    trend = dict(raised.trend)
    assert trend["Jan–Mar 2025"] == 10
    screened = dashboard.figure("children_screened")
    assert screened.value == 10
    assert dashboard.figure("missing_episodes").value == 0


def test_a_rate_on_a_suppressed_count_is_c(world):
    manager = world.la("warrington").manager
    for i in range(8):
        concern = _concern(world, world.police.practitioner, f"2025-02-1{i}T10:00")
        # Two decided within the hour, six five days later (after the next working day).
        decided = concern.referred_at + timedelta(hours=1 if i < 2 else 24 * 5)
        with time_machine.travel(decided, tick=False):
            concern_decide(actor=manager, concern=concern, decision="accept")
    dashboard = figures(area="warrington", start=date(2025, 2, 1), end=date(2025, 2, 28))
    front_door = dashboard.figure("front_door_within_1_working_day")
    # Two were on time: 2 is c, so the rate is c, and the 6 late are c too (else 8 - 6 = 2);
    # the whole, 8, is shown.
    assert front_door.value == C
    assert front_door.rate == C
    assert front_door.whole == 8


def test_every_figure_code_is_stable_snake_case_and_has_a_definition():
    for code, measure in CATALOGUE.items():
        assert code.isidentifier() and code == code.lower()
        assert len(measure.definition) > 40


def test_a_published_dashboard_is_kept_for_the_configured_time(
    world, settings, django_assert_num_queries
):
    settings.HAVEN_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    period = {"area": "halton", "start": date(2025, 2, 1), "end": date(2025, 2, 28)}
    first = figures_published(**period)
    with django_assert_num_queries(0):
        again = figures_published(**period)
    assert again.figure("concerns_raised").measure is CATALOGUE["concerns_raised"]
    assert again.figures == first.figures
    cache.clear()


# ------------------------------------------------------------------ training and case audits


def test_self_assessment_improved_counts_attendances_answered_before_and_after(world):
    lead = world.strategic_lead
    session = a_session(lead, a_course(lead), days_ago=10, area=Area.HALTON)
    police, health = world.police.agency, world.health.agency
    an_attendee_answering(lead, session, police, "Improved A", (2, 2), (4, 3))
    an_attendee_answering(lead, session, police, "Improved B", (1, 1), (1, 2))
    an_attendee_answering(lead, session, health, "Same total", (2, 3), (3, 2))
    an_attendee_answering(lead, session, health, "Lower", (4, 4), (3, 3))
    an_attendee_answering(lead, session, health, "Before only", (1, 1), None)
    an_attendee_answering(lead, session, health, "Never answered", None, None)
    # A session in another area, and one held before the period: not counted.
    elsewhere = a_session(lead, session.course, days_ago=10, area=Area.WARRINGTON)
    an_attendee_answering(lead, elsewhere, police, "Warrington", (1, 1), (5, 5))
    earlier = a_session(lead, session.course, days_ago=200, area=Area.HALTON)
    an_attendee_answering(lead, earlier, police, "Earlier", (1, 1), (5, 5))

    today = timezone.localdate()
    start = today - timedelta(days=30)
    halton = counts("training_self_assessment_improved", start, today, area="halton")
    assert (halton.value, halton.whole) == (2, 4)
    everywhere = counts("training_self_assessment_improved", start, today, area="pan_cheshire")
    assert (everywhere.value, everywhere.whole) == (3, 5)
    # Published: 2 of 4 is c, and so is the 2 who did not improve (4 - 2); the rate with them.
    shown = figures(
        area="halton", start=start, end=today, codes=("training_self_assessment_improved",)
    )
    improved = shown.figure("training_self_assessment_improved")
    assert (improved.value, improved.rate) == (C, C)


def test_audit_grades_count_completed_audits_cases_by_grade_in_the_area(world):
    for n in range(4):
        open_case(world, "warrington", given_name=f"Child{n}", family_name="Audited")
    open_case(world, "halton", given_name="Halton", family_name="Child")
    audit = an_audit(world.auditor, size=4)
    grades = [Grade.GOOD, Grade.GOOD, Grade.INADEQUATE, Grade.OUTSTANDING]
    for sampled, given in zip(audit.sampled.order_by("pk"), grades, strict=True):
        grade(world.auditor, sampled, given)
    today = timezone.localdate()
    # Not counted while the audit is open: its grades may still change.
    assert counts("audit_grades", today, today).value == 0
    audit_complete(actor=world.auditor, audit=audit)
    graded = counts("audit_grades", today, today)
    assert graded.value == 4
    assert graded.rows == {
        "Outstanding": 1,
        "Good": 2,
        "Requires improvement": 0,
        "Inadequate": 1,
    }
    assert counts("audit_grades", today, today, area="halton").value == 0
    yesterday = today - timedelta(days=1)
    assert counts("audit_grades", yesterday, yesterday).value == 0
    # The same cases the case audits' own selector counts for the dashboards.
    assert audit_grade_counts(area="warrington", start=today, end=today).total == 4
    published = figures(area="warrington", start=today, end=today, codes=("audit_grades",))
    rows = {row.label: row.value for row in published.figure("audit_grades").rows}
    assert rows == {"Outstanding": C, "Good": C, "Requires improvement": 0, "Inadequate": C}
    assert published.figure("audit_grades").value == C
