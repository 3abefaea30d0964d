"""One vocabulary of areas and agency types (haven.core.areas, accounts.models.AgencyType):
every list of areas in Haven is derived from it, the screening vocabulary's areas are exactly
it, and no code spells an area or agency type out as a string."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from haven.accounts.models import Agency, AgencyType
from haven.cases.forms import ConcernForm
from haven.cases.models import Concern
from haven.core.areas import AREA_INVOLVED_CODES, AREAS_INVOLVED, OUTSIDE_CHESHIRE, Area
from haven.screening.api import CaseInformationSerializer
from haven.screening.forms import CaseInformationForm
from haven.screening.vocabulary import load_vocabulary

HAVEN = Path(__file__).resolve().parents[2]


def test_the_areas_involved_are_the_four_areas_then_outside_cheshire():
    assert (*Area.choices, (OUTSIDE_CHESHIRE, "Outside Cheshire")) == AREAS_INVOLVED
    assert (*Area.values, OUTSIDE_CHESHIRE) == AREA_INVOLVED_CODES


def test_the_screening_vocabulary_has_exactly_havens_areas_by_the_same_names():
    """vocabulary.yaml keeps its own per-area settings (the ICTG service, clocks); its areas and
    their names must be these, so the yaml and the code cannot drift apart."""
    areas = load_vocabulary().areas
    assert {code: area.label for code, area in areas.items()} == dict(AREAS_INVOLVED)
    assert tuple(areas) == AREA_INVOLVED_CODES


def test_every_list_of_areas_is_derived_from_the_one_vocabulary():
    assert Agency._meta.get_field("area_code").choices == Area.choices
    assert Concern._meta.get_field("home_area").choices == Area.choices
    assert ConcernForm().fields["home_area"].choices == Area.choices
    assert CaseInformationForm().fields["areas_involved"].choices == list(AREAS_INVOLVED)
    api_areas = CaseInformationSerializer().fields["areas_involved"].child.choices
    assert tuple(api_areas) == AREA_INVOLVED_CODES


# Where an area or agency type may be written out: its definition, and the environment's
# default for a setting (checked against AgencyType by the accounts.E001 system check).
DEFINITIONS = {"core/areas.py", "accounts/models.py", "settings.py"}


def test_no_code_spells_an_area_or_a_local_authority_out():
    codes = {*AREA_INVOLVED_CODES, AgencyType.LOCAL_AUTHORITY.value}
    found = []
    for path in sorted(HAVEN.rglob("*.py")):
        relative = path.relative_to(HAVEN)
        if {"migrations", "tests"} & set(relative.parts) or str(relative) in DEFINITIONS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in codes:
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    assert found == [], "Use Area, OUTSIDE_CHESHIRE or AgencyType (haven.core.areas)"


def test_an_unknown_break_glass_agency_type_stops_the_checks(settings):
    settings.HAVEN_BREAK_GLASS_AGENCY_TYPES = [AgencyType.LOCAL_AUTHORITY, "polce"]
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")
    settings.HAVEN_BREAK_GLASS_AGENCY_TYPES = [AgencyType.LOCAL_AUTHORITY, AgencyType.EDT]
    call_command("check")
