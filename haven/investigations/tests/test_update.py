"""Changing, closing and reopening an investigation: versioned (a stale save is refused and says
who changed what), closing needs the date and why, and the update clock stops once closed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.models import ChronologyEntry, ChronologyKind
from haven.investigations import services
from haven.investigations.models import InvestigationStatus
from haven.investigations.selectors import next_victim_update_due
from haven.investigations.tests.scenario import investigation_scene

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
WHY = "The suspect was charged; the file is with the Crown Prosecution Service."


@pytest.fixture
def scene(world):
    return investigation_scene(world)


def _close(world, investigation, *, version=None, **fields):
    return services.investigation_update(
        actor=world.police.practitioner,
        investigation=investigation,
        expected_version=investigation.version if version is None else version,
        **{"status": "closed", "closed_on": TODAY(), "closed_reason": WHY, **fields},
    )


def test_closing_is_audited_with_its_own_verb_and_chronology(world, scene):
    investigation = _close(world, scene.investigation)
    assert investigation.status == InvestigationStatus.CLOSED
    assert investigation.version == 2
    event = AuditEvent.objects.get(verb=Verb.INVESTIGATION_CLOSED)
    assert event.changes["closed_reason"]["after"] == WHY
    assert event.changes["version"] == {"before": 1, "after": 2}
    assert ChronologyEntry.objects.filter(
        kind=ChronologyKind.INVESTIGATION, summary__startswith="Police investigation closed"
    ).exists()


def test_closing_needs_the_date_and_why(world, scene):
    with pytest.raises(ValidationError) as refused:
        _close(world, scene.investigation, closed_on=None, closed_reason=" ")
    errors = refused.value.message_dict
    assert errors["closed_on"] == ["Enter the date the investigation closed"]
    assert errors["closed_reason"] == ["Enter why the investigation closed"]


def test_it_cannot_close_before_it_began_or_in_the_future(world, scene):
    began = scene.investigation.opened_on
    with pytest.raises(ValidationError) as refused:
        _close(world, scene.investigation, closed_on=began - timedelta(days=1))
    assert "on or after the date it began" in refused.value.message_dict["closed_on"][0]
    with pytest.raises(ValidationError) as refused:
        _close(world, scene.investigation, closed_on=TODAY() + timedelta(days=1))
    assert refused.value.message_dict["closed_on"] == [
        "The date it closed must be today or in the past"
    ]


def test_a_stale_save_is_refused_and_says_who_changed_what(world, scene):
    investigation = scene.investigation
    services.investigation_update(
        actor=world.police.manager,
        investigation=investigation,
        expected_version=1,
        officer_in_charge="DS Tom Reilly",
    )
    with pytest.raises(StaleVersionError) as stale:
        _close(world, investigation, version=1)
    assert "officer_in_charge" in str(stale.value)
    investigation.refresh_from_db()
    assert investigation.status == InvestigationStatus.OPEN
    assert investigation.officer_in_charge == "DS Tom Reilly"


def test_reopening_clears_the_closing(world, scene):
    investigation = _close(world, scene.investigation)
    investigation = services.investigation_update(
        actor=world.police.practitioner,
        investigation=investigation,
        expected_version=investigation.version,
        status="open",
    )
    assert (investigation.closed_on, investigation.closed_reason) == (None, "")
    assert AuditEvent.objects.filter(verb=Verb.INVESTIGATION_UPDATED).exists()
    assert ChronologyEntry.objects.filter(summary="Police investigation reopened.").exists()


def test_only_the_police_change_it(world, scene):
    with pytest.raises(PermissionDenied):
        services.investigation_update(
            actor=world.la("warrington").practitioner,
            investigation=scene.investigation,
            expected_version=1,
            officer_in_charge="Someone else",
        )


def test_the_details_are_validated_as_when_opened(world, scene):
    with pytest.raises(ValidationError) as refused:
        services.investigation_update(
            actor=world.police.practitioner,
            investigation=scene.investigation,
            expected_version=1,
            offences=[],
            officer_in_charge="",
        )
    assert set(refused.value.message_dict) == {"offences", "officer_in_charge"}


def test_the_update_clock_stops_once_closed(world, scene):
    assert next_victim_update_due(scene.investigation) is not None
    assert next_victim_update_due(_close(world, scene.investigation)) is None


def test_patch_closes_it_and_a_stale_version_is_409(world, scene, api):
    url = f"/api/v1/investigations/{scene.investigation.pk}/"
    body = {"status": "closed", "closed_on": TODAY().isoformat(), "closed_reason": WHY}
    response = api(world.police.practitioner).patch(url, {**body, "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    assert response.json()["version"] == 2
    stale = api(world.police.practitioner).patch(
        url, {"officer_in_charge": "DS Tom Reilly", "version": 1}, format="json"
    )
    assert stale.status_code == 409


def test_patch_refuses_closing_without_why(world, scene, api):
    response = api(world.police.practitioner).patch(
        f"/api/v1/investigations/{scene.investigation.pk}/",
        {"status": "closed", "closed_on": TODAY().isoformat(), "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["closed_reason"] == ["Enter why the investigation closed"]
