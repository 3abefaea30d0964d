"""Issue 8, point 9: "My work". Warrington's front door manager assigns a task to a practitioner
of the team; the practitioner finds it on their home page and in their notifications (naming
the child), marks everything read; the team's task list reads at desktop width and on a 375 px
phone without scrolling sideways."""

import re

from playwright.sync_api import expect

from haven.actions.models import Task
from haven.cases.tests.world import build_world, open_case
from tests.browser.support import (
    assert_accessible,
    enable_login,
    screenshot,
    sign_in_as,
    sign_out,
)

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide in a {width} px window"


def test_a_manager_assigns_a_task_and_the_practitioner_finds_it(page):
    world = build_world()
    warrington = world.la("warrington")
    manager, practitioner = warrington.manager, warrington.practitioner
    enable_login(manager, practitioner)
    case = open_case(world)
    task = Task.objects.get(case=case, code="strategy_meeting")
    child = case.person.full_name

    # 1. The manager opens the task from the team's list and assigns it.
    sign_in_as(page, manager)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.locator("#front-door")).to_contain_text("Concerns waiting for a decision")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Tasks").click()
    row = page.locator("#team-tasks tr", has_text=task.title)
    expect(row).to_contain_text("Not assigned")
    row.get_by_role("link", name=task.title).click()
    expect(page.locator("#task-owner")).to_contain_text("Not assigned")
    page.get_by_label("Assign to").select_option(label=practitioner.full_name)
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text(f"Task assigned to {practitioner.full_name}.")).to_be_visible()
    expect(page.locator("#task-owner")).to_have_text(practitioner.full_name)
    assert_accessible(page)
    screenshot(page, "my-work-01-manager-assigned-task")
    sign_out(page)

    # 2. The practitioner sees it on their home page and in their notifications.
    sign_in_as(page, practitioner)
    mine = page.locator("#my-tasks")
    expect(mine).to_contain_text(task.title)
    expect(mine).to_contain_text(f"For {child}, case {case.reference}")
    assert_accessible(page)
    screenshot(page, "my-work-02-practitioner-home")
    page.get_by_role("link", name=re.compile(r"Notifications \(\d+ new\)")).click()
    notifications = page.locator("#notifications")
    expect(notifications).to_contain_text("A task has been assigned to you")
    expect(notifications).to_contain_text(f"assigned you '{task.title}' for {child}")
    assert_accessible(page)
    screenshot(page, "my-work-03-notifications")
    page.get_by_role("button", name=re.compile("^Mark all as read")).click()
    expect(page.get_by_text(re.compile(r"notifications? marked as read\."))).to_be_visible()
    expect(notifications.locator(".govuk-tag", has_text="New")).to_have_count(0)
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "my-work-04-all-read")

    # 3. The team's task list, on a desk and on a phone: nothing pushes the page sideways.
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.goto("/tasks/?owner=me")
        expect(page.locator("#team-tasks")).to_contain_text(task.title)
        expect(page.locator("#team-tasks")).to_contain_text("You")
        no_sideways_scroll(page, size["width"])
        assert_accessible(page)
        screenshot(page, f"my-work-05-task-list-{name}")
        page.goto("/")
        no_sideways_scroll(page, size["width"])
        screenshot(page, f"my-work-06-home-{name}")
