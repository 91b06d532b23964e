"""Signatures: place and date ("Fait à X, le DATE", on one line or two), and the signatories in
the forms authors lay them out —

- "Name, Role" cells side by side (`<p>Jacky LEMOINE, Maire de Divion</p>`);
- "Role, Name" lines ("Le Maire de Beuvry, Gérard VANDAMME");
- blocks of lines ("Pour la Ville de X" / "Le Maire" / "NAME");
- tables (Pour | Qualité | Nom), and blocks laid out in columns.

An empty place or date is recorded as missing, never guessed. Only the signature section is
read: annexes after it are sections of their own, so nothing there becomes a signatory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from text_to_num import alpha2digit

from quartiers.blocks.layout import layout_segments
from quartiers.document import Block, Cell, Document, FurnitureBlock, Line, Paragraph, Table
from quartiers.ledger import Ledger
from quartiers.model import LineUse, Signatory, Signature, Span, TextItem
from quartiers.parsers.units import Unit, units
from quartiers.textnorm import clean, fold, fold_same_length

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
_DATE_TEXT = re.compile(
    r"(?P<d>\d{1,2}|premier)(?:er)?\s+(?P<m>[a-z]+)\.?\s+(?P<y>\d{4})"
    # the notarial order: "l'an deux mille vingt-quatre, le douze mars"
    r"|\ban\s+(?P<y2>\d{4})\W+(?:le\s+)?(?P<d2>\d{1,2}|premier)(?:er)?\s+(?P<m2>[a-z]+)"
)
# "02/07/2024", "28.06.2024", or ISO "2024-07-02"
_DATE_NUM = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?<!\d)(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})(?!\d)"
)
# "Fait à X, le …", "Fait en quatre exemplaires originaux, à X, le …", "À X, le …", "À X," alone
# (its date on the next line)
_PLACE = re.compile(
    r"^(?:fait|signe)e?s?\s+(?:en \w+ exemplaires(?: originaux)?\s*,?\s*)?a\b\s*(?P<rest>.*)$"
    r"|^a\s+(?P<rest2>[a-z].*?),\s*le\b.*$"
    r"|^a\s+[a-z][\w' -]{1,40},$"
)
# "Le 14/05/2024", "le vingt-huit juin …", "Le ………": not a sentence's line that opens with
# "le" ("le concerne, jusqu'au 31 décembre 2030.")
_DATE_LINE = re.compile(
    r"^le\b\s*(?P<date>(?:$|[^\w\s]|\d|(?:1er|premier|un|deux|trois|quatre|cinq|six|sept|huit"
    r"|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche)\b).*)$"
)
_ROLE = re.compile(
    r"\b(maire|president|presidente|prefet|prefete|sous-prefet|vice-president\w*|directeur|directrice|"
    r"adjoint\w*|conseill\w+|representant\w*|delegue\w*|secretaire|responsable|depute\w*|senat\w*|"
    r"chef|administrat\w+|gerant\w*)\b"
)
_FOR = re.compile(r"^pour\s+(?:la |le |l'|les )?")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
# (any Latin-1 capital or small letter: "BENSAÏD", "Zoë")
_UPPER_WORD = r"[A-ZÀ-ÖØ-ÝŒ][A-ZÀ-ÖØ-ÝŒ'’-]+"
_GIVEN = r"[A-ZÀ-ÖØ-ÝŒ][a-zß-öø-ÿœ'’]+(?:-[A-ZÀ-ÖØ-ÝŒ][a-zß-öø-ÿœ'’]+)?"
_NAME = re.compile(
    rf"^(?:(?:M\.|Mme|Mr|Monsieur|Madame)\s+)?(?:{_GIVEN}\s+)+{_UPPER_WORD}(?:[\s-]{_UPPER_WORD})*$"
    rf"|^{_UPPER_WORD}(?:[\s-]{_UPPER_WORD})*\s+(?:{_GIVEN})(?:\s+{_GIVEN})?$"
)
_ARTICLE = re.compile(r"^(le|la|les|l')\s+", re.I)
# the end of a letter or an e-mail that carried the convention: what follows (the sender's
# signature, an earlier message) signs nothing of the convention
_CLOSING = re.compile(
    r"^(?:(?:bien |tres |tres bien )?cordialement|(?:sinceres |meilleures )?salutations"
    r"|bien a (?:vous|toi)|de\s*:\s*.*@|envoye\s*:|-{2,}\s*message d.origine|_{10,}$)"
)


def parse_date(text: str) -> date | None:
    """A date in figures, with its month in words, or all in words as deeds write it ("le
    vingt-huit juin deux mille vingt-quatre": text2num reads the numbers)."""
    f = fold(text)
    m = _DATE_NUM.search(f)
    if m:
        y, mo, d = (
            (m.group("y"), m.group("m"), m.group("d"))
            if m.group("y")
            else m.group("y2", "m2", "d2")
        )
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            return None
    m = _DATE_TEXT.search(f)
    if m is None and not re.search(r"\d{4}", f):
        m = _DATE_TEXT.search(fold(alpha2digit(text, "fr")))
    if m:
        day, word, year = (
            (m.group("d"), m.group("m"), m.group("y"))
            if m.group("y")
            else (
                m.group("d2"),
                m.group("m2"),
                m.group("y2"),
            )
        )
        month = next((v for k, v in _MONTHS.items() if word.startswith(k)), None)
        if month:
            try:
                return date(int(year), month, 1 if day == "premier" else int(day))
            except ValueError:
                return None
    return None


def role_kind(role: str, agglo: re.Pattern[str] | None = None) -> str:
    """`agglo`: the agglomeration's names (folded), for a president named by its body's
    acronym ("Pour la CABBALR, le Président")."""
    f = fold(role)
    f = _ARTICLE.sub("", f)
    if f.startswith("maire") or re.match(r"^pour (la )?(ville|commune)\b.*\bmaire\b", f):
        return "maire"
    if "sous-prefet" in f:
        return "autre"
    # "Pour l'État, le Préfet du Pas-de-Calais": the role after whom it signs for
    core = _ARTICLE.sub("", re.sub(r"^pour [^,]*,\s*", "", f))
    if f.startswith("prefet") or "prefet" in f.split(",")[0] or core.startswith("prefet"):
        return "prefet"
    if "president" in f and (
        "agglomeration" in f or "communaute" in f or "epci" in f or (agglo and agglo.search(f))
    ):
        return "president_epci"
    return "autre"


def is_name(text: str) -> bool:
    t = clean(text).strip(" ,.")
    if not t or len(t) > 60 or _ROLE.search(fold(t)) or _FOR.match(fold(t)):
        return False
    return bool(_NAME.match(t))


# "Thierry Vandenbussche": a name in title case is a name only where one is expected, on
# the line under its role ("Le Maire"): elsewhere it could be a place or a body's name
_TITLE_NAME = re.compile(rf"^{_GIVEN}(?:\s+{_GIVEN}){{1,2}}$")


def _name_after(text: str, above: list[str], titled: bool) -> bool:
    """A signatory's name: one in capitals anywhere; where the signatures name nobody in
    capitals (`titled`), one in title case right under a role line that ends ("Le Président,"
    ends nothing: "Artois Lys Romane" continues it)."""
    if is_name(text):
        return True
    if not titled:
        return False
    t = clean(text).strip(" .")
    if not above or not _TITLE_NAME.match(t) or _is_role(t) or _FOR.match(fold(t)):
        return False
    last = fold(above[-1]).rstrip()
    return _is_role(above[-1]) and not last.endswith((",", " de", " du", " des", "'", "’"))


def _is_role(text: str) -> bool:
    f = _ARTICLE.sub("", fold(clean(text)))
    return bool(_ROLE.search(f)) and len(text) < 200


def _name_role(text: str) -> tuple[str, str] | None:
    """ "Name, Role", "Role, Name" (the name after the last comma when the role has one) or
    "Role : Name"."""
    t = clean(text).strip(" .;")
    if " : " in t:
        head, _, tail = t.rpartition(" : ")
        if is_name(tail) and _is_role(head):
            return tail.strip(), _ARTICLE.sub("", head.strip())
    if "," in t:
        head, _, tail = t.partition(",")
        if is_name(head) and _is_role(tail):
            return head.strip(), tail.strip()
        head, _, tail = t.rpartition(",")
        if is_name(tail) and _is_role(head):
            return tail.strip(), _ARTICLE.sub("", head.strip())
    # "Le Maire d'Auchel    Philippe LANCIAUX": the role, then the name, on one line
    words = t.split()
    for k in (2, 3, 4):
        if len(words) <= k + 1:
            break
        head, tail = " ".join(words[:-k]), " ".join(words[-k:])
        last = fold(words[-k - 1])
        # "… Directeur général de SIA Habitat": a body the role is of, not a person
        of = last in {"de", "du", "des", "la", "le", "les", "et"} or last.endswith(("'", "’"))
        if not of and is_name(tail) and _is_role(head):
            return tail, _ARTICLE.sub("", head.strip(" ,"))
    # "Jean-Pierre FLAMENT Maire de Divion": the name, then the role (a line break lost)
    for k in (2, 3, 4):
        if len(words) <= k:
            break
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        if is_name(head) and _is_role(tail) and _ROLE.match(_ARTICLE.sub("", fold(tail))):
            return head, _ARTICLE.sub("", tail)
    return None


# "La présente convention est signée par M. Jean-Pierre LEFEBVRE, Maire de …, Mme …, et M. …"
_SIGNED_BY = re.compile(r"\b(?:sign[ée]e?s? par|signataires?\s*:)\s*(?P<list>.+)$", re.I)
_CIVILITY = re.compile(r"(?:^|[,;]\s*|\s+et\s+)(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s+")


def _in_sentence(text: str, span: Span) -> list[Signatory]:
    """The signatories a sentence lists, each "M./Mme Name, Role" (a name in capitals), when
    every part it lists is one."""
    m = _SIGNED_BY.search(clean(text))
    if m is None:
        return []
    parts = [p.strip(" ,;.") for p in _CIVILITY.split(m.group("list"))]
    pairs = [_name_role(re.sub(r"\s+et$", "", p)) for p in parts if p]
    if not pairs or None in pairs:
        return []
    return [Signatory(n, r, role_kind(r), span) for n, r in (p for p in pairs if p)]


def _body_name_role(text: str) -> tuple[str, str, str] | None:
    """ "Pour la commune de Barlin Francis WALLART, Maire": the body signed for, then the
    name and its role on one line (an HTML paragraph's line breaks read as spaces, or typed
    so): (body, name, role), the name being the last words before a comma."""
    t = clean(text).strip(" .;")
    if not _FOR.match(fold(t)):
        return None
    for m in re.finditer(",", t):
        head, tail = t[: m.start()].split(), t[m.end() :].strip()
        if not _is_role(tail):
            continue
        for k in (2, 3, 4):
            if len(head) > k and is_name(" ".join(head[-k:])):
                return " ".join(head[:-k]), " ".join(head[-k:]), tail
    return None


def _wrapped_name(text: str, below: str) -> tuple[str, str] | None:
    """ "Role, Given" then "SURNAME" alone on the next line: one "Role, Name"."""
    if not re.fullmatch(rf"{_UPPER_WORD}(?:[\s-]{_UPPER_WORD})*", clean(below).strip(" .,")):
        return None
    if not re.search(rf",\s*(?:{_GIVEN}\s*)+$", clean(text)):
        return None
    return _name_role(f"{clean(text)} {clean(below)}")


@dataclass
class _Block:
    """A signatory being read from consecutive lines: "Pour X" / role / name."""

    lines: list[str] = field(default_factory=list)
    span: Span | None = None
    titled: bool = False  # names in title case are looked for (`_name_after`)

    def add(self, text: str, span: Span) -> None:
        self.lines.append(clean(text))
        self.span = span.union(self.span)


def _role_then_name(line: str) -> tuple[str, str] | None:
    """ "Monsieur le Maire, Philippe DELCOURT", "Madame la Directrice, Valérie HENNEBELLE": a
    role said with its civility, then the name, ending a signature block."""
    if not _CIVIL_ROLE.match(fold(line)):
        return None
    pair = _name_role(line)
    return pair if pair is not None and pair[0] and is_name(pair[0]) else None


_CIVIL_ROLE = re.compile(r"^(monsieur|madame|m\.|mme)\s+(le|la|l')\s*\w")


def _from_block(b: _Block) -> Signatory | None:
    names = [x for k, x in enumerate(b.lines) if _name_after(x, b.lines[:k], b.titled)]
    if not names or b.span is None:
        return None
    name = names[-1]
    role_parts = [x.rstrip(" ,") for x in b.lines if x != name and not is_name(x)]
    role = ", ".join(_ARTICLE.sub("", r) if _is_role(r) else r for r in role_parts)
    return Signatory(
        name, role, role_kind(" ".join(role_parts[::-1]) if role_parts else ""), b.span
    )


def _in_blocks(columns: list[list[tuple[str, Span]]], titled: bool) -> list[Signatory]:
    """The signatories of blocks laid out side by side: each column's lines top to bottom,
    a block ending at its name."""
    found: list[Signatory] = []
    for column in columns:
        block = _Block(titled=titled)
        for text, s in column:
            named = _name_after(text, block.lines, titled)
            if not named and (pair := _role_then_name(text)) is not None:
                # "Pour la Commune d'Hulluch" / "Monsieur le Maire, Philippe DELCOURT"
                block.add(pair[1], s)
                text, named = pair[0], True
            block.add(text, s)
            if named:
                found += filter(None, [_from_block(block)])
                block = _Block(titled=titled)
        found += filter(None, [_from_block(block)])
    return found


def _table_signatories(t: Table, titled: bool) -> list[Signatory]:
    """A table of signatories: a header row naming its columns (Pour / Qualité / Nom), else
    blocks laid out side by side, one column per signatory."""
    header = t.rows[0].by_col() if t.rows else {}
    roles = {c: fold(cell.text) for c, cell in header.items()}
    name_col = next((c for c, h in roles.items() if re.search(r"\bnom\b|signataire", h)), None)
    if name_col is not None:
        out: list[Signatory] = []
        for row in t.rows[1:]:
            cells = row.by_col()
            name = cells.get(name_col)
            if name is None or not clean(name.text):
                continue
            role = ", ".join(
                clean(c.text)
                for col, c in sorted(cells.items())
                if col != name_col and clean(c.text)
            )
            out.append(Signatory(clean(name.text), role, role_kind(role), row.span))
        return out
    columns: dict[int, _Block] = {}
    for row in t.rows:
        for c in row.cells:
            # a wide gap inside a cell is a line break the converter lost (html2text)
            for piece in re.split(r"</p>|<br\s*/?>|\s{3,}", c.text):
                if clean(piece):
                    columns.setdefault(c.col, _Block(titled=titled)).add(piece, row.span)
    out = []
    for _, b in sorted(columns.items()):
        pairs = [_name_role(x) for x in b.lines]
        if all(pairs) and pairs:  # "Name, Role" cells
            out += [Signatory(n, r, role_kind(r), b.span or row.span) for n, r in pairs if n]  # type: ignore[misc]
            continue
        # "Name, Role" wrapped over the column's lines (no line is a name on its own, nor a
        # "Role, Name" of its own)
        whole = (
            None
            if any(
                _name_after(x, b.lines[:k], titled) or _role_then_name(x)
                for k, x in enumerate(b.lines)
            )
            else _name_role(" ".join(b.lines))
        )
        if whole is not None:
            out.append(Signatory(whole[0], whole[1], role_kind(whole[1]), b.span or t.span))
            continue
        # one column may stack several blocks ("Pour …" / role / NAME, then the next), read
        # as blocks side by side are
        out += _in_blocks([[(line, b.span or t.span) for line in b.lines]], titled)
    return out


def _side_by_side(b: Block) -> list[list[tuple[str, Span]]] | None:
    """Signature blocks printed side by side (pdftotext -layout), each centred in its column:
    the runs of text of the paragraph's lines, grouped into columns by horizontal overlap, each
    column's lines top to bottom. None when the lines are not laid out in columns."""
    if not isinstance(b, Paragraph) or len(b.lines) < 2:
        return None
    lines = [(ln.no, _runs(ln.text)) for ln in b.lines]
    if sum(1 for _, segs in lines if len(segs) >= 2) < 2:
        return None
    runs = [(start, start + len(t), t, no) for no, segs in lines for start, t in segs]
    # the gaps between side-by-side blocks: a line across one (a footer, a sentence) is no
    # block's line
    gaps = [(a + len(t), b) for _, segs in lines for (a, t), (b, _) in pairwise(segs)]
    # ("Les partenaires" alone on its line, centred from where a role on the left ends, crosses
    # the gap too)
    alone = {no for no, segs in lines if len(segs) == 1}
    runs = [
        r
        for r in runs
        if not any((r[0] < g0 or (r[0] == g0 and r[3] in alone)) and g1 < r[1] for g0, g1 in gaps)
    ]
    columns: list[list[tuple[int, int, str, int]]] = []
    for run in sorted(runs):
        for col in columns:
            if any(run[0] <= r[1] and r[0] <= run[1] for r in col):
                col.append(run)
                break
        else:
            columns.append([run])
    if len(columns) < 2:
        return None
    return [
        [(t, Span.of(no)) for _, _, t, no in sorted(col, key=lambda r: r[3])]
        for col in sorted(columns, key=lambda c: min(r[0] for r in c))
    ]


_INDENT = 8  # a line of a signature block centred in its half of the page starts this far in


def _runs(text: str) -> list[tuple[int, str]]:
    """A line's runs of text, a tab standing for a tab stop's spaces."""
    return layout_segments(text.replace("\t", "    "))


def _in_columns(text: str) -> bool:
    """A line of signature blocks laid out in columns: cut into runs, or indented."""
    return len(_runs(text)) >= 2 or len(text) - len(text.lstrip()) >= _INDENT


def _paragraph(lines: list[Line]) -> Paragraph:
    return Paragraph(
        Span(lines[0].no, lines[-1].no), lines, " ".join(clean(ln.text) for ln in lines)
    )


def _laid_out(b: Block, doc: Document) -> list[int] | None:
    """The content lines of a block of signatures laid out in columns (pdftotext -layout): a
    paragraph or a column-layout table whose lines are indented or cut into runs."""
    if not (isinstance(b, Paragraph) or (isinstance(b, Table) and b.style == "layout")):
        return None
    nos = [no for no in b.span.lines() if not doc.line(no).blank]
    texts = [doc.line(no).text.replace("\t", "    ") for no in nos]
    if not texts or not all(_in_columns(t) for t in texts):
        return None
    if len(texts) == 1 and _PLACE.match(fold(clean(texts[0]))):
        return None  # "Fait à Hulluch, le …" alone, set right of the page: no signatory's line
    return nos


def _after_place(blocks: list[Block]) -> list[Block]:
    """A paragraph that runs on from "Fait à …, le …" into the signatories' roles laid out
    side by side (no blank line between): cut after the place, so that the roles stand with
    the names below them."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            at = next(
                (
                    k
                    for k, ln in enumerate(b.lines[:-1])
                    if _PLACE.match(fold(clean(ln.text)))
                    and len(_runs(b.lines[k + 1].text)) >= 2
                    and all(_in_columns(x.text) for x in b.lines[k + 1 :])
                ),
                None,
            )
            if at is not None:
                out += [_paragraph(b.lines[: at + 1]), _paragraph(b.lines[at + 1 :])]
                continue
        out.append(b)
    return out


def _merge_side_by_side(blocks: list[Block], doc: Document) -> list[Block]:
    """Signature blocks side by side cut into several blocks (names printed below the room
    left to sign, a page break between the roles and the names): one paragraph of their lines,
    so that the columns are found over all of them."""
    out: list[Block] = []
    group: list[int] = []
    parts: list[Block] = []

    def close() -> None:
        wide = sum(1 for no in group if len(_runs(doc.line(no).text)) >= 2)
        if len(parts) >= 2 and wide >= 2:
            out.append(_paragraph([doc.line(no) for no in group]))
        else:
            out.extend(parts)
        group.clear()
        parts.clear()

    width = 0  # the group's number of columns
    for b in blocks:
        if isinstance(b, FurnitureBlock) and parts:
            continue  # a page's furniture between the roles and the names
        nos = _laid_out(b, doc)
        if nos is None:
            close()
            out.append(b)
            continue
        mine = max(len(_runs(doc.line(no).text)) for no in nos)
        if parts and mine > 1 and width > 1 and mine != width:
            close()  # another row of blocks, in other columns ("Pour le Département …")
        width = max(width, mine) if parts else mine
        group.extend(nos)
        parts.append(b)
    close()
    return out


def parse_signatures(
    blocks: list[Block], ledger: Ledger, agglo: re.Pattern[str] | None = None
) -> tuple[Signature | None, list[TextItem]]:
    place: str | None = None
    when: date | None = None
    when_text: str | None = None
    signatories: list[Signatory] = []
    passages: list[TextItem] = []
    span: Span | None = None
    # names in capitals anywhere in the signatures: a name in title case is some body's
    titled = not any(
        is_name(piece)
        for u in units(blocks)
        for piece in re.split(r"\t|\s{3,}|</p>|<br\s*/?>", u.raw)
    )
    block = _Block(titled=titled)

    def close_block() -> None:
        nonlocal block
        s = _from_block(block)
        if s is not None:
            signatories.append(s)
        elif block.span is not None:
            for no in block.span.lines():
                ledger.mark(no, LineUse.TEXT, "signature block without a name")
        block = _Block(titled=titled)

    ended = False
    for b in _merge_side_by_side(_after_place(blocks), ledger.doc):
        if ended:
            for u in units([b]):
                passages.append(TextItem(u.text, u.span, len(passages) + 1, "signataires"))
                ledger.mark(u.span, LineUse.TEXT, "after the signatures")
            continue
        if isinstance(b, Table):
            found = _table_signatories(b, titled)
            if found:
                signatories += found
                ledger.mark(b.span, LineUse.REPRESENTED, "signatories")
                span = b.span.union(span)
                continue
        # (columns that name nobody are no signature blocks: "1.<TAB>Pour l'État, le Préfet,
        # Jacques BILLANT", a numbered list of Word's, is read line by line below)
        if (columns := _side_by_side(b)) is not None and (found := _in_blocks(columns, titled)):
            close_block()
            signatories += found
            ledger.mark(b.span, LineUse.REPRESENTED, "signature")
            span = b.span.union(span)
            continue
        us = units([b])
        skip = False
        for n, u in enumerate(us):
            if skip:
                skip = False
                continue
            text = clean(u.raw.replace("\t", " ")) if u.kind != "row" else u.text
            text = _LIST_NUMBER.sub("", text)  # "3. Pour la Ville de Houdain, …"
            f = fold(text)
            s = u.span
            if ended or _CLOSING.match(f):
                if not ended:
                    close_block()
                    ended = True
                passages.append(TextItem(text, s, len(passages) + 1, "signataires"))
                ledger.mark(s, LineUse.TEXT, "after the signatures")
                continue
            # (the place is matched on a same-length folding, so that its offsets are the
            # text's: folding may lengthen a text, "…" -> "...")
            pm, dm = _PLACE.match(fold_same_length(text)), _DATE_LINE.match(f)
            if (
                u.kind == "row"
                and u.cells
                and len(u.cells) > 1
                and _name_after(u.cells[0].text, block.lines, titled)
            ):
                # "Laurent Dufour<TAB>Pour la Communauté …": Word's table of signature blocks
                # writes a cell's paragraphs a line each, so a block's name shares its line with
                # the next block's first: the name ends its block, the rest is read next
                block.add(u.cells[0].text, s)
                ledger.mark(s, LineUse.REPRESENTED, "signature")
                span = s.union(span)
                close_block()
                rest = "\t".join(c.text for c in u.cells[1:])
                us.insert(n + 1, Unit(clean(rest.replace("\t", " ")), s, "line", raw=rest))
                continue
            if pm:
                raw_rest = text[pm.start("rest") :] if pm.group("rest") is not None else text[2:]
                where, _, after = raw_rest.partition(",")
                where = re.split(r"\s+le\s+\d", where)[0]
                place = where.strip(" .") or None
                d = parse_date(raw_rest)
                if d is not None and when is None:  # a later "Fait à" signs something else
                    when = d
                    when_text = (
                        re.sub(r"^\s*le\s+", "", after or raw_rest[len(where) :], flags=re.I).strip(
                            " ."
                        )
                        or None
                    )
            elif (
                dm
                and when is None  # "le 4 juillet 2024" completes "Fait à X,"; a later date
                # ("Le 03/06/2024 à 10:12, … a écrit :") is not the signature's
                and (not dm.group("date") or parse_date(dm.group("date")))
            ):
                when_text = text[len(text) - len(dm.group("date")) :].strip() or None
                when = parse_date(when_text) if when_text else None
            elif u.kind == "row" and u.cells and (found := _row_pairs(u.cells, s)):
                signatories.extend(found)
            elif found := _in_sentence(text, s):
                close_block()
                signatories.extend(found)
            elif (pair := _name_role(text)) is not None:
                close_block()
                signatories.append(Signatory(pair[0], pair[1], role_kind(pair[1]), s))
            elif n + 1 < len(us) and (pair := _wrapped_name(text, us[n + 1].text)) is not None:
                # "Pour la CABBALR, le Président, Olivier" / "GACQUERRE": the name wrapped
                close_block()
                s = s.union(us[n + 1].span)
                signatories.append(Signatory(pair[0], pair[1], role_kind(pair[1]), s))
                skip = True
            elif (found3 := _body_name_role(text)) is not None:
                close_block()
                for part in found3:
                    block.add(part, s)
                close_block()
            elif _FOR.match(f) or (_is_role(text) and len(text) < 120):
                if (_FOR.match(f) and block.lines) or (
                    block.lines and _name_after(block.lines[-1], block.lines[:-1], titled)
                ):
                    close_block()
                block.add(text, s)
                ledger.mark(s, LineUse.REPRESENTED, "signature")
                span = s.union(span)
                continue
            elif _name_after(text, block.lines, titled):
                block.add(text, s)
                ledger.mark(s, LineUse.REPRESENTED, "signature")
                span = s.union(span)
                close_block()
                continue
            else:
                close_block()
                passages.append(TextItem(text, s, len(passages) + 1, "signataires"))
                ledger.mark(s, LineUse.REPRESENTED, "passage")
                continue
            ledger.mark(s, LineUse.REPRESENTED, "signature")
            span = s.union(span)
    close_block()
    if span is None:
        return None, passages
    for sig in signatories:
        if sig.role_kind == "autre":
            sig.role_kind = role_kind(sig.role, agglo)
    return Signature(place, when, when_text, signatories, span), passages


def _row_pairs(cells: list[Cell], span: Span) -> list[Signatory]:
    """Cells of one row, each "Name, Role" (Divion's `<p>` cells)."""
    out: list[Signatory] = []
    for c in cells:
        for piece in re.split(r"</p>|<br\s*/?>", c.text):
            pair = _name_role(piece)
            if pair:
                out.append(Signatory(pair[0], pair[1], role_kind(pair[1]), span))
    return out


__all__ = ["Unit", "parse_date", "parse_signatures", "role_kind"]
