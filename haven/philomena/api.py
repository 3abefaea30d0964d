"""Philomena Protocol profiles over the API, with the pages' rules: read the profile, fetch its
current photograph, download the grab pack PDF. A child whose profile the caller may not keep is
404, whether or not the child or the profile exists."""

from dataclasses import replace
from types import SimpleNamespace

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from haven.core.api import HavenAPIView, error_responses
from haven.documents.api import FileOrJsonErrors
from haven.philomena.models import PROFILE_FIELDS
from haven.philomena.selectors import (
    current_addresses_for_user,
    existing_profile_for_user,
    photograph_file_for_user,
)
from haven.philomena.serializers import ProfileSerializer, ProfileUpdateSerializer
from haven.philomena.services import profile_save
from haven.philomena.views import grab_pack_response, photograph_response

PERSON_ID = OpenApiParameter("person_id", int, OpenApiParameter.PATH, description="Child's id.")
WHO_KEEPS = (
    "Whoever sees the missing section of an open case about the child (the lead authority, "
    "break-glass, a share of that section), the profile's responsible local authority and the "
    "carer's agency named on it; anyone else gets 404, as for a child who does not exist."
)


class ProfileView(HavenAPIView):
    service_field_names = {"carer_agency": "carer_agency_id"}

    @extend_schema(
        operation_id="people_philomena_profile_retrieve",
        tags=["philomena"],
        summary="A child's Philomena Protocol profile",
        description=(
            f"Part 1, as the profile page shows it. {WHO_KEEPS} 404 too when no profile has "
            "been started. `current_addresses` withholds a confidential address from a caller "
            "not named on it. The read is audited."
        ),
        parameters=[PERSON_ID],
        responses={200: ProfileSerializer, **error_responses(404)},
    )
    def get(self, request, person_id: int):
        view = existing_profile_for_user(user=request.user, person_id=person_id)
        return Response(_profile_body(request.user, view))

    @extend_schema(
        operation_id="people_philomena_profile_partial_update",
        tags=["philomena"],
        summary="Update or review part 1 of a child's Philomena Protocol profile",
        description=(
            "Send only the fields to change, with the `version` you read; a list "
            "(`associates`, `places`, `phones`) is replaced as a whole. Postcodes come back "
            "normalised and phone numbers in E.164. Every save records a review by the caller. "
            "If someone saved the profile since, nothing is saved and the answer is 409 with "
            f"what they changed; a refused value is 400 and nothing is saved. {WHO_KEEPS}"
        ),
        parameters=[PERSON_ID],
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, person_id: int):
        view = existing_profile_for_user(user=request.user, person_id=person_id, record_view=False)
        serializer = ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        if "carer_agency_id" in changes:
            changes["carer_agency"] = changes.pop("carer_agency_id")
        # The service saves the whole of part 1: what was not sent stays as it is.
        values = {name: getattr(view.profile, name) for name in PROFILE_FIELDS} | changes
        profile = profile_save(
            actor=request.user, person=view.person, expected_version=version, **values
        )
        return Response(_profile_body(request.user, replace(view, profile=profile)))


def _profile_body(user, view) -> dict:
    profile = view.profile
    body = SimpleNamespace(
        **{field.attname: getattr(profile, field.attname) for field in profile._meta.fields},
        responsible_agency=profile.responsible_agency,
        carer_agency=profile.carer_agency,
        reviewed_by=profile.reviewed_by,
        out_of_date=view.stale,
        photograph=view.photograph,
        current_addresses=current_addresses_for_user(user=user, person=view.person),
    )
    return ProfileSerializer(body).data


class PhotographView(HavenAPIView):
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="people_philomena_photograph_retrieve",
        tags=["philomena"],
        summary="The current photograph of a child's profile",
        description=(
            f"A JPEG Haven re-encoded (no metadata), never cached. {WHO_KEEPS} 404 without a "
            "photograph. Every view is audited with the SHA-256 of the content served."
        ),
        parameters=[PERSON_ID],
        responses={
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="The JPEG.")
        }
        | error_responses(404),
    )
    def get(self, request, person_id: int):
        return photograph_response(photograph_file_for_user(user=request.user, person_id=person_id))


class GrabPackView(HavenAPIView):
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="people_philomena_grab_pack_retrieve",
        tags=["philomena"],
        summary="The grab pack PDF for the police",
        description=(
            f"Part 1 of the profile with the photograph, and part 2 from the child's open "
            f"missing episode (blank for the police to fill when there is none). {WHO_KEEPS} "
            "A confidential address appears only for a caller named on it. The export is "
            "audited."
        ),
        parameters=[PERSON_ID],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The grab pack."
            )
        }
        | error_responses(404),
    )
    def get(self, request, person_id: int):
        return grab_pack_response(request, person_id)
