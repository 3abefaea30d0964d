"""The cadence of updates to the victim: an update not given for HAVEN_VICTIM_UPDATE_DAYS becomes
a task for the case's lead team, closed when an update to the child is recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.actions.models import Task, TaskStatus
from haven.cases.tests.world import learn
from haven.investigations import services
from haven.investigations.models import Investigation
from haven.investigations.tests.scenario import investigation_scene
from haven.screening.models import Circumstance
from haven.workflows.investigations import (
    VICTIM_UPDATE,
    non_criminalisation_review_record,
    victim_update_record,
    victim_updates_overdue,
)

pytestmark = pytest.mark.django_db


def _opened_days_ago(scene, days: int) -> None:
    Investigation.objects.filter(pk=scene.investigation.pk).update(
        opened_on=timezone.localdate() - timedelta(days=days)
    )


def test_no_task_while_the_update_is_not_yet_due(world):
    scene = investigation_scene(world)
    _opened_days_ago(scene, 28)
    assert victim_updates_overdue() == 0


def test_an_overdue_update_becomes_one_task_for_the_lead_team(world):
    scene = investigation_scene(world)
    _opened_days_ago(scene, 29)
    assert victim_updates_overdue() == 1
    assert victim_updates_overdue() == 0  # idempotent while the task is open
    task = Task.objects.get(code=VICTIM_UPDATE)
    assert task.team == scene.case.lead_team
    assert task.due_at < timezone.now()


def test_the_cadence_is_configurable(world, settings):
    settings.HAVEN_VICTIM_UPDATE_DAYS = 14
    scene = investigation_scene(world)
    _opened_days_ago(scene, 15)
    assert victim_updates_overdue() == 1


def test_an_update_to_the_child_restarts_the_clock_and_closes_the_task(world):
    scene = investigation_scene(world)
    _opened_days_ago(scene, 40)
    victim_updates_overdue()
    victim_update_record(
        actor=world.la("warrington").practitioner,
        investigation=scene.investigation,
        given_on=timezone.localdate() - timedelta(days=1),
        given_to="child",
        summary="Explained the suspect was charged and what happens at court.",
    )
    assert Task.objects.get(code=VICTIM_UPDATE).status == TaskStatus.DONE
    assert victim_updates_overdue() == 0


def test_an_update_to_a_partner_agency_does_not_count(world):
    scene = investigation_scene(world)
    _opened_days_ago(scene, 40)
    victim_update_record(
        actor=world.la("warrington").practitioner,
        investigation=scene.investigation,
        given_on=timezone.localdate(),
        given_to="partner_agency",
        partner_agency="Warrington youth justice service",
        summary="Charging decision shared.",
    )
    assert victim_updates_overdue() == 1


def test_the_non_criminalisation_review_completes_its_task(world):
    scene = investigation_scene(world)
    learn(
        world.la("warrington").practitioner,
        scene.case,
        Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE,
        True,
    )
    task = Task.objects.get(case=scene.case, code="non_criminalisation_review")
    assert task.status == TaskStatus.OPEN
    offence = services.child_offence_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        offence="mda1971_s5_3",
        arrested_on=timezone.localdate(),
        linked_to_exploitation="Holding drugs for the suspect.",
    )
    non_criminalisation_review_record(
        actor=world.police.practitioner,
        child_offence=offence,
        section_45_considered=True,
        trained_interviewer=True,
        out_of_hours_informed=False,
        reviewed_on=timezone.localdate(),
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
