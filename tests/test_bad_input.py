"""Bad input at every entry point: for each command and each kind of bad input, exit code 2,
one line on stderr naming the file (and line and column) in plain words, and nothing written
or changed. In-process (typer's CliRunner): every case fails before a server would listen."""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from quartiers.cli import app
from tests.conftest import SOURCES, free_port

runner = CliRunner()
ROOT_USER = os.geteuid() == 0
DOC = SOURCES / "convention-haisnes.txt"
# a convention's type first: its graph is named at once, the rest read by the bulk loader
TURTLE = (
    "@prefix ex: <http://example.org/> .\n"
    "ex:a a <https://w3id.org/quartiers-kg/ontology#ConventionApplication> .\n"
)
BROKEN = 'ex:a ex:b "deux\n'  # line 3: a string left open
HUGE_LINES = 100_000


# -- the bad inputs ------------------------------------------------------------------------------


def unreadable(path: Path, *, directory: bool = False) -> Path:
    """Something this process cannot read: chmod 000; as root (who reads through any mode), a
    named pipe, which no command may open as a file or list as a directory."""
    if ROOT_USER:
        os.mkfifo(path)
        return path
    if directory:
        path.mkdir()
    else:
        path.write_text(TURTLE)
    path.chmod(0)
    return path


def unwritable(tmp: Path) -> tuple[Path, str]:
    """A directory no file can be made in: mode 555; as root (who writes through any mode),
    /sys, where no one can make a directory."""
    if ROOT_USER:
        return Path("/sys"), r"/sys: permission denied: cannot write there"
    d = tmp / "readonly"
    d.mkdir()
    d.chmod(0o555)
    return d, r"readonly: permission denied: cannot write there"


def out_is(kind: str, tmp: Path) -> tuple[Path, str]:
    """An output directory that cannot be one: a file, or in an unwritable place."""
    if kind == "out-unwritable":
        d, expected = unwritable(tmp)
        return d / "out", expected
    f = tmp / "afile"
    f.write_text("a file, not a directory")
    return f, r"afile: is not a directory"


@cache
def asks_for_credentials() -> str:
    """A SPARQL endpoint on a loopback port that answers 401 to any request without them."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/query"


def endpoint(kind: str) -> tuple[str, str]:
    """A --endpoint bad in this way, and the message expected about it."""
    if kind == "endpoint-not-url":
        return "localhost:7878", r"invalid value for '--endpoint': 'localhost:7878' is not the"
    if kind == "endpoint-unreachable":  # a closed loopback port
        url = f"http://127.0.0.1:{free_port()}/query"
        return url, rf"{re.escape(url)}: cannot reach the SPARQL endpoint: connection refused"
    url = asks_for_credentials()
    return url, rf"{re.escape(url)}: the SPARQL endpoint asks for credentials \(401\): set"


ENDPOINT_KINDS = ["endpoint-not-url", "endpoint-unreachable", "endpoint-credentials"]
OUT_KINDS = ["out-is-a-file", "out-unwritable"]


def huge_document(path: Path) -> Path:
    with path.open("wb") as f:  # sparse: 40 MB on paper, nothing on disk
        f.truncate(40 << 20)
    return path


def huge_turtle(path: Path) -> Path:
    """Large valid Turtle with one error on its last line."""
    rows = (
        f'<http://example.org/r/{i}> <http://example.org/p> "{i}" .\n' for i in range(HUGE_LINES)
    )
    path.write_text("".join(rows) + '<http://example.org/last> <http://example.org/p> "open\n')
    return path


def shapes_dir(tmp: Path, text: str, name: str = "integrity.ttl") -> Path:
    d = tmp / "shapes"
    d.mkdir()
    (d / name).write_text(text)
    return d


ANY_FILE = ("missing", "unreadable", "empty")


def any_file(p: Path, kind: str) -> tuple[Path, str]:
    """What is bad in the same way whatever the file should hold."""
    name = re.escape(p.name)
    if kind == "missing":
        return p, rf"{name}: no such file or directory"
    if kind == "unreadable":
        return unreadable(p), rf"{name}: (permission denied|is a named pipe)"
    p.write_bytes(b"")
    return p, rf"{name}: empty file"


def document(tmp: Path, kind: str) -> tuple[Path, str]:
    """A bad convention document of this kind, and the message expected about it."""
    p = tmp / "doc.txt"
    if kind in ANY_FILE:
        return any_file(p, kind)
    if kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return p, r"doc\.txt: binary file \(NUL bytes\)"
    if kind == "wrong-format":
        p.write_text(TURTLE)
        return p, r"doc\.txt:1: not a convention d'application communale"
    if kind == "wrong-encoding":
        p.write_bytes("Commune de Haisnes\nligne é\n".encode() + b"\x81\x8d\xff\n")
        return p, r"doc\.txt:3: cannot decode text"
    if kind == "directory":
        p.mkdir()
        return p, r"doc\.txt: is a directory, not a file \(to convert a whole directory"
    if kind == "huge":
        return huge_document(p), r"doc\.txt: too large \(40 MB"
    raise KeyError(kind)


def rdf(tmp: Path, kind: str) -> tuple[Path, str]:
    """Bad RDF data of this kind, and the message expected about it."""
    p = tmp / "data.ttl"
    if kind in ANY_FILE:
        return any_file(p, kind)
    if kind == "binary":
        p.write_bytes(b"\x00\x01\x02 not turtle")
        return p, r"data\.ttl: binary file \(NUL bytes\), not Turtle"
    if kind == "wrong-format":
        doc = tmp / "convention.txt"
        doc.write_bytes(DOC.read_bytes())
        return doc, r"convention\.txt: a convention document, not RDF data: convert it first"
    if kind == "broken-turtle":
        p.write_text(TURTLE + BROKEN)
        return p, r"data\.ttl:3:11: not valid Turtle: unexpected end of file"
    if kind == "broken-jsonld":
        j = tmp / "data.jsonld"
        j.write_text('{"@id": "http://example.org/a",\n "http://example.org/b": [1,')
        return j, r"data\.jsonld:2:\d+: not valid JSON-LD: unexpected end of file"
    if kind == "wrong-encoding":
        p.write_bytes(TURTLE.encode() + 'ex:a ex:b "été" .\n'.encode("latin-1"))
        return p, r"data\.ttl:3:12: not valid UTF-8: Turtle files must be UTF-8"
    if kind == "directory":
        d = tmp / "data"
        d.mkdir()
        (d / "notes.txt").write_text("no Turtle here")
        return d, r"data: no Turtle files \(\*\.ttl\) in this directory"
    if kind == "huge":
        return huge_turtle(p), rf"data\.ttl:{HUGE_LINES + 1}:\d+: not valid Turtle"
    raise KeyError(kind)


def sources_dir(tmp: Path, kind: str) -> tuple[Path, str]:
    """`build --sources`: a directory of documents, bad in this way."""
    d = tmp / "sources"
    if kind == "missing":
        return d, r"sources: no such file or directory"
    if kind == "unreadable":
        return unreadable(d, directory=True), r"sources: (permission denied|is not a directory)"
    if kind == "directory":  # a file where a directory is expected
        d.write_bytes(DOC.read_bytes())
        return d, r"sources: is not a directory"
    d.mkdir()
    if kind == "empty":
        return d, r"sources: no source documents in this directory"
    if kind == "good":
        (d / "convention-haisnes.txt").write_bytes(DOC.read_bytes())
        return d, ""
    inner = tmp / "inner"
    inner.mkdir()
    bad, expected = document(inner, kind)
    bad.rename(d / "doc.txt")
    return d, expected


# -- the matrix ------------------------------------------------------------------------------

Builder = Callable[[Path], tuple[list[str], str]]
OUT = "out"


def _shapes(tmp: Path, kind: str) -> tuple[list[str], str]:
    if kind == "broken-turtle":
        return ["--shapes", str(shapes_dir(tmp, TURTLE + BROKEN))], (
            r"shapes/integrity\.ttl:3:11: not valid Turtle: unexpected end of file"
        )
    j = tmp / "shapes.jsonld"
    j.write_text('{"@id": "http://example.org/a",\n "http://example.org/b": ')
    return ["--shapes", str(j)], r"shapes\.jsonld:2:\d+: not valid JSON-LD"


def convert(kind: str) -> Builder:
    def build(tmp: Path) -> tuple[list[str], str]:
        out = ["--out", str(tmp / OUT)]
        if kind in OUT_KINDS:
            d, expected = out_is(kind, tmp)
            return ["convert", str(DOC), "--out", str(d)], expected
        if kind in ("broken-turtle", "broken-jsonld"):
            extra, expected = _shapes(tmp, kind)
            return ["convert", str(DOC), *out, *extra], expected
        p, expected = document(tmp, kind)
        return ["convert", str(p), *out], expected

    return build


def build_cmd(kind: str) -> Builder:
    def build(tmp: Path) -> tuple[list[str], str]:
        out = ["--out", str(tmp / OUT)]
        if kind in ("broken-turtle", "broken-jsonld"):
            src, _ = sources_dir(tmp, "good")
            extra, expected = _shapes(tmp, kind)
            return ["build", "--sources", str(src), *out, *extra], expected
        if kind in ENDPOINT_KINDS:  # checked before the build replaces its output
            src, _ = sources_dir(tmp, "good")
            url, expected = endpoint(kind)
            return ["build", "--sources", str(src), *out, "--endpoint", url], expected
        if kind == "store-is-a-file":
            f = tmp / "store"
            f.write_text("not a store")
            return ["build", *out, "--store", str(f)], r"store: is not a directory"
        if kind == "store-old-layout":  # checked before data/ttl is replaced
            d = tmp / "store"
            d.mkdir()
            (d / "CURRENT").write_text("MANIFEST-000001\n")
            return ["build", *out, "--store", str(d)], r"store: this store was written by an older"
        src, expected = sources_dir(tmp, kind)
        return ["build", "--sources", str(src), *out], expected

    return build


def with_out(command: list[str]) -> Callable[[str], Builder]:
    """A command whose --out cannot be written."""

    def for_kind(kind: str) -> Builder:
        def build(tmp: Path) -> tuple[list[str], str]:
            d, expected = out_is(kind, tmp)
            return [*command, "--out", str(d)], expected

        return build

    return for_kind


def options(command: list[str], cases: dict[str, tuple[list[str], str]]) -> dict[str, Builder]:
    """Values an option refuses before any work: the arguments, the message expected."""
    return {
        kind: (lambda tmp, a=args, e=expected: ([*command, *a], e))
        for kind, (args, expected) in cases.items()
    }


def induce(kind: str) -> Builder:
    def build(tmp: Path) -> tuple[list[str], str]:
        out = tmp / "framework.ttl"
        if kind == "broken-turtle":  # the framework file to complete is broken
            out.write_text(TURTLE + BROKEN)
            return (
                ["framework", "induce", str(DOC), "--out", str(out)],
                r"framework\.ttl:3:11: not valid Turtle: unexpected end of file",
            )
        p, expected = document(tmp, kind)
        return ["framework", "induce", str(p), "--out", str(out)], expected

    return build


def on_data(command: list[str], *, option: bool = True) -> Callable[[str], Builder]:
    def for_kind(kind: str) -> Builder:
        def build(tmp: Path) -> tuple[list[str], str]:
            p, expected = rdf(tmp, kind)
            return [*command, *(["--data"] if option else []), str(p)], expected

        return build

    return for_kind


def serve(kind: str) -> Builder:
    def build(tmp: Path) -> tuple[list[str], str]:
        port = ["--port", str(free_port())]
        if kind == "directory":  # an on-disk store where a file is
            f = tmp / "store"
            f.write_text("not a store")
            return ["serve", "--store", str(f), *port], r"store: is not a directory"
        if kind in ENDPOINT_KINDS:
            url, expected = endpoint(kind)
            return ["serve", "--endpoint", url, *port], expected
        p, expected = rdf(tmp, kind)
        return ["serve", "--data", str(p), *port], expected

    return build


def common(command: list[str], good: list[str], *, base: bool = True) -> dict[str, Builder]:
    """An unknown option and a bad --base, for a command whose other arguments are good."""
    cases: dict[str, Builder] = {
        "unknown-option": lambda tmp: (
            [*command, *good, "--frobnicate"],
            r"no such option: --frobnicate (\(did you mean [^)]*\) )?\(see '.*--help'\)",
        )
    }
    if base:
        cases["bad-base"] = lambda tmp: (
            [*command, *good, "--base", "not an iri"],
            r"invalid value for '--base': 'not an iri' is not an absolute http\(s\) IRI",
        )
    return cases


DOCUMENT_KINDS = [
    "missing",
    "unreadable",
    "empty",
    "binary",
    "wrong-format",
    "wrong-encoding",
    "directory",
    "huge",
]
RDF_KINDS = [
    "missing",
    "unreadable",
    "empty",
    "binary",
    "wrong-format",
    "broken-turtle",
    "broken-jsonld",
    "wrong-encoding",
    "directory",
    "huge",
]
GOOD_TTL = str(SOURCES.parent / "ttl")


def _port_in_use(tmp: Path) -> tuple[list[str], str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    _held.append(sock)  # closed at the end of the test
    port = sock.getsockname()[1]
    data = tmp / "data.ttl"
    data.write_text(TURTLE)
    return (
        ["serve", "--data", str(data), "--port", str(port)],
        rf"port {port} on 127\.0\.0\.1 is already in use",
    )


_held: list[socket.socket] = []

MATRIX: dict[str, dict[str, Builder]] = {
    "convert": {
        **{k: convert(k) for k in [*DOCUMENT_KINDS, "broken-turtle", "broken-jsonld", *OUT_KINDS]},
        **common(["convert", str(DOC)], ["--out", "/nonexistent/out"]),
    },
    "build": {
        **{
            k: build_cmd(k)
            for k in [*DOCUMENT_KINDS, "broken-turtle", "broken-jsonld", *ENDPOINT_KINDS]
        },
        **{k: build_cmd(k) for k in ("store-is-a-file", "store-old-layout")},
        **options(
            ["build", "--out", "/nonexistent/out"],
            {"negative-jobs": (["--jobs", "-1"], r"invalid value for '--jobs'")},
        ),
        **common(["build"], ["--out", "/nonexistent/out"]),
    },
    "framework induce": {
        **{k: induce(k) for k in [*DOCUMENT_KINDS, "broken-turtle"]},
        **common(["framework", "induce", str(DOC)], ["--out", "/nonexistent/f.ttl"], base=False),
    },
    "validate": {
        **{k: on_data(["validate"], option=False)(k) for k in RDF_KINDS},
        **common(["validate", GOOD_TTL], []),
    },
    "query": {
        **{k: on_data(["query", "quartiers"])(k) for k in RDF_KINDS},
        **options(
            ["query", "copied-actions", "--data", GOOD_TTL, "--param"],
            {
                "param-malformed": (["minQuartiers"], r"--param 'minQuartiers': expected name="),
                "param-unknown": (
                    ["minquartiers=2"],
                    r"query 'copied-actions' has no parameter minquartiers \(parameters: min",
                ),
                "param-type": (
                    ["minQuartiers=two"],
                    r"parameter 'minQuartiers' must be an integer, not 'two'",
                ),
            },
        ),
        "too-deep": lambda tmp: (  # 3,000 brackets crash the engine's parser
            ["query", "SELECT * WHERE " + "{" * 3000 + "}" * 3000],
            r"the query is nested 3000 levels deep; at most 256 are read",
        ),
        **common(["query", "quartiers"], [], base=False),
    },
    "audit": {
        **{k: on_data(["audit"])(k) for k in RDF_KINDS},
        **{k: with_out(["audit", "--data", GOOD_TTL])(k) for k in OUT_KINDS},
        **options(
            ["audit", "--data", GOOD_TTL, "--out", "/nonexistent/out"],
            {
                "unknown-format": (
                    ["--format", "pdf"],
                    r"unknown format 'pdf' \(html, csv, json\)",
                ),
                "sources-missing": (["--sources", "/nonexistent/src"], r"src: no such file or"),
            },
        ),
        **common(["audit"], [], base=False),
    },
    "synth": {
        **{k: with_out(["synth", "--quartiers", "1"])(k) for k in OUT_KINDS},
        **options(
            ["synth", "--out", "/nonexistent/out", "--quartiers"],
            {
                f"{n}-quartiers": ([n], rf"invalid value for '--quartiers': {n} is not in 1 to")
                for n in ("0", "-3", "99999")
            },
        ),
        **common(["synth"], ["--out", "/nonexistent/out", "--quartiers", "1"], base=False),
    },
    "serve": {
        # empty: a warning, see test_error_reporting
        **{k: serve(k) for k in [*RDF_KINDS, *ENDPOINT_KINDS] if k != "empty"},
        **common(["serve"], ["--port", "1"]),
        "port-in-use": _port_in_use,
    },
}


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every path under root with its type, size and content hash (pipes are not opened)."""
    seen: dict[str, tuple[int, int, str]] = {}
    for path in [root, *root.rglob("*")]:
        st = path.lstat()
        digest = ""
        if stat.S_ISREG(st.st_mode) and st.st_mode & 0o400 and st.st_blocks:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        seen[str(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), st.st_size, digest)
    return seen


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory for the inputs and outputs; the temporary directory of the store a server
    would make is inside it, so whatever a failed command leaves is seen."""
    work = tmp_path / "work"
    work.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("QUARTIERS_WORKERS", "1")
    for name in ("TOKEN", "USER", "PASSWORD"):
        monkeypatch.delenv(f"QUARTIERS_ENDPOINT_{name}", raising=False)
    yield work
    for sock in _held:
        sock.close()
    _held.clear()
    for p in tmp_path.rglob("*"):  # let pytest remove what was made unreadable
        if not p.is_symlink() and stat.S_IMODE(p.lstat().st_mode) == 0:
            p.chmod(0o700)


CASES = [(command, kind) for command, kinds in MATRIX.items() for kind in kinds]


@pytest.mark.parametrize(("command", "kind"), CASES, ids=[f"{c}-{k}" for c, k in CASES])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    sandbox: Path, command: str, kind: str
) -> None:
    args, expected = MATRIX[command][kind](sandbox)
    before = snapshot(sandbox.parent)
    r = runner.invoke(app, args)
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 2, (args, r.output)
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert re.search(expected, lines[0]), (expected, lines[0])
    assert r.stdout == ""
    assert snapshot(sandbox.parent) == before  # nothing written, nothing changed


def test_every_command_is_in_the_matrix() -> None:
    """A command added later gets its row, or this fails."""

    def leaves(cmd: object, prefix: str = "") -> list[str]:
        sub = getattr(cmd, "commands", None)
        if not sub:
            return [prefix.strip()]
        return [n for name, c in sub.items() for n in leaves(c, f"{prefix} {name}")]

    assert sorted(leaves(typer.main.get_command(app))) == sorted(MATRIX)
    for command, kinds in MATRIX.items():
        assert "unknown-option" in kinds, command


def test_data_is_read_by_its_extension(tmp_path: Path) -> None:
    """Good JSON-LD is data too: the bulk loader of a fresh store reads each file in the
    format its extension names (it once read every file as Turtle)."""
    j = tmp_path / "data.jsonld"
    j.write_text('{"@id": "http://example.org/a", "http://example.org/b": 1}')
    query = "SELECT ?o WHERE { <http://example.org/a> ?p ?o }"
    r = runner.invoke(app, ["query", query, "--data", str(j), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.split() == ["o", "1"]
