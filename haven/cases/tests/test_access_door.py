"""The access door's own edges, each found by the mutation run over cases/access.py (decision
0012): users with no agency, explicit instants, revoked shares, break-glass as the route to a
record, the newest case as a detail's context."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from haven.accounts.models import Role, User
from haven.accounts.tests.factories import TeamFactory, UserFactory
from haven.cases.access import (
    Via,
    agencies_seeing_people,
    break_glass_reference,
    break_glass_reference_case_id,
    case_access,
    case_accesses,
    case_of_details,
    cases_visible_to,
    cases_with_section_visible_to,
    concerns_visible_to,
    details_visible_q,
    may_see_record,
    people_visible_to,
    person_editable_by,
)
from haven.cases.models import Case, CaseSection, CaseShare, Concern
from haven.cases.selectors import case_for_break_glass
from haven.cases.services import (
    break_glass_open,
    case_close,
    case_share_create,
    case_share_revoke,
)
from haven.cases.tests.world import make_child, open_case, raise_concern, share
from haven.people.models import Alias, Person
from haven.people.services import alias_add
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db

REASON = "Out of hours: the child is missing and the police need the placement address now."


def _break_glass(user, case):
    found = case_for_break_glass(user=user, reference=break_glass_reference(user, case))
    return break_glass_open(actor=user, case=found, reason=REASON)


def test_no_agency_or_no_sign_in_sees_nothing(world):
    case = open_case(world)
    agencyless = UserFactory(agency=None, team=None, role=Role.MANAGER)
    for user in (AnonymousUser(), agencyless):
        assert not may_see_record(user, section=CaseSection.TASKS, case=case)
        assert not concerns_visible_to(user).exists()
    assert not person_editable_by(agencyless, case.person)
    assert not people_visible_to(agencyless).exists()


def test_an_instant_after_a_share_ends_sees_no_more(world):
    case = open_case(world)
    grant = share(world, case, world.school, ["chronology", "people"], days=1)
    school = world.school.practitioner
    later = grant.expires_at + timedelta(hours=1)
    assert cases_visible_to(school).filter(pk=case.pk).exists()
    assert not cases_visible_to(school, at=later).filter(pk=case.pk).exists()
    assert concerns_visible_to(school).filter(case=case).exists()
    assert not concerns_visible_to(school, at=later).filter(case=case).exists()
    assert people_visible_to(school).filter(pk=case.person_id).exists()
    assert not people_visible_to(school, at=later).filter(pk=case.person_id).exists()
    assert may_see_record(school, section=CaseSection.CHRONOLOGY, case=case)
    assert not may_see_record(school, section=CaseSection.CHRONOLOGY, case=case, at=later)


def test_an_instant_after_break_glass_ends_sees_no_more(world):
    case = open_case(world)
    glass = _break_glass(world.la("cheshire_east").practitioner, case)
    user = world.la("cheshire_east").practitioner
    later = glass.expires_at + timedelta(hours=1)
    assert cases_visible_to(user).filter(pk=case.pk).exists()
    assert not cases_visible_to(user, at=later).filter(pk=case.pk).exists()
    assert concerns_visible_to(user).filter(case=case).exists()
    assert not concerns_visible_to(user, at=later).filter(case=case).exists()
    assert people_visible_to(user).filter(pk=case.person_id).exists()
    assert not people_visible_to(user, at=later).filter(pk=case.person_id).exists()
    alias = alias_add(actor=user, person=case.person, given_name="Kiki")
    assert Alias.objects.filter(details_visible_q(user), pk=alias.pk).exists()
    # Their own agency added it, so it stays theirs; another's detail in the case does not.
    lead_alias = alias_add(
        actor=world.la("warrington").manager, person=case.person, given_name="Lu"
    )
    assert not Alias.objects.filter(details_visible_q(user, at=later), pk=lead_alias.pk).exists()


def test_a_front_door_sees_concerns_waiting_in_its_area_not_those_in_another_authoritys_case(
    world,
):
    """Mutation run: a concern about a child of Halton that is part of a case Warrington leads
    is Warrington's, not Halton's front door's."""
    halton = world.la("halton").manager
    case = open_case(world, area="warrington")
    concern = raise_concern(world.police.practitioner, case.person, home_area="halton")
    assert concerns_visible_to(halton).filter(pk=concern.pk).exists()  # waiting at its door
    Concern.objects.filter(pk=concern.pk).update(case=case)
    assert not concerns_visible_to(halton).filter(pk=concern.pk).exists()


def test_merged_records_are_not_listed(world):
    case = open_case(world)
    lead = world.la("warrington").manager
    twin = make_child(lead, given_name=case.person.given_name)
    assert people_visible_to(lead).filter(pk=twin.pk).exists()
    Person.objects.filter(pk=twin.pk).update(merged_into=case.person)
    assert not people_visible_to(lead).filter(pk=twin.pk).exists()


def test_details_outside_a_case_and_an_agencys_own_details_stay_visible(world):
    """Mutation run: a detail recorded outside any case is seen by all who see the person; a
    detail an agency recorded is seen by that agency, whatever case it was added in."""
    case = open_case(world)
    police = world.police.practitioner
    outside = Alias.objects.create(
        person=case.person, given_name="Out", recorded_by_agency=world.school.agency
    )
    own = Alias.objects.create(
        person=case.person, given_name="Own", case=case, recorded_by_agency=world.police.agency
    )
    visible = Alias.objects.filter(details_visible_q(police))
    assert visible.filter(pk=outside.pk).exists()
    assert visible.filter(pk=own.pk).exists()


def test_the_newest_case_by_opening_decides_where_details_go(world):
    """Mutation run: 'newest' is the case opened last, whatever order the rows were made in;
    two opened at the same moment, the later row."""
    first = open_case(world)
    lead = world.la("warrington").manager
    case_close(actor=lead, case=first, reason="Safe at home, plan ended.", expected_version=1)
    again = raise_concern(world.police.practitioner, first.person)
    second = concern_decide(actor=lead, concern=again, decision="accept").case
    Case.objects.filter(pk=first.pk).update(opened_at=second.opened_at + timedelta(days=1))
    assert case_of_details(lead, first.person) == first
    Case.objects.filter(pk=first.pk).update(opened_at=second.opened_at)
    assert case_of_details(lead, first.person) == second


def test_a_front_door_still_sees_the_concerns_its_agency_raised_elsewhere(world):
    manager = world.la("warrington").manager
    child = make_child(manager, given_name="Nia")
    elsewhere = raise_concern(manager, child, home_area="halton")
    assert concerns_visible_to(manager).filter(pk=elsewhere.pk).exists()
    assert Concern.objects.filter(pk=elsewhere.pk, home_area="halton").exists()


def test_agencies_seeing_people_counts_only_live_people_shares(world):
    case = open_case(world)
    person_ids = [case.person_id]
    grant = share(world, case, world.school, ["people"])
    assert world.school.agency.pk in agencies_seeing_people(person_ids=person_ids)
    case_share_revoke(actor=world.la("warrington").manager, share=grant)
    assert world.school.agency.pk not in agencies_seeing_people(person_ids=person_ids)
    notes_only = share(world, case, world.health, ["notes"])
    assert notes_only.agency_id not in agencies_seeing_people(person_ids=person_ids)
    # A people share of another child's case says nothing about this one.
    other_case = open_case(world, given_name="Zara")
    youth = share(world, other_case, world.la("halton"), ["people"])
    assert youth.agency_id not in agencies_seeing_people(person_ids=person_ids)
    # The record's own agencies, and the cases of other people when asked about those.
    other = make_child(world.school.practitioner, given_name="Leo")
    seeing = agencies_seeing_people(person_ids=[other.pk], case_person_ids=[case.person_id])
    assert seeing == {world.school.agency.pk, case.lead_agency_id}


def test_details_added_by_break_glass_belong_to_that_case(world):
    case = open_case(world)
    user = world.la("cheshire_east").practitioner
    _break_glass(user, case)
    assert case_of_details(user, case.person) == case
    alias = alias_add(actor=user, person=case.person, given_name="Kiki")
    assert alias.case == case
    # The lead authority sees what was added in its case, whoever added it.
    lead = world.la("warrington").manager
    assert Alias.objects.filter(details_visible_q(lead), pk=alias.pk).exists()


def test_details_belong_to_the_newest_case_their_authority_leads(world):
    first = open_case(world)
    lead = world.la("warrington").manager
    case_close(actor=lead, case=first, reason="Safe at home, plan ended.", expected_version=1)
    again = raise_concern(world.police.practitioner, first.person)
    second = concern_decide(actor=lead, concern=again, decision="accept").case
    assert second.pk != first.pk
    assert case_of_details(lead, first.person) == second
    assert case_of_details(world.police.practitioner, first.person) is None


def test_details_visible_by_people_section_break_glass_and_instant(world):
    case = open_case(world)
    lead = world.la("warrington").manager
    alias = alias_add(actor=lead, person=case.person, given_name="Mimi")
    police = world.police.practitioner

    def police_sees(**at) -> bool:
        return Alias.objects.filter(details_visible_q(police, **at), pk=alias.pk).exists()

    assert not police_sees()
    grant = share(world, case, world.police, ["people"], days=1)
    assert police_sees()
    assert not police_sees(at=grant.expires_at + timedelta(hours=1))
    CaseShare.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert not police_sees()
    glass_user = world.la("cheshire_east").practitioner
    assert not Alias.objects.filter(details_visible_q(glass_user), pk=alias.pk).exists()
    _break_glass(glass_user, case)
    assert Alias.objects.filter(details_visible_q(glass_user), pk=alias.pk).exists()


def test_roles_that_raise_concerns_but_work_no_cases_see_their_own_records(world):
    """An analyst records concerns and searches (roles.py): they see the people and concerns
    their agency recorded, and a concern's screening; an administrator sees none of it."""
    police = world.police
    analyst = UserFactory(agency=police.agency, team=police.team, role=Role.ANALYST)
    child = make_child(analyst, given_name="Noor")
    concern = raise_concern(analyst, child)
    assert people_visible_to(analyst).filter(pk=child.pk).exists()
    assert concerns_visible_to(analyst).filter(pk=concern.pk).exists()
    assert may_see_record(analyst, section=CaseSection.SCREENING, concern=concern)
    # They record people but do not work cases: the record's details are changed by casework.
    assert not person_editable_by(analyst, child)
    admin = UserFactory(agency=police.agency, team=police.team, role=Role.ADMIN)
    assert not people_visible_to(admin).exists()
    assert not may_see_record(admin, section=CaseSection.SCREENING, concern=concern)


def test_a_people_share_shows_the_child_and_a_notes_share_does_not(world):
    case = open_case(world)
    share(world, case, world.school, ["notes"])
    assert not people_visible_to(world.school.practitioner).filter(pk=case.person_id).exists()
    share(world, case, world.health, ["people"])
    assert people_visible_to(world.health.practitioner).filter(pk=case.person_id).exists()


def _team_share(world, case, team):
    return case_share_create(
        actor=world.la(case.lead_agency.area_code).manager,
        case=case,
        agency=team.agency,
        team=team,
        sections=["chronology"],
        reason="The police exploitation team works this child's case.",
        lawful_basis="safeguarding_children",
        expires_at=timezone.now() + timedelta(days=30),
    )


def test_a_share_with_one_team_is_for_that_team_only(world):
    """Mutation run: a team's share counts for its members only, not for the rest of its agency
    nor for another agency's teams."""
    case = open_case(world)
    police = world.police
    exploitation_team = TeamFactory(agency=police.agency, name="Exploitation team")
    member = UserFactory(agency=police.agency, team=exploitation_team, role=Role.PRACTITIONER)
    _team_share(world, case, exploitation_team)
    other_agency = world.school.practitioner
    assert cases_visible_to(member).filter(pk=case.pk).exists()
    assert case_access(member, case).sections == {CaseSection.CHRONOLOGY}
    for outsider in (police.practitioner, other_agency):  # another team; another agency
        assert not cases_visible_to(outsider).filter(pk=case.pk).exists()
        assert case_access(outsider, case) is None
    # Nor does a share with a whole agency reach a user of another agency who has no team.
    share(world, case, world.health, ["chronology"])
    teamless = UserFactory(agency=world.school.agency, team=None, role=Role.PRACTITIONER)
    assert not cases_visible_to(teamless).filter(pk=case.pk).exists()


def test_break_glass_is_found_by_the_case_it_opens_not_its_own_number(world):
    """Mutation run: the break-glass rows a user holds are matched to cases by case, not by the
    rows' own ids (which differ once other rows exist)."""
    police = world.police.practitioner
    first, second, third = (open_case(world, area="halton") for _ in range(3))
    # Other users' break-glass rows push this user's row ids past the case ids.
    for case in (first, second, third):
        _break_glass(world.la("cheshire_east").practitioner, case)
    grant = _break_glass(police, third)
    assert grant.pk != third.pk
    assert case_access(police, third).via == Via.BREAK_GLASS
    assert case_access(police, first) is None
    assert case_access(police, second) is None


class TestBreakGlassReferences:
    """What a "known to" answer's reference opens, and for how long (mutation run)."""

    def test_a_reference_typed_with_spaces_or_in_lower_case_still_works(self, world):
        case = open_case(world)
        police = world.police.practitioner
        reference = break_glass_reference(police, case)
        # As read out over the phone and typed: lower case, the code in groups, stray spaces.
        typed = f"  {reference[:-8].lower()} {reference[-8:-4]} {reference[-4:]}\t"
        assert break_glass_reference_case_id(police, typed) == case.pk

    def test_it_works_for_the_configured_hours_and_not_a_moment_longer(self, world, settings):
        case = open_case(world)
        police = world.police.practitioner
        issued = timezone.now().replace(minute=0, second=0, microsecond=0)
        reference = break_glass_reference(police, case, at=issued)
        hours = settings.HAVEN_BREAK_GLASS_REFERENCE_HOURS
        last_moment = issued + timedelta(hours=hours) - timedelta(seconds=1)
        assert break_glass_reference_case_id(police, reference, at=last_moment) == case.pk
        too_late = issued + timedelta(hours=hours)
        assert break_glass_reference_case_id(police, reference, at=too_late) is None
        too_early = issued - timedelta(seconds=1)
        assert break_glass_reference_case_id(police, reference, at=too_early) is None

    def test_references_made_at_any_hour_open_the_case(self, world):
        """The hour a reference was made is written in base 36: any hour, including those
        whose first digit is 1 (36 hours after 1970 began, or in 1976), reads back as itself."""
        case = open_case(world)
        police = world.police.practitioner
        for at in (datetime(1970, 1, 2, 12, tzinfo=UTC), datetime(1976, 6, 1, tzinfo=UTC)):
            reference = break_glass_reference(police, case, at=at)
            assert break_glass_reference_case_id(police, reference, at=at) == case.pk

    def test_the_code_is_a_keyed_sha256_so_references_survive_a_release(self, settings):
        """References issued before a release must still open the case after it: the code's
        key, salt and algorithm are fixed (changing them is a decision, not a refactor)."""
        settings.SECRET_KEY = "reference-test-key"
        user, case = User(pk=7), Case(pk=12)
        at = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
        assert break_glass_reference(user, case, at=at) == "HVN-000012-AOUA-5XBJIVP6DHGB"


def test_the_door_answers_in_a_fixed_number_of_queries_however_many_shares(
    world, django_assert_num_queries
):
    """Mutation run: the door reads each share's case and sections with the share, never one
    more query per share (its docstrings promise a fixed number of queries)."""
    cases = [open_case(world, given_name=name) for name in ("Ana", "Bea", "Cai")]
    for case in cases:
        share(world, case, world.school, ["chronology", "people"])
    school = User.objects.select_related("agency", "team").get(pk=world.school.practitioner.pk)
    with django_assert_num_queries(2):
        assert len(case_accesses(school, cases)) == 3
    with django_assert_num_queries(3):
        seeing = agencies_seeing_people(person_ids=[case.person_id for case in cases])
    assert world.school.agency.pk in seeing
    with django_assert_num_queries(2):
        assert len(list(people_visible_to(school))) >= 3


def test_asking_about_a_few_people_answers_as_asking_about_everyone(world):
    """``among`` narrows what is read, never what is seen: for each kind of route to a record
    (own agency's, a case led, a share, break-glass, none) the answer is the same, and ids no
    row can have are no one's."""
    led = open_case(world, area="halton")
    shared = open_case(world, area="warrington")
    share(world, shared, world.school, ["people"], days=1)
    glassed = open_case(world, area="cheshire_east")
    unseen = open_case(world, area="cheshire_west_and_chester")
    own = make_child(world.school.practitioner, given_name="Recorded", family_name="Byschool")
    _break_glass(world.la("halton").practitioner, glassed)
    ids = [led.person_id, shared.person_id, glassed.person_id, unseen.person_id, own.pk]
    for user in (
        world.school.practitioner,
        world.la("halton").practitioner,
        world.police.manager,
    ):
        everyone = set(people_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        asked = set(people_visible_to(user, among=ids).values_list("pk", flat=True))
        assert asked == everyone, user
    assert set(
        people_visible_to(world.school.practitioner, among=ids).values_list("pk", flat=True)
    ) == {shared.person_id, own.pk}
    assert set(
        people_visible_to(world.la("halton").practitioner, among=ids).values_list("pk", flat=True)
    ) == {led.person_id, glassed.person_id}
    assert not people_visible_to(world.school.practitioner, among=[2**64, "x", None]).exists()


def test_cases_with_a_section_visible_are_the_ones_case_accesses_lets_see_it(world):
    """The database's list of cases whose NRM section a user may see agrees with the door's
    one-by-one answer: the lead authority's, one broken into, one shared with that section;
    never one shared without it, nor for a role that does not work cases."""
    led = open_case(world)
    shared_nrm, shared_notes, broken_into = (open_case(world, area="halton") for _ in range(3))
    share(world, shared_nrm, world.la("warrington"), ["nrm"])
    share(world, shared_notes, world.la("warrington"), ["notes"])
    practitioner = world.la("warrington").practitioner
    manager = world.la("warrington").manager
    _break_glass(manager, broken_into)
    for user in (practitioner, manager, world.police.practitioner):
        cases = [led, shared_nrm, shared_notes, broken_into]
        door = {pk for pk, access in case_accesses(user, cases).items() if access.can_see("nrm")}
        listed = set(
            cases_with_section_visible_to(user, CaseSection.NRM)
            .filter(pk__in=[c.pk for c in cases])
            .values_list("pk", flat=True)
        )
        assert listed == door
    assert set(
        cases_with_section_visible_to(manager, CaseSection.NRM).values_list("pk", flat=True)
    ) >= {led.pk, shared_nrm.pk, broken_into.pk}
    assert not cases_with_section_visible_to(practitioner, CaseSection.NRM).filter(
        pk__in=[shared_notes.pk, broken_into.pk]
    )
