"""Issue: screening and the statutory response. A practitioner records a concern and sees live
screening feedback; the case shows the potential-victim outcome and tasks with clocks; the
manager schedules the strategy meeting and names who attends (issue 8: named attendees), the
invited police officer sends apologies, the manager records who attended and a high abduction
risk, and the new safe_house_escalation task appears; an overdue task shows on the manager's
list."""

import re
from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.actions.models import Task
from haven.cases.models import Case
from haven.cases.tests.world import build_world
from haven.core.working_days import add_working_days
from haven.meetings.models import MeetingAttendee, StrategyMeeting
from tests.browser.support import (
    assert_accessible,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
    sign_out,
)


def test_screening_tasks_strategy_meeting_and_escalation(page):
    world = build_world()
    warrington = world.la("warrington")
    enable_login(world.police.practitioner, warrington.manager)

    # 1. Live screening feedback while the concern is recorded.
    sign_in_as(page, world.police.practitioner)
    page.goto("/concerns/new/person/")
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Kayla")
    page.get_by_label("Family name").fill("Morris")
    page.get_by_label("What did you see or were you told?").fill(
        "Found at 2am in a flat of an unrelated man; had been given alcohol and a new phone."
    )
    fill_date(page, "occurred_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time").fill("02:00")
    feedback = page.locator("#screening-feedback")
    page.get_by_label("Found at an adult's address").check()
    expect(feedback).to_contain_text(re.compile("not indicated|purpose", re.I))
    screenshot(page, "screening-01-act-only")
    page.get_by_label("Sexual activity with adults").check()
    expect(feedback).to_contain_text("Potential victim")
    expect(feedback).to_contain_text("strategy meeting", ignore_case=True)
    page.locator("#id_immediate_danger_1").check()
    page.get_by_label("Warrington").check()
    assert_accessible(page)
    screenshot(page, "screening-02-live-feedback-potential-victim")
    page.get_by_role("button", name="Record concern").click()
    sign_out(page)

    # 2. The front door accepts; the case shows the outcome and the tasks with clocks.
    sign_in_as(page, warrington.manager)
    page.goto("/front-door/")
    page.get_by_role("link", name=re.compile("Decide")).first.click()
    page.get_by_label("Accept into a new case").check()
    page.get_by_role("button", name=re.compile("Save|Record|Confirm")).click()
    case = Case.objects.get(person__family_name="Morris")
    expect(page.locator("#screening-outcome")).to_have_text("Potential victim of trafficking")
    tasks = page.locator("#case-tasks")
    # Due 3 working days after the screening, by the same clock reading the server used (the
    # week, weekends and bank holidays included: HAVEN_TEST_NOW runs this before a bank holiday).
    screening = Task.objects.get(case=case, code="strategy_meeting").screening
    assessed_at = datetime.fromisoformat(screening.inputs["assessed_at"])
    due = timezone.localtime(add_working_days(start=assessed_at, days=3))
    expect(tasks.locator("[data-task-code=strategy_meeting]")).to_contain_text(
        f"{due:%a} {due.day} {due:%b}"
    )
    expect(tasks.locator("[data-task-code=nrm_referral]")).to_be_visible()
    expect(tasks.locator("[data-task-code=safe_house_escalation]")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "screening-03-case-outcome-and-tasks")

    # 3. Schedule the strategy meeting and record a high risk of abduction.
    page.get_by_role("button", name="Schedule a strategy meeting").click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    fill_date(page, "date", tomorrow)
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Place").fill("Warrington Town Hall, room 4")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("heading", name=re.compile("Strategy meeting"))).to_be_visible()
    page.get_by_role("button", name="Invite Police", exact=True).click()
    # Name who attends: the police officer who raised the concern, and an interpreter without a
    # Haven account.
    police = world.police.practitioner
    page.get_by_text("Add someone with a Haven account").click()
    page.get_by_label("Name", exact=True).select_option(str(police.pk))
    page.get_by_role("button", name="Add attendee").first.click()
    expect(page.locator("#attendees")).to_contain_text(police.full_name)
    page.get_by_text("Add someone without a Haven account").click()
    page.get_by_label("Full name").fill("Farah Siddiqui")
    page.get_by_label("Organisation").fill("Cheshire Interpreting Service")
    page.get_by_label("Role or job title").fill("Interpreter (Pashto)")
    assert_accessible(page)
    page.get_by_role("button", name="Add attendee").last.click()
    expect(page.locator("#attendees")).to_contain_text("Cheshire Interpreting Service")
    # Before the meeting, its outcome cannot be recorded (an outcome never precedes the meeting).
    expect(page.locator("#outcome-not-yet")).to_be_visible()
    meeting_url = page.url
    sign_out(page)

    # The police officer cannot come: they send their apologies from the meeting page.
    sign_in_as(page, police)
    page.goto(meeting_url)
    page.get_by_text("Send your apologies").click()
    page.get_by_label("Note with your apologies (optional)").fill("Sent a report.")
    assert_accessible(page)
    page.get_by_role("button", name="Send apologies").click()
    expect(page.locator("#apologies")).to_contain_text(police.full_name)
    expect(page.locator("#apologies")).to_contain_text("Sent a report.")
    expect(page.locator("#own-apologies")).to_be_visible()
    screenshot(page, "screening-04a-meeting-apologies")
    sign_out(page)

    # The next day, the meeting has been held.
    StrategyMeeting.objects.filter(case=case).update(
        scheduled_for=timezone.now() - timedelta(hours=1)
    )
    sign_in_as(page, warrington.manager)
    page.goto(meeting_url)
    interpreter = MeetingAttendee.objects.get(name="Farah Siddiqui")
    page.locator(f"#id_attendance_{interpreter.pk}_0").check()
    page.locator("#id_harm_risk_2").check()
    page.get_by_label("Why this rating (risk of harm)").fill("Ongoing sexual exploitation.")
    page.locator("#id_abduction_risk_2").check()
    page.get_by_label("Why this rating (risk of abduction)").fill(
        "The man has tried to collect her from home twice."
    )
    page.locator("#id_missing_risk_1").check()
    page.get_by_label("Why this rating (risk of going missing)").fill("One episode this month.")
    page.get_by_label("Section 47 child protection enquiry").select_option("yes")
    page.get_by_label("NRM referral").select_option("yes")
    assert_accessible(page)
    screenshot(page, "screening-04-meeting-decisions")
    page.get_by_role("button", name="Record the meeting's outcome").click()
    expect(page.locator("#meeting-outcome")).to_contain_text("High")
    expect(page.locator("#attendees")).to_contain_text("Farah Siddiqui")
    expect(page.locator("#attendees")).to_contain_text("Interpreter (Pashto)")
    expect(page.locator("#apologies")).to_contain_text("Sent a report.")
    # Warrington named no one and sent no apologies: it did not attend.
    expect(page.locator("#absent")).to_contain_text("Warrington children's social care")
    assert_accessible(page)
    # The attendance tables fit a 375 px phone screen.
    page.set_viewport_size({"width": 375, "height": 812})
    for table in ("#attendees", "#apologies", "#absent"):
        right = page.locator(table).evaluate("table => table.getBoundingClientRect().right")
        assert right <= 375, f"{table} reaches {right} px"
    screenshot(page, "screening-04b-meeting-attendance")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#case-tasks [data-task-code=safe_house_escalation]")).to_contain_text(
        "Consider a safe house"
    )
    expect(page.locator("#case-tasks [data-task-code=strategy_meeting]")).to_contain_text("Done")
    screenshot(page, "screening-05-safe-house-task")

    # 4. An overdue task on the manager's team list.
    Task.objects.filter(case=case, code="nrm_referral").update(
        due_at=timezone.now() - timedelta(hours=3)
    )
    page.goto("/tasks/")
    overdue = page.locator("#team-tasks [data-task-code=nrm_referral]")
    expect(overdue).to_contain_text("Overdue")
    assert_accessible(page)
    screenshot(page, "screening-06-overdue-task-on-team-list")
