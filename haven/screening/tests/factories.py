"""Factories for stored screenings: rows a test needs to exist.

The result is the engine's own answer for the codes given, assessed now, so a screening made
here reads like a real one. It raises no task and writes no audit trail: a test that depends on
those screens through the workflows instead.
"""

import factory
from django.utils import timezone

from haven.people.tests.factories import PersonFactory
from haven.screening.engine import ScreeningInput, assess
from haven.screening.models import Screening, ScreeningTrigger, counted_columns


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A child of 14 screened now as a potential victim, on a concern about them being
    recorded. Given a case or a concern, it is about that child."""

    class Meta:
        model = Screening

    class Params:
        codes = ("ind.sexual_activity_with_adults", "ind.transport_arranged_by_adult")
        age_years = 14
        assessed_at = factory.LazyFunction(timezone.now)
        assessed = factory.LazyAttribute(
            lambda o: assess(
                screening_input=ScreeningInput(
                    assessed_at=o.assessed_at, age_years=o.age_years, codes=o.codes
                )
            )
        )

    concern = None
    case = None
    person = factory.Maybe(
        "case",
        yes_declaration=factory.SelfAttribute("case.person"),
        no_declaration=factory.Maybe(
            "concern",
            yes_declaration=factory.SelfAttribute("concern.person"),
            no_declaration=factory.SubFactory(PersonFactory),
        ),
    )
    trigger = ScreeningTrigger.CONCERN_SAVED
    inputs = factory.LazyAttribute(
        lambda o: {
            "assessed_at": o.assessed_at.isoformat(),
            "age_years": o.age_years,
            "codes": sorted(o.codes),
        }
    )
    result = factory.LazyAttribute(lambda o: o.assessed.to_dict())
    outcome = factory.LazyAttribute(lambda o: o.assessed.outcome)
    person_status = factory.LazyAttribute(lambda o: o.assessed.person_status)
    vocabulary_version = factory.LazyAttribute(lambda o: o.assessed.vocabulary_version)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The dashboards' columns, as the service stores them with the result.
        return super()._create(model_class, *args, **kwargs, **counted_columns(kwargs["result"]))
