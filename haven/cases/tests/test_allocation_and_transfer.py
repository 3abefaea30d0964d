"""Allocating a case to a lead practitioner, and transferring it to another team or authority:
who may, what each refuses, what changes, and who is told (decision 0017)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import Role, TeamFunction
from haven.accounts.tests.factories import TeamFactory, UserFactory
from haven.actions.models import OPEN_STATUSES, Task
from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.access import Via, case_access, transfers_visible_to
from haven.cases.models import (
    Case,
    CaseSection,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    ChronologyEntry,
    ChronologyKind,
    TransferStatus,
)
from haven.cases.selectors import case_get_for_user, chronology_for_user
from haven.cases.services import (
    HANDOVER_DAYS,
    HANDOVER_SECTIONS,
    case_allocate,
    case_close,
    case_transfer_decline,
    case_transfer_request,
    case_transfer_withdraw,
)
from haven.cases.tests.world import AgencyUsers, open_case, share
from haven.notifications.models import Notification
from haven.workflows.case_transfer import case_transfer_accept

pytestmark = pytest.mark.django_db

REASON = "The child has moved to Runcorn to live with her aunt."


def exploitation_team(world) -> AgencyUsers:
    """Warrington's second team, with a practitioner and a manager."""
    agency = world.la("warrington").agency
    team = TeamFactory(
        agency=agency,
        name="Warrington exploitation and missing team",
        function=TeamFunction.CHILDRENS_SOCIAL_CARE,
    )
    return AgencyUsers(
        agency=agency,
        team=team,
        practitioner=UserFactory(
            email="worker@exploitation.test", full_name="Priya Shah", agency=agency, team=team
        ),
        manager=UserFactory(
            email="lead@exploitation.test",
            full_name="Owen Price",
            agency=agency,
            team=team,
            role=Role.MANAGER,
        ),
    )


def fresh(case: Case) -> Case:
    return Case.objects.select_related("lead_practitioner").get(pk=case.pk)


def ask(world, case, to_team, *, by=None, reason=REASON) -> CaseTransfer:
    return case_transfer_request(
        actor=by or world.la("warrington").manager,
        case=case,
        to_team_id=to_team.pk,
        reason=reason,
    )


class TestAllocation:
    def test_a_manager_of_the_lead_team_allocates_and_the_practitioner_is_told(
        self, world, django_capture_on_commit_callbacks
    ):
        warrington = world.la("warrington")
        case = open_case(world)
        version = case.version
        with django_capture_on_commit_callbacks(execute=True):
            case = case_allocate(
                actor=warrington.manager,
                case=case,
                practitioner_id=warrington.practitioner.pk,
                expected_version=version,
            )
        stored = fresh(case)
        assert stored.lead_practitioner == warrington.practitioner
        assert stored.version == version + 1
        event = AuditEvent.objects.get(verb=Verb.CASE_ALLOCATED, target_id=str(case.pk))
        assert event.changes["lead_practitioner"] == {
            "before": warrington.manager.pk,
            "after": warrington.practitioner.pk,
        }
        assert event.changes["version"] == {"before": version, "after": version + 1}
        assert event.person_id == case.person_id
        entry = ChronologyEntry.objects.get(case=case, kind=ChronologyKind.ALLOCATION)
        assert entry.summary == (
            f"Allocated from {warrington.manager.full_name} to "
            f"{warrington.practitioner.full_name} by {warrington.manager.full_name}."
        )
        # In Haven the practitioner may see the case, so it names the child; the email does not.
        told = Notification.objects.get(
            recipient=warrington.practitioner, link=f"/cases/{case.pk}/"
        )
        assert told.subject == "A case has been allocated to you"
        assert "Amira Haddad" in told.body and case.reference in told.body
        [email] = [m for m in mail.outbox if warrington.practitioner.email in m.to]
        assert "Amira" not in email.body and case.reference in email.body

    @pytest.mark.parametrize("who", ["practitioner", "other_team_manager", "other_authority"])
    def test_only_a_manager_of_the_lead_team_allocates(self, world, who):
        case = open_case(world)
        actor = {
            "practitioner": lambda: world.la("warrington").practitioner,
            "other_team_manager": lambda: exploitation_team(world).manager,
            "other_authority": lambda: world.la("halton").manager,
        }[who]()
        with pytest.raises(PermissionDenied):
            case_allocate(
                actor=actor,
                case=case,
                practitioner_id=world.la("warrington").practitioner.pk,
                expected_version=case.version,
            )
        assert fresh(case).lead_practitioner == world.la("warrington").manager

    def test_only_active_practitioners_and_managers_of_the_lead_team_can_be_chosen(self, world):
        warrington = world.la("warrington")
        case = open_case(world)
        left = UserFactory(agency=warrington.agency, team=warrington.team, is_active=False)
        admin = UserFactory(agency=warrington.agency, team=warrington.team, role=Role.ADMIN)
        elsewhere = exploitation_team(world).practitioner
        for chosen in (left, admin, elsewhere, world.la("halton").practitioner):
            with pytest.raises(ValidationError) as refused:
                case_allocate(
                    actor=warrington.manager,
                    case=case,
                    practitioner_id=chosen.pk,
                    expected_version=case.version,
                )
            assert refused.value.message_dict == {
                "practitioner": [f"Select a practitioner or manager of {warrington.team.name}"]
            }
        assert not AuditEvent.objects.filter(verb=Verb.CASE_ALLOCATED).exists()

    def test_a_stale_allocation_is_refused_and_changes_nothing(self, world):
        warrington = world.la("warrington")
        case = open_case(world)
        version = case.version
        other = UserFactory(agency=warrington.agency, team=warrington.team, full_name="Sam Ito")
        case_allocate(
            actor=warrington.manager, case=case, practitioner_id=other.pk, expected_version=version
        )
        with pytest.raises(StaleVersionError) as stale:
            case_allocate(
                actor=warrington.manager,
                case=case,
                practitioner_id=warrington.practitioner.pk,
                expected_version=version,
            )
        assert stale.value.changes[0].fields == {
            "lead_practitioner": {"before": warrington.manager.pk, "after": other.pk}
        }
        assert fresh(case).lead_practitioner == other

    def test_a_closed_case_and_the_same_lead_are_refused(self, world):
        warrington = world.la("warrington")
        case = open_case(world)
        with pytest.raises(ValidationError, match="already the lead practitioner"):
            case_allocate(
                actor=warrington.manager,
                case=case,
                practitioner_id=warrington.manager.pk,
                expected_version=case.version,
            )
        case = case_close(
            actor=warrington.manager,
            case=case,
            reason="Family moved abroad; closed.",
            expected_version=case.version,
        )
        with pytest.raises(ValidationError, match="closed"):
            case_allocate(
                actor=warrington.manager,
                case=case,
                practitioner_id=warrington.practitioner.pk,
                expected_version=case.version,
            )


class TestTransferRequest:
    def test_asking_leaves_the_sending_team_lead_and_tells_the_receiving_managers(self, world):
        team = exploitation_team(world)
        case = open_case(world)
        transfer = ask(world, case, team.team)
        assert transfer.status == TransferStatus.PENDING
        assert (transfer.from_team, transfer.to_team) == (world.la("warrington").team, team.team)
        stored = fresh(case)
        assert stored.lead_team == world.la("warrington").team
        assert stored.version == case.version
        event = AuditEvent.objects.get(verb=Verb.CASE_TRANSFER_REQUESTED)
        assert (event.target_type, event.target_id) == ("cases.casetransfer", str(transfer.pk))
        assert event.changes["to_team"] == {"before": None, "after": team.team.pk}
        assert ChronologyEntry.objects.get(
            case=case, kind=ChronologyKind.ALLOCATION
        ).summary.startswith(f"Transfer to {team.team.name}")
        told = Notification.objects.filter(subject="A case transfer needs your decision")
        assert [n.recipient for n in told] == [team.manager]
        assert told.get().link == f"/transfers/{transfer.pk}/"

    def test_the_door_shows_a_transfer_to_its_parties_only(self, world):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        share(world, case, world.school, ["chronology", "notes"])
        transfer = ask(world, case, halton.team)

        def sees(user) -> bool:
            return transfers_visible_to(user).filter(pk=transfer.pk).exists()

        assert sees(warrington.practitioner) and sees(warrington.manager)
        assert sees(halton.manager)
        for user in (
            halton.practitioner,  # learns of it when the case is Halton's
            world.school.practitioner,  # a share of the case is not a party to its transfer
            world.la("cheshire_east").manager,
            world.admin,
            world.auditor,
        ):
            assert not sees(user), user.email

    def test_the_reason_is_on_the_chronology_as_a_sensitive_entry(self, world):
        """Why a case moves often says where the child now lives."""
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        ask(world, case, world.la("halton").team)

        def chronology(user) -> str:
            view = case_get_for_user(user=user, case_id=case.pk, record_view=False)
            return " ".join(entry.summary for entry in chronology_for_user(user=user, view=view))

        assert REASON in chronology(world.la("warrington").practitioner)
        assert REASON not in chronology(world.school.practitioner)

    def test_refusals(self, world):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        with pytest.raises(PermissionDenied):
            ask(world, case, halton.team, by=warrington.practitioner)
        no_manager = TeamFactory(agency=halton.agency, name="Halton duty team")
        cases = [
            (warrington.team, "to_team", "Select the team to transfer the case to"),
            (world.police.team, "to_team", "Select the team to transfer the case to"),
            (no_manager, "to_team", "Halton duty team has no manager in Haven"),
        ]
        for team, field, message in cases:
            with pytest.raises(ValidationError) as refused:
                ask(world, case, team)
            assert message in refused.value.message_dict[field][0]
        with pytest.raises(ValidationError) as refused:
            ask(world, case, halton.team, reason="Moved.")
        assert list(refused.value.message_dict) == ["reason"]
        assert not CaseTransfer.objects.exists()

    def test_one_transfer_at_a_time(self, world):
        case = open_case(world)
        ask(world, case, world.la("halton").team)
        with pytest.raises(ValidationError, match="already waiting for a decision"):
            ask(world, case, world.la("cheshire_east").team)
        # The database says so too, should two requests race past the check.
        first = CaseTransfer.objects.get(case=case)
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseTransfer.objects.create(
                case=case,
                from_agency=first.from_agency,
                from_team=first.from_team,
                to_agency=world.la("cheshire_east").agency,
                to_team=world.la("cheshire_east").team,
                reason=REASON,
                requested_by=first.requested_by,
                requested_at=timezone.now(),
            )

    def test_not_to_an_authority_that_has_an_open_case_for_the_child(self, world):
        case = open_case(world)
        halton_case = Case.objects.create(
            person=case.person,
            lead_agency=world.la("halton").agency,
            lead_team=world.la("halton").team,
            opened_at=timezone.now(),
        )
        with pytest.raises(ValidationError) as refused:
            ask(world, case, world.la("halton").team)
        assert refused.value.message_dict["to_team"] == [
            "Halton children's social care already has an open case for this child: ask them "
            "to add what you know to it instead of transferring this one"
        ]
        # The message names the authority, not its case: the sender may not see it.
        assert halton_case.reference not in str(refused.value)

    def test_a_case_with_a_pending_transfer_is_not_closed(self, world):
        case = open_case(world)
        ask(world, case, world.la("halton").team)
        with pytest.raises(ValidationError, match="withdraw it before closing"):
            case_close(
                actor=world.la("warrington").manager,
                case=case,
                reason="Family moved away; closing.",
                expected_version=case.version,
            )
        assert fresh(case).status == CaseStatus.OPEN


class TestTransferDecision:
    def test_accepted_within_the_authority_the_team_and_its_tasks_move(
        self, world, django_capture_on_commit_callbacks
    ):
        warrington, team = world.la("warrington"), exploitation_team(world)
        case = open_case(world)
        lead_team_tasks = set(
            Task.objects.filter(
                case=case, team=warrington.team, status__in=OPEN_STATUSES
            ).values_list("pk", flat=True)
        )
        police_tasks = set(
            Task.objects.filter(case=case, team=world.police.team).values_list("pk", flat=True)
        )
        assert lead_team_tasks and police_tasks
        transfer = ask(world, case, team.team)
        with django_capture_on_commit_callbacks(execute=True):
            case_transfer_accept(
                actor=team.manager, transfer=transfer, lead_practitioner_id=team.practitioner.pk
            )
        stored = fresh(case)
        assert (stored.lead_agency, stored.lead_team, stored.lead_practitioner) == (
            warrington.agency,
            team.team,
            team.practitioner,
        )
        transfer.refresh_from_db()
        assert (transfer.status, transfer.decided_by) == (TransferStatus.ACCEPTED, team.manager)
        event = AuditEvent.objects.get(verb=Verb.CASE_TRANSFER_ACCEPTED)
        assert (event.target_type, event.target_id) == ("cases.case", str(case.pk))
        assert event.changes["transfer"] == transfer.pk
        assert "lead_agency" not in event.changes  # the same authority
        moved = Task.objects.filter(pk__in=lead_team_tasks)
        assert {task.team_id for task in moved} == {team.team.pk}
        assert AuditEvent.objects.filter(verb=Verb.TASK_MOVED_TO_TEAM).count() == len(moved)
        assert set(Task.objects.filter(pk__in=police_tasks).values_list("team", flat=True)) == {
            world.police.team.pk
        }
        # The same authority keeps the whole case: no handover share.
        assert not CaseShare.objects.filter(case=case).exists()
        assert Notification.objects.filter(
            recipient=warrington.manager, subject="Case transfer accepted"
        ).exists()
        assert Notification.objects.filter(
            recipient=team.practitioner, subject="A case has been allocated to you"
        ).exists()

    def test_accepted_by_another_authority_it_leads_and_the_sender_keeps_a_handover_share(
        self, world
    ):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        case = case_allocate(
            actor=warrington.manager,
            case=case,
            practitioner_id=warrington.practitioner.pk,
            expected_version=case.version,
        )
        transfer = ask(world, case, halton.team)
        # Until accepted, Halton sees the transfer but not the case.
        assert transfers_visible_to(halton.manager).filter(pk=transfer.pk).exists()
        assert not transfers_visible_to(halton.practitioner).filter(pk=transfer.pk).exists()
        assert case_access(halton.manager, case) is None
        case_transfer_accept(actor=halton.manager, transfer=transfer)
        stored = fresh(case)
        assert (stored.lead_agency, stored.lead_team) == (halton.agency, halton.team)
        assert stored.lead_practitioner is None  # allocated later
        assert case_access(halton.practitioner, stored).via == Via.LEAD
        handover = CaseShare.objects.get(case=case)
        assert (handover.agency, handover.team) == (warrington.agency, warrington.team)
        assert set(handover.sections) == set(HANDOVER_SECTIONS)
        transfer.refresh_from_db()
        assert handover.expires_at == transfer.decided_at + timedelta(days=HANDOVER_DAYS)
        access = case_access(warrington.manager, stored)
        assert access.via == Via.SHARE and not access.can_see(CaseSection.PEOPLE)
        event = AuditEvent.objects.get(verb=Verb.CASE_TRANSFER_ACCEPTED)
        assert event.changes["lead_agency"] == {
            "before": warrington.agency.pk,
            "after": halton.agency.pk,
        }
        # The practitioner who led it is told, with the managers of the team that asked.
        told = Notification.objects.filter(subject="Case transfer accepted")
        assert {n.recipient for n in told} == {warrington.manager, warrington.practitioner}

    def test_one_open_case_per_child_per_authority_holds(self, world):
        halton = world.la("halton")
        case = open_case(world)
        transfer = ask(world, case, halton.team)
        # Meanwhile Halton's front door opened a case for the same child.
        halton_case = Case.objects.create(
            person=case.person,
            lead_agency=halton.agency,
            lead_team=halton.team,
            opened_at=timezone.now(),
        )
        with pytest.raises(ValidationError) as refused:
            case_transfer_accept(actor=halton.manager, transfer=transfer)
        assert refused.value.message_dict["decision"] == [
            f"Your authority already has an open case for this child ({halton_case.reference}): "
            "decline this transfer and add to that case"
        ]
        assert fresh(case).lead_agency == world.la("warrington").agency
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.PENDING

    def test_only_a_manager_of_the_receiving_team_decides(self, world):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        transfer = ask(world, case, halton.team)
        for actor in (halton.practitioner, warrington.manager, world.la("cheshire_east").manager):
            with pytest.raises(PermissionDenied):
                case_transfer_accept(actor=actor, transfer=transfer)
            with pytest.raises(PermissionDenied):
                case_transfer_decline(actor=actor, transfer=transfer, reason=REASON)
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.PENDING

    def test_the_lead_practitioner_must_be_of_the_receiving_team(self, world):
        halton = world.la("halton")
        case = open_case(world)
        transfer = ask(world, case, halton.team)
        with pytest.raises(ValidationError) as refused:
            case_transfer_accept(
                actor=halton.manager,
                transfer=transfer,
                lead_practitioner_id=world.la("warrington").practitioner.pk,
            )
        assert list(refused.value.message_dict) == ["lead_practitioner"]
        assert fresh(case).lead_team == world.la("warrington").team

    def test_declined_with_a_reason_the_sender_still_leads_and_is_told(self, world):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        transfer = ask(world, case, halton.team)
        with pytest.raises(ValidationError) as refused:
            case_transfer_decline(actor=halton.manager, transfer=transfer, reason="No.")
        assert list(refused.value.message_dict) == ["reason"]
        case_transfer_decline(
            actor=halton.manager,
            transfer=transfer,
            reason="The aunt's address is in Warrington, not Halton: please check.",
        )
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.DECLINED
        assert fresh(case).lead_team == warrington.team
        event = AuditEvent.objects.get(verb=Verb.CASE_TRANSFER_DECLINED)
        assert event.changes["status"] == {"before": "pending", "after": "declined"}
        told = Notification.objects.get(
            recipient=warrington.manager, subject="Case transfer declined"
        )
        # The reason may say more about the child than an email should.
        assert "aunt" not in told.body
        with pytest.raises(ValidationError, match="already been declined"):
            case_transfer_accept(actor=halton.manager, transfer=transfer)

    def test_withdrawn_by_the_sending_manager_it_can_no_longer_be_accepted(self, world):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        transfer = ask(world, case, halton.team)
        with pytest.raises(PermissionDenied):
            case_transfer_withdraw(actor=halton.manager, transfer=transfer)
        case_transfer_withdraw(actor=warrington.manager, transfer=transfer)
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.WITHDRAWN
        assert AuditEvent.objects.filter(verb=Verb.CASE_TRANSFER_WITHDRAWN).exists()
        assert Notification.objects.filter(
            recipient=halton.manager, subject="Case transfer withdrawn"
        ).exists()
        with pytest.raises(ValidationError, match="already been withdrawn"):
            case_transfer_accept(actor=halton.manager, transfer=transfer)
        # And a new one may be asked for.
        ask(world, case, halton.team)
