"""Source files → numbered lines: the only place that knows about bytes and encodings.

Later stages see `Line`s whose `no` is the 1-based line number in the source file, so every
finding points back to it. Form feeds (page breaks in `pdftotext` output) are removed from the
text but remembered, because page furniture is found next to them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from quartiers import messages as M
from quartiers.document import Line
from quartiers.errors import InputError
from quartiers.inputs import os_error
from quartiers.textnorm import clean_line, guillemet_bullets


@dataclass
class SourceText:
    path: Path
    lines: list[Line]
    encoding: str
    sha256: str
    page_breaks: set[int] = field(default_factory=set)  # lines that start a new page


# unrtf writes a character Latin-1 lacks as the low byte of its code point: "’" (U+2019) as
# 0x19, "–" (U+2013) as 0x13. Control bytes never stand in text, so these are read back.
_LOW_BYTE_PUNCTUATION = {c & 0xFF: chr(c) for c in (0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D)}


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252; refuse binary data,
    naming the formats a user may have meant to give (a PDF, a Word file)."""
    if not data.strip():
        raise InputError(M.EMPTY_FILE(), path)
    if data.startswith(b"%PDF-"):
        raise InputError(M.PDF_FILE(), path)
    if data.startswith(b"PK\x03\x04"):
        raise InputError(M.ZIP_FILE(), path)
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if b"\x00" in data[:4096]:
        raise InputError(M.BINARY(why=M.NUL_BYTES()), path)
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(M.CANNOT_DECODE(), path, line) from None
    text = text.translate(_LOW_BYTE_PUNCTUATION)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > max(3, len(text) // 100):
        raise InputError(M.BINARY(why=M.CONTROL_BYTES()), path)
    return text, "cp1252"


def split_lines(text: str) -> tuple[list[Line], set[int]]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    breaks = {i + 1 for i, t in enumerate(raw) if "\f" in t}
    texts = guillemet_bullets([clean_line(t) for t in raw])
    return [Line(i + 1, t) for i, t in enumerate(texts)], breaks


def load(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path) from None
    text, encoding = decode(data, path)
    lines, breaks = split_lines(text)
    return SourceText(path, lines, encoding, hashlib.sha256(data).hexdigest(), breaks)
