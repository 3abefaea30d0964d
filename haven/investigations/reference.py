"""The offences reference list and the Schedule 4 check (Modern Slavery Act 2015, section 45).

Pure: read once from ``offences.yaml``, no database. ``defence_available`` is the rule: a child's
offence committed as a direct consequence of being a victim may have the section 45 defence,
except the offences in Schedule 4."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

OFFENCES_PATH = Path(__file__).with_name("offences.yaml")


@dataclass(frozen=True)
class Schedule4Category:
    code: str
    label: str
    paragraphs: str


@dataclass(frozen=True)
class Offence:
    code: str
    label: str
    statute: str
    section: str
    schedule_4: Schedule4Category | None

    @property
    def citation(self) -> str:
        """ "Modern Slavery Act 2015, section 2"; "Common law" for common law offences."""
        return f"{self.statute}, section {self.section}" if self.section else self.statute


@dataclass(frozen=True)
class OffenceList:
    source: str
    categories: dict[str, Schedule4Category]
    offences: dict[str, Offence]


@functools.cache
def offence_list() -> OffenceList:
    data = yaml.safe_load(OFFENCES_PATH.read_text())
    categories = {
        code: Schedule4Category(
            code=code, label=entry["label"], paragraphs=entry.get("paragraphs", "")
        )
        for code, entry in data["schedule_4_categories"].items()
    }
    offences = {}
    for code, entry in data["offences"].items():
        category = entry.get("schedule_4")
        if category is not None and category not in categories:
            raise ValueError(f"offences.{code}: unknown Schedule 4 category {category!r}")
        offences[code] = Offence(
            code=code,
            label=entry["label"],
            statute=entry["statute"],
            section=str(entry["section"]),
            schedule_4=categories[category] if category else None,
        )
    return OffenceList(source=data["source"], categories=categories, offences=offences)


def offence(code: str) -> Offence:
    """The offence of ``code``; KeyError for a code Haven does not know."""
    return offence_list().offences[code]


def defence_available(code: str) -> bool:
    """May the section 45 defence be available for this offence? Not for a Schedule 4 offence.
    (Whether it applies is for the police and the CPS: the child must have committed the offence
    as a direct consequence of being a victim.)"""
    return offence(code).schedule_4 is None


def offences_matching(query: str) -> list[Offence]:
    """Offences whose name, statute or section contains every word of ``query``."""
    words = query.lower().split()
    return [
        found
        for found in offence_list().offences.values()
        if all(word in f"{found.label} {found.citation} {found.code}".lower() for word in words)
    ]


def offence_choices() -> list[tuple[str, str]]:
    return [(o.code, f"{o.label} ({o.citation})") for o in offence_list().offences.values()]
