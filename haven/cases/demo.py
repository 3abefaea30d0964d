"""Demo case data: about forty fictional children across the four Pan Cheshire areas, with the
adults around them, their concerns, front door decisions, cases, screenings, tasks, notes,
shares and a break-glass access.

Everything is written through the services, acting as the demo users, so audit rows,
chronology entries, screenings, tasks and notifications are the real ones. Only a few clocks
are moved back afterwards with direct updates (demo history only): front door referrals that
are overdue, tasks that are overdue and a share that has expired.

All names, addresses, telephone numbers and references are invented. Telephone numbers come
from Ofcom's ranges for drama (07700 900xxx) and NHS numbers from the 999 range used for test
data, so none can reach a real person.

Idempotent: the whole set is written in one transaction and skipped if its first child is
already there, so a second run adds nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from stdnum.gb import upn

from haven.accounts.models import Agency, Area, Team, TeamFunction, User
from haven.actions.models import OPEN_STATUSES, Task, TaskStatus
from haven.actions.services import (
    cross_border_record_outbound,
    escalate_overdue_tasks,
    task_complete,
    task_mark_not_needed,
)
from haven.cases.access import person_editable_by
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseShare,
    CaseStatus,
    ChronologyEntry,
    Concern,
    ConcernStatus,
    Sensitivity,
)
from haven.cases.services import (
    break_glass_open,
    break_glass_review,
    case_close,
    case_note_add,
    case_share_create,
    concern_decide,
    concern_raise,
)
from haven.core.working_days import add_working_days
from haven.people.age import age_on
from haven.people.models import (
    AddressKind,
    DobPrecision,
    Gender,
    IdentifierKind,
    ImmigrationStatus,
    Person,
    PersonKind,
    RelationshipKind,
)
from haven.people.services import (
    address_add,
    alias_add,
    identifier_add,
    person_create,
    phone_add,
    relationship_add,
)
from haven.screening.models import Circumstance, ScreeningTrigger
from haven.screening.services import (
    case_rescreen,
    circumstance_record,
    screening_current_for_case,
)

LONDON = ZoneInfo("Europe/London")

CE = Area.CHESHIRE_EAST.value
CW = Area.CHESHIRE_WEST_AND_CHESTER.value
HALTON = Area.HALTON.value
WARR = Area.WARRINGTON.value
OUTSIDE = "outside_cheshire"

# Short handles for the demo users (haven/accounts/demo.py): "<role>@<agency-slug>.demo".
ACTORS = {
    "police": "practitioner@cheshire-constabulary.demo",
    "health": "practitioner@cheshire-health.demo",
    "school": "practitioner@bridgewater-high-school.demo",
    "ukvi": "practitioner@ukvi.demo",
    "yjs": "practitioner@cheshire-youth-justice.demo",
    "ecpat": "practitioner@ecpat-uk.demo",
    "ce": "practitioner@cheshire-east.demo",
    "ce_mgr": "manager@cheshire-east.demo",
    "ce_auditor": "auditor@cheshire-east.demo",
    "cw": "practitioner@cheshire-west-and-chester.demo",
    "cw_mgr": "manager@cheshire-west-and-chester.demo",
    "halton": "practitioner@halton.demo",
    "halton_mgr": "manager@halton.demo",
    "warr": "practitioner@warrington.demo",
    "warr_mgr": "manager@warrington.demo",
}
LA_HANDLE = {CE: "ce", CW: "cw", HALTON: "halton", WARR: "warr"}

# When: (days ago, "HH:MM" London time).
When = tuple[float, str]


@dataclass(frozen=True)
class ConcernSpec:
    by: str
    when: When
    description: str
    location: str
    codes: tuple[str, ...]
    # "accept", "information_only", "referred_elsewhere", "no_further_action", or "" to leave
    # it awaiting a front door decision.
    decision: str = "accept"
    reason: str = ""
    decided_by: str = ""  # defaults to the home area's manager
    danger: bool = False
    overdue: bool = False  # an awaiting concern whose decision clock has run out


@dataclass(frozen=True)
class PersonSpec:
    key: str
    given: str
    family: str
    dob: date | None
    gender: str
    recorded_by: str
    area: str  # home area
    kind: str = PersonKind.CHILD
    precision: str = DobPrecision.EXACT
    assigned: bool = False  # date of birth assigned by an age assessment
    nationalities: tuple[str, ...] = ("GB",)
    language: str = "English"
    interpreter: bool = False
    immigration: str = ImmigrationStatus.BRITISH_CITIZEN
    aliases: tuple[tuple[str, str, str, str], ...] = ()  # given, family, note, by
    identifiers: tuple[tuple[str, str, str], ...] = ()  # kind, value, by
    phones: tuple[tuple[str, str], ...] = ()  # number, by
    home: tuple[str, str, str, str] | None = None  # line 1, town, postcode, by
    concerns: tuple[ConcernSpec, ...] = ()
    # Recorded on the case, then one re-screen. ("returned_days_ago", n) records a return.
    circumstances: tuple[tuple[str, object], ...] = ()
    placement: tuple[str, str, str] | None = None  # confidential: line 1, town, postcode
    notes: tuple[tuple[str, When, str, str], ...] = ()  # by, when, text, sensitivity
    done: tuple[str, ...] = ()  # task codes completed by the lead authority
    overdue: tuple[tuple[str, float], ...] = ()  # task code, days overdue


def nhs_number(seed: int) -> str:
    """A valid NHS number (mod 11 check digit) from the 999 range used for test data."""
    while True:
        digits = f"999{seed:06d}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}{check}"
        seed += 1


def pupil_number(body: str) -> str:
    """A valid unique pupil number: check letter + LA code + school + year + serial."""
    return upn.calc_check_digit(body) + body


NHS = IdentifierKind.NHS_NUMBER
POLICE_REF = IdentifierKind.POLICE_REFERENCE
HO_REF = IdentifierKind.HOME_OFFICE_REFERENCE
UPN = IdentifierKind.UPN
F, M = Gender.FEMALE, Gender.MALE
EST = DobPrecision.ESTIMATED
ASYLUM = ImmigrationStatus.ASYLUM_SEEKER
UASC_LEAVE = ImmigrationStatus.UASC_LEAVE
NO_STATUS = ImmigrationStatus.NO_LEGAL_STATUS
SENSITIVE = Sensitivity.SENSITIVE
RESTRICTED = Sensitivity.RESTRICTED
STANDARD = Sensitivity.STANDARD
RETURNED = "returned_days_ago"

# ---------------------------------------------------------------------------------------------
# Adults. The first two are suspected exploiters linked to several children.

ADULTS: tuple[PersonSpec, ...] = (
    PersonSpec(
        key="dean",
        given="Dean",
        family="Hollis",
        dob=date(1992, 3, 2),
        gender=M,
        recorded_by="police",
        area=CE,
        kind=PersonKind.ADULT_OF_CONCERN,
        aliases=(("Dee", "", "name the girls use for him", "police"),),
        identifiers=((POLICE_REF, "CC-2025-088130", "police"),),
        phones=(("07700 900801", "police"), ("07700 900802", "police")),
        home=("Flat 4, 9 Sandown Terrace", "Crewe", "CW1 2PZ", "police"),
    ),
    PersonSpec(
        key="craig",
        given="Craig",
        family="Merriman",
        dob=date(1995, 10, 18),
        gender=M,
        recorded_by="police",
        area=HALTON,
        kind=PersonKind.ADULT_OF_CONCERN,
        aliases=(("Merra", "", "street name", "police"),),
        identifiers=((POLICE_REF, "CC-2026-002415", "police"),),
        phones=(("07700 900811", "police"),),
        home=("14 Oakhill Court, Speke", "Liverpool", "L24 3TF", "police"),
    ),
    PersonSpec(
        key="donna",
        given="Donna",
        family="Brennan",
        dob=date(1987, 9, 30),
        gender=F,
        recorded_by="ce",
        area=CE,
        kind=PersonKind.PARENT_OR_CARER,
        phones=(("07700 900115", "ce"),),
        home=("14 Larch Close", "Crewe", "CW1 3QT", "ce"),
    ),
    PersonSpec(
        key="marius",
        given="Marius",
        family="Lungu",
        dob=date(1983, 6, 4),
        gender=M,
        recorded_by="police",
        area=WARR,
        kind=PersonKind.PARENT_OR_CARER,
        nationalities=("RO",),
        language="Romanian",
        interpreter=True,
        immigration=ImmigrationStatus.SETTLED,
        phones=(("07700 900741", "police"),),
        home=("9 Lock Keeper's Row", "Warrington", "WA2 7QR", "police"),
    ),
    PersonSpec(
        key="elena",
        given="Elena",
        family="Lungu",
        dob=date(1986, 1, 27),
        gender=F,
        recorded_by="warr",
        area=WARR,
        kind=PersonKind.PARENT_OR_CARER,
        nationalities=("RO",),
        language="Romanian",
        interpreter=True,
        immigration=ImmigrationStatus.SETTLED,
        home=("9 Lock Keeper's Row", "Warrington", "WA2 7QR", "warr"),
    ),
    PersonSpec(
        key="grace",
        given="Grace",
        family="Okafor",
        dob=date(1979, 12, 8),
        gender=F,
        recorded_by="health",
        area=HALTON,
        kind=PersonKind.PARENT_OR_CARER,
        nationalities=("NG",),
        immigration=ImmigrationStatus.LIMITED_LEAVE,
        phones=(("07700 900661", "health"),),
        home=("8 Primrose Street", "Widnes", "WA8 6JE", "health"),
    ),
    # Potential adult victims: their concerns take the adult routes.
    PersonSpec(
        key="hoa",
        given="Thi Hoa",
        family="Pham",
        dob=date(2002, 1, 1),
        precision=EST,
        gender=F,
        recorded_by="police",
        area=CW,
        kind=PersonKind.OTHER,
        nationalities=("VN",),
        language="Vietnamese",
        interpreter=True,
        immigration=NO_STATUS,
        concerns=(
            ConcernSpec(
                by="police",
                when=(19, "11:20"),
                description=(
                    "Found at the same Northwich nail bar as a Vietnamese girl. Says she is 24, "
                    "works six days a week for no wages to pay off a debt of £20,000 for her "
                    "journey, and that the manager keeps her passport. She was moved here from "
                    "a salon in Manchester a month ago."
                ),
                location="Nail bar, Witton Street area, Northwich",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.debt_bondage",
                    "ind.documents_held_by_others",
                    "ind.moved_between_addresses",
                ),
            ),
        ),
    ),
    PersonSpec(
        key="karl",
        given="Karl",
        family="Nuttall",
        dob=date(2002, 5, 14),
        gender=M,
        recorded_by="police",
        area=HALTON,
        kind=PersonKind.OTHER,
        home=("Flat 11, Brook House, Halton Lea", "Runcorn", "WA7 2HP", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(8, "15:05"),
                description=(
                    "Karl, 24, has a learning disability. A man who 'befriended' him outside "
                    "the job centre now uses his flat to store and cut drugs with men from "
                    "Liverpool. Karl says they threaten to hurt him if he refuses or tells "
                    "his support worker."
                ),
                location="Brook House, Halton Lea, Runcorn",
                codes=(
                    "ind.recruited_online_or_by_peer",
                    "ind.threats_to_child_or_family",
                    "ind.cannabis_farm_or_drug_running",
                ),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Children. The first is the marker the loader looks for to know the set is loaded.

CHILDREN: tuple[PersonSpec, ...] = (
    # ---------------------------------------------------------------- Cheshire East
    PersonSpec(
        key="chloe",
        given="Chloe",
        family="Brennan",
        dob=date(2011, 6, 14),
        gender=F,
        recorded_by="police",
        area=CE,
        aliases=(("Cee", "", "name used in messages on her phone", "police"),),
        identifiers=(
            (POLICE_REF, "CC-2026-004417", "police"),
            (NHS, nhs_number(101), "health"),
        ),
        phones=(("07700 900114", "police"),),
        home=("14 Larch Close", "Crewe", "CW1 3QT", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(292, "23:50"),
                description=(
                    "Seen at 22:40 getting into a private-hire taxi outside Crewe bus station; "
                    "the fare was booked and paid by an adult male known to police. Found at "
                    "02:30 at a flat on Sandown Terrace with two adult men, with alcohol and "
                    "cannabis present. Her mother had reported her missing at 23:00."
                ),
                location="Sandown Terrace, Crewe",
                codes=(
                    "ind.transport_arranged_by_adult",
                    "ind.found_at_adult_address",
                    "ind.sexual_activity_with_adults",
                    "ind.missing_episodes",
                ),
            ),
            ConcernSpec(
                by="health",
                when=(118, "14:30"),
                description=(
                    "Came to the sexual health clinic in Crewe with a man in his twenties who "
                    "answered questions for her. Later, alone, she said 'friends of her "
                    "boyfriend' give her vapes, alcohol and lifts."
                ),
                location="Sexual health clinic, Crewe",
                codes=(
                    "ind.sexual_activity_with_adults",
                    "ind.adult_speaks_for_child",
                    "ind.transport_arranged_by_adult",
                ),
            ),
            ConcernSpec(
                by="police",
                when=(2, "06:10"),
                description=(
                    "Reported missing by her mother at 19:00; found at 06:10 in a car at a "
                    "retail park in Crewe with Dean Hollis, who was arrested for breaching the "
                    "child abduction warning notice served on him about her."
                ),
                location="Retail park, Crewe",
                codes=("ind.missing_episodes", "ind.harbouring_notice_breached"),
                decided_by="ce",
            ),
        ),
        circumstances=((RETURNED, 1.9), (Circumstance.ABDUCTION_RISK, "medium")),
        notes=(
            (
                "ce",
                (285, "16:00"),
                "Home visit to Chloe and her mother Donna. Chloe says the men at the flat are "
                "'just friends' and nothing happened. Donna agreed a safety plan: phone checks, "
                "21:00 curfew, lifts only from family.",
                STANDARD,
            ),
            (
                "ce",
                (201, "11:15"),
                "Chloe told her school nurse she 'owes' the men for vapes and that they get "
                "angry when she ignores their calls. Specialist CSE worker allocated.",
                SENSITIVE,
            ),
            (
                "ce",
                (110, "10:00"),
                "Strategy meeting (police, health, school, children's social care): section 47 "
                "enquiry agreed, NRM referral to be made, disruption plan for Dean Hollis "
                "including a child abduction warning notice.",
                STANDARD,
            ),
            (
                "ce",
                (62, "09:40"),
                "Police intelligence links the tenant of the Sandown Terrace flat to two girls "
                "in Winsford. Lead authority only until the police operation is public.",
                RESTRICTED,
            ),
            (
                "ce",
                (1, "17:30"),
                "Return home interview offered by the independent RHI worker; Chloe agreed to "
                "meet on Thursday at school.",
                STANDARD,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral", "ictg_referral"),
    ),
    PersonSpec(
        key="jade",
        given="Jade",
        family="Whitfield",
        dob=date(2012, 2, 3),
        gender=F,
        recorded_by="health",
        area=CE,
        identifiers=((NHS, nhs_number(202), "health"),),
        phones=(("07700 900231", "health"),),
        home=("7 Birchfield Mews", "Macclesfield", "SK10 2LP", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(64, "13:10"),
                description=(
                    "School nurse: Jade says her 'boyfriend', 19, whom she met on Snapchat, "
                    "drives her to parties in Stockport at weekends. She has a new phone and "
                    "clothes and said she 'has to be nice to his mates' in return."
                ),
                location="Macclesfield",
                codes=(
                    "ind.recruited_online_or_by_peer",
                    "ind.transport_arranged_by_adult",
                    "ind.sexual_activity_with_adults",
                ),
            ),
        ),
        circumstances=((Circumstance.AREAS_INVOLVED, [OUTSIDE]),),
        notes=(
            (
                "ce",
                (60, "15:20"),
                "Jade's mother has seen the messages and the Snapchat account is reported. "
                "Greater Manchester Police to be told about the Stockport address.",
                STANDARD,
            ),
        ),
        done=("report_to_police",),
        overdue=(("strategy_meeting", 2),),
    ),
    PersonSpec(
        key="ellie",
        given="Ellie-Mae",
        family="Dawson",
        dob=date(2010, 9, 22),
        gender=F,
        recorded_by="police",
        area=CE,
        aliases=(
            ("Ellie", "Dawes", "name given when stopped by officers", "police"),
            ("Mae", "Dawson", "name on her GP record", "health"),
        ),
        identifiers=(
            (POLICE_REF, "CC-2026-009362", "police"),
            (NHS, nhs_number(303), "health"),
        ),
        home=("22 Rowan Court", "Nantwich", "CW5 6RD", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(205, "08:30"),
                description=(
                    "Missing for three days from her children's home in Crewe. Found at the "
                    "flat of Dean Hollis, 34; a child abduction warning notice was served on "
                    "him."
                ),
                location="Sandown Terrace, Crewe",
                codes=("ind.missing_episodes", "ind.found_at_adult_address"),
            ),
            ConcernSpec(
                by="police",
                when=(47, "01:45"),
                description=(
                    "Found again at the same flat despite the warning notice. She had a new "
                    "phone and said Dean 'looks after her' and she 'does favours' for his "
                    "friends."
                ),
                location="Sandown Terrace, Crewe",
                codes=(
                    "ind.harbouring_notice_breached",
                    "ind.sexual_activity_with_adults",
                    "ind.missing_episodes",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (RETURNED, 4.2),
            (Circumstance.ABDUCTION_RISK, "high"),
        ),
        placement=("9 Kestrel Drive", "Sandbach", "CW11 4TJ"),
        notes=(
            (
                "ce",
                (198, "12:00"),
                "Strategy meeting: NRM referral agreed; move to a placement away from Crewe.",
                STANDARD,
            ),
            (
                "ce",
                (45, "16:45"),
                "Moved to specialist foster carers. The placement address is held by the "
                "exploitation team only: never give it to family or friends.",
                RESTRICTED,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "placement_safety_plan", "nrm_referral"),
    ),
    PersonSpec(
        key="minh",
        given="Van Minh",
        family="Tran",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=M,
        recorded_by="police",
        area=CE,
        nationalities=("VN",),
        language="Vietnamese",
        interpreter=True,
        immigration=ASYLUM,
        aliases=(
            ("Tommy", "", "name he gave when arrested", "police"),
            ("Minh", "Tran Van", "name order on his Home Office record", "ukvi"),
        ),
        identifiers=(
            (POLICE_REF, "CC-2026-031877", "police"),
            (HO_REF, "U3108842", "ukvi"),
        ),
        concerns=(
            ConcernSpec(
                by="police",
                when=(26, "07:05"),
                description=(
                    "Found when officers executed a drugs warrant at a house in Congleton "
                    "turned into a cannabis farm (about 400 plants). He was locked in, slept "
                    "on a mattress by the lamps and had no phone or papers. Through an "
                    "interpreter he said he came in a lorry and owes £28,000 for the journey."
                ),
                location="Moss Lea, Congleton",
                codes=(
                    "ind.arrived_unaccompanied",
                    "ind.cannabis_farm_or_drug_running",
                    "ind.debt_bondage",
                    "ind.isolated_no_english",
                    "ind.documents_held_by_others",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.ABDUCTION_RISK, "high"),
            (Circumstance.CRIMINAL_NETWORK, True),
        ),
        placement=("3 Heron Walk", "Middlewich", "CW10 9DP"),
        notes=(
            (
                "ce",
                (25, "18:00"),
                "Arrested on suspicion of cultivating cannabis and released under "
                "investigation pending the non-criminalisation review. Accommodated under "
                "section 20 with specialist foster carers.",
                STANDARD,
            ),
            (
                "ce",
                (24, "10:30"),
                "Vetted Vietnamese interpreter used for all contact. Minh says the men who "
                "brought him know where his family lives. Phone use only with carers present.",
                SENSITIVE,
            ),
        ),
        done=("interpreter", "report_to_police", "placement_safety_plan"),
        overdue=(("nrm_referral", 1),),
    ),
    PersonSpec(
        key="kieran",
        given="Kieran",
        family="Maddox",
        dob=date(2009, 8, 30),
        gender=M,
        recorded_by="police",
        area=CE,
        aliases=(
            ("KZ", "", "street name", "police"),
            ("Kez", "", "name he uses with his youth justice worker", "yjs"),
        ),
        identifiers=(
            (POLICE_REF, "CC-2026-012906", "police"),
            (NHS, nhs_number(404), "health"),
        ),
        phones=(("07700 900372", "police"), ("07700 900373", "yjs")),
        home=("31 Sycamore Grove", "Crewe", "CW2 8NF", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(152, "17:40"),
                description=(
                    "Stopped at Crewe railway station off a train from Liverpool Lime Street "
                    "carrying 30 wraps of crack cocaine and heroin and £640 in cash. His ticket "
                    "was bought on an older male's phone. He goes missing from home for two to "
                    "three days at a time."
                ),
                location="Crewe railway station",
                codes=(
                    "ind.cannabis_farm_or_drug_running",
                    "ind.transport_arranged_by_adult",
                    "ind.missing_episodes",
                ),
            ),
            ConcernSpec(
                by="yjs",
                when=(33, "10:00"),
                description=(
                    "At his referral order meeting Kieran said he owes 'the older lads' £1,200 "
                    "for drugs taken from him in a robbery, and that they have said they know "
                    "where his little sister goes to school."
                ),
                location="Youth justice office, Crewe",
                codes=("ind.debt_bondage", "ind.threats_to_child_or_family"),
            ),
        ),
        circumstances=(
            (Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),
            (Circumstance.CRIMINAL_NETWORK, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        notes=(
            (
                "ce",
                (150, "14:00"),
                "Strategy meeting with police and youth justice: NRM referral agreed; the "
                "CPS to be told trafficking is suspected before any charging decision.",
                STANDARD,
            ),
            (
                "ce",
                (30, "11:30"),
                "Family told about the threats; school asked to watch for unknown adults at "
                "the gate when his sister is collected.",
                SENSITIVE,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral"),
    ),
    PersonSpec(
        key="mason",
        given="Mason",
        family="Pickering",
        dob=date(2011, 3, 11),
        gender=M,
        recorded_by="police",
        area=CE,
        identifiers=((NHS, nhs_number(505), "health"),),
        home=("4 Tytherington Mews", "Macclesfield", "SK10 3EW", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(95, "16:25"),
                description=(
                    "Caught shoplifting alcohol and designer clothes 'to order' in Macclesfield "
                    "town centre while two older boys waited outside. He says he had to, "
                    "because he owes them for an e-bike they gave him."
                ),
                location="Macclesfield town centre",
                codes=(
                    "ind.forced_begging_or_theft",
                    "ind.recruited_online_or_by_peer",
                    "ind.debt_bondage",
                ),
            ),
        ),
        circumstances=((Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),),
        done=("report_to_police", "strategy_meeting", "nrm_referral", "ictg_referral"),
    ),
    PersonSpec(
        key="hamid",
        given="Hamid",
        family="Rahimi",
        dob=date(2010, 1, 1),
        assigned=True,
        gender=M,
        recorded_by="police",
        area=CE,
        nationalities=("AF",),
        language="Pashto",
        interpreter=True,
        immigration=UASC_LEAVE,
        identifiers=((HO_REF, "U4410283", "ukvi"),),
        concerns=(
            ConcernSpec(
                by="police",
                when=(240, "05:20"),
                description=(
                    "Found walking on the A530 near Crewe at 05:00 after being let out of a "
                    "lorry. Speaks Pashto only. Says an agent arranged the journey from "
                    "Afghanistan through Iran and Turkey and his uncle paid."
                ),
                location="A530 near Crewe",
                codes=("ind.arrived_unaccompanied", "ind.isolated_no_english"),
            ),
            ConcernSpec(
                by="ecpat",
                when=(21, "18:30"),
                description=(
                    "At the youth group Hamid said the agent's associates message him on "
                    "Instagram: his family still owe $3,000 and he must work weekends at a car "
                    "wash in Crewe to pay it. Youth workers have seen him there."
                ),
                location="Car wash, Crewe",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.debt_bondage",
                    "ind.recruited_online_or_by_peer",
                ),
                decided_by="ce",
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True),),
        notes=(
            (
                "ce",
                (200, "10:00"),
                "Age assessment by two qualified social workers with a Pashto interpreter "
                "completed. Date of birth assigned as 1 January 2010.",
                STANDARD,
            ),
        ),
        done=("interpreter", "report_to_police", "placement_safety_plan"),
        overdue=(("strategy_meeting", 1),),
    ),
    PersonSpec(
        key="amber",
        given="Amber",
        family="Lowe",
        dob=date(2012, 7, 19),
        gender=F,
        recorded_by="police",
        area=CE,
        home=("5 Meadow Rise", "Crewe", "CW1 4HS", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(6, "11:00"),
                description=(
                    "Reported missing overnight by her mother. Came home at 11:00 saying she "
                    "had been at a 'party' in a flat in Nantwich where older men gave her "
                    "vodka. She would not give names."
                ),
                location="Nantwich",
                codes=(
                    "ind.missing_episodes",
                    "ind.found_at_adult_address",
                    "ind.sexual_activity_with_adults",
                ),
                decision="",
                overdue=True,
            ),
        ),
    ),
    PersonSpec(
        key="oliver",
        given="Oliver",
        family="Bates",
        dob=date(2014, 5, 2),
        gender=M,
        recorded_by="health",
        area=CE,
        home=("19 Hurdsfield Close", "Macclesfield", "SK10 1RL", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(40, "10:30"),
                description=(
                    "His mother told the health visitor Oliver, 12, games online for hours "
                    "with an adult 'coach' who sent him a £50 gift card."
                ),
                location="Macclesfield",
                codes=("ind.recruited_online_or_by_peer",),
                decision="information_only",
                reason=(
                    "Early help is already working with the family; mother has reported the "
                    "account to the platform and the police. No other indicators: recorded "
                    "for information, online safety work through school."
                ),
                decided_by="ce",
            ),
        ),
    ),
    PersonSpec(
        key="lucy",
        given="Lucy",
        family="Farrington",
        dob=date(2013, 1, 23),
        gender=F,
        recorded_by="police",
        area=CE,
        home=("2 Mossley Walk", "Congleton", "CW12 3SN", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(75, "21:10"),
                description=(
                    "Seen getting into a car driven by an older teenager outside Congleton "
                    "leisure centre at 21:00."
                ),
                location="Congleton",
                codes=("ind.transport_arranged_by_adult",),
                decision="no_further_action",
                reason=(
                    "The driver is her 17-year-old cousin, collecting her with her parents' "
                    "agreement. Checks with school and police show no concerns."
                ),
            ),
        ),
    ),
    # ---------------------------------------------------------------- Cheshire West and Chester
    PersonSpec(
        key="tegan",
        given="Tegan",
        family="Hughes",
        dob=date(2011, 11, 5),
        gender=F,
        recorded_by="police",
        area=CW,
        identifiers=((NHS, nhs_number(606), "health"),),
        phones=(("07700 900406", "police"),),
        home=("18 Willow Bank", "Winsford", "CW7 2ES", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(130, "01:20"),
                description=(
                    "Found at 01:00 at an address in Crewe linked to Dean Hollis. A taxi booked "
                    "on his account brought her from Winsford. Another girl known to Cheshire "
                    "East was with her; both had been drinking."
                ),
                location="Crewe",
                codes=(
                    "ind.transport_arranged_by_adult",
                    "ind.found_at_adult_address",
                    "ind.missing_episodes",
                    "ind.sexual_activity_with_adults",
                ),
            ),
        ),
        circumstances=((Circumstance.AREAS_INVOLVED, [CE]),),
        notes=(
            (
                "cw",
                (126, "15:00"),
                "Joint strategy meeting with Cheshire East: the same adults are linked to a "
                "Crewe girl. NRM referral made.",
                STANDARD,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral"),
    ),
    PersonSpec(
        key="ryan",
        given="Ryan",
        family="Tolley",
        dob=date(2009, 4, 17),
        gender=M,
        recorded_by="police",
        area=CW,
        aliases=(("Rizz", "", "street name used on the drug line", "police"),),
        identifiers=((POLICE_REF, "CC-2026-020558", "police"),),
        phones=(("07700 900518", "police"),),
        home=("40 Fernlea Road", "Ellesmere Port", "CH65 4DW", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(75, "20:15"),
                description=(
                    "Found in a cuckooed flat in Ellesmere Port with two men from Liverpool, a "
                    "'deal line' phone and 18 wraps of heroin. Missing from home for four days; "
                    "a cut to his hand he would not explain."
                ),
                location="Ellesmere Port",
                codes=(
                    "ind.cannabis_farm_or_drug_running",
                    "ind.found_at_adult_address",
                    "ind.missing_episodes",
                    "ind.violence_or_injuries",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),
            (Circumstance.CRIMINAL_NETWORK, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        done=("report_to_police", "strategy_meeting"),
    ),
    PersonSpec(
        key="ardit",
        given="Ardit",
        family="Dervishi",
        dob=date(2009, 1, 1),
        precision=EST,
        gender=M,
        recorded_by="police",
        area=CW,
        nationalities=("AL",),
        language="Albanian",
        interpreter=True,
        immigration=ASYLUM,
        identifiers=((POLICE_REF, "CC-2026-028104", "police"), (HO_REF, "U2874461", "ukvi")),
        concerns=(
            ConcernSpec(
                by="police",
                when=(58, "12:40"),
                description=(
                    "Found on a joint visit to a hand car wash outside Chester: working 12-hour "
                    "shifts for £20 a day and sleeping in a caravan on site. The owner keeps "
                    "his passport 'for safety'. He owes £15,000 to the men who brought him from "
                    "Albania by small boat."
                ),
                location="Hand car wash, Chester",
                codes=(
                    "ind.arrived_unaccompanied",
                    "ind.working_unpaid_or_underage",
                    "ind.documents_held_by_others",
                    "ind.debt_bondage",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.CRIMINAL_NETWORK, True),
        ),
        placement=("11 Linnet Close", "Chester", "CH2 3WP"),
        done=(
            "interpreter",
            "report_to_police",
            "strategy_meeting",
            "placement_safety_plan",
            "safe_house_escalation",
        ),
    ),
    PersonSpec(
        key="klea",
        given="Klea",
        family="Marku",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=F,
        recorded_by="police",
        area=CW,
        nationalities=("AL",),
        language="Albanian",
        interpreter=True,
        immigration=ASYLUM,
        identifiers=((POLICE_REF, "CC-2026-033016", "police"),),
        concerns=(
            ConcernSpec(
                by="police",
                when=(12, "22:30"),
                description=(
                    "Found on a police visit to a Chester flat advertised online for sex. She "
                    "says she is 16 (the adults said 19), was promised restaurant work in "
                    "London, and has been moved between flats in Liverpool, Manchester and "
                    "Chester."
                ),
                location="Chester city centre",
                codes=(
                    "ind.arrived_unaccompanied",
                    "ind.sexual_activity_with_adults",
                    "ind.deceived_about_work_or_school",
                    "ind.moved_between_addresses",
                    "ind.documents_held_by_others",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.ABDUCTION_RISK, "high"),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        placement=("6 Sandpiper Court", "Ellesmere Port", "CH66 2LX"),
        notes=(
            (
                "cw",
                (11, "14:00"),
                "Age disputed: she is presumed a child until an age assessment says "
                "otherwise. Albanian interpreter (female, vetted) at every contact.",
                STANDARD,
            ),
        ),
        done=("interpreter", "report_to_police", "placement_safety_plan"),
    ),
    PersonSpec(
        key="declan",
        given="Declan",
        family="Moss",
        dob=date(2010, 12, 9),
        gender=M,
        recorded_by="police",
        area=CW,
        home=("2 Cherry Tree Walk", "Northwich", "CW9 8PB", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(34, "03:15"),
                description=(
                    "Missing from home for the fifth time this year; found at Manchester "
                    "Piccadilly station at 03:00. Sofa-surfing with friends since rowing with "
                    "his stepfather."
                ),
                location="Manchester Piccadilly station",
                codes=("ind.missing_episodes", "ind.no_fixed_address"),
                decided_by="cw",
            ),
        ),
        circumstances=((Circumstance.AREAS_INVOLVED, [OUTSIDE]),),
        overdue=(("consider_trafficking", 4),),
    ),
    PersonSpec(
        key="niamh",
        given="Niamh",
        family="Carroll",
        dob=date(2009, 10, 27),
        gender=F,
        recorded_by="health",
        area=CW,
        identifiers=((NHS, nhs_number(707), "health"),),
        home=("27 Hawthorn Drive", "Chester", "CH3 5RT", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(88, "09:50"),
                description=(
                    "Told her GP that a 'modelling agent' she met on Instagram has bought her "
                    "train tickets to Birmingham for a 'shoot' and asked her not to tell her "
                    "parents."
                ),
                location="Chester",
                codes=(
                    "ind.recruited_online_or_by_peer",
                    "ind.transport_arranged_by_adult",
                    "ind.deceived_about_work_or_school",
                ),
            ),
        ),
        notes=(
            (
                "cw",
                (86, "12:00"),
                "Travel stopped with her parents' help. West Midlands Police told about the "
                "'agency'. Purpose not known: keep asking what she was told would happen there.",
                STANDARD,
            ),
        ),
    ),
    PersonSpec(
        key="lan",
        given="Thi Lan",
        family="Nguyen",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=F,
        recorded_by="police",
        area=CW,
        nationalities=("VN",),
        language="Vietnamese",
        interpreter=True,
        immigration=NO_STATUS,
        aliases=(("Lily", "", "name she was given at the nail bar", "police"),),
        identifiers=((POLICE_REF, "CC-2026-031090", "police"), (HO_REF, "U6021385", "ukvi")),
        concerns=(
            ConcernSpec(
                by="police",
                when=(19, "11:00"),
                description=(
                    "Found working at a nail bar in Northwich on a joint visit with "
                    "immigration enforcement. She sleeps above the shop with three adult women, "
                    "is not registered with a school or GP, and the manager insisted on "
                    "answering for her."
                ),
                location="Nail bar, Witton Street area, Northwich",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.moved_between_addresses",
                    "ind.not_registered_school_or_gp",
                    "ind.adult_speaks_for_child",
                    "ind.isolated_no_english",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.ABDUCTION_RISK, "high"),
        ),
        placement=("21 Plover Way", "Winsford", "CW7 1NQ"),
        done=("interpreter", "report_to_police", "placement_safety_plan"),
    ),
    PersonSpec(
        key="freya",
        given="Freya",
        family="Nolan",
        dob=date(2013, 3, 30),
        gender=F,
        recorded_by="health",
        area=CW,
        home=("12 Poplar Avenue", "Ellesmere Port", "CH66 4GJ", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(0.15, "01:40"),
                description=(
                    "Brought to A&E at 01:00 with alcohol poisoning by an unknown man in a car, "
                    "who left before staff could speak to him."
                ),
                location="Countess of Chester Hospital A&E",
                codes=("ind.transport_arranged_by_adult",),
                decision="",
            ),
        ),
    ),
    PersonSpec(
        key="kai",
        given="Kai",
        family="Jenkins",
        dob=date(2010, 6, 6),
        gender=M,
        recorded_by="police",
        area=CW,
        concerns=(
            ConcernSpec(
                by="police",
                when=(50, "23:40"),
                description=(
                    "Stopped in Chester city centre at 23:30 with older youths; reported "
                    "missing by his mother in Wrexham earlier that evening."
                ),
                location="Chester city centre",
                codes=("ind.missing_episodes",),
                decision="referred_elsewhere",
                reason=(
                    "Kai lives in Wrexham: referred to Wrexham children's services and North "
                    "Wales Police by phone and secure email."
                ),
                decided_by="cw",
            ),
        ),
    ),
    PersonSpec(
        key="megan",
        given="Megan",
        family="Price",
        dob=date(2009, 2, 14),
        gender=F,
        recorded_by="police",
        area=CW,
        identifiers=((NHS, nhs_number(808), "health"),),
        home=("3 Whitby Lane", "Ellesmere Port", "CH65 9AZ", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(330, "02:10"),
                description=(
                    "Found in a car at a retail outlet car park at 02:00 with two adult men "
                    "who had given her alcohol; her foster carer had reported her missing."
                ),
                location="Ellesmere Port",
                codes=(
                    "ind.missing_episodes",
                    "ind.sexual_activity_with_adults",
                    "ind.transport_arranged_by_adult",
                ),
            ),
        ),
        notes=(
            (
                "cw",
                (322, "10:00"),
                "Strategy meeting held; NRM referral made; both men arrested.",
                STANDARD,
            ),
            (
                "cw",
                (250, "15:30"),
                "Weekly sessions with the specialist CSE worker. No missing episodes since "
                "the spring.",
                STANDARD,
            ),
            (
                "cw",
                (35, "11:00"),
                "Review: exploitation risk now low. Megan agrees to step down to early help.",
                STANDARD,
            ),
        ),
    ),
    # ---------------------------------------------------------------- Halton
    PersonSpec(
        key="mo",
        given="Muhammad",
        family="Aly",
        dob=date(2009, 1, 1),
        assigned=True,
        gender=M,
        recorded_by="halton",
        area=HALTON,
        nationalities=("SD",),
        language="Arabic",
        interpreter=True,
        immigration=ASYLUM,
        aliases=(("Mo", "", "name he gave to officers", "police"),),
        identifiers=((HO_REF, "U5521907", "ukvi"), (POLICE_REF, "CC-2026-027741", "police")),
        phones=(("07700 900565", "police"),),
        concerns=(
            ConcernSpec(
                by="halton",
                when=(112, "09:15"),
                description=(
                    "Brought to the duty team by police after climbing out of a lorry at a "
                    "motorway service area near Runcorn. Speaks Arabic; left Darfur two years "
                    "ago and travelled through Libya and Italy on a journey an agent arranged."
                ),
                location="Motorway services near Runcorn",
                codes=("ind.arrived_unaccompanied", "ind.isolated_no_english"),
            ),
            ConcernSpec(
                by="police",
                when=(2.2, "01:30"),
                description=(
                    "Reported missing from his placement for two days; found at 01:30 working "
                    "at a hand car wash in Widnes. Says he works for food and a place to "
                    "sleep and must pay 'the boss' back for his phone."
                ),
                location="Hand car wash, Widnes",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.missing_episodes",
                    "ind.debt_bondage",
                ),
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True), (RETURNED, 2.1)),
        placement=("Flat 2, 16 Beech Court", "Widnes", "WA8 7LN"),
        notes=(
            (
                "halton",
                (100, "14:00"),
                "Age assessment by two qualified social workers with an Arabic interpreter "
                "completed. Date of birth assigned as 1 January 2009.",
                STANDARD,
            ),
            (
                "halton",
                (1.5, "16:00"),
                "Mo says the car wash owner drove him there from his placement. Placement "
                "told of the risks; key worker to check in every evening.",
                SENSITIVE,
            ),
        ),
        done=("interpreter", "report_to_police"),
    ),
    PersonSpec(
        key="blessing",
        given="Blessing",
        family="Adeyemi",
        dob=date(2011, 8, 15),
        gender=F,
        recorded_by="health",
        area=HALTON,
        nationalities=("NG",),
        immigration=NO_STATUS,
        home=("8 Primrose Street", "Widnes", "WA8 6JE", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(55, "11:30"),
                description=(
                    "The health visitor seeing the family's baby found Blessing, 15, at home on "
                    "a school day. She came from Lagos a year ago to live with a family friend "
                    "under a private arrangement, is not registered with a school or GP, does "
                    "all the cooking and cleaning, looks after three young children and sleeps "
                    "on the kitchen floor."
                ),
                location="Widnes",
                codes=(
                    "risk.private_fostering",
                    "ind.arrived_unaccompanied",
                    "ind.excessive_household_work",
                    "ind.not_registered_school_or_gp",
                ),
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True),),
        placement=("5 Wren Gardens", "Runcorn", "WA7 6PS"),
        notes=(
            (
                "halton",
                (53, "17:00"),
                "Private fostering assessment started; the arrangement was never notified. "
                "Blessing moved to foster carers with her agreement.",
                STANDARD,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral", "placement_safety_plan"),
    ),
    PersonSpec(
        key="josh",
        given="Josh",
        family="Kenyon",
        dob=date(2010, 2, 21),
        gender=M,
        recorded_by="police",
        area=HALTON,
        aliases=(("JK", "", "street name", "police"),),
        identifiers=((NHS, nhs_number(909), "health"),),
        home=("52 Heathview Road", "Runcorn", "WA7 4NB", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(16, "14:50"),
                description=(
                    "Found in a car in Runcorn with a Liverpool man and 14 wraps of crack "
                    "cocaine hidden in his clothing. Has been travelling from Speke to Runcorn "
                    "daily instead of going to school."
                ),
                location="Runcorn",
                codes=(
                    "ind.cannabis_farm_or_drug_running",
                    "ind.transport_arranged_by_adult",
                    "ind.missing_episodes",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),
            (Circumstance.CRIMINAL_NETWORK, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        overdue=(("report_to_police", 3),),
    ),
    PersonSpec(
        key="yonas",
        given="Yonas",
        family="Tesfay",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=M,
        recorded_by="ukvi",
        area=HALTON,
        nationalities=("ER",),
        language="Tigrinya",
        interpreter=True,
        immigration=ASYLUM,
        aliases=(("Yonas", "Tesfai", "spelling used by his college", "ecpat"),),
        identifiers=((HO_REF, "U3390215", "ukvi"),),
        concerns=(
            ConcernSpec(
                by="ukvi",
                when=(70, "15:00"),
                description=(
                    "Transferred to Halton under the National Transfer Scheme after arriving by "
                    "small boat. At screening he said smugglers held him in Libya until his "
                    "family paid; a man now calls him demanding more money and threatening "
                    "his mother in Eritrea."
                ),
                location="Runcorn",
                codes=(
                    "ind.arrived_unaccompanied",
                    "ind.threats_to_child_or_family",
                    "ind.debt_bondage",
                ),
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True),),
        done=("interpreter",),
    ),
    PersonSpec(
        key="selam",
        given="Selam",
        family="Ghebremedhin",
        dob=date(2009, 1, 1),
        assigned=True,
        gender=F,
        recorded_by="halton",
        area=HALTON,
        nationalities=("ER",),
        language="Tigrinya",
        interpreter=True,
        immigration=UASC_LEAVE,
        identifiers=((HO_REF, "U2209674", "ukvi"),),
        concerns=(
            ConcernSpec(
                by="halton",
                when=(150, "08:45"),
                description=(
                    "Her supported lodgings provider in Widnes says she goes missing overnight "
                    "and comes back with new clothes; an adult man from Liverpool collects her "
                    "in a car."
                ),
                location="Widnes",
                codes=(
                    "ind.missing_episodes",
                    "ind.transport_arranged_by_adult",
                    "ind.sexual_activity_with_adults",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        placement=("17 Dunlin Close", "Widnes", "WA8 9FT"),
        done=(
            "interpreter",
            "report_to_police",
            "strategy_meeting",
            "nrm_referral",
            "placement_safety_plan",
            "ictg_referral",
        ),
    ),
    PersonSpec(
        key="paige",
        given="Paige",
        family="Clough",
        dob=date(2012, 12, 1),
        gender=F,
        recorded_by="police",
        area=HALTON,
        identifiers=((NHS, nhs_number(1010), "health"),),
        home=("36 Lilac Crescent", "Widnes", "WA8 3DR", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(180, "03:10"),
                description=(
                    "Found at 03:00 at a house party in Widnes where adult men had given girls "
                    "alcohol and cannabis. Missing since after school."
                ),
                location="Widnes",
                codes=(
                    "ind.found_at_adult_address",
                    "ind.missing_episodes",
                    "ind.sexual_activity_with_adults",
                ),
            ),
        ),
        notes=(
            (
                "halton",
                (170, "13:00"),
                "Paige and her dad met the CSE worker. The house is now subject to a closure "
                "order.",
                STANDARD,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral", "ictg_referral"),
    ),
    PersonSpec(
        key="ducanh",
        given="Duc Anh",
        family="Le",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=M,
        recorded_by="ukvi",
        area=HALTON,
        nationalities=("VN",),
        language="Vietnamese",
        interpreter=True,
        immigration=ASYLUM,
        identifiers=((HO_REF, "U6630148", "ukvi"),),
        concerns=(
            ConcernSpec(
                by="ukvi",
                when=(45, "06:30"),
                description=(
                    "Found with three adults in the back of a lorry at a distribution centre "
                    "in Widnes. He had a phone with one saved number and was told to ring it "
                    "when he arrived."
                ),
                location="Distribution centre, Widnes",
                codes=("ind.arrived_unaccompanied", "ind.isolated_no_english"),
            ),
            ConcernSpec(
                by="halton",
                when=(38, "10:00"),
                description=(
                    "Went missing from his foster placement 20 hours after arriving; found "
                    "five days later working in a nail bar in Birmingham."
                ),
                location="Birmingham",
                codes=("ind.missing_episodes", "ind.working_unpaid_or_underage"),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.ABDUCTION_RISK, "high"),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        placement=("4 Swift Lane", "Runcorn", "WA7 3BY"),
        done=("interpreter", "report_to_police", "strategy_meeting", "placement_safety_plan"),
    ),
    PersonSpec(
        key="leah",
        given="Leah",
        family="Partington",
        dob=date(2011, 4, 4),
        gender=F,
        recorded_by="police",
        area=HALTON,
        home=("10 Gorse Way", "Runcorn", "WA7 1XS", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(4, "15:30"),
                description=(
                    "Seen getting into a car with two adult men outside a school in Runcorn; "
                    "the car is linked to drug supply in Liverpool."
                ),
                location="Runcorn",
                codes=("ind.transport_arranged_by_adult",),
                decision="",
                overdue=True,
            ),
        ),
    ),
    PersonSpec(
        key="tyler",
        given="Tyler",
        family="Greenall",
        dob=date(2013, 9, 9),
        gender=M,
        recorded_by="health",
        area=HALTON,
        home=("6 Clover Road", "Widnes", "WA8 4UE", "health"),
        concerns=(
            ConcernSpec(
                by="health",
                when=(25, "19:20"),
                description=(
                    "Came to A&E with a hand injury; said he fell off his bike. His mother was "
                    "with him."
                ),
                location="Widnes",
                codes=("ind.violence_or_injuries",),
                decision="no_further_action",
                reason=(
                    "The injury fits his account; GP and school have no concerns and there are "
                    "no other indicators."
                ),
            ),
        ),
    ),
    PersonSpec(
        key="lewis",
        given="Lewis",
        family="Rimmer",
        dob=date(2011, 1, 20),
        gender=M,
        recorded_by="police",
        area=HALTON,
        home=("23 Ashfield Road", "Widnes", "WA8 0QD", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(0.1, "19:45"),
                description=(
                    "A bus driver reported a boy of about 15 travelling alone to Liverpool at "
                    "23:00 twice this week with a heavy rucksack; identified as Lewis."
                ),
                location="Widnes bus station",
                codes=("ind.missing_episodes",),
                decision="",
            ),
        ),
    ),
    # ---------------------------------------------------------------- Warrington
    PersonSpec(
        key="ruby",
        given="Ruby",
        family="Sutton",
        dob=date(2012, 4, 9),
        gender=F,
        recorded_by="school",
        area=WARR,
        identifiers=(
            (UPN, pupil_number("877412316042"), "school"),
            (NHS, nhs_number(1111), "health"),
        ),
        phones=(("07700 900946", "school"),),
        home=("63 Kingfisher Way", "Warrington", "WA5 1TG", "school"),
        concerns=(
            ConcernSpec(
                by="school",
                when=(140, "15:30"),
                description=(
                    "Ruby, Year 9, is collected from school by a 24-year-old 'boyfriend' in a "
                    "car and has a new iPhone and cash. Friends say she goes to parties in "
                    "Runcorn where men give girls vodka."
                ),
                location="Bridgewater Park High School, Warrington",
                codes=(
                    "ind.transport_arranged_by_adult",
                    "ind.recruited_online_or_by_peer",
                    "ind.sexual_activity_with_adults",
                ),
            ),
            ConcernSpec(
                by="school",
                when=(22, "10:20"),
                description=(
                    "At 10:15 Ruby messaged a friend that she was in a car with men she did "
                    "not know heading to Runcorn and was scared. The designated safeguarding "
                    "lead called 999."
                ),
                location="Warrington",
                codes=("ind.transport_arranged_by_adult", "ind.missing_episodes"),
                danger=True,
            ),
        ),
        circumstances=((Circumstance.AREAS_INVOLVED, [HALTON]),),
        notes=(
            (
                "warr",
                (135, "16:00"),
                "Strategy meeting with school, police and health: section 47 enquiry, NRM "
                "referral, disruption of the 'boyfriend' (car registration passed to police).",
                STANDARD,
            ),
            (
                "warr",
                (21, "12:00"),
                "Ruby found safe in Runcorn by police at 11:40. Safety plan updated: school "
                "to escort her to the bus; no contact with the named adults.",
                SENSITIVE,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "nrm_referral"),
    ),
    PersonSpec(
        key="andrei",
        given="Andrei",
        family="Lungu",
        dob=date(2011, 5, 13),
        gender=M,
        recorded_by="police",
        area=WARR,
        nationalities=("RO",),
        language="Romanian",
        interpreter=True,
        immigration=ImmigrationStatus.SETTLED,
        home=("9 Lock Keeper's Row", "Warrington", "WA2 7QR", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(28, "13:00"),
                description=(
                    "Found with his brother Florin working unpaid at a hand car wash near "
                    "Warrington town centre on a school day, 08:00 to 19:00. The owner "
                    "collects them in his van each morning and says their father owes him "
                    "money the boys are 'helping to pay back'. Neither is on a school roll."
                ),
                location="Hand car wash, Warrington town centre",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.transport_arranged_by_adult",
                    "ind.debt_bondage",
                    "ind.not_registered_school_or_gp",
                ),
            ),
        ),
        circumstances=((Circumstance.PARENTS_OR_CARERS_COMPLICIT, True),),
        notes=(
            (
                "warr",
                (27, "10:00"),
                "Romanian interpreter used. Father admits the debt; mother says she did not "
                "know. Younger sister Ioana, 10, is not on a school roll either.",
                SENSITIVE,
            ),
        ),
        done=("interpreter", "report_to_police"),
        overdue=(("assess_household_children", 1),),
    ),
    PersonSpec(
        key="florin",
        given="Florin",
        family="Lungu",
        dob=date(2012, 10, 2),
        gender=M,
        recorded_by="police",
        area=WARR,
        nationalities=("RO",),
        language="Romanian",
        interpreter=True,
        immigration=ImmigrationStatus.SETTLED,
        home=("9 Lock Keeper's Row", "Warrington", "WA2 7QR", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(28, "13:05"),
                description=(
                    "Found with his brother Andrei working unpaid at the same hand car wash; "
                    "the owner drives them there and says their father owes him money."
                ),
                location="Hand car wash, Warrington town centre",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.transport_arranged_by_adult",
                    "ind.debt_bondage",
                    "ind.not_registered_school_or_gp",
                ),
            ),
        ),
        circumstances=((Circumstance.PARENTS_OR_CARERS_COMPLICIT, True),),
        done=("interpreter", "report_to_police"),
    ),
    PersonSpec(
        key="ioana",
        given="Ioana",
        family="Lungu",
        dob=date(2016, 3, 21),
        gender=F,
        recorded_by="warr",
        area=WARR,
        nationalities=("RO",),
        language="Romanian",
        interpreter=True,
        immigration=ImmigrationStatus.SETTLED,
        home=("9 Lock Keeper's Row", "Warrington", "WA2 7QR", "warr"),
    ),
    PersonSpec(
        key="callum",
        given="Callum",
        family="Fairclough",
        dob=date(2009, 6, 25),
        gender=M,
        recorded_by="police",
        area=WARR,
        identifiers=((POLICE_REF, "CC-2026-019775", "police"), (NHS, nhs_number(1212), "health")),
        phones=(("07700 900958", "police"),),
        home=("15 Elm Tree Grove", "Warrington", "WA4 6HB", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(60, "21:30"),
                description=(
                    "Arrested in Warrington town centre with a 'county line' phone, £900 and a "
                    "knife. Travels from Manchester most days in taxis paid for by older males."
                ),
                location="Warrington town centre",
                codes=(
                    "ind.cannabis_farm_or_drug_running",
                    "ind.transport_arranged_by_adult",
                    "ind.violence_or_injuries",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True),
            (Circumstance.CRIMINAL_NETWORK, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        done=("report_to_police", "strategy_meeting"),
    ),
    PersonSpec(
        key="ibrahim",
        given="Ibrahim",
        family="Abakar",
        dob=date(2010, 1, 1),
        precision=EST,
        gender=M,
        recorded_by="ukvi",
        area=WARR,
        nationalities=("SD",),
        language="Arabic",
        interpreter=True,
        immigration=ASYLUM,
        aliases=(
            ("Ibrahim", "Abaker", "spelling on the police record", "police"),
            ("Ibrahim", "Adam Abakar", "full name including his father's name", "warr"),
        ),
        identifiers=((HO_REF, "U7712046", "ukvi"), (POLICE_REF, "CC-2026-024580", "police")),
        concerns=(
            ConcernSpec(
                by="ukvi",
                when=(48, "12:10"),
                description=(
                    "Walked into a police station in Warrington saying that after arriving by "
                    "lorry he was kept in a house in Manchester for three months, made to cook "
                    "and clean for six men without pay and not allowed out."
                ),
                location="Warrington",
                codes=(
                    "ind.arrived_unaccompanied",
                    "ind.excessive_household_work",
                    "ind.isolated_no_english",
                ),
            ),
        ),
        circumstances=(
            (Circumstance.ACCOMMODATED, True),
            (Circumstance.AREAS_INVOLVED, [OUTSIDE]),
        ),
        placement=("8 Siskin Road", "Warrington", "WA3 7JL"),
        done=("interpreter", "report_to_police", "strategy_meeting", "placement_safety_plan"),
    ),
    PersonSpec(
        key="samiullah",
        given="Samiullah",
        family="Noori",
        dob=date(2009, 1, 1),
        assigned=True,
        gender=M,
        recorded_by="police",
        area=WARR,
        nationalities=("AF",),
        language="Pashto",
        interpreter=True,
        immigration=ASYLUM,
        identifiers=((HO_REF, "U8145390", "ukvi"),),
        concerns=(
            ConcernSpec(
                by="ecpat",
                when=(35, "17:15"),
                description=(
                    "Samiullah works 70 hours a week in the kitchen of a takeaway in "
                    "Warrington for £50 and sleeps in the storeroom. The owner took him from "
                    "the hotel where he was placed and keeps his phone at night."
                ),
                location="Takeaway, Warrington",
                codes=(
                    "ind.working_unpaid_or_underage",
                    "ind.transport_arranged_by_adult",
                    "ind.moved_between_addresses",
                    "ind.documents_held_by_others",
                ),
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True),),
        done=("interpreter", "report_to_police", "placement_safety_plan"),
        overdue=(("nrm_referral", 2),),
    ),
    PersonSpec(
        key="sienna",
        given="Sienna",
        family="Marsh",
        dob=date(2011, 2, 17),
        gender=F,
        recorded_by="police",
        area=WARR,
        identifiers=((NHS, nhs_number(1313), "health"),),
        home=("44 Foxglove Lane", "Warrington", "WA1 3PN", "police"),
        concerns=(
            ConcernSpec(
                by="police",
                when=(100, "07:30"),
                description=(
                    "Missing from her children's home for two nights; found at the flat of a "
                    "41-year-old man in Warrington who holds a child abduction warning notice "
                    "about her. He let her in again."
                ),
                location="Warrington",
                codes=("ind.missing_episodes", "ind.harbouring_notice_breached"),
            ),
        ),
        circumstances=((Circumstance.ACCOMMODATED, True), (RETURNED, 1.2)),
        notes=(
            (
                "warr",
                (95, "14:00"),
                "The man was arrested for breaching the notice. Sienna says he is 'her "
                "friend'. CSE worker allocated.",
                STANDARD,
            ),
        ),
        done=("report_to_police", "strategy_meeting", "placement_safety_plan"),
    ),
    PersonSpec(
        key="jayden",
        given="Jayden",
        family="Brookes",
        dob=date(2011, 7, 7),
        gender=M,
        recorded_by="school",
        area=WARR,
        home=("8 Orchard Row", "Warrington", "WA5 3LF", "school"),
        concerns=(
            ConcernSpec(
                by="school",
                when=(5, "15:40"),
                description=(
                    "Jayden, Year 10, has been seen handing small packages to older youths at "
                    "the school gates and has expensive new trainers. He told a friend a man "
                    "'pays him to drop things off'."
                ),
                location="Bridgewater Park High School, Warrington",
                codes=("ind.cannabis_farm_or_drug_running", "ind.recruited_online_or_by_peer"),
                decision="",
                overdue=True,
            ),
        ),
    ),
    PersonSpec(
        key="poppy",
        given="Poppy",
        family="Hewitt",
        dob=date(2013, 11, 11),
        gender=F,
        recorded_by="school",
        area=WARR,
        concerns=(
            ConcernSpec(
                by="school",
                when=(90, "12:30"),
                description=(
                    "Poppy said an older girl from another school added her to a group chat "
                    "where adults ask for photos."
                ),
                location="Warrington",
                codes=("ind.recruited_online_or_by_peer",),
                decision="information_only",
                reason=(
                    "The school has reported the chat to CEOP and the police; parents are "
                    "engaged and there is no sign of contact with the adults. Recorded for "
                    "information."
                ),
            ),
        ),
    ),
    PersonSpec(
        key="oskar",
        given="Oskar",
        family="Zielinski",
        dob=date(2010, 8, 3),
        gender=M,
        recorded_by="police",
        area=WARR,
        nationalities=("PL",),
        language="Polish",
        immigration=ImmigrationStatus.SETTLED,
        concerns=(
            ConcernSpec(
                by="police",
                when=(66, "22:00"),
                description=(
                    "Found drunk at Warrington Bank Quay station with two older boys; he lives "
                    "in Leigh and had been reported missing by his father."
                ),
                location="Warrington Bank Quay station",
                codes=("ind.missing_episodes",),
                decision="referred_elsewhere",
                reason=(
                    "Oskar lives in Leigh: referred to Wigan children's services and Greater "
                    "Manchester Police the same night."
                ),
                decided_by="warr",
            ),
        ),
    ),
)

ALL_PEOPLE = ADULTS + CHILDREN
MARKER = CHILDREN[0]

# Who is whose: (person, kind, other, recorded by): person is <kind> of other.
RELATIONSHIPS = (
    ("donna", RelationshipKind.PARENT, "chloe", "ce"),
    ("marius", RelationshipKind.PARENT, "andrei", "police"),
    ("marius", RelationshipKind.PARENT, "florin", "police"),
    ("marius", RelationshipKind.PARENT, "ioana", "warr"),
    ("elena", RelationshipKind.PARENT, "andrei", "warr"),
    ("elena", RelationshipKind.PARENT, "florin", "warr"),
    ("elena", RelationshipKind.PARENT, "ioana", "warr"),
    ("andrei", RelationshipKind.SIBLING, "florin", "police"),
    ("andrei", RelationshipKind.SIBLING, "ioana", "warr"),
    ("florin", RelationshipKind.SIBLING, "ioana", "warr"),
    ("grace", RelationshipKind.CARER, "blessing", "health"),
    ("dean", RelationshipKind.SUSPECTED_EXPLOITER, "chloe", "police"),
    ("dean", RelationshipKind.SUSPECTED_EXPLOITER, "ellie", "police"),
    ("dean", RelationshipKind.SUSPECTED_EXPLOITER, "tegan", "police"),
    ("dean", RelationshipKind.SUSPECTED_EXPLOITER, "amber", "police"),
    ("craig", RelationshipKind.SUSPECTED_EXPLOITER, "kieran", "police"),
    ("craig", RelationshipKind.SUSPECTED_EXPLOITER, "ryan", "police"),
    ("craig", RelationshipKind.SUSPECTED_EXPLOITER, "josh", "police"),
    ("craig", RelationshipKind.SUSPECTED_EXPLOITER, "callum", "police"),
    ("craig", RelationshipKind.SUSPECTED_EXPLOITER, "karl", "police"),
    ("chloe", RelationshipKind.ASSOCIATE, "tegan", "police"),
    ("lan", RelationshipKind.ASSOCIATE, "hoa", "police"),
)

DONE_NOTES = {
    "report_to_police": "Reported to Cheshire Constabulary; crime reference recorded.",
    "strategy_meeting": (
        "Strategy meeting held with police, health, education and children's social care; "
        "decisions and actions minuted."
    ),
    "nrm_referral": "NRM referral submitted to the Single Competent Authority.",
    "ictg_referral": "Referred to the Independent Child Trafficking Guardian service.",
    "interpreter": "Interpreter booked through the commissioned, vetted service.",
    "placement_safety_plan": (
        "Placement told of the trafficking risks; safety plan covers abduction and going missing."
    ),
    "safe_house_escalation": (
        "Safe house considered; Head of Service, Operational Director and Chief Executive told."
    ),
}


class _Loader:
    def __init__(self):
        self.now = timezone.now()
        emails = set(ACTORS.values())
        users = User.objects.filter(email__in=emails).select_related("agency", "team")
        by_email = {user.email: user for user in users}
        missing = sorted(emails - set(by_email))
        if missing:
            raise RuntimeError(f"Load the demo accounts first; missing: {', '.join(missing)}.")
        self.users = {handle: by_email[email] for handle, email in ACTORS.items()}
        self.people: dict[str, Person] = {}
        self.cases: dict[str, Case] = {}

    def at(self, when: When) -> datetime:
        days, hhmm = when
        day = (self.now - timedelta(days=days)).astimezone(LONDON).date()
        hour, minute = (int(part) for part in hhmm.split(":"))
        moment = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
        return moment if moment < self.now else moment - timedelta(days=1)

    def user(self, handle: str) -> User:
        return self.users[handle]

    def manager(self, area: str) -> User:
        return self.users[f"{LA_HANDLE[area]}_mgr"]

    # ------------------------------------------------------------------ people
    def person(self, spec: PersonSpec) -> Person:
        actor = self.user(spec.recorded_by)
        person = person_create(
            actor=actor,
            kind=spec.kind,
            given_name=spec.given,
            family_name=spec.family,
            date_of_birth=demo_date_of_birth(spec.dob),
            dob_precision=spec.precision if spec.dob else DobPrecision.UNKNOWN,
            dob_assigned_by_age_assessment=spec.assigned,
            gender=spec.gender,
            nationalities=list(spec.nationalities),
            first_language=spec.language,
            interpreter_needed=spec.interpreter,
            immigration_status=spec.immigration,
        )

        def adder(by: str) -> User:
            # Only the recording agency or a lead authority adds to a record; what another
            # agency knew at the start is passed on to the agency that records the person.
            other = self.user(by)
            return other if person_editable_by(other, person) else actor

        for given, family, note, by in spec.aliases:
            alias_add(
                actor=adder(by), person=person, given_name=given, family_name=family, note=note
            )
        for kind, value, by in spec.identifiers:
            identifier_add(actor=adder(by), person=person, kind=kind, value=value)
        for number, by in spec.phones:
            phone_add(actor=adder(by), person=person, number=number)
        if spec.home:
            line_1, town, postcode, by = spec.home
            address_add(actor=adder(by), person=person, line_1=line_1, town=town, postcode=postcode)
        self.people[spec.key] = person
        return person

    # ------------------------------------------------------------------ concerns and cases
    def concerns(self, spec: PersonSpec) -> None:
        person = self.people[spec.key]
        for item in spec.concerns:
            concern = concern_raise(
                actor=self.user(item.by),
                person=person,
                description=item.description,
                occurred_at=self.at(item.when),
                home_area=spec.area,
                location=item.location,
                indicator_codes=list(item.codes),
                immediate_danger=item.danger,
            )
            if person.kind != PersonKind.CHILD:
                continue
            if item.overdue:
                self._backdate_referral(concern)
            if not item.decision:
                continue
            decider = self.user(item.decided_by) if item.decided_by else self.manager(spec.area)
            concern = concern_decide(
                actor=decider,
                concern=concern,
                decision=item.decision,
                reason=item.reason,
                case=self.cases.get(spec.key),
                lead_practitioner=self.user(LA_HANDLE[spec.area]),
            )
            if concern.case is not None:
                self.cases[spec.key] = concern.case

    def _backdate_referral(self, concern: Concern) -> None:
        """Demo history only: the referral reached the front door soon after it happened and
        its one-working-day clock has run out."""
        referred = concern.occurred_at + timedelta(hours=2)
        due = add_working_days(start=referred, days=1)
        while due >= self.now - timedelta(hours=1):
            referred -= timedelta(days=1)
            due = add_working_days(start=referred, days=1)
        Concern.objects.filter(pk=concern.pk).update(referred_at=referred, decision_due_at=due)

    def case_work(self, spec: PersonSpec) -> None:
        case = self.cases.get(spec.key)
        if case is None:
            return
        lead = self.user(LA_HANDLE[spec.area])
        manager = self.manager(spec.area)
        if spec.circumstances:
            trigger = ScreeningTrigger.NEW_INFORMATION
            for name, value in spec.circumstances:
                if name == RETURNED:
                    name = Circumstance.RETURNED_FROM_MISSING_AT
                    value = self.now - timedelta(days=value)
                    trigger = ScreeningTrigger.MISSING_EPISODE
                circumstance_record(actor=lead, case=case, name=name, value=value)
            case_rescreen(actor=lead, case=case, trigger=trigger)
        if spec.placement:
            line_1, town, postcode = spec.placement
            address_add(
                actor=lead,
                person=case.person,
                kind=AddressKind.PLACEMENT,
                line_1=line_1,
                town=town,
                postcode=postcode,
                from_date=self.now.date() - timedelta(days=14),
                is_confidential=True,
                held_by_team=Team.objects.get(
                    agency=case.lead_agency, function=TeamFunction.CHILDRENS_SOCIAL_CARE
                ),
                named_users=[case.lead_practitioner],
            )
        for by, when, text, sensitivity in spec.notes:
            case_note_add(
                actor=self.user(by),
                case=case,
                text=text,
                sensitivity=sensitivity,
                occurred_at=self.at(when),
            )
        for code in spec.done:
            self.complete(case, code, manager, DONE_NOTES[code])
        if screening_current_for_case(case).outcome == "potential_victim":
            # Raised by an earlier concern's own screening; the case now meets the definition.
            self.complete(
                case,
                "consider_trafficking",
                lead,
                "Trafficking considered: the case screening finds a potential victim, so the "
                "NRM and strategy meeting route is followed.",
            )

    def open_tasks(self, case: Case, code: str):
        return Task.objects.filter(case=case, code=code, status=TaskStatus.OPEN)

    def complete(self, case: Case, code: str, actor: User, note: str) -> None:
        for task in self.open_tasks(case, code).filter(parent__isnull=True):
            task_complete(actor=actor, task=task, note=note, expected_version=task.version)

    # ------------------------------------------------------------------ everything else
    def extras(self) -> None:
        cases, user = self.cases, self.user

        # The 999 call the school made is the school's own task.
        for task in Task.objects.filter(case=cases["ruby"], code="call_999", status="open"):
            task_complete(
                actor=user("school"),
                task=task,
                note="999 called at 10:17 by the designated safeguarding lead.",
                expected_version=task.version,
            )
        # Areas outside Cheshire told by phone; Jade's, Josh's and others' are still to do.
        for key, area_name, contact in (
            (
                "kieran",
                "Merseyside (Liverpool)",
                "Merseyside Police child exploitation team and Liverpool children's services "
                "careline, by phone and secure email.",
            ),
            (
                "ryan",
                "Merseyside (Liverpool)",
                "Merseyside Police county lines taskforce and Liverpool children's services.",
            ),
            (
                "selam",
                "Merseyside (Liverpool)",
                "Merseyside Police missing from home coordinator and Liverpool children's "
                "services.",
            ),
        ):
            for task in self.open_tasks(cases[key], "notify_cross_border"):
                cross_border_record_outbound(
                    actor=self.manager(cases[key].lead_agency.area_code),
                    task=task,
                    area_name=area_name,
                    contact_details=contact,
                )
        # The adult routes the police took at once.
        for key, police_ref in (("hoa", "CC-2026-031091"), ("karl", "CC-2026-033540")):
            for task in Task.objects.filter(
                concern__person=self.people[key],
                code__in=["report_police_101", "adult_social_care_referral"],
                status=TaskStatus.OPEN,
            ):
                task_complete(
                    actor=user("police"),
                    task=task,
                    note=(
                        f"Crime recorded as {police_ref}."
                        if task.code == "report_police_101"
                        else "Referred to adult social care by phone and secure email."
                    ),
                    expected_version=task.version,
                )
        # Blessing's first language is English: the interpreter task awaits a manager.
        for task in self.open_tasks(cases["blessing"], "interpreter"):
            task_mark_not_needed(
                actor=user("halton"),
                task=task,
                reason="Blessing's first language is English and she speaks it fluently.",
                expected_version=task.version,
            )

        agencies = {a.slug: a for a in Agency.objects.all()}
        shares = (
            (
                "ruby",
                "bridgewater-high-school",
                ["chronology", "meetings"],
                "The school supports Ruby's safety plan and attends her strategy meetings.",
                120,
            ),
            (
                "chloe",
                "cheshire-health",
                ["chronology", "notes", "screening"],
                "The sexual health clinic and school nurse support Chloe's health plan.",
                90,
            ),
            (
                "minh",
                "cheshire-constabulary",
                ["chronology", "people", "screening", "tasks"],
                "Police lead the investigation and the non-criminalisation review.",
                180,
            ),
            (
                "samiullah",
                "ecpat-uk",
                ["chronology", "notes"],
                "ECPAT youth workers support Samiullah and raised the concern.",
                60,
            ),
            (
                "kieran",
                "cheshire-youth-justice",
                ["chronology", "people", "notes"],
                "The youth justice service supervises Kieran's referral order.",
                90,
            ),
        )
        made = {}
        for key, slug, sections, reason, length in shares:
            case = cases[key]
            made[key] = case_share_create(
                actor=self.manager(case.lead_agency.area_code),
                case=case,
                agency=agencies[slug],
                sections=sections,
                reason=reason,
                lawful_basis="safeguarding_children",
                expires_at=self.now + timedelta(days=length),
            )
        case_note_add(
            actor=user("health"),
            case=cases["chloe"],
            text="Sexual health review: contraception and STI screening offered; Chloe "
            "attended alone this time.",
            occurred_at=self.at((20, "14:45")),
        )
        self._expire(made["kieran"], granted_days_ago=100, expired_days_ago=8)

        # Break-glass: Halton's practitioner finds Ruby in Runcorn out of hours (awaiting the
        # auditors); Cheshire West's opened Chloe's case when Tegan was found with her
        # (already reviewed).
        break_glass_open(
            actor=user("halton"),
            case=cases["ruby"],
            reason=(
                "Ruby found at 02:10 at an address in Runcorn. I need her safety plan and the "
                "names of adults she must not contact to decide whether she can go home tonight."
            ),
        )
        chloe_glass = break_glass_open(
            actor=user("cw"),
            case=cases["chloe"],
            reason=(
                "Tegan Hughes was found with Chloe at an address in Crewe overnight; I need to "
                "know the adults linked to Chloe to plan Tegan's safety today."
            ),
        )
        break_glass_review(
            actor=user("ce_auditor"),
            access=chloe_glass,
            outcome="justified",
            note="Justified: urgent safeguarding of a linked child; access ended the same day.",
        )

        # Megan's case: all tasks done, closed.
        megan = Case.objects.get(pk=cases["megan"].pk)
        for task in Task.objects.filter(case=megan, status__in=OPEN_STATUSES):
            task_complete(
                actor=self.manager(CW),
                task=task,
                note=DONE_NOTES.get(task.code, "Done."),
                expected_version=task.version,
            )
        case_close(
            actor=self.manager(CW),
            case=megan,
            reason=(
                "Nine months of specialist CSE support; no missing episodes since the spring and "
                "the risk is now low. Stepped down to early help with Megan's agreement."
            ),
            expected_version=megan.version,
        )

        # Demo history only: some tasks are late, then the clock check tells managers.
        for spec in CHILDREN:
            for code, late in spec.overdue:
                self.open_tasks(cases[spec.key], code).update(
                    due_at=self.now - timedelta(days=late)
                )
        escalate_overdue_tasks(now=self.now)

    def _expire(self, share: CaseShare, *, granted_days_ago: int, expired_days_ago: int) -> None:
        """Demo history only: a share made months ago that has now run out."""
        granted = self.now - timedelta(days=granted_days_ago)
        expires = self.now - timedelta(days=expired_days_ago)
        CaseShare.objects.filter(pk=share.pk).update(granted_at=granted, expires_at=expires)
        ChronologyEntry.objects.filter(
            source_type="cases.caseshare", source_id=str(share.pk)
        ).update(
            occurred_at=granted,
            summary=(
                f"Shared with {share.agency.name} until "
                f"{timezone.localtime(expires):%d %B %Y}: {', '.join(share.sections)}."
            ),
        )

    def run(self) -> None:
        for spec in ALL_PEOPLE:
            self.person(spec)
        for person, kind, other, by in RELATIONSHIPS:
            relationship_add(
                actor=self.user(by), person=self.people[person], other=self.people[other], kind=kind
            )
        for spec in ALL_PEOPLE:
            self.concerns(spec)
        for spec in CHILDREN:
            self.case_work(spec)
        self.extras()


# The day the demo's ages are written for: each child is as old on the day the demo is loaded
# as on this day, so a child never becomes an adult (and refused as a "child") as time passes.
DEMO_AGES_ON = date(2026, 11, 24)


def demo_date_of_birth(written: date | None, *, today: date | None = None) -> date | None:
    """``written`` moved by whole years so the person's age today is their age on
    ``DEMO_AGES_ON`` (29 February becomes the 28th in other years)."""
    if written is None:
        return None
    today = today or timezone.localdate()
    years = age_on(written, today) - age_on(written, DEMO_AGES_ON)
    try:
        return written.replace(year=written.year + years)
    except ValueError:
        return written.replace(year=written.year + years, day=28)


def _person_key(spec: PersonSpec) -> Q:
    return Q(
        given_name=spec.given,
        family_name=spec.family,
        date_of_birth=demo_date_of_birth(spec.dob),
        recorded_by_agency__slug=ACTORS[spec.recorded_by].split("@")[1].removesuffix(".demo"),
    )


def demo_people() -> dict[str, Person]:
    """The demo set's people that exist, by key (the stable look-up is name, date of birth and
    recording agency)."""
    found = {}
    for spec in ALL_PEOPLE:
        person = Person.objects.filter(_person_key(spec)).order_by("pk").first()
        if person is not None:
            found[spec.key] = person
    return found


def demo_case_counts(*, now=None) -> dict[str, int]:
    """Counts for the demo set (and what the loader prints)."""
    now = now or timezone.now()
    people = demo_people()
    ids = [p.pk for p in people.values()]
    children = {spec.key for spec in CHILDREN}
    concerns = Concern.objects.filter(person_id__in=ids)
    awaiting = concerns.filter(status=ConcernStatus.AWAITING_DECISION)
    cases = Case.objects.filter(person_id__in=ids)
    tasks = Task.objects.filter(person_id__in=ids)
    open_tasks = tasks.filter(status__in=OPEN_STATUSES)
    shares = CaseShare.objects.filter(case__in=cases)
    glass = BreakGlassAccess.objects.filter(case__in=cases)
    counts = {
        "children": sum(1 for key in people if key in children),
        "adults": sum(1 for key in people if key not in children),
        "concerns": concerns.count(),
        "awaiting": awaiting.count(),
        "awaiting_overdue": awaiting.filter(decision_due_at__lt=now).count(),
        "cases": cases.count(),
        "cases_open": cases.filter(status=CaseStatus.OPEN).count(),
        "tasks_open": open_tasks.count(),
        "tasks_overdue": open_tasks.filter(due_at__lt=now).count(),
        "tasks_done": tasks.filter(status=TaskStatus.DONE).count(),
        "shares": shares.count(),
        "shares_expired": shares.filter(expires_at__lte=now).count(),
        "break_glass": glass.count(),
        "break_glass_unreviewed": glass.filter(reviewed_at__isnull=True).count(),
    }
    for spec in CHILDREN:
        if spec.key in people:
            counts[f"area:{spec.area}"] = counts.get(f"area:{spec.area}", 0) + 1
    return counts


def _summary(counts: dict[str, int]) -> list[str]:
    areas = ", ".join(f"{Area(area).label} {counts.get(f'area:{area}', 0)}" for area in Area.values)
    return [
        f"  {counts['children']} children ({areas}) and {counts['adults']} adults.",
        f"  {counts['concerns']} concerns ({counts['awaiting']} awaiting a front door decision, "
        f"{counts['awaiting_overdue']} overdue); {counts['cases']} cases "
        f"({counts['cases_open']} open).",
        f"  Tasks: {counts['tasks_open']} open ({counts['tasks_overdue']} overdue), "
        f"{counts['tasks_done']} done. Shares: {counts['shares']} "
        f"({counts['shares_expired']} expired). Break-glass: {counts['break_glass']} "
        f"({counts['break_glass_unreviewed']} awaiting review).",
    ]


def load_demo_cases() -> str:
    """Load the demo case data set once; return a line saying whether it was loaded."""
    if Person.objects.filter(_person_key(MARKER)).exists():
        return "Demo case data already loaded: nothing added."
    with transaction.atomic():
        _Loader().run()
    return "Demo case data loaded:"


def demo_case_summary() -> list[str]:
    """Lines describing the demo case data as it now stands."""
    return _summary(demo_case_counts())
