from django.db.models import QuerySet

from haven.strategy.models import NationalReferralFigures


def national_figures_list() -> QuerySet[NationalReferralFigures]:
    """Every year's national figures, earliest first. Published national statistics, about no
    child: whoever may see aggregate figures may see them."""
    return NationalReferralFigures.objects.all()
