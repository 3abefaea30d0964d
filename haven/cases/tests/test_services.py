from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.access import case_access, cases_visible_to, people_visible_to
from haven.cases.models import CaseShare, ChronologyEntry, ConcernStatus
from haven.cases.selectors import (
    break_glass_review_list,
    case_get_for_user,
    case_list_for_user,
    chronology_for_user,
)
from haven.cases.services import (
    break_glass_open,
    break_glass_review,
    case_close,
    case_note_add,
    case_share_create,
    case_share_revoke,
)
from haven.cases.tests.world import make_child, open_case, raise_concern, share
from haven.core.working_days import add_working_days
from haven.notifications.models import Notification
from haven.people.services import person_update
from haven.workflows.front_door import concern_decide

pytestmark = pytest.mark.django_db


class TestConcerns:
    def test_child_concern_goes_to_the_home_area_front_door_with_a_one_day_clock(self, world):
        child = make_child(world.police.practitioner)
        before = timezone.now()
        concern = raise_concern(world.police.practitioner, child, home_area="warrington")
        assert concern.status == ConcernStatus.AWAITING_DECISION
        assert before <= concern.referred_at <= timezone.now()
        assert concern.decision_due_at == add_working_days(start=concern.referred_at, days=1)
        assert Notification.objects.filter(recipient=world.la("warrington").manager).exists()

    def test_adult_concern_records_the_adult_routes(self, world):
        adult = make_child(
            world.police.practitioner, kind="other", date_of_birth=None, dob_precision="unknown"
        )
        concern = raise_concern(world.police.practitioner, adult, immediate_danger=True)
        assert concern.status == ConcernStatus.ADULT_ROUTES_RECORDED
        assert {"call_999", "adult_social_care_referral"} <= set(concern.adult_routes)
        assert "refer_childrens_social_care" not in concern.adult_routes
        assert concern.referred_at is None

    def test_unknown_indicator_codes_are_refused_and_nothing_saved(self, world):
        child = make_child(world.police.practitioner)
        with pytest.raises(ValidationError, match=r"ind\.made_up"):
            raise_concern(world.police.practitioner, child, indicator_codes=["ind.made_up"])
        assert not child.concerns.exists()

    def test_roles_without_concerns_cannot_raise_them(self, world):
        child = make_child(world.police.practitioner)
        with pytest.raises(PermissionDenied):
            raise_concern(world.admin, child)


class TestFrontDoor:
    def test_accept_opens_a_case_led_by_the_authority_with_chronology(self, world):
        case = open_case(world)
        assert case.lead_agency == world.la("warrington").agency
        kinds = set(ChronologyEntry.objects.filter(case=case).values_list("kind", flat=True))
        assert {"case", "concern", "decision"} <= kinds

    def test_other_decisions_need_a_reason(self, world):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        with pytest.raises(ValidationError):
            concern_decide(
                actor=world.la("warrington").manager,
                concern=concern,
                decision="information_only",
                reason="",
            )
        concern = concern_decide(
            actor=world.la("warrington").manager,
            concern=concern,
            decision="referred_elsewhere",
            reason="Child lives in Wigan: referred to Wigan's front door.",
        )
        assert concern.status == ConcernStatus.REFERRED_ELSEWHERE

    def test_another_area_cannot_decide(self, world):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        with pytest.raises(PermissionDenied):
            concern_decide(actor=world.la("halton").manager, concern=concern, decision="accept")

    def test_second_concern_joins_the_existing_case(self, world):
        case = open_case(world)
        concern = raise_concern(world.health.practitioner, case.person)
        concern_decide(
            actor=world.la("warrington").practitioner, concern=concern, decision="accept", case=case
        )
        assert case.concerns.count() == 2

    def test_a_second_open_case_for_the_same_child_is_refused(self, world):
        case = open_case(world)
        concern = raise_concern(world.health.practitioner, case.person)
        with pytest.raises(ValidationError, match="already has an open case"):
            concern_decide(actor=world.la("warrington").manager, concern=concern, decision="accept")


class TestAccess:
    def test_lead_authority_sees_everything(self, world):
        case = open_case(world)
        access = case_access(world.la("warrington").practitioner, case)
        assert access.full

    def test_unrelated_agency_has_no_access(self, world):
        case = open_case(world)
        assert case_access(world.la("halton").manager, case) is None
        assert case not in cases_visible_to(world.la("halton").manager)

    def test_share_grants_only_chosen_sections_until_expiry(self, world):
        case = open_case(world)
        grant = share(world, case, world.school, ["chronology", "meetings"])
        access = case_access(world.school.practitioner, case)
        assert access.via == "share"
        assert access.sections == {"chronology", "meetings"}
        later = timezone.now() + timedelta(days=31)
        assert case_access(world.school.practitioner, case, at=later) is None
        case_share_revoke(actor=world.la("warrington").manager, share=grant)
        assert case_access(world.school.practitioner, case) is None
        verbs = set(
            AuditEvent.objects.filter(target_type="cases.caseshare").values_list("verb", flat=True)
        )
        assert verbs == {Verb.SHARE_GRANTED, Verb.SHARE_REVOKED}

    def test_only_the_lead_can_share(self, world):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        with pytest.raises(PermissionDenied):
            case_share_create(
                actor=world.school.manager,
                case=case,
                agency=world.health.agency,
                sections=["chronology"],
                reason="Passing it on to health.",
                lawful_basis="public_task",
                expires_at=timezone.now() + timedelta(days=3),
            )

    def test_share_input_is_validated(self, world):
        case = open_case(world)
        with pytest.raises(ValidationError) as error:
            share(world, case, world.school, ["secrets"], days=-1)
        assert {"sections", "expires_at"} <= set(error.value.message_dict)
        assert not CaseShare.objects.exists()

    @pytest.mark.parametrize("who", ["admin", "strategic_lead", "auditor"])
    def test_roles_without_case_work_never_see_case_content(self, world, who):
        case = open_case(world)
        user = getattr(world, who)
        assert case_access(user, case) is None
        assert not cases_visible_to(user).exists()
        assert not people_visible_to(user).exists()

    def test_break_glass_gives_24_hours_notifies_and_awaits_review(self, world):
        case = open_case(world)
        outsider = world.la("halton").practitioner
        with pytest.raises(ValidationError):
            break_glass_open(actor=outsider, case=case, reason="too short")
        access = break_glass_open(
            actor=outsider,
            case=case,
            reason="Child found in Runcorn overnight, need history to safeguard now.",
        )
        assert case_access(outsider, case).via == "break_glass"
        assert access.expires_at - access.granted_at == timedelta(hours=24)
        assert case_access(outsider, case, at=access.expires_at + timedelta(seconds=1)) is None
        assert AuditEvent.objects.filter(verb=Verb.BREAK_GLASS_USED, actor=outsider).exists()
        notified = set(Notification.objects.values_list("recipient__email", flat=True))
        assert case.lead_practitioner.email in notified
        auditor = world.auditor
        assert auditor.email in notified
        break_glass_review(
            actor=auditor,
            access=access,
            outcome="justified",
            note="Justified: child found overnight.",
        )
        access.refresh_from_db()
        assert access.reviewed_by == auditor


class TestNotesAndVersions:
    def test_restricted_notes_are_hidden_from_shared_agencies(self, world):
        case = open_case(world)
        share(world, case, world.school, ["chronology", "notes"])
        case_note_add(
            actor=world.la("warrington").practitioner,
            case=case,
            text="Restricted: mother's disclosure.",
            sensitivity="restricted",
        )
        case_note_add(
            actor=world.la("warrington").practitioner,
            case=case,
            text="Visited school.",
            sensitivity="standard",
        )
        school = world.school.practitioner
        view = case_get_for_user(user=school, case_id=case.pk)
        texts = [e.summary for e in chronology_for_user(user=school, view=view)]
        assert "Visited school." in texts
        assert "Restricted: mother's disclosure." not in texts

    def test_stale_version_is_refused_and_says_what_changed(self, world):
        case = open_case(world)
        manager = world.la("warrington").manager
        version = case.version
        case_close(
            actor=manager,
            case=case,
            reason="Family moved; case transferred.",
            expected_version=version,
        )
        stale = type(case).objects.get(pk=case.pk)
        stale.status = "open"
        with pytest.raises(StaleVersionError) as error:
            case_close(
                actor=manager,
                case=stale,
                reason="Second close attempt here.",
                expected_version=version,
            )
        assert "status" in str(error.value) or "closed_reason" in str(error.value)


class TestReviewFixes:
    def test_shared_agency_cannot_change_a_persons_details(self, world):
        case = open_case(world)
        share(world, case, world.school, ["people", "chronology"])
        person = case.person
        with pytest.raises(PermissionDenied):
            person_update(
                actor=world.school.practitioner,
                person=person,
                expected_version=person.version,
                given_name="Changed",
            )
        person_update(
            actor=world.la("warrington").practitioner,
            person=person,
            expected_version=person.version,
            given_name="Amirah",
        )

    def test_auditors_review_break_glass_on_their_own_authoritys_cases(self, world):
        case = open_case(world)
        break_glass_open(
            actor=world.la("halton").practitioner,
            case=case,
            reason="Child found in Runcorn overnight, need history now.",
        )
        halton_auditor = UserFactory(agency=world.la("halton").agency, role="auditor")
        assert break_glass_review_list(user=world.auditor).count() == 1
        assert break_glass_review_list(user=halton_auditor).count() == 0

    def test_the_case_list_is_recorded_as_viewed(self, world):
        open_case(world)
        user = world.la("warrington").practitioner
        list(case_list_for_user(user=user))
        assert AuditEvent.objects.filter(
            actor=user, verb=Verb.VIEWED, target_type="cases.case", target_id="list"
        ).exists()


def test_a_concern_cannot_have_happened_in_the_future(world):
    child = make_child(world.police.practitioner)
    with pytest.raises(ValidationError, match="must be in the past"):
        raise_concern(
            world.police.practitioner, child, occurred_at=timezone.now() + timedelta(days=1)
        )
    assert not child.concerns.exists()


def test_a_concern_mentioning_an_address_without_a_real_postcode_is_refused(world):
    child = make_child(world.police.practitioner)
    with pytest.raises(ValidationError) as refused:
        raise_concern(
            world.police.practitioner,
            child,
            places_mentioned=[{"line": "14 Bridge Street", "postcode": "not a postcode"}],
            phones_mentioned=["call me"],
        )
    assert set(refused.value.message_dict) == {"places_mentioned", "phones_mentioned"}
    assert not child.concerns.exists()
