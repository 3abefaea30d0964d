"""For views: the data a form page is bound to."""

from django.http import QueryDict

from haven.drafts.services import held_form_take


def posted_or_held(request) -> QueryDict | None:
    """What was sent (POST), or on GET what this user typed on this page before their session
    ended or the page expired, so it is shown again to check and send. None otherwise."""
    if request.method == "POST":
        return request.POST
    return held_form_take(user=request.user, path=request.path)
