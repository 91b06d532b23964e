"""The checks every command runs on its inputs before it does any work: a path that is missing,
a directory, a pipe, unreadable, empty, binary, too large, in the wrong format or the wrong
encoding is one `InputError` naming the file (and line and column), in plain words.

Only what can be told cheaply is checked here (file metadata, the first bytes); syntax errors
are found by the parser that reads the file anyway, and turned into the same kind of error by
`rdf_error`, so large data is never read twice."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import pyoxigraph as ox

from quartiers import messages as M
from quartiers.errors import InputError

MAX_SOURCE_BYTES = 32 * 1024 * 1024  # a convention's text is ~50 KB; a bigger file is a mistake
SNIFF = 4096
MAX_QUERY_DEPTH = 256  # brackets; the server's default is 64 (--max-depth); 3,000 crash pyoxigraph
# what a convention document may come as: given where RDF data is expected, a mistake to name
DOCUMENT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".doc", ".docx"}
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_PARSER_POSITION = re.compile(
    r"^Parser error (?:at line \d+ (?:between columns \d+ and \d+|column \d+)"
    r"|between line \d+ column \d+ and line \d+ column \d+): "
)


def os_error(exc: OSError, path: Path | str) -> InputError:
    """What the system said about a file, in plain words."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(M.NO_SUCH_FILE(), path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(M.PERMISSION_DENIED(), path)
    if exc.errno == errno.EISDIR:
        return InputError(M.IS_A_DIRECTORY(hint=""), path)
    return InputError(M.CANNOT_READ(reason=(exc.strerror or str(exc)).lower()), path)


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as exc:
        raise os_error(exc, path) from None


def _special(mode: int) -> M.Message | None:
    if stat.S_ISFIFO(mode):
        return M.KIND_FIFO()
    if stat.S_ISSOCK(mode):
        return M.KIND_SOCKET()
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return M.KIND_DEVICE()
    return None


def regular_file(path: Path, *, dir_hint: M.Message | str = "") -> os.stat_result:
    """A regular file this process can open, checked without reading it (a pipe would block)."""
    st = _stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise InputError(M.IS_A_DIRECTORY(hint=dir_hint), path)
    kind = _special(st.st_mode)
    if kind is not None:
        raise InputError(M.NOT_REGULAR(kind=kind), path)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise os_error(exc, path) from None
    return st


def directory(path: Path) -> list[Path]:
    """A directory's entries, sorted; one clear line when it is not a listable directory."""
    st = _stat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(M.NOT_A_DIRECTORY(), path)
    try:
        return sorted(path.iterdir())
    except OSError as exc:
        raise os_error(exc, path) from None


# -- convention documents -----------------------------------------------------------------------


def document(path: Path) -> Path:
    """A source document that can be read and decoded (a few KB: read here, and again when
    converted), so a bad one stops the run before any document is parsed."""
    from quartiers.source import decode

    st = regular_file(path, dir_hint=M.BUILD_HINT())
    if st.st_size == 0:
        raise InputError(M.EMPTY_FILE(), path)
    if st.st_size > MAX_SOURCE_BYTES:
        raise InputError(M.TOO_LARGE(size=st.st_size >> 20, limit=MAX_SOURCE_BYTES >> 20), path)
    try:
        decode(path.read_bytes(), path)
    except OSError as exc:
        raise os_error(exc, path) from None
    return path


def documents(paths: Iterable[Path]) -> list[Path]:
    return [document(p) for p in paths]


def document_directory(path: Path) -> list[Path]:
    """The documents of a directory (its visible regular files, but the readings written
    beside them, `*.json`), each checked."""
    files = [
        p
        for p in directory(path)
        if not p.name.startswith(".") and p.suffix != ".json" and p.is_file()
    ]
    if not files:
        raise InputError(M.NO_DOCUMENTS(), path)
    return documents(files)


# -- RDF data -----------------------------------------------------------------------------------


def rdf_format(path: Path) -> ox.RdfFormat:
    """By extension; Turtle for any other name (our own files are all Turtle)."""
    return RDF_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def rdf_file(path: Path, *, allow_empty: bool = False) -> Path:
    """An RDF file worth parsing: regular, readable, not a document, not binary, not UTF-16."""
    st = regular_file(path)
    fmt = rdf_format(path).name
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        raise InputError(M.NOT_RDF_DOCUMENT(), path)
    if st.st_size == 0:
        if allow_empty:
            return path
        raise InputError(M.EMPTY_FILE(), path)
    with path.open("rb") as f:
        head = f.read(SNIFF)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(M.UTF16_RDF(format=fmt), path)
    if b"\x00" in head:
        raise InputError(M.BINARY_RDF(format=fmt), path)
    return path


def rdf_files(paths: Iterable[Path], *, allow_empty: bool = False) -> list[Path]:
    """The data files named (directories give their *.ttl files), each checked."""
    from quartiers.store import data_files

    files: list[Path] = []
    for p in paths:
        if stat.S_ISDIR(_stat(p).st_mode):
            directory(p)
            found = data_files([p])
            if not found and not allow_empty:
                raise InputError(M.NO_RDF_FILES(), p)
            files += [rdf_file(f, allow_empty=allow_empty) for f in found]
        else:
            files.append(rdf_file(p, allow_empty=allow_empty))
    return files


def rdf_error(exc: SyntaxError, path: Path, fmt: ox.RdfFormat | None = None) -> InputError:
    """A parser's SyntaxError as one line: the file, line and column, what is wrong."""
    name = (fmt or rdf_format(path)).name
    reason = _PARSER_POSITION.sub("", str(exc.msg or exc)).splitlines()[0].strip()
    line, column = exc.lineno, exc.offset
    if "utf-8" in reason.lower():
        return InputError(M.NOT_UTF8(format=name), path, line, column)
    if "remote context" in reason.lower():
        return InputError(M.REMOTE_CONTEXT(), path, line, column)
    named = re.match(r"(\S+) (is not a valid .*)", reason)  # the word found, quoted
    if named:
        reason = f"'{named.group(1)}' {named.group(2)}"
    lowered = reason[:1].lower() + reason[1:]
    why: M.Message | str = M.UNEXPECTED_END() if lowered.startswith("unexpected end") else lowered
    return InputError(M.INVALID_RDF(format=name, reason=why), path, line, column)


def check_rdf(path: Path) -> None:
    """Parse a (small) file through: its first syntax error as an InputError."""
    fmt = rdf_format(path)
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as exc:
        raise rdf_error(exc, path, fmt) from None
    except OSError as exc:
        raise os_error(exc, path) from None


def shapes(path: Path) -> list[Path]:
    """The SHACL shapes files (a directory's *.ttl, or one file), each parsed: a broken shape
    stops the command before it writes anything."""
    files = rdf_files([path])
    for f in files:
        check_rdf(f)
    return files


# -- SPARQL ------------------------------------------------------------------------------------


def text_file(path: Path, what: str = "SPARQL") -> str:
    """A small UTF-8 text file (a query), read whole; the line and column of a bad byte."""
    if regular_file(path).st_size == 0:
        raise InputError(M.EMPTY_FILE(), path)
    data = path.read_bytes()
    if b"\x00" in data[:SNIFF]:
        raise InputError(M.BINARY_RDF(format=what), path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(M.NOT_UTF8(format=what), path, line, column) from None


def sparql_error(exc: Any, path: Path | None = None) -> InputError:
    """A SparqlError as the CLI shows it: where (the file, or the line and column of the
    text given), why, then the query's line with a caret under the position."""
    reason = exc.reason or exc.message
    if exc.line is None:
        return InputError(reason, path)
    if path is not None:
        return InputError(
            M.SPARQL_SYNTAX(reason=reason), path, exc.line, exc.column, context=exc.context()
        )
    message = M.SPARQL_AT(line=exc.line, column=exc.column, reason=reason)
    return InputError(message, context=exc.context())


def sparql_query(text: str, path: Path | None = None) -> None:
    """Check a query before any data is loaded: rdflib's parse (what the endpoint accepts),
    then the engine's own on an empty store, unless the query would call out (SERVICE,
    LOAD): that one is left for the real run."""
    from quartiers.sparqltext import SparqlError, analyse_query, engine_error, nesting_depth

    depth = nesting_depth(text)
    if depth > MAX_QUERY_DEPTH:  # deeper, the engine's parser overflows its stack: a crash
        raise InputError(M.SPARQL_NESTED(depth=depth, limit=MAX_QUERY_DEPTH), path)
    try:
        analysis = analyse_query(text)
    except SparqlError as exc:
        raise sparql_error(exc, path) from None
    if analysis.services or analysis.loads:
        return
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise sparql_error(engine_error(exc, text), path) from None


# -- outputs and options ---------------------------------------------------------------------


def output_directory(path: Path) -> None:
    """A directory that is, or can be made, writable here. Tried, not guessed from the mode
    (which does not tell for root, a read-only mount, /sys): a directory is made in the
    nearest existing one and removed at once; nothing is left."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link: mkdir would fail
            raise InputError(M.NO_SUCH_FILE(), existing)
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(M.NOT_A_DIRECTORY(), existing)
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".quartiers-", dir=existing))
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise InputError(M.NOT_WRITABLE(), existing) from None
        reason = (exc.strerror or str(exc)).lower()
        raise InputError(M.CANNOT_WRITE(reason=reason), existing) from None


def store_directory(path: Path) -> None:
    """An on-disk store: an existing directory of the current layout, or one that can be made."""
    from quartiers.generations import Generations

    if path.exists() or path.is_symlink():
        directory(path)
        Generations(path).check_layout()
    else:
        output_directory(path)


def output_file(path: Path) -> None:
    """A file that can be (re)written: its directory is writable, and it is no directory."""
    if path.exists() or path.is_symlink():
        regular_file(path)
    output_directory(path.parent)


def _http_url(value: str) -> SplitResult | None:
    """The parts of an absolute http(s) URL with a host (and a valid port), else None."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return None
    ok = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
    return parts if ok else None


def endpoint_url(value: str) -> str:
    """The URL of a remote SPARQL engine (`--endpoint`); whether it answers is checked by
    `RemoteStore.check`, before any work."""
    if _http_url(value) is None:
        raise InputError(M.ENDPOINT_URL(value=value))
    return value


def base_iri(value: str) -> str:
    """An absolute http(s) IRI without query, under which data IRIs are minted."""
    parts = _http_url(value)
    ok = parts is not None and not parts.query and not parts.fragment
    if ok:
        try:
            ox.NamedNode(value + "x")
        except ValueError:
            ok = False
    if not ok:
        raise InputError(M.BAD_BASE(value=value))
    return value
