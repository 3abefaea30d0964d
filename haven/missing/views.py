"""Pages for missing episodes: report a child missing, the episode (with its 72-hour clock),
the police report, the return and the return home interview. The case page shows the missing
history (``templatetags.missing_panels``). Each view asks a selector, which asks the access
door: a child or episode the user may not see is "not found"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from haven.audit.versioning import StaleVersionError
from haven.missing import services
from haven.missing.forms import InterviewForm, PoliceForm, ReportForm, ReturnForm
from haven.missing.selectors import (
    episode_case,
    episode_get_for_user,
    interview_due,
    interview_state,
    open_case_of,
    person_for_missing_report,
)
from haven.workflows.missing_episodes import (
    missing_episode_report,
    missing_episode_return,
    return_interview_record,
)


def _episode_url(episode) -> str:
    return reverse("missing:episode", args=[episode.pk])


@require_http_methods(["GET", "POST"])
def episode_report(request, person_id: int):
    person = person_for_missing_report(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    case = open_case_of(person)
    form = ReportForm(request.POST or None, has_case=case is not None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = missing_episode_report(
                actor=request.user, person_id=person.pk, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Missing episode recorded.")
            return redirect(_episode_url(episode))
    return render(
        request,
        "missing/report_form.html",
        {"form": form, "person": person, "case": case},
    )


def episode_detail(request, episode_id: int):
    episode = episode_get_for_user(user=request.user, episode_id=episode_id)
    return render(
        request,
        "missing/episode_detail.html",
        {
            "episode": episode,
            "case": episode_case(episode),
            "interviews": list(episode.interviews.all()),
            "due_by": interview_due(episode),
            "clock": interview_state(episode),
        },
    )


def _episode_form_page(request, episode_id, *, form_class, template, save, done, **form_kwargs):
    episode = episode_get_for_user(
        user=request.user, episode_id=episode_id, record_view=request.method == "GET"
    )
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(episode, form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        else:
            messages.success(request, done)
            return redirect(_episode_url(episode))
    return render(request, template, {"form": form, "episode": episode})


@require_http_methods(["GET", "POST"])
def episode_police(request, episode_id: int):
    def save(episode, arguments):
        version = int(request.POST.get("version", episode.version))
        services.episode_police_update(
            actor=request.user, episode=episode, expected_version=version, **arguments
        )

    return _episode_form_page(
        request,
        episode_id,
        form_class=PoliceForm,
        template="missing/police_form.html",
        save=save,
        done="Police report recorded.",
    )


@require_http_methods(["GET", "POST"])
def episode_return(request, episode_id: int):
    def save(episode, arguments):
        version = int(request.POST.get("version", episode.version))
        missing_episode_return(
            actor=request.user, episode=episode, expected_version=version, **arguments
        )

    return _episode_form_page(
        request,
        episode_id,
        form_class=ReturnForm,
        template="missing/return_form.html",
        save=save,
        done="Return recorded. A return home interview is due within 72 hours.",
    )


@require_http_methods(["GET", "POST"])
def episode_interview(request, episode_id: int):
    def save(episode, arguments):
        return_interview_record(actor=request.user, episode=episode, **arguments)

    return _episode_form_page(
        request,
        episode_id,
        form_class=InterviewForm,
        template="missing/interview_form.html",
        save=save,
        done="Return home interview recorded.",
    )
