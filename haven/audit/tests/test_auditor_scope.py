"""Whose events each auditor reads on the auditors' page (the attack itself is replayed in
tests/security/test_admin_scope.py)."""

import pytest
from django.urls import reverse

from haven.accounts.models import Role
from haven.accounts.tests.factories import AgencyFactory, UserFactory
from haven.audit.models import Verb
from haven.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_filter_choices_list_only_the_auditors_own_agency(verified_client):
    agency = AgencyFactory(name="Own agency")
    colleague = UserFactory(agency=agency, email="colleague@own.test")
    stranger = UserFactory(email="stranger@other.test")
    auditor = UserFactory(agency=agency, role=Role.AUDITOR)
    response = verified_client(auditor).get(reverse("audit:event_list"))
    form = response.context["form"]
    assert colleague in form.fields["user"].queryset
    assert stranger not in form.fields["user"].queryset
    assert list(form.fields["agency"].queryset) == [agency]
    assert "stranger@other.test" not in response.content.decode()


def test_a_partnership_auditor_also_sees_sign_in_failures_that_name_no_user(verified_client):
    failed = audit_record(actor=None, verb=Verb.LOGIN_FAILED, actor_email="guess@example.org")
    agency_auditor = UserFactory(role=Role.AUDITOR)
    partnership_auditor = UserFactory(role=Role.PARTNERSHIP_AUDITOR)
    agency_page = verified_client(agency_auditor).get(reverse("audit:event_list"))
    assert failed.pk not in {e.pk for e in agency_page.context["page_obj"]}
    partnership_page = verified_client(partnership_auditor).get(reverse("audit:event_list"))
    assert failed.pk in {e.pk for e in partnership_page.context["page_obj"]}
    assert "every agency" in partnership_page.content.decode()


def test_an_auditor_with_no_agency_reads_nothing(verified_client):
    audit_record(actor=UserFactory(), verb=Verb.VIEWED, target=("people.person", 1))
    auditor = UserFactory(role=Role.AUDITOR, agency=None, team=None)
    assert verified_client(auditor).get(reverse("audit:event_list")).status_code == 403
