"""People API: the known-to search, a person's record and changes to its core details.

Every view is thin: validate the request, call one selector or service, serialize. Access rules
live in ``haven.cases.access``; a person the caller may not see is "not found".

The helpers at the top (service errors as API errors, the 409 body, role permissions and the
documented error responses) are shared with ``haven.cases.api``.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.api_permissions import IsVerifiedUser
from haven.core.versioning import StaleVersionError
from haven.people.selectors import (
    addresses_for_user,
    person_get_for_user,
    person_search,
    relationships_for_user,
)
from haven.people.serializers import (
    ConflictSerializer,
    ErrorSerializer,
    PersonCoreSerializer,
    PersonSearchQuerySerializer,
    PersonSearchResponseSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
)
from haven.people.services import person_update

# ---------------------------------------------------------------------------------------------
# Shared API helpers


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
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses, always including 401 and 403."""
    responses = {}
    for code in sorted({401, 403, *codes}):
        serializer = ConflictSerializer if code == 409 else ErrorSerializer
        responses[code] = OpenApiResponse(serializer, description=_ERROR_DESCRIPTIONS[code])
    return responses


PERSON_ID = OpenApiParameter("person_id", int, OpenApiParameter.PATH, description="Person id.")

# ---------------------------------------------------------------------------------------------
# Views


class PersonSearchView(HavenAPIView):
    @extend_schema(
        operation_id="people_search",
        tags=["people"],
        summary="Search for a person across agencies",
        description=(
            "Matches every term against names, aliases, date of birth (DD/MM/YYYY or "
            "YYYY-MM-DD), year of birth and identifiers. People the caller may see come back in "
            'full; everyone else only as "known to <agency>, contact <team>", with no id, '
            "name or other detail. Needs a role that searches for people. The search is audited."
        ),
        parameters=[PersonSearchQuerySerializer],
        responses={200: PersonSearchResponseSerializer, **error_responses(400)},
    )
    def get(self, request):
        query = PersonSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        results = person_search(user=request.user, query=query.validated_data["q"])
        return Response(PersonSearchResponseSerializer({"results": results}).data)


class PersonDetailView(HavenAPIView):
    @extend_schema(
        operation_id="people_retrieve",
        tags=["people"],
        summary="A person's record",
        description=(
            "Names, identifiers, phones, addresses and relationships. A confidential address "
            "(placement, safe house) is shown only to users named on it; others see which team "
            "holds it. The other person in a relationship is named only if you may open their "
            "record. The view is audited."
        ),
        parameters=[PERSON_ID],
        responses={200: PersonSerializer, **error_responses(404)},
    )
    def get(self, request, person_id: int):
        person = person_get_for_user(user=request.user, person_id=person_id)
        context = {
            "addresses": addresses_for_user(user=request.user, person=person),
            "relationships": relationships_for_user(user=request.user, person=person),
        }
        return Response(PersonSerializer(person, context=context).data)

    @extend_schema(
        operation_id="people_partial_update",
        tags=["people"],
        summary="Change a person's core details",
        description=(
            "Send only the fields to change, with the `version` you read. If someone saved the "
            "record since, nothing is saved and the answer is 409 with what they changed."
        ),
        parameters=[PERSON_ID],
        request=PersonUpdateSerializer,
        responses={200: PersonCoreSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, person_id: int):
        person = person_get_for_user(user=request.user, person_id=person_id, record_view=False)
        serializer = PersonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        person = person_update(
            actor=request.user, person=person, expected_version=version, **changes
        )
        return Response(PersonCoreSerializer(person).data)
