"""Action plans (issue 15 point 5; decision 0025): the Pan Cheshire plan and each authority's,
actions under the five priorities with an owner (a named user, or a role in an agency), a due
date and a status; dated progress updates by the action's owner or the plan's owner; overdue
actions (past due, not complete) highlighted and counted."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.core.tests.support import page_text
from haven.strategy.models import PAN_CHESHIRE, Priority, Rag
from haven.strategy.selectors import (
    action_plan_get_for_user,
    action_plans_for_user,
    overdue_actions_by_agency,
    plan_action_get_for_user,
)
from haven.strategy.services import action_plan_create, action_progress_record, plan_action_add

pytestmark = pytest.mark.django_db


def _plan(world, area="halton"):
    return action_plan_create(actor=world.strategic_lead, area=area, title=f"{area} plan")


def _action(world, plan, *, due_in_days=30, **owner):
    owner = owner or {"owner_agency": world.la("halton").agency, "owner_role": Role.MANAGER}
    return plan_action_add(
        actor=world.strategic_lead,
        plan=plan,
        priority=Priority.IDENTIFY,
        description="Deliver awareness training to every front door team",
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **owner,
    )


def test_one_plan_per_area_owned_by_whoever_starts_it(world):
    plan = _plan(world, PAN_CHESHIRE)
    assert plan.owner == world.strategic_lead
    with pytest.raises(ValidationError) as refused:
        _plan(world, PAN_CHESHIRE)
    assert refused.value.message_dict["area"] == [
        "There is already an action plan for Pan Cheshire"
    ]
    with pytest.raises(PermissionDenied):
        action_plan_create(actor=world.la("halton").manager, area="halton", title="Ours")
    assert AuditEvent.objects.filter(verb=Verb.ACTION_PLAN_CREATED).count() == 1


def test_an_action_has_one_kind_of_owner_and_only_the_plans_owner_adds_it(world):
    plan = _plan(world)
    with pytest.raises(ValidationError) as both:
        _action(world, plan, owner_user=world.la("halton").manager, owner_role=Role.MANAGER)
    assert "not both" in both.value.message_dict["owner_user"][0]
    with pytest.raises(ValidationError) as neither:
        _action(world, plan, owner_agency=world.police.agency)
    assert "Choose who owns the action" in neither.value.message_dict["owner_user"][0]
    other_lead = UserFactory(role=Role.STRATEGIC_LEAD, agency=world.la("halton").agency)
    with pytest.raises(PermissionDenied):
        plan_action_add(
            actor=other_lead,
            plan=plan,
            priority=Priority.PREVENT,
            description="Anything",
            due_on=timezone.localdate(),
            owner_user=other_lead,
        )
    action = _action(world, plan)
    assert action.owner_name == "Managers, Halton children's social care"
    event = AuditEvent.objects.get(verb=Verb.PLAN_ACTION_ADDED)
    assert event.changes["owner_role"] == {"before": None, "after": "manager"}


def test_progress_by_the_actions_owner_or_the_plans_owner_sets_its_status(world):
    action = _action(world, _plan(world))
    today = timezone.localdate()
    halton_manager = world.la("halton").manager
    action_progress_record(
        actor=halton_manager,
        action=action,
        written_on=today,
        note="Two of four done",
        rag=Rag.GREEN,
    )
    action.refresh_from_db()
    assert action.rag == Rag.GREEN
    action_progress_record(
        actor=world.strategic_lead, action=action, written_on=today, note="All done", rag="complete"
    )
    event = AuditEvent.objects.filter(verb=Verb.ACTION_PROGRESS_RECORDED).latest("pk")
    assert event.changes["rag"] == {"before": "green", "after": "complete"}
    for stranger in (world.la("warrington").manager, world.la("halton").practitioner):
        with pytest.raises(PermissionDenied):
            action_progress_record(
                actor=stranger, action=action, written_on=today, note="Me too", rag=Rag.RED
            )
    with pytest.raises(ValidationError) as future:
        action_progress_record(
            actor=halton_manager,
            action=action,
            written_on=today + timedelta(days=1),
            note="Tomorrow",
            rag=Rag.RED,
        )
    assert future.value.message_dict["written_on"] == [
        "The date of the update must be today or in the past"
    ]
    assert action.updates.count() == 2


def test_a_named_owner_updates_their_own_action(world):
    named = world.police.manager
    action = _action(world, _plan(world), owner_user=named)
    action_progress_record(
        actor=named, action=action, written_on=timezone.localdate(), note="Begun", rag=Rag.AMBER
    )
    with pytest.raises(PermissionDenied):  # the role in the agency is not the owner here
        action_progress_record(
            actor=world.la("halton").manager,
            action=action,
            written_on=timezone.localdate(),
            note="x",
            rag=Rag.AMBER,
        )


def test_overdue_means_past_its_due_date_and_not_complete(world):
    plan = _plan(world)
    late = _action(world, plan, due_in_days=-1)
    _action(world, plan, due_in_days=0)  # due today: not yet overdue
    done = _action(world, plan, due_in_days=-10, owner_user=world.police.manager)
    action_progress_record(
        actor=world.strategic_lead,
        action=done,
        written_on=timezone.localdate(),
        note="Done",
        rag=Rag.COMPLETE,
    )
    [counted] = action_plans_for_user(user=world.strategic_lead)
    assert (counted.action_count, counted.overdue_count, counted.complete_count) == (3, 1, 1)
    assert overdue_actions_by_agency() == {world.la("halton").agency.pk: 1}
    assert overdue_actions_by_agency(area="warrington") == {}
    assert plan_action_get_for_user(user=world.strategic_lead, action_id=late.pk).overdue


def test_a_plan_is_read_by_strategic_leads_and_whoever_owns_one_of_its_actions(world):
    plan = _plan(world)
    action = _action(world, plan)
    assert action_plan_get_for_user(user=world.la("halton").manager, plan_id=plan.pk) == plan
    for outsider in (world.la("warrington").manager, world.la("halton").practitioner, world.admin):
        assert not action_plans_for_user(user=outsider).exists()
        with pytest.raises(Http404):
            action_plan_get_for_user(user=outsider, plan_id=plan.pk)
        with pytest.raises(Http404):
            plan_action_get_for_user(user=outsider, action_id=action.pk)


def test_the_plan_page_highlights_overdue_actions(world, verified_client):
    plan = _plan(world)
    _action(world, plan, due_in_days=-3)
    content = page_text(
        verified_client(world.strategic_lead).get(reverse("strategy:action_plan", args=[plan.pk]))
    )
    assert "1 action is past its due date and not complete." in content
    assert "Overdue" in content
    assert "2. Identify, improve awareness, understanding and recognition" in content


def test_the_owner_records_progress_on_the_action_page(world, verified_client):
    action = _action(world, _plan(world))
    url = reverse("strategy:plan_action", args=[action.pk])
    client = verified_client(world.la("halton").manager)
    response = client.post(url, {"note": "", "rag": ""})
    content = page_text(response)
    assert "Enter the date of the update" in content
    assert "Select the status of the action now" in content
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "written_on_day": today.day,
            "written_on_month": today.month,
            "written_on_year": today.year,
            "rag": "red",
            "note": "Venue fell through",
        },
    )
    assert response.status_code == 302
    assert "Venue fell through" in page_text(client.get(url))
    # Another strategic lead reads the plan but owns neither it nor the action.
    other_lead = verified_client(
        UserFactory(role=Role.STRATEGIC_LEAD, agency=world.la("halton").agency)
    )
    assert "Record progress" not in page_text(other_lead.get(url))
    assert other_lead.post(url, {"note": "Mine"}).status_code == 403


def test_the_api_lists_plans_and_records_progress(world, verified_api_client):
    plan = _plan(world)
    action = _action(world, plan, due_in_days=-1)
    api = verified_api_client(world.la("halton").manager)
    [listed] = api.get("/api/v1/action-plans/").json()
    assert (listed["id"], listed["overdue_count"]) == (plan.pk, 1)
    detail = api.get(f"/api/v1/action-plans/{plan.pk}/").json()
    assert detail["actions"][0]["overdue"] is True
    response = api.post(
        f"/api/v1/plan-actions/{action.pk}/progress/",
        {"written_on": timezone.localdate().isoformat(), "note": "Done", "rag": "complete"},
        format="json",
    )
    assert response.status_code == 201
    assert api.get(f"/api/v1/action-plans/{plan.pk}/").json()["overdue_count"] == 0
    outsider = verified_api_client(world.la("warrington").manager)
    assert outsider.get(f"/api/v1/action-plans/{plan.pk}/").status_code == 404
    assert (
        api.post(
            f"/api/v1/action-plans/{plan.pk}/actions/",
            {
                "priority": "prevent",
                "description": "x",
                "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            },
            format="json",
        ).status_code
        == 403
    )
