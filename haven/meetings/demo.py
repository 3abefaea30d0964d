"""Demo strategy meetings: past meetings with ratings, decisions and actions on several demo
cases, and a few upcoming ones. Loaded after the demo cases; skipped if meetings exist."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Role, User
from haven.cases.models import Case, CaseStatus
from haven.meetings.models import InvitationStatus, StrategyMeeting
from haven.meetings.services import (
    information_shared_add,
    invitation_decide,
    meeting_action_add,
    meeting_record_outcome,
    meeting_schedule,
)

# (harm, abduction, missing, criminal network) for each past meeting, in case order.
PAST_MEETINGS = (
    ("high", "high", "high", True),
    ("high", "medium", "high", False),
    ("medium", "low", "high", False),
    ("high", "medium", "medium", True),
    ("medium", "low", "medium", False),
    ("high", "high", "medium", False),
)
UPCOMING = 3
RATIONALE = {
    "harm": {
        "high": "Ongoing sexual or criminal exploitation with adults who are not yet identified.",
        "medium": "Exploitation has happened; the child is now placed and engaging.",
        "low": "No current contact with the adults of concern.",
    },
    "abduction": {
        "high": "Adults have tried to collect the child from placement and know the area.",
        "medium": "Phone contact from unknown adults continues.",
        "low": "No attempts to locate the child since placement.",
    },
    "missing": {
        "high": "Three missing episodes this month, each overnight.",
        "medium": "One missing episode since the last review.",
        "low": "Settled at placement, no missing episodes.",
    },
}


def _chair(case: Case) -> User:
    return User.objects.filter(agency=case.lead_agency, role=Role.MANAGER).first()


def _invite(chair: User, meeting: StrategyMeeting) -> None:
    for invitation in meeting.invitations.filter(status=InvitationStatus.SUGGESTED):
        if invitation.agency is not None:
            invitation_decide(actor=chair, invitation=invitation, invite=True)
        else:
            invitation_decide(
                actor=chair,
                invitation=invitation,
                invite=False,
                reason="Placement provider to be briefed by the social worker after the meeting.",
            )


@transaction.atomic
def load_demo_meetings() -> list[str]:
    if StrategyMeeting.objects.exists():
        return _summary()
    candidates = (
        Case.objects.filter(status=CaseStatus.OPEN, screenings__outcome="potential_victim")
        .select_related("lead_agency", "lead_team", "person")
        .distinct()
        .order_by("pk")
    )
    # Spread the meetings across the four authorities.
    by_area: dict[str, list[Case]] = {}
    for case in candidates:
        by_area.setdefault(case.lead_agency.area_code, []).append(case)
    rounds = zip(*by_area.values(), strict=False)
    cases = [case for row in rounds for case in row][: len(PAST_MEETINGS) + UPCOMING]
    now = timezone.now()
    for index, case in enumerate(cases):
        chair = _chair(case)
        held = index < len(PAST_MEETINGS)
        meeting = meeting_schedule(
            actor=chair,
            case=case,
            # Held meetings took place earlier today (an outcome follows the meeting, never
            # precedes it); the others are in the days ahead.
            scheduled_for=now - timedelta(hours=20, minutes=-30 * index)
            if held
            else now + timedelta(days=2, hours=index),
            location=f"{case.lead_agency.name}, meeting room {index + 1}",
        )
        _invite(chair, meeting)
        if not held:
            continue
        harm, abduction, missing, network = PAST_MEETINGS[index]
        invited = [i.agency for i in meeting.invitations.filter(status=InvitationStatus.INVITED)]
        for agency in invited[:3]:
            information_shared_add(
                actor=chair,
                meeting=meeting,
                agency=agency,
                text=f"{agency.name}: summary of contact with the child in the last month.",
            )
        meeting_record_outcome(
            actor=chair,
            meeting=meeting,
            expected_version=meeting.version,
            attended={i.pk: True for i in meeting.invitations.filter(status="invited")},
            ratings={
                "harm": (harm, RATIONALE["harm"][harm]),
                "abduction": (abduction, RATIONALE["abduction"][abduction]),
                "missing": (missing, RATIONALE["missing"][missing]),
            },
            decisions={
                "section_47_enquiry": True,
                "nrm_referral": True,
                "safety_plan": True,
                "police_investigation": True,
                "criminal_network": network,
                "safe_house": abduction == "high",
            },
            placement_decision="Remain in specialist foster placement; placement briefed on risks.",
        )
        meeting_action_add(
            actor=chair,
            meeting=meeting,
            title="Update the safety plan with the placement and share with police",
            team=case.lead_team,
            due=timezone.localdate() + timedelta(days=3),
        )
        # Demo history: the meeting took place in the past weeks.
        held = now - timedelta(days=7 + 9 * index)
        StrategyMeeting.objects.filter(pk=meeting.pk).update(scheduled_for=held, held_at=held)
    return _summary()


def _summary() -> list[str]:
    held = StrategyMeeting.objects.filter(status="held").count()
    upcoming = StrategyMeeting.objects.filter(status="scheduled").count()
    return [f"Demo strategy meetings: {held} held, {upcoming} upcoming."]
