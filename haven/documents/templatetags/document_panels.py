"""The case page's documents panel. It calls one selector, which asks the access door and gives
None when the user may not see the case's documents."""

from django import template

from haven.cases.models import CaseStatus
from haven.core.uploads import size_label
from haven.documents.content import type_name
from haven.documents.selectors import documents_for_case, may_withdraw

register = template.Library()


@register.inclusion_tag("panels/case_documents.html", takes_context=True)
def case_documents_panel(context, view):
    user = context["user"]
    documents = documents_for_case(user=user, case=view.case)
    if documents is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "documents": list(documents),
        # Whoever sees the documents may add one, as with notes, while the case is open.
        "can_add": view.case.status == CaseStatus.OPEN,
        "can_withdraw": may_withdraw(user=user, case=view.case),
    }


@register.filter
def document_type(content_type: str) -> str:
    return type_name(content_type)


@register.filter
def file_size(size: int) -> str:
    return size_label(size)
