"""Known vulnerabilities in the locked dependencies (issue 16 point 6): ``pip-audit`` over the
requirements ``uv export`` writes from ``uv.lock`` (every group: what runs in production and what
runs the tests and benchmarks).

pip-audit asks PyPI's vulnerability data (the JSON API) about each pinned version. A machine
without a route to it (this project's development machines have only the package index) cannot
audit anything: the test is then skipped, saying so, rather than passing as if it had looked.
CI reaches PyPI, so there it runs and fails on any known vulnerability, listing them.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def uv() -> str | None:
    pinned = ROOT / ".tools" / "bin" / "uv"  # the Makefile's (make tools)
    return str(pinned) if pinned.exists() else shutil.which("uv")


def test_no_locked_dependency_has_a_known_vulnerability(tmp_path):
    if uv() is None:
        pytest.skip("uv is not installed (make tools): cannot export the lock file")
    requirements = tmp_path / "requirements.txt"
    subprocess.run(
        [
            *(uv(), "export", "--frozen", "--all-groups", "--no-emit-project", "--quiet"),
            *("--format", "requirements.txt", "--output-file", str(requirements)),
        ],
        cwd=ROOT,
        check=True,
    )
    report = tmp_path / "audit.json"
    # Hashed pins, so pip-audit needs no pip resolve (--no-deps: the export lists every package).
    audit = subprocess.run(
        [
            *(sys.executable, "-m", "pip_audit", "--requirement", str(requirements)),
            *("--disable-pip", "--no-deps", "--progress-spinner", "off", "--timeout", "20"),
            *("--format", "json", "--output", str(report)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if not report.exists():
        pytest.skip(f"pip-audit could not reach its vulnerability database: {audit.stderr}")
    dependencies = json.loads(report.read_text())["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        pytest.skip(
            f"pip-audit reached no vulnerability data ({len(dependencies)} locked packages, none "
            "found on PyPI's JSON API): this machine has no route to it; CI audits them"
        )
    vulnerable = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
        for d in audited
        for v in d["vulns"]
    ]
    print(f"\npip-audit: {len(audited)} of {len(dependencies)} locked packages audited")
    assert not vulnerable, "Known vulnerabilities in uv.lock:\n" + "\n".join(vulnerable)
