"""The national NRM figures the strategy compares local figures with (decision 0018)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.core.permissions import role_permission_required
from haven.strategy.forms import NationalFiguresForm
from haven.strategy.selectors import national_figures_list
from haven.strategy.services import national_figures_record


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
