"""The auditor's report on the real conventions: the files `quartiers audit` writes (one HTML
file with nothing to fetch, a CSV per table, the JSON), the same report served at /audit, and
the copy-paste analysis."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from quartiers import copies
from quartiers.cli import app
from quartiers.query import named_queries
from quartiers.store import Store
from tests.conftest import ROOT, Built, Server

SOURCES = ROOT / "data" / "sources"


@pytest.fixture(scope="module")
def written(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    r = CliRunner().invoke(
        app, ["audit", "--data", str(built.out), "--sources", str(SOURCES), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert "5 quartiers described by 2 conventions: 7 objectives retained without action" in (
        r.output
    )
    return out


@pytest.fixture(scope="module")
def findings_count(store: Store) -> int:
    """What the audit-findings query finds (test_named_queries ties it to the audit shapes)."""
    q = named_queries()["audit-findings"]
    return sum(1 for _ in store.query(q.text))  # type: ignore[union-attr]


def table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_cli_writes_every_table_as_csv_and_json(written: Path, findings_count: int) -> None:
    coverage = {r["quartierName"]: r for r in table(written / "coverage.csv")}
    assert (
        coverage["Saint-Elie - Fosse 13"]["retained"],
        coverage["Saint-Elie - Fosse 13"]["empty"],
    ) == (
        "34",
        "3",
    )
    assert len(table(written / "matrix.csv")) == 170
    findings = table(written / "findings.csv")
    assert len(findings) == findings_count > 0
    empty = [f for f in findings if f["shape"].endswith("#EmptyObjectiveShape")]
    assert len(empty) == 7 and all(f["sourceText"] and f["message"] for f in empty)
    # the text quoted is the source document's, at the lines given
    lines = (SOURCES / "convention-divion.txt").read_text(encoding="utf-8").splitlines()
    for f in empty:
        if f["file"] == "convention-divion.txt":
            quoted = f["sourceText"].splitlines()[0].rstrip()
            assert quoted == lines[int(f["firstLine"]) - 1].rstrip()
    specificity = {r["quartierName"]: r for r in table(written / "specificity.csv")}
    assert specificity["Saint-Elie - Fosse 13"]["specificShare"] == "100"
    assert specificity["Cité du Transvaal"]["specific"] == "0"
    data = json.loads((written / "audit.json").read_text(encoding="utf-8"))
    assert set(data) == {p.stem for p in written.glob("*.csv")}
    assert data["findings"]["query"] == "audit-findings"
    assert data["copies"]["query"] == "actions + rapidfuzz"


def test_cli_html_is_self_contained(written: Path) -> None:
    html = (written / "audit.html").read_text(encoding="utf-8")
    assert "vegaEmbed" in html and "Matrice de couverture" in html
    # nothing to fetch: no external script, stylesheet, image or frame (outside the code of
    # the inlined scripts, which mentions such tags in its strings)
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert markup.count("<script>") == 0 and html.count("<script>") >= 4
    assert not re.search(r'<(script|img|iframe)[^>]+src="', markup)
    assert not re.search(r'<link[^>]+rel="stylesheet"', html)
    # every table names the named query it comes from, beside it
    data = json.loads((written / "audit.json").read_text(encoding="utf-8"))
    sources = {t["query"].split(" + ")[0] for t in data.values()}
    assert sources <= set(named_queries())
    assert all(f"<code>{name}</code>" in markup for name in sources)
    assert 'href="https://w3id.org/quartiers-kg/id/source/convention-divion#L185"' in html


def test_cli_audit_formats(built: Built, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        app, ["audit", "--data", str(built.out), "--out", str(tmp_path), "--format", "json"]
    )
    assert r.exit_code == 0 and [p.name for p in tmp_path.iterdir()] == ["audit.json"]
    r = CliRunner().invoke(app, ["audit", "--data", str(built.out), "--format", "pdf"])
    assert r.exit_code == 2 and "unknown format 'pdf'" in r.output


def test_copies_cluster_near_identical_texts_across_places() -> None:
    def row(n: int, text: str, quartier: str, commune: str = "c1") -> dict[str, str]:
        return {"action": f"a{n}", "actionLabel": text, "quartier": quartier, "commune": commune}

    rows = [
        row(1, "Développer les ateliers numériques pour les seniors", "q1"),
        row(2, "Developper les ateliers numériques pour les séniors.", "q2"),
        row(3, "Développer des ateliers numériques pour nos seniors", "q3", "c2"),
        row(4, "Créer un jardin partagé au pied des immeubles", "q1"),
        row(5, "Créer un jardin partagé au pied des immeubles", "q1"),  # one place only
        row(6, "Organiser une fête de quartier", "q2"),
    ]
    found = copies.clusters(rows)
    assert len(found) == 1
    c = found[0]
    assert {a["action"] for a in c.actions} == {"a1", "a2", "a3"}
    assert 90 <= c.similarity < 100 and c.scope == "communes" and len(c.texts) == 3
    spec = {(s["commune"], s["quartier"]): s for s in copies.specificity(rows, found)}
    assert spec[("c1", "q1")]["specific"] == 2 and spec[("c2", "q3")]["repeatedAcrossCommunes"] == 1
    # case, accents and punctuation aside, a1 and a2 are the same text; a3 only resembles them
    same = copies.clusters(rows[:3], threshold=100)
    assert [({a["action"] for a in c.actions}, c.similarity) for c in same] == [({"a1", "a2"}, 100)]


def test_server_serves_the_report_and_its_tables(server: Server, findings_count: int) -> None:
    page = httpx.get(server.url + "/audit")
    assert page.status_code == 200 and "Matrice de couverture" in page.text
    assert '<script src="/vendor/vega/vega.js"></script>' in page.text
    assert re.search(r'href="/id/source/convention-divion#L185"', page.text)
    assert 'href="/api/coverage-matrix"' in page.text
    for name in ("vega", "vega-lite", "vega-embed"):
        js = httpx.get(f"{server.url}/vendor/vega/{name}.js")
        assert js.status_code == 200 and len(js.content) > 50_000
    matrix = list(csv.DictReader(io.StringIO(httpx.get(server.url + "/audit/matrix.csv").text)))
    assert len(matrix) == 170 and {m["status"] for m in matrix} == {
        "actions",
        "empty",
        "not-retained",
    }
    data = httpx.get(server.url + "/audit/audit.json").json()
    assert len(data["findings"]["rows"]) == findings_count
    assert httpx.get(server.url + "/audit/nope.csv").status_code == 404
    english = httpx.get(server.url + "/audit", headers={"Accept-Language": "en"})
    assert "Audit report" in english.text and "Copied action" in english.text
