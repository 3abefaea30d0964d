"""The concern, front door, case, sharing and break-glass pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.access import break_glass_reference
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseNote,
    CaseShare,
    Concern,
    ConcernStatus,
)
from haven.cases.services import break_glass_open, case_note_add
from haven.cases.tests.world import make_child, open_case, raise_concern, share
from haven.core.tests.support import (
    assert_error_summary_in_page_order,
    error_summary_links,
    text,
)
from haven.people.models import Person
from haven.placements.tests.support import place

pytestmark = pytest.mark.django_db


def concern_data(**changes) -> dict:
    when = timezone.localtime() - timedelta(days=1)
    data = {
        "description": "Seen getting into a taxi arranged by an unrelated adult after school.",
        "occurred_on_day": when.day,
        "occurred_on_month": when.month,
        "occurred_on_year": when.year,
        "occurred_time": "16:30",
        "location": "Warrington bus station",
        "indicator_codes": ["ind.transport_arranged_by_adult", "ind.sexual_activity_with_adults"],
        "immediate_danger": "False",
        "home_area": "warrington",
    }
    data.update(changes)
    return data


NEW_PERSON = {
    "kind": "child",
    "given_name": "Lena",
    "family_name": "Novak",
    "date_of_birth_day": "",
    "date_of_birth_month": "",
    "date_of_birth_year": "",
    "dob_precision": "unknown",
    "dob_assigned_by_age_assessment": "False",
    "gender": "female",
    "nationality": "AL",
    "other_nationality": "",
    "first_language": "Albanian",
    "interpreter_needed": "True",
}


def no_access_users(world):
    return {
        "other_authority": world.la("halton").manager,
        "admin": world.admin,
        "strategic_lead": world.strategic_lead,
    }


class TestRecordAConcern:
    def test_start_page_searches_and_offers_someone_new(self, world, verified_client):
        make_child(world.police.practitioner)
        client = verified_client(world.police.practitioner)
        page = text(client.get(reverse("cases:concern_start"), {"q": "Haddad"}))
        person = Person.objects.get()
        assert reverse("cases:concern_create", args=[person.pk]) in page
        assert reverse("cases:concern_create_new_person") in page

    def test_concern_about_a_known_child_goes_to_the_front_door(self, world, verified_client):
        child = make_child(world.police.practitioner)
        client = verified_client(world.police.practitioner)
        url = reverse("cases:concern_create", args=[child.pk])
        form_page = text(client.get(url))
        assert 'data-csrf-token="' in form_page
        assert "concern-form.js" in form_page
        assert 'aria-live="polite"' in form_page
        assert "Record elements directly" in form_page
        assert "Transport arranged by an adult" in form_page

        response = client.post(url, concern_data())
        concern = Concern.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:concern_detail", args=[concern.pk])
        assert concern.status == ConcernStatus.AWAITING_DECISION
        assert concern.indicator_codes == [
            "ind.sexual_activity_with_adults",
            "ind.transport_arranged_by_adult",
        ]

        page = text(client.get(response["Location"]))
        assert "Concern recorded" in page
        # GOV.UK's confirmation page: the panel alone, not a success banner saying it again.
        assert "govuk-notification-banner--success" not in page
        assert "Sent to Warrington children's social care front door" in page
        assert "They decide by" in page
        assert "Potential victim" in page
        assert 'data-action-code="nrm_referral"' in page
        assert "Call 999 now" not in page
        # The confirmation panel is shown once.
        assert "govuk-panel" not in text(client.get(response["Location"]))

    def test_the_addresses_and_phones_mentioned_are_read_one_a_line(self, world, verified_client):
        child = make_child(world.police.practitioner)
        client = verified_client(world.police.practitioner)
        url = reverse("cases:concern_create", args=[child.pk])
        form_page = text(client.get(url))
        assert "Addresses mentioned (optional)" in form_page
        assert "Phone numbers mentioned (optional)" in form_page
        refused = client.post(url, concern_data(phones_mentioned="07700 900982\r\nnot a number"))
        assert refused.status_code == 200
        assert "Line 2 is not a phone number" in text(refused)
        assert not Concern.objects.exists()
        response = client.post(
            url,
            concern_data(
                places_mentioned="Flat 3, 14 Bridge Street, wa7 1ab",
                phones_mentioned="07700 900982",
            ),
        )
        concern = Concern.objects.get()
        assert concern.places_mentioned == [
            {"line": "Flat 3, 14 Bridge Street", "postcode": "WA7 1AB"}
        ]
        assert concern.phones_mentioned == ["+447700900982"]
        assert "Flat 3, 14 Bridge Street, WA7 1AB" in text(client.get(response["Location"]))

    def test_immediate_danger_always_shows_the_999_warning(self, world, verified_client):
        child = make_child(world.police.practitioner)
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create", args=[child.pk]),
            concern_data(immediate_danger="True"),
        )
        page = text(client.get(response["Location"]))
        assert "Call 999 now if you have not already" in page
        assert 'data-action-code="call_999"' in page

    def test_elements_recorded_directly_are_saved(self, world, verified_client):
        child = make_child(world.police.practitioner)
        client = verified_client(world.police.practitioner)
        client.post(
            reverse("cases:concern_create", args=[child.pk]),
            concern_data(
                indicator_codes=[],
                act_codes=["act.recruitment"],
                purpose_codes=["purpose.labour_exploitation"],
            ),
        )
        assert Concern.objects.get().indicator_codes == [
            "act.recruitment",
            "purpose.labour_exploitation",
        ]

    def test_bad_input_shows_the_error_summary_and_saves_nothing(self, world, verified_client):
        child = make_child(world.police.practitioner)
        response = verified_client(world.police.practitioner).post(
            reverse("cases:concern_create", args=[child.pk]),
            concern_data(description="", occurred_time="25:99", immediate_danger=""),
        )
        page = text(response)
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "Enter what you saw or were told" in page
        assert "Enter the time using the 24-hour clock" in page
        assert "Select yes or no: is the person in immediate danger?" in page
        assert not Concern.objects.exists()

    def test_the_error_summary_follows_the_page_order(self, world, verified_client):
        """Issue 8 point 15: problems listed in the order of the fields on the page, about
        the person first, then what happened, what was seen, danger and area."""
        response = verified_client(world.police.practitioner).post(
            reverse("cases:concern_create_new_person"),
            {"occurred_time": "25:99", "date_of_birth_year": "20x1"},
        )
        assert response.status_code == 200
        assert len(error_summary_links(response)) >= 4
        assert_error_summary_in_page_order(response)

    def test_concern_about_someone_new_records_both_together(self, world, verified_client):
        client = verified_client(world.school.practitioner)
        url = reverse("cases:concern_create_new_person")
        assert "About the person" in text(client.get(url))
        response = client.post(url, {**NEW_PERSON, **concern_data()})
        assert response.status_code == 302
        concern = Concern.objects.get()
        assert concern.person.full_name == "Lena Novak"
        assert [str(c) for c in concern.person.nationalities] == ["AL"]
        page = text(client.get(response["Location"]))
        assert 'data-action-code="interpreter"' in page

    def test_new_person_errors_show_on_their_fields_and_nothing_is_saved(
        self, world, verified_client
    ):
        future = timezone.localdate() + timedelta(days=400)
        response = verified_client(world.school.practitioner).post(
            reverse("cases:concern_create_new_person"),
            {
                **NEW_PERSON,
                "date_of_birth_day": future.day,
                "date_of_birth_month": future.month,
                "date_of_birth_year": future.year,
                "dob_precision": "exact",
                **concern_data(),
            },
        )
        page = text(response)
        assert "There is a problem" in page
        assert "Date of birth must be in the past" in page
        assert not Person.objects.exists()
        assert not Concern.objects.exists()

    def test_adult_concern_shows_the_adult_routes(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create_new_person"),
            {**NEW_PERSON, "kind": "adult_of_concern", **concern_data()},
        )
        page = text(client.get(response["Location"]))
        assert "This concern is about an adult" in page
        assert 'data-action-code="adult_social_care_referral"' in page
        assert 'data-action-code="report_police_101"' in page

    def test_roles_that_cannot_raise_concerns_are_forbidden(self, world, verified_client):
        client = verified_client(world.admin)
        assert client.get(reverse("cases:concern_start")).status_code == 403
        assert client.get(reverse("cases:concern_create_new_person")).status_code == 403

    def test_a_person_the_user_cannot_see_is_not_found(self, world, verified_client):
        child = make_child(world.la("halton").practitioner)
        response = verified_client(world.police.practitioner).get(
            reverse("cases:concern_create", args=[child.pk])
        )
        assert response.status_code == 404


class TestConcernPage:
    def test_visible_to_the_raiser_and_the_front_door_with_an_audit_row(
        self, world, verified_client
    ):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        url = reverse("cases:concern_detail", args=[concern.pk])
        for user in (world.police.practitioner, world.la("warrington").manager):
            assert verified_client(user).get(url).status_code == 200
            assert AuditEvent.objects.filter(
                verb=Verb.VIEWED, actor=user, target_type="cases.concern", target_id=str(concern.pk)
            ).exists()
        assert "Decide" in text(verified_client(world.la("warrington").manager).get(url))

    @pytest.mark.parametrize("who", ["other_authority", "admin", "strategic_lead"])
    def test_not_found_for_others(self, world, verified_client, who):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        client = verified_client(no_access_users(world)[who])
        assert client.get(reverse("cases:concern_detail", args=[concern.pk])).status_code == 404
        assert client.get(reverse("cases:concern_decide", args=[concern.pk])).status_code == 404


class TestFrontDoor:
    def test_front_door_users_go_to_their_area(self, world, verified_client):
        response = verified_client(world.la("warrington").practitioner).get(
            reverse("cases:front_door")
        )
        assert response["Location"] == reverse("cases:front_door_area", args=["warrington"])

    def test_agencies_without_a_front_door_are_told_so(self, world, verified_client):
        response = verified_client(world.police.practitioner).get(reverse("cases:front_door"))
        assert response.status_code == 200
        assert "Your agency has no front door" in text(response)

    @pytest.mark.parametrize("who", ["other_authority", "admin", "strategic_lead"])
    def test_another_areas_queue_is_not_found(self, world, verified_client, who):
        client = verified_client(no_access_users(world)[who])
        url = reverse("cases:front_door_area", args=["warrington"])
        assert client.get(url).status_code == 404

    def test_queue_shows_clocks_without_extra_queries_per_row(
        self, world, verified_client, django_assert_max_num_queries
    ):
        police = world.police.practitioner
        for n in range(16):
            raise_concern(police, make_child(police, given_name=f"Child{n}"))
        Concern.objects.filter(pk__in=Concern.objects.order_by("pk").values("pk")[:3]).update(
            decision_due_at=timezone.now() - timedelta(hours=1)
        )
        client = verified_client(world.la("warrington").manager)
        url = reverse("cases:front_door_area", args=["warrington"])
        client.get(url)
        with django_assert_max_num_queries(15):
            response = client.get(url)
        page = text(response)
        assert "16 concerns waiting for a decision" in page
        assert page.count("Overdue</strong>") == 3
        assert "Raised by" in page and "Decision due" in page

    def test_accept_into_a_new_case(self, world, verified_client):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        la = world.la("warrington")
        client = verified_client(la.manager)
        url = reverse("cases:concern_decide", args=[concern.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "decision": "new_case",
                "lead_practitioner": la.practitioner.pk,
                "reason": "",
                "version": concern.version,
            },
        )
        case = Case.objects.get()
        assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
        assert case.lead_practitioner == la.practitioner

    def test_accept_into_an_existing_case(self, world, verified_client):
        case = open_case(world)
        concern = raise_concern(world.health.practitioner, case.person)
        client = verified_client(world.la("warrington").manager)
        url = reverse("cases:concern_decide", args=[concern.pk])
        assert case.reference in text(client.get(url))
        client.post(url, {"decision": "existing_case", "case": case.pk, "version": concern.version})
        concern.refresh_from_db()
        assert concern.case == case

    def test_bad_decisions_show_the_error_summary_and_save_nothing(self, world, verified_client):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        client = verified_client(world.la("warrington").manager)
        url = reverse("cases:concern_decide", args=[concern.pk])
        no_choice = text(client.post(url, {"version": concern.version}))
        assert "There is a problem" in no_choice and "Select your decision" in no_choice
        no_reason = text(
            client.post(url, {"decision": "information_only", "version": concern.version})
        )
        assert "Enter the reason for your decision" in no_reason
        concern.refresh_from_db()
        assert concern.status == ConcernStatus.AWAITING_DECISION

    def test_a_stale_decision_is_refused(self, world, verified_client):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        la = world.la("warrington")
        url = reverse("cases:concern_decide", args=[concern.pk])
        first, second = verified_client(la.manager), verified_client(la.practitioner)
        first.get(url)
        second.get(url)
        reason = "Family moved to Wigan: referred to Wigan's front door."
        first.post(
            url, {"decision": "referred_elsewhere", "reason": reason, "version": concern.version}
        )
        response = second.post(
            url, {"decision": "no_further_action", "reason": reason, "version": concern.version}
        )
        page = text(response)
        assert "There is a problem" in page
        assert "saved this record while you were editing it" in page
        assert "A decision has already been recorded: referred elsewhere" in page
        concern.refresh_from_db()
        assert concern.status == ConcernStatus.REFERRED_ELSEWHERE

    def test_the_agency_that_raised_it_cannot_decide(self, world, verified_client):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        response = verified_client(world.police.practitioner).get(
            reverse("cases:concern_decide", args=[concern.pk])
        )
        assert response.status_code == 403


class TestCaseList:
    def test_lists_cases_with_how_the_user_sees_them(
        self, world, verified_client, django_assert_max_num_queries
    ):
        for n in range(16):
            case = open_case(world, given_name=f"Child{n}")
        share(world, case, world.school, ["chronology", "meetings"])
        school = verified_client(world.school.practitioner)
        page = text(school.get(reverse("cases:case_list")))
        assert "1 case" in page
        assert "Shared: chronology, strategy meetings" in page

        client = verified_client(world.la("warrington").practitioner)
        client.get(reverse("cases:case_list"))
        with django_assert_max_num_queries(17):
            response = client.get(reverse("cases:case_list"))
        page = text(response)
        assert "16 cases" in page
        assert page.count('<td class="govuk-table__cell">Lead</td>') == 16
        assert case.reference in page

    def test_filter_by_name_and_status(self, world, verified_client):
        open_case(world)
        open_case(world, given_name="Bilal", family_name="Ahmed")
        client = verified_client(world.la("warrington").practitioner)
        page = text(client.get(reverse("cases:case_list"), {"q": "Ahmed", "status": "open"}))
        assert "Bilal Ahmed" in page and "Amira" not in page
        assert "No cases match" in text(
            client.get(reverse("cases:case_list"), {"q": "", "status": "closed"})
        )

    def test_paginated(self, world, verified_client):
        for n in range(26):
            open_case(world, given_name=f"Child{n:02d}")
        client = verified_client(world.la("warrington").practitioner)
        page = text(client.get(reverse("cases:case_list"), {"status": "open"}))
        assert "Page 1 of 2" in page
        assert "status=open&page=2" in page

    def test_roles_without_cases_are_forbidden(self, world, verified_client):
        assert verified_client(world.admin).get(reverse("cases:case_list")).status_code == 403


class TestCasePage:
    def test_lead_sees_every_section_and_the_view_is_audited(self, world, verified_client):
        case = open_case(world)
        la = world.la("warrington")
        case_note_add(actor=la.manager, case=case, text="Spoke to the school's safeguarding lead.")
        response = verified_client(la.practitioner).get(
            reverse("cases:case_detail", args=[case.pk])
        )
        assert response.status_code == 200
        page = text(response)
        for heading in ("People", "Notes", "Chronology", "Sharing", "Placement"):
            assert f">{heading}</h2>" in page, heading
        assert "Spoke to the school's safeguarding lead." in page
        assert reverse("cases:share", args=[case.pk]) in page
        assert reverse("cases:case_close", args=[case.pk]) in page
        assert AuditEvent.objects.filter(
            verb=Verb.VIEWED, actor=la.practitioner, target_type="cases.case"
        ).exists()

    def test_a_share_shows_only_its_sections(self, world, verified_client):
        case = open_case(world)
        case_note_add(
            actor=world.la("warrington").manager, case=case, text="Private note for the lead."
        )
        share(world, case, world.school, ["chronology"])
        page = text(
            verified_client(world.school.practitioner).get(
                reverse("cases:case_detail", args=[case.pk])
            )
        )
        assert ">Chronology</h2>" in page
        assert ">Notes</h2>" not in page
        assert "Private note for the lead." not in page
        assert ">Sharing</h2>" not in page
        assert reverse("cases:share", args=[case.pk]) not in page

    @pytest.mark.parametrize("who", ["other_authority", "admin", "strategic_lead"])
    def test_not_found_for_users_without_access(self, world, verified_client, who):
        case = open_case(world)
        client = verified_client(no_access_users(world)[who])
        for name in ("case_detail", "chronology", "note_add", "share", "case_close"):
            assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404, name

    def test_confidential_placement_shown_only_to_named_users(self, world, verified_client):
        case = open_case(world)
        la = world.la("warrington")
        place(la.manager, case, address_line="7 Quiet Lane", named_users=[la.manager])
        url = reverse("cases:case_detail", args=[case.pk])
        assert "7 Quiet Lane" in text(verified_client(la.manager).get(url))
        assert AuditEvent.objects.filter(
            actor=la.manager, verb=Verb.VIEWED, target_type="people.address"
        ).exists()
        other = text(verified_client(la.practitioner).get(url))
        assert "7 Quiet Lane" not in other
        assert "Confidential address held by" in other


class TestChronology:
    def test_filtered_newest_first_paginated_and_bounded(
        self, world, verified_client, django_assert_max_num_queries
    ):
        case = open_case(world)
        la = world.la("warrington")
        for n in range(20):
            case_note_add(
                actor=la.practitioner,
                case=case,
                text=f"Note number {n:02d}",
                occurred_at=timezone.now() - timedelta(hours=20 - n),
            )
        client = verified_client(la.practitioner)
        url = reverse("cases:chronology", args=[case.pk])
        client.get(url)
        with django_assert_max_num_queries(17):
            response = client.get(url, {"kind": "note"})
        page = text(response)
        assert page.index("Note number 19") < page.index("Note number 00")
        assert "20 events" in page
        assert "Case opened" not in page
        assert "use your browser's print option" in page
        assert AuditEvent.objects.filter(
            actor=la.practitioner, verb=Verb.VIEWED, target_type="cases.chronology"
        ).exists()

    def test_not_found_without_the_chronology_section(self, world, verified_client):
        case = open_case(world)
        share(world, case, world.school, ["meetings"])
        response = verified_client(world.school.practitioner).get(
            reverse("cases:chronology", args=[case.pk])
        )
        assert response.status_code == 404


class TestNotesSharingAndClosing:
    def test_add_a_note(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").practitioner)
        url = reverse("cases:note_add", args=[case.pk])
        bad = text(client.post(url, {"text": "", "sensitivity": "standard"}))
        assert "There is a problem" in bad and "Enter the note" in bad
        assert not CaseNote.objects.exists()
        response = client.post(url, {"text": "Visited at home.", "sensitivity": "standard"})
        assert response.status_code == 302
        assert CaseNote.objects.get().text == "Visited at home."

    def test_share_with_another_agency_and_revoke(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").manager)
        url = reverse("cases:share", args=[case.pk])
        page = text(client.get(url))
        assert "Share until" in page
        until = timezone.localdate() + timedelta(days=10)
        response = client.post(
            url,
            {
                "agency": world.school.agency.pk,
                "team": "",
                "sections": ["chronology", "meetings"],
                "reason": "The school supports the child's safety plan.",
                "lawful_basis": "safeguarding_children",
                "until_day": until.day,
                "until_month": until.month,
                "until_year": until.year,
            },
        )
        assert response.status_code == 302
        grant = CaseShare.objects.get()
        assert grant.sections == ["chronology", "meetings"]
        assert timezone.localdate(grant.expires_at) == until

        revoke = client.post(reverse("cases:share_revoke", args=[case.pk, grant.pk]))
        assert revoke.status_code == 302
        grant.refresh_from_db()
        assert grant.revoked_at is not None

    def test_share_bad_input_shows_errors_and_saves_nothing(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").manager)
        response = client.post(
            reverse("cases:share", args=[case.pk]),
            {
                "agency": world.school.agency.pk,
                "reason": "short",
                "lawful_basis": "safeguarding_children",
                "until_day": "1",
                "until_month": "1",
                "until_year": str(timezone.localdate().year + 3),
            },
        )
        page = text(response)
        assert "There is a problem" in page
        assert "Select at least one part of the case to share" in page
        assert not CaseShare.objects.exists()
        too_long = text(
            client.post(
                reverse("cases:share", args=[case.pk]),
                {
                    "agency": world.school.agency.pk,
                    "sections": ["chronology"],
                    "reason": "The school supports the child's safety plan.",
                    "lawful_basis": "safeguarding_children",
                    "until_day": "1",
                    "until_month": "1",
                    "until_year": str(timezone.localdate().year + 3),
                },
            )
        )
        assert "Share for at most a year" in too_long
        assert not CaseShare.objects.exists()

    def test_only_the_lead_may_share_or_close(self, world, verified_client):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        client = verified_client(world.school.practitioner)
        assert client.get(reverse("cases:share", args=[case.pk])).status_code == 403
        assert client.get(reverse("cases:case_close", args=[case.pk])).status_code == 403

    def test_close_a_case(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").manager)
        url = reverse("cases:case_close", args=[case.pk])
        bad = text(client.post(url, {"reason": "done", "version": case.version}))
        assert "Give the reason for closing the case" in bad
        case.refresh_from_db()
        assert case.status == "open"
        response = client.post(
            url, {"reason": "Child safe and settled; plan ended.", "version": case.version}
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == "closed"

    def test_a_stale_close_is_refused_naming_who_changed_what(self, world, verified_client):
        case = open_case(world)
        la = world.la("warrington")
        url = reverse("cases:case_close", args=[case.pk])
        first, second = verified_client(la.manager), verified_client(la.practitioner)
        first.get(url)
        second.get(url)
        first.post(url, {"reason": "Child safe and settled; plan ended.", "version": case.version})
        response = second.post(
            url, {"reason": "Moved out of the area: transferred.", "version": case.version}
        )
        page = text(response)
        assert "There is a problem" in page
        assert la.manager.email in page
        assert "status" in page
        case.refresh_from_db()
        assert case.closed_reason == "Child safe and settled; plan ended."


class TestBreakGlass:
    REASON = "Child found at 2am at an address linked to exploitation; need history now."

    def test_the_form_does_not_reveal_whether_a_case_exists(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("halton").practitioner)
        real = client.get(reverse("cases:break_glass", args=[case.pk]))
        missing = case.pk + 1000
        fake = client.get(reverse("cases:break_glass", args=[missing]))
        assert real.status_code == fake.status_code == 200

        def content(response, pk):
            page = text(response)
            main = page[page.index("<main") : page.index("</main>")]
            main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
            return main.replace(f"HVN-{pk:06d}", "HVN-X")

        assert content(real, case.pk) == content(fake, missing)
        assert "Amira" not in text(real)

    def test_short_reason_is_refused_before_the_case_is_looked_up(self, world, verified_client):
        client = verified_client(world.la("halton").practitioner)
        response = client.post(reverse("cases:break_glass", args=[99999]), {"reason": "urgent"})
        page = text(response)
        assert "at least 20 characters" in page
        assert "No case has this reference" not in page

    def test_unknown_case_is_not_found_after_a_reason(self, world, verified_client):
        client = verified_client(world.la("halton").practitioner)
        response = client.post(
            reverse("cases:break_glass_start"), {"reference": "HVN-099999", "reason": self.REASON}
        )
        assert "No case has this reference" in text(response)
        assert not BreakGlassAccess.objects.exists()

    def test_break_glass_opens_the_case_with_a_banner(self, world, verified_client):
        case = open_case(world)
        user = world.la("halton").practitioner
        client = verified_client(user)
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
        # The reference a "known to" answer gave this user (a case reference alone is not enough).
        response = client.post(
            reverse("cases:break_glass_start"),
            {"reference": break_glass_reference(user, case), "reason": self.REASON},
        )
        assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
        page = text(client.get(response["Location"]))
        assert "You are using break-glass access, recorded and reviewed" in page
        assert AuditEvent.objects.filter(actor=user, verb=Verb.BREAK_GLASS_USED).exists()

    def test_roles_without_break_glass_are_forbidden(self, world, verified_client):
        client = verified_client(world.admin)
        assert client.get(reverse("cases:break_glass_start")).status_code == 403
        assert client.get(reverse("cases:break_glass", args=[1])).status_code == 403

    def test_auditors_review_each_access(self, world, verified_client):
        case = open_case(world)
        access = break_glass_open(
            actor=world.la("halton").practitioner, case=case, reason=self.REASON
        )
        client = verified_client(world.auditor)
        page = text(client.get(reverse("cases:break_glass_reviews")))
        assert self.REASON in page
        url = reverse("cases:break_glass_review", args=[access.pk])
        bad = text(client.post(url, {f"review-{access.pk}-note": ""}))
        assert "There is a problem" in bad and "Enter your review" in bad
        access.refresh_from_db()
        assert access.reviewed_at is None
        response = client.post(
            url,
            {
                f"review-{access.pk}-outcome": "justified",
                f"review-{access.pk}-note": "Justified: child found at night.",
            },
        )
        assert response.status_code == 302
        access.refresh_from_db()
        assert access.reviewed_by == world.auditor

    def test_only_auditors_see_reviews(self, world, verified_client):
        response = verified_client(world.la("warrington").manager).get(
            reverse("cases:break_glass_reviews")
        )
        assert response.status_code == 403


class TestNavigation:
    def nav(self, client) -> str:
        page = text(client.get(reverse("core:start")))
        return page[page.index('id="navigation"') : page.index("</nav>")]

    def test_entries_follow_role_permissions(self, world, verified_client):
        practitioner = self.nav(verified_client(world.la("warrington").practitioner))
        for name in ("cases:concern_start", "cases:front_door", "cases:case_list", "people:search"):
            assert f'href="{reverse(name)}"' in practitioner, name
        assert reverse("cases:break_glass_reviews") not in practitioner
        auditor = self.nav(verified_client(world.auditor))
        assert f'href="{reverse("cases:break_glass_reviews")}"' in auditor
        assert reverse("cases:concern_start") not in auditor
