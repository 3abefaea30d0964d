"""A missing episode on a case: the child reported missing three hours ago by a practitioner of
the lead authority, still missing. No audit trail, concern or re-screen: a test that depends on
those reports through ``haven.workflows.missing_episodes.missing_episode_report``."""

from datetime import timedelta

import factory
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.cases.tests.factories import CaseFactory
from haven.missing.models import EpisodeStatus, MissingEpisode, MissingFrom


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissingEpisode

    case = factory.SubFactory(CaseFactory)
    person = factory.SelfAttribute("case.person")
    status = EpisodeStatus.MISSING
    reported_missing_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    reported_by = factory.SubFactory(
        UserFactory,
        agency=factory.SelfAttribute("..case.lead_agency"),
        team=factory.SelfAttribute("..case.lead_team"),
    )
    reported_by_agency = factory.SelfAttribute("reported_by.agency")
    reported_by_team = factory.SelfAttribute("reported_by.team")
    missing_from = MissingFrom.RESIDENTIAL_HOME
    looked_after = True
