import factory
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.cases.tests.factories import CaseFactory
from haven.intelligence import rules
from haven.intelligence.models import Entity, EntityType, Link, LinkSource, LinkType


class EntityFactory(factory.django.DjangoModelFactory):
    """An address entity; its key is computed as ``rules.entity_normalised`` would."""

    class Meta:
        model = Entity

    entity_type = EntityType.ADDRESS
    line = factory.Sequence(lambda n: f"Flat {n}, 14 Bridge Street")
    postcode = "WA1 1AA"
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_agency = factory.SelfAttribute("recorded_by.agency")
    key = factory.LazyAttribute(
        lambda o: (
            rules.entity_normalised(
                o.entity_type,
                {
                    "line": o.line,
                    "postcode": o.postcode,
                    "registration": o.registration,
                    "number": o.number,
                    "name": o.name,
                    "platform": o.platform,
                },
            ).key
        )
    )
    registration = ""
    number = ""
    name = ""
    platform = ""


class LinkFactory(factory.django.DjangoModelFactory):
    """A ``P`` link from a case to an entity, found there today."""

    class Meta:
        model = Link

    from_entity = None
    # From a case unless the link is from an entity (the database requires exactly one).
    from_case = factory.Maybe(
        "from_entity", yes_declaration=None, no_declaration=factory.SubFactory(CaseFactory)
    )
    to_entity = factory.SubFactory(EntityFactory)
    link_type = LinkType.FOUND_AT
    occurred_on = factory.LazyFunction(timezone.localdate)
    source = LinkSource.MISSING_EPISODE
    source_evaluation = "1"
    intelligence_assessment = "A"
    handling_code = "P"
    recorded_by = factory.SubFactory(UserFactory)
    recorded_by_agency = factory.SelfAttribute("recorded_by.agency")
