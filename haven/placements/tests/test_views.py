from datetime import timedelta

import pytest
from django.utils import timezone

from haven.cases.tests.world import open_case, share
from haven.placements.models import EscalationAcknowledgement, Placement, SafeHouseEscalation
from haven.placements.tests.support import SAFE_HOUSE_ADDRESS, place, senior_officers

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


class TestPages:
    def test_a_manager_records_a_safe_house_with_named_users(self, world, verified_client):
        la = world.la("warrington")
        case = open_case(world)
        client = verified_client(la.manager)
        url = f"/cases/{case.pk}/placements/new/"
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "placement_type": "safe_house",
                "provider": "North West Safe Homes",
                **date_fields("start_date", timezone.localdate()),
                "address_line": SAFE_HOUSE_ADDRESS,
                "postcode": "WA1 2ZZ",
                "out_of_area": "False",
                "named_users": [la.manager.pk],
            },
        )
        assert response.status_code == 302
        placement = Placement.objects.get(case=case)
        assert list(placement.address.named_users.all()) == [la.manager]

    def test_a_refusal_shows_the_service_s_message_and_saves_nothing(self, world, verified_client):
        la = world.la("warrington")
        case = open_case(world)
        response = verified_client(la.manager).post(
            f"/cases/{case.pk}/placements/new/",
            {
                "placement_type": "safe_house",
                "provider": "North West Safe Homes",
                **date_fields("start_date", timezone.localdate() + timedelta(days=2)),
                "address_line": SAFE_HOUSE_ADDRESS,
                "out_of_area": "False",
            },
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "The start date must be today or in the past" in content
        assert "Select at least one person who may see the address" in content
        assert not Placement.objects.exists()

    def test_the_case_page_shows_the_address_only_to_named_users(self, world, verified_client):
        la = world.la("warrington")
        case = open_case(world)
        place(la.manager, case, named_users=[la.manager])
        named = verified_client(la.manager).get(f"/cases/{case.pk}/").content.decode()
        assert SAFE_HOUSE_ADDRESS in named
        other = verified_client(la.practitioner).get(f"/cases/{case.pk}/").content.decode()
        assert SAFE_HOUSE_ADDRESS not in other and "WA1 2ZZ" not in other
        assert f"Confidential address held by {la.team.name}" in other
        assert "Safe house" in other and "No safety plan" in other

    def test_a_share_of_the_placement_section_sees_the_placement_not_the_address(
        self, world, verified_client
    ):
        la = world.la("warrington")
        case = open_case(world)
        placement = place(la.manager, case)
        share(world, case, world.school, ["placement"])
        page = verified_client(world.school.practitioner).get(f"/placements/{placement.pk}/")
        assert page.status_code == 200
        assert SAFE_HOUSE_ADDRESS not in page.content.decode()
        assert (
            verified_client(world.health.practitioner)
            .get(f"/placements/{placement.pk}/")
            .status_code
            == 404
        )

    def test_the_head_of_service_acknowledges_from_the_escalation_page(
        self, world, verified_client
    ):
        la = world.la("warrington")
        officers = senior_officers(la)
        case = open_case(world)
        place(la.manager, case)
        escalation = SafeHouseEscalation.objects.get(case=case)
        client = verified_client(officers["head_of_service"])
        page = client.get(f"/escalations/{escalation.pk}/").content.decode()
        assert "Acknowledge as Head of Service" in page
        assert client.post(f"/escalations/{escalation.pk}/acknowledge/").status_code == 302
        acknowledgement = EscalationAcknowledgement.objects.get(
            escalation=escalation, office="head_of_service"
        )
        assert acknowledgement.acknowledged_at is not None
        case_page = verified_client(la.manager).get(f"/cases/{case.pk}/").content.decode()
        assert "Acknowledged" in case_page and "Not yet acknowledged" in case_page
        refused = verified_client(la.practitioner).post(
            f"/escalations/{escalation.pk}/acknowledge/"
        )
        assert refused.status_code == 403


class TestApi:
    def body(self, la, **fields):
        return {
            "placement_type": "safe_house",
            "provider": "North West Safe Homes",
            "start_date": timezone.localdate().isoformat(),
            "address_line": SAFE_HOUSE_ADDRESS,
            "postcode": "WA1 2ZZ",
            "out_of_area": False,
            "named_user_ids": [la.manager.pk],
            **fields,
        }

    def test_post_then_get_redacts_for_a_user_not_named(self, world, api):
        la = world.la("warrington")
        case = open_case(world)
        created = api(la.manager).post(
            f"/api/v1/cases/{case.pk}/placements/", self.body(la), format="json"
        )
        assert created.status_code == 201, created.content
        assert created.json()["address_line"] == SAFE_HOUSE_ADDRESS
        placement_id = created.json()["id"]
        hidden = api(la.practitioner).get(f"/api/v1/placements/{placement_id}/").json()
        assert hidden["address_line"] is None and hidden["postcode"] is None
        assert hidden["address_confidential"] is True
        tasks = api(la.manager).get(f"/api/v1/cases/{case.pk}/tasks/").json()
        items = tasks["results"] if isinstance(tasks, dict) else tasks
        assert "safe_house_escalation" in {t["code"] for t in items}

    def test_bad_input_is_400_and_nothing_saved(self, world, api):
        la = world.la("warrington")
        case = open_case(world)
        response = api(la.manager).post(
            f"/api/v1/cases/{case.pk}/placements/",
            self.body(la, placement_type="castle", named_user_ids=[world.police.manager.pk]),
            format="json",
        )
        assert response.status_code == 400
        assert "placement_type" in response.json()["errors"]
        response = api(la.manager).post(
            f"/api/v1/cases/{case.pk}/placements/",
            self.body(la, named_user_ids=[world.police.manager.pk]),
            format="json",
        )
        assert response.json()["errors"] == {"named_user_ids": ["Select people of your own agency"]}
        assert not Placement.objects.exists()

    def test_another_authority_gets_404(self, world, api):
        case = open_case(world)
        halton = world.la("halton")
        response = api(halton.manager).post(
            f"/api/v1/cases/{case.pk}/placements/", self.body(halton), format="json"
        )
        assert response.status_code == 404

    def test_the_case_list_gives_current_and_past_placements_redacted_for_those_not_named(
        self, world, api
    ):
        la = world.la("warrington")
        case = open_case(world)
        today = timezone.localdate()
        first = place(
            la.manager,
            case,
            placement_type="foster_care",
            provider="Cheshire Fostering",
            start_date=today - timedelta(days=30),
            address_line="3 Elm Close",
            postcode="WA2 7AA",
            named_users=[la.manager, la.practitioner],
        )
        second = place(la.manager, case, named_users=[la.manager])
        url = f"/api/v1/cases/{case.pk}/placements/"
        named = api(la.manager).get(url).json()
        assert [p["id"] for p in named] == [second.pk, first.pk]
        assert named[0]["current"] is True and named[1]["end_date"] == second.start_date.isoformat()
        assert named[0]["address_line"] == SAFE_HOUSE_ADDRESS
        assert named[0]["postcode"] == "WA1 2ZZ"
        other = api(la.practitioner).get(url).json()
        assert other[0]["address_line"] is None and other[0]["postcode"] is None
        assert other[0]["address_confidential"] is True
        assert other[0]["held_by"] == f"{la.team.name}, {la.agency.name}"
        assert SAFE_HOUSE_ADDRESS not in str(other) and "WA1 2ZZ" not in str(other)
        # Named on the earlier placement, the practitioner sees that address.
        assert other[1]["address_line"] == "3 Elm Close"

    def test_the_case_list_is_404_without_the_placement_section(self, world, api):
        case = open_case(world)
        place(world.la("warrington").manager, case)
        share(world, case, world.school, ["chronology"])
        for user in (world.school.practitioner, world.la("halton").manager):
            response = api(user).get(f"/api/v1/cases/{case.pk}/placements/")
            assert response.status_code == 404
