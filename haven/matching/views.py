from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from haven.accounts import roles
from haven.core.limits import ID_MAX
from haven.core.permissions import role_permission_required
from haven.matching import selectors, services
from haven.matching.forms import CandidateDecisionForm, UnmergeForm


@role_permission_required(roles.REVIEW_MATCHES)
def review_queue(request):
    rows = selectors.review_queue_rows(
        user=request.user, candidates=selectors.review_queue_for_user(user=request.user)[:50]
    )
    merged = request.GET.get("merged", "")
    merge_id = int(merged) if merged.isdigit() and int(merged) <= ID_MAX else None
    return render(
        request,
        "matching/review_queue.html",
        {
            "rows": rows,
            # The confirmation of a merge just made, with its undo.
            "just_merged": selectors.merge_to_confirm(user=request.user, merge_id=merge_id)
            if merge_id
            else None,
            "merges": selectors.merges_for_agency(user=request.user),
        },
    )


def _candidate_page(request, candidate_id: int, form=None):
    comparison = selectors.candidate_comparison_for_reviewer(
        user=request.user, candidate_id=candidate_id
    )
    form = form or CandidateDecisionForm(
        candidate=comparison.candidate, survivor=comparison.survivor
    )
    return render(request, "matching/candidate.html", {"comparison": comparison, "form": form})


@role_permission_required(roles.REVIEW_MATCHES)
def candidate(request, candidate_id: int):
    return _candidate_page(request, candidate_id)


@role_permission_required(roles.REVIEW_MATCHES)
@require_POST
def decide(request, candidate_id: int):
    candidate = selectors.candidate_get_for_reviewer(user=request.user, candidate_id=candidate_id)
    form = CandidateDecisionForm(
        request.POST, candidate=candidate, survivor=services.merge_survivor(candidate)
    )
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "reject":
                services.candidate_reject(actor=request.user, candidate=candidate, note=note)
            else:
                a, b = candidate.person_a, candidate.person_b
                survivor = a if decision == "merge_into_a" else b
                merge = services.candidate_agree_merge(
                    actor=request.user, candidate=candidate, survivor=survivor, reason=note
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if decision == "reject":
                messages.success(
                    request, "Recorded: different people. The pair will not be proposed again."
                )
            elif merge is None:
                waiting = ", ".join(selectors.agency_names(services.merge_waiting_for(candidate)))
                messages.success(
                    request,
                    f"Your agreement is recorded. The records are merged when {waiting} "
                    "agree too: they have been asked.",
                )
            else:
                return redirect(f"{reverse('matching:review_queue')}?merged={merge.pk}")
            return redirect("matching:review_queue")
    return _candidate_page(request, candidate.pk, form=form)


@role_permission_required(roles.REVIEW_MATCHES)
@require_POST
def unmerge(request, merge_id: int):
    merge = selectors.merge_get_for_reviewer(user=request.user, merge_id=merge_id)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            services.people_unmerge(
                actor=request.user, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Merge undone: both records are restored.")
    else:
        messages.error(request, "Say why the merge was wrong.")
    return redirect("matching:review_queue")
