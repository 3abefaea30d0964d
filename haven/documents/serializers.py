"""Request and response shapes of the documents API. Serializers check types and formats, as
the page's form does; what a file may be, and who may add or read one, stay in the services and
selectors."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.core.api import LocalDateTimeField
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.documents.content import ALLOWED_NAMES
from haven.documents.models import TITLE_MAX, DocumentKind, ScanStatus
from haven.people.serializers import (
    AgencyRefSerializer,
    StrictInputSerializer,
    UserRefSerializer,
    named_choice_field,
)

DocumentKindField = named_choice_field("DocumentKind", DocumentKind.choices)
ScanStatusField = named_choice_field("ScanStatus", ScanStatus.choices)


class DocumentInputSerializer(StrictInputSerializer):
    """The "Add a document" page's fields, sent as multipart/form-data."""

    file = serializers.FileField(
        # Empty files are the service's to refuse, with GOV.UK's words.
        allow_empty_file=True,
        error_messages={"required": "Select a file", "invalid": "Select a file"},
        help_text=f"A {ALLOWED_NAMES} (HAVEN_DOCUMENT_MAX_BYTES at most, 20 MB by default). The "
        "type is read from the content, and the file name's extension must agree with it.",
    )
    kind = DocumentKindField()
    # A blank title is the service's to refuse, in the page's words.
    title = serializers.CharField(
        max_length=TITLE_MAX,
        allow_blank=True,
        error_messages={"max_length": too_long("The title", TITLE_MAX)},
    )
    document_date = serializers.DateField(
        allow_null=True,
        default=None,
        help_text="When the document was written or issued (YYYY-MM-DD), if known.",
    )
    description = serializers.CharField(
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("The description", FREE_TEXT_MAX)},
        allow_blank=True,
        default="",
    )


class DocumentLinksSerializer(serializers.Serializer):
    download = serializers.CharField(allow_null=True, help_text="None once withdrawn.")
    case = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    kind = DocumentKindField()
    title = serializers.CharField()
    description = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)
    original_name = serializers.CharField(help_text="The file's name as it was uploaded.")
    size = serializers.IntegerField(help_text="In bytes.")
    content_type = serializers.CharField(help_text="Read from the content when uploaded.")
    sha256 = serializers.CharField(help_text="SHA-256 of the content, in hexadecimal.")
    scan_status = ScanStatusField()
    uploaded_by = UserRefSerializer()
    uploaded_by_agency = AgencyRefSerializer()
    uploaded_at = LocalDateTimeField()
    withdrawn_at = LocalDateTimeField(allow_null=True)
    withdrawn_by = UserRefSerializer(allow_null=True)
    withdrawn_reason = serializers.CharField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(DocumentLinksSerializer)
    def get_links(self, document) -> dict[str, Any]:
        return {
            "download": None
            if document.withdrawn
            else reverse("api-case-document-download", args=[document.case_id, document.pk]),
            "case": reverse("api-case-detail", args=[document.case_id]),
        }
