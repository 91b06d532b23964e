"""The statistical portrait, in the forms authors give it:

- `label : value (comparison)` lines, with dotted leaders or a dash instead of the colon;
- tables (indicator | quartier | agglomeration | source), with or without a header row;
- sentences ("Le taux de pauvreté atteint 41 %, contre 18,8 % pour l'agglomération").

The agglomeration's value is read in its usual forms: "(18,8 % sur l'ensemble de
l'agglomération)", "– agglomération : 18,8 %" (on the line or the next one), "(CABBALR :
18,8 %)", "contre 18,8 % pour l'agglomération". Reworded labels map to one indicator concept
(`vocab/indicators.toml`); an indicator that matches none is still read, coded from its label,
and reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from quartiers.document import Block, Paragraph, Row, Table
from quartiers.document import Cell as DocCell
from quartiers.framework import Strategy
from quartiers.ledger import Ledger
from quartiers.model import Indicator, LineUse, Portrait, QualityNote
from quartiers.parsers.units import Unit, join_units, units
from quartiers.span import Span
from quartiers.textnorm import clean, fold, fold_same_length, slug, starts_lower, without_pictograms
from quartiers.vocab import INDICATORS, IndicatorDef

_QUALIFIERS = [
    ("approx", r"environ|env\.|pres d[e']|autour de|quasiment|approximativement|~|≈|de l'ordre"),
    ("more_than", r"\+ ?de|plus d[e']|au moins|superieure? a|>|au-dela de"),
    ("less_than", r"moins d[e']|- de|inferieure? a|<"),
]
_QUAL = (
    r"(?:environ|env\.|pres de|pres d'|autour de|quasiment|approximativement|~|≈|\+ ?de"
    r"|de l'ordre d[e']|(?:un peu )?plus d[e']|au moins|(?:un peu )?moins d[e']|superieure? a"
    r"|inferieure? a|>|<)"
)
NUMBER = r"\d{1,3}(?:[  .]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_VALUE = re.compile(
    rf"^\s*(?P<qual>{_QUAL}\s*)?(?P<num>{NUMBER})\s*"
    r"(?P<unit>%|‰|pour ?cent|pour ?mille|habitants?|hab\b|hectares?|ha\b|€|euros?)?",
)
# a share said in words ("1 ménage sur 4", "près d'un habitant sur trois", "un tiers des
# habitants", "la moitié"): read as the percentage it says
_SMALL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7}
_SMALL |= {"huit": 8, "neuf": 9, "dix": 10}
_WORD_NUM = r"\d{1,2}|" + "|".join(_SMALL)
_SHARE_WORDS = (
    rf"(?:(?P<n>{_WORD_NUM})\s+(?P<whom>(?:[a-z'-]+\s+){{1,3}}?)sur\s+"
    rf"(?P<d>\d{{1,3}}|{'|'.join(_SMALL)})\b|(?P<part>la moitie|(?:un|le) tiers|deux tiers"
    r"|(?:un|le) quart|trois quarts|(?:un|le) cinquieme)\b)"
)
_SHARE = re.compile(rf"^\s*(?P<qual>{_QUAL}\s*)?{_SHARE_WORDS}")
_SHARE_IN_TEXT = re.compile(rf"\b{_SHARE_WORDS}")
_PARTS = {"moitie": 50.0, "tiers": 100 / 3, "deux tiers": 200 / 3, "quart": 25.0}
_PARTS |= {"trois quarts": 75.0, "cinquieme": 20.0}


def as_percent(folded: str) -> str:
    """A value that opens with a share said in words, rewritten as its percentage, rounded to
    a tenth ("1 menage sur 4" -> "25 %", "un tiers des habitants" -> "33,3 % des habitants"),
    the figure itself when it follows; a sentence ("… sur quatre est inoccupée rue …") or any
    other text as it is."""
    m = _SHARE.match(folded)
    if m is None:
        return folded
    rest = folded[m.end() :]
    if re.match(rf"^\W*(?:{NUMBER})\s*%", rest):
        return rest.lstrip(" ,:;–—-")  # "près d'un tiers, 32,6 %": the figure given after it
    if len(rest.split("(")[0].split()) > 3:
        return folded  # "une cellule sur quatre est inoccupée rue …": a sentence, no value
    value = _share(m)
    if value is None:
        return folded
    return f"{m.group('qual') or ''}{value} %{folded[m.end() :]}"


def _share(m: re.Match[str]) -> str | None:
    """The percentage a share in words says, written as a French figure ("33,3")."""
    if m.group("part"):
        part = m.group("part")
        share = _PARTS.get(part, _PARTS.get(part.split(" ", 1)[-1], 0.0))
    else:
        n, d = (int(x) if x.isdigit() else _SMALL[x] for x in (m.group("n"), m.group("d")))
        if not 0 < n < d:
            return None
        share = 100 * n / d
    return f"{share:.1f}".rstrip("0").rstrip(".").replace(".", ",")


# the agglomeration's figure beside a share in words: "(31 % pour la CABBALR)", ", alors que le
# taux … est de 18,8 % a l'echelle de l'agglomeration" (folded)
_AGGLO_WORDS = r"(?:agglomeration|cabbalr|intercommunalite|communaute d.agglomeration)"
_AGGLO_SAID = re.compile(
    rf"(?:\bcontre\s+|\bpour\s+)?\d[\d  ,.]*\s*%\s*(?:pour|dans|a l.echelle de|sur|de)\s+"
    rf"(?:l.ensemble de\s+)?(?:l.|la |le )?{_AGGLO_WORDS}\b|\b{_AGGLO_WORDS}\s*:\s*\d[\d  ,.]*\s*%"
)


def shares_in_sentence(folded: str) -> tuple[str, dict[int, str]]:
    """A sentence whose only figure is a share in words, that share as its percentage ("plus de
    six menages sur dix sont allocataires" -> "plus de 60 % menages sont allocataires"), with
    the words each figure was written in, by its offset; a sentence that gives the percentage
    too ("un habitant sur trois … (33,6 %)") as it is, the agglomeration's aside ("un tiers
    des habitants … (31 % pour la CABBALR)": the share is the quartier's figure)."""
    if re.search(r"\d\s*(?:%|pour ?cent)", _AGGLO_SAID.sub(" ", folded)):
        return folded, {}
    out: list[str] = []
    words: dict[int, str] = {}
    end = 0
    for m in _SHARE_IN_TEXT.finditer(folded):
        value = _share(m)
        if value is None:
            continue
        out.append(folded[end : m.start()])
        words[sum(len(x) for x in out)] = m.group(0).strip()
        out.append(f"{value} % {m.group('whom') or ''}")
        end = m.end()
    out.append(folded[end:])
    return "".join(out), words


def without_paraphrases(indicators: list[Indicator]) -> list[Indicator]:
    """A quartier's indicators but the shares in words that say again, rounded, what a figure
    of the same indicator says ("plus de quatre habitants sur dix ont moins de 25 ans" in the
    presentation, "Part des moins de 25 ans : 41,2 %" in the portrait)."""

    def in_words(ind: Indicator) -> bool:
        return bool(_SHARE_IN_TEXT.search(fold(ind.value_text)))

    figured = {i.code for i in indicators if not in_words(i)}
    return [i for i in indicators if not (in_words(i) and i.code in figured)]


_NUM_IN_TEXT = re.compile(
    rf"(?P<qual>{_QUAL}\s+)?(?P<num>{NUMBER})\s*(?P<unit>%|pour ?cent|habitants?|hab\b|hectares?|ha\b|€|euros?|ans\b)?"
)
_PAREN = re.compile(r"\((?P<inner>[^()]*)\)")
# territories a figure may be compared with besides the agglomeration (folded)
_OTHER_PLACES = (
    r"\b(commune|ville|departement|region|national\w*|france|pas-de-calais|hauts-de-france"
    r"|metropole|quartiers? prioritaires?|qpv)\b"
)
# the agglomeration, however it is named; EPCI names and acronyms come from the reference data
AGGLO_WORDS = (
    r"agglo(meration)?|intercommun\w*|epci|communaute d.agglomeration|territoire communautaire"
)
_SOURCE = re.compile(r"^\(?\s*(?P<inner>(donnees|source[s]?\s*:|chiffres|selon)\b[^)]*)\)?\.?$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# a column titled by its year, or its perimeter's or data's ("2020", "Périmètre 2024",
# "Données 2019"), folded
_YEAR_COLUMN = re.compile(r"(?:[a-z'’]+\s+){0,2}((?:19|20)\d{2})")
# a span of years: "2024-2030", or its first year ending the label ("Période 2024 – 2030")
_YEARS = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:[-–—/]|a)\s*(?:19|20)\d{2}\b")
# how to read a figure ("Lecture : 36,4 % des habitants vivent sous le seuil de pauvreté"), what
# it covers ("Champ : …"): a note of the portrait, no indicator named "Lecture"
_READING_NOTE = re.compile(r"^\W*(?:lecture|cle de lecture|guide de lecture|champ|nb|n\.b\.)\s*:")
# what separates a label from its value, by preference: "Part des – de 25 ans : 32,8 %" has a dash
# in its label
_LEADERS = [re.compile(r"\s*::?\s*"), re.compile(r"\s*(?:\.{3,}|…+)\s*"), re.compile(r"\s+[–—]\s+")]
_HEADER_WORDS = re.compile(
    r"^(indicateurs?|valeurs?|quartier|agglomeration|cabbalr|epci|sources?)$"
)
_BARE = re.compile(
    rf"^\s*(?:{_QUAL}\s*)?(?:{NUMBER})\s*(?:%|‰|€|hab\.?|habitants|ha|hectares)?\s*$|^(nc|n\.c\.|-|—|–|nd)$"
)
_CONTRE = re.compile(
    r"\bcontre\b|\bcompare\w* a\b|\bvs\.?\b|,\s*(?:pour|quand|alors que|tandis que|face a)\b"
)


def to_decimal(text: str) -> Decimal:
    t = re.sub(r"[  .](?=\d{3}(?!\d))", "", text).replace(",", ".")
    return Decimal(t)


def _qualifier(text: str | None) -> str:
    if not text:
        return "exact"
    for code, pattern in _QUALIFIERS:
        if re.search(pattern, text):
            return code
    return "exact"


def _unit(written: str | None) -> str | None:
    u = (written or "").strip()
    if not u:
        return None
    if u.startswith(("‰", "pour mille", "pourmille")):
        return "per_mille"
    if u.startswith(("%", "pour")):
        return "percent"
    if u.startswith("hab"):
        return "inhabitants"
    if u.startswith(("hect", "ha")):
        return "hectare"
    if u.startswith(("€", "euro")):
        return "euro"
    return None


def opens_portrait(cell: str) -> bool:
    """A first cell that opens a portrait's rows: a header word ("Indicateur") or the label
    of an indicator the vocabulary knows ("Population", "Taux de pauvreté")."""
    f = fold(clean(cell)).strip(" *:")
    return bool(_HEADER_WORDS.match(f)) or known_indicator(cell) is not None


def known_indicator(label: str) -> IndicatorDef | None:
    f = fold(clean(label)).strip(" *-–")
    return next((d for d in INDICATORS if any(p.search(f) for p in d.labels)), None)


@dataclass
class Context:
    """What the parser knows beyond the text: the names of the agglomeration (EPCI)."""

    agglo_terms: Sequence[str] = ()
    strategy: Strategy = field(default_factory=Strategy)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    # the document's legend said a bare value in parentheses is the agglomeration's: it holds
    # for the portraits after it too
    bare_is_agglo: bool = False

    @property
    def agglo(self) -> re.Pattern[str]:
        if self._pattern is None:
            extra = "|".join(re.escape(fold(t)) for t in self.agglo_terms if t)
            self._pattern = re.compile(rf"\b(?:{AGGLO_WORDS}{'|' + extra if extra else ''})\b")
        return self._pattern


def _agglo_in(clause: str, ctx: Context) -> Decimal | None:
    f = fold(clause)
    m = re.search(NUMBER, f)
    if not m or not ctx.agglo.search(f):
        return None
    try:
        return to_decimal(m.group(0))
    except InvalidOperation:
        return None


def agglo_value(text: str, ctx: Context) -> tuple[Decimal | None, list[str]]:
    """The agglomeration's value in a comparison — in parentheses, after a dash, after
    "contre" — and the other parenthesised remarks ("stable depuis 2015")."""
    value: Decimal | None = None
    notes: list[str] = []
    for m in _PAREN.finditer(text):
        found = _agglo_in(m.group("inner"), ctx)
        if found is not None and value is None:
            value = found
        elif m.group("inner").strip():
            notes.append(clean(m.group("inner")))
    if value is None:
        outside = fold(_PAREN.sub(" ", text))
        for rx in (re.compile(r"\s[–—-]\s"), _CONTRE):
            m2 = rx.search(outside)
            if m2 is not None:
                value = _agglo_in(outside[m2.start() :], ctx)
                if value is not None:
                    break
    if value is None:  # "38,6 %, en baisse … ; elle est de 31 % sur l'agglomération"
        value = next(
            (v for clause in outside.split(";")[1:] if (v := _agglo_in(clause, ctx)) is not None),
            None,
        )
    return value, notes


def parse_indicator(text: str, span: Span, ctx: Context) -> Indicator | None:
    """A `label : value …` line (colon, dotted leader or dash)."""
    text = clean(text)
    masked = _PAREN.sub(lambda p: " " * len(p.group(0)), text)  # "(CABBALR : 18,8 %)"
    m = next((m for rx in _LEADERS if (m := rx.search(masked)) and m.start() > 0), None)
    if m is None:
        return None
    label, rest = text[: m.start()].strip(" *"), text[m.end() :]
    return _indicator(label, rest, span, ctx)


_FIGURE_FIRST = re.compile(
    rf"^\s*(?:{_QUAL}\s*)?(?:{NUMBER})\s*(?:%|‰|€|ha\b|hab\.|habitants\b)?\s+(?=[a-z])"
)
# where a label set after its figure ends: its comparison ("— agglomération : 18,8 %",
# "(CABBALR : …)", ", contre …")
_LABEL_END = re.compile(r"\s[–—-]\s|\(|:|,\s*contre\b")


def figure_first(
    text: str, span: Span, ctx: Context, *, any_label: bool = False
) -> Indicator | None:
    """A 'chiffres clés' figure: the value first, then the label, then the comparison
    ("37,9 % taux de pauvreté — agglomération : 18,8 %"). A label the vocabulary knows, or
    `any_label` once the portrait is known to be written so: "12 élèves par classe en moyenne"
    alone is a sentence."""
    text = clean(text)
    f = fold_same_length(text)
    m = _FIGURE_FIRST.match(f)
    if m is None:
        return None
    end = _LABEL_END.search(f, m.end())
    label = text[m.end() : end.start() if end else len(text)].strip(" .")
    # "37,2 % de taux de pauvreté", "29 % de moins de 25 ans": the preposition joins the figure
    # to its label, no word of it
    label = re.sub(r"^(?:de |d['’])(?=\w)", "", label, flags=re.I)
    if not label or len(label.split()) > 14:
        return None
    if known_indicator(label) is None and not (any_label and len(label.split()) > 1):
        return None
    rest = text[: m.end()].strip() + " " + (text[end.start() :] if end else "")
    return _indicator(label, rest, span, ctx)


def _indicator(
    label: str, rest: str, span: Span, ctx: Context, agglo: Decimal | None = None
) -> Indicator | None:
    rest = clean(rest)
    label = re.sub(r"\s*(?:\.{3,}|…+)\s*$", "", label)  # "Population ........": its leader dots
    label = without_pictograms(label)  # "👥 Population"
    # "Taux de pauvreté (CABBALR : 18,8 %)": the agglomeration's value given with the label,
    # once for every quartier's column
    said = next(
        (p for p in _PAREN.finditer(label) if _agglo_in(p.group("inner"), ctx) is not None), None
    )
    if said is not None:
        agglo = agglo if agglo is not None else _agglo_in(said.group("inner"), ctx)
        label = clean(label[: said.start()] + label[said.end() :])
    frest = fold(rest)
    if known_indicator(label) is not None or (len(label.split()) <= 8 and ". " not in label):
        frest = as_percent(frest)  # a label, not a sentence ("… C'est le quartier le plus …")
    m = _VALUE.match(frest)
    if not m or len(label) > 160 or not label:
        return None
    if _YEARS.match(frest) or (
        re.search(r"\b(?:19|20)\d{2}$", fold(label)) and re.match(r"\s*(?:19|20)\d{2}\b", frest)
    ):
        return None  # "Période 2024 – 2030", "Durée : 2024-2030": a period, no figure
    known = known_indicator(label)
    unit = _unit(m.group("unit"))
    if known is not None:
        code, unit = known.code, known.unit
    else:
        code = slug(label, 40).replace("-", "_")
        unit = unit or "number"
    try:
        value = to_decimal(m.group("num"))
    except InvalidOperation:
        return None
    found, notes = agglo_value(rest, ctx)
    value_text = re.split(r"\s[–—]\s", _PAREN.sub("", rest))[0].strip(" .;")
    return Indicator(
        code=code,
        label=label,
        value=value,
        unit=unit,
        qualifier=_qualifier(m.group("qual")),
        span=span,
        agglomeration_value=agglo if agglo is not None else found,
        note="; ".join(notes) or None,
        known=known is not None,
        value_text=value_text,
    )


def _sentences(text: str) -> list[str]:
    """Split a line holding several indicators ("... agglomération). Part des ...")."""
    return [s for s in re.split(r"(?<=[).])\s+(?=[A-ZÉ][a-zé])", text) if s.strip()]


# ---------------------------------------------------------------- tables


def table_indicators(
    t: Table, ctx: Context, column: int | None = None, agglo_column: int | None = None
) -> tuple[list[Indicator], list[int]]:
    """Indicators from a portrait table; the header row (if any) says which column holds the
    quartier's value and which the agglomeration's; `column` is the quartier's in a table for
    several quartiers (`agglo_column` the agglomeration's, when titles outside the table say
    it)."""
    found: list[Indicator] = []
    used: list[int] = []
    value_col, agglo_col = 1, 2 if t.columns >= 3 else None
    if column is not None:  # another quartier's column is no agglomeration's: its header says
        value_col, agglo_col = column, agglo_column
    qualifiers = _qualifier_column(t)
    titles: dict[int, str] = {}  # the header's titles, by column
    if qualifiers is not None and qualifiers == value_col:
        # "Population | environ | 2 300 habitants | –": the qualifiers' own column
        value_col = value_col + 1
        agglo_col = agglo_col + 1 if agglo_col is not None and t.columns >= 4 else None
    above: tuple[DocCell, Row] | None = None  # a value alone on its line, its label below it
    for row in t.rows:
        cells = row.by_col()
        first = cells.get(min(cells)) if cells else None
        if first is None or (column is not None and first.col > 0 and starts_lower(first.text)):
            continue  # a table of several quartiers: words with no label end a wrapped cell
        if (
            column is None
            and list(cells) == [value_col]
            and value_col != 0
            and re.match(rf"^\s*{_QUAL}?\s*(?:{NUMBER})", fold(first.text))
        ):
            # "41,6 % (+4,2 points depuis 2015)" over "Taux de pauvreté  18,8 %": cells centred
            # vertically set the value a line above its label
            above = (first, row)
            continue
        pending, above = above, None
        heads = {c: fold(cell.text) for c, cell in cells.items()}
        # "| Indicateur | 3 Îlots | Agglomération |": a header even when a name opens with a number
        if _HEADER_WORDS.match(fold(clean(first.text)).strip(" *:")) or (
            known_indicator(first.text) is None
            and not any(
                re.match(rf"^\s*{_QUAL}?\s*(?:{NUMBER})", h)
                for c, h in heads.items()
                if c != first.col
            )
            # titles come before the figures: under them, a line with no figure beside its
            # label is a value's end ("pauvre de l'agglomération", cells centred vertically)
            and not found
        ):
            # a header row: find the columns by what they say
            named = False
            titles = {c: clean(cell.text) for c, cell in cells.items()}
            for c, h in heads.items():
                if column is not None:
                    value_col = column
                    if ctx.agglo.search(h) and c != column:
                        agglo_col = c
                elif re.search(r"quartier|valeur|qpv|qic", h) and c != first.col:
                    value_col, named = c, True
                    if ctx.agglo.search(h):
                        agglo_col = c
                elif ctx.agglo.search(h):
                    agglo_col = c
            years = {
                c: int(m.group(1))
                for c, h in heads.items()
                if not ctx.agglo.search(h) and (m := _YEAR_COLUMN.fullmatch(h.strip()))
            }
            if column is None and not named and len(years) >= 2:
                # "Indicateur | 2015 | 2020 | Évolution | CABBALR", "Périmètre 2015 | Périmètre
                # 2024": the latest year, or perimeter, is the value
                value_col = max(years, key=lambda c: years[c])
            used += list(row.span.lines())
            continue
        value = cells.get(value_col)
        if value is None and pending is not None and first.col != value_col:
            value = pending[0]
            used += list(pending[1].span.lines())
        head = re.search(r"(?<=[^\d,.\s])\s+(\d{1,3})$", first.text)
        if value is not None and head and re.match(r"\d{3}(?![\d,.])", value.text.strip()):
            # "… par unité de consommation 12 | 480 €": a column layout's column starting inside
            # a figure, at its thousands' space: the label's last digits are the figure's first
            value = replace(value, text=f"{head.group(1)} {value.text.strip()}")
            first = replace(first, text=first.text[: head.start()].rstrip())
        if value is None and first.col != value_col:
            # "Part des 16-25 ans ni en emploi, ni 32,6 %": the value run into its label (a
            # column layout sets them one space apart), its own column empty
            folded = fold_same_length(first.text)
            cut = _VALUE_AT_END.search(folded)
            if cut is None and agglo_col in cells and re.search(NUMBER, cells[agglo_col].text):
                # "… (IPS) des écoles 82 | 104": an index has no unit, the agglomeration's
                # figure beside it says the row holds values (a year ends no value)
                cut = _BARE_AT_END.search(folded)
            if cut is not None:
                value = replace(first, col=value_col, text=first.text[cut.start() :].strip())
                first = replace(first, text=first.text[: cut.start()].rstrip())
        if value is None:
            continue
        agglo: Decimal | None = None
        here = agglo_col
        if here == value_col and not _PAREN.search(value.text) and value_col + 1 in cells:
            # "(CABBALR)", the end of a title wrapped over three lines, read under the quartier's
            # column: a row with no value in parentheses and a number beside it says otherwise
            here = value_col + 1
        if here == value_col:  # "Valeur (agglomération)": "41,6 % (18,8 %)"
            inner = _PAREN.search(value.text)
            am = re.search(NUMBER, fold(inner.group("inner"))) if inner else None
            if am:
                agglo = to_decimal(am.group(0))
        elif here is not None and here in cells:
            am = re.search(NUMBER, fold(cells[here].text))
            if am:
                agglo = to_decimal(am.group(0))
        written = value.text
        if qualifiers is not None and qualifiers in cells and qualifiers != first.col:
            written = f"{cells[qualifiers].text} {written}"
        ind = _indicator(clean(first.text), written, row.span, ctx, agglo)
        if ind is not None:
            # the other columns a header names ("2015", "Évolution", "Source"): kept beside it
            aside = [
                f"{titles[c]} : {clean(cell.text)}"
                for c, cell in sorted(cells.items())
                if c not in {first.col, value_col, here, qualifiers}
                and titles.get(c)
                and clean(cell.text)
            ]
            if aside:
                ind.note = "; ".join(x for x in (ind.note, *aside) if x)
            found.append(ind)
            used += list(row.span.lines())
    return found, used


def _qualifier_column(t: Table) -> int | None:
    """A column holding nothing but qualifiers ("environ", "plus de"), on two rows or more: the
    qualifiers' own (Cauchy-83), the values in the next one."""
    for col in range(1, t.columns):
        texts = [fold(clean(c.text)) for r in t.rows for c in r.cells if c.col == col and c.text]
        if len(texts) >= 2 and all(re.fullmatch(_QUAL, x) for x in texts):
            return col
    return None


def header_cells(t: Table) -> dict[int, str]:
    """The header of a table by column: its first row, and the rows under it that wrap its
    titles ("Cité des" / "Chauffours (QIC)": no figure, the first column empty)."""
    if not t.rows:
        return {}
    out = {c: cell.text for c, cell in t.rows[0].by_col().items()}
    for row in t.rows[1:3]:
        cells = row.by_col()
        if 0 in cells or any(re.search(r"\d", c.text) for c in cells.values()):
            break
        for c, cell in cells.items():
            out[c] = f"{out[c]} {cell.text}" if c in out else cell.text
    return out


# ---------------------------------------------------------------- sentences


_NUMBER_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|et)"
)
# a figure written in words before what it counts ("près de trois mille cinq cents habitants")
_WORDS_FIGURE = re.compile(
    rf"\b(?P<words>{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)"
    r"(?=\s+(?:habitants?|hectares?|euros?|pour ?cent)\b(?!\s+sur\b))",  # not "… sur dix"
    re.I,
)
# "une quarantaine d'hectares", "un millier d'habitants": a round figure, approximate
_ROUND = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30}
_ROUND |= {"quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100}
_ROUND |= {"millier": 1000}
_ROUND_FIGURE = re.compile(
    rf"\b(?:une?|d'une?)\s+(?P<word>{'|'.join(_ROUND)})\s+d(?:e\s+|['’])"
    r"(?=habitants?|hectares?)",
    re.I,
)


def figures_in_words(text: str) -> str:
    """The text with the figures it writes in words given in digits, where they count what an
    indicator counts (inhabitants, hectares, euros, a percentage): "les deux écoles" stays."""

    def digits(m: re.Match[str]) -> str:
        words = m.group("words")
        if fold(words) in {"un", "une", "et"}:
            return words
        try:
            return str(text2num(words.lower(), "fr"))
        except ValueError:
            return words

    text = _WORDS_FIGURE.sub(digits, text)
    return _ROUND_FIGURE.sub(lambda m: f"environ {_ROUND[m.group('word').lower()]} ", text)


def prose_indicators(text: str, span: Span, ctx: Context) -> list[Indicator]:
    """Indicators named in running text: each number is given to the indicator of its unit named
    nearest to it in its sentence ("compte environ 2 300 habitants", "le taux de pauvreté atteint
    41 %"); a number in a comparison with the agglomeration ("contre 18,8 % pour
    l'agglomération", "(31 % pour l'agglomération)") is the agglomeration's value of the
    indicator before it."""
    out: list[Indicator] = []
    for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-ZÉÈÀ])", figures_in_words(clean(text))):
        out += _sentence_indicators(sentence, span, ctx, {o.code for o in out})
    return out


def _sentence_indicators(
    sentence: str, span: Span, ctx: Context, seen: set[str]
) -> list[Indicator]:
    out: list[Indicator] = []
    f, in_words_at = shares_in_sentence(fold(sentence))
    # ages ("16-25 ans") and years are words of the labels, not values: the clause after a
    # value runs on past them
    matches = [
        m
        for m in _NUM_IN_TEXT.finditer(f)
        if m.group("unit") != "ans"
        and not re.search(r"\d[-–]$", f[: m.start()])
        and f[m.end() : m.end() + 1] not in {"-", "–"}
        and not (_YEAR.fullmatch(m.group("num")) and m.group("unit") is None)
    ]
    # a number that ends a name ("Fosse 13", "Cité 34") or a signed change ("+100 habitants
    # par rapport à 2015") is no value of the quartier
    named = {
        n.group(1).strip()
        for n in re.finditer(r"(?<=[\w,;:)»–—-]\s)[A-ZÀ-Ý][\w'’-]*\s+(\d[\d  ]*)", sentence)
    }
    context_start = 0  # the words since the last number used as a value
    for i, m in enumerate(matches):
        unit_word, num = m.group("unit"), m.group("num")
        if (
            (unit_word is None and num.strip() in named)
            or re.search(r"[+−]\s*$", f[max(0, m.start("num") - 2) : m.start("num")])
            # "inférieur de près de 14 points à celui de l'agglomération": a gap, no value
            or (unit_word is None and re.match(r"\s*(?:points?|pts?)\b", f[m.end() :]))
        ):
            continue
        nxt = matches[i + 1].start() if i + 1 < len(matches) else len(f)
        if (
            unit_word == "ans"
            or re.search(r"\d[-–]$", f[: m.start()])
            or f[m.end() : m.end() + 1] in {"-", "–"}  # (a set: "" ends the text)
        ):
            continue  # ages: "15-64 ans", "moins de 25 ans"
        if _YEAR.fullmatch(num) and unit_word is None:
            continue
        before = f[context_start : m.start()]
        # "un jeune sur trois, soit 31,4 %, n'est ni scolarisé ni en emploi": a value set
        # between commas, its clause going on past the second
        apposed = re.search(r",\s*soit\s*(?:environ\s*|pres de\s*)?$", before)
        clause_after = re.split(
            r"[.;]" if apposed else r"[.;]|,\s(?!\d)", f[m.end() : nxt], maxsplit=1
        )[0]
        try:
            value = to_decimal(num)
        except InvalidOperation:
            continue
        comparison = (
            (
                re.search(r"(\bcontre|\(|,\s*pour|\bloin d(?:es?|u))\s*$", before[-12:])
                # "…, alors qu'il s'élève à 58,8 % à l'échelle de la CABBALR", "…, quand celui
                # de l'ensemble des établissements de l'agglomération est de 104"
                or re.search(r"\b(alors|tandis) qu[^.;]{0,30}$", before[-45:])
                or re.search(r",\s*quand\b[^.;]{0,80}$", before[-90:])
            )
            and ctx.agglo.search(clause_after + " " + before[-40:])
        )
        labelled = ctx.agglo.search(before[-30:]) and re.search(r"[(:]\s*$", before[-6:])
        # "… ; elle est de 31 % sur l'agglomération": the value, then where it is measured
        placed = re.match(
            rf"\s*(?:sur|dans|pour|a l.echelle de|au niveau de)\s+(?:l.ensemble de\s+)?"
            rf"(?:l.|la |le )?(?:{ctx.agglo.pattern})",
            clause_after,
        )
        # "…, contre 58,8 %.": a comparison naming no territory and no year is with the
        # agglomeration, which the portraits of a contrat de ville compare the quartier to
        bare = (
            re.search(r"\bcontre\s*$", before[-12:])
            and not re.search(rf"\d{{4}}|{_OTHER_PLACES}", clause_after)
            and not re.search(r"[-–]\s*$", f[m.end() : m.end() + 2])
        )
        if comparison or labelled or placed or bare:
            if out and out[-1].agglomeration_value is None:
                out[-1].agglomeration_value = value
            context_start = m.end()
            continue
        if (
            out
            and re.search(r"\(\s*$", before)
            and f[m.end() :].lstrip().startswith(")")
            and out[-1].agglomeration_value is None
            and out[-1].note is None
        ):
            # "39,7 % (18,8 %)": a bare value in parentheses after the quartier's, kept as its
            # note; the portrait's legend may say it is the agglomeration's
            out[-1].note = m.group(0).strip()
            context_start = m.end()
            continue
        unit = _unit(unit_word)
        d = _nearest_indicator(before, clause_after, unit_word, unit)
        if d is None or d.code in seen or any(o.code == d.code for o in out):
            continue
        context_start = m.end()
        out.append(
            Indicator(
                code=d.code,
                label=d.fr,
                value=value,
                unit=d.unit,
                qualifier=_qualifier(m.group("qual")),
                span=span,
                value_text=(
                    f"{m.group('qual') or ''}{in_words_at[m.start('num')]}"
                    if m.start("num") in in_words_at
                    else m.group(0).strip()
                ),
            )
        )
    return out


def _nearest_indicator(
    before: str, after: str, unit_word: str | None, unit: str | None
) -> IndicatorDef | None:
    """The indicator whose unit fits the number and whose words are nearest to it; a unit
    that names the indicator ("habitants", "hectares") decides alone."""
    fits = [
        d
        for d in INDICATORS
        if (unit is None and d.unit in {"index", "number", "inhabitants"}) or unit == d.unit
    ]
    if unit_word and unit in {"inhabitants", "hectare"}:
        named = [d for d in fits if any(p.search(unit_word) for p in d.prose)]
        if len(named) == 1:
            return named[0]
    best: tuple[int, IndicatorDef] | None = None
    for d in fits:
        for p in d.prose:
            for pm in p.finditer(before):
                dist = len(before) - pm.end()
                if best is None or dist < best[0]:
                    best = (dist, d)
            for pm in p.finditer(after):
                if best is None or pm.start() < best[0]:
                    best = (pm.start(), d)
            # words on both sides of the number ("un jeune de 16 à 25 ans sur trois (31,8 %)
            # n'est ni scolarisé ni en emploi")
            for pm in p.finditer(f"{before} {after}"):
                if pm.start() < len(before) < pm.end() and (best is None or best[0] > 0):
                    best = (0, d)
    return best[1] if best else None


# ---------------------------------------------------------------- the section


def parse_portrait(
    blocks: list[Block], ledger: Ledger, ctx: Context, *, strict: bool
) -> tuple[Portrait, list[tuple[str, Span]]]:
    """Indicators and data source from a section's blocks.

    Returns what it did not understand as indicators; with `strict` (a real portrait section)
    each is reported, otherwise the caller keeps it as text.
    """
    portrait = Portrait()
    leftovers: list[tuple[str, Span]] = []

    def add(found: list[Indicator], span: Span, what: str = "indicator") -> None:
        portrait.indicators.extend(found)
        portrait.span = span.union(portrait.span)
        ledger.mark(span, LineUse.REPRESENTED, what)
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

    pending: list[Block] = []

    def flush() -> None:
        # a line wrapped by extraction may continue across a blank line (a new block)
        for u in join_units(units(pending)):
            _unit_line(u)
        pending.clear()
        # a label read alone, its value expected on the next line, and none came (or a key
        # figure, its label expected): said
        unpaired("label", "span", "indicator label with no value after it")
        unpaired("figure", "fspan", "figure with no indicator label after it")

    def unpaired(key: str, where: str, message: str) -> None:
        text, span = flat[key], flat[where]
        if isinstance(text, str) and isinstance(span, Span):
            ledger.note(QualityNote("unparsed_indicator", message, span, text), understood=False)
        flat[key] = flat[where] = None

    flat: dict[str, str | Indicator | Span | None] = {
        "label": None,
        "last": None,
        "span": None,
        # a 'chiffres clés' figure alone on its line, its label expected on the next
        "figure": None,
        "fspan": None,
        # a table flattened label then value: a figure alone is a cell of it, not a key figure
        "table": None,
        # a key figure was read: the next ones may have labels the vocabulary does not know
        "keyed": None,
    }

    def _holds_value(text: str) -> bool:
        """ "Taux de pauvreté 46,2 %", "IPS : 80 (104 …)", "Population environ 780 habitants
        –" (a dash in the agglomeration's cell) hold their value; "Part des 16-25 ans" is a
        label only."""
        f = fold(text)
        if f.rstrip().endswith(".") and re.search(r"\d", f):
            return True  # a sentence with its number ("… est de 80, contre 104 pour …")
        return "%" in f or bool(
            re.search(
                rf":\D{{0,12}}\d|(?:{NUMBER})\s*(€|euros?|hab\w*|ha|hectares?)?\s*(\(|[–—-]?\s*$)",
                f,
            )
        )

    def _flattened(text: str, span: Span) -> bool:
        """A portrait table flattened cell after cell: a label alone on its line, then its
        value, then (when there is one) the agglomeration's value."""
        if _HEADER_WORDS.match(fold(text)):
            ledger.mark(span, LineUse.IGNORED, "table column header")
            return True
        figure, fspan = flat["figure"], flat["fspan"]
        if isinstance(figure, str) and isinstance(fspan, Span):
            ind = figure_first(f"{figure} {text}", span, ctx, any_label=flat["keyed"] is not None)
            if ind is not None:
                flat["figure"] = flat["fspan"] = None
                flat["keyed"] = ind
                add([ind], fspan.union(span))
                return True
            unpaired("figure", "fspan", "figure with no indicator label after it")
        if flat["label"] is None and known_indicator(text) and not _holds_value(text):
            flat["label"], flat["span"] = text, span  # marked once its value comes
            return True
        bare = _BARE.match(fold(text))
        joined = re.match(rf"^(?P<label>\D+?)\s+(?P<value>(?:{_QUAL}\s*)?\d.*)$", fold(text))
        if flat["label"] is None and joined and _BARE.match(joined.group("value")):
            label = text[: len(joined.group("label"))]
            if known_indicator(label):  # "Taux de pauvreté" and "plus de 30 %" joined as wrapped
                flat["label"], text, bare = (
                    label,
                    text[len(label) :].strip(),
                    _BARE.match(joined.group("value")),
                )
        if flat["label"] is not None and bare:
            ind = _indicator(str(flat["label"]), text, span, ctx)
            label_span = flat["span"]
            flat["label"] = flat["span"] = None
            if ind is not None:
                flat["last"] = flat["table"] = ind
                add([ind], span.union(label_span) if isinstance(label_span, Span) else span)
                return True
        last = flat["last"]
        if isinstance(last, Indicator) and bare:
            if re.search(r"\d", text) and last.agglomeration_value is None:
                last.agglomeration_value = to_decimal(re.search(NUMBER, fold(text)).group(0))  # type: ignore[union-attr]
            flat["last"] = None
            add([], span, "indicator (agglomeration value)")
            return True
        flat["last"] = None
        if bare and flat["table"] is None and re.search(r"\d\s*[%‰€]?$", text):
            flat["figure"], flat["fspan"] = text, span  # marked once its label comes
            return True
        return False

    def _unit_line(u: Unit) -> None:
        text, span = u.text, u.span
        if not text:
            return
        if _flattened(text, span):
            return
        if _SOURCE.match(fold(text)) and not re.search(rf"(?:{NUMBER})\s*%", fold(text)):
            portrait.source = re.sub(
                r"^(sources?|donnees)\s*:\s*", "", text.strip("() ."), flags=re.I
            )
            ym = _YEAR.search(text)
            portrait.year = int(ym.group(0)) if ym else None
            portrait.span = span.union(portrait.span)
            ledger.mark(span, LineUse.REPRESENTED, "portrait source")
            return
        if _READING_NOTE.match(fold(text)):
            # a figure it restates is the table's; one the table did not give is read
            given = {i.code for i in portrait.indicators}
            found = [i for i in prose_indicators(text, span, ctx) if i.code not in given]
            if found:
                add(found, span)
            else:
                leftovers.append((text, span))
            return
        agglo, _ = agglo_value(text, ctx)
        last = portrait.indicators[-1] if portrait.indicators else None
        label = fold(re.split(r"[:(]", text, maxsplit=1)[0]).strip(" -–—*")
        if ctx.agglo.fullmatch(label) and last is not None and last.agglomeration_value is None:
            # "– agglomération : 18,8 %" on the line after the indicator
            last.agglomeration_value = (
                agglo if agglo is not None else _agglo_in(text + " agglo", ctx)
            )
            add([], span, "indicator (agglomeration value)")
            return
        found = [i for s in _sentences(text) if (i := parse_indicator(s, span, ctx))]
        ahead = figure_first(text, span, ctx, any_label=flat["keyed"] is not None)
        if ahead is not None and (not found or re.match(r"\W*\d", found[0].label)):
            found = [ahead]  # "37,9 % taux de pauvreté — agglomération : 18,8 %"
            flat["keyed"] = ahead
        if found:
            add(found, span)
            return
        if (
            agglo is not None
            and last is not None
            and last.agglomeration_value is None
            and len(text) < 80
            # a line with a value of its own ("… atteint 40,2 % contre 18,8 % pour
            # l'agglomération") is an indicator, not the one above's comparison
            and len(re.findall(NUMBER, fold(text))) == 1
        ):
            last.agglomeration_value = agglo  # "– agglomération : 18,8 %" on its own line
            add([], span, "indicator (agglomeration value)")
            return
        found = prose_indicators(text, span, ctx)
        if found:
            add(found, span)
            return
        if _header_legend(text, ctx):
            ledger.mark(span, LineUse.IGNORED, "table column header")
            return
        leftovers.append((text, span))
        if strict:
            ledger.note(
                QualityNote(
                    "unparsed_indicator", "portrait line not understood as an indicator", span, text
                ),
                understood=True,
            )

    for b in blocks:
        if isinstance(b, Table) and (head := _titles_above(pending, b)) is not None:
            # the column titles set apart from their table by a blank line: its first row
            ledger.mark(pending.pop().span, LineUse.IGNORED, "table column header")
            b = replace(b, rows=[head, *b.rows])
        if isinstance(b, Table):
            found, used = table_indicators(b, ctx)
            if found:
                flush()
                add(found, b.span)
                rest = [r for r in b.rows if r.span.first not in used]
                leftovers += [(r.text(), r.span) for r in rest]
                for r in rest:
                    ledger.mark(r.span, LineUse.TEXT, "portrait table row")
                continue
        pending.append(b)
    flush()
    us = units(blocks)
    text = " ".join(u.text for u in us)
    if says_bare_is_agglo(text, ctx) or any(_header_legend(u.text, ctx) for u in us):
        ctx.bare_is_agglo = True
    # "sous la forme : valeur du quartier / valeur de l'agglomération": "33,4 % / 18,8 %"
    slash = _SLASH_LEGEND.search(fold(text))
    if slash and ctx.agglo.search(slash.group(0)):
        for ind in portrait.indicators:
            after = _AFTER_SLASH.search(ind.value_text)
            if ind.agglomeration_value is None and after:
                ind.agglomeration_value = to_decimal(after.group("n"))
                ind.value_text = ind.value_text[: after.start()].rstrip()
    # "(contre 18,8 % pour la CABBALR)" on one line, then "(contre 31 %)": the same comparison
    compared = any(ind.agglomeration_value is not None for ind in portrait.indicators)
    for ind in portrait.indicators:
        if ind.agglomeration_value is not None:
            continue
        bare = _BARE_VALUE.fullmatch(ind.note or "")
        versus = _VERSUS.fullmatch(fold(ind.note or ""))
        if ctx.bare_is_agglo and bare:
            # "(entre parenthèses, la valeur de l'agglomération)": a bare "(18,8 %)" is that value
            ind.agglomeration_value, ind.note = to_decimal(bare.group("n")), None
        elif compared and versus:
            ind.agglomeration_value, ind.note = to_decimal(versus.group("n")), None
    return portrait, leftovers


def _titles_above(pending: list[Block], t: Table) -> Row | None:
    """The row of column titles a paragraph right above a column layout holds ("Indicateur
    Le Centre      Bruay-la-      CABBALR      Source"), one title per column of the table,
    the first a header word; None when there is none."""
    b = pending[-1] if pending else None
    if t.style != "layout" or not isinstance(b, Paragraph) or len(b.lines) > 3:
        return None
    # (the line of titles may stand between a last title's wrapped lines: "Moyenne des" /
    # "Indicateur  Terre-Noeve  Commune  CABBALR" / "QPV (France)", that last column's title
    # then missing from it)
    for ln in b.lines:
        pieces = [x for x in re.split(r"\s{3,}", ln.text.strip()) if x]
        whole = len(pieces) == t.columns or (len(b.lines) > 1 and len(pieces) == t.columns - 1)
        if whole and _HEADER_WORDS.match(fold(clean(pieces[0])).strip(" *:")):
            span = Span.of(ln.no)
            return Row([DocCell(i, x, span) for i, x in enumerate(pieces)], span)
    return None


def says_bare_is_agglo(text: str, ctx: Context) -> bool:
    """Whether the text is a legend saying a value in parentheses is the agglomeration's
    ("entre parenthèses, la valeur pour l'agglomération"), in a paragraph or a title."""
    legend = _LEGEND.search(fold(text))
    return bool(
        legend and ctx.agglo.search(f"{legend.group('before')} {legend.group('after') or ''}")
    )


def _header_legend(text: str, ctx: Context) -> bool:
    """A table's column titles set apart from it, one naming the agglomeration in parentheses
    ("Indicateur    Quartier (rappel agglomération)"): a value's bare parentheses hold the
    agglomeration's."""
    f = fold(text)
    return (
        not re.search(r"\d", f)
        and bool(_HEADER_WORDS.match(f.split()[0] if f.split() else ""))
        and any(ctx.agglo.search(m.group("inner")) for m in _PAREN.finditer(f))
    )


# "(entre parenthèses, la valeur de l'agglomération)", "Entre parenthèses : valeur pour
# l'ensemble de la CABBALR"
# the legend says whose the value in parentheses is, after "entre parenthèses" or before it
# ("comparaison avec l'ensemble de l'agglomération entre parenthèses")
_SLASH_LEGEND = re.compile(r"\bquartier\s*/\s*[^.;()/]{0,80}")
_LEGEND = re.compile(r"(?P<before>[^.;()]{0,80})\bentre parentheses\b(?P<after>\W+[^.;()]{0,60})?")
_VALUE_AT_END = re.compile(
    rf"\s(?:{_QUAL}\s*)?(?:{NUMBER})\s*(?:%|ha\b|hectares?|habitants?|€|euros?)\s*$"
)
_BARE_AT_END = re.compile(rf"\s(?!(?:19|20)\d\d\s*$)(?:{NUMBER})\s*$")
_AMOUNT = r"(?P<n>\d{1,3}(?:[ \u202f\u00a0]?\d{3})*(?:[,.]\d+)?)"  # "18,8", "1 644"
_VERSUS = re.compile(rf"(?:contre|vs\.?)\s+{_AMOUNT}\s*(?:%|€|euros?)?")
_AFTER_SLASH = re.compile(rf"\s*/\s*{_AMOUNT}\s*(?:%|€|euros?)?\s*$")
_BARE_VALUE = re.compile(rf"{_AMOUNT}\s*(?:%|€|euros?|habitants|ha)?")
