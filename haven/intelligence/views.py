"""Intelligence pages. Views stay thin: the selectors ask the access door and the handling-code
door (what the user may not see is "not found"; a role that never does this gets 403), the
services validate and write, and the forms show their refusals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.intelligence import groups, selectors, services
from haven.intelligence.exports import FORMATS, network_export_for_user
from haven.intelligence.forms import (
    DisruptionActionForm,
    EntityForm,
    EntityKindForm,
    EntitySearchForm,
    GroupAttendanceForm,
    GroupAttendeeForm,
    GroupInformationForm,
    GroupScheduleForm,
    GroupSubjectCaseForm,
    GroupSubjectSearchForm,
    LinkForm,
    MergeForm,
    NetworkFilterForm,
)
from haven.intelligence.models import Entity, EntityType
from haven.intelligence.network import ENTITY, network_view_for_user
from haven.intelligence.selectors import may_use_intelligence
from haven.workflows import operational_groups
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


# --- Operational group meetings (decision 0030) -------------------------------------------

NOT_FOR_ROLE = "Operational group meetings are for analysts and those who work cases."


def _post(request):
    return request.POST if request.method == "POST" else None


def _saved(form, service, **arguments):
    """Call the service; its refusal goes on the form."""
    try:
        return service(**arguments)
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def _meeting_run_by(request, meeting_id: int):
    """A meeting the user sees (else 404) and runs (else 403)."""
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    if not groups.runs_meeting(request.user, meeting):
        raise PermissionDenied(groups.NOT_RUNNER)
    return meeting


def group_list(request):
    if not may_use_intelligence(request.user):
        raise PermissionDenied(NOT_FOR_ROLE)
    return render(
        request,
        "intelligence/groups.html",
        {
            "meetings": groups.meetings_for_user(request.user),
            "may_schedule": groups.may_run_groups(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def group_schedule(request):
    if not groups.may_run_groups(request.user):
        raise PermissionDenied(
            "Only analysts, and managers in the police or a local authority, schedule "
            "operational group meetings."
        )
    form = GroupScheduleForm(_post(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _saved(
            form,
            groups.group_meeting_schedule,
            actor=request.user,
            area=data["area"],
            scheduled_for=form.scheduled_for(),
            chair=data["chair"],
            location=data["location"],
        )
        if meeting is not None:
            messages.success(request, "Meeting scheduled: name who is coming.")
            return redirect("intelligence:group", meeting.pk)
    return render(request, "intelligence/group_schedule.html", {"form": form})


def _meeting_context(request, meeting, *, record_view: bool) -> dict:
    return {
        "meeting": meeting,
        "subjects": groups.subjects_seen_by(request.user, meeting, record_view=record_view),
        "runs": groups.runs_meeting(request.user, meeting),
        "user": request.user,
    }


def group_detail(request, meeting_id: int):
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    return render(
        request, "intelligence/group.html", _meeting_context(request, meeting, record_view=True)
    )


@require_http_methods(["GET", "POST"])
def group_attendee_add(request, meeting_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    form = GroupAttendeeForm(_post(request), meeting=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            groups.group_attendee_add,
            actor=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Attendee added.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request, "intelligence/group_attendee_add.html", {"meeting": meeting, "form": form}
    )


@require_http_methods(["GET", "POST"])
def group_attendance(request, meeting_id: int, attendee_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    attendee = get_object_or_404(meeting.attendees, pk=attendee_id)
    form = GroupAttendanceForm(
        _post(request),
        initial={"attendance": attendee.attendance, "apologies_note": attendee.apologies_note},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            groups.group_attendance_record,
            actor=request.user,
            attendee=attendee,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"Attendance recorded for {attendee.name}.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_attendance.html",
        {"meeting": meeting, "attendee": attendee, "form": form},
    )


@require_http_methods(["GET", "POST"])
def group_subject_add(request, meeting_id: int):
    """Search entities (GET ``q``) and add one, or choose a child."""
    meeting = _meeting_run_by(request, meeting_id)
    search = GroupSubjectSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    step = request.POST.get("step")
    case_form = GroupSubjectCaseForm(_post(request) if step == "case" else None, actor=request.user)
    if request.method == "POST" and step == "entity":
        entity = get_object_or_404(Entity, pk=_entity_id(request.POST.get("entity")))
        try:
            groups.group_subject_add(actor=request.user, meeting=meeting, entity=entity)
        except ValidationError as error:
            search.add_service_errors(error)
        else:
            messages.success(request, f"{entity.label} added as a subject.")
            return redirect("intelligence:group", meeting.pk)
    elif (
        request.method == "POST"
        and step == "case"
        and case_form.is_valid()
        and _saved(
            case_form,
            groups.group_subject_add,
            actor=request.user,
            meeting=meeting,
            case=case_form.cleaned_data["case"],
        )
    ):
        messages.success(request, "Child added as a subject.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_subject_add.html",
        {
            "meeting": meeting,
            "search": search,
            "query": query,
            "results": groups.entities_for_subjects(request.user, query),
            "case_form": case_form,
            "form": next((f for f in (search, case_form) if f.is_bound and f.errors), None),
        },
    )


def _entity_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Not found") from None


@require_http_methods(["GET", "POST"])
def group_information_add(request, meeting_id: int, subject_id: int):
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    subject = groups.subject_get_for_user(user=request.user, meeting=meeting, subject_id=subject_id)
    form = GroupInformationForm(_post(request), own_agency_id=request.user.agency_id)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            groups.group_information_share,
            actor=request.user,
            subject=subject,
            text=form.cleaned_data["text"],
            **form.grading_arguments(),
        )
    ):
        messages.success(request, "Information recorded.")
        return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_information_add.html",
        {"meeting": meeting, "subject": _seen(request, meeting, subject), "form": form},
    )


def _seen(request, meeting, subject) -> groups.SubjectSeen:
    return next(
        s
        for s in groups.subjects_seen_by(request.user, meeting, record_view=False)
        if s.subject.pk == subject.pk
    )


@require_http_methods(["GET", "POST"])
def group_action_add(request, meeting_id: int, subject_id: int):
    meeting = _meeting_run_by(request, meeting_id)
    subject = groups.subject_get_for_user(user=request.user, meeting=meeting, subject_id=subject_id)
    form = DisruptionActionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        action = _saved(
            form,
            operational_groups.disruption_action_add,
            actor=request.user,
            subject=subject,
            **form.cleaned_data,
        )
        if action is not None:
            messages.success(
                request,
                "Action added: it is now a task of the owning team."
                if action.task_id
                else "Action added.",
            )
            return redirect("intelligence:group", meeting.pk)
    return render(
        request,
        "intelligence/group_action_add.html",
        {"meeting": meeting, "subject": _seen(request, meeting, subject), "form": form},
    )


def group_minutes_pdf(request, meeting_id: int):
    """The minutes as the downloader may see them."""
    meeting = groups.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    context = _meeting_context(request, meeting, record_view=False)
    html = render_to_string("intelligence/group_minutes.html", context)
    pdf = groups.group_minutes_pdf(
        actor=request.user, meeting=meeting, subjects=context["subjects"], html=html
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="operational-group-{meeting.pk}-minutes.pdf"'
    )
    return response


# --- Network view and exports (decision 0029) ----------------------------------------------


def network(request):
    """The network around a case or an entity: a table of its links (the page itself) and,
    with JavaScript, the same links drawn as a graph."""
    query = request.GET.copy()
    query.setdefault("hops", "1")
    form = NetworkFilterForm(query)
    found = None
    if form.is_valid():
        try:
            found = network_view_for_user(
                request.user,
                form.cleaned_data["root"],
                hops=form.cleaned_data["hops"] or 1,
                filters=form.filters(),
            )
        except ValidationError as error:
            if "root" in error.message_dict:
                raise Http404("Not found") from None
            form.add_service_errors(error)
    elif "root" in form.errors:
        raise Http404("Not found")
    nodes = {node.id: node for node in found.nodes} if found else {}
    return render(
        request,
        "intelligence/network.html",
        {
            "form": form,
            "network": found,
            "root": nodes.get(found.root) if found else None,
            "rows": [(nodes[e.source], e, nodes[e.target]) for e in found.edges] if found else [],
            "graph": _graph(found) if found else None,
            "root_is_entity": bool(found and found.root.startswith(f"{ENTITY}:")),
            "downloads": [
                (key, label, f"{query.urlencode()}&format={key}") for key, label in FORMATS.items()
            ],
        },
    )


def _graph(found) -> dict:
    """What the page's script draws (read from a json_script element: no inline script)."""
    return {
        "root": found.root,
        "nodes": [node.__dict__ for node in found.nodes],
        "edges": [
            {"from": edge.source, "to": edge.target, "label": edge.link_type_label}
            for edge in found.edges
        ],
    }


def network_export(request):
    """The network as a file, from the page's download buttons (the same as the API's)."""
    form = NetworkFilterForm(request.GET)
    if not form.is_valid():
        raise Http404("Not found")
    try:
        export = network_export_for_user(
            request.user,
            form.cleaned_data["root"],
            format=request.GET.get("format", ""),
            hops=form.cleaned_data["hops"] or 1,
            filters=form.filters(),
        )
    except ValidationError:
        raise Http404("Not found") from None
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
