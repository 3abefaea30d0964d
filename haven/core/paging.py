"""Long lists shown a page at a time, with the GOV.UK pagination component
(``includes/pagination.html``)."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def query_without_page(request) -> str:
    """The request's query string without ``page``, ready for ``page=N`` to follow."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{query.urlencode()}&" if query else ""


def page_of(request, items, size: int = PAGE_SIZE) -> Page:
    """The page of ``items`` the request asks for (``?page=N``; the last for a number past
    it, the first for anything else)."""
    return Paginator(items, size).get_page(request.GET.get("page"))
