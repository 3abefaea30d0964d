"""Investigations, suspects, orders, outcomes, the child's own offences and victim updates: who
may record them, and what is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.models import CaseSection, ChronologyEntry, ChronologyKind
from haven.cases.tests.world import date_of_birth_for_age, open_case, share
from haven.investigations import services
from haven.investigations.models import Order, SuspectOutcome, VictimStatement
from haven.investigations.selectors import investigation_get_for_user, suspect_lines
from haven.investigations.tests.scenario import investigation_scene, suspected_adult

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def scene(world):
    return investigation_scene(world)


def _open(world, case, actor, **fields):
    return services.investigation_open(
        actor=actor,
        case=case,
        **{
            "officer_in_charge": "DC Priya Shah",
            "offences": ["msa2015_s1"],
            "victim_statement": VictimStatement.DECLINED,
            "opened_on": TODAY(),
            **fields,
        },
    )


def test_the_police_open_an_investigation_with_the_section_and_it_is_audited(world, scene):
    investigation = scene.investigation
    assert investigation.agency == world.police.agency
    assert [s.person for s in investigation.suspects.all()] == [scene.adult]
    event = AuditEvent.objects.get(verb=Verb.INVESTIGATION_OPENED)
    assert event.changes["offences"]["after"] == ["msa2015_s2", "soa2003_s48"]
    entry = ChronologyEntry.objects.get(kind=ChronologyKind.INVESTIGATION, case=scene.case)
    assert entry.section == CaseSection.INVESTIGATION


def test_the_lead_authority_reads_but_does_not_open_an_investigation(world, scene):
    with pytest.raises(PermissionDenied):
        _open(world, scene.case, world.la("warrington").practitioner)


def test_the_police_without_the_section_get_not_found(world):
    case = open_case(world)
    with pytest.raises(Http404):
        _open(world, case, world.police.practitioner)


def test_a_suspect_must_be_an_adult_of_concern_linked_to_the_child(world, scene):
    other_case = open_case(world, given_name="Leila", family_name="Mansour")
    stranger = suspected_adult(world, other_case, given_name="Carl")
    with pytest.raises(ValidationError) as refused:
        services.suspect_add(
            actor=world.police.practitioner,
            investigation=scene.investigation,
            person_id=stranger.pk,
        )
    assert "linked to the child" in refused.value.message_dict["suspects"][0]


def test_offences_come_from_the_list(world, scene):
    with pytest.raises(ValidationError) as refused:
        _open(world, scene.case, world.police.practitioner, offences=["made_up"])
    assert "made_up" in refused.value.message_dict["offences"][0]


def _cawn(world, scene, **fields):
    return services.order_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        order_type="cawn",
        suspect_id=scene.suspect.pk,
        issued_on=TODAY(),
        expires_on=TODAY() + timedelta(days=365),
        address_line_1="12 Orford Lane",
        town="Warrington",
        postcode="wa2 7aa",
        **fields,
    )


def test_a_child_abduction_warning_notice_keeps_a_normalised_postcode(world, scene):
    order = _cawn(world, scene)
    assert order.postcode == "WA2 7AA"
    assert AuditEvent.objects.filter(verb=Verb.ORDER_RECORDED, target_id=str(order.pk)).exists()
    summary = ChronologyEntry.objects.get(
        source_type="investigations.order", source_id=str(order.pk)
    ).summary
    assert "Marsh" not in summary and "Dean" not in summary


def test_a_notice_for_a_16_year_old_needs_the_child_in_care(world):
    scene = investigation_scene(world, open_case(world, date_of_birth=date_of_birth_for_age(16)))
    with pytest.raises(ValidationError) as refused:
        _cawn(world, scene)
    assert "in care" in refused.value.message_dict["child_in_care"][0]
    assert not Order.objects.exists()
    assert _cawn(world, scene, child_in_care=True).child_in_care


def test_a_notice_needs_an_address_and_an_order_does_not(world, scene):
    with pytest.raises(ValidationError) as refused:
        services.order_record(
            actor=world.police.practitioner,
            investigation=scene.investigation,
            order_type="cawn",
            suspect_id=scene.suspect.pk,
            issued_on=TODAY(),
        )
    assert set(refused.value.message_dict) >= {"address_line_1", "postcode"}
    order = services.order_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        order_type="stro",
        suspect_id=scene.suspect.pk,
        issued_on=TODAY(),
    )
    assert order.address == ""


def test_a_breach_is_recorded_with_its_date(world, scene):
    order = _cawn(world, scene)
    breach = services.order_breach_record(
        actor=world.police.practitioner, order=order, breached_on=TODAY(), note="Found at 2am."
    )
    assert list(order.breaches.all()) == [breach]
    with pytest.raises(ValidationError):
        services.order_breach_record(
            actor=world.police.practitioner, order=order, breached_on=TODAY() - timedelta(days=1)
        )


def _outcome(world, scene, outcome, day=None):
    return services.outcome_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        suspect_id=scene.suspect.pk,
        outcome=outcome,
        decided_on=day or TODAY(),
    )


def test_convicted_without_charged_is_refused_and_nothing_saved(world, scene):
    with pytest.raises(ValidationError) as refused:
        _outcome(world, scene, "convicted")
    assert "record the charge first" in refused.value.message_dict["outcome"][0]
    assert not SuspectOutcome.objects.exists()
    _outcome(world, scene, "charged", TODAY() - timedelta(days=2))
    assert _outcome(world, scene, "convicted").outcome == "convicted"


def test_an_outcome_cannot_go_back_before_the_last(world, scene):
    _outcome(world, scene, "charged")
    with pytest.raises(ValidationError) as refused:
        _outcome(world, scene, "ongoing", TODAY() - timedelta(days=1))
    assert "decided_on" in refused.value.message_dict


def test_only_the_police_record_outcomes(world, scene):
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            actor=world.la("warrington").manager,
            investigation=scene.investigation,
            suspect_id=scene.suspect.pk,
            outcome="charged",
            decided_on=TODAY(),
        )


def test_the_child_s_offence_says_whether_the_defence_may_be_available(world, scene):
    services.child_offence_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        offence="mda1971_s4_3",
        arrested_on=TODAY(),
        linked_to_exploitation="Found carrying drugs for the suspect's county line.",
    )
    services.child_offence_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        offence="ta1968_s8",
        arrested_on=TODAY(),
        linked_to_exploitation="Told to rob another boy of his phone.",
    )
    summaries = list(
        ChronologyEntry.objects.filter(summary__startswith="The child was arrested")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert "may be available" in summaries[0]
    assert "Schedule 4 offence" in summaries[1]


def test_the_lead_authority_records_a_victim_update_and_a_school_with_the_section_may_not(
    world, scene
):
    update = services.victim_update_record(
        actor=world.la("warrington").practitioner,
        investigation=scene.investigation,
        given_on=TODAY(),
        given_to="child",
        summary="Told Amira the suspect has been interviewed and bailed with conditions.",
    )
    assert update.recorded_by_agency == world.la("warrington").agency
    share(world, scene.case, world.school, [CaseSection.INVESTIGATION])
    with pytest.raises(PermissionDenied):
        services.victim_update_record(
            actor=world.school.practitioner,
            investigation=scene.investigation,
            given_on=TODAY(),
            given_to="child",
            summary="Told her.",
        )


def test_an_update_to_a_partner_agency_names_the_agency(world, scene):
    with pytest.raises(ValidationError) as refused:
        services.victim_update_record(
            actor=world.la("warrington").practitioner,
            investigation=scene.investigation,
            given_on=TODAY(),
            given_to="partner_agency",
            summary="Charging decision shared.",
        )
    assert "partner_agency" in refused.value.message_dict


def _names(world, user, scene):
    investigation = investigation_get_for_user(user=user, investigation_id=scene.investigation.pk)
    return [line.name for line in suspect_lines(user=user, investigation=investigation)]


def test_suspects_are_named_to_the_police_and_the_lead_authority_only_unless_shared(world, scene):
    assert _names(world, world.police.practitioner, scene) == ["Dean Marsh"]
    assert _names(world, world.la("warrington").practitioner, scene) == ["Dean Marsh"]
    school_share = share(world, scene.case, world.school, [CaseSection.INVESTIGATION])
    assert _names(world, world.school.practitioner, scene) == ["Suspect 1"]
    school_share.sections = [CaseSection.INVESTIGATION, CaseSection.PEOPLE]
    school_share.save(update_fields=["sections"])
    assert _names(world, world.school.practitioner, scene) == ["Dean Marsh"]


def test_without_the_investigation_section_an_investigation_is_not_found(world, scene):
    share(world, scene.case, world.school, [CaseSection.CHRONOLOGY])
    with pytest.raises(Http404):
        investigation_get_for_user(
            user=world.school.practitioner, investigation_id=scene.investigation.pk
        )
