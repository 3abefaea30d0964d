"""Personal API tokens, and the administration of agencies and users (no case content)."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import roles
from haven.accounts.forms import AgencyForm, ApiTokenForm, ReasonForm, UserForm
from haven.accounts.models import Agency, ApiToken, User
from haven.accounts.selectors import api_token_get_for_owner, api_token_list_for_user
from haven.accounts.services import (
    agency_create,
    api_token_create,
    api_token_revoke,
    team_create,
    user_create,
    user_reset_two_factor,
    user_set_active,
)
from haven.core.permissions import role_permission_required


@role_permission_required(roles.USE_API_TOKENS)
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _, secret = api_token_create(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": api_token_list_for_user(user=request.user), "secret": secret},
    )


@role_permission_required(roles.USE_API_TOKENS)
@require_POST
def token_revoke(request, token_id: int):
    try:
        token = api_token_get_for_owner(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as missing:
        raise Http404 from missing
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token '{token.name}' revoked.")
    return redirect("accounts:token_list")


@role_permission_required(roles.MANAGE_AGENCIES)
@require_http_methods(["GET", "POST"])
def agency_list(request):
    form = AgencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = {"name": data.pop("team_name"), "function": data.pop("team_function")}
        try:
            with transaction.atomic():
                agency = agency_create(actor=request.user, **data)
                team_create(actor=request.user, agency=agency, **team)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{agency.name} added.")
            return redirect("accounts:agency_list")
    agencies = Agency.objects.prefetch_related("teams").order_by("name")
    return render(request, "accounts/agency_list.html", {"form": form, "agencies": agencies})


@role_permission_required(roles.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_list(request):
    form = UserForm(request.POST if request.method == "POST" else None)
    password = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = secrets.token_urlsafe(12)
        try:
            user_create(
                actor=request.user,
                email=data["email"],
                password=password,
                full_name=data["full_name"],
                agency=data["team"].agency,
                team=data["team"],
                role=data["role"],
            )
        except ValidationError as error:
            password = None
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{data['email']} added.")
            form = UserForm()
    users = User.objects.select_related("agency", "team").order_by("agency__name", "full_name")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page_obj": page, "password": password, "query_without_page": ""},
    )


@role_permission_required(roles.MANAGE_USERS)
@require_POST
def user_action(request, user_id: int, action: str):
    target = User.objects.filter(pk=user_id).first()
    form = ReasonForm(request.POST)
    if target is None or action not in ("deactivate", "activate", "reset-two-factor"):
        raise Http404
    if not form.is_valid():
        messages.error(request, "Give a reason.")
        return redirect("accounts:user_list")
    reason = form.cleaned_data["reason"]
    try:
        if action == "reset-two-factor":
            user_reset_two_factor(actor=request.user, user=target, reason=reason)
        else:
            user_set_active(
                actor=request.user, user=target, active=action == "activate", reason=reason
            )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{target.email}: done.")
    return redirect("accounts:user_list")
