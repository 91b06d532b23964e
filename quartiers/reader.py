"""Read a source document into numbered lines, whatever its encoding and line ends.

The reader is the only place that knows about bytes; later stages see `Line`s whose `no` is the
1-based line number in the source file, so every finding can point back to it. Other formats
(PDF, DOCX) plug in as another `Reader` that yields the same `Document`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from quartiers.errors import InputError
from quartiers.textnorm import clean_line


@dataclass(frozen=True)
class Line:
    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Document:
    path: Path
    lines: list[Line]
    encoding: str
    sha256: str
    notes: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem

    def line(self, no: int) -> Line:
        return self.lines[no - 1]


class Reader(Protocol):
    def read(self, path: Path) -> Document: ...


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252; refuse binary data."""
    if not data.strip():
        raise InputError("empty file", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if b"\x00" in data[:4096]:
        raise InputError("binary file (NUL bytes), not a text document", path)
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            "cannot decode text (neither UTF-8 nor Windows-1252)", path, line
        ) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > max(3, len(text) // 100):
        raise InputError("binary file (control bytes), not a text document", path)
    return text, "cp1252"


class TextReader:
    """Plain text as extracted from PDF (tabs between table cells, markdown bold, HTML lists)."""

    def read(self, path: Path) -> Document:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path) from None
        text, encoding = decode(data, path)
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines.pop()
        lines = [Line(i + 1, clean_line(t)) for i, t in enumerate(raw_lines)]
        return Document(path, lines, encoding, hashlib.sha256(data).hexdigest())


def read(path: Path) -> Document:
    return TextReader().read(path)
