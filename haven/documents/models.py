"""Documents on a case. A document is never deleted: a manager of the lead authority withdraws
it (with a reason), after which Haven no longer serves it but keeps the row and the file."""

from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    AGE_ASSESSMENT = "age_assessment", "Age assessment"
    NRM_EVIDENCE = "nrm_evidence", "NRM evidence"
    LETTER = "letter", "Letter"
    IDENTITY = "identity", "Photograph or identity document"
    OTHER = "other", "Other"


class ScanStatus(models.TextChoices):
    """What the virus scanner said before the document was made available (an infected file is
    refused, so never stored)."""

    NOT_SCANNED = "not_scanned", "Not scanned: no virus scanner is set up"
    CLEAN = "clean", "Scanned: no virus found"


TITLE_MAX = 200


class Document(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True)
    document_date = models.DateField("date of the document", null=True, blank=True)
    # As the uploader's computer named it: shown and offered back on download, never used to
    # store the file.
    original_name = models.CharField(max_length=255)
    # A random name in the documents storage (haven.documents.storage).
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    # Decided from the file's content, not from what the browser said.
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    scan_status = models.CharField(max_length=20, choices=ScanStatus.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="withdrawn_document_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()}) on {self.case.reference}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
