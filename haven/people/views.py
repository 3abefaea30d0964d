"""Pages for finding a person and reading or adding to their record.

A person the user may not see is "not found" (404) on every page; the search is the one
deliberate exception, showing only who to contact. Each view validates a form, calls one
selector or service (after the selector that fetches and checks the record) and renders.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts import roles
from haven.audit.versioning import StaleVersionError
from haven.cases.access import may_break_glass
from haven.core.permissions import role_permission_required
from haven.matching.selectors import person_search
from haven.people import selectors, services
from haven.people.forms import (
    AddressForm,
    AliasForm,
    IdentifierForm,
    PersonEditForm,
    PersonSearchForm,
    PhoneForm,
    RelationshipForm,
)


@role_permission_required(roles.SEARCH_PEOPLE)
def search(request):
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    results = None
    limited = False
    if form.is_bound and form.is_valid():
        try:
            results = person_search(user=request.user, query=form.cleaned_data["q"])
        except selectors.SearchRateLimited as refused:
            limited = True
            form.add_error("q", refused.message)
    return render(
        request,
        "people/search.html",
        {"form": form, "results": results, "can_break_glass": may_break_glass(request.user)},
        status=429 if limited else 200,
    )


def detail(request, person_id: int):
    page = selectors.person_page_for_user(user=request.user, person_id=person_id)
    return render(
        request,
        "people/detail.html",
        {
            "page": page,
            "person": page.person,
            "can_raise_concern": request.user.has_role_permission(roles.RAISE_CONCERN),
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request, person_id: int):
    person = selectors.person_get_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    form = PersonEditForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data["version"],
                **form.person_fields(),
            )
        except StaleVersionError as stale:
            # Nothing was saved. The form keeps what this editor typed, under the table of what
            # the other editor changed, so they check both before sending theirs again.
            form.add_stale_error(stale)
            return render(
                request,
                "people/edit.html",
                {"form": form, "person": stale.current, "stale": stale},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{person.full_name}'s details saved.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person})


def _add_detail(request, person_id: int, *, form_class, title: str, add, success: str):
    """A small page adding one detail (alias, identifier, phone, address) to a record."""
    person = selectors.person_get_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    extra = {"actor": request.user} if form_class is AddressForm else {}
    form = form_class(request.POST if request.method == "POST" else None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            add(person, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            return redirect("people:detail", person_id=person.pk)
    return render(
        request, "people/add_detail.html", {"form": form, "person": person, "title": title}
    )


@require_http_methods(["GET", "POST"])
def add_alias(request, person_id: int):
    return _add_detail(
        request,
        person_id,
        form_class=AliasForm,
        title="Add another name",
        add=lambda person, data: services.alias_add(actor=request.user, person=person, **data),
        success="Name added.",
    )


@require_http_methods(["GET", "POST"])
def add_identifier(request, person_id: int):
    return _add_detail(
        request,
        person_id,
        form_class=IdentifierForm,
        title="Add an identifier",
        add=lambda person, data: services.identifier_add(actor=request.user, person=person, **data),
        success="Identifier added.",
    )


@require_http_methods(["GET", "POST"])
def add_phone(request, person_id: int):
    return _add_detail(
        request,
        person_id,
        form_class=PhoneForm,
        title="Add a phone number",
        add=lambda person, data: services.phone_add(actor=request.user, person=person, **data),
        success="Phone number added.",
    )


@require_http_methods(["GET", "POST"])
def add_address(request, person_id: int):
    return _add_detail(
        request,
        person_id,
        form_class=AddressForm,
        title="Add an address",
        add=lambda person, data: services.address_add(
            actor=request.user, person=person, **AddressForm.address_fields(data)
        ),
        success="Address added.",
    )


@require_http_methods(["GET", "POST"])
def add_relationship(request, person_id: int):
    """Choose another person (from a search of people the user may see) and how they are
    related."""
    person = selectors.person_get_for_user(
        user=request.user, person_id=person_id, record_view=request.method == "GET"
    )
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    search_form = PersonSearchForm({"q": query} if query else None)
    results = []
    if query and search_form.is_valid():
        try:
            results = [
                result.person
                for result in person_search(user=request.user, query=query)
                if result.visible and result.person.pk != person.pk
            ]
        except selectors.SearchRateLimited as limited:
            search_form.add_error("q", limited.message)
    form = RelationshipForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            other = selectors.person_get_for_user(
                user=request.user, person_id=data["other"], record_view=False
            )
            if other.pk == person.pk:
                raise Http404
        except Http404:
            form.add_error("other", "Choose a person from the search results")
        else:
            first, second = (
                (other, person)
                if data["direction"] == "chosen_of_this"
                else (
                    person,
                    other,
                )
            )
            try:
                services.relationship_add(
                    actor=request.user, person=first, other=second, kind=data["kind"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Relationship added.")
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/add_relationship.html",
        {
            "form": form,
            "search_form": search_form,
            "person": person,
            "query": query,
            "results": results,
            "chosen": form["other"].value(),
        },
    )
