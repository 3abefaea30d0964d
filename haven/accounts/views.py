"""Personal API tokens, the administration of agencies, teams and users (no case content), and
"Forgotten your password?". Who may manage whom is decided by accounts.services; these views
only ask it."""

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST
from two_factor.views import LoginView, SetupView

from haven.accounts import roles
from haven.accounts.forms import (
    AgencyForm,
    ApiTokenForm,
    HavenPasswordResetForm,
    HavenSetPasswordForm,
    ReasonForm,
    SeniorOfficersForm,
    TeamForm,
    UserEditForm,
    UserForm,
    UserSearchForm,
    sign_in_form_in_govuk_words,
)
from haven.accounts.models import SENIOR_OFFICES, Agency, ApiToken, User
from haven.accounts.selectors import (
    agencies_for_admin,
    api_token_get_for_owner,
    api_token_list_for_user,
    local_authority_get_for_admin,
    senior_officer_choices,
    senior_officers,
    senior_offices_missing,
    user_get_for_admin,
    users_for_admin,
)
from haven.accounts.services import (
    agency_add,
    agency_senior_officers_set,
    api_token_create,
    api_token_revoke,
    management_check,
    may_add_agency,
    may_manage_user,
    password_reset_complete,
    password_reset_email_send,
    password_reset_possible,
    team_create,
    user_create,
    user_reset_two_factor,
    user_set_active,
    user_update,
)
from haven.core.permissions import role_permission_required


@role_permission_required(roles.USE_API_TOKENS)
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
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
    actor = request.user
    agencies = list(agencies_for_admin(actor=actor))
    posted = request.POST.get("form_name") if request.method == "POST" else None
    agency_form = AgencyForm(request.POST if posted == "agency" else None)
    team_form = TeamForm(request.POST if posted == "team" else None, actor=actor)
    if posted == "agency" and agency_form.is_valid():
        data = dict(agency_form.cleaned_data)
        data.pop("form_name")
        try:
            agency, _ = agency_add(
                actor=actor,
                team_name=data.pop("team_name"),
                team_function=data.pop("team_function"),
                **data,
            )
        except ValidationError as error:
            agency_form.add_service_errors(error)
        else:
            messages.success(request, f"{agency.name} added.")
            return redirect("accounts:agency_list")
    if posted == "team" and team_form.is_valid():
        data = team_form.cleaned_data
        try:
            team = team_create(
                actor=actor, agency=data["agency"], name=data["name"], function=data["function"]
            )
        except ValidationError as error:
            team_form.add_service_errors(error)
        else:
            messages.success(request, f"{team.name} added to {team.agency.name}.")
            return redirect("accounts:agency_list")
    return render(
        request,
        "accounts/agency_list.html",
        {
            # The form that was sent, for the error summary.
            "form": agency_form if posted == "agency" else team_form if posted else None,
            "agency_form": agency_form,
            "team_form": team_form,
            "agencies": [(agency, senior_officers(agency)) for agency in agencies],
            "may_add_agency": may_add_agency(actor),
            # A safe-house escalation on these authorities' cases would reach nobody in these
            # offices, so the page says so.
            "senior_offices_missing": [
                (agency, missing)
                for agency in agencies
                if (missing := senior_offices_missing(agency))
            ],
        },
    )


@role_permission_required(roles.MANAGE_AGENCIES)
@require_http_methods(["GET", "POST"])
def agency_senior_officers(request, agency_id: int):
    """Set a local authority's Head of Service, Operational Director and Chief Executive: 404
    for an agency the administrator does not see, 403 when seen but not theirs to change."""
    actor = request.user
    try:
        agency = local_authority_get_for_admin(actor=actor, agency_id=agency_id)
    except Agency.DoesNotExist as missing:
        raise Http404("No such local authority") from missing
    management_check(actor, agency=agency)
    form = SeniorOfficersForm(
        request.POST if request.method == "POST" else None,
        users=senior_officer_choices(agency=agency),
        initial={office: getattr(agency, f"{office}_id") for office in SENIOR_OFFICES},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agency_senior_officers_set(actor=actor, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{agency.name}'s senior officers saved.")
            return redirect("accounts:agency_list")
    return render(request, "accounts/agency_senior_officers.html", {"form": form, "agency": agency})


@dataclass(frozen=True)
class UserRow:
    user: User
    manageable: bool


@role_permission_required(roles.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_list(request):
    actor = request.user
    search = UserSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    form = UserForm(request.POST if request.method == "POST" else None, actor=actor)
    password = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = secrets.token_urlsafe(12)
        try:
            user_create(
                actor=actor,
                email=data["email"],
                password=password,
                full_name=data["full_name"],
                team=data["team"],
                role=data["role"],
            )
        except ValidationError as error:
            password = None
            form.add_service_errors(error)
        else:
            messages.success(request, f"{data['email']} added.")
            form = UserForm(actor=actor)
    page = Paginator(users_for_admin(actor=actor, query=query), 50).get_page(
        request.GET.get("page")
    )
    rows = [UserRow(user=user, manageable=may_manage_user(actor, user)) for user in page]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "search_form": search,
            "query": query,
            "page_obj": page,
            "rows": rows,
            "password": password,
            "query_without_page": f"{query_string.urlencode()}&" if query_string else "",
            "sees_all_agencies": actor.has_role_permission(roles.MANAGE_ALL_AGENCIES),
        },
    )


def _managed_user(request, user_id: int) -> User:
    """The user, if the administrator may manage them: 404 when they are outside what the
    administrator sees (another agency), 403 when seen but not theirs to change."""
    try:
        target = user_get_for_admin(actor=request.user, user_id=user_id)
    except User.DoesNotExist as missing:
        raise Http404("No such user") from missing
    management_check(request.user, agency=target.agency, target=target)
    return target


@role_permission_required(roles.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_edit(request, user_id: int):
    actor = request.user
    target = _managed_user(request, user_id)
    form = UserEditForm(
        request.POST if request.method == "POST" else None,
        actor=actor,
        initial={"full_name": target.full_name, "team": target.team_id, "role": target.role},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_update(
                actor=actor,
                user=target,
                full_name=data["full_name"],
                team=data["team"],
                role=data["role"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{target.full_name}'s details saved.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_edit.html", {"form": form, "target": target})


@dataclass(frozen=True)
class UserAction:
    question: str
    button: str
    reason_label: str
    reason_required: str
    warning: str
    done: str
    warning_button: bool = True


USER_ACTIONS: dict[str, UserAction] = {
    "deactivate": UserAction(
        question="Are you sure you want to deactivate {name}?",
        button="Deactivate user",
        reason_label="Why are you deactivating this user?",
        reason_required="Enter why you are deactivating this user",
        warning="They will be signed out and cannot sign in or use their API tokens until an "
        "administrator reactivates them.",
        done="{name} has been deactivated.",
    ),
    "activate": UserAction(
        question="Are you sure you want to reactivate {name}?",
        button="Reactivate user",
        reason_label="Why are you reactivating this user?",
        reason_required="Enter why you are reactivating this user",
        warning="They will be able to sign in again with their password and second factor.",
        done="{name} has been reactivated.",
        warning_button=False,
    ),
    "reset-two-factor": UserAction(
        question="Are you sure you want to reset two-factor authentication for {name}?",
        button="Reset two-factor authentication",
        reason_label="Why are you resetting their two-factor authentication?",
        reason_required="Enter why you are resetting their two-factor authentication",
        warning="Their authenticator app and backup codes stop working at once. Whoever next "
        "signs in with their password sets up a new authenticator app, so only do this once "
        "you have confirmed who is asking, for example by calling them back.",
        done="Two-factor authentication reset for {name}.",
    ),
    "send-password-reset": UserAction(
        question="Are you sure you want to send {name} a password reset email?",
        button="Send password reset email",
        reason_label="Why are you sending it?",
        reason_required="Enter why you are sending a password reset email",
        warning="The email goes to the address Haven holds for them. The link works once, "
        "for a limited time. They still need their second factor to sign in.",
        done="Password reset email sent to {name}.",
        warning_button=False,
    ),
}


@role_permission_required(roles.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_action(request, user_id: int, action: str):
    """'Are you sure' before deactivating, reactivating, resetting two-factor authentication or
    sending a password reset email, with the user's name and agency and a reason."""
    spec = USER_ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    actor = request.user
    target = _managed_user(request, user_id)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label=spec.reason_label,
        required_message=spec.reason_required,
    )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == "reset-two-factor":
                user_reset_two_factor(actor=actor, user=target, reason=reason)
            elif action == "send-password-reset":
                password_reset_email_send(user=target, by=actor)
            else:
                user_set_active(
                    actor=actor, user=target, active=action == "activate", reason=reason
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, spec.done.format(name=target.full_name))
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_confirm.html",
        {
            "form": form,
            "target": target,
            "spec": spec,
            "question": spec.question.format(name=target.full_name),
            "can_send_reset": password_reset_possible(target),
        },
    )


# Forgotten your password? (no sign-in needed) ------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = HavenPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = HavenSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    # Never signs in: signing in always needs the second factor too.
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and password_reset_possible(user) else None

    def form_valid(self, form):
        password_reset_complete(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class SignInView(LoginView):
    """django-two-factor-auth's sign-in, in GOV.UK words."""

    def get_prefix(self, request, *args, **kwargs):
        return "login_view"  # the package's own: the form's field names stay the same

    def get_form(self, step=None, **kwargs):
        timed_out, self.show_timeout_error = self.show_timeout_error, False
        form = sign_in_form_in_govuk_words(super().get_form(step=step, **kwargs))
        self.show_timeout_error = timed_out
        if timed_out:
            form.cleaned_data = getattr(form, "cleaned_data", {})
            form.add_error(None, "Signing in took too long: enter your email address again")
        return form


class TwoFactorSetupView(SetupView):
    """Setting up an authenticator app, in GOV.UK words."""

    def get_prefix(self, request, *args, **kwargs):
        return "setup_view"

    def get_form(self, step=None, **kwargs):
        return sign_in_form_in_govuk_words(super().get_form(step=step, **kwargs))

    def done(self, form_list, **kwargs):
        # The package verifies the session in place: a new key, so that one planted while the
        # session had the password only is worth nothing now it is verified (session fixation).
        response = super().done(form_list, **kwargs)
        self.request.session.cycle_key()
        return response
