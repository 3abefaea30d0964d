"""Factories for the duplicate review queue: rows a test needs to exist.

``duplicates_find`` proposes pairs with the engine's evidence; a pair made here is proposed
as likely the same child without it, for tests about reviewing and merging.
"""

import factory

from haven.matching.models import CandidateStatus, DuplicateCandidate
from haven.people.tests.factories import PersonFactory


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    """A proposed pair of two new children. The pair is stored in id order (the table's rule),
    whichever order the two people are given in."""

    class Meta:
        model = DuplicateCandidate

    person_a = factory.SubFactory(PersonFactory)
    person_b = factory.SubFactory(PersonFactory)
    probability = 0.92
    evidence = factory.LazyFunction(
        lambda: [
            {
                "comparison": "contact",
                "level": "same_phone",
                "weight": 6.0,
                "explanation": "same phone number 07700 900123",
                "words": "Same phone number",
            }
        ]
    )
    status = CandidateStatus.PROPOSED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        a, b = kwargs["person_a"], kwargs["person_b"]
        if a.pk > b.pk:
            kwargs["person_a"], kwargs["person_b"] = b, a
        return super()._create(model_class, *args, **kwargs)
