"""The investigation pages: what each reader sees (suspects as the door allows, the statement
note, the Schedule 4 answer, the next update due), the forms' GOV.UK errors, and the 403 page
that says who may record what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from haven.cases.models import CaseSection
from haven.cases.tests.world import date_of_birth_for_age, open_case, share
from haven.investigations import services
from haven.investigations.models import Investigation, Order
from haven.investigations.selectors import POLICE_ONLY
from haven.investigations.tests.scenario import investigation_scene, suspected_adult

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def scene(world):
    return investigation_scene(world)


def _date(name: str, day) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _page(scene):
    return reverse("investigations:detail", args=[scene.investigation.pk])


def test_the_police_open_an_investigation_from_the_page(world, verified_client):
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION])
    adult = suspected_adult(world, case)
    client = verified_client(world.police.practitioner)
    url = reverse("investigations:open", args=[case.pk])
    assert "Dean Marsh" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "officer_in_charge": "DC Priya Shah",
            "crime_references": "CC/2026/01234\nCC/2026/01235",
            "offences": ["msa2015_s2"],
            "victim_statement": "declined",
            "suspects": [adult.pk],
            **_date("opened_on", TODAY()),
        },
    )
    investigation = Investigation.objects.get(case=case)
    assert response.url == reverse("investigations:detail", args=[investigation.pk])
    assert investigation.crime_references == ["CC/2026/01234", "CC/2026/01235"]
    page = client.get(response.url).content.decode()
    assert "Human trafficking (Modern Slavery Act 2015, section 2)" in page
    assert "No: declined to give a statement" in page
    assert "The investigation continues whether or not the child gives a statement." in page
    assert "Dean Marsh" in page


def test_the_open_form_shows_govuk_errors(world, verified_client):
    case = open_case(world)
    share(world, case, world.police, [CaseSection.INVESTIGATION])
    response = verified_client(world.police.practitioner).post(
        reverse("investigations:open", args=[case.pk]), {}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Enter the name of the officer in charge",
        "Select at least one offence being investigated",
        "Select whether the child gave a statement",
        "Enter the date the investigation began",
    ):
        assert message in page
    assert not Investigation.objects.exists()


def test_a_share_of_the_investigation_alone_shows_suspect_1_not_who(world, scene, verified_client):
    share(world, scene.case, world.school, [CaseSection.INVESTIGATION])
    page = verified_client(world.school.practitioner).get(_page(scene)).content.decode()
    assert "Suspect 1" in page
    assert "Marsh" not in page
    assert "Who is suspected is shown only to the police" in page
    assert "Record an order or notice" not in page


def test_the_lead_authority_is_told_who_may_record_an_order(world, scene, verified_client):
    response = verified_client(world.la("warrington").practitioner).get(
        reverse("investigations:order_add", args=[scene.investigation.pk])
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert escape(POLICE_ONLY) in page
    assert "Back to the investigation" in page


def test_the_case_page_panel_offers_opening_to_the_police_only(world, scene, verified_client):
    case_url = reverse("cases:case_detail", args=[scene.case.pk])
    police = verified_client(world.police.practitioner).get(case_url).content.decode()
    assert "Police investigations" in police and "DC Priya Shah" in police
    assert "Open an investigation" in police
    lead = verified_client(world.la("warrington").practitioner).get(case_url).content.decode()
    assert "DC Priya Shah" in lead
    assert "Open an investigation" not in lead


def test_the_childs_arrest_shows_the_schedule_4_answer(world, scene, verified_client):
    client = verified_client(world.police.practitioner)
    url = reverse("investigations:arrest_add", args=[scene.investigation.pk])
    for offence in ("mda1971_s4_3", "ta1968_s8"):
        response = client.post(
            url,
            {
                "offence": offence,
                "linked_to_exploitation": "Made to carry drugs for the adults.",
                **_date("arrested_on", TODAY()),
            },
        )
        assert response.status_code == 302
    page = client.get(_page(scene)).content.decode()
    assert "The section 45 defence may be available: this offence is not in Schedule 4." in page
    assert (
        "The section 45 defence is not available: this offence is in Schedule 4 "
        "(Theft Act 1968)." in page
    )
    assert "Not reviewed yet" in page


def test_the_review_is_shown_in_plain_words(world, scene, verified_client):
    offence = services.child_offence_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        offence="mda1971_s6",
        arrested_on=TODAY(),
        linked_to_exploitation="Found at a cannabis farm.",
    )
    client = verified_client(world.police.practitioner)
    response = client.post(
        reverse("investigations:review_add", args=[scene.investigation.pk, offence.pk]),
        {
            "section_45_considered": "True",
            "trained_interviewer": "True",
            "out_of_hours_informed": "False",
            **_date("reviewed_on", TODAY()),
        },
    )
    assert response.status_code == 302
    page = client.get(_page(scene)).content.decode()
    assert "Section 45 defence considered</dt>" in page
    assert "EDT, out-of-hours and PACE officers told" in page


def test_the_case_team_records_an_update_and_sees_the_next_due(world, scene, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    response = client.post(
        reverse("investigations:update_add", args=[scene.investigation.pk]),
        {
            "given_to": "child",
            "summary": "Told her the police have charged the man.",
            **_date("given_on", TODAY()),
        },
    )
    assert response.status_code == 302
    page = client.get(_page(scene)).content.decode()
    assert "Told her the police have charged the man." in page
    due = TODAY() + timedelta(days=28)
    assert f"is due by <strong>{due:%-d %B %Y}</strong>" in page


def test_a_notice_for_a_16_year_old_not_in_care_is_refused_on_the_form(world, verified_client):
    scene = investigation_scene(world, open_case(world, date_of_birth=date_of_birth_for_age(16)))
    response = verified_client(world.police.practitioner).post(
        reverse("investigations:order_add", args=[scene.investigation.pk]),
        {
            "suspect_id": scene.suspect.pk,
            "order_type": "cawn",
            "address_line_1": "12 Orford Lane",
            "postcode": "WA2 7AA",
            **_date("issued_on", TODAY()),
        },
    )
    assert response.status_code == 200
    assert "can only be given if the child is in care" in response.content.decode()
    assert not Order.objects.exists()


def test_a_stale_edit_says_who_saved_first(world, scene, verified_client):
    services.investigation_update(
        actor=world.police.manager,
        investigation=scene.investigation,
        expected_version=1,
        officer_in_charge="DS Tom Reilly",
    )
    response = verified_client(world.police.practitioner).post(
        reverse("investigations:edit", args=[scene.investigation.pk]),
        {
            "officer_in_charge": "DC Priya Shah",
            "offences": ["msa2015_s2"],
            "victim_statement": "given",
            "status": "open",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "saved this record while you were editing it" in response.content.decode()
