"""The `quartiers` command: every subcommand works for real, errors are one line with exit 2."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from quartiers.cli import app
from tests.conftest import ROOT, SOURCES, Built, violating_sources

runner = CliRunner()


def test_help_on_every_subcommand() -> None:
    for cmd in ("convert", "build", "validate", "query", "serve", "audit"):
        r = runner.invoke(app, [cmd, "--help"])
        assert r.exit_code == 0 and "Usage" in r.output, cmd


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "quartiers"
    r = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "convert" in r.stdout


def test_convert_reports_line_accounting(tmp_path: Path) -> None:
    r = runner.invoke(
        app, ["convert", *map(str, sorted(SOURCES.glob("*.txt"))), "--out", str(tmp_path)]
    )
    assert r.exit_code == 0, r.output
    assert re.search(
        r"convention-haisnes\.txt → convention-haisnes\.ttl: 1 quartier, \d+ triples; "
        r"lines: \d+ represented, \d+ kept as text, \d+ ignored, 3 not understood",
        r.output,
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "convention-divion.report.json",
        "convention-divion.ttl",
        "convention-haisnes.report.json",
        "convention-haisnes.ttl",
        "framework.ttl",
        "reference.ttl",
    ]
    report = json.loads((tmp_path / "convention-haisnes.report.json").read_text())
    assert report["lines"]["not_understood"] == 3
    # 158: interleaved columns; 160: its continuation; 182: "Mary to the / lash tagamam fisango"
    assert {n["line"] for n in report["not_understood"]} == {158, 160, 182}
    line = report["lines_detail"]["136"]
    assert line["use"] == "represented" and any("/action/" in x for x in line["resources"])
    assert any(n["kind"] == "garbled" for n in report["notes"])
    for f in tmp_path.glob("*.ttl"):
        Graph().parse(f, format="turtle")


def test_convert_with_another_base(tmp_path: Path) -> None:
    r = runner.invoke(
        app,
        [
            "convert",
            str(SOURCES / "convention-divion.txt"),
            "--out",
            str(tmp_path),
            "--base",
            "http://example.org/kg/",
        ],
    )
    assert r.exit_code == 0, r.output
    text = (tmp_path / "convention-divion.ttl").read_text()
    assert "<http://example.org/kg/convention/62270>" in text
    r = runner.invoke(app, ["validate", str(tmp_path), "--base", "http://example.org/kg/"])
    assert r.exit_code == 0, r.stdout[:2000]
    r = runner.invoke(app, ["validate", str(tmp_path)])  # IRIs not under the default base
    assert r.exit_code == 1 and "base configurée" in r.stdout
    assert "w3id.org/quartiers-kg/id/" not in text
    assert "https://w3id.org/quartiers-kg/ontology#" in text  # the ontology namespace does not move


def test_build_then_validate(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    shutil.copytree(SOURCES, src)
    out = tmp_path / "ttl"
    r = runner.invoke(app, ["build", "--sources", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "SHACL: conforms: 0 violations" in r.output
    assert {p.name for p in out.glob("*.ttl")} == {
        "convention-divion.ttl",
        "convention-haisnes.ttl",
        "framework.ttl",
        "reference.ttl",
    }  # the catalogue is the server's, made from what it serves: no second one at build time
    for fmt, check in (  # (json: read and checked in the turbo engine's test below)
        ("text", lambda s: "Objectif retenu sans action" in s),
        ("turtle", lambda s: len(Graph().parse(data=s, format="turtle")) > 0),
        ("html", lambda s: s.startswith("<!doctype html>") and "Rapport" in s),
    ):
        r = runner.invoke(app, ["validate", str(out), "--format", fmt])
        assert r.exit_code == 0, (fmt, r.output[:500])
        assert check(r.stdout), fmt


def test_validate_with_the_turbo_engine_gives_the_same_report(built: Built) -> None:
    a = runner.invoke(app, ["validate", str(built.out), "--format", "json"])
    b = runner.invoke(app, ["validate", str(built.out), "--format", "json", "--engine", "turbo"])
    assert a.exit_code == b.exit_code == 0
    key = lambda f: (f["severity"], f["shape"], f["focus"], f["path"])  # noqa: E731
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    assert ja["conforms"] is True and jb["conforms"] is True
    ra, rb = ja["results"], jb["results"]
    assert sorted(map(key, ra)) == sorted(map(key, rb))


def test_two_validations_of_the_same_data_give_the_same_report(built: Built) -> None:
    """In separate processes (another hash seed: rdflib's graphs iterate in another order),
    byte for byte: a report kept under version control shows only what changed."""
    outs = [
        subprocess.run(
            [sys.executable, "-m", "quartiers.cli", "validate", str(built.out), "--format", "json"],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["counts"]["Warning"] > 0  # a report with findings to order


def test_validate_exit_codes(tmp_path: Path, built: Built) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.out, data)
    f = data / "convention-divion.ttl"
    f.write_text(f.read_text().replace('qk:qpvCode "QP062013"', 'qk:qpvCode "QP-062013"'))
    r = runner.invoke(app, ["validate", str(data)])
    assert r.exit_code == 1
    assert "VIOLATION" in r.stdout and "QP suivi de 6 chiffres" in r.stdout
    assert "convention-divion.txt:" in r.stdout  # the source document and lines
    f.write_text("this is not turtle {")
    r = runner.invoke(app, ["validate", str(data)])
    assert r.exit_code == 2
    assert "convention-divion.ttl:1:1: not valid Turtle: 'this' is not a valid subject" in r.output


def test_build_fails_on_a_violation(tmp_path: Path) -> None:
    src = violating_sources(tmp_path)
    r = runner.invoke(app, ["build", "--sources", str(src), "--out", str(tmp_path / "ttl")])
    assert r.exit_code == 1
    assert "DOES NOT CONFORM" in r.output and "ne doit pas avoir de code QPV" in r.output


def test_audit(built: Built, tmp_path: Path) -> None:
    r = runner.invoke(app, ["audit", "--data", str(built.out), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    lines = (tmp_path / "coverage.csv").read_text(encoding="utf-8").strip().splitlines()
    assert lines[0] == "quartier,quartierName,retained,withActions,empty,notRetained,actions"
    assert any(line.endswith(",Saint-Elie - Fosse 13,34,31,3,0,66") for line in lines)
    assert any(line.endswith(",Cités 6 et 30,24,23,1,10,52") for line in lines)


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "/no/such/file.txt"],
        ["query", "quartiers", "--data", "/nope"],
        ["validate", "/nope"],
        ["serve", "--data", "/nope", "--port", "1"],
    ],
)
def test_missing_input_is_one_clear_line(args: list[str]) -> None:
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert len(r.output.strip().splitlines()) == 1 and "/no" in r.output


def test_readme_quick_start_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_serve_reuses_an_existing_store(tmp_path: Path, built: Built) -> None:
    import httpx

    from tests.conftest import start_server, stop_server

    store = tmp_path / "store"
    first = start_server(tmp_path, [built.out], "--store", str(store))
    triples = httpx.get(first.url + "/health").json()["triples"]
    stop_server(first)
    second = start_server(tmp_path, [], "--store", str(store))
    try:
        assert httpx.get(second.url + "/health").json()["triples"] == triples > 10000
        assert "Saint-Elie" in httpx.get(second.url + "/api/quartiers?format=csv").text
    finally:
        stop_server(second)
