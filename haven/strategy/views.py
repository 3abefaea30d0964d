"""The strategy's pages: the national NRM figures (decision 0018), the training programme and
its results, and the action plans (decision 0025). Thin: selectors fetch and decide who sees
what, services check and write."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.audit.versioning import StaleVersionError
from haven.core.permissions import role_permission_required
from haven.reporting.anonymity import MINIMUM_K, AnonymityError
from haven.reporting.board_report import board_name
from haven.reporting.ctdc import anonymised_dataset
from haven.reporting.dashboard import DashboardError, quarter_from_code, quarter_label
from haven.reporting.training import training_results_published
from haven.strategy.forms import (
    ActionPlanForm,
    AnonymisedDatasetForm,
    AttendeeForm,
    BoardCommentaryForm,
    CourseForm,
    NationalFiguresForm,
    PlanActionForm,
    ProgressForm,
    QuestionnaireForm,
    SessionForm,
    TrainingResultsFilter,
)
from haven.strategy.models import PLAN_AREAS, Priority, Stage
from haven.strategy.rules import may_update_action
from haven.strategy.selectors import (
    action_plan_get_for_user,
    action_plans_for_user,
    actions_owned_by,
    board_commentary,
    national_figures_list,
    plan_action_get_for_user,
    plan_actions,
    training_attendee_get,
    training_attendees,
    training_course_get,
    training_courses,
    training_session_get,
    training_sessions,
)
from haven.strategy.services import (
    action_plan_create,
    action_progress_record,
    board_commentary_record,
    national_figures_record,
    plan_action_add,
    self_assessment_record,
    training_attendee_add,
    training_course_add,
    training_session_record,
)


@role_permission_required(roles.VIEW_AGGREGATES)
def national_figures(request):
    return render(
        request,
        "strategy/national_figures.html",
        {
            "figures": national_figures_list(),
            "may_add": request.user.has_role_permission(roles.RECORD_NATIONAL_FIGURES),
        },
    )


@role_permission_required(roles.RECORD_NATIONAL_FIGURES)
@require_http_methods(["GET", "POST"])
def national_figures_add(request):
    form = NationalFiguresForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            figures = national_figures_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"National figures for {figures.year} added.")
            return redirect("strategy:national_figures")
    return render(request, "strategy/national_figures_add.html", {"form": form})


# --------------------------------------------------------------------------------- training


@role_permission_required(roles.VIEW_AGGREGATES)
def training(request):
    """Every course's attendance and results, for an area and period, as published."""
    form = TrainingResultsFilter(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    results = training_results_published(
        area=chosen.get("area") or None,
        date_from=chosen.get("date_from"),
        date_to=chosen.get("date_to"),
    )
    may_record = request.user.has_role_permission(roles.RECORD_TRAINING)
    return render(
        request,
        "strategy/training.html",
        {
            "form": form,
            "results": results,
            "courses": training_courses() if may_record else None,
            "may_record": may_record,
        },
    )


def _saved(form, service, **arguments):
    """Call the service with the form's data; its refusal goes on the form."""
    try:
        return service(**arguments)
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@role_permission_required(roles.RECORD_TRAINING)
@require_http_methods(["GET", "POST"])
def course_add(request):
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        course = _saved(form, training_course_add, actor=request.user, **form.cleaned_data)
        if course is not None:
            messages.success(request, f"Course '{course.title}' added.")
            return redirect("strategy:course", course.pk)
    return render(request, "strategy/course_add.html", {"form": form})


@role_permission_required(roles.RECORD_TRAINING)
def course(request, course_id: int):
    found = training_course_get(course_id=course_id)
    return render(
        request,
        "strategy/course.html",
        {"course": found, "sessions": training_sessions(course=found)},
    )


@role_permission_required(roles.RECORD_TRAINING)
@require_http_methods(["GET", "POST"])
def session_add(request, course_id: int):
    found = training_course_get(course_id=course_id)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session = _saved(
            form, training_session_record, actor=request.user, course=found, **form.cleaned_data
        )
        if session is not None:
            messages.success(request, "Session added.")
            return redirect("strategy:session", session.pk)
    return render(request, "strategy/session_add.html", {"course": found, "form": form})


@role_permission_required(roles.RECORD_TRAINING)
def session(request, session_id: int):
    found = training_session_get(session_id=session_id)
    return render(
        request,
        "strategy/session.html",
        {
            "session": found,
            "attendees": training_attendees(session=found),
            "held": found.held_on <= timezone.localdate(),
        },
    )


@role_permission_required(roles.RECORD_TRAINING)
@require_http_methods(["GET", "POST"])
def attendee_add(request, session_id: int):
    found = training_session_get(session_id=session_id)
    form = AttendeeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        attendee = _saved(
            form, training_attendee_add, actor=request.user, session=found, **form.cleaned_data
        )
        if attendee is not None:
            messages.success(request, f"{attendee.full_name} added to the session.")
            return redirect("strategy:session", found.pk)
    return render(request, "strategy/attendee_add.html", {"session": found, "form": form})


@role_permission_required(roles.RECORD_TRAINING)
@require_http_methods(["GET", "POST"])
def questionnaire(request, attendee_id: int, stage: str):
    attendee = training_attendee_get(attendee_id=attendee_id)
    statements = attendee.session.course.statements.all()
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, statements=statements
    )
    if request.method == "POST" and form.is_valid():
        answers = _saved(
            form,
            self_assessment_record,
            actor=request.user,
            attendee=attendee,
            stage=stage,
            scores=form.scores(),
        )
        if answers is not None:
            messages.success(
                request, f"{attendee.full_name}'s answers {Stage(stage).label.lower()} recorded."
            )
            return redirect("strategy:session", attendee.session_id)
    return render(
        request,
        "strategy/questionnaire.html",
        {"attendee": attendee, "stage": Stage(stage), "form": form},
    )


# --------------------------------------------------------------------------------- action plans


def action_plans(request):
    """The plans the user reads (every plan for a strategic lead; otherwise those holding an
    action they own), and the actions they own."""
    return render(
        request,
        "strategy/action_plans.html",
        {
            "plans": action_plans_for_user(user=request.user),
            "owned": actions_owned_by(user=request.user),
            "may_start": request.user.has_role_permission(roles.MANAGE_ACTION_PLANS),
        },
    )


@role_permission_required(roles.MANAGE_ACTION_PLANS)
@require_http_methods(["GET", "POST"])
def action_plan_add(request):
    form = ActionPlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan = _saved(form, action_plan_create, actor=request.user, **form.cleaned_data)
        if plan is not None:
            messages.success(request, f"{plan.title} started.")
            return redirect("strategy:action_plan", plan.pk)
    return render(request, "strategy/action_plan_add.html", {"form": form})


def action_plan(request, plan_id: int):
    plan = action_plan_get_for_user(user=request.user, plan_id=plan_id)
    actions = list(plan_actions(plan=plan))
    by_priority = [
        (priority, [action for action in actions if action.priority == priority])
        for priority in Priority
    ]
    return render(
        request,
        "strategy/action_plan.html",
        {
            "plan": plan,
            "by_priority": by_priority,
            "may_add": plan.owner_id == request.user.pk,
            "area_label": dict(PLAN_AREAS)[plan.area],
        },
    )


@require_http_methods(["GET", "POST"])
def plan_action_add_page(request, plan_id: int):
    plan = action_plan_get_for_user(user=request.user, plan_id=plan_id)
    if plan.owner_id != request.user.pk:
        raise PermissionDenied
    form = PlanActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        action = _saved(form, plan_action_add, actor=request.user, plan=plan, **form.cleaned_data)
        if action is not None:
            messages.success(request, "Action added.")
            return redirect("strategy:action_plan", plan.pk)
    return render(request, "strategy/plan_action_add.html", {"plan": plan, "form": form})


@require_http_methods(["GET", "POST"])
def plan_action(request, action_id: int):
    """An action with its progress updates; its owner and the plan's owner add one."""
    action = plan_action_get_for_user(user=request.user, action_id=action_id)
    may_update = may_update_action(request.user, action)
    if request.method == "POST" and not may_update:
        raise PermissionDenied
    form = ProgressForm(
        request.POST if request.method == "POST" else None, initial={"rag": action.rag}
    )
    if request.method == "POST" and form.is_valid():
        update = _saved(
            form, action_progress_record, actor=request.user, action=action, **form.cleaned_data
        )
        if update is not None:
            messages.success(request, "Progress recorded.")
            return redirect("strategy:plan_action", action.pk)
    return render(
        request,
        "strategy/plan_action.html",
        {
            "action": action,
            "updates": action.updates.select_related("recorded_by"),
            "form": form if may_update else None,
        },
    )


# --------------------------------------------------------------------- the anonymised dataset


@role_permission_required(roles.VIEW_AGGREGATES)
def anonymised_dataset_page(request):
    """What the k-anonymous dataset widened and left out for the k asked for (11 unless
    another is), with the CSV's download (an API address, so the download is audited there)."""
    form = AnonymisedDatasetForm(request.GET or {"k": MINIMUM_K})
    report = None
    if form.is_valid():
        try:
            report = anonymised_dataset(k=form.cleaned_data["k"]).published_report
        except AnonymityError:
            form.add_error("k", f"Smallest group size must be {MINIMUM_K} or more")
    return render(request, "strategy/anonymised_dataset.html", {"form": form, "report": report})


# --- Board reports (decision 0034) -------------------------------------------------------------


@role_permission_required(roles.WRITE_BOARD_COMMENTARY)
@require_http_methods(["GET", "POST"])
def board_commentary_page(request, area: str, quarter: str):
    """Write or change the commentary printed in a Board's quarterly report, then back to that
    quarter's dashboard."""
    try:
        name, period = board_name(area), quarter_from_code(quarter)
    except DashboardError as error:
        raise Http404 from error
    commentary = board_commentary(area=area, quarter_start=period.start)
    dashboard = f"{reverse('reporting:dashboard')}?" + urlencode(
        {"area": area, "quarter": f"{period.start}/{period.end}"}
    )
    form = BoardCommentaryForm(
        request.POST if request.method == "POST" else None,
        initial={
            "text": commentary.text if commentary else "",
            "version": commentary.version if commentary else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            board_commentary_record(
                actor=request.user,
                area=area,
                quarter_start=period.start,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as stale:
            form.add_stale_error(stale)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Commentary saved for the {name}.")
            return redirect(dashboard)
    return render(
        request,
        "strategy/board_commentary.html",
        {
            "form": form,
            "board": name,
            "quarter": quarter_label(period),
            "commentary": commentary,
            "dashboard": dashboard,
        },
    )
