#!/usr/bin/env python3
"""Copy the front-end files Haven serves from node_modules into haven/static/vendor/.

Run by ``make assets`` (after ``npm ci``). The result is gitignored and rebuilt on every
machine; running this again replaces it, so it is safe to run any number of times.

What ends up where (paths under ``haven/static/vendor/``, i.e. ``{% static "vendor/..." %}``):

- ``govuk/govuk-frontend.min.css``: GOV.UK Frontend's ready-built CSS, rewritten so that
  the font stack is plain ``arial,sans-serif``: the ``@font-face`` rules for GDS Transport
  are removed (GDS Transport may only be used on GOV.UK, so its font files are not
  copied), its ``/assets/images/`` URLs are made relative (``images/``), and the
  source-map comment is dropped (no map is copied, and Django's manifest storage would
  fail on a missing one).
- ``govuk/govuk-frontend.min.js``: an ES module; load it with ``<script type="module">``
  from a file of our own (the CSP allows no inline scripts).
- ``govuk/images/``: favicon and icons (the crest is copied too; the CSS refers to it, the
  templates need not use it). ``govuk/manifest.json`` (web app manifest) beside it.
  The fonts in GOV.UK Frontend's ``assets/fonts`` are not copied.
- ``chart.js/chart.umd.min.js``: Chart.js as a classic script (sets ``window.Chart``).
- ``cytoscape/cytoscape.min.js``: Cytoscape.js as a classic script (sets ``window.cytoscape``),
  for the intelligence network view.
- ``axe/axe.min.js``: axe-core, used only by the browser tests (tests/browser/support.py
  reads it from here, so ``make test-browser`` depends on ``make assets``). Never
  include it in a page template.
- ``VERSIONS.txt``: the package versions copied, for a human to check.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
DEST = ROOT / "haven" / "static" / "vendor"

FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# "GDS Transport",arial,sans-serif  /  GDS Transport,arial,sans-serif  /  'GDS Transport', ...
GDS_IN_STACK = re.compile(r"""(["']?)GDS Transport\1\s*,\s*""")
# A trailing "/*# sourceMappingURL=... */" (CSS) or "//# sourceMappingURL=..." (JS).
SOURCE_MAP = re.compile(r"\n?(/\*#\s*sourceMappingURL=[^*]*\*/|//#\s*sourceMappingURL=\S*)\s*$")
LONE_GDS = re.compile(r"font-family:\s*[\"']?GDS Transport[\"']?\s*([;}])")


class VendorError(Exception):
    pass


def package_dir(name: str) -> Path:
    path = NODE_MODULES / name
    if not (path / "package.json").is_file():
        raise VendorError(
            f"{path.relative_to(ROOT)} is missing: run `npm ci` (or `make deps`) first."
        )
    return path


def package_version(path: Path) -> str:
    return json.loads((path / "package.json").read_text(encoding="utf-8"))["version"]


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise VendorError(f"expected file not found: {path.relative_to(ROOT)}")
    return path


def strip_source_map(text: str) -> str:
    return SOURCE_MAP.sub("", text.rstrip()) + "\n"


def govuk_css(source: str) -> str:
    css = FONT_FACE.sub("", source)
    css = GDS_IN_STACK.sub("", css)
    # Any font-family left naming GDS Transport alone (it should not happen) falls back too.
    css = LONE_GDS.sub(r"font-family:arial,sans-serif\1", css)
    # The built CSS assumes assets served from the site root ("/assets/images/..."); ours sit
    # beside the CSS file.
    css = css.replace("url(/assets/images/", "url(images/")
    css = strip_source_map(css)
    if "GDS Transport" in css:
        raise VendorError("GDS Transport is still named in govuk-frontend.min.css after rewriting")
    if "url(/" in css or "fonts/" in css:
        raise VendorError("govuk-frontend.min.css still has a root-relative or font URL")
    if "arial,sans-serif" not in css:
        raise VendorError("govuk-frontend.min.css has no arial,sans-serif font stack")
    return css


def build(out: Path) -> list[str]:
    govuk = package_dir("govuk-frontend")
    chart = package_dir("chart.js")
    axe = package_dir("axe-core")
    cytoscape = package_dir("cytoscape")
    govuk_dist = govuk / "dist" / "govuk"

    (out / "govuk").mkdir(parents=True)
    css_src = require_file(govuk_dist / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (out / "govuk" / "govuk-frontend.min.css").write_text(govuk_css(css_src), encoding="utf-8")
    js_src = require_file(govuk_dist / "govuk-frontend.min.js").read_text(encoding="utf-8")
    (out / "govuk" / "govuk-frontend.min.js").write_text(strip_source_map(js_src), encoding="utf-8")

    images = govuk_dist / "assets" / "images"
    if not images.is_dir():
        raise VendorError(f"expected folder not found: {images.relative_to(ROOT)}")
    shutil.copytree(images, out / "govuk" / "images")
    manifest = govuk_dist / "assets" / "manifest.json"
    if manifest.is_file():
        shutil.copy2(manifest, out / "govuk" / "manifest.json")

    (out / "chart.js").mkdir()
    chart_js = require_file(chart / "dist" / "chart.umd.min.js").read_text(encoding="utf-8")
    (out / "chart.js" / "chart.umd.min.js").write_text(strip_source_map(chart_js), "utf-8")

    (out / "axe").mkdir()
    shutil.copy2(require_file(axe / "axe.min.js"), out / "axe" / "axe.min.js")

    (out / "cytoscape").mkdir()
    graph_js = require_file(cytoscape / "dist" / "cytoscape.min.js").read_text(encoding="utf-8")
    (out / "cytoscape" / "cytoscape.min.js").write_text(strip_source_map(graph_js), "utf-8")

    versions = [
        f"govuk-frontend {package_version(govuk)}",
        f"chart.js {package_version(chart)}",
        f"axe-core {package_version(axe)}",
        f"cytoscape {package_version(cytoscape)}",
    ]
    (out / "VERSIONS.txt").write_text("\n".join(versions) + "\n", encoding="utf-8")
    return versions


def main() -> int:
    try:
        # Build beside the destination, then swap it in, so a failure leaves no half-copy.
        DEST.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".vendor-", dir=DEST.parent) as tmp:
            staged = Path(tmp) / "vendor"
            versions = build(staged)
            if DEST.exists():
                shutil.rmtree(DEST)
            staged.rename(DEST)
    except VendorError as exc:
        print(f"vendor_assets: {exc}", file=sys.stderr)
        return 1
    print(f"vendor_assets: {', '.join(versions)} -> {DEST.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
