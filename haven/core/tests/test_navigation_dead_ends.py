"""No dead ends in the navigation (practitioner trial, point 13): police and schools have no
front door of their own, and API tokens belong in the account links, not the service menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def service_navigation(client) -> str:
    page = client.get(reverse("core:start")).content.decode()
    return page[page.index('id="navigation"') : page.index("</nav>")]


def test_front_door_only_for_local_authority_users(world, verified_client):
    front_door = f'href="{reverse("cases:front_door")}"'
    assert front_door in service_navigation(verified_client(world.la("warrington").practitioner))
    for user in (world.police.practitioner, world.school.practitioner, world.health.manager):
        assert front_door not in service_navigation(verified_client(user)), user.email


def test_api_tokens_are_an_account_link_not_a_service(world, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    page = client.get(reverse("core:start")).content.decode()
    tokens = f'href="{reverse("accounts:token_list")}"'
    assert tokens not in service_navigation(client)
    header = page[page.index("haven-header__account") : page.index("</header>")]
    assert tokens in header
