"""The scene the access matrix plays in, and the people who try to get in.

One child (Amira) known through a police concern, accepted by Warrington's front door into a case
that Warrington leads. The case is shared with the school (chronology and notes, 30 days) and was
shared with the health trust (chronology, people, notes) until yesterday. A second police concern
about another child waits at Warrington's front door. ``build_scene()`` builds that much.

``build_matrix_scene()`` adds everything the matrix's other rows and columns act on, each made
through the services:

- a live share of the case's tasks, meetings, documents and NRM referrals with a youth justice
  service (not a First Responder; 30 days), and Cheshire East's practitioner's break-glass into
  it an hour ago (granted, not yet reviewed);
- an age assessment (a PDF) Warrington's practitioner added to the case's documents;
- tasks: the case's "hold a strategy meeting" (Warrington's front door team owns it), its
  "refer to children's social care" (the police exploitation unit owns it, done) and its NRM
  referral, which Warrington's practitioner marked not needed (awaiting a manager);
- a strategy meeting that began two hours ago, chaired by Warrington's manager: the police are
  invited, the school's invitation (education) is still a suggestion; an interpreter without a
  Haven account is named as attending;
- a screening override by a second Warrington manager that removes a statutory action (awaiting
  another manager's approval);
- the duplicate queue: the police recorded "Ameera Hadad" (a concern about her waits at
  Warrington's front door), proposed as a duplicate of Amira; the police already agreed to merge,
  Warrington has not. Warrington merged two records of its own (Yusuf and Yousef Karimi);
- a Halton practitioner's break-glass request beyond the daily limit (awaiting a Halton manager);
- a second Warrington case, about Leila Mansour, that Warrington's manager asked Halton's front
  door to take over (the child moved): the transfer waits for Halton's manager, who sees the
  request but not the case;
- the school practitioner's notification that the case was shared with them;
- the police practitioner's personal API token;
- two missing episodes the police practitioner reported on the case (the police's team owns
  them): one from home a day ago, the child back since last night (its interview task open);
  one from a residential home six hours ago, the child still missing.
- Amira's Philomena Protocol profile, started by Warrington's practitioner, with a photograph.
- a third Warrington case, about Jade Oduya, with a police investigation: its investigation
  section is shared with the police (who opened it, naming the adult they suspect, with a child
  abduction warning notice and Jade's own arrest), with the school (the investigation alone:
  not who is suspected) and with the youth justice service (with the people section: who is
  suspected too); Cheshire East's practitioner broke glass into it as well. A second adult the
  police linked to Jade is not yet a suspect.
- intelligence on Amira's case, recorded by Warrington's practitioner: a P link to the flat she
  was found at, and a C link to a phone whose conditions name no other agency (so it exists for
  Warrington alone: not for the break-glass user, who sees the case); a police analyst's merge of
  one vehicle record into another.
- Leila's case in an open audit of Warrington's auditor, graded (case audits, decision 0032);
- two NRM referrals Warrington's practitioner started from the case, one still a draft, one
  submitted to the Home Office; and the police practitioner's two anonymous Duty to Notify
  records, one still a draft, one submitted.
- Warrington's operational group meeting (decision 0030), chaired by Warrington's manager, the
  police practitioner named at it; its subjects an address the case is linked to, and the case.
  A second address linked to the case is not yet a subject.
"""

from dataclasses import dataclass, fields
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from haven.accounts.models import AgencyType, ApiToken, Role, TeamFunction, User
from haven.accounts.services import api_token_create
from haven.accounts.tests.factories import AgencyFactory, TeamFactory, UserFactory
from haven.actions.models import Task
from haven.actions.services import task_mark_not_needed
from haven.case_audits.models import SampledCase, SampleMethod
from haven.case_audits.services import audit_start
from haven.case_audits.tests.support import grade
from haven.cases.access import break_glass_reference
from haven.cases.models import BreakGlassAccess, Case, CaseShare, CaseTransfer, Concern
from haven.cases.selectors import case_for_break_glass
from haven.cases.services import break_glass_open, case_transfer_request
from haven.cases.tests.factories import CaseFactory
from haven.cases.tests.world import (
    AgencyUsers,
    World,
    build_world,
    date_of_birth_for_age,
    make_child,
    open_case,
    raise_concern,
    share,
)
from haven.documents.models import Document, DocumentKind
from haven.documents.services import document_upload
from haven.documents.tests.files import PDF, upload
from haven.intelligence import groups as intelligence_groups
from haven.intelligence import services as intelligence_services
from haven.intelligence.hotspots import hotspot_check_entity
from haven.intelligence.models import Entity, EntityMerge, Hotspot, OperationalGroupMeeting
from haven.intelligence.services import entity_merge, entity_record, link_record
from haven.intelligence.tests.factories import EntityFactory, LinkFactory
from haven.investigations.models import ChildOffence, Investigation, Order
from haven.investigations.services import child_offence_record, order_record
from haven.investigations.tests.scenario import investigation_scene, suspected_adult
from haven.matching.models import DuplicateCandidate, PersonMerge
from haven.matching.services import candidate_agree_merge, duplicates_find
from haven.meetings.models import Attendee, MeetingAttendee, MeetingInvitation, StrategyMeeting
from haven.meetings.services import NamedAttendee, invitation_decide, meeting_attendee_add
from haven.missing.models import MissingEpisode
from haven.missing.tests.support import bring_back, report
from haven.notifications.models import Notification
from haven.nrm.models import DutyToNotify, NrmReferral
from haven.nrm.services import duty_to_notify_record, duty_to_notify_submit
from haven.people.models import Person
from haven.people.services import phone_add
from haven.philomena.models import PhilomenaProfile, ProfilePhotograph
from haven.philomena.services import photograph_upload
from haven.philomena.tests.images import png, profile_for
from haven.placements.models import Placement, SafeHouseEscalation
from haven.placements.services import escalation_raise, placement_record
from haven.screening.models import ScreeningOverride
from haven.screening.services import screening_override_record
from haven.strategy.models import PlanAction, Priority, TrainingAttendee
from haven.strategy.services import action_plan_create, plan_action_add
from haven.strategy.tests.records import a_course, a_session, an_attendee_answering
from haven.workflows.nrm import nrm_referral_start, nrm_referral_submit
from haven.workflows.strategy_meetings import meeting_schedule

BREAK_GLASS_REASON = "Child found at 2am at an address linked to exploitation; need history now."


@dataclass
class Scene:
    world: World
    case: Case
    person: Person
    case_concern: Concern
    pending_concern: Concern
    school_share: CaseShare
    expired_share: CaseShare


@dataclass
class MatrixScene(Scene):
    youth_justice: AgencyUsers
    youth_justice_share: CaseShare
    second_manager: User  # another manager of Warrington's front door team
    task: Task  # "hold a strategy meeting", owned by Warrington's front door team
    referral_task: Task  # "refer to children's social care", owned by the police
    pending_task: Task  # the NRM referral, marked not needed by Warrington's practitioner
    meeting: StrategyMeeting
    education_invitation: MeetingInvitation  # suggested, not yet decided
    attendee: MeetingAttendee  # the interpreter named at the meeting (no Haven account)
    override: ScreeningOverride  # awaiting a second manager
    duplicate: DuplicateCandidate  # Amira and the police's "Ameera Hadad"
    duplicate_person: Person
    merge: PersonMerge  # Warrington's merge of its two Karimi records
    break_glass: BreakGlassAccess  # Cheshire East's practitioner's, granted
    break_glass_request: BreakGlassAccess  # a Halton practitioner's, awaiting approval
    notification: Notification  # to the school practitioner: the case was shared
    token: ApiToken  # the police practitioner's
    document: Document  # an age assessment on the case, added by Warrington's practitioner
    placement: Placement  # specialist foster care; its address named to Warrington's manager
    escalation: SafeHouseEscalation  # Warrington's manager is its Head of Service, asked to ack
    transfer: CaseTransfer  # of another Warrington case, to Halton's front door, waiting
    returned_episode: MissingEpisode  # reported by the police, the child back, no interview yet
    missing_episode: MissingEpisode  # reported by the police, the child still missing
    philomena_profile: PhilomenaProfile  # Amira's, started by Warrington's practitioner
    photograph: ProfilePhotograph  # its current photograph
    investigation: Investigation  # the police's, on Jade's case
    investigation_order: Order  # a child abduction warning notice on its suspect
    child_offence: ChildOffence  # Jade's own arrest, not yet reviewed
    investigation_candidate: Person  # another adult linked to Jade, not yet a suspect
    nrm_referral: NrmReferral  # a draft, started by Warrington's practitioner
    nrm_submitted: NrmReferral  # submitted to the Home Office, awaiting a decision
    duty_to_notify: DutyToNotify  # the police practitioner's, anonymous, a draft
    duty_submitted: DutyToNotify  # the police practitioner's, submitted, awaiting a decision
    # A Halton session of a course, held last month; the police officer answered before it only.
    training_attendee: TrainingAttendee
    # In Warrington's action plan (the strategic lead's), owned by Warrington's managers.
    plan_action: PlanAction
    entity: Entity  # the flat Amira was found at: a P link from her case
    c_entity: Entity  # a phone: a C link from her case, for Warrington alone
    entity_merge: EntityMerge  # a police analyst's merge of one vehicle record into another
    # Amira and two Halton children found at one flat (P links): an intelligence hotspot.
    hotspot: Hotspot
    # Warrington's operational group, chaired by its manager, the police practitioner named;
    # subjects: an address linked to the case, and the case (decision 0030).
    group_meeting: OperationalGroupMeeting
    # Leila's case, graded "good" in an open audit of Warrington's auditor (decision 0032).
    sampled_case: SampledCase


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


def build_matrix_scene() -> MatrixScene:
    scene = build_scene()
    world, case = scene.world, scene.case
    youth_justice = _youth_justice()
    youth_justice_share = share(
        world, case, youth_justice, ["tasks", "meetings", "documents", "nrm"]
    )
    warrington = world.la("warrington")
    document = document_upload(
        actor=warrington.practitioner,
        case=case,
        file=upload("age-assessment.pdf", PDF),
        kind=DocumentKind.AGE_ASSESSMENT,
        title="Age assessment report",
    )
    second_manager = UserFactory(
        email="second.manager@warrington.test",
        full_name="Second Manager Warrington",
        agency=warrington.agency,
        team=warrington.team,
        role=Role.MANAGER,
    )
    tasks = Task.objects.filter(case=case)
    pending_task = tasks.get(code="nrm_referral")
    task_mark_not_needed(
        actor=warrington.practitioner,
        task=pending_task,
        reason="The police submitted the NRM referral themselves yesterday.",
        expected_version=pending_task.version,
    )
    meeting, education, attendee = _meeting(world, case)
    override = screening_override_record(
        actor=second_manager,
        case=case,
        outcome="potential_victim",
        reason="The ICTG service already supports Amira through her school placement.",
        actions_removed=["ictg_referral"],
    )
    duplicate, duplicate_person, merge = _duplicates(world, case)
    break_glass = _break_glass(world.la("cheshire_east").practitioner, case)
    with override_settings(HAVEN_BREAK_GLASS_DAILY_LIMIT=0):
        request = _break_glass(world.la("halton").practitioner, case)
    police = world.police.practitioner
    token, _secret = api_token_create(actor=police, user=police, name="Custody system link")
    transfer = case_transfer_request(
        actor=warrington.manager,
        case=open_case(world, given_name="Leila", family_name="Mansour"),
        to_team_id=world.la("halton").team.pk,
        reason="Leila has moved to Runcorn to live with her grandmother.",
    )
    returned_episode = bring_back(
        police, report(police, case.person, hours_ago=30, missing_from="home"), hours_ago=10
    )
    missing_episode = report(police, case.person, hours_ago=6)
    placement = placement_record(
        actor=warrington.manager,
        case=case,
        placement_type="specialist_foster_care",
        provider="Cheshire Specialist Fostering",
        start_date=timezone.localdate() - timedelta(days=3),
        address_line="4 Orchard Close",
        postcode="WA4 1AA",
        named_users=[warrington.manager],
    )
    warrington.agency.head_of_service = warrington.manager
    warrington.agency.save(update_fields=["head_of_service"])
    escalation = escalation_raise(
        actor=warrington.manager, case=case, reason="A criminal network is involved."
    )
    philomena_profile = profile_for(warrington.practitioner, case.person, hair="Black, braided")
    photograph = photograph_upload(
        actor=warrington.practitioner, profile=philomena_profile, file=upload("face.png", png())
    )
    investigation, order, offence, candidate = _investigation(world, youth_justice)
    return MatrixScene(
        **{field.name: getattr(scene, field.name) for field in fields(Scene)},
        placement=placement,
        escalation=escalation,
        youth_justice=youth_justice,
        youth_justice_share=youth_justice_share,
        second_manager=second_manager,
        task=tasks.get(code="strategy_meeting"),
        referral_task=tasks.get(code="refer_childrens_social_care"),
        pending_task=Task.objects.get(pk=pending_task.pk),
        meeting=StrategyMeeting.objects.get(pk=meeting.pk),
        education_invitation=education,
        attendee=attendee,
        override=override,
        duplicate=duplicate,
        duplicate_person=duplicate_person,
        merge=merge,
        break_glass=break_glass,
        break_glass_request=request,
        notification=Notification.objects.get(
            recipient=world.school.practitioner, link=f"/cases/{case.pk}/"
        ),
        token=token,
        document=document,
        transfer=transfer,
        returned_episode=MissingEpisode.objects.get(pk=returned_episode.pk),
        missing_episode=MissingEpisode.objects.get(pk=missing_episode.pk),
        philomena_profile=philomena_profile,
        photograph=photograph,
        investigation=investigation,
        investigation_order=order,
        child_offence=offence,
        investigation_candidate=candidate,
        **_nrm(world, case),
        training_attendee=an_attendee_answering(
            world.strategic_lead,
            a_session(world.strategic_lead, a_course(world.strategic_lead)),
            world.police.agency,
            "Officer Dibble",
            (2, 2),
            None,
        ),
        plan_action=_plan_action(world),
        **_intelligence(world, case),
        hotspot=_hotspot(world, case),
        group_meeting=_operational_group(world, case),
        sampled_case=_sampled_case(world, transfer.case),
    )


def _intelligence(world: World, case: Case) -> dict:
    practitioner = world.la("warrington").practitioner
    graded = {
        "occurred_on": timezone.localdate() - timedelta(days=2),
        "source": "missing_episode",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
    }
    entity, _new = entity_record(
        actor=practitioner,
        entity_type="address",
        values={"line": "Flat 3, 22 Bridge Street", "postcode": "WA1 2AA"},
    )
    link_record(
        actor=practitioner,
        from_case=case,
        to_entity=entity,
        link_type="found_at",
        handling_code="P",
        **graded,
    )
    phone, _new = entity_record(
        actor=practitioner, entity_type="phone", values={"number": "07700 900777"}
    )
    link_record(
        actor=practitioner,
        from_case=case,
        to_entity=phone,
        link_type="contacted_by",
        handling_code="C",
        handling_conditions="Warrington only: from the child's own account.",
        **graded,
    )
    analyst = UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )
    kept, duplicate = (
        entity_record(actor=analyst, entity_type="vehicle", values={"registration": mark})[0]
        for mark in ("AB12 CDE", "AB12 CDF")
    )
    merge = entity_merge(
        actor=analyst, kept=kept, duplicate=duplicate, reason="The same silver Astra."
    )
    return {"entity": entity, "c_entity": phone, "entity_merge": merge}


def _hotspot(world: World, case: Case) -> Hotspot:
    halton = world.la("halton")
    flat = EntityFactory(line="Flat 3, 14 Bridge Street", postcode="WA7 1AB")
    LinkFactory(from_case=case, to_entity=flat)
    # Named apart from every other child of the scene (the people searches look for names).
    for given_name, family_name in (("Kian", "Doyle"), ("Lacey", "Farrow")):
        LinkFactory(
            from_case=CaseFactory(
                lead_agency=halton.agency,
                lead_team=halton.team,
                person__given_name=given_name,
                person__family_name=family_name,
            ),
            to_entity=flat,
        )
    return hotspot_check_entity(flat.pk).new[0]


def _group_address(actor, case, line: str):
    address, _ = intelligence_services.entity_record(
        actor=actor, entity_type="address", values={"line": line, "postcode": "WA1 1AA"}
    )
    intelligence_services.link_record(
        actor=actor,
        from_case=case,
        to_entity=address,
        link_type="found_at",
        occurred_on=timezone.localdate(),
        source="missing_episode",
        source_evaluation="1",
        intelligence_assessment="A",
        handling_code="P",
    )
    return address


def _operational_group(world, case) -> OperationalGroupMeeting:
    chair = world.la("warrington").manager
    meeting = intelligence_groups.group_meeting_schedule(
        actor=chair,
        area="warrington",
        scheduled_for=timezone.now() + timedelta(days=2),
        chair=chair,
    )
    intelligence_groups.group_attendee_add(
        actor=chair, meeting=meeting, user=world.police.practitioner
    )
    address = _group_address(chair, case, "Flat 3, 8 Dock Road")
    intelligence_groups.group_subject_add(actor=chair, meeting=meeting, entity=address)
    intelligence_groups.group_subject_add(actor=chair, meeting=meeting, case=case)
    # Linked to the case but not yet discussed: what the matrix adds as a subject.
    _group_address(chair, case, "Unit 4, Canal Yard")
    return meeting


def _sampled_case(world, case) -> SampledCase:
    audit = audit_start(
        actor=world.auditor,
        title="Warrington quarter 3 audit",
        method=SampleMethod.CRITERIA,
        sample_size=1,
        criteria={},
        cases=Case.objects.filter(pk=case.pk),
    )
    return grade(world.auditor, audit.sampled.get())


def _plan_action(world) -> PlanAction:
    plan = action_plan_create(
        actor=world.strategic_lead, area="warrington", title="Warrington action plan"
    )
    return plan_action_add(
        actor=world.strategic_lead,
        plan=plan,
        priority=Priority.IDENTIFY,
        description="Every front door manager trained in trafficking awareness",
        due_on=timezone.localdate() + timedelta(days=60),
        owner_agency=world.la("warrington").agency,
        owner_role=Role.MANAGER,
    )


def _investigation(world: World, youth_justice: AgencyUsers):
    jade = investigation_scene(world, open_case(world, given_name="Jade", family_name="Oduya"))
    case = jade.case
    share(world, case, world.school, ["investigation"])
    share(world, case, youth_justice, ["investigation", "people"])
    _break_glass(world.la("cheshire_east").practitioner, case)
    police = world.police.practitioner
    today = timezone.localdate()
    order = order_record(
        actor=police,
        investigation=jade.investigation,
        order_type="cawn",
        suspect_id=jade.suspect.pk,
        issued_on=today,
        address_line_1="12 Orford Lane",
        town="Warrington",
        postcode="WA2 7AA",
    )
    offence = child_offence_record(
        actor=police,
        investigation=jade.investigation,
        offence="mda1971_s4_3",
        arrested_on=today,
        linked_to_exploitation="Found carrying drugs for the suspect's county line.",
    )
    candidate = suspected_adult(world, case, given_name="Lee")
    return Investigation.objects.get(pk=jade.investigation.pk), order, offence, candidate


def _nrm(world: World, case: Case) -> dict:
    practitioner = world.la("warrington").practitioner
    story = "Taken by taxi to addresses in Crewe by adults who gave her alcohol and money."
    draft = nrm_referral_start(actor=practitioner, case=case, what_happened=story)
    submitted = nrm_referral_start(actor=practitioner, case=case, what_happened=story)
    nrm_referral_submit(
        actor=practitioner,
        referral=submitted,
        submitted_on=timezone.localdate(),
        home_office_reference="NRM-HO-0001",
    )
    police = world.police.practitioner
    duty, duty_submitted = (
        duty_to_notify_record(
            actor=police,
            gender="male",
            nationality="Vietnamese",
            exploitation_types=["labour"],
            what_happened="Found working unpaid in a nail bar; his passport held by the owner.",
            cooperates_with_police=False,
        )
        for _ in range(2)
    )
    duty_to_notify_submit(
        actor=police,
        duty=duty_submitted,
        submitted_on=timezone.localdate(),
        home_office_reference="DTN-HO-0001",
    )
    return {
        "nrm_referral": NrmReferral.objects.get(pk=draft.pk),
        "nrm_submitted": NrmReferral.objects.get(pk=submitted.pk),
        "duty_to_notify": duty,
        "duty_submitted": DutyToNotify.objects.get(pk=duty_submitted.pk),
    }


def _youth_justice() -> AgencyUsers:
    agency = AgencyFactory(
        name="Warrington youth justice service",
        slug="youth-justice",
        agency_type=AgencyType.YOUTH_JUSTICE,
        area_code="warrington",
    )
    team = TeamFactory(agency=agency, name="Youth justice team", function=TeamFunction.GENERAL)
    people = {
        role: UserFactory(
            email=f"{role}@youth-justice.test",
            full_name=f"{role.title()} Youth Justice",
            agency=agency,
            team=team,
            role=role,
        )
        for role in (Role.PRACTITIONER, Role.MANAGER)
    }
    return AgencyUsers(
        agency=agency,
        team=team,
        practitioner=people[Role.PRACTITIONER],
        manager=people[Role.MANAGER],
    )


def _meeting(
    world: World, case: Case
) -> tuple[StrategyMeeting, MeetingInvitation, MeetingAttendee]:
    """Held two hours ago (so its outcome may be recorded); the police are invited and an
    interpreter is named."""
    manager = world.la("warrington").manager
    meeting = meeting_schedule(
        actor=manager,
        case=case,
        scheduled_for=timezone.now() - timedelta(hours=2),
        location="Warrington Town Hall, room 2",
    )
    invitations = meeting.invitations
    invitation_decide(
        actor=manager,
        invitation=invitations.get(attendee_role=Attendee.POLICE),
        invite=True,
    )
    invitation_decide(
        actor=manager,
        invitation=invitations.get(attendee_role=Attendee.REFERRER),
        invite=False,
        reason="The police are already invited.",
    )
    interpreter = meeting_attendee_add(
        actor=manager,
        meeting=meeting,
        named=NamedAttendee(
            name="Farah Siddiqui", organisation="Cheshire Interpreting", job_title="Interpreter"
        ),
    )
    return meeting, invitations.get(attendee_role=Attendee.EDUCATION), interpreter


def _duplicates(world: World, case: Case):
    """The duplicate job proposes two pairs; the police agree to one, Warrington merges the
    other."""
    police = world.police
    warrington = world.la("warrington")
    amira = case.person
    ameera = make_child(
        police.practitioner,
        given_name="Ameera",
        family_name="Hadad",
        date_of_birth=amira.date_of_birth,
    )
    raise_concern(police.practitioner, ameera, home_area="warrington")
    karimi = [
        make_child(
            warrington.practitioner,
            given_name=given_name,
            family_name="Karimi",
            gender="male",
            date_of_birth=date_of_birth_for_age(15),
        )
        for given_name in ("Yusuf", "Yousef")
    ]
    for person in karimi:
        phone_add(actor=warrington.practitioner, person=person, number="07700 900456")
    duplicates_find()
    duplicate = DuplicateCandidate.objects.get(person_a=amira, person_b=ameera)
    candidate_agree_merge(
        actor=police.manager,
        candidate=duplicate,
        survivor=amira,
        reason="Same girl: our record of Ameera is a duplicate.",
    )
    merge = candidate_agree_merge(
        actor=warrington.manager,
        candidate=DuplicateCandidate.objects.get(person_a=karimi[0], person_b=karimi[1]),
        survivor=karimi[0],
        reason="Same boy, same phone: recorded twice by our front door.",
    )
    assert merge is not None, "Warrington owns both Karimi records: its agreement merges them"
    return DuplicateCandidate.objects.get(pk=duplicate.pk), ameera, merge


def _break_glass(user: User, case: Case) -> BreakGlassAccess:
    """Break-glass as a "known to" answer's reference allows it."""
    found = case_for_break_glass(user=user, reference=break_glass_reference(user, case))
    return break_glass_open(actor=user, case=found, reason=BREAK_GLASS_REASON)


# Column order of every row of the matrix.
ROLES = (
    "lead_practitioner",  # Warrington children's social care (leads the case; its front door)
    "lead_manager",
    "shared_school",  # the school: a live share of chronology and notes
    "shared_expired",  # the health trust: its share ended yesterday
    "unrelated_halton",  # Halton's manager: another authority, another front door (asked to
    # take over Leila's case, another child's)
    "police_raiser",  # the police practitioner who recorded the child and raised the concern
    "admin",
    "strategic_lead",
    "auditor",
    "break_glass",  # Cheshire East's practitioner: broke glass into the case an hour ago
    "shared_meetings",  # the youth justice manager: a live share of tasks, meetings, documents
)


def user_for(scene: MatrixScene, role: str) -> User:
    """The user playing ``role``, read afresh: tests share one scene and must not see each
    other's changes to a user object."""
    world = scene.world
    user = {
        "lead_practitioner": world.la("warrington").practitioner,
        "lead_manager": world.la("warrington").manager,
        "shared_school": world.school.practitioner,
        "shared_expired": world.health.practitioner,
        "unrelated_halton": world.la("halton").manager,
        "police_raiser": world.police.practitioner,
        "admin": world.admin,
        "strategic_lead": world.strategic_lead,
        "auditor": world.auditor,
        "break_glass": world.la("cheshire_east").practitioner,
        "shared_meetings": scene.youth_justice.manager,
    }[role]
    return User.objects.get(pk=user.pk)
