from django.shortcuts import render

from haven.accounts import roles
from haven.audit.forms import AuditFilterForm
from haven.audit.selectors import audit_agency_scope, audit_event_list
from haven.core.paging import page_of, query_without_page
from haven.core.permissions import role_permission_required


@role_permission_required(roles.VIEW_AUDIT_LOG)
def event_list(request):
    """The auditors' page: an agency's auditor reads the events of their own agency's users, a
    partnership auditor every agency's (``audit.selectors.audit_agency_scope``)."""
    own_agency = audit_agency_scope(request.user)
    form = AuditFilterForm(request.GET or None)
    if own_agency is not None:
        # Filter choices from the auditor's own agency only: no list of other agencies' users.
        form.fields["user"].queryset = form.fields["user"].queryset.filter(agency_id=own_agency)
        form.fields["agency"].queryset = form.fields["agency"].queryset.filter(pk=own_agency)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "person_id": data["person"],
            "actor_id": data["user"].pk if data["user"] else None,
            "agency_id": data["agency"].pk if data["agency"] else None,
            "verb": data["verb"] or None,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    events = audit_event_list(viewer=request.user, **filters)
    if form.errors:
        events = events.none()
    page = page_of(request, events, 50)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_without_page": query_without_page(request),
            "all_agencies": own_agency is None,
        },
    )
