#!/usr/bin/env python3
"""Add up pytest's JUnit XML reports and print one closing line (used by `make test`).

    scripts/test_summary.py test-artifacts/junit-*.xml

Prints a line per report, then ``total: N passed, N failed, N skipped`` (failed counts
failures and errors). A missing report is listed as not run. Always exits 0: `make test`
decides the exit code from the steps themselves.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def counts(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()  # noqa: S314
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return max(tests - failed - skipped, 0), failed, skipped


def main(paths: list[str]) -> int:
    total = [0, 0, 0]
    for name in paths:
        path = Path(name)
        label = path.stem.removeprefix("junit-")
        if not path.is_file():
            print(f"  {label:<10} not run")
            continue
        try:
            passed, failed, skipped = counts(path)
        except (ET.ParseError, ValueError) as exc:
            print(f"  {label:<10} unreadable report ({exc})")
            continue
        print(f"  {label:<10} {passed} passed, {failed} failed, {skipped} skipped")
        for i, n in enumerate((passed, failed, skipped)):
            total[i] += n
    print(f"total: {total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
