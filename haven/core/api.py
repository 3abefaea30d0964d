"""Shared API behaviour: pagination, one error body shape for every failure, service errors
as API errors (400 with field names, 409 for a stale version), bounded lists, role permissions
and the documented error responses."""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from haven.accounts.api_permissions import IsVerifiedUser
from haven.audit.versioning import StaleVersionError
from haven.core.limits import (
    CODE_MAX,
    ID_MAX,
    MENTIONS_MAX,
    NAME_MAX,
    VERSION_MAX,
    not_an_id,
    too_large,
    too_long,
    too_many,
)
from haven.core.views import API_MESSAGES, body_limit_text


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = (
        "Page number, from 1. A page that does not exist (0, not a number, or after the last "
        "page) is 404."
    )
    page_size_query_description = "Results per page (default 25, at most 200)."
    invalid_page_message = "There is no such page: pages are numbered from 1 to the last page."


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF error details (nested dicts and lists) as {"field.sub": ["message", ...]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    """400s come back as {"errors": {field: [messages]}}; every other error as
    {"errors": {"detail": [message]}} with the same status DRF would use."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Normally refused before the view by haven.core.middleware.RequestLimitsMiddleware.
        message = API_MESSAGES[413].format(limit=body_limit_text())
        return Response({"errors": {"detail": [message]}}, status=413)
    elif isinstance(exc, SuspiciousOperation):
        # e.g. more than DATA_UPLOAD_MAX_NUMBER_FIELDS form fields: the request cannot be read.
        exc = exceptions.ParseError(API_MESSAGES[400])
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"errors": {"detail": [str(detail)]}}
    return response


class BoundedListField(serializers.ListField):
    """A list with at most ``max_length`` items, refused before any item is checked, with a
    GOV.UK message (``haven.core.limits.too_many``). Documented as ``maxItems``."""

    def __init__(self, *, max_length: int, message: str, **kwargs):
        error_messages = {"max_length": message, **kwargs.pop("error_messages", {})}
        super().__init__(max_length=max_length, error_messages=error_messages, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length")
        return super().to_internal_value(data)


class PlaceMentionedSerializer(serializers.Serializer):
    """A place a concern or a return home interview mentions (the service checks the
    postcode and normalises it)."""

    line = serializers.CharField(
        max_length=300,
        allow_blank=True,
        default="",
        error_messages={"max_length": too_long("The address line", 300)},
    )
    postcode = serializers.CharField(
        max_length=CODE_MAX, error_messages={"max_length": too_long("The postcode", CODE_MAX)}
    )


def places_mentioned_field() -> BoundedListField:
    return BoundedListField(
        child=PlaceMentionedSerializer(),
        default=list,
        max_length=MENTIONS_MAX,
        message=too_many(MENTIONS_MAX, "addresses"),
        help_text=f"At most {MENTIONS_MAX}: each a line and a UK postcode, linked to the case.",
    )


def phones_mentioned_field() -> BoundedListField:
    return BoundedListField(
        child=serializers.CharField(
            max_length=NAME_MAX, error_messages={"max_length": too_long("A phone number", NAME_MAX)}
        ),
        default=list,
        max_length=MENTIONS_MAX,
        message=too_many(MENTIONS_MAX, "phone numbers"),
        help_text=f"At most {MENTIONS_MAX}: phone numbers (UK unless given with +), linked to "
        "the case.",
    )


def id_field(noun: str, **kwargs) -> serializers.IntegerField:
    """A record id, 1 to the largest database id: anything else is refused, not sent to the
    database (whose driver overflows beyond 64 bits)."""
    message = not_an_id(noun)
    return serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        error_messages={"min_value": message, "max_value": message},
        **kwargs,
    )


def version_field(**kwargs) -> serializers.IntegerField:
    """The version of a record the client read: 409 when someone has changed it since."""
    return serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={"max_value": too_large("The version", VERSION_MAX)},
        **kwargs,
    )


class LocalDateTimeField(serializers.DateTimeField):
    """An instant as ISO 8601 in Haven's time zone (Europe/London) with its UTC offset, always
    written out: "2026-12-04T17:00:00+00:00" in winter, "2027-06-04T17:00:00+01:00" in summer,
    never "Z" (DRF's DateTimeField writes "Z" for +00:00). For responses."""

    def to_representation(self, value):
        if value is None:
            return None
        return timezone.localtime(value).isoformat()


# ---------------------------------------------------------------------------------------------
# Error bodies (documentation only: haven.core.api.exception_handler and the views build them).


class ErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Field name (dotted for nested fields, e.g. "person.date_of_birth") to '
        'messages; "detail" for errors that are not about one field.',
    )


class ChangeSinceEditSerializer(serializers.Serializer):
    by = serializers.CharField(help_text="Email of whoever saved the record.")
    at = serializers.DateTimeField()
    fields = serializers.DictField(
        child=serializers.DictField(), help_text='{field: {"before": x, "after": y}}'
    )


class ConflictSerializer(ErrorSerializer):
    current_version = serializers.IntegerField(help_text="Send this version when you retry.")
    changes = ChangeSinceEditSerializer(many=True, help_text="What others changed meanwhile.")


def conflict_response(error: StaleVersionError) -> Response:
    """409: someone saved the record since the caller read it. Says what they changed."""
    return Response(
        {
            "errors": {"version": [str(error)]},
            "current_version": error.current.version,
            "changes": [
                {"by": change.by, "at": change.at, "fields": change.fields}
                for change in error.changes
            ],
        },
        status=status.HTTP_409_CONFLICT,
    )


def api_validation_error(
    error: DjangoValidationError, field_names: dict[str, str] | None = None
) -> serializers.ValidationError:
    """A service's ValidationError as a DRF one, its fields renamed to the API's names."""
    names = field_names or {}
    if not hasattr(error, "error_dict"):
        return serializers.ValidationError({"non_field_errors": error.messages})
    return serializers.ValidationError(
        {
            ("non_field_errors" if name == NON_FIELD_ERRORS else names.get(name, name)): messages
            for name, messages in error.message_dict.items()
        }
    )


class ServiceErrorsMixin:
    """Maps service exceptions onto the API's error shapes: ValidationError → 400 with field
    names (renamed by ``service_field_names``), StaleVersionError → 409. PermissionDenied and
    Http404 are already handled by ``haven.core.api.exception_handler``."""

    service_field_names: dict[str, str] = {}

    def get_service_field_names(self) -> dict[str, str]:
        return self.service_field_names

    def handle_exception(self, exc):
        if isinstance(exc, StaleVersionError):
            return conflict_response(exc)
        if isinstance(exc, DjangoValidationError):
            exc = api_validation_error(exc, self.get_service_field_names())
        return super().handle_exception(exc)


class HavenAPIView(ServiceErrorsMixin, APIView):
    pass


def role_permission(name: str) -> type[IsVerifiedUser]:
    """A DRF permission: a verified caller whose role grants ``name`` (haven.accounts.roles)."""

    class HasRolePermission(IsVerifiedUser):
        def has_permission(self, request, view):
            if not super().has_permission(request, view):
                return False
            self.message = "Your role does not allow this."
            return request.user.has_role_permission(name)

    HasRolePermission.__name__ = f"HasRolePermission_{name.replace('.', '_')}"
    return HasRolePermission


_ERROR_DESCRIPTIONS = {
    400: 'Invalid input: {"errors": {field: [messages]}}; nothing was saved.',
    401: "No credentials, or an invalid, expired or revoked token.",
    403: "Not verified with two factors, or the role may not do this.",
    404: "No such record, or the caller may not see it (the two look the same).",
    409: "Someone saved the record since the caller read it: see current_version and changes.",
    413: "The request body is larger than 1 MiB (1,048,576 bytes); nothing was read or saved.",
    429: "Too many searches in the window (HAVEN_SEARCH_LIMIT per HAVEN_SEARCH_WINDOW_SECONDS, "
    "default 120 per 10 minutes): wait for Retry-After seconds. The auditors are told.",
    503: "The database could not be reached (Retry-After says when to try again). Nothing was "
    "saved half way: check whether the change was made before sending it again.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses, always including 401 and 403."""
    responses = {}
    for code in sorted({401, 403, *codes}):
        serializer = ConflictSerializer if code == 409 else ErrorSerializer
        responses[code] = OpenApiResponse(serializer, description=_ERROR_DESCRIPTIONS[code])
    return responses


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents the errors the project
    answers whatever the view: 401 and 403 (authentication and verification), 400 when it reads
    a body (unreadable or too deeply nested JSON) or query parameters, 413 when it reads a body,
    404 when its address names a record or it is paginated (a page that does not exist), 503
    when the database cannot be reached (``haven.core.views.server_error``). Responses a view
    documents itself are kept."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": ErrorSerializer().fields["errors"].help_text,
                }
            },
            "required": ["errors"],
        },
    )
    descriptions = {
        **_ERROR_DESCRIPTIONS,
        400: 'Invalid input: {"errors": {field: [messages]}}, or a body that cannot be read '
        "(not JSON, or nested more than 32 levels); nothing was saved.",
        404: "No such record (the caller may not see it, or the id is not a whole number), or "
        "no such page.",
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            parameters = operation.get("parameters", [])
            codes = {401, 403, 503}
            if "requestBody" in operation:
                codes |= {400, 413}
            if any(
                p.get("in") == "query" and p.get("name") not in {"page", "page_size"}
                for p in parameters
            ):
                codes.add(400)
            if any(p.get("in") == "path" for p in parameters) or any(
                p.get("name") == "page" for p in parameters
            ):
                codes.add(404)
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(
                    str(code),
                    {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                        "description": descriptions[code],
                    },
                )
    return result
