import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from haven.accounts.models import Agency, Role
from haven.accounts.services import agency_create
from haven.accounts.tests.factories import UserFactory
from haven.audit.chain import rows_digest
from haven.audit.models import AuditEvent, AuditSeal, Verb
from haven.audit.services import MASK, audit_record, audit_seal, diff
from haven.audit.tests.attacks import delete_rows, sql

pytestmark = pytest.mark.django_db


def make_events(n=3):
    user = UserFactory()
    return [
        audit_record(actor=user, verb=Verb.VIEWED, target=("people.person", i), person_id=i)
        for i in range(1, n + 1)
    ]


def test_rows_are_chained_in_order_by_their_seal():
    events = make_events()
    audit_seal()
    seal = AuditSeal.objects.get()
    assert (seal.last_event_id, seal.rows) == (events[-1].pk, 3)
    assert seal.rows_digest == rows_digest((e.pk, e.row_hash) for e in events)


def test_orm_refuses_updates_and_deletes():
    event = make_events(1)[0]
    event.reason = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_audit_verify_passes_on_an_intact_chain(capsys):
    make_events()
    call_command("audit_verify")
    assert "intact: " in capsys.readouterr().out


def test_audit_verify_detects_an_edited_row():
    events = make_events()
    sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["edited", events[1].pk])
    with pytest.raises(CommandError, match=f"broken at event {events[1].pk}: the row's content"):
        call_command("audit_verify")


def test_audit_verify_detects_a_deleted_row():
    events = make_events()
    audit_seal()
    delete_rows([events[1].pk])
    with pytest.raises(
        CommandError, match=f"broken at event {events[0].pk}: the rows under the seal"
    ):
        call_command("audit_verify")


def test_audit_verify_detects_the_newest_row_removed():
    events = make_events()
    audit_seal()
    delete_rows([events[-1].pk])
    with pytest.raises(CommandError, match=r"\(2 found, 3 sealed\): rows were removed"):
        call_command("audit_verify")


def test_audit_row_is_written_in_the_same_transaction_as_the_change():
    user = UserFactory()
    before = AuditEvent.objects.count()
    agency_create(actor=user, name="Test agency", slug="test-agency", agency_type="health")
    assert AuditEvent.objects.count() == before + 1
    # A change that fails leaves neither the change nor its audit row.
    with pytest.raises(IntegrityError), transaction.atomic():
        agency_create(actor=user, name="Other", slug="other", agency_type="health")
        Agency.objects.create(name="Other", slug="other-2", agency_type="health")
    assert not Agency.objects.filter(slug="other").exists()
    assert AuditEvent.objects.count() == before + 1


def test_diff_masks_secrets_and_lists_only_changes():
    changes = diff(
        {"name": "A", "password": "old", "same": 1},
        {"name": "B", "password": "new", "same": 1},
    )
    assert changes == {
        "name": {"before": "A", "after": "B"},
        "password": {"before": MASK, "after": MASK},
    }


def test_event_records_actor_agency_request_and_address(client):
    user = UserFactory()
    client.force_login(user)
    event = AuditEvent.objects.filter(actor=user, verb=Verb.LOGGED_IN).first()
    assert event is not None
    assert event.actor_agency_id == user.agency_id


class TestAuditorPage:
    def test_auditor_filters_by_person_and_verb(self, verified_client):
        make_events(3)
        # Events of another agency's user: a partnership auditor reads every agency's.
        auditor = UserFactory(role=Role.PARTNERSHIP_AUDITOR)
        response = verified_client(auditor).get(
            reverse("audit:event_list"), {"person": 2, "verb": "viewed"}
        )
        assert response.status_code == 200
        page = response.context["page_obj"]
        assert [e.person_id for e in page] == [2]

    def test_rows_read_in_words_not_ids(self, verified_client):
        """Issue 8 point 15: who by name, the record by its kind and reference, the person as
        a link to every event about them, and no command-line advice."""
        user = UserFactory(full_name="Priya Shah")
        audit_record(actor=user, verb=Verb.VIEWED, target=("cases.case", 12), person_id=7)
        audit_record(actor=user, verb=Verb.VIEWED, target=("actions.task", 45), person_id=7)
        auditor = UserFactory(role=Role.PARTNERSHIP_AUDITOR)
        page = verified_client(auditor).get(reverse("audit:event_list")).content.decode()
        assert "Priya Shah" in page
        assert "Case HVN-000012" in page and "Task 45" in page
        assert 'href="?person=7"' in page
        assert "manage.py" not in page and "cases.case" not in page

    def test_page_is_paginated(self, verified_client):
        make_events(60)
        auditor = UserFactory(role=Role.PARTNERSHIP_AUDITOR)
        response = verified_client(auditor).get(reverse("audit:event_list"))
        assert len(response.context["page_obj"]) == 50
        assert response.context["page_obj"].paginator.num_pages >= 2

    def test_bad_filter_shows_error_summary(self, verified_client):
        auditor = UserFactory(role=Role.AUDITOR)
        response = verified_client(auditor).get(
            reverse("audit:event_list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
        )
        assert "There is a problem" in response.content.decode()

    @pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ADMIN, Role.STRATEGIC_LEAD])
    def test_other_roles_cannot_read_the_audit_trail(self, verified_client, role):
        response = verified_client(UserFactory(role=role)).get(reverse("audit:event_list"))
        assert response.status_code == 403

    def test_list_uses_a_bounded_number_of_queries(
        self, verified_client, django_assert_max_num_queries
    ):
        make_events(40)
        client = verified_client(UserFactory(role=Role.AUDITOR))
        with django_assert_max_num_queries(12):
            client.get(reverse("audit:event_list"))
