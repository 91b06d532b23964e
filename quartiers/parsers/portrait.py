"""The statistical portrait: "Label : [qualifier] value unit (agglomeration value or note)."

Known indicators get a stable code; an indicator not in the table below still becomes an
observation, with a code made from its label, and is reported as new.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from quartiers.ledger import Ledger
from quartiers.model import Indicator, LineUse, Portrait, QualityNote, Span
from quartiers.reader import Line
from quartiers.textnorm import clean, fold, slug
from quartiers.vocab import INDICATORS

_KNOWN = [(d.code, re.compile(d.pattern), d.unit) for d in INDICATORS]

_QUALIFIERS = [
    ("approx", r"environ|pres de|autour de|~"),
    ("more_than", r"\+ ?de|plus de|au moins|>"),
    ("less_than", r"moins de|- de|<"),
]
_NUMBER = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_VALUE = re.compile(
    rf"^\s*(?P<qual>(?:environ|pres de|autour de|\+ ?de|plus de|au moins|moins de)\s+)?"
    rf"(?P<num>{_NUMBER})\s*(?P<unit>%|habitants?|hectares?|ha\b)?",
)
_PAREN = re.compile(r"\((?P<inner>[^()]*)\)")
_AGGLO = re.compile(rf"(?P<num>{_NUMBER})\s*%?\s*sur l'ensemble")
_SOURCE = re.compile(r"^\((?P<inner>donnees[^)]*)\)\.?$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def to_decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"[ .](?=\d{3})", "", text).replace(",", "."))


def _qualifier(text: str | None) -> str:
    if not text:
        return "exact"
    for code, pattern in _QUALIFIERS:
        if re.search(pattern, text):
            return code
    return "exact"


def _sentences(text: str) -> list[str]:
    """Split a line holding several indicators ("... agglomération). Part des ...")."""
    return [s for s in re.split(r"(?<=[).])\s+(?=[A-ZÉ][a-zé])", text) if s.strip()]


def parse_indicator(text: str, span: Span) -> Indicator | None:
    text = clean(text)
    if ":" not in text:
        return None
    label, rest = text.split(":", 1)
    label = label.strip()
    flabel = fold(label)
    frest = fold(rest)
    m = _VALUE.match(frest)
    if not m or len(label) > 160:
        return None
    code, unit, known = None, None, True
    for kcode, pattern, kunit in _KNOWN:
        if pattern.search(flabel):
            code, unit = kcode, kunit
            break
    if code is None:
        known = False
        code = slug(label, 40).replace("-", "_")
        u = m.group("unit") or ""
        unit = {"%": "percent", "ha": "hectare"}.get(
            u,
            "hectare"
            if u.startswith("hect")
            else "inhabitants"
            if u.startswith("hab")
            else "number",
        )
    try:
        value = to_decimal(m.group("num"))
    except InvalidOperation:
        return None
    agglo: Decimal | None = None
    notes: list[str] = []
    for pm in _PAREN.finditer(rest):
        inner = pm.group("inner").strip()
        am = _AGGLO.search(fold(inner))
        if am and agglo is None:
            agglo = to_decimal(am.group("num"))
        else:
            notes.append(inner)
    return Indicator(
        code=code,
        label=label,
        value=value,
        unit=unit or "number",
        qualifier=_qualifier(m.group("qual")),
        span=span,
        agglomeration_value=agglo,
        note="; ".join(notes) or None,
        known=known,
        value_text=_PAREN.sub("", rest).strip(" .;"),
    )


def _logical_lines(lines: list[Line]) -> list[tuple[str, Span]]:
    """Join a line wrapped by extraction with the next non-blank line when that one starts in
    lower case ("... les enfants du" / "quartier: 79 (...)")."""
    out: list[tuple[str, Span]] = []
    for ln in lines:
        if ln.blank:
            continue
        text = clean(ln.text)
        if out and text[:1].islower() and not out[-1][0].rstrip().endswith((".", ")")):
            prev, span = out[-1]
            out[-1] = (prev + " " + text, span.union(Span(ln.no, ln.no)))
        else:
            out.append((text, Span(ln.no, ln.no)))
    return out


def parse_portrait(
    lines: list[Line], ledger: Ledger, *, strict: bool
) -> tuple[Portrait, list[tuple[str, Span]]]:
    """Indicators and data source from these lines.

    Returns the lines it did not understand as indicators; with `strict` (a real "Portrait
    statistique" section) they are reported, otherwise the caller keeps them as text.
    """
    portrait = Portrait()
    leftovers: list[tuple[str, Span]] = []
    for text, span in _logical_lines(lines):
        sm = _SOURCE.match(fold(text))
        if sm:
            portrait.source = text.strip("()").rstrip(").").strip()
            ym = _YEAR.search(text)
            portrait.year = int(ym.group(0)) if ym else None
            portrait.span = span if portrait.span is None else portrait.span.union(span)
            ledger.mark(span, LineUse.REPRESENTED, "portrait source")
            continue
        found = [i for s in _sentences(text) if (i := parse_indicator(s, span)) is not None]
        if found:
            portrait.indicators.extend(found)
            portrait.span = span if portrait.span is None else portrait.span.union(span)
            ledger.mark(span, LineUse.REPRESENTED, "indicator")
            for ind in found:
                if not ind.known:
                    ledger.note(
                        QualityNote(
                            "new_indicator",
                            f"indicator not in the known list, coded '{ind.code}'",
                            span,
                            ind.label,
                            "info",
                        )
                    )
        else:
            leftovers.append((text, span))
            if strict:
                ledger.note(
                    QualityNote(
                        "unparsed_indicator",
                        "portrait line not understood as an indicator",
                        span,
                        text,
                    ),
                    understood=True,
                )
    return portrait, leftovers
