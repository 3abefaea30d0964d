"""The grab pack: part 1 with the photograph, part 2 from the child's open missing episode,
confidential addresses only for users named on them, and its export audited."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import hide_placement, open_case, share
from haven.documents.tests.files import upload
from haven.missing.tests.support import bring_back, report
from haven.people.services import address_add
from haven.philomena.grab_pack import MissingNow, grab_pack_contents
from haven.philomena.selectors import existing_profile_for_user
from haven.philomena.services import photograph_upload
from haven.philomena.tests.images import png, profile_for
from haven.workflows.grab_pack import grab_pack_for_user, missing_now_for

pytestmark = pytest.mark.django_db

SECRET = "7 Hidden Lane"


@pytest.fixture
def placed(world):
    """Amira's case, her profile, and a confidential placement only Warrington's manager is named
    on; a share of the missing section with the health trust."""
    case = open_case(world)
    warrington = world.la("warrington")
    hide_placement(
        warrington, case.person, SECRET, named_users=[warrington.manager], postcode="WA2 7AA"
    )
    address_add(actor=warrington.manager, person=case.person, kind="home", line_1="1 Family Road")
    share(world, case, world.health, ["missing"])
    profile = profile_for(warrington.practitioner, case.person, hair="Black, in braids")
    return case, profile


def _html(user, person_id, missing_now=None) -> str:
    view = existing_profile_for_user(user=user, person_id=person_id, record_view=False)
    pack = grab_pack_contents(user=user, view=view, missing_now=missing_now)
    return render_to_string("philomena/grab_pack.html", {"pack": pack, "user": user})


def test_a_confidential_placement_appears_only_for_a_user_named_on_it(world, placed):
    case, _profile = placed
    person_id = case.person.pk
    named = _html(world.la("warrington").manager, person_id)
    assert SECRET in named and "WA2 7AA" in named
    for user in (world.la("warrington").practitioner, world.health.practitioner):
        html = _html(user, person_id)
        assert SECRET not in html and "WA2 7AA" not in html
    # The lead authority's practitioner learns who holds it; the health trust, with a share of
    # the missing section but not of the people section, sees no address added in the case.
    practitioner = _html(world.la("warrington").practitioner, person_id)
    assert "Confidential address held by" in practitioner and "1 Family Road" in practitioner
    assert "1 Family Road" not in _html(world.health.practitioner, person_id)


def test_the_downloaded_pdf_is_audited_and_withholds_the_address(world, placed, verified_client):
    case, profile = placed
    user = world.health.practitioner
    response = verified_client(user).get(reverse("philomena:grab_pack", args=[case.person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(verb=Verb.GRAB_PACK_EXPORTED, actor=user)
    assert event.changes == {"format": "pdf", "missing_now": False}
    assert event.target_id == str(profile.pk) and event.person_id == case.person.pk


def test_part_two_comes_from_the_missing_episode(world, placed):
    case, _profile = placed
    seen = timezone.now() - timedelta(hours=5)
    missing = MissingNow(
        reported_missing_at=seen + timedelta(hours=2),
        last_seen_at=seen,
        last_seen_place="Warrington bus station",
        last_seen_with="Two older males in a grey car",
        clothing="Black puffer jacket, white trainers",
        police_reference="CC-2026-000123",
        police_risk_label="High",
    )
    html = _html(world.la("warrington").practitioner, case.person.pk, missing)
    for shown in (
        "Warrington bus station",
        "Two older males in a grey car",
        "Black puffer jacket, white trainers",
        "CC-2026-000123",
        "High",
    ):
        assert shown in html
    assert "Fill in when reported" not in html


def test_without_a_missing_episode_part_two_is_left_for_the_police(world, placed):
    case, _profile = placed
    user = world.la("warrington").practitioner
    assert missing_now_for(user=user, person=case.person) is None
    pack = grab_pack_for_user(user=user, person_id=case.person.pk)
    assert pack.missing_now is None
    assert "Fill in when reported" in _html(user, case.person.pk)


def test_the_current_photograph_is_inside_the_pack(world, placed):
    case, profile = placed
    user = world.la("warrington").practitioner
    photograph_upload(actor=user, profile=profile, file=upload("face.png", png()))
    pack = grab_pack_for_user(user=user, person_id=case.person.pk)
    assert pack.photograph_data_uri.startswith("data:image/jpeg;base64,")


def test_part_two_comes_from_the_open_missing_episode_the_user_may_see(world, placed):
    case, _profile = placed
    warrington = world.la("warrington")
    episode = report(
        world.police.practitioner,
        case.person,
        clothing="Red coat, grey joggers",
        last_seen_with="A man in a white van",
        police_reference="CH-55123",
        police_risk_level="high",
    )
    now = missing_now_for(user=warrington.practitioner, person=case.person)
    assert now is not None
    assert (now.clothing, now.last_seen_with, now.police_reference, now.police_risk_label) == (
        "Red coat, grey joggers",
        "A man in a white van",
        "CH-55123",
        "High",
    )
    assert now.reported_missing_at == episode.reported_missing_at
    html = render_to_string(
        "philomena/grab_pack.html",
        {"pack": grab_pack_for_user(user=warrington.practitioner, person_id=case.person.pk)},
    )
    assert "Red coat, grey joggers" in html and "Fill in when reported" not in html
    # The health trust shares the missing section, so it sees the episode; once the child is
    # back, nobody's pack has a part 2.
    assert missing_now_for(user=world.health.practitioner, person=case.person) is not None
    bring_back(world.police.practitioner, episode)
    assert missing_now_for(user=warrington.practitioner, person=case.person) is None
