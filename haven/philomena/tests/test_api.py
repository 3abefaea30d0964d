"""The profile over the API: reading it, and changing part 1 with the version read (409 when
someone saved since, 400 for a refused value, nothing saved either way)."""

import pytest

from haven.accounts.models import AgencyType
from haven.accounts.tests.factories import AgencyFactory
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.core.tests.support import NOT_FOUND, assert_refused, audit_rows
from haven.philomena.models import PhilomenaProfile
from haven.philomena.services import PHONE_WRONG, POSTCODE_WRONG
from haven.philomena.tests.images import profile_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(world):
    """Amira's case and the profile Warrington's practitioner started."""
    case = open_case(world)
    profile = profile_for(
        world.la("warrington").practitioner,
        case.person,
        hair="Long, dark brown",
        phones=[{"number": "07700 900982", "whose": "her own"}],
    )
    return case.person, profile


def _url(person) -> str:
    return f"/api/v1/people/{person.pk}/philomena-profile/"


def test_the_profile_is_read_and_the_read_audited(world, api, kept):
    person, profile = kept
    response = api(world.la("warrington").manager).get(_url(person))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["version"], body["hair"]) == (profile.pk, 1, "Long, dark brown")
    assert body["phones"] == [{"number": "+447700900982", "whose": "her own"}]
    assert body["out_of_date"] is False
    assert AuditEvent.objects.filter(
        verb=Verb.PHILOMENA_PROFILE_VIEWED, target_id=str(profile.pk)
    ).exists()


def test_a_patch_changes_only_what_is_sent_normalised_and_records_the_review(world, api, kept):
    person, _profile = kept
    manager = world.la("warrington").manager
    carer = AgencyFactory(name="Northern Foster Care Partners", agency_type=AgencyType.NGO)
    response = api(manager).patch(
        _url(person),
        {
            "version": 1,
            "eyes": "Brown",
            "carer_agency_id": carer.pk,
            "places": [
                {"description": "Takeaway", "address": "12 Bridge St", "postcode": "wa14ab"}
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert (body["eyes"], body["hair"]) == ("Brown", "Long, dark brown")
    assert body["carer_agency"]["id"] == carer.pk
    assert body["places"] == [
        {"description": "Takeaway", "address": "12 Bridge St", "postcode": "WA1 4AB"}
    ]
    assert body["phones"] == [{"number": "+447700900982", "whose": "her own"}]
    assert body["reviewed_by"]["id"] == manager.pk
    event = AuditEvent.objects.get(verb=Verb.PHILOMENA_PROFILE_UPDATED)
    assert event.actor == manager and event.changes["eyes"] == {"before": "", "after": "Brown"}


def test_a_stale_version_is_409_and_nothing_is_saved(world, api, kept):
    person, profile = kept
    api(world.la("warrington").manager).patch(
        _url(person), {"version": 1, "hair": "Dyed red, short"}, format="json"
    )
    before = audit_rows()
    response = api(world.la("warrington").practitioner).patch(
        _url(person), {"version": 1, "hair": "Shaved"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["changes"][0]["fields"]["hair"]["after"] == "Dyed red, short"
    stored = PhilomenaProfile.objects.get(pk=profile.pk)
    assert (stored.version, stored.hair) == (2, "Dyed red, short")
    assert audit_rows() == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"places": [{"description": "Park", "postcode": "NOT A CODE"}]},
            "places.0.postcode",
            POSTCODE_WRONG,
        ),
        ({"phones": [{"number": "12"}]}, "phones.0.number", PHONE_WRONG),
        (
            {"associates": [{"relationship": "cousin"}]},
            "associates.0.name",
            "Enter the associate's name",
        ),
        ({"carer_agency_id": 999_999}, "carer_agency_id", "Select the carer's agency"),
        ({"hair": "x" * 201}, "hair", "characters or less"),
        ({"phones": [{"number": "07700 900982"}] * 21}, "phones", "Enter 20 phones or fewer"),
    ],
)
def test_a_refused_value_is_400_and_nothing_is_saved(world, api, kept, body, field, message):
    person, profile = kept
    before = audit_rows()
    response = api(world.la("warrington").practitioner).patch(
        _url(person), {"version": 1, "eyes": "Green", **body}, format="json"
    )
    assert_refused(response, field, contains=message)
    stored = PhilomenaProfile.objects.get(pk=profile.pk)
    assert (stored.version, stored.eyes, stored.phones) == (1, "", profile.phones)
    assert audit_rows() == before


def test_the_version_and_a_change_are_required(world, api, kept):
    person, _profile = kept
    client = api(world.la("warrington").practitioner)
    assert_refused(client.patch(_url(person), {"hair": "Shaved"}, format="json"), "version")
    assert_refused(
        client.patch(_url(person), {"version": 1}, format="json"),
        "non_field_errors",
        contains="Send at least one field to change",
    )


def test_someone_who_may_not_keep_the_profile_gets_404_and_nothing_changes(world, api, kept):
    person, profile = kept
    response = api(world.la("halton").practitioner).patch(
        _url(person), {"version": 1, "hair": "Shaved"}, format="json"
    )
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert PhilomenaProfile.objects.get(pk=profile.pk).hair == "Long, dark brown"
