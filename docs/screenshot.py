"""Take docs/audit.png, the README's picture of the audit report: writes the report of
data/ttl with `quartiers audit`, opens the file in headless Chromium (Debian's package) with
every network request refused, waits for the charts, and captures the top of the page.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "quartiers.cli", "audit", "--out", tmp, "--format", "html"],
            check=True,
            cwd=ROOT,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                headless=True,
                args=["--no-sandbox", "--disable-gpu"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1180})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto((Path(tmp) / "audit.html").as_uri())
            page.wait_for_function(
                "[...document.querySelectorAll('.chart')].every(c => c.dataset.rendered)"
            )
            page.screenshot(path=str(ROOT / "docs" / "audit.png"))
            browser.close()


if __name__ == "__main__":
    main()
