"""A Philomena Protocol profile kept by Warrington's children's services, reviewed an hour ago.
No audit trail or normalisation: a test that depends on those saves through
``haven.philomena.services.profile_save``."""

from datetime import timedelta

import factory
from django.utils import timezone

from haven.accounts.tests.factories import LocalAuthorityFactory, UserFactory
from haven.people.tests.factories import PersonFactory
from haven.philomena.models import PhilomenaProfile


class PhilomenaProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhilomenaProfile

    person = factory.SubFactory(PersonFactory)
    responsible_agency = factory.SubFactory(LocalAuthorityFactory)
    hair = "Brown, shoulder length"
    reviewed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    reviewed_by = factory.SubFactory(
        UserFactory, agency=factory.SelfAttribute("..responsible_agency")
    )
