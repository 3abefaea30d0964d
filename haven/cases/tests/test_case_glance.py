"""A case at a glance, on the case page and in its printable summary (print page and PDF): each
part shown only to those who may see its section, and every print or PDF recorded."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.cases.selectors import case_get_for_user
from haven.cases.services import case_note_add
from haven.cases.tests.world import open_case, share
from haven.core.tests.support import page_text
from haven.people.services import person_update
from haven.screening.services import screening_override_record
from haven.workflows.pages import case_glance, case_summary_for_user

pytestmark = pytest.mark.django_db


def glance_of(user, case):
    view = case_get_for_user(user=user, case_id=case.pk, record_view=False)
    summary = case_summary_for_user(user=user, case_id=case.pk)
    return case_glance(
        user=user,
        view=view,
        open_tasks=[task for task, _clock in summary.open_tasks]
        if summary.open_tasks is not None
        else None,
    )


def card(response) -> str:
    """The "At a glance" card of a page."""
    page = page_text(response)
    start = page.index('id="at-a-glance"')
    return page[start : page.index("</dl>", start)]


def overdue_task(case) -> Task:
    """Make the case's strategy meeting task late: it is then the next task due."""
    task = Task.objects.get(case=case, code="strategy_meeting")
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=2))
    return task


class TestAtAGlance:
    def test_the_lead_sees_every_part(self, world, verified_client):
        warrington = world.la("warrington")
        case = open_case(world, first_language="Arabic", interpreter_needed=True)
        task = overdue_task(case)
        shown = card(
            verified_client(warrington.practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert "Amira Haddad, born " in shown and "(14)" in shown
        assert re.search(r'id="glance-language">Arabic<', shown)
        assert "Interpreter needed" in shown
        assert "Potential victim of trafficking" in shown
        assert "sexual" in shown.lower() and "sexually exploited" in shown.lower()
        next_task = shown[shown.index('id="glance-next-task"') :]
        assert task.title in next_task and "Overdue" in next_task
        assert reverse("actions:task_detail", args=[task.pk]) in next_task
        assert f"{warrington.team.name}, {warrington.agency.name}" in shown
        assert warrington.manager.full_name in shown  # the front door's decider leads it
        # A practitioner does not allocate.
        assert reverse("cases:case_allocate", args=[case.pk]) not in shown

    def test_an_estimated_age_is_never_shown_as_a_birthday(self, world, verified_client):
        case = open_case(world)
        person_update(
            actor=world.police.practitioner,
            person=case.person,
            expected_version=case.person.version,
            dob_precision="estimated",
        )
        shown = card(
            verified_client(world.la("warrington").practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert "Amira Haddad, about 14 (estimated date of birth)" in shown

    def test_a_manager_of_the_lead_team_is_offered_to_change_the_lead(self, world, verified_client):
        case = open_case(world)
        shown = card(
            verified_client(world.la("warrington").manager).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        allocate = reverse("cases:case_allocate", args=[case.pk])
        assert re.search(
            rf'href="{allocate}">Change<span class="govuk-visually-hidden"> lead', shown
        )

    def test_not_allocated_says_so_and_offers_to_allocate(self, world, verified_client):
        case = open_case(world)
        case.__class__.objects.filter(pk=case.pk).update(lead_practitioner=None)
        shown = card(
            verified_client(world.la("warrington").manager).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert 'id="glance-lead-practitioner">Not allocated<' in shown
        assert ">Allocate<span" in shown

    def test_a_share_sees_only_what_its_sections_allow(self, world, verified_client):
        case = open_case(world, first_language="Arabic")
        overdue_task(case)
        share(world, case, world.school, ["chronology", "notes"])
        share(world, case, world.health, ["people", "tasks"])
        school = card(
            verified_client(world.school.practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert "Amira Haddad" in school and 'id="glance-lead"' in school
        for hidden in ("glance-language", "glance-screening", "glance-risks", "glance-next-task"):
            assert hidden not in school, hidden
        assert "Arabic" not in school and "Potential victim" not in school
        health = card(
            verified_client(world.health.practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert "Arabic" in health and 'id="glance-next-task"' in health
        assert "glance-screening" not in health and "glance-risks" not in health

    def test_the_parts_come_from_the_door(self, world):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        lead = glance_of(world.la("warrington").manager, case)
        assert lead.shows_person_details and lead.shows_tasks and lead.can_allocate
        assert lead.screening.outcome == "potential_victim"
        school = glance_of(world.school.practitioner, case)
        assert not school.shows_person_details and not school.shows_tasks
        assert school.screening is None and school.next_task is None and not school.can_allocate
        assert not glance_of(world.la("warrington").practitioner, case).can_allocate

    def test_the_screening_in_force_is_the_override(self, world, verified_client):
        case = open_case(world)
        screening_override_record(
            actor=world.la("warrington").manager,
            case=case,
            outcome="trafficking_not_indicated",
            reason="Taxi was arranged by the child's aunt; no exploitation found on enquiry.",
        )
        assert glance_of(world.la("warrington").manager, case).screening.outcome == (
            "trafficking_not_indicated"
        )
        shown = card(
            verified_client(world.la("warrington").practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        screening = shown[shown.index('id="glance-screening"') :]
        assert "Consider trafficking" in screening and "Potential victim" not in screening
        assert "A professional override is in force." in screening


class TestPrintableSummary:
    def test_the_print_page_has_the_summary_tasks_and_chronology_and_is_recorded(
        self, world, verified_client
    ):
        manager = world.la("warrington").manager
        case = open_case(world)
        task = overdue_task(case)
        case_note_add(actor=manager, case=case, text="Visited at the aunt's flat: Amira is well.")
        page = page_text(
            verified_client(manager).get(reverse("cases:case_summary", args=[case.pk]))
        )
        assert "OFFICIAL-SENSITIVE" in page
        assert "Case summary: Amira Haddad" in page
        assert 'id="at-a-glance"' in page and "Potential victim of trafficking" in page
        tasks = page[page.index('id="summary-tasks"') :]
        assert task.title in tasks and "Overdue" in tasks
        assert "Visited at the aunt's flat: Amira is well." in page
        assert f"by {manager.full_name}, {manager.agency.name}" in page
        assert reverse("cases:case_summary_pdf", args=[case.pk]) in page
        event = AuditEvent.objects.get(verb=Verb.CASE_SUMMARY_EXPORTED, actor=manager)
        assert event.changes == {"format": "print"}
        assert (event.target_type, event.target_id, event.person_id) == (
            "cases.case",
            str(case.pk),
            case.person_id,
        )

    def test_the_pdf_is_a_pdf_and_its_export_is_recorded(self, world, verified_client):
        manager = world.la("warrington").manager
        case = open_case(world)
        response = verified_client(manager).get(reverse("cases:case_summary_pdf", args=[case.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f'filename="{case.reference}-summary.pdf"' in response["Content-Disposition"]
        event = AuditEvent.objects.get(verb=Verb.CASE_SUMMARY_EXPORTED, actor=manager)
        assert event.changes == {"format": "pdf"}

    def test_the_pdf_holds_only_what_the_viewer_may_see(self, world, verified_client, monkeypatch):
        """The HTML the PDF is made from: a share of the chronology gets the chronology, and
        neither the screening nor the tasks."""
        made = []
        monkeypatch.setattr(
            "haven.cases.services.pdf_from_html", lambda html: made.append(html) or b"%PDF-1.7"
        )
        case = open_case(world)
        task = overdue_task(case)
        share(world, case, world.school, ["chronology"])
        school = world.school.practitioner
        response = verified_client(school).get(reverse("cases:case_summary_pdf", args=[case.pk]))
        assert response.status_code == 200
        [html] = made
        assert html.count("OFFICIAL-SENSITIVE") >= 2  # the page's header and footer, and the body
        assert "Amira Haddad" in html and "Recent chronology" in html
        assert "Front door accepted the concern" in html
        assert task.title not in html and "Potential victim" not in html
        assert 'id="summary-tasks"' not in html
        assert f"by {school.full_name}, {school.agency.name}" in html

    def test_someone_who_cannot_see_the_case_gets_not_found_and_nothing_is_recorded(
        self, world, verified_client
    ):
        case = open_case(world)
        client = verified_client(world.la("halton").manager)
        for name in ("case_summary", "case_summary_pdf"):
            assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404
        assert not AuditEvent.objects.filter(verb=Verb.CASE_SUMMARY_EXPORTED).exists()
