"""A document on a case: a small PDF stored in the documents storage, added an hour ago by a
practitioner of the lead authority. No audit trail or chronology: a test that depends on those
uploads through ``haven.documents.services.document_upload``."""

import hashlib
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.cases.tests.factories import CaseFactory
from haven.core.uploads import new_stored_name
from haven.documents.models import Document, DocumentKind, ScanStatus
from haven.documents.storage import document_storage
from haven.documents.tests.files import PDF


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    kind = DocumentKind.AGE_ASSESSMENT
    title = factory.Sequence(lambda n: f"Age assessment report {n}")
    original_name = "age-assessment.pdf"
    stored_name = factory.LazyFunction(
        lambda: document_storage().save(new_stored_name(), ContentFile(PDF))
    )
    size = len(PDF)
    content_type = "application/pdf"
    sha256 = hashlib.sha256(PDF).hexdigest()
    scan_status = ScanStatus.NOT_SCANNED
    uploaded_by = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
    )
    uploaded_by_agency = factory.SelfAttribute("uploaded_by.agency")
    uploaded_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
