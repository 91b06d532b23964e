"""A person's view: headless Chromium (Debian's package) runs a query in the YASGUI page served
by the real server, offline, and sees the result table; reads the audit report, served and as
the file `quartiers audit` writes, and follows its links."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quartiers.cli import app
from tests.conftest import Built, Server

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


def offline_page(browser: Any, allowed: str) -> tuple[Any, list[str]]:
    """A page whose requests outside `allowed` are refused and recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, outside


def run_in_yasgui(browser: Any, server: Server, query: str) -> tuple[Any, list[str]]:
    """The query page with `query` typed in and run; the requests that left the server."""
    page, outside = offline_page(browser, server.url)
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
    page.close()


def test_audit_matrix_renders_filters_and_a_cell_links_to_its_actions(
    browser: Any, server: Server
) -> None:
    page, outside = offline_page(browser, server.url)
    page.goto(server.url + "/audit")
    page.wait_for_selector("#chart-matrix[data-rendered] svg", timeout=20000)
    marks = page.locator("#chart-matrix svg .mark-rect path")
    assert marks.count() >= 170  # one rect per quartier and objective
    rows = page.locator("#matrix tbody tr")
    assert rows.count() == 5
    # filter by commune: one row left, and the heat map redrawn with its 34 cells
    page.select_option("#f-commune", label="Haisnes")
    assert [r for r in rows.all() if r.is_visible()] and sum(
        r.is_visible() for r in rows.all()
    ) == 1
    page.wait_for_function(
        "document.querySelectorAll('#chart-matrix svg .mark-rect path').length === 34"
    )
    page.select_option("#f-enjeu", "3")
    assert not page.locator("#matrix thead th[data-enjeu='1']").first.is_visible()
    # sort by number of actions, most first
    page.select_option("#f-commune", "")
    page.select_option("#f-sort", "actions")
    names = page.locator("#matrix tbody tr td.place a").all_inner_texts()
    assert names[0] == "Saint-Elie - Fosse 13"
    # a cell with 8 actions leads to the retained objective, which lists its 8 actions
    page.select_option("#f-enjeu", "")
    cell = page.locator("#matrix tbody tr", has_text="Saint-Elie").locator(
        "td.st-a4 a", has_text="8"
    )
    cell.first.click()
    page.wait_for_load_state()
    assert (
        "/id/convention/62401/QN06216M/objectif/lutter-contre-le-harcelement-scolaire" in page.url
    )
    actions = {
        a
        for a in page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        if a and re.search(r"/objectif/lutter-contre-le-harcelement-scolaire/action/\d+$", a)
    }
    assert len(actions) == 8
    assert outside == []
    page.close()


def test_audit_finding_links_to_its_source_lines_with_the_text(
    browser: Any, server: Server
) -> None:
    page, _ = offline_page(browser, server.url)
    page.goto(server.url + "/audit")
    finding = page.locator("#f-EmptyObjectiveShape tr.finding").first
    quoted = finding.locator("blockquote.lines").inner_text().strip()
    assert quoted.startswith("Mettre en lien les acteurs")  # the row of the table, as written
    link = finding.locator("a.lines")
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/id/source/convention-[a-z]+#L\d+", href), href
    link.click()
    page.wait_for_load_state()
    target = page.locator(".source .line:target")
    assert target.count() == 1 and target.get_attribute("id") == href.rsplit("#", 1)[1]
    assert quoted.splitlines()[0].strip() in target.inner_text()
    page.close()


def test_the_written_report_works_offline(browser: Any, built: Built, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        app,
        ["audit", "--data", str(built.out), "--out", str(tmp_path), "--format", "html"],
    )
    assert r.exit_code == 0, r.output
    page, outside = offline_page(browser, "file://")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((tmp_path / "audit.html").as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('.chart')].every(c => c.dataset.rendered)", timeout=20000
    )
    assert page.locator(".chart svg").count() == 8  # matrix, 5 portraits, copies, partners
    assert outside == [] and errors == []
    link = page.locator("#f-EmptyObjectiveShape a.lines").first.get_attribute("href") or ""
    assert re.fullmatch(r"https://w3id.org/quartiers-kg/id/source/convention-[a-z]+#L\d+", link)
    page.close()


def test_yasgui_shows_a_syntax_error_where_it_is(browser: Any, server: Server) -> None:
    page, _ = run_in_yasgui(browser, server, "SELECT ?s WHERE {\n  ?s ?p ?o\n} LIMIT x")
    page.wait_for_selector(".yasr .errorResult pre", timeout=20000)
    shown = page.locator(".yasr .errorResult pre").inner_text().split("\n")
    assert shown[0].startswith("SPARQL syntax error at line 3, column 3:"), shown
    assert shown[1:3] == ["} LIMIT x", "  ^"]  # the line, and a caret under the position
    page.wait_for_selector(".qk-error-line")  # and the editor marks that line
    marked = page.evaluate("() => window.yasgui.getTab().getYasqe().lineInfo(2).bgClass")
    assert "qk-error-line" in marked
