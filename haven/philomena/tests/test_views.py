"""The profile's pages: a refused postcode shown on its own field, the profile saved from the
form, the case page's link."""

import pytest
from django.urls import reverse

from haven.cases.tests.world import open_case
from haven.core.tests.support import page_text, text
from haven.philomena.tests.images import profile_for

pytestmark = pytest.mark.django_db


def test_the_form_shows_a_wrong_postcode_on_its_field_and_saves_a_right_one(world, verified_client):
    case = open_case(world)
    user = world.la("warrington").practitioner
    client = verified_client(user)
    url = reverse("philomena:edit", args=[case.person.pk])
    assert "Start the Philomena Protocol profile" in page_text(client.get(url))
    response = client.post(url, {"places_0_description": "Park", "places_0_postcode": "XX"})
    assert response.status_code == 200
    assert 'href="#id_places_0_postcode"' in text(response)
    assert not case.person.philomena_profiles.exists()
    response = client.post(
        url,
        {"places_0_description": "Park", "places_0_postcode": "wa1 1aa", "hair": "Braids"},
    )
    assert response.status_code == 302
    profile = case.person.philomena_profiles.get()
    assert profile.places == [{"description": "Park", "address": "", "postcode": "WA1 1AA"}]
    shown = page_text(client.get(reverse("philomena:profile", args=[case.person.pk])))
    assert "WA1 1AA" in shown and "Braids" in shown and "Download the grab pack" in shown


def test_the_case_page_links_to_the_profile(world, verified_client):
    case = open_case(world)
    user = world.la("warrington").practitioner
    profile_for(user, case.person)
    page = page_text(verified_client(user).get(reverse("cases:case_detail", args=[case.pk])))
    assert reverse("philomena:profile", args=[case.person.pk]) in page
