"""A person's view: headless Chromium (Debian's package) runs a query in the YASGUI page served
by the real server, offline, and sees the result table."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)
def test_yasgui_runs_a_query_and_shows_the_table(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page()
            outside: list[str] = []
            page.on(
                "request",
                lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None,
            )
            page.goto(server.url + "/sparql")
            page.wait_for_function("window.yasgui && window.yasgui.getTab()")
            page.evaluate("""() => window.yasgui.getTab().getYasqe().setValue(
                'PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>\\n' +
                'SELECT ?name WHERE { ?q a qk:QPV ; qk:name ?name } ORDER BY ?name')""")
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table td", timeout=20000)
            cells = page.locator(".yasr table td").all_inner_texts()
            assert any("Saint-Elie - Fosse 13" in c for c in cells), cells
            assert any("Cités 6 et 30" in c for c in cells)
            assert outside == []  # no CDN: the page works offline
        finally:
            browser.close()
