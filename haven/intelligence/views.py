"""Intelligence pages. Views stay thin: the selectors ask the access door and the handling-code
door (what the user may not see is "not found"; a role that never does this gets 403), the
services validate and write, and the forms show their refusals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.intelligence import selectors, services
from haven.intelligence.forms import (
    EntityForm,
    EntityKindForm,
    EntitySearchForm,
    LinkForm,
    MergeForm,
)
from haven.intelligence.models import EntityType
from haven.workflows.intelligence import intelligence_entity_link_record

# --- Entities and links: the analyst workspace and recording from a case (intel-api) --------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _kind(entity_type: str) -> str:
    if entity_type not in EntityType.values:
        raise Http404("No such kind")
    return entity_type


def _kind_page(request, *, caption: str, back: str, next_url):
    """The first step of recording: what kind of thing. Then its details, on the next page."""
    form = EntityKindForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        return redirect(next_url(form.cleaned_data["entity_type"]))
    return render(
        request,
        "intelligence/kind.html",
        {"form": form, "caption": caption, "back": back},
    )


def _search_page(request, *, searched: bool):
    selectors.require_intelligence_user(request.user)
    form = EntitySearchForm(request.GET if searched else None)
    results = None
    if searched and form.is_valid():
        results = selectors.entity_search(
            user=request.user,
            query=form.cleaned_data["q"],
            entity_type=form.cleaned_data["entity_type"],
        )
    return render(
        request,
        "intelligence/workspace.html",
        {
            "search_form": form,
            "results": results,
            "recent": None if searched else selectors.recent_entities(user=request.user),
            "is_analyst": selectors.is_analyst(request.user),
        },
    )


@require_GET
def workspace(request):
    return _search_page(request, searched=False)


@require_GET
def entity_search(request):
    return _search_page(request, searched=True)


@require_GET
def entity_detail(request, entity_id: int):
    view = selectors.entity_view_for_user(user=request.user, entity_id=entity_id)
    return render(
        request,
        "intelligence/entity_detail.html",
        {"view": view, "is_analyst": selectors.is_analyst(request.user)},
    )


@require_http_methods(["GET", "POST"])
def entity_new(request):
    selectors.require_analyst(request.user)
    return _kind_page(
        request,
        caption="Record an entity",
        back=reverse("intelligence:workspace"),
        next_url=lambda kind: reverse("intelligence:entity_new_details", args=[kind]),
    )


@require_http_methods(["GET", "POST"])
def entity_new_details(request, entity_type: str):
    selectors.require_analyst(request.user)
    form = EntityForm(_posted(request), entity_type=_kind(entity_type))
    if request.method == "POST" and form.is_valid():
        try:
            entity, new = services.entity_record(
                actor=request.user,
                entity_type=entity_type,
                values=form.values(),
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "Entity recorded." if new else "This was already recorded: here it is."
            )
            return redirect("intelligence:entity_detail", entity_id=entity.pk)
    return render(
        request,
        "intelligence/entity_form.html",
        {"form": form, "kind": EntityType(entity_type).label},
    )


def _link_page(request, form: LinkForm, *, save, caption: str, back: str, done):
    if request.method == "POST" and form.is_valid():
        try:
            _link, entity = save(form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Link to {entity.label} recorded.")
            return redirect(done)
    return render(
        request,
        "intelligence/link_form.html",
        {"form": form, "caption": caption, "back": back, "kind": EntityType(form.entity_type)},
    )


@require_http_methods(["GET", "POST"])
def case_link_new(request, case_id: int):
    view = case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.INTELLIGENCE,
    )
    return _kind_page(
        request,
        caption=f"Case {view.case.reference}: {view.case.person.full_name}",
        back=reverse("cases:case_detail", args=[case_id]) + "#intelligence",
        next_url=lambda kind: reverse("intelligence:case_link_details", args=[case_id, kind]),
    )


@require_http_methods(["GET", "POST"])
def case_link_details(request, case_id: int, entity_type: str):
    view = case_get_for_user(
        user=request.user,
        case_id=case_id,
        record_view=request.method == "GET",
        section=CaseSection.INTELLIGENCE,
    )
    form = LinkForm(
        _posted(request), entity_type=_kind(entity_type), own_agency_id=request.user.agency_id
    )
    back = reverse("cases:case_detail", args=[case_id]) + "#intelligence"
    return _link_page(
        request,
        form,
        save=lambda form: intelligence_entity_link_record(
            actor=request.user,
            entity_type=entity_type,
            values=form.values(),
            from_case=view.case,
            **form.link_arguments(),
        ),
        caption=f"Case {view.case.reference}: {view.case.person.full_name}",
        back=back,
        done=back,
    )


@require_http_methods(["GET", "POST"])
def entity_link_new(request, entity_id: int):
    selectors.require_analyst(request.user)
    view = selectors.entity_view_for_user(
        user=request.user, entity_id=entity_id, record_view=request.method == "GET"
    )
    return _kind_page(
        request,
        caption=f"Link {view.entity.label} to another entity",
        back=reverse("intelligence:entity_detail", args=[entity_id]),
        next_url=lambda kind: reverse("intelligence:entity_link_details", args=[entity_id, kind]),
    )


@require_http_methods(["GET", "POST"])
def entity_link_details(request, entity_id: int, entity_type: str):
    selectors.require_analyst(request.user)
    view = selectors.entity_view_for_user(
        user=request.user, entity_id=entity_id, record_view=request.method == "GET"
    )
    form = LinkForm(
        _posted(request), entity_type=_kind(entity_type), own_agency_id=request.user.agency_id
    )
    back = reverse("intelligence:entity_detail", args=[entity_id])
    return _link_page(
        request,
        form,
        save=lambda form: intelligence_entity_link_record(
            actor=request.user,
            entity_type=entity_type,
            values=form.values(),
            from_entity=view.entity,
            **form.link_arguments(),
        ),
        caption=f"Link {view.entity.label} to another entity",
        back=back,
        done=back,
    )


@require_http_methods(["GET", "POST"])
def entity_merge(request, entity_id: int):
    selectors.require_analyst(request.user)
    view = selectors.entity_view_for_user(
        user=request.user, entity_id=entity_id, record_view=request.method == "GET"
    )
    query = request.GET.get("q", "")[:200]
    candidates = selectors.merge_candidates(user=request.user, entity=view.entity, query=query)
    form = MergeForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        duplicate = selectors.entity_for_linking(request.user, form.cleaned_data["duplicate"])
        try:
            services.entity_merge(
                actor=request.user,
                kept=view.entity,
                duplicate=duplicate,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{duplicate.label} merged into this record.")
            return redirect("intelligence:entity_detail", entity_id=view.entity.pk)
    return render(
        request,
        "intelligence/merge.html",
        {"view": view, "form": form, "query": query, "candidates": candidates},
    )


@require_http_methods(["GET", "POST"])
def merge_reverse(request, merge_id: int):
    merge = selectors.merge_get_for_user(request.user, merge_id)
    if request.method == "POST":
        try:
            services.entity_unmerge(actor=request.user, merge=merge)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Merge reversed: {merge.duplicate.label} is separate again.")
        return redirect("intelligence:entity_detail", entity_id=merge.kept_id)
    return render(request, "intelligence/merge_reverse.html", {"merge": merge})


# --- Hotspots (decision 0028) --------------------------------------------------------------


@require_GET
def hotspots(request):
    return render(
        request,
        "intelligence/hotspots.html",
        {
            "views": selectors.hotspots_for_user(request.user),
            "analyst": selectors.is_analyst(request.user),
        },
    )


@require_GET
def hotspot(request, hotspot_id: int):
    return render(
        request,
        "intelligence/hotspot.html",
        {
            "view": selectors.hotspot_get_for_user(request.user, hotspot_id),
            "analyst": selectors.is_analyst(request.user),
        },
    )
