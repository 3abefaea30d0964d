"""The security-token failure page, and what the session timeout warning calls."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from haven.drafts.middleware import SIGNED_OUT, SIGNED_OUT_KEPT, last_user_id
from haven.drafts.models import HeldReason
from haven.drafts.services import held_form_keep

PAGE_EXPIRED_KEPT = (
    "This page had expired, so what you typed was not sent (this happens after signing in "
    "again in another tab or window). It is shown again below: check it and send it again."
)


def _same_origin(request) -> bool:
    """A form posted from one of Haven's own pages (the CSRF check has already failed, so the
    origin is checked before anything is kept)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and url_has_allowed_host_and_scheme(
        source, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def csrf_failure(request, reason=""):
    """GOV.UK page for a form whose security token is out of date. A form from one of Haven's
    pages is kept for its user and the page shown again with it; otherwise the page explains
    and offers a way back."""
    user_id = request.user.pk if request.user.is_authenticated else last_user_id(request)
    if (
        request.method == "POST"
        and user_id is not None
        and _same_origin(request)
        and held_form_keep(
            user_id=user_id, path=request.path, data=request.POST, reason=HeldReason.PAGE_EXPIRED
        )
    ):
        messages.info(request, PAGE_EXPIRED_KEPT)
        return redirect(request.path)
    back = request.path if url_has_allowed_host_and_scheme(request.path, None) else "/"
    return render(request, "drafts/page_expired.html", {"back": back}, status=403)


@require_POST
def session_keep_alive(request):
    """ "Stay signed in": any request renews the session; this one does nothing else."""
    return HttpResponse(status=204)


@require_POST
def session_timed_out(request):
    """Nobody answered the timeout warning: keep the page's form (if the page sent one) for this
    user, sign out, and say so on the sign-in page the browser goes to next."""
    path = request.POST.get("haven_held_path", "")
    data = request.POST.copy()
    data.pop("haven_held_path", None)
    kept = held_form_keep(
        user_id=request.user.pk, path=path, data=data, reason=HeldReason.SIGNED_OUT_SOON
    )
    logout(request)
    messages.info(request, SIGNED_OUT_KEPT if kept else SIGNED_OUT)
    return HttpResponse(status=204)
