"""The national NRM figures (DOMAIN section 6, decision 0018): the strategy's baseline rows, a
strategic lead adding a later year (checked, audited), and who may see and add them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.core.tests.support import assert_error_summary_in_page_order, page_text, text
from haven.strategy.models import NationalReferralFigures
from haven.strategy.services import national_figures_record

pytestmark = pytest.mark.django_db

LIST, ADD = reverse("strategy:national_figures"), reverse("strategy:national_figures_add")
SOURCE = "Home Office NRM statistics, end of year summary 2024"


def test_the_strategys_figures_are_there_from_the_start():
    baseline = NationalReferralFigures.objects.get(year=2015)
    assert baseline.child_referrals == 982
    assert (baseline.sexual, baseline.sexual_uk, baseline.sexual_non_uk) == (217, 105, 112)
    assert (baseline.labour, baseline.not_defined) == (288, 405)
    assert (baseline.domestic_servitude, baseline.organ_harvesting) == (69, 3)
    assert baseline.recorded_by is None
    later = NationalReferralFigures.objects.get(year=2023)
    assert (later.child_referrals, later.all_referrals) == (7432, 17004)
    assert later.child_share == Decimal("43.7")  # "44% of 17,004"


def test_a_strategic_lead_adds_a_year_and_it_is_audited(world):
    figures = national_figures_record(
        actor=world.strategic_lead,
        year=2016,
        child_referrals=1575,
        all_referrals=3805,
        sexual=300,
        sexual_uk=100,
        sexual_non_uk=200,
        source=SOURCE,
    )
    assert figures.recorded_by == world.strategic_lead
    event = AuditEvent.objects.get(verb=Verb.NATIONAL_FIGURES_RECORDED)
    assert event.actor == world.strategic_lead
    assert event.changes["child_referrals"] == {"before": None, "after": 1575}
    assert "labour" not in event.changes  # not published, not recorded


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"year": 2008}, "year", "Year must be 2009 or later, when the NRM began"),
        ({"year": 2015}, "year", "The figures for 2015 are already recorded"),
        ({"all_referrals": 100}, "all_referrals", "must be at least the number of child"),
        ({"labour": 150, "criminal": 60}, "child_referrals", "add up to 210, more than the 200"),
        ({"sexual": 20, "sexual_uk": 5}, "sexual_uk", "must add up to sexual exploitation"),
        ({"sexual_uk": 5, "sexual_non_uk": 5}, "sexual_uk", "must add up to sexual exploitation"),
        ({"labour": -1}, "labour", "Labour exploitation must be 0 or more"),
    ],
)
def test_figures_that_cannot_be_right_are_refused_and_nothing_is_written(
    world, fields, field, message
):
    before = NationalReferralFigures.objects.count()
    with pytest.raises(ValidationError) as refused:
        national_figures_record(
            actor=world.strategic_lead,
            **{"year": 2017, "child_referrals": 200, "source": SOURCE, **fields},
        )
    assert message in refused.value.message_dict[field][0]
    assert NationalReferralFigures.objects.count() == before
    assert not AuditEvent.objects.filter(verb=Verb.NATIONAL_FIGURES_RECORDED).exists()


def test_a_year_still_to_come_is_refused(world):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as refused:
        national_figures_record(
            actor=world.strategic_lead, year=next_year, child_referrals=1, source=SOURCE
        )
    assert refused.value.message_dict["year"] == ["Year must be this year or earlier"]


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_only_a_strategic_lead_records_national_figures(world, role):
    with pytest.raises(PermissionDenied):
        national_figures_record(
            actor=getattr(world, role), year=2017, child_referrals=200, source=SOURCE
        )


def test_the_page_shows_every_year_to_a_strategic_lead(world, verified_client):
    content = page_text(verified_client(world.strategic_lead).get(LIST))
    assert "982" in content and "7432" in content and "43.7% of 17004" in content
    assert "217 (105, 112)" in content
    assert ADD in content


def test_the_figures_are_aggregates_others_do_not_open(world, verified_client):
    for user in (world.la("warrington").practitioner, world.admin, world.auditor):
        assert verified_client(user).get(LIST).status_code == 403
        assert verified_client(user).get(ADD).status_code == 403


def test_the_form_adds_a_year(world, verified_client):
    client = verified_client(world.strategic_lead)
    assert page_text(client.get(ADD))
    response = client.post(
        ADD, {"year": "2016", "child_referrals": "1575", "labour": "", "source": SOURCE}
    )
    assert response.status_code == 302
    assert "National figures for 2016 added." in page_text(client.get(LIST))
    assert NationalReferralFigures.objects.get(year=2016).labour is None


def test_the_form_shows_the_services_refusals_in_govuk_words(world, verified_client):
    response = verified_client(world.strategic_lead).post(
        ADD,
        {"year": "2015", "child_referrals": "ten", "sexual_uk": "3", "source": ""},
    )
    content = text(response)
    assert response.status_code == 200
    assert "Child referrals must be a whole number, like 982" in content
    assert "Enter where the figures come from" in content
    assert_error_summary_in_page_order(response)
    response = verified_client(world.strategic_lead).post(
        ADD, {"year": "2015", "child_referrals": "10", "sexual_uk": "3", "source": SOURCE}
    )
    content = text(response)
    assert "The figures for 2015 are already recorded" in content
    assert "Sexual exploitation of UK and other nationals must add up" in content
    assert_error_summary_in_page_order(response)
    assert NationalReferralFigures.objects.count() == 2
