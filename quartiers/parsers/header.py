"""The quartier header: name (from the heading), status, code, communes concerned."""

from __future__ import annotations

import re

from quartiers.ledger import Ledger
from quartiers.model import LineUse, Quartier, Span
from quartiers.reader import Line
from quartiers.textnorm import clean, fold

_NAME_QUOTED = re.compile(r"[«\"]\s*(?P<name>[^»\"]+?)\s*[»\"]")
_NAME_AFTER = re.compile(r"quartier\s*:?\s*(?P<name>.+)$", re.I)
_FIELD = re.compile(r"^(?P<key>[^:]{3,40}?)\s*:\s*(?P<value>.*)$")
_CODE = re.compile(r"Q\s*[PN]\s*(?:\d\s*){6}[A-Z]?", re.I)


def quartier_name(heading: str) -> str:
    text = clean(heading)
    m = _NAME_QUOTED.search(text)
    if m:
        return m.group("name").strip()
    m = _NAME_AFTER.search(text)
    return m.group("name").strip(' «»"') if m else text


def normalise_code(written: str) -> str | None:
    """'QP 06 20 16' -> 'QP062016'; a 2024 code 'QN06216M' is kept as is."""
    m = _CODE.search(written.upper())
    if not m:
        return None
    return re.sub(r"\s+", "", m.group(0))


def status_of(text: str) -> str | None:
    f = fold(text)
    if "prioritaire" in f or re.search(r"\bqpv\b", f):
        return "QPV"
    if "interet communautaire" in f or "territoire vulnerable" in f or re.search(r"\bqic\b", f):
        return "QIC"
    return None


def split_communes(value: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\bet\b|/)\s*", clean(value))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def parse_header_field(line: Line, quartier: Quartier, ledger: Ledger) -> bool:
    """Fill the quartier from a 'Statut :', 'Code quartier :' or 'Commune(s) concernée(s) :' line."""
    m = _FIELD.match(clean(line.text))
    if not m:
        return False
    key, value = fold(m.group("key")), m.group("value").strip()
    span = Span(line.no, line.no)
    if key.startswith("statut"):
        quartier.status_text = clean(value)
        quartier.status = status_of(value)
    elif key.startswith("code"):
        quartier.code_as_written = clean(value)
        quartier.code = normalise_code(value)
    elif key.startswith("commune"):
        quartier.communes = split_communes(value)
    else:
        return False
    quartier.header_span = (
        span if quartier.header_span is None else quartier.header_span.union(span)
    )
    ledger.mark(span, LineUse.REPRESENTED, "quartier header")
    return True
