"""Every kind of page passes axe-core with no serious or critical violations (the journeys
check the pages they pass through; this visits the rest)."""

from datetime import timedelta

from django.utils import timezone

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.cases.services import break_glass_open
from haven.cases.tests.world import build_world, date_of_birth_for_age, open_case, share
from haven.matching.services import duplicates_find
from haven.people.services import address_add, alias_add, phone_add
from haven.workflows.strategy_meetings import meeting_schedule
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    sign_in_as,
    sign_out,
)


def check(page, path: str) -> None:
    """The page answers, passes axe-core, and fits a 375 px phone screen (issue 8 point 15:
    nothing pushes the page sideways)."""
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert_accessible(page)
    page.set_viewport_size(WIDTHS["phone"])
    assert_no_sideways_scroll(page)
    page.set_viewport_size(WIDTHS["desktop"])


def test_every_kind_of_page_is_accessible(page):
    world = build_world()
    halton = world.la("halton")
    case = open_case(
        world,
        area="halton",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=date_of_birth_for_age(16, month=1, day=1),
        dob_assigned_by_age_assessment=True,
    )
    person = case.person
    alias_add(actor=world.police.practitioner, person=person, given_name="Mo", family_name="Ali")
    phone_add(actor=halton.practitioner, person=person, number="07700 900123")
    address_add(
        actor=halton.manager,
        person=person,
        line_1="1 Safe Street",
        kind="placement",
        is_confidential=True,
        held_by_team=halton.team,
        named_users=[halton.manager],
    )
    twin = open_case(
        world,
        area="warrington",
        given_name="Mohamad",
        family_name="Ali",
        date_of_birth=date_of_birth_for_age(16, month=1, day=1),
    )
    phone_add(actor=world.la("warrington").practitioner, person=twin.person, number="07700900123")
    share(world, twin, world.school, ["chronology"])
    meeting = meeting_schedule(
        actor=halton.manager,
        case=case,
        scheduled_for=timezone.now() + timedelta(days=1),
        location="Runcorn Town Hall",
    )
    break_glass_open(
        actor=world.la("warrington").practitioner,
        case=case,
        reason="Found in Warrington overnight; need the history urgently.",
    )
    duplicates_find()
    task = Task.objects.filter(case=case).first()
    halton_auditor = UserFactory(
        email="auditor@halton.test", agency=halton.agency, role=Role.AUDITOR
    )
    enable_login(halton.manager, world.admin, halton_auditor)

    sign_in_as(page, halton.manager)
    for path in (
        "/",
        "/cases/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/chronology/",
        f"/cases/{case.pk}/share/",
        f"/cases/{case.pk}/notes/new/",
        f"/cases/{case.pk}/close/",
        f"/cases/{case.pk}/information/",
        f"/cases/{case.pk}/screening/override/",
        f"/cases/{case.pk}/reunification/",
        f"/cases/{case.pk}/meetings/new/",
        f"/meetings/{meeting.pk}/",
        f"/people/{person.pk}/",
        f"/people/{person.pk}/edit/",
        "/people/search/?q=Ali",
        "/concerns/new/",
        "/front-door/halton/",
        "/tasks/",
        f"/tasks/{task.pk}/",
        "/duplicates/",
        "/notifications/",
        "/account/tokens/",
        "/account/two_factor/",
        "/break-glass/",
    ):
        check(page, path)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert_accessible(page)
    sign_out(page)

    sign_in_as(page, halton_auditor)
    for path in ("/audit/", "/break-glass/reviews/"):
        check(page, path)
    sign_out(page)

    sign_in_as(page, world.admin)
    colleague = world.la("warrington").practitioner
    for path in (
        "/account/admin/agencies/",
        "/account/admin/users/",
        "/account/admin/users/?q=practitioner",
        f"/account/admin/users/{colleague.pk}/edit/",
        f"/account/admin/users/{colleague.pk}/deactivate/",
        f"/account/admin/users/{colleague.pk}/reset-two-factor/",
        f"/account/admin/users/{colleague.pk}/send-password-reset/",
    ):
        check(page, path)
    response = page.goto(f"/cases/{case.pk}/")
    assert response.status in (403, 404)
    assert_accessible(page)
    sign_out(page)

    # "Forgotten your password?", signed out.
    for path in (
        "/account/password-reset/",
        "/account/password-reset/sent/",
        "/account/password-reset/MQ/not-a-token/",
        "/account/password-reset/complete/",
    ):
        check(page, path)
