"""Every module of Haven has a place in the layers (decision 0012), so import-linter's contracts
see it: a module in no layer could import upward unnoticed."""

import configparser
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def _layer_modules() -> list[str]:
    layers = _contracts()["importlinter:contract:layers"]["layers"]
    modules = []
    for line in layers.split("\n"):
        for part in line.replace("|", ":").split(":"):
            if part.strip():
                modules.append(part.strip().strip("()"))
    return modules


def _interface_patterns() -> list[str]:
    protected = _contracts()["importlinter:contract:interface-is-a-leaf"]["protected_modules"]
    return [p.strip() for p in protected.split("\n") if p.strip()]


def _haven_modules() -> list[str]:
    modules = []
    for path in (ROOT / "haven").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts or "tests" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    return modules


# Django's plumbing: configuration and app registration, which import no domain code of note.
PLUMBING = ["haven.settings", "haven.wsgi", "haven.*.apps"]


def _matches(module: str, pattern: str) -> bool:
    """import-linter's wildcard: ``*`` is one part of a dotted name; descendants count too."""
    regex = re.escape(pattern).replace(r"\*", r"[^.]+")
    return re.fullmatch(rf"{regex}(\..+)?", module) is not None


def _placed(module: str, layers: list[str], interface: list[str]) -> bool:
    if module == "haven":
        return True
    return any(_matches(module, pattern) for pattern in layers + interface + PLUMBING)


def test_every_module_is_in_a_layer_or_the_interface():
    layers, interface = _layer_modules(), _interface_patterns()
    # Packages that only hold layered modules (haven.cases, haven.people) are containers.
    containers = {layer.rsplit(".", 1)[0] for layer in layers if layer.count(".") > 1}
    unplaced = sorted(
        module
        for module in _haven_modules()
        if module not in containers and not _placed(module, layers, interface)
    )
    assert unplaced == [], f"Put these in a layer in .importlinter (decision 0012): {unplaced}"


def test_the_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
