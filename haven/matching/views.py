from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from haven.accounts import roles
from haven.core.permissions import role_permission_required
from haven.matching import selectors, services
from haven.matching.forms import CandidateDecisionForm, UnmergeForm


@role_permission_required(roles.REVIEW_MATCHES)
def review_queue(request, form=None, failed_id=None):
    rows = selectors.candidate_sides(
        user=request.user, candidates=selectors.review_queue_for_user(user=request.user)[:50]
    )
    return render(
        request,
        "matching/review_queue.html",
        {
            "rows": rows,
            "form": form,
            "failed_id": failed_id,
            "merges": selectors.merges_for_agency(user=request.user),
        },
    )


@role_permission_required(roles.REVIEW_MATCHES)
@require_POST
def decide(request, candidate_id: int):
    candidate = selectors.candidate_get_for_reviewer(user=request.user, candidate_id=candidate_id)
    form = CandidateDecisionForm(request.POST)
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
                messages.success(
                    request,
                    f"Records merged: {merge.survivor.full_name} kept, with everything from the "
                    "other record. You can reverse the merge below.",
                )
            return redirect("matching:review_queue")
    return review_queue(request, form=form, failed_id=candidate.pk)


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
            messages.success(request, "Merge reversed: both records are restored.")
    else:
        messages.error(request, "Say why the merge was wrong.")
    return redirect("matching:review_queue")
