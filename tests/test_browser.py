"""A person's view: headless Chromium (Debian's package) runs a query in the YASGUI page served
by the real server, offline, and sees the result table."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
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
            yield b
        finally:
            b.close()


def run_in_yasgui(browser: Any, server: Server, query: str) -> tuple[Any, list[str]]:
    """The query page with `query` typed in and run; the requests that left the server."""
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None,
    )
    page.goto(server.url + "/sparql")
    page.wait_for_function("window.yasgui && window.yasgui.getTab()")
    page.evaluate("q => window.yasgui.getTab().getYasqe().setValue(q)", query)
    page.click(".yasqe_queryButton")
    return page, outside


def test_yasgui_runs_a_query_and_shows_the_table(browser: Any, server: Server) -> None:
    page, outside = run_in_yasgui(
        browser,
        server,
        "PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>\n"
        "SELECT ?name WHERE { ?q a qk:QPV ; qk:name ?name } ORDER BY ?name",
    )
    page.wait_for_selector(".yasr table td", timeout=20000)
    cells = page.locator(".yasr table td").all_inner_texts()
    assert any("Saint-Elie - Fosse 13" in c for c in cells), cells
    assert any("Cités 6 et 30" in c for c in cells)
    assert outside == []  # no CDN: the page works offline


def test_yasgui_shows_a_syntax_error_where_it_is(browser: Any, server: Server) -> None:
    page, _ = run_in_yasgui(browser, server, "SELECT ?s WHERE {\n  ?s ?p ?o\n} LIMIT x")
    page.wait_for_selector(".yasr .errorResult pre", timeout=20000)
    shown = page.locator(".yasr .errorResult pre").inner_text().split("\n")
    assert shown[0].startswith("SPARQL syntax error at line 3, column 3:"), shown
    assert shown[1:3] == ["} LIMIT x", "  ^"]  # the line, and a caret under the position
    page.wait_for_selector(".qk-error-line")  # and the editor marks that line
    marked = page.evaluate("() => window.yasgui.getTab().getYasqe().lineInfo(2).bgClass")
    assert "qk-error-line" in marked
