"""Documents over the API, with the same rules as the pages: a case's documents (the case page's
documents panel), adding one (the "Add a document" page, as multipart/form-data) and downloading
one.

Views are thin: the selectors fetch, ask the access door and audit the read; a case or document
the caller may not see is 404 whether or not it exists."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, error_responses
from haven.core.limits import takes_uploads
from haven.documents.content import ALLOWED_NAMES, ALLOWED_TYPES
from haven.documents.selectors import case_documents_for_user, document_download_for_user
from haven.documents.serializers import DocumentInputSerializer, DocumentSerializer
from haven.documents.services import document_upload
from haven.documents.views import download_response

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
DOCUMENT_ID = OpenApiParameter(
    "document_id", int, OpenApiParameter.PATH, description="Document id."
)
WHO_SEES = (
    "Whoever sees the case's documents section (the lead authority, break-glass, a share of "
    "that section) sees its documents; anyone else gets 404, as for a case that does not exist."
)


@takes_uploads("HAVEN_DOCUMENT_MAX_BYTES")
class CaseDocumentsView(HavenAPIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_documents_list",
        tags=["documents"],
        summary="A case's documents",
        description=(
            f"As the case page lists them. {WHO_SEES} Withdrawn documents are listed, with who "
            "withdrew them and why, but have no download link. The newest first; a plain list, "
            "not paginated. The read is audited."
        ),
        parameters=[CASE_ID],
        responses={200: DocumentSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        documents = case_documents_for_user(user=request.user, view=view)
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="cases_documents_create",
        tags=["documents"],
        summary="Add a document to a case",
        description=(
            f'As on the "Add a document" page, as multipart/form-data. {WHO_SEES} The file\'s '
            "type is read from its content (PDF, JPG, PNG or DOCX) and its extension must agree; "
            "it must not be empty or larger than the limit, and it is scanned for viruses "
            "before it is stored. A refused file is 400 under `file`, with the page's message."
        ),
        parameters=[CASE_ID],
        request={"multipart/form-data": DocumentInputSerializer},
        responses={201: DocumentSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user,
            case_id=case_id,
            record_view=False,
            section=CaseSection.DOCUMENTS,
        )
        serializer = DocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = document_upload(actor=request.user, case=view.case, **serializer.validated_data)
        body = DocumentSerializer(document).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["download"]}
        )


class FileOrJsonErrors(BaseContentNegotiation):
    """The download answers with the file whatever the client accepts, and with the API's JSON
    errors when it cannot."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DocumentDownloadView(HavenAPIView):
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="cases_documents_download",
        tags=["documents"],
        summary="Download a document",
        description=(
            f"The file, as an attachment with the type read from its content when it was "
            f"uploaded, never cached. {WHO_SEES} A withdrawn document is 404: it is no longer "
            "served. Every download is audited with the SHA-256 of the content served."
        ),
        parameters=[CASE_ID, DOCUMENT_ID],
        responses={
            (200, allowed.content_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=f"The file, with the type read from its content ({ALLOWED_NAMES}).",
            )
            for allowed in ALLOWED_TYPES
        }
        | error_responses(404),
    )
    def get(self, request, case_id: int, document_id: int):
        return download_response(
            document_download_for_user(user=request.user, case_id=case_id, document_id=document_id)
        )
