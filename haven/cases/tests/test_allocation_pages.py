"""The allocation and transfer pages, the transfers list, and allocation over the API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Case, CaseTransfer, TransferStatus
from haven.cases.services import case_allocate, case_transfer_request
from haven.cases.tests.world import open_case
from haven.core.tests.support import NOT_FOUND, assert_refused, page_text, text

pytestmark = pytest.mark.django_db

REASON = "The child has moved to Runcorn to live with her aunt."


def ask_halton(world, case) -> CaseTransfer:
    return case_transfer_request(
        actor=world.la("warrington").manager,
        case=case,
        to_team_id=world.la("halton").team.pk,
        reason=REASON,
    )


class TestAllocatePage:
    def test_a_manager_allocates_to_one_of_the_lead_team(self, world, verified_client):
        warrington = world.la("warrington")
        case = open_case(world)
        client = verified_client(warrington.manager)
        url = reverse("cases:case_allocate", args=[case.pk])
        page = page_text(client.get(url))
        assert warrington.practitioner.full_name in page
        assert world.la("halton").practitioner.full_name not in page
        response = client.post(url, {"practitioner": warrington.practitioner.pk, "version": 1})
        assert response.status_code == 302
        assert response.url == reverse("cases:case_detail", args=[case.pk])
        assert Case.objects.get(pk=case.pk).lead_practitioner == warrington.practitioner
        shown = text(client.get(response.url))
        assert f"{warrington.practitioner.full_name} now leads case {case.reference}." in shown

    def test_refusals_show_on_the_form_and_change_nothing(self, world, verified_client):
        warrington = world.la("warrington")
        case = open_case(world)
        client = verified_client(warrington.manager)
        url = reverse("cases:case_allocate", args=[case.pk])
        missing = text(client.post(url, {"version": case.version}))
        assert "Select who will lead the case" in missing
        outsider = text(
            client.post(
                url,
                {"practitioner": world.la("halton").practitioner.pk, "version": case.version},
            )
        )
        assert "Select one of the people listed" in outsider
        same = text(
            client.post(url, {"practitioner": warrington.manager.pk, "version": case.version})
        )
        assert f"{warrington.manager.full_name} is already the lead practitioner" in same
        assert not AuditEvent.objects.filter(verb=Verb.CASE_ALLOCATED).exists()

    def test_a_stale_allocation_says_who_changed_the_case(self, world, verified_client):
        warrington = world.la("warrington")
        case = open_case(world)
        stale_version = case.version
        case_allocate(
            actor=warrington.manager,
            case=case,
            practitioner_id=warrington.practitioner.pk,
            expected_version=stale_version,
        )
        page = text(
            verified_client(warrington.manager).post(
                reverse("cases:case_allocate", args=[case.pk]),
                {"practitioner": warrington.manager.pk, "version": stale_version},
            )
        )
        assert "saved this record while you were editing it" in page
        assert f"{warrington.manager.email} changed lead practitioner" in page

    def test_others_who_see_the_case_are_forbidden_and_outsiders_not_found(
        self, world, verified_client
    ):
        case = open_case(world)
        url = reverse("cases:case_allocate", args=[case.pk])
        assert verified_client(world.la("warrington").practitioner).get(url).status_code == 403
        assert verified_client(world.la("halton").manager).get(url).status_code == 404


class TestTransferPages:
    def test_ask_then_the_receiving_manager_accepts(self, world, verified_client):
        warrington, halton = world.la("warrington"), world.la("halton")
        case = open_case(world)
        sender = verified_client(warrington.manager)
        url = reverse("cases:case_transfer", args=[case.pk])
        form = page_text(sender.get(url))
        assert f"{halton.team.name}, {halton.agency.name}" in form
        assert reverse("screening:information", args=[case.pk]) in form  # cross-border
        response = sender.post(url, {"to_team": halton.team.pk, "reason": REASON})
        assert response.status_code == 302
        transfer = CaseTransfer.objects.get()
        case_page = text(sender.get(reverse("cases:case_detail", args=[case.pk])))
        assert 'id="pending-transfer"' in case_page
        assert reverse("cases:transfer_withdraw", args=[transfer.pk]) in case_page
        assert reverse("cases:case_transfer", args=[case.pk]) not in case_page

        receiver = verified_client(halton.manager)
        listing = page_text(receiver.get(reverse("cases:transfer_list")))
        waiting = listing[listing.index('id="transfers-to-decide"') :]
        assert reverse("cases:transfer_detail", args=[transfer.pk]) in waiting
        assert "Amira Haddad" in waiting
        assert receiver.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404, (
            "the case is not Halton's until accepted"
        )
        detail = page_text(receiver.get(reverse("cases:transfer_detail", args=[transfer.pk])))
        assert REASON in detail and "Accept the case" in detail and "Decline" in detail
        assert AuditEvent.objects.filter(
            verb=Verb.VIEWED, actor=halton.manager, target_type="cases.casetransfer"
        ).exists()
        response = receiver.post(
            reverse("cases:transfer_detail", args=[transfer.pk]),
            {"action": "accept", "lead_practitioner": halton.practitioner.pk},
        )
        assert response.status_code == 302
        assert response.url == reverse("cases:case_detail", args=[case.pk])
        stored = Case.objects.get(pk=case.pk)
        assert (stored.lead_team, stored.lead_practitioner) == (halton.team, halton.practitioner)

    def test_a_decline_needs_a_reason(self, world, verified_client):
        case = open_case(world)
        transfer = ask_halton(world, case)
        receiver = verified_client(world.la("halton").manager)
        url = reverse("cases:transfer_detail", args=[transfer.pk])
        page = text(receiver.post(url, {"action": "decline", "reason": ""}))
        assert "Enter why your team cannot take the case over" in page
        response = receiver.post(
            url, {"action": "decline", "reason": "She lives in Warrington: please check."}
        )
        assert response.status_code == 302
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.DECLINED

    def test_the_receiving_authority_is_shown_its_own_open_case(self, world, verified_client):
        halton = world.la("halton")
        case = open_case(world)
        transfer = ask_halton(world, case)
        own = Case.objects.create(
            person=case.person,
            lead_agency=halton.agency,
            lead_team=halton.team,
            opened_at=timezone.now(),
        )
        page = page_text(
            verified_client(halton.manager).get(
                reverse("cases:transfer_detail", args=[transfer.pk])
            )
        )
        warning = page[page.index('id="open-case-here"') :]
        assert reverse("cases:case_detail", args=[own.pk]) in warning
        assert "Accept the case" not in page

    def test_who_sees_and_who_decides(self, world, verified_client):
        case = open_case(world)
        transfer = ask_halton(world, case)
        url = reverse("cases:transfer_detail", args=[transfer.pk])
        sender = verified_client(world.la("warrington").practitioner)
        assert "Accept the case" not in page_text(sender.get(url))
        assert sender.post(url, {"action": "accept"}).status_code == 403
        for outsider in (world.la("halton").practitioner, world.school.practitioner):
            assert verified_client(outsider).get(url).status_code == 404
        withdraw = reverse("cases:transfer_withdraw", args=[transfer.pk])
        assert verified_client(world.la("halton").manager).post(withdraw).status_code == 403
        assert verified_client(world.la("warrington").manager).post(withdraw).status_code == 302
        transfer.refresh_from_db()
        assert transfer.status == TransferStatus.WITHDRAWN

    def test_the_case_list_says_how_many_transfers_wait(self, world, verified_client):
        ask_halton(world, open_case(world))
        page = page_text(
            verified_client(world.la("halton").manager).get(reverse("cases:case_list"))
        )
        assert "1 case transfer is waiting for your decision." in page
        page = page_text(
            verified_client(world.la("halton").practitioner).get(reverse("cases:case_list"))
        )
        assert 'id="transfers-waiting"' not in page


class TestAllocateApi:
    def url(self, case) -> str:
        return f"/api/v1/cases/{case.pk}/allocate/"

    def test_a_manager_allocates(self, world, api):
        warrington = world.la("warrington")
        case = open_case(world)
        response = api(warrington.manager).post(
            self.url(case),
            {"practitioner": warrington.practitioner.pk, "version": case.version},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["lead_practitioner"] == {
            "id": warrington.practitioner.pk,
            "full_name": warrington.practitioner.full_name,
        }
        assert body["version"] == case.version + 1

    def test_stale_is_409_and_saves_nothing(self, world, api):
        warrington = world.la("warrington")
        case = open_case(world)
        client = api(warrington.manager)
        client.post(
            self.url(case),
            {"practitioner": warrington.practitioner.pk, "version": case.version},
            format="json",
        )
        response = client.post(
            self.url(case),
            {"practitioner": warrington.manager.pk, "version": case.version},
            format="json",
        )
        assert response.status_code == 409
        assert response.json()["current_version"] == case.version + 1
        assert Case.objects.get(pk=case.pk).lead_practitioner == warrington.practitioner

    def test_refusals(self, world, api):
        warrington = world.la("warrington")
        case = open_case(world)
        body = {"practitioner": warrington.practitioner.pk, "version": case.version}
        assert api(warrington.practitioner).post(
            self.url(case), body, format="json"
        ).status_code == (403)
        hidden = api(world.la("halton").manager).post(self.url(case), body, format="json")
        assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
        outsider = {"practitioner": world.la("halton").practitioner.pk, "version": case.version}
        assert_refused(
            api(warrington.manager).post(self.url(case), outsider, format="json"),
            "practitioner",
            contains=warrington.team.name,
        )
        assert Case.objects.get(pk=case.pk).version == case.version
