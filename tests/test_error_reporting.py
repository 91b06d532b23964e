"""How errors read: in the user's language, with a traceback only when asked for, a bug told
apart from bad input (exit 3), exit codes 1 kept; SPARQL errors with line, column and a caret
on the command line and at the endpoint (text, or JSON for a client that asks for it); and
`serve` saying "serving on" only once it does."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from quartiers import messages as M
from quartiers.cli import app
from tests.conftest import ROOT, SOURCES, Built, Server, free_port

runner = CliRunner()
BROKEN = '@prefix ex: <http://example.org/> .\nex:a ex:b "un" .\nex:a ex:b "deux\n'
EN = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
FR = {"LANG": "fr_FR.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    p = tmp_path / "data.ttl"
    p.write_text(BROKEN)
    return p


# -- language --------------------------------------------------------------------------------


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    fields = string.Formatter()
    texts = [v for v in vars(M).values() if isinstance(v, M.Text)]
    assert len(texts) > 40
    for t in texts:
        assert t.en and t.fr, t
        assert t.en != t.fr or t.en in ("argument", "option"), t  # words the same in both
        names = [{f for _, f, _, _ in fields.parse(s) if f} for s in (t.en, t.fr)]
        assert names[0] == names[1], t


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_CA.UTF-8"}, "fr"),
        ({"LC_ALL": "C"}, "en"),
    ],
)
def test_language_follows_lc_all_lc_messages_lang(env: dict[str, str], lang: str) -> None:
    assert M.language(env) == lang


def test_errors_are_in_french_for_a_french_locale(broken: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["validate", str(broken)], env=FR)
    assert r.exit_code == 2
    assert r.stderr.strip().endswith("data.ttl:3:11: Turtle invalide : fin de fichier inattendue")
    assert r.stderr.startswith("erreur : ")
    r = runner.invoke(app, ["convert", str(tmp_path / "absent.txt"), "--frobnicate"], env=FR)
    assert r.exit_code == 2 and "option inconnue : --frobnicate" in r.stderr
    assert "voir « " in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["audit", "--data", str(tmp_path / "absent")], env=FR)
    assert r.stderr.strip().endswith("absent: fichier ou dossier introuvable")


# -- tracebacks and bugs ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["--verbose", "QUARTIERS_DEBUG"])
def test_verbose_or_debug_adds_the_traceback(broken: Path, how: str) -> None:
    args = ["validate", str(broken)] + (["--verbose"] if how == "--verbose" else [])
    env = {**EN, "QUARTIERS_DEBUG": "1" if how == "QUARTIERS_DEBUG" else None}
    r = runner.invoke(app, args, env=env)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("Traceback (most recent call last)") and len(lines) > 3
    assert lines[-1].startswith("error: ") and "data.ttl:3:11" in lines[-1]


def test_a_bug_is_one_line_exit_3_with_where_to_report_it(
    monkeypatch: pytest.MonkeyPatch, built: Built, tmp_path: Path
) -> None:
    import quartiers.audit_report

    def broken_coverage(store: object) -> dict[str, object]:
        raise KeyError("with_actions")  # what a bug in the audit would raise

    monkeypatch.setattr(quartiers.audit_report, "fetch", broken_coverage)
    out = ["--out", str(tmp_path)]
    r = runner.invoke(app, ["audit", "--data", str(built.out), *out], env=EN)
    assert r.exit_code == 3
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: internal error (KeyError: 'with_actions')")
    assert "report it at" in lines[0] and "--verbose" in lines[0]
    r = runner.invoke(app, ["audit", "--data", str(built.out), *out, "--verbose"], env=EN)
    assert r.exit_code == 3 and "Traceback" in r.stderr and "broken_coverage" in r.stderr


def test_strict_losses_still_exit_1_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(
        app,
        ["convert", str(SOURCES / "convention-haisnes.txt"), "--out", str(out), "--strict"],
        env=EN,
    )
    assert r.exit_code == 1, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(
        r"convention-haisnes\.txt:\d+: \d+ losses with --strict", lines[0]
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("QUARTIERS_WORKERS", "three", "a whole number from 1"),
        ("QUARTIERS_SANDBOX", "netsn", "auto | netns | userns+netns | seccomp | off"),
        ("QUARTIERS_WORKER_STORE", "ram", "memory | disk"),
    ],
)
def test_a_bad_setting_stops_serve_in_one_line(
    tmp_path: Path, built: Built, name: str, value: str, expected: str
) -> None:
    """A misspelt setting is refused, not read as another (QUARTIERS_SANDBOX=netsn would
    otherwise have turned network isolation off)."""
    port = str(free_port())
    r = runner.invoke(
        app, ["serve", "--data", str(built.out), "--port", port], env={**EN, name: value}
    )
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        f"error: {name}='{value}' in the environment: expected {expected}"
    ]


# -- SPARQL on the command line -----------------------------------------------------------------

BAD_RQ = """PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
SELECT ?q WHERE {
  ?q qk:name ?n
\tFILTER(?n = )
}
"""


def caret_column(line: str) -> int:
    """1-based column of the caret, tabs counted as one character, as in the query line."""
    return line.index("^") + 1


def test_a_query_file_error_names_file_line_column_and_points_at_it(tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text(BAD_RQ)
    # checked before any data is read: the data given does not even exist
    r = runner.invoke(app, ["query", str(rq), "--data", str(tmp_path / "absent")], env=EN)
    assert r.exit_code == 2
    first, query_line, caret = r.stderr.rstrip("\n").split("\n")
    m = re.fullmatch(r"error: .*bad\.rq:4:(\d+): SPARQL syntax error: (.+)", first)
    assert m, first
    assert query_line == "\tFILTER(?n = )"
    assert caret.startswith("\t") and caret_column(caret) == int(m.group(1))
    assert r.stdout == ""


def test_an_error_only_the_engine_sees_has_the_engines_position(built: Built) -> None:
    """rdflib knows foaf: by default; pyoxigraph, which runs the query, does not."""
    query = "SELECT ?s WHERE {\n  ?s foaf:name ?o }"
    r = runner.invoke(app, ["query", query, "--data", str(built.out)], env=EN)
    assert r.exit_code == 2
    first, query_line, caret = r.stderr.rstrip("\n").split("\n")
    assert first == (
        "error: SPARQL syntax error at line 2, column 6: the prefix 'foaf:' is not declared "
        "(add PREFIX foaf: <…>)"
    )
    assert query_line == "  ?s foaf:name ?o }" and caret == "     ^"
    r = runner.invoke(app, ["query", query, "--data", str(built.out)], env=FR)
    assert "erreur de syntaxe SPARQL ligne 2, colonne 6 : le préfixe « foaf: »" in r.stderr


# -- SPARQL at the endpoint ---------------------------------------------------------------------


def test_the_endpoint_gives_line_column_and_caret_as_text_or_json(server: Server) -> None:
    query = "SELECT * WHERE {\n  ?s ?p ?o } LIMIT x"
    text = httpx.get(server.url + "/sparql", params={"query": query})
    assert text.status_code == 400 and text.headers["content-type"].startswith("text/plain")
    first, query_line, caret = text.text.rstrip("\n").split("\n")
    m = re.fullmatch(r"SPARQL syntax error at line 2, column (\d+): (.+)", first)
    assert m and query_line == "  ?s ?p ?o } LIMIT x" and caret == " " * (int(m.group(1)) - 1) + "^"
    for accept, media in (
        ("application/json", "application/json"),
        ("application/problem+json, text/plain;q=0.5", "application/problem+json"),
    ):
        r = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 400 and r.headers["content-type"].startswith(media)
        body = r.json()
        assert body["status"] == 400 and body["message"] == first == body["detail"]
        assert (body["line"], body["column"]) == (2, int(m.group(1)))
        assert (body["query_line"], body["caret"]) == (query_line, caret)
    # a SPARQL client asking for JSON results (SPARQLWrapper) gets the JSON error too
    r = httpx.post(
        server.url + "/sparql",
        data={"query": "SELECT ?s WHERE { ?s foaf:name ?o }"},
        headers={"Accept": "application/sparql-results+json,application/json"},
    )
    assert r.status_code == 400
    assert {k: r.json()[k] for k in ("line", "column")} == {"line": 1, "column": 22}
    assert "prefix 'foaf:' is not declared" in r.json()["message"]  # the engine's, not rdflib's


# -- serve ----------------------------------------------------------------------------------------


def serve(tmp: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "quartiers.cli", "serve", "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QUARTIERS_WORKERS": "1", "LANG": "C.UTF-8", "TMPDIR": str(tmp)},
    )
    return proc, f"http://127.0.0.1:{port}"


def until_serving(proc: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    """stderr lines up to "serving on …" included."""
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            raise AssertionError("the server exited:\n" + "".join(lines))
        lines.append(line.rstrip("\n"))
        if line.startswith("serving on "):
            return lines
    raise AssertionError("no 'serving on' line:\n" + "\n".join(lines))


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serving_on_is_said_once_the_store_and_the_engines_are_up(
    tmp_path: Path, built: Built
) -> None:
    proc, url = serve(tmp_path, "--data", str(built.out))
    try:
        lines = until_serving(proc)
        health = httpx.get(url + "/health", timeout=5)  # at once: nothing left to wait for
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert health.json()["triples"] > 10_000
        assert lines[-1] == f"serving on {url}/ (SPARQL: {url}/sparql)"
        assert not any(line.startswith("warning:") for line in lines)
    finally:
        stop(proc)


@pytest.mark.parametrize("allow", [False, True])
def test_an_empty_data_set_is_a_warning_unless_allowed(tmp_path: Path, allow: bool) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    proc, url = serve(tmp_path, "--data", str(empty), *(["--allow-empty"] if allow else []))
    try:
        lines = until_serving(proc)
        warnings = [line for line in lines if line.startswith("warning:")]
        if allow:
            assert warnings == []
        else:
            assert warnings == [
                "warning: no data loaded: serving an empty store (pass --allow-empty if that is "
                "what you mean)"
            ]
        assert httpx.get(url + "/health", timeout=5).status_code == 200
    finally:
        stop(proc)


def test_broken_turtle_stops_serve_before_it_says_anything(tmp_path: Path, broken: Path) -> None:
    proc, _ = serve(tmp_path, "--data", str(broken))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.strip().splitlines() == [
        f"error: {broken}:3:11: not valid Turtle: unexpected end of file"
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("quartiers-")] == []
