"""The HTCDS 2.0 case export end to end (decision 0031): each section only as far as the caller
sees the case, a confidential address never, suspects only for those who may learn them, 404
for anyone who cannot see the case (strategic leads included), and every export audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.models import CaseSection
from haven.cases.tests.world import hide_placement, open_case, share
from haven.investigations.tests.scenario import investigation_scene
from haven.nrm.rules import NrmState
from haven.nrm.services import nrm_decision_record, nrm_referral_submit, nrm_referral_update
from haven.people.services import address_add
from haven.workflows.nrm import nrm_referral_start

pytestmark = pytest.mark.django_db


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/export/htcds/"


def exports(case) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            verb=Verb.CASE_HTCDS_EXPORTED, target_type="cases.case", target_id=str(case.pk)
        )
    )


def test_the_lead_authority_gets_every_section_and_the_export_is_audited(
    world, verified_api_client
):
    case = open_case(world)
    lead = world.la("warrington").manager
    address_add(
        actor=lead,
        person=case.person,
        line_1="4 Orford Lane",
        town="Warrington",
        postcode="WA2 7AA",
    )
    hide_placement(world.la("warrington"), case.person, "1 Safe Row", named_users=[lead])

    response = verified_api_client(lead).get(url(case))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-htcds.json"'
    body = response.json()
    assert body["prs_FirstName"] == "Amira"
    assert body["prs_Gender"] == "Feminine"
    assert body["prs_Citizenship"] == ["GB"]
    assert body["vic_AgeWhenTrafficked"] == 14
    # The concern's indicators: transport by an adult, sexual activity with adults.
    assert body["vic_TypeOfExploitation"] == ["SexualExploitation"]
    assert body["cas_Status"] == "Active"
    assert body["cas_ReferringOrganisation"] == "Cheshire Constabulary"
    [event] = body["historic_trafficking_events"]
    assert event["hte_Type"] == "Exploitation"
    assert event["hte_Date"] == timezone.localdate(case.concerns.get().occurred_at).isoformat()
    assert "Transport arranged by an adult" in event["hte_Description"]
    # Even a user named on the confidential placement address never exports it.
    assert body["prs_MailingStreet"] == "4 Orford Lane"
    assert "Safe Row" not in response.content.decode()
    [event] = exports(case)
    assert event.actor_id == lead.pk
    assert event.person_id == case.person_id
    assert event.changes == {
        "format": "json",
        "sections": ["people", "screening", "nrm", "suspects"],
    }
    assert body["perpetrators"] == []
    # An export, not a view of the case.
    assert not AuditEvent.objects.filter(verb=Verb.VIEWED, target_id=str(case.pk)).exists()


def test_a_share_of_the_chronology_only_exports_who_the_child_is_and_the_case(
    world, verified_api_client
):
    case = open_case(world)
    share(world, case, world.school, [CaseSection.CHRONOLOGY])

    body = verified_api_client(world.school.practitioner).get(url(case)).json()

    assert body["prs_FirstName"] == "Amira"
    for left_out in (
        "prs_Citizenship",
        "prs_MailingStreet",
        "vic_TypeOfExploitation",
        "vic_MethodsOfControl",
        "vic_TraffickingStatus",
        "perpetrators",
        "historic_trafficking_events",
    ):
        assert left_out not in body
    assert exports(case)[0].changes["sections"] == []


def test_suspects_only_for_those_who_may_learn_who_is_suspected(world, verified_api_client):
    scene = investigation_scene(world)
    # The police see the investigation (shared) and, being the police, who is suspected.
    police = verified_api_client(world.police.practitioner).get(url(scene.case)).json()
    [suspect] = police["perpetrators"]
    assert (suspect["prs_FirstName"], suspect["prs_SecondName"]) == ("Dean", "Marsh")
    assert suspect["per_RoleDetails"].startswith("Suspect in a police investigation")
    # A school shown the investigation without the people section does not learn who.
    share(world, scene.case, world.school, [CaseSection.INVESTIGATION])
    school = verified_api_client(world.school.practitioner).get(url(scene.case))
    assert "perpetrators" not in school.json()
    assert "Marsh" not in school.content.decode()


def test_the_nrm_decision_is_the_trafficking_status(world, verified_api_client):
    case = open_case(world)
    lead = world.la("warrington").practitioner
    referral = nrm_referral_start(actor=lead, case=case)
    referral = nrm_referral_update(
        actor=lead,
        referral=referral,
        expected_version=referral.version,
        what_happened="Taken by taxi to addresses in Crewe by adults who gave her alcohol.",
    )
    submitted_on = timezone.localdate() - timedelta(days=10)
    referral = nrm_referral_submit(
        actor=lead, referral=referral, submitted_on=submitted_on, home_office_reference="NRM-1"
    )
    nrm_decision_record(
        actor=lead,
        referral=referral,
        decision=NrmState.REASONABLE_GROUNDS_POSITIVE,
        decided_on=submitted_on + timedelta(days=3),
    )

    body = verified_api_client(lead).get(url(case)).json()

    assert body["vic_TraffickingStatus"] == "Possible"
    assert body["vic_TraffickingStatusDecisionMakingOrg"].startswith("Single Competent Authority")


@pytest.mark.parametrize("who", ["strategic_lead", "auditor", "admin", "other_authority"])
def test_anyone_who_cannot_see_the_case_gets_404_and_nothing_is_recorded(
    world, verified_api_client, who
):
    case = open_case(world)
    user = world.la("halton").manager if who == "other_authority" else getattr(world, who)

    response = verified_api_client(user).get(url(case))

    assert response.status_code == 404
    assert exports(case) == []


def test_a_case_that_does_not_exist_is_404(world, verified_api_client):
    response = verified_api_client(world.la("warrington").manager).get(
        "/api/v1/cases/999999/export/htcds/"
    )
    assert response.status_code == 404


def test_the_case_summary_offers_the_download(world, verified_client):
    case = open_case(world)
    page = verified_client(world.la("warrington").manager).get(f"/cases/{case.pk}/summary/")
    assert "Download HTCDS 2.0 (JSON)" in page.content.decode()
    assert url(case) in page.content.decode()
