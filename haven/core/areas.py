"""The partnership's areas: the one list every part of Haven uses (models, forms, the API, the
screening vocabulary's ``areas``, the demo data).

The four local authority areas of the Pan Cheshire partnership are ``Area`` (DOMAIN §1): an
agency's area, a concern's home area, a front door. A child's case may also reach beyond them:
``AREAS_INVOLVED`` adds "outside Cheshire" for the areas a case involves and the screening
engine's areas. This module needs no database, so the pure screening engine can read it.
"""

from django.db import models


class Area(models.TextChoices):
    """The four local authority areas of the Pan Cheshire partnership (DOMAIN §1)."""

    CHESHIRE_EAST = "cheshire_east", "Cheshire East"
    CHESHIRE_WEST_AND_CHESTER = "cheshire_west_and_chester", "Cheshire West and Chester"
    HALTON = "halton", "Halton"
    WARRINGTON = "warrington", "Warrington"


# Anywhere else: another area's police and children's social care are told outside Haven.
OUTSIDE_CHESHIRE = "outside_cheshire"

# Areas a case may involve, as (code, label) choices: the four areas, then outside Cheshire.
AREAS_INVOLVED: tuple[tuple[str, str], ...] = (
    *Area.choices,
    (OUTSIDE_CHESHIRE, "Outside Cheshire"),
)
AREA_INVOLVED_CODES: tuple[str, ...] = tuple(code for code, _ in AREAS_INVOLVED)


def area_label(code: str) -> str:
    """The name of an area (or "outside Cheshire") for people to read."""
    return dict(AREAS_INVOLVED).get(code, code)
