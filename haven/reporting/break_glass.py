"""How break-glass access was judged: the report the auditors' reviews feed (decision 0011)."""

from django.db.models import Count, Q

from haven.cases.models import BreakGlassOutcome
from haven.cases.selectors import break_glass_review_list


def break_glass_review_report(*, user) -> list[dict]:
    """How break-glass into the auditor's agency's cases was judged, by the requester's agency:
    total, justified, not justified and awaiting review, computed in the database."""
    rows = (
        break_glass_review_list(user=user, reviewed=None)
        .values("user__agency__name")
        .annotate(
            total=Count("pk"),
            justified=Count("pk", filter=Q(review_outcome=BreakGlassOutcome.JUSTIFIED)),
            not_justified=Count("pk", filter=Q(review_outcome=BreakGlassOutcome.NOT_JUSTIFIED)),
            awaiting=Count("pk", filter=Q(reviewed_at__isnull=True)),
        )
        .order_by("user__agency__name")
    )
    return [{**row, "agency": row.pop("user__agency__name")} for row in rows]
