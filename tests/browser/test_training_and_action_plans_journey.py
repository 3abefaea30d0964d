"""Issue 15, points 3 and 5. The strategic lead records a session's last self-assessment and
reads the course's results before and after, by agency type, with small counts shown as c; then
opens the Halton action plan, sees its overdue action highlighted and the Halton manager who owns
it records progress. Axe-checked, and on a 375 px phone screen without sideways scrolling."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.roles import Role
from haven.cases.tests.world import build_world
from haven.strategy.models import Priority
from haven.strategy.services import action_plan_create, plan_action_add
from haven.strategy.tests.records import a_course, a_session, an_attendee_answering
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    screenshot,
    sign_in_as,
)


def test_training_results_and_an_overdue_action(page):
    world = build_world()
    lead = world.strategic_lead
    session = a_session(lead, a_course(lead))
    for n in range(6):
        an_attendee_answering(lead, session, world.police.agency, f"Officer {n}", (2, 1), (4, 3))
    last = an_attendee_answering(lead, session, world.health.agency, "Nurse Jones", (2, 2), None)
    plan = action_plan_create(actor=lead, area="halton", title="Halton action plan")
    plan_action_add(
        actor=lead,
        plan=plan,
        priority=Priority.IDENTIFY,
        description="Train every front door practitioner in screening for trafficking",
        due_on=timezone.localdate() - timedelta(days=3),
        owner_agency=world.la("halton").agency,
        owner_role=Role.MANAGER,
    )
    enable_login(lead)
    sign_in_as(page, lead)

    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Training").click()
    page.get_by_role("link", name="Multi-agency child trafficking awareness").click()
    page.get_by_role("link", name=session.held_on.strftime("%-d %B %Y"), exact=False).click()
    page.get_by_role("link", name=f"Record answers after the course for {last.full_name}").click()
    page.get_by_role("button", name="Record answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a score for")
    assert_accessible(page)
    screenshot(page, "training-01-answers-missing")
    for group in page.locator(".govuk-radios").all():
        group.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Record answers").click()
    expect(page.get_by_text("Nurse Jones's answers after the course recorded.")).to_be_visible()

    menu.get_by_role("link", name="Training").click()
    expect(page.get_by_text("Attended: 7. Answered before and after: 7.")).to_be_visible()
    results = page.get_by_role("table", name="Mean score before and after, all agencies")
    expect(results).to_contain_text("I can recognise the indicators of child trafficking")
    expect(results).to_contain_text("+2.0")
    by_agency = page.get_by_role("table", name="By agency type", exact=False)
    expect(by_agency.get_by_role("row", name="Health")).to_contain_text("c")
    assert_accessible(page)
    screenshot(page, "training-02-results")
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    screenshot(page, "training-03-results-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    menu.get_by_role("link", name="Action plans").click()
    page.get_by_role("link", name="Halton action plan").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "1 action is past its due date and not complete."
    )
    expect(page.get_by_role("table", name="Identify", exact=False)).to_contain_text("Overdue")
    assert_accessible(page)
    screenshot(page, "action-plans-01-overdue")

    # The Halton manager, whose role in Halton owns the action, signs in.
    manager = world.la("halton").manager
    enable_login(manager)
    page.context.clear_cookies()
    owner = page
    sign_in_as(owner, manager)
    owner.get_by_role("navigation", name="Menu").get_by_role("link", name="Action plans").click()
    owner.get_by_role("link", name="Train every front door practitioner", exact=False).first.click()
    today = timezone.localdate()
    owner.get_by_label("Day").fill(str(today.day))
    owner.get_by_label("Month").fill(str(today.month))
    owner.get_by_label("Year").fill(str(today.year))
    owner.get_by_label("Complete").check()
    owner.get_by_label("Progress").fill("Every practitioner trained on 3 sessions.")
    owner.get_by_role("button", name="Record progress").click()
    expect(owner.get_by_text("Progress recorded.")).to_be_visible()
    expect(owner.get_by_text("Every practitioner trained on 3 sessions.")).to_be_visible()
    assert_accessible(owner)
    screenshot(owner, "action-plans-02-progress")
