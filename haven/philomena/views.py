"""Pages for a child's Philomena Protocol profile: the profile, editing part 1, adding or
replacing the photograph, the photograph itself and the grab pack PDF. Each asks a selector or
the grab pack workflow, which ask the access door: a child whose profile the user may not keep
is "not found"."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.audit.versioning import StaleVersionError
from haven.core.limits import takes_uploads
from haven.philomena import services
from haven.philomena.forms import PhotographForm, ProfileForm
from haven.philomena.photos import STORED_CONTENT_TYPE
from haven.philomena.selectors import (
    PhotographFile,
    existing_profile_for_user,
    photograph_file_for_user,
    profile_get_for_user,
)
from haven.workflows.grab_pack import grab_pack_for_user


@require_GET
def profile_detail(request, person_id: int):
    view = profile_get_for_user(user=request.user, person_id=person_id)
    return render(request, "philomena/profile.html", {"view": view})


@require_http_methods(["GET", "POST"])
def profile_edit(request, person_id: int):
    view = profile_get_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    posted = request.method == "POST"
    form = ProfileForm(request.POST if posted else None, profile=view.profile)
    version = view.profile.version if view.profile else None
    if posted:
        version = int(request.POST["version"]) if request.POST.get("version") else None
    if posted and form.is_valid():
        try:
            services.profile_save(
                actor=request.user,
                person=view.person,
                expected_version=version,
                **form.profile_values(),
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Philomena Protocol profile saved.")
            return redirect(reverse("philomena:profile", args=[person_id]))
    return render(
        request, "philomena/profile_form.html", {"view": view, "form": form, "version": version}
    )


@takes_uploads("HAVEN_PHILOMENA_PHOTO_MAX_BYTES")
@require_http_methods(["GET", "POST"])
def photograph_upload(request, person_id: int):
    view = existing_profile_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    posted = request.method == "POST"
    form = PhotographForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        max_size=settings.HAVEN_PHILOMENA_PHOTO_MAX_BYTES,
    )
    if posted and form.is_valid():
        try:
            services.photograph_upload(
                actor=request.user, profile=view.profile, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Photograph saved.")
            return redirect(reverse("philomena:profile", args=[person_id]))
    return render(request, "philomena/photograph_form.html", {"view": view, "form": form})


def photograph_response(served: PhotographFile) -> FileResponse:
    """The photograph, shown inline (it is an image Haven made), never sniffed or cached. The
    page and the API answer with this."""
    response = FileResponse(served.file, content_type=STORED_CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def photograph(request, person_id: int):
    return photograph_response(photograph_file_for_user(user=request.user, person_id=person_id))


def grab_pack_response(request, person_id: int) -> HttpResponse:
    """The grab pack PDF, as an attachment, its export audited. The page and the API answer
    with this."""
    pack = grab_pack_for_user(user=request.user, person_id=person_id)
    html = render_to_string("philomena/grab_pack.html", {"pack": pack, "user": request.user})
    pdf = services.grab_pack_pdf(
        actor=request.user,
        profile=pack.profile,
        html=html,
        missing_now=pack.missing_now is not None,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="grab-pack-{person_id}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def grab_pack(request, person_id: int):
    return grab_pack_response(request, person_id)
