"""An auditor reads, never changes, the cases of their open audit's sample (decision 0032).

The matrix's scene, with its case put in an open audit of the scene's (Warrington's) auditor:
every row of the access matrix that writes is tried by that auditor, and none may change
anything the auditor could not change without the audit. The case's pages read as the audit
lets them, each view recorded; completing the audit ends it."""

import pytest
from django.urls import reverse

from haven.audit.models import AuditEvent, Verb
from haven.case_audits.models import AuditStatus, SampleMethod
from haven.case_audits.services import audit_start
from haven.cases.models import Case
from tests.security.scene import ROLES, user_for
from tests.security.test_access_matrix import (  # noqa: F401 (the matrix's scene fixture)
    ENDPOINTS,
    MATRIX,
    SUCCESS,
    _call,
    _shared_scene,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(_shared_scene):  # noqa: F811
    return _shared_scene


AUDITOR = ROLES.index("auditor")
# Rows that write, and whose change the auditor may not make without the audit either.
WRITES = sorted(
    name
    for name, endpoint in ENDPOINTS.items()
    if endpoint.state is not None and MATRIX[name][AUDITOR] not in SUCCESS
)


def _auditing(scene):
    auditor = user_for(scene, "auditor")
    audit = audit_start(
        actor=auditor,
        title="Audit of the scene's case",
        method=SampleMethod.CRITERIA,
        sample_size=1,
        criteria={},
        cases=Case.objects.filter(pk=scene.case.pk),
    )
    return auditor, audit


@pytest.mark.parametrize("name", WRITES)
def test_an_auditor_changes_nothing_on_a_case_they_audit(
    scene, verified_client, verified_api_client, name
):
    auditor, _ = _auditing(scene)
    endpoint = ENDPOINTS[name]
    before = endpoint.state(scene)
    response = _call(scene, endpoint, auditor, verified_client, verified_api_client)
    if isinstance(MATRIX[name][AUDITOR], int):  # not "sent back to one's own list"
        assert response.status_code not in SUCCESS
    assert endpoint.state(scene) == before


def test_an_auditor_reads_the_case_they_audit_each_view_recorded(scene, verified_client):
    auditor, audit = _auditing(scene)
    client = verified_client(auditor)
    for url in (
        reverse("cases:case_detail", args=[scene.case.pk]),
        reverse("cases:chronology", args=[scene.case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert scene.person.family_name in response.content.decode()
    views = AuditEvent.objects.filter(
        actor=auditor, verb=Verb.VIEWED, target_type="cases.case", target_id=str(scene.case.pk)
    )
    assert [view.reason for view in views] == ["Access via audit"]
    # Another case of the same authority, not in the sample, is not found.
    other = Case.objects.filter(lead_agency=scene.case.lead_agency).exclude(pk=scene.case.pk)[0]
    assert client.get(reverse("cases:case_detail", args=[other.pk])).status_code == 404
    # Completing the audit ends it.
    audit.sampled.update(grade="good")
    audit.status = AuditStatus.COMPLETED
    audit.save(update_fields=["status"])
    assert client.get(reverse("cases:case_detail", args=[scene.case.pk])).status_code == 404
