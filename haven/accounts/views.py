"""Personal API tokens: list, create (the secret is shown once) and revoke."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import roles
from haven.accounts.forms import ApiTokenForm
from haven.accounts.models import ApiToken
from haven.accounts.selectors import api_token_get_for_owner, api_token_list_for_user
from haven.accounts.services import api_token_create, api_token_revoke
from haven.core.permissions import role_permission_required


@role_permission_required(roles.USE_API_TOKENS)
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = ApiTokenForm(request.POST or None)
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
