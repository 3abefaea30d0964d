"""The README's screenshots, taken from the demo data as a user sees it: ``make docs-screenshots``
(``python -m scripts.docs_screenshots`` from the repository's root).

Loads the demo into a throwaway SQLite database, serves it, signs in as Warrington's manager
and saves ``docs/start-page.png`` (their home page) and ``docs/case-page.png`` (a case they
lead). Real agency and team names, fictional children."""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
PORT = os.environ.get("DOCS_PORT", "8765")
BASE = f"http://127.0.0.1:{PORT}"
EMAIL = "manager@warrington.demo"
# The demo password, the manager's backup code and the oldest open Warrington case.
DEMO_FACTS = f"""
from haven.cases.models import Case
from haven.demo.loader import DEMO_PASSWORD, demo_backup_code
case = Case.objects.filter(lead_agency__slug="warrington", status="open").order_by("pk").first()
print(DEMO_PASSWORD, demo_backup_code("{EMAIL}"), case.pk)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "HAVEN_ENV": "local",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{folder}/docs.sqlite3",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "load_demo", "--quiet-logins"], env=env, check=True)
        password, code, case_id = subprocess.run(
            [*manage, "shell", "-c", DEMO_FACTS],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-3:]
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"{BASE}/healthz")
            _screenshots(password, code, case_id)
        finally:
            server.terminate()
            server.wait()


def _wait_for(url: str) -> None:
    for _ in range(60):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def _screenshots(password: str, code: str, case_id: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=BASE)
        page.goto("/")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Use a backup code").click()
        page.get_by_label("Backup code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.goto("/")
        page.screenshot(path=ROOT / "docs" / "start-page.png", full_page=True)
        page.goto(f"/cases/{case_id}/")
        page.screenshot(path=ROOT / "docs" / "case-page.png", full_page=True)
        browser.close()
    print("docs/start-page.png and docs/case-page.png updated")


if __name__ == "__main__":
    main()
