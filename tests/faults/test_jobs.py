"""Background jobs that fail half-way (decision 0039). django-tasks does not retry a failed job
itself: the schedule (``haven.core.schedule``) runs each job again at its next interval, so a
job must finish the work a failed run left and never repeat what that run did. Each test makes
the job fail after part of its work, runs it again, and counts what was sent and made."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from haven.actions.models import EscalationLevel, Task, TaskStatus
from haven.actions.tasks import check_task_clocks
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import make_child, open_case
from haven.core.schedule import SCHEDULE
from haven.intelligence.models import Entity, Hotspot
from haven.intelligence.tasks import detect_hotspots
from haven.intelligence.tests.factories import LinkFactory
from haven.investigations.models import Investigation
from haven.investigations.tasks import check_victim_updates
from haven.investigations.tests.scenario import investigation_scene
from haven.matching.models import DuplicateCandidate
from haven.matching.tasks import find_duplicates
from haven.matching.tests.pairs import muhammad_aly_and_mohamad_ali
from haven.notifications.models import Notification
from haven.workflows.investigations import VICTIM_UPDATE

pytestmark = pytest.mark.django_db


class JobFailed(Exception):
    """The injected failure."""


def failing_on_call(monkeypatch, target: str, *, call: int):
    """Replace ``target`` (module path and name) with itself, except that its ``call``-th call
    raises: the job dies there, after the calls before it did their work."""
    module_path, name = target.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    original = getattr(module, name)
    calls = 0

    def wrapped(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == call:
            raise JobFailed(f"{name} failed on call {call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)
    return monkeypatch


def run_failing_then_again(monkeypatch, job, target: str, *, call: int = 2):
    with monkeypatch.context() as patch:
        failing_on_call(patch, target, call=call)
        with pytest.raises(JobFailed):
            job.call()
    return job.call()


def test_every_job_here_is_on_the_schedule():
    scheduled = {job for job, _every in SCHEDULE}
    assert {check_task_clocks, detect_hotspots, check_victim_updates, find_duplicates} <= scheduled


def test_the_clock_escalates_each_overdue_task_once(world, monkeypatch):
    case = open_case(world)
    open_tasks = Task.objects.filter(case=case, status=TaskStatus.OPEN)
    overdue = open_tasks.count()
    assert overdue >= 3
    open_tasks.update(due_at=timezone.now() - timedelta(hours=1))
    managers = 1  # the Warrington team's one manager is told of each

    run_failing_then_again(monkeypatch, check_task_clocks, "haven.actions.services._notify_about")
    assert check_task_clocks.call() == {"manager": 0, "head_of_service": 0}

    assert set(open_tasks.values_list("escalation_level", flat=True)) == {EscalationLevel.MANAGER}
    notices = Notification.objects.filter(subject="Overdue safeguarding task")
    assert notices.count() == overdue * managers
    assert AuditEvent.objects.filter(verb=Verb.TASK_ESCALATED).count() == overdue


def test_a_hotspot_failing_to_alert_is_detected_and_alerted_again(world, monkeypatch):
    places = []
    for postcode in ("WA7 1AB", "WA1 2CD"):
        entity = Entity.objects.create(
            entity_type="address",
            key=f"{postcode}|flat 3",
            line="Flat 3",
            postcode=postcode,
            recorded_by=world.police.practitioner,
            recorded_by_agency=world.police.agency,
        )
        for name in ("Amira", "Bethany", "Chloe"):
            LinkFactory(from_case=open_case(world, "halton", given_name=name), to_entity=entity)
        places.append(entity)

    # The second hotspot's alert fails after the first's was written: the whole run is undone.
    run_failing_then_again(monkeypatch, detect_hotspots, "haven.workflows.intelligence.notify")
    assert detect_hotspots.call() == 0

    assert Hotspot.objects.filter(active=True).count() == 2
    alerts = Notification.objects.filter(subject="Intelligence hotspot")
    recipients = set(alerts.values_list("recipient_id", flat=True))
    assert recipients
    for recipient in recipients:
        assert alerts.filter(recipient_id=recipient).count() == 2, "one alert per hotspot"
    assert AuditEvent.objects.filter(verb=Verb.HOTSPOT_DETECTED).count() == 2


def test_overdue_updates_to_victims_make_one_task_each(world, monkeypatch):
    scenes = [investigation_scene(world), investigation_scene(world)]
    Investigation.objects.update(opened_on=timezone.localdate() - timedelta(days=40))

    made = run_failing_then_again(
        monkeypatch,
        check_victim_updates,
        "haven.workflows.investigations.task_add_for_case",
    )
    assert made == 1  # the first run made the first task before it failed
    assert check_victim_updates.call() == 0
    for scene in scenes:
        assert Task.objects.filter(case=scene.case, code=VICTIM_UPDATE).count() == 1


def test_possible_duplicates_are_proposed_once(world, monkeypatch):
    _aly, ali = muhammad_aly_and_mohamad_ali(world)
    make_child(
        world.police.practitioner,
        given_name="Mohammed",
        family_name="Ali",
        date_of_birth=ali.date_of_birth,
        nationalities=["SD"],
        gender="male",
    )
    with transaction.atomic():
        clean_run = find_duplicates.call()["proposed"]
        transaction.set_rollback(True)
    assert clean_run >= 2

    again = run_failing_then_again(
        monkeypatch, find_duplicates, "haven.matching.services.compare_records"
    )
    assert again["proposed"] == clean_run - 1  # the failed run had proposed the first pair
    assert find_duplicates.call()["proposed"] == 0
    assert DuplicateCandidate.objects.count() == clean_run
