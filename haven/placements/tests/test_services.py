from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.actions.models import CrossBorderNotification, Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import learn, open_case, share
from haven.notifications.models import Notification
from haven.people.models import Address
from haven.placements.models import (
    EscalationAcknowledgement,
    Placement,
    SafeHouseEscalation,
    SeniorOffice,
)
from haven.placements.selectors import placement_get_for_user, placement_panel_for_user
from haven.placements.services import escalation_acknowledge, escalations_remind
from haven.placements.tests.support import SAFE_HOUSE_ADDRESS, place, senior_officers
from haven.workflows.placements import safety_plan_record_completing_task

pytestmark = pytest.mark.django_db

CHILD = "Amira Haddad"


def plan_fields(**overrides):
    return {
        "risks_told": "Told of the network that took her to Manchester and its methods.",
        "abduction_measures": "No unplanned visitors; staff walk her to school.",
        "missing_prevention": "Checks every hour at night; call the police at once if missing.",
        "who_to_call": "Lead practitioner in the day, the emergency duty team out of hours.",
        "review_date": timezone.localdate() + timedelta(days=28),
        "contact_restrictions": [("Dean Carter", "Suspected exploiter")],
        **overrides,
    }


class TestRecordingAPlacement:
    def test_the_address_is_a_confidential_address_held_by_the_team_for_named_users(self, world):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case, named_users=[la.manager])
        address = placement.address
        assert address.is_confidential and address.kind == "safe_house"
        assert address.held_by_team == la.team and address.postcode == "WA1 2ZZ"
        assert list(address.named_users.all()) == [la.manager]
        event = AuditEvent.objects.get(verb=Verb.PLACEMENT_RECORDED)
        assert event.changes["out_of_area"] is False
        assert SAFE_HOUSE_ADDRESS not in str(event.changes)

    def test_only_named_users_see_the_address_and_each_view_is_audited(self, world):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case, named_users=[la.manager])
        shown = placement_get_for_user(user=la.manager, placement_id=placement.pk)
        assert shown.address_line == SAFE_HOUSE_ADDRESS and shown.postcode == "WA1 2ZZ"
        hidden = placement_get_for_user(user=la.practitioner, placement_id=placement.pk)
        assert hidden.address_line is None and hidden.postcode is None
        assert hidden.address.text == (
            f"Confidential address held by {la.team.name}, {la.agency.name}"
        )
        address_views = AuditEvent.objects.filter(
            verb=Verb.VIEWED, target_type="people.address", target_id=str(placement.address_id)
        )
        assert [e.actor_id for e in address_views] == [la.manager.pk]

    def test_refusals_save_nothing(self, world):
        la = world.la("warrington")
        case = open_case(world)
        with pytest.raises(ValidationError) as refused:
            place(
                la.manager,
                case,
                provider=" ",
                start_date=timezone.localdate() + timedelta(days=1),
                address_line="",
                named_users=[],
            )
        assert set(refused.value.message_dict) == {
            "provider",
            "start_date",
            "address_line",
            "named_user_ids",
        }
        with pytest.raises(ValidationError) as other_agency:
            place(la.manager, case, named_users=[world.police.practitioner])
        assert other_agency.value.message_dict == {
            "named_user_ids": ["Select people of your own agency"]
        }
        assert not Placement.objects.exists()
        assert not Address.objects.filter(kind__in=["placement", "safe_house"]).exists()

    def test_only_the_lead_authority_records_a_placement(self, world):
        case = open_case(world)
        share(world, case, world.school, ["placement"])
        with pytest.raises(PermissionDenied):
            place(world.school.practitioner, case)
        with pytest.raises(PermissionDenied):
            place(world.la("halton").manager, case)

    def test_a_new_placement_ends_the_current_one(self, world):
        la = world.la("warrington")
        case = open_case(world)
        first = place(
            la.manager,
            case,
            placement_type="foster_care",
            start_date=timezone.localdate() - timedelta(days=30),
        )
        second = place(la.manager, case, start_date=timezone.localdate())
        first.refresh_from_db()
        assert first.end_date == timezone.localdate() and second.current
        panel = placement_panel_for_user(user=la.manager, case=case)
        assert [v.placement for v in panel.placements] == [second, first]

    def test_out_of_area_tells_the_receiving_area(self, world, django_capture_on_commit_callbacks):
        la, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            place(
                la.manager,
                case,
                placement_type="residential",
                out_of_area=True,
                receiving_area="halton",
            )
        task = Task.objects.get(case=case, code="notify_cross_border")
        assert CrossBorderNotification.objects.get(task=task).recipient_team == halton.team
        assert Notification.objects.filter(
            recipient=halton.manager, subject="Cross-border safeguarding notification"
        ).exists()

    def test_out_of_area_without_an_area_means_outside_cheshire(self, world):
        case = open_case(world)
        placement = place(world.la("warrington").manager, case, out_of_area=True)
        assert placement.receiving_area == "outside_cheshire"
        # Outside Haven: the task stays open until someone records whom they told.
        assert Task.objects.get(case=case, code="notify_cross_border").status == TaskStatus.OPEN

    def test_the_receiving_area_cannot_be_the_lead_authority_s_own(self, world):
        case = open_case(world)
        with pytest.raises(ValidationError) as refused:
            place(
                world.la("warrington").manager, case, out_of_area=True, receiving_area="warrington"
            )
        assert "receiving_area" in refused.value.message_dict


class TestSafeHouseEscalation:
    def test_a_safe_house_asks_each_senior_officer_to_acknowledge(
        self, world, django_capture_on_commit_callbacks
    ):
        la = world.la("warrington")
        officers = senior_officers(la)
        case = open_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            place(la.manager, case)
        assert Task.objects.filter(case=case, code="safe_house_escalation").exists()
        escalation = SafeHouseEscalation.objects.get(case=case)
        acknowledgements = {a.office: a.officer for a in escalation.acknowledgements.all()}
        assert acknowledgements == {
            SeniorOffice.HEAD_OF_SERVICE: officers["head_of_service"],
            SeniorOffice.OPERATIONAL_DIRECTOR: officers["operational_director"],
            SeniorOffice.CHIEF_EXECUTIVE: officers["chief_executive"],
        }
        for officer in officers.values():
            note = Notification.objects.get(
                recipient=officer, subject="Safe-house escalation: please acknowledge"
            )
            assert CHILD in note.body  # they may see the case
            assert note.link == f"/escalations/{escalation.pk}/"
        emailed = [m for m in mail.outbox if "Safe-house escalation" in m.subject]
        assert len(emailed) == 3
        assert all(CHILD not in m.body and "Amira" not in m.body for m in emailed)

    def test_a_missing_chief_executive_is_recorded_and_told_never_silent(
        self, world, django_capture_on_commit_callbacks
    ):
        la = world.la("warrington")
        senior_officers(la, chief_executive=False)
        case = open_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            place(la.manager, case)
        missing = EscalationAcknowledgement.objects.get(office=SeniorOffice.CHIEF_EXECUTIVE)
        assert missing.officer is None and not missing.outstanding
        note = Notification.objects.get(
            recipient=la.manager, subject="Safe-house escalation: senior officers missing"
        )
        assert "has no Chief Executive set up" in note.body
        event = AuditEvent.objects.get(verb=Verb.ESCALATION_RAISED)
        assert event.changes["offices_missing"] == ["chief_executive"]

    def test_each_officer_acknowledges_once_and_nobody_else_can(self, world):
        la = world.la("warrington")
        officers = senior_officers(la)
        case = open_case(world)
        place(la.manager, case)
        escalation = SafeHouseEscalation.objects.get(case=case)
        with pytest.raises(PermissionDenied):
            escalation_acknowledge(actor=la.practitioner, escalation=escalation)
        head = officers["head_of_service"]
        acknowledged = escalation_acknowledge(actor=head, escalation=escalation)
        assert acknowledged.acknowledged_at is not None
        with pytest.raises(ValidationError):
            escalation_acknowledge(actor=head, escalation=escalation)
        event = AuditEvent.objects.get(verb=Verb.ESCALATION_ACKNOWLEDGED)
        assert event.actor_id == head.pk and event.changes["office"] == "head_of_service"
        outstanding = escalation.acknowledgements.filter(acknowledged_at__isnull=True)
        assert outstanding.count() == 2

    def test_outstanding_acknowledgements_are_reminded_every_few_hours(self, world, settings):
        settings.HAVEN_ESCALATION_REMINDER_HOURS = 4
        la = world.la("warrington")
        officers = senior_officers(la)
        case = open_case(world)
        place(la.manager, case)
        escalation = SafeHouseEscalation.objects.get(case=case)
        escalation_acknowledge(actor=officers["head_of_service"], escalation=escalation)
        now = timezone.now()
        assert escalations_remind(now=now + timedelta(hours=3)) == 0
        assert escalations_remind(now=now + timedelta(hours=5)) == 2
        assert escalations_remind(now=now + timedelta(hours=6)) == 0  # reminded an hour ago
        reminded = Notification.objects.filter(
            subject="Reminder: safe-house escalation not yet acknowledged"
        )
        assert {n.recipient for n in reminded} == {
            officers["operational_director"],
            officers["chief_executive"],
        }

    def test_a_high_abduction_risk_raises_the_escalation_too(self, world):
        """Every safe_house_escalation task asks for acknowledgements, whatever raised it."""
        la = world.la("warrington")
        case = open_case(world)
        learn(la.manager, case, "criminal_network", True)
        task = Task.objects.get(case=case, code="safe_house_escalation")
        assert SafeHouseEscalation.objects.get(case=case).task_id == task.pk


class TestSafetyPlan:
    def test_recording_the_plan_completes_the_placement_safety_plan_task(self, world):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case, placement_type="specialist_foster_care")
        task = Task.objects.get(case=case, code="placement_safety_plan")
        plan = safety_plan_record_completing_task(
            actor=la.practitioner, placement=placement, **plan_fields()
        )
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE
        assert [(c.name, c.relationship) for c in plan.contact_restrictions.all()] == [
            ("Dean Carter", "Suspected exploiter")
        ]
        event = AuditEvent.objects.get(verb=Verb.SAFETY_PLAN_RECORDED)
        assert event.changes["contact_restrictions"] == 1
        assert "Dean Carter" not in str(event.changes)

    def test_refusals(self, world):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case)
        with pytest.raises(ValidationError) as refused:
            safety_plan_record_completing_task(
                actor=la.manager,
                placement=placement,
                **plan_fields(
                    risks_told=" ",
                    review_date=timezone.localdate(),
                    contact_restrictions=[("Dean Carter", "")],
                ),
            )
        assert set(refused.value.message_dict) == {
            "risks_told",
            "review_date",
            "contact_restrictions",
        }
        assert not hasattr(Placement.objects.get(pk=placement.pk), "safety_plan")

    def test_an_overdue_review_shows_on_the_panel(self, world):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case)
        safety_plan_record_completing_task(
            actor=la.manager,
            placement=placement,
            **plan_fields(review_date=timezone.localdate() + timedelta(days=7)),
        )
        panel = placement_panel_for_user(user=la.manager, case=case)
        assert not panel.placements[0].review_overdue
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            panel = placement_panel_for_user(user=la.manager, case=case)
            assert panel.placements[0].review_overdue
