"""Document → model: runs the section parsers over one document's sections.

Two steps, so the strategy can be induced from many documents before any table is resolved:
`parse` reads everything it can on its own; `finish` resolves the objectives tables against the
reference framework and closes the line accounting. A conversion runs both with the reviewed
framework of `data/reference/`, so a document converted alone gives the graph it gives in a
batch; `quartiers framework induce` runs only the first to propose a framework.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import replace

from quartiers import several
from quartiers.blocks.paragraphs import paragraph
from quartiers.document import (
    Block,
    Document,
    FurnitureBlock,
    Heading,
    ListBlock,
    Paragraph,
    Table,
)
from quartiers.errors import InputError
from quartiers.framework import SAME_CONCEPT, Framework, infinitive_split
from quartiers.ledger import Ledger
from quartiers.losses import check_losses
from quartiers.model import (
    GOVERNANCE_PARTS,
    Convention,
    GovernanceBody,
    LineUse,
    ObjectiveRow,
    QualityNote,
    Quartier,
    RetainedObjective,
    Section,
    Span,
    TextItem,
)
from quartiers.parsed import Parsed, known_figure
from quartiers.parsers import columns, header, lists, objectives, portrait
from quartiers.parsers.governance import parse_governance
from quartiers.parsers.signatures import parse_signatures
from quartiers.parsers.units import Unit, units
from quartiers.sections import Section as DocSection
from quartiers.sections import split, under
from quartiers.textnorm import clean, fold, place_key
from quartiers.wording import cut_mid_phrase, join_wrapped

_NAME = r"(?P<name>[A-ZÉÈÀÂÎÔŒ][\w'’ -]+?)"
_COMMUNE = re.compile(
    rf"(?:^|\b)(?:commune|ville|municipalite)\s*(?:de |d'|du |des |:\s*)\s*{_NAME}"
    r"\s*(?:$|[,.(–—:]|\s-\s)",
    re.I,
)
_CONVENTION_OF = re.compile(
    r"convention d'application(?: communale)?\s+(?:de la commune\s+)?(?:de |d'|du )\s*(?P<name>[A-ZÉÈÀÂÎÔŒ][\w'’ -]+)",
    re.I,
)
QUARTIER_PARTS = {"presentation", "cartographie", "portrait", "diagnostic"} | {
    "irritants",
    "opportunites",
    "priorites",
    "objectifs",
}


def _passages(blocks: list[Block], section: str, ledger: Ledger, start: int = 0) -> list[TextItem]:
    """Blocks kept as text: a paragraph, a list item or a table row is one passage."""
    out: list[TextItem] = []
    for b in blocks:
        group = (
            [(b.text, b.span)]
            if isinstance(b, Paragraph)
            else [(u.text, u.span) for u in units([b])]
        )
        for text, span in group:
            text = clean(text)
            if not text:
                ledger.mark(span, LineUse.IGNORED, "markup only")
                continue
            out.append(TextItem(text, span, start + len(out) + 1, section))
            ledger.mark(span, LineUse.TEXT, section)
    return out


def _commune_in(text: str, known: dict[str, str]) -> str | None:
    for rx in (_CONVENTION_OF, _COMMUNE):
        m = rx.search(text)
        if m:
            name = m.group("name").strip(" -")
            hit = known.get(_key(name))
            return hit or name
    return None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(name))


def _not_a_convention(doc: Document, why: str) -> InputError:
    """The error for a document that is no convention, at its first line of text."""
    first = next((ln.no for ln in doc.lines if not ln.blank), 1)
    return InputError(f"not a convention d'application communale: {why}", doc.path, first)


def _title(
    sections: list[DocSection], doc: Document, ledger: Ledger, known: dict[str, str]
) -> tuple[str, str | None, Span]:
    """The commune and the contract's title, from the lines before the first section (or from
    the first headings when a title page has none)."""
    commune: str | None = None
    contract: str | None = None
    # the title page: what comes before the first section the vocabulary knows
    zone = units(sections[0].blocks)
    for s in sections[1:]:
        if s.kind not in {"unknown", "titre"} or len(zone) > 40:
            break
        zone += units([s.heading] if s.heading else []) + units(s.blocks)
    used: list[Span] = []
    for u in zone:
        text = clean(u.text).rstrip(" :")
        f = fold(text)
        name = _commune_in(text, known) if commune is None else None
        if name:
            commune = name
        elif "contrat de ville" in f and contract is None:
            contract = re.sub(r"^[#\s]+", "", text)
        elif "convention" not in f:
            continue
        used.append(u.span)
        if u.kind != "heading":
            ledger.mark(u.span, LineUse.REPRESENTED, "title")
    if commune is None:
        commune, where = _known_commune(zone, doc, known)
        if commune is not None:
            ledger.note(
                QualityNote(
                    "commune_inferred",
                    f"no 'Commune de …' title: the commune '{commune}' is taken from {where}",
                    zone[0].span if zone else Span(1, 1),
                    commune,
                    "info",
                )
            )
    if commune is None:
        raise _not_a_convention(doc, "no commune named in its title ('Commune de …', 'Ville de …')")
    span = Span(min(s.first for s in used), max(s.last for s in used)) if used else Span(1, 1)
    return commune, contract, span


def _known_commune(
    zone: list[Unit], doc: Document, known: dict[str, str]
) -> tuple[str | None, str]:
    """The commune, when no title line names it: a commune of the reference data named on the
    title page, else in the file's name, else the one the document names most (three times or
    more)."""
    words = {k: name for k, name in known.items() if len(k) > 3}

    def named_in(text: str) -> list[str]:
        f = _key(text)
        return [name for k, name in words.items() if k in f]

    for u in zone:
        hits = named_in(u.text)
        if len(hits) == 1:
            return hits[0], "the title page"
    hits = named_in(doc.path.stem)
    if len(hits) == 1:
        return hits[0], "the file name"
    counts: dict[str, int] = {}
    for ln in doc.lines:
        for name in named_in(ln.text):
            counts[name] = counts.get(name, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return (best[0], "the text") if best[1] >= 3 else (None, "")


def parse(
    doc: Document, ctx: portrait.Context | None = None, communes: dict[str, str] | None = None
) -> Parsed:
    """`communes`: folded key → official name of the communes the reference data knows."""
    # a copy per document: what one document's legend says holds for it alone
    ctx = dataclasses.replace(ctx, bare_is_agglo=False) if ctx else portrait.Context()
    known = communes or {}
    ledger = Ledger(doc)
    for b in doc.blocks:
        if isinstance(b, FurnitureBlock):
            ledger.mark(b.span, LineUse.IGNORED, b.what.value)
        elif isinstance(b, Table):  # separators, tags, page furniture inside a table
            for no, what in b.furniture:
                ledger.mark(no, LineUse.IGNORED, what.value)
    sections = split(doc, ctx.strategy)
    prose = None
    # ("Article 1 – Le quartier", a title naming none and presenting none, is no quartier's)
    if not any(
        s.kind == "presentation" or (s.kind == "quartier" and not _only_a_title(s))
        for s in sections
    ):
        prose = _quartier_in_prose(sections)
        if prose is None:
            raise _not_a_convention(
                doc,
                "no quartier section ('Projet de quartier « … »', 'Présentation du quartier …')",
            )
    commune, contract, title_span = _title(sections, doc, ledger, known)
    conv = Convention(
        doc.path.name, doc.sha256, doc.encoding, len(doc.lines), commune, contract, title_span
    )
    parsed = Parsed(doc, conv, ledger, ctx)
    implicit = None
    if prose is not None:
        # the quartier's parts, under no quartier's heading, are the one the prose names
        name, said = prose
        implicit = Quartier(name, said.span)
        header.from_prose(said.text, implicit)
        header.from_heading(said.text.split("»", 1)[0] + "»", implicit)  # its status
        conv.quartiers.append(implicit)
        for sec in sections:  # the sentence presents it: its figures are the quartier's
            if said in sec.blocks:
                sec.blocks.remove(said)
        _quartier_part(parsed, implicit, "presentation", [said])
        ledger.note(
            QualityNote(
                "quartier_from_prose",
                "no section presents a quartier: the quartier's parts are taken as those of "
                f"the quartier this sentence names, '{name}'",
                said.span,
                said.text[:200],
                "info",
            )
        )
    bodies: dict[str, GovernanceBody] = {}
    quartier: Quartier | None = None
    quartier_level = 0
    signed = False
    # a portrait part standing before the quartiers it portrays, and the tables of the parts
    # before them (one may be a portrait of every quartier): read once the quartiers are known
    early: list[tuple[Block, str]] = []
    # an objectives part no quartier is open to take (quartiers presented side by side, their
    # names on the cover only): read once the quartiers are known, by its columns or titles
    unplaced: list[DocSection] = []
    # "IV. Stratégie et programme d'actions" over "A. Terre-Noeve", "B. Cité de la Fosse 3":
    # an objectives part whose sub-parts are the quartiers, each one's objectives
    over_quartiers: Heading | None = None
    conv.passages += _passages(_aside(sections[0].blocks, "title", early), "title", ledger)
    # the sections before the first quartier's: a table there may portray every quartier
    first = next((k for k, s in enumerate(sections) if s.kind in {"quartier", "presentation"}), 0)
    for at, (before, sec) in enumerate(itertools.pairwise(sections), 1):
        aside = early if at < first else None
        assert sec.heading is not None
        hspan = sec.heading.span
        span = sec.span or hspan
        conv.sections.append(Section(sec.kind, sec.title, span))
        ledger.mark(hspan, LineUse.REPRESENTED, "heading")
        kind = sec.kind
        if over_quartiers is not None and not under(over_quartiers, sec.heading):
            over_quartiers = None
        if quartier is None and kind in QUARTIER_PARTS:
            quartier = implicit
        if portrait.says_bare_is_agglo(sec.title, parsed.context):
            # "1. Portrait du quartier (… ; entre parenthèses, la valeur pour l'agglomération)"
            parsed.context.bare_is_agglo = True
        if kind == "unknown":
            inside = quartier is not None and (
                sec.heading.level > quartier_level or sec.heading.marker == "plain"
            )
            if inside and quartier and _reads_as_portrait(parsed, quartier, sec.blocks):
                # "Données de cadrage": a title no vocabulary has, over the quartier's figures
                ledger.note(
                    QualityNote(
                        "portrait_by_content",
                        "section read as the quartier's portrait: its lines are indicators",
                        hspan,
                        sec.title,
                        "info",
                    )
                )
                _portrait(parsed, quartier, sec.blocks, strict=False, kind="portrait")
                continue
            ledger.note(
                QualityNote(
                    "unknown_section",
                    "section not in the vocabulary of section kinds: kept as text"
                    + (f" of quartier '{quartier.name}'" if inside and quartier else ""),
                    hspan,
                    sec.title,
                )
            )
            if inside and quartier:
                quartier.passages += _passages(
                    sec.blocks, "unknown", ledger, len(quartier.passages)
                )
            else:
                conv.passages += _passages(
                    _aside(sec.blocks, "unknown", aside), "unknown", ledger, len(conv.passages)
                )
            continue
        if kind == "quartier" and _only_a_title(sec):
            if quartier is not None and _objectives_table_at(sec.blocks) < len(sec.blocks):
                # "Projet de quartier" over the objectives' tables: the open quartier's
                _quartier_part(parsed, quartier, "objectifs", sec.blocks)
                continue
            # "PARTIE A — LE QUARTIER", "Les quartiers": a part over the quartiers, naming none
            conv.passages += _passages(sec.blocks, kind, ledger, len(conv.passages))
        elif kind == "quartier" and over_quartiers is not None and _known(conv, sec.title):
            quartier = _named_again(conv, header.quartier_name(sec.title), hspan)
            _quartier_part(parsed, quartier, "objectifs", sec.blocks)
        elif kind == "quartier":
            quartier = _named_again(conv, header.quartier_name(sec.title), hspan)
            quartier_level = sec.heading.level
            header.from_heading(sec.title, quartier)
            at = _objectives_table_at(sec.blocks)
            _quartier_part(parsed, quartier, "presentation", sec.blocks[:at])
            if at < len(sec.blocks):  # "3.1 Le Haut d'Houdain (QPV)" over its actions' table
                _quartier_part(parsed, quartier, "objectifs", sec.blocks[at:])
        elif kind == "presentation" and quartier is None and several.lists_quartiers(parsed, sec):
            # "Identification" over a table of every quartier, before their own parts: read
            # once the quartiers are known
            early += [(b, kind) for b in sec.blocks if isinstance(b, Table)]
            conv.passages += _passages(
                [b for b in sec.blocks if not isinstance(b, Table)],
                kind,
                ledger,
                len(conv.passages),
            )
        elif kind == "presentation" and (
            # right under its quartier's heading, a presentation presents that quartier,
            # whatever an earlier mention of it gave
            quartier is None or (before.kind != "quartier" and _presents_another(sec, quartier))
        ):
            # "Présentation du quartier" with no quartier heading before it: it opens one, or
            # presents the quartier the cover named, which nothing has presented yet (the
            # title of a presentation names no quartier)
            if conv.quartiers and _unpresented(conv.quartiers[-1]):
                quartier = conv.quartiers[-1]
            else:
                quartier = Quartier(header.quartier_name(sec.title), hspan)
                conv.quartiers.append(quartier)
            quartier_level = sec.heading.level
            _quartier_part(parsed, quartier, "presentation", sec.blocks)
        elif kind == "objectifs" and _over_quartiers(conv, sections, at):
            over_quartiers, quartier = sec.heading, None
            conv.passages += _passages(sec.blocks, kind, ledger, len(conv.passages))
        elif kind == "objectifs" and (
            groups := several.tables_per_quartier(parsed, sec, quartier)
            or several.columns_per_quartier(conv, sec)
        ):
            # "Tableau 2.1 – Quartier « Le Haut d'Houdain »" over each quartier's table, in an
            # annex after the signatures or in one part for every quartier
            for named, blocks in groups:
                _quartier_part(parsed, named, kind, blocks)
            quartier = groups[-1][0]
        elif (
            kind == "portrait"
            and quartier is not None
            and (rest := _shared_portraits(parsed, sec)) is not None
        ):
            # "Article 3 – Portrait statistique des quartiers" after the quartiers were
            # presented: a table with a column per quartier gives each its values
            conv.passages += _passages(rest, kind, ledger, len(conv.passages))
        elif kind in QUARTIER_PARTS and (quartier := several.named_in_title(conv, sec) or quartier):
            _quartier_part(parsed, quartier, kind, sec.blocks)
        elif kind in GOVERNANCE_PARTS:
            quartier = None
            conv.passages += parse_governance(sec.blocks, kind, ledger, bodies)
        elif kind == "signataires":
            quartier = None
            signature, passages = parse_signatures(sec.blocks, ledger, parsed.context.agglo)
            if signature is not None and conv.signature is None:
                conv.signature = signature
            conv.passages += passages
            signed = True
        elif kind == "annexe":
            # (a glossary of acronyms set before the objectives closes no quartier's parts)
            quartier = quartier if _GLOSSARY.match(fold(sec.title)) else None
            conv.passages += _passages(sec.blocks, "annexe", ledger, len(conv.passages))
        elif kind == "portrait" and quartier is None:
            # a portrait of every quartier before any is presented ("Indicateur | Mont-Liébaut
            # | Les 3 Îlots | CABBALR"): read once the quartiers are known
            early += [(b, "portrait") for b in sec.blocks]
        elif kind == "objectifs" and quartier is None and sec.blocks:
            unplaced.append(sec)
        else:  # titre, preambule, edito, toc, a quartier part outside any quartier
            quartier = None if kind in {"preambule", "edito", "toc", "titre"} else quartier
            blocks = sec.blocks if quartier else _aside(sec.blocks, kind, aside)
            conv.passages += _passages(blocks, kind, ledger, len(conv.passages))
    del signed
    for sec in unplaced:
        _unplaced_objectives(parsed, sec)
    for b, kind in early:
        if not several.shared_portrait(
            parsed, b, strict=kind != "portrait"
        ) and not several.quartiers_listed(parsed, b):
            conv.passages += _passages([b], kind, ledger, len(conv.passages))
    _drop_titles_only(parsed)
    conv.governance = sorted(bodies.values(), key=lambda b: b.span.first)
    _quartier_spans(conv)
    return parsed


def _quartier_in_prose(sections: list[DocSection]) -> tuple[str, Paragraph] | None:
    """The quartier a convention names only in a sentence before its parts ("Le quartier
    prioritaire « Saint-Elie – Fosse 13 » (QN06216M), qui compte …"), and that paragraph,
    when its quartier's parts (a portrait, an objectives table) stand under no quartier's
    heading."""
    for s in sections:
        if s.kind in QUARTIER_PARTS:
            return None
        for b in s.blocks:
            if isinstance(b, Paragraph) and (name := header.named_in_prose(b.text)):
                return name, b
    return None


_GLOSSARY = re.compile(
    r"^\W*(?:le |la )?(?:glossaire|lexique|(?:liste|table) des (?:sigles|acronymes))"
)


def _shared_portraits(parsed: Parsed, sec: DocSection) -> list[Block] | None:
    """The blocks of a portrait part left once its tables with a column per quartier gave
    their values, or None when it has no such table."""
    if len(parsed.convention.quartiers) < 2:
        return None
    rest = [b for b in sec.blocks if not several.shared_portrait(parsed, b, named=True)]
    return rest if len(rest) < len(sec.blocks) else None


def _name_key(name: str) -> str:
    return place_key(name) or fold(name)


def _known(conv: Convention, title: str) -> bool:
    """Whether a quartier's title names one already presented."""
    key = _name_key(header.quartier_name(title))
    return any(_name_key(q.name) == key and not _bare(q) for q in conv.quartiers)


def _over_quartiers(conv: Convention, sections: list[DocSection], at: int) -> bool:
    """Whether the objectives part at `at` has, as its first sub-part, a quartier already
    presented (its text before that is the part's introduction)."""
    sec = sections[at]
    nxt = sections[at + 1] if at + 1 < len(sections) else None
    return (
        sec.heading is not None
        and nxt is not None
        and nxt.kind == "quartier"
        and nxt.heading is not None
        and under(sec.heading, nxt.heading)
        and _known(conv, nxt.title)
        and not any(isinstance(b, (Table, ListBlock)) for b in sec.blocks)
    )


def _named_again(conv: Convention, name: str, span: Span) -> Quartier:
    """The quartier a heading opens. A name already met is the same quartier: named on the
    cover ("Quartier prioritaire « Ville Centre »") and presented later, or its objectives
    placed under a second heading of its own. A mention that gave nothing yields its place."""
    key = _name_key(name)
    for i, q in enumerate(conv.quartiers):
        if _name_key(q.name) != key:
            continue
        if not _bare(q):
            return q
        del conv.quartiers[i]
        break
    q = Quartier(name, span)
    conv.quartiers.append(q)
    return q


def _aside(blocks: list[Block], kind: str, early: list[tuple[Block, str]] | None) -> list[Block]:
    """The blocks of a part before the quartiers', its tables set aside in `early`: "Les
    quartiers d'Auchel en chiffres" in a préambule, a table of both quartiers' fields and
    figures under a title no vocabulary has, may be portraits of every quartier. (After
    them, none is set aside: a summary of actions by enjeu and quartier is no portrait.)"""
    if early is None:
        return blocks
    early += [(b, kind) for b in blocks if isinstance(b, Table)]
    return [b for b in blocks if not isinstance(b, Table)]


def _bare(q: Quartier) -> bool:
    return _unpresented(q) and not q.passages


def _unpresented(q: Quartier) -> bool:
    """Named, with maybe some text under its name, but nothing of a quartier's own yet."""
    return not (
        q.code_as_written
        or q.header_span
        or q.portrait.indicators
        or q.irritants
        or q.opportunities
        or q.priorities
        or q.rows
    )


def _drop_titles_only(parsed: Parsed) -> None:
    """A quartier that got nothing but its title (a cover page's "Quartier du Regain – Cité du
    10", naming the quartiers presented further on) is no quartier, when others got content:
    its title and lines stay the convention's text."""
    conv, ledger = parsed.convention, parsed.ledger
    tabled = {id(q) for q, _ in parsed.tables}

    def empty(q: Quartier) -> bool:
        # (a status its title says, "Quartier prioritaire des Trois Îlots", is no content)
        return not (q.code or q.header_span or q.communes or q.portrait.indicators) and not (
            q.irritants or q.opportunities or q.priorities or id(q) in tabled
        )

    kept = [q for q in conv.quartiers if not empty(q)]
    if not kept or len(kept) == len(conv.quartiers):
        return
    for q in conv.quartiers:
        if q in kept:
            continue
        ledger.uses[q.span.first] = (LineUse.TEXT, "title naming quartiers")
        title = clean(parsed.doc.line(q.span.first).text)
        conv.passages.append(
            TextItem(title, Span.of(q.span.first), len(conv.passages) + 1, "titre")
        )
        conv.passages += [
            TextItem(p.text, p.span, len(conv.passages) + 1 + n, "titre")
            for n, p in enumerate(q.passages)
        ]
    conv.quartiers = kept


def _only_a_title(sec: DocSection) -> bool:
    """A quartier heading that names no quartier and presents none ("Le quartier", with no
    "Statut :" or "Nom du quartier :" under it)."""
    key = place_key(header.quartier_name(sec.title))
    return (not key or key in _NO_NAME) and not any(
        header.is_identity_field(u) for u in units(sec.blocks)
    )


# what a quartier's heading may say instead of its name ("Projet de quartier", "Fiche
# quartier"): the part of a quartier already open
_NO_NAME = {"projet", "fiche"}


def _presents_another(sec: DocSection, current: Quartier) -> bool:
    """A presentation section giving a status or a code when the current quartier already
    has its own: the next quartier, presented without a heading of its own."""
    if current.header_span is None:
        return False
    return any(header.is_identity_field(u) for u in units(sec.blocks))


def _quartier_spans(conv: Convention) -> None:
    starts = [q.span.first for q in conv.quartiers]
    for i, q in enumerate(conv.quartiers):
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        last = q.span.last
        for s in conv.sections:
            inside = s.span.first >= q.span.first and (nxt is None or s.span.first < nxt)
            if inside and s.kind in QUARTIER_PARTS:
                last = max(last, s.span.last)
        q.span = Span(q.span.first, last)


def _portrait_rows(t: Table, left: list[Unit]) -> tuple[Table | None, list[Unit]]:
    """The rows of a table of the quartier's fields that are its portrait, set under the
    fields in one table ("Statut", "Code quartier", then "Indicateur | Quartier | …"): from a
    header row or a row of a known indicator on, as a table of their own for the portrait to
    read; and the units before them ("Périmètre | 2024-2030"), text."""
    start = next(
        (i for i, u in enumerate(left) if portrait.opens_portrait(u.text.split(" | ", 1)[0])),
        None,
    )
    if start is None:
        return None, left
    lines = {no for u in left[start:] for no in u.span.lines()}
    rows = [r for r in t.rows if r.span.first in lines]
    table = replace(t, span=Span(rows[0].span.first, rows[-1].span.last), rows=rows)
    return table, left[:start]


def _fields_in_a_row(parsed: Parsed, q: Quartier, u: Unit) -> bool:
    """A row of "label : value" cells naming the quartier: each cell a field, a figure the
    portrait knows ("Population : 3 480 hab."), or the quartier's text."""
    pieces = header.row_of_fields(u)
    if pieces is None:
        return False
    for p in pieces:
        if header.parse_header_field(p, q, parsed.ledger):
            continue
        if ind := known_figure(p.text, p.span, parsed):
            q.portrait.indicators.append(ind)
        else:
            q.passages.append(TextItem(p.text, p.span, len(q.passages) + 1, "quartier"))
    parsed.ledger.mark(u.span, LineUse.REPRESENTED, "quartier header")
    return True


def _without_rows_of_fields(parsed: Parsed, q: Quartier, b: Block) -> tuple[Block, list[Unit]]:
    """The block and its units, once its rows of fields are read."""
    us = units([b])
    read = {u.span for u in us if _fields_in_a_row(parsed, q, u)}
    if not read or not isinstance(b, Table):
        return b, us
    rows = [r for r in b.rows if r.span not in read]
    if rows:
        b = replace(b, rows=rows, span=Span(rows[0].span.first, rows[-1].span.last))
    return b, [u for u in us if u.span not in read]


def _quartier_part(parsed: Parsed, q: Quartier, kind: str, blocks: list[Block]) -> None:
    ledger = parsed.ledger
    if kind == "presentation":
        rest: list[Block] = []
        for b in blocks:
            b, us = _without_rows_of_fields(parsed, q, b)
            if not us:
                continue
            fields = [u for u in us if header.parse_header_field(u, q, ledger)]
            if not fields:
                rest.append(b)
            elif len(fields) < len(us):
                # "Quartier prioritaire … – code QP062011" beside the fields: the status and
                # code said in a line of their own
                taken = {u.span for u in fields}
                for u in us:
                    if u.span not in taken and header.from_prose(u.text, q):
                        q.header_span = u.span.union(q.header_span)
                        ledger.mark(u.span, LineUse.REPRESENTED, "quartier header")
                        taken.add(u.span)
                    elif u.span not in taken and (ind := known_figure(u.text, u.span, parsed)):
                        # "Surface : environ 62 hectares" among the quartier's fields
                        q.portrait.indicators.append(ind)
                        ledger.mark(u.span, LineUse.REPRESENTED, "indicator")
                        taken.add(u.span)
                left = [u for u in us if u.span not in taken and u.text]
                if isinstance(b, Table):
                    table, left = _portrait_rows(b, left)
                    rest += [table] if table else []
                q.passages += [
                    TextItem(u.text, u.span, len(q.passages) + 1, "quartier") for u in left
                ]
                for u in left:
                    ledger.mark(u.span, LineUse.TEXT, "quartier")
        for b in rest:
            for u in units([b]):
                if header.from_prose(u.text, q):
                    q.header_span = u.span.union(q.header_span)
        indicators_here, _ = portrait.parse_portrait(
            rest, _Dry(ledger), parsed.context, strict=False
        )
        if indicators_here.indicators:
            _portrait(parsed, q, rest, strict=False, kind="presentation")
        else:
            q.passages += _passages(rest, "quartier", ledger, len(q.passages))
    elif kind in {"portrait", "cartographie", "diagnostic"}:
        # "Identification et portrait": the quartier's fields may open the portrait, alone or in
        # a table of fields with a row of their own ("Périmètre | plan en annexe")
        rest = []
        for b in blocks:
            b, us = _without_rows_of_fields(parsed, q, b)
            if not us:
                continue
            is_field = [header.is_header_field(u) for u in us]
            n_fields = sum(is_field)
            lead = is_field.index(False) if False in is_field else len(us)
            if (
                isinstance(b, Paragraph)
                and lead >= 2
                and 2 * n_fields < len(us)
                and any(header.is_identity_field(u) for u in us[:lead])
            ):
                # "Statut : …" / "Code quartier 2024 : …" then the presentation's prose, no
                # blank line between: the fields, then a paragraph of the rest
                for u in us[:lead]:
                    header.parse_header_field(u, q, ledger)
                after = [ln for ln in b.lines if ln.no > us[lead - 1].span.last]
                rest.append(paragraph(after))
                continue
            # a table of the quartier's identity ("Statut | QPV", "Code quartier | QN…") whose
            # other rows are wrapped cells or fields of no known label is still its fields
            identity = any(header.is_identity_field(u) for u in us)
            if not n_fields or (2 * n_fields < len(us) and not identity):
                rest.append(b)
                continue
            left = [u for u in us if not header.parse_header_field(u, q, ledger) and u.text]
            if isinstance(b, Table):
                table, left = _portrait_rows(b, left)
                rest += [table] if table else []
            for u in left:
                q.passages.append(TextItem(u.text, u.span, len(q.passages) + 1, "quartier"))
                ledger.mark(u.span, LineUse.TEXT, "quartier")
        _portrait(parsed, q, rest, strict=kind == "portrait", kind=kind)
    elif kind == "irritants":
        q.irritants += lists.parse_list(blocks, ledger, "irritant")
    elif kind == "opportunites":
        q.opportunities += lists.parse_list(blocks, ledger, "opportunite")
    elif kind == "priorites":
        q.priorities += lists.parse_list(blocks, ledger, "priorite")
    elif kind == "objectifs":
        segs, before = objectives.read_table(blocks, ledger, parsed.context.strategy)
        known = next((t for t in parsed.tables if t[0] is q), None)
        if known is not None:  # the table goes on after a repeated header, a page break…
            known[1].extend(segs)
        else:
            parsed.tables.append((q, segs))
        q.passages += _passages(before, "objectifs", ledger, len(q.passages))
        for seg in segs:
            for column, text, span in _wrapped_extras(seg.extras):
                q.passages.append(
                    TextItem(f"{column} : {text}", span, len(q.passages) + 1, "objectifs")
                )


def _wrapped_extras(extras: list[tuple[str, str, int]]) -> list[tuple[str, str, Span]]:
    """The text of a column the objectives do not read (partners, deadlines), a cell wrapped
    over lines joined again ("Partenaires : PLIE de" / "l'Artois, Mission locale", "Centre
    médico-" / "psychologique"): a line right under one of the same column whose phrase or
    word runs on (a list's comma does not say the next name is the same one's)."""
    out: list[tuple[str, str, Span]] = []
    last: dict[str, int] = {}  # column -> its last piece in `out`
    for column, text, line in extras:
        if column in last:
            _, before, span = out[last[column]]
            runs_on = cut_mid_phrase(before) or before.rstrip().endswith("-")
            if runs_on and 0 < line - span.last <= 2:  # (a blank line between, in a layout)
                out[last[column]] = (column, join_wrapped(before, text), Span(span.first, line))
                continue
        last[column] = len(out)
        out.append((column, text, Span.of(line)))
    return out


def _objectives_table_at(blocks: list[Block]) -> int:
    """Where an objectives table opens (a header row naming its columns' roles) among a
    quartier heading's blocks; their number when none does."""
    for i, b in enumerate(blocks):
        if isinstance(b, Table) and b.rows:
            roles = {r for _, r in columns.header_roles(b.rows[0].cells) or []}
            # (an "Orientation / objectif" column is both levels: "pair"; "Objectif et
            # actions" both columns: "both")
            if {"objective", "strategy", "pair", "both"} & roles and {
                "actions",
                "orientation",
                "both",
            } & roles:
                return i
        # "ENJEU 1 : …" over a table: the enjeux' table, whatever its header (a centred title
        # pdftotext wrote as a paragraph)
        said = (
            b.title
            if isinstance(b, Heading)
            else b.lines[0].text
            if isinstance(b, Paragraph) and b.lines
            else ""
        )
        if columns.is_enjeu_header(said) and any(
            isinstance(n, Table) for n in blocks[i + 1 : i + 3]
        ):
            return i
    return len(blocks)


class _Dry(Ledger):
    """A ledger that records nothing: to try a parser before choosing it."""

    def __init__(self, real: Ledger):
        super().__init__(real.doc)

    def mark(self, where: Span | int, use: LineUse, what: str) -> None:
        return None

    def note(self, note: QualityNote, *, understood: bool = True) -> None:
        return None


def _reads_as_portrait(parsed: Parsed, q: Quartier, blocks: list[Block]) -> bool:
    """A section of a quartier with no portrait yet, whose lines give three indicators or more
    that the vocabulary knows."""
    if q.portrait.indicators:
        return False
    found, _ = portrait.parse_portrait(blocks, _Dry(parsed.ledger), parsed.context, strict=False)
    return sum(1 for i in found.indicators if i.known) >= 3


def _portrait(parsed: Parsed, q: Quartier, blocks: list[Block], *, strict: bool, kind: str) -> None:
    ledger = parsed.ledger
    blocks = [b for b in blocks if not several.shared_portrait(parsed, b)]
    found, leftovers = portrait.parse_portrait(blocks, ledger, parsed.context, strict=strict)
    # a figure the quartier's fields gave already ("Surface : 62 ha"), said again: one
    said = {(i.code, i.value) for i in q.portrait.indicators}
    q.portrait.indicators += [i for i in found.indicators if (i.code, i.value) not in said]
    if found.source:
        q.portrait.source, q.portrait.year = found.source, found.year
    if found.span:
        q.portrait.span = found.span.union(q.portrait.span)
    for text, span in leftovers:
        q.passages.append(TextItem(text, span, len(q.passages) + 1, kind))
        ledger.mark(span, LineUse.TEXT, kind)


def _unplaced_objectives(parsed: Parsed, sec: DocSection) -> None:
    """An objectives part read under no quartier, now that every quartier is known: its
    tables per quartier, or its actions columns per quartier; else kept as text, and said to
    be unread."""
    groups = several.tables_per_quartier(parsed, sec, None) or several.columns_per_quartier(
        parsed.convention, sec
    )
    for named, blocks in groups:
        _quartier_part(parsed, named, "objectifs", blocks)
    if groups:
        return
    ledger = parsed.ledger
    conv = parsed.convention
    conv.passages += _passages(sec.blocks, sec.kind, ledger, len(conv.passages))
    ledger.note(
        QualityNote(
            "unread_objectives_text",
            "objectives part under no quartier: kept as text, no row read",
            Span(sec.blocks[0].span.first, sec.blocks[-1].span.last),
            sec.title,
        ),
        understood=False,
    )


def finish(parsed: Parsed, fw: Framework) -> Convention:
    """Resolve the objectives tables against the framework, check what each section was
    expected to give, and close the line accounting."""
    ledger = parsed.ledger
    # a table for several quartiers gives rows to others: each retains once all are given
    shared = any(seg.quartiers for _, segs in parsed.tables for seg in segs)
    for q, segs in parsed.tables:
        rows = objectives.resolve(segs, fw, ledger)
        for r in rows:  # an action's pilot, timetable: the row's text, with the table's
            for d in r.details:
                q.passages.append(TextItem(d.text, d.span, len(q.passages) + 1, d.section))
        cells = [c for seg in segs for c in seg.quartiers]
        if cells:
            _share_out(parsed.convention, q, rows, cells, ledger)
        else:
            q.rows += rows
        if not shared:
            q.retained = _retain(q, fw, ledger)
    if shared:
        for q in parsed.convention.quartiers:
            q.retained = _retain(q, fw, ledger)
    conv = parsed.convention
    for q in conv.quartiers:
        _paraphrases_as_text(parsed, q)
    _status_from_code(conv, ledger)
    check_losses(parsed, ledger)
    conv.line_use = ledger.close()
    conv.notes = ledger.notes
    return conv


def _paraphrases_as_text(parsed: Parsed, q: Quartier) -> None:
    """A share in words that says again what a figure of the quartier says is no second value:
    its sentence is the quartier's text."""
    kept = portrait.without_paraphrases(q.portrait.indicators)
    ids = {id(i) for i in kept}
    for ind in q.portrait.indicators:
        if id(ind) in ids or any(k.span == ind.span for k in kept):
            continue
        text = clean(  # the source's lines, markup removed (an HTML paragraph's)
            " ".join(
                parsed.doc.line(no).text.strip()
                for no in ind.span.lines()
                if not parsed.doc.line(no).blank
            )
        )
        kind = next(
            (
                s.kind
                for s in reversed(parsed.convention.sections)
                if s.span.first <= ind.span.first <= s.span.last
            ),
            "quartier",
        )
        q.passages.append(TextItem(text, ind.span, len(q.passages) + 1, kind))
        parsed.ledger.withdraw(ind.span, LineUse.TEXT, kind)
    q.portrait.indicators = kept


def _status_from_code(conv: Convention, ledger: Ledger) -> None:
    """A quartier whose status is not said but whose QPV code is ("Code : QN06216M"): only a
    QPV has one, so it is a QPV, and a note says the status was inferred."""
    for q in conv.quartiers:
        if q.status is None and q.code:
            q.status = "QPV"
            ledger.note(
                QualityNote(
                    "status_from_code",
                    f"quartier '{q.name}': no status written; a QPV, as its code {q.code} says",
                    q.header_span or Span(q.span.first, q.span.first),
                    q.code_as_written or q.code,
                    "info",
                )
            )


# "Tous", "Les deux quartiers", "Les 3 QPV", "L'ensemble des quartiers": every quartier
_EVERY_QUARTIER = re.compile(
    r"^\W*(?:tous|toutes|ensemble|l.ensemble|les (?:deux|trois|quatre|cinq|[2-9]) (?:quartiers|qpv)"
    r"|chaque quartier)\b"
)


_LISTED = re.compile(r"\s*[;/+]\s*|,\s+|\s+et\s+")


def _share_out(
    conv: Convention,
    default: Quartier,
    rows: list[ObjectiveRow],
    cells: list[tuple[int, int, str]],
    ledger: Ledger,
) -> None:
    """One table for several quartiers, with a "Quartier" column: each action goes to the
    quartiers its row names ("Terre-Noeve et Bois des Dames": both); an objective whose
    quartier rows have no action is retained, empty, by the quartiers they name."""

    def named(text: str) -> list[Quartier]:
        if "\n" in text:  # a cell of stacked lines, a quartier each, or of a name wrapped
            parts = [*text.split("\n"), " ".join(text.split())]
            return list({id(q): q for part in parts for q in named(part)}.values())
        hits = several.quartiers_named(conv, text)
        if not hits and _EVERY_QUARTIER.match(fold(text)):
            hits = list(conv.quartiers)
        key = place_key(text)
        if not hits and (len(key) >= 5 or (len(key) >= 2 and len(key) < len(fold(text)) - 3)):
            # "QPV Rond-Point", "Cité 16": the part of one quartier's name locals use for it
            # (a short one with the generic word that says it is a place)
            hits = [q for q in conv.quartiers if f" {key} " in f" {place_key(q.name)} "]
            hits = hits if len(hits) == 1 else []
        if len(parts := _LISTED.split(text)) > 1:  # "Terrasses Basly ; Cité 16": each one
            hits += [q for part in parts for q in named(part) if q not in hits]
        return hits

    # (a row's or an action's first line opens a cell of its own)
    cells = _stacked(
        cells, {r.span.first for r in rows} | {a.span.first for r in rows for a in r.actions}
    )

    def cell_at(line: int) -> tuple[int, int, str] | None:
        before = [c for c in cells if c[0] <= line]
        return max(before, key=lambda c: c[0]) if before else None

    def row_at(line: int) -> ObjectiveRow | None:
        """The objective row a line of the table belongs to: the last one begun above it."""
        above = [r for r in rows if r.span.first <= line]
        return max(above, key=lambda r: r.span.first) if above else None

    for row in rows:
        shares: dict[int, ObjectiveRow] = {}

        def share(
            q: Quartier, row: ObjectiveRow = row, shares: dict[int, ObjectiveRow] = shares
        ) -> ObjectiveRow:
            key = id(q)
            if key not in shares:
                shares[key] = replace(row, actions=[])
                q.rows.append(shares[key])
            return shares[key]

        own = [c for c in cells if row_at(c[0]) is row]
        for c in own:  # the row's quartier cells, with or without actions
            for q in named(c[2]):
                share(q)
        for a in row.actions:
            at = cell_at(a.span.first)
            if own and (at is None or row_at(at[0]) is not row):
                # the row's quartier cell below its first actions (a Word text's row whose
                # actions' cell held several paragraphs: the last cell ends the last line)
                at = next((c for c in own if c[0] >= a.span.first), own[0])
            targets = named(at[2]) if at else []
            if not targets:
                ledger.note(
                    QualityNote(
                        "unknown_quartier",
                        "action in a table for several quartiers whose quartier is not one of "
                        f"the convention's: given to '{default.name}'",
                        a.span,
                        at[2] if at else "",
                    )
                )
                targets = [default]
            for q in targets:
                s = share(q)
                s.actions.append(replace(a, position=len(s.actions) + 1, partners=[]))
        if not shares:
            default.rows.append(row)


# a list of names cut at its line's end: "Terrasses Basly ; Le", "Mont-Liébaut et"
_CUT_NAME = re.compile(r"(?:[;,/+-]|\b(?:et|le|la|les|l['’]|de|du|des|d['’]))\s*$", re.I)


def _stacked(cells: list[tuple[int, int, str]], starts: set[int]) -> list[tuple[int, int, str]]:
    """Quartier cells on consecutive lines, the lower one beside no row's or action's
    first line, are one cell naming several quartiers ("Mont-Liébaut" / "3 Ilôts" beside the
    wrapped lines of a row's first action): its actions are every one's. A line that reads as
    cut ("Basly ; Le" over "Centre") goes on below, whatever starts beside it."""
    out: list[tuple[int, int, str]] = []
    for first, last, text in sorted(cells):
        cut = bool(out) and bool(_CUT_NAME.search(out[-1][2]) or text[:1].islower())
        if out and out[-1][1] == first - 1 and (first not in starts or cut):
            out[-1] = (out[-1][0], last, f"{out[-1][2]}\n{text}")
        else:
            out.append((first, last, text))
    return out


def _retain(q: Quartier, fw: Framework, ledger: Ledger) -> list[RetainedObjective]:
    """One retained objective per framework objective; a merged cell retains each objective;
    an objective the framework lacks is kept as a local concept and reported."""
    retained: dict[str, RetainedObjective] = {}
    for row in q.rows:
        parts = infinitive_split(row.objective_text)
        if (
            len(parts) > 1
            and all(len(p.split()) >= 3 for p in parts)
            and all(fw.match_objective(p).score >= SAME_CONCEPT for p in parts)
        ):
            ledger.note(
                QualityNote(
                    "merged_cell",
                    f"one cell holds {len(parts)} objectives: split; the actions go to the first",
                    row.span,
                    row.objective_text,
                )
            )
        else:
            parts = [row.objective_text]
        for i, text in enumerate(parts):
            m = fw.match_objective(text)
            if m.key is None or m.score < SAME_CONCEPT:
                concept = fw.add_local(text, row.enjeu, row.orientation_text)
                ledger.note(
                    QualityNote(
                        "objective_not_in_framework",
                        "objective not found in the reference framework: kept as a new concept "
                        "for review",
                        row.span,
                        text,
                    )
                )
                key, score = concept.key, 0.0
            else:
                key, score = m.key, m.score
                if m.score < 100:
                    ledger.note(
                        QualityNote(
                            "fuzzy_match",
                            f"objective matched at {m.score:.0f}% to '{fw.objectives[m.key].label}'",
                            row.span,
                            text,
                            "info",
                        )
                    )
            actions = row.actions if i == 0 else []
            if key in retained:
                r = retained[key]
                offset = len(r.actions)
                for a in actions:
                    a.position += offset
                r.actions += actions
                r.span = r.span.union(row.span)
            else:
                retained[key] = RetainedObjective(key, text, list(actions), row.span, score)
    for r in retained.values():
        if not r.actions:
            ledger.note(
                QualityNote(
                    "empty_actions",
                    "objective retained with no action",
                    r.span,
                    r.objective_text,
                    "info",
                )
            )
    return list(retained.values())


__all__ = ["Parsed", "finish", "parse"]
