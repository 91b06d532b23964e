"""Signatures: "Fait à PLACE", "Le DATE", and "Name, Role" blocks. An empty place or date is
recorded as missing, never guessed."""

from __future__ import annotations

import re
from datetime import date

from quartiers.ledger import Ledger
from quartiers.model import LineUse, Signatory, Signature, Span, TextItem
from quartiers.reader import Line
from quartiers.textnorm import clean, fold

_MONTHS = {
    "janv": 1,
    "jan": 1,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "mar": 3,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "aout": 8,
    "sept": 9,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DATE_TEXT = re.compile(r"(?P<d>\d{1,2})(?:er)?\s+(?P<m>[a-z]+)\.?\s+(?P<y>\d{4})")
_DATE_NUM = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})")
_PLACE = re.compile(r"^fait a\b\s*(?P<place>.*)$")
_DATE_LINE = re.compile(r"^le\b\s*(?P<date>.*)$")


def parse_date(text: str) -> date | None:
    f = fold(text)
    m = _DATE_NUM.search(f)
    if m:
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    m = _DATE_TEXT.search(f)
    if m:
        month = next((v for k, v in _MONTHS.items() if m.group("m").startswith(k)), None)
        if month:
            try:
                return date(int(m.group("y")), month, int(m.group("d")))
            except ValueError:
                return None
    return None


def role_kind(role: str) -> str:
    f = fold(role)
    if f.startswith("maire"):
        return "maire"
    if f.startswith("prefet") or "prefet" in f.split(",")[0]:
        return "prefet"
    if f.startswith("president") and ("agglomeration" in f or "communaute" in f):
        return "president_epci"
    return "autre"


def parse_signatures(lines: list[Line], ledger: Ledger) -> tuple[Signature | None, list[TextItem]]:
    place: str | None = None
    when: date | None = None
    when_text: str | None = None
    signatories: list[Signatory] = []
    passages: list[TextItem] = []
    span: Span | None = None
    for ln in lines:
        if ln.blank:
            continue
        text = clean(ln.text.replace("\t", " "))
        f = fold(text)
        s = Span(ln.no, ln.no)
        pm, dm = _PLACE.match(f), _DATE_LINE.match(f)
        if pm:
            place = text[len(text) - len(pm.group("place")) :].strip() or None
        elif dm and (not dm.group("date") or parse_date(dm.group("date"))):
            when_text = text[len(text) - len(dm.group("date")) :].strip() or None
            when = parse_date(when_text) if when_text else None
        elif "," in text and (
            "<p>" in ln.text or "\t" in ln.text or re.search(r",\s*(maire|president|prefet)", f)
        ):
            cells = [clean(c) for c in re.split(r"</p>|\t", ln.text) if clean(c)]
            for c in cells:
                name, _, role = c.partition(",")
                signatories.append(
                    Signatory(name.strip(), role.strip(), role_kind(role.strip()), s)
                )
        else:
            passages.append(TextItem(text, s, len(passages) + 1, "signataires"))
            ledger.mark(s, LineUse.REPRESENTED, "passage")
            continue
        ledger.mark(s, LineUse.REPRESENTED, "signature")
        span = s if span is None else span.union(s)
    if span is None:
        return None, passages
    return Signature(place, when, when_text, signatories, span), passages
