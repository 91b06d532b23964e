"""The quartier header: name (from the heading), status, code, communes concerned — from
`label : value` lines, two-cell table rows, or the heading itself ("Quartier du Regain
(QN06207M)")."""

from __future__ import annotations

import re
from dataclasses import replace

from quartiers.ledger import Ledger
from quartiers.model import LineUse, Quartier, TextItem
from quartiers.parsers.units import Unit
from quartiers.textnorm import clean, fold, fold_same_length

_NAME_QUOTED = re.compile(r"[«\"“]\s*(?P<name>[^»\"”]+?)\s*[»\"”]")
_NAME_AFTER = re.compile(
    r"(?:quartier|qpv|qic)\s*(?:prioritaire|d'int[ée]r[êe]t communautaire)?\s*"
    r"(?:n\s*[°o]\s*\d{1,2}\s*)?[:–—-]?\s*(?P<name>.+)$",  # "Fiche quartier n°1 : Le Centre"
    re.I,
)
# "Statut : …", "Statut | …", "Statut ........ …" (a dotted leader, as a contents line)
_FIELD = re.compile(r"^\W*(?P<key>[^:|]{3,40}?)\s*(?:::?|\||\.{3,})\s*(?P<value>.*)$")
# 2024 codes: QN + département (3 digits) + number (2 digits) + a letter (QN06216M);
# 2015 codes: QP + département (3 digits) + number (3 digits), often spaced (QP 06 20 16)
CODE = re.compile(r"\bQ\s*N\s*(?:\d\s*){5}[A-Z]\b|\bQ\s*P\s*(?:\d\s*){5}\d\b", re.I)
_TRAILING_CODE = re.compile(
    r"\s*[(\[–—-]?\s*(?:code\s*:?\s*)?" + CODE.pattern + r"\s*[)\]]?\s*$", re.I
)
# a status said after the name: "(QPV)", "(quartier d'intérêt communautaire)"
_TRAILING_PAREN = re.compile(r"\s*[(\[]\s*(?P<inner>[^()\[\]]{3,80}?)\s*[)\]]\s*$")


def _status_in_name(text: str) -> tuple[str, str | None]:
    """The heading without a trailing status in parentheses, or after a comma ("La Cité des
    Alouettes, quartier d'intérêt communautaire"), and that status."""
    m = _TRAILING_PAREN.search(text)
    status = status_of(m.group("inner")) if m else None
    if m and status:
        return text[: m.start()], status
    c = re.search(r",\s*(?P<inner>[^,]{3,60})$", text)
    status = status_of(c.group("inner")) if c else None
    return (text[: c.start()], status) if c and status else (text, None)


# a description after the name: "Saint-Elie – Fosse 13 (partie hullochoise : cité de la Fosse
# 13, rue de Lens, …)", a parenthesis that says, or lists, more than a name holds
_DESCRIPTION = re.compile(r"\s*\((?=[^()]*[:;,])[^()]*\)?\s*$")


def described(text: str) -> tuple[str, str | None]:
    """The name and the description in parentheses after it, if any."""
    m = _DESCRIPTION.search(text)
    if m is None or not text[: m.start()].strip():
        return text, None
    return text[: m.start()], m.group(0).strip(" ()")


def quartier_name(heading: str) -> str:
    text = described(clean(heading).strip("*# "))[0]
    m = _NAME_QUOTED.search(text)
    if m:
        name = m.group("name").strip()
        return title_case(name) if name.isupper() else name
    text = _status_in_name(_TRAILING_CODE.sub("", text))[0]
    m = _NAME_AFTER.search(text)
    name = (m.group("name") if m else text).strip(' «»"():–—-').strip()
    if m and re.match(r"(du|de|des|d')\b", name, re.I):
        name = _name_after_article(text[m.start() : m.start("name")], name, text[m.start() :])
    if name.count("(") > name.count(")"):
        name += ")"  # "Quartier Rimbert (Auchel)": the parenthesis belongs to the name
    return title_case(name) if name.isupper() else name


def _name_after_article(said: str, rest: str, whole: str) -> str:
    """ "Quartier du Regain" is the name; "le quartier prioritaire du Regain" says its status
    first, "le QPV du Regain" its kind: the name is "Quartier du Regain" all the same."""
    if re.fullmatch(r"quartier\W*", said, re.I):
        return whole.strip(' «»"():–—-')
    return ("QUARTIER " if rest.isupper() else "Quartier ") + rest


_PARTICLES = {"de", "des", "du", "la", "le", "les", "et", "sur", "sous", "aux", "au", "en", "à"}


def title_case(name: str) -> str:
    """ "CITÉ DES TILLEULS" → "Cité des Tilleuls", "QUARTIER DU HAUT D'HOUDAIN" → "Quartier du
    Haut d'Houdain"."""
    out: list[str] = []
    for i, word in enumerate(name.lower().split(" ")):
        if i and word in _PARTICLES:
            out.append(word)
            continue
        pieces = re.split(r"([-'’])", word)
        cased = []
        for j, p in enumerate(pieces):
            elided = p in {"d", "l"} and j + 1 < len(pieces) and pieces[j + 1] in {"'", "’"}
            cased.append(
                p if p in {"-", "'", "’"} or (elided and (i or j)) else p[:1].upper() + p[1:]
            )
        out.append("".join(cased))
    return " ".join(out)


def normalise_code(written: str) -> str | None:
    """'QP 06 20 16' → 'QP062016'; 'QN 062 16 M' → 'QN06216M'."""
    m = CODE.search(written.upper())
    return re.sub(r"\s+", "", m.group(0)).upper() if m else None


def status_of(text: str) -> str | None:
    f = fold(text)
    if "prioritaire" in f or re.search(r"\bqpv\b", f):
        return "QPV"
    if "interet communautaire" in f or "territoire vulnerable" in f or re.search(r"\bqic\b", f):
        return "QIC"
    return None


def split_communes(value: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\bet\b|/|\+)\s*", clean(value))
    return [p.strip(" .") for p in parts if p.strip(" .")]


# the next field's label on the same line: "Nom : Terre-Noeve Statut : Quartier prioritaire …
# Code : QN06218M Commune concernée : …" (an HTML paragraph's <br> read as spaces, or fields
# typed on one line)
_NEXT_LABEL = re.compile(
    r"\s(?=(?:Statut|Code(?: quartier| QPV| du quartier)?(?: 2024)?|Communes?(?: concern[ée]es?)?"
    r"|Nom(?: du quartier)?|Type de quartier)\s?:\s)"
)


def _pieces(u: Unit) -> list[Unit]:
    """The fields a line holds, a unit each; the line itself when it holds one."""
    if u.cells is not None or not _FIELD.match(u.text):
        return [u]
    return [replace(u, text=t) for t in _NEXT_LABEL.split(u.text)]


def row_of_fields(u: Unit) -> list[Unit] | None:
    """A table's row whose every cell is a field ("Quartier : Le Centre | Statut : QPV | Code :
    QN06211M | Population : 3 480 hab."), one unit per cell, when one of them is the
    quartier's identity."""
    if u.cells is None or len(u.cells) < 2:
        return None
    cells = [clean(c.text) for c in u.cells]
    if not all(_FIELD.match(c) for c in cells):
        return None
    pieces = [replace(u, text=c, cells=None, raw=c) for c in cells]
    return pieces if any(is_identity_field(p) for p in pieces) else None


def _field(u: Unit) -> tuple[str, str] | None:
    if u.cells is not None and len(u.cells) == 2:
        return fold(clean(u.cells[0].text)).strip("* :"), clean(u.cells[1].text)
    m = _FIELD.match(u.text)
    if not m:
        return None
    return fold(m.group("key")).strip("* "), m.group("value").strip(" *")


def is_identity_field(u: Unit) -> bool:
    """A status or code field: what says which quartier a presentation is about."""
    fs = [_field(p) for p in _pieces(u)]
    return any(f is not None and f[0].startswith(("statut", "code")) for f in fs)


def _slot(key: str, value: str) -> str | None:
    """Which of the quartier's header fields a folded label names. A label that names no field
    by itself ("Type", "Nature", "Zonage") is the status when its value is one ("Type : QPV")."""
    if key.startswith(("statut", "type de quartier", "categorie", "classement")):
        return "status"
    if key in {"type", "nature", "zonage", "type de territoire", "dispositif"} and status_of(value):
        return "status"
    if key.startswith("code") or key in {"qpv", "numero qpv", "identifiant"}:
        return "code"
    if key.startswith(("commune", "territoire communal", "villes concernees")):
        return "communes"
    if key in {"nom", "nom du quartier", "quartier", "denomination", "nom du qpv", "nom du qic"}:
        return "name"
    return None


def field_slot(label: str) -> str | None:
    """The header field a column title names ("Statut", "Code 2024", "Communes")."""
    return _slot(fold(clean(label)).strip("* :"), "QPV")


def is_header_field(u: Unit) -> bool:
    """A 'Statut :', 'Code quartier :' or 'Commune(s) :' field, wherever it stands (a portrait's
    "Quartier : 79" is a value, not the quartier's name)."""
    fs = [_field(p) for p in _pieces(u)]
    return any(f is not None and _slot(*f) in {"status", "code", "communes"} for f in fs)


def parse_header_field(u: Unit, quartier: Quartier, ledger: Ledger) -> bool:
    """Fill the quartier from a 'Statut :', 'Code quartier :' or 'Commune(s) concernée(s) :'
    line; True when the unit was such a field (or fields, every one of them)."""
    if len(pieces := _pieces(u)) > 1:
        return all([parse_header_field(p, quartier, ledger) for p in pieces])
    f = _field(u)
    if f is None:
        return False
    key, value = f
    slot = _slot(key, value)
    if slot == "status":
        quartier.status_text = clean(value)
        quartier.status = status_of(value)
        code_in(value, quartier)  # "quartier prioritaire – code QN06204M"
    elif slot == "code":
        quartier.code_as_written = clean(value)
        quartier.code = normalise_code(value)
    elif slot == "communes":
        quartier.communes = split_communes(value)
    elif slot == "name":
        quartier.name = quartier_name(value) or quartier.name
        if described(clean(value))[1]:  # the description, kept as the quartier's text
            quartier.passages.append(
                TextItem(clean(u.text), u.span, len(quartier.passages) + 1, "presentation")
            )
    else:
        return False
    quartier.header_span = u.span.union(quartier.header_span)
    ledger.mark(u.span, LineUse.REPRESENTED, "quartier header")
    return True


def code_in(text: str, quartier: Quartier) -> None:
    """A code written inside a text (a heading, a status field), when none was given."""
    m = CODE.search(text.upper())
    if m and quartier.code is None:
        quartier.code, quartier.code_as_written = normalise_code(m.group(0)), m.group(0)


def from_heading(heading: str, quartier: Quartier) -> None:
    """A code or status written in the heading itself."""
    code_in(heading, quartier)
    text = clean(heading)
    status = _status_in_name(text)[1]
    if status is None:
        # "Le quartier d'intérêt communautaire « Cité des Tilleuls »", "III. Le quartier
        # d'intérêt communautaire Cité Fosse 7": said before the name
        # (the name may come title-cased out of a heading in capitals: found folded; a name
        # rebuilt without the status, "Quartier du Regain", is not in the heading at all)
        name = quartier_name(text)
        at = fold_same_length(text).find(fold_same_length(name)) if name else -1
        status = status_of(text.split("«", 1)[0] if "«" in text else text[:at] if at >= 0 else text)
    if status and quartier.status is None:
        quartier.status = status


_SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# "Le quartier prioritaire « Saint-Elie – Fosse 13 » (QN06216M), qui compte …": a quartier
# named in a sentence, its status before its quoted name
_NAMED_IN_PROSE = re.compile(
    r"\b(?:quartiers? (?:prioritaires?|d.int[ée]r[êe]t communautaire)"
    r"(?: de la politique de la ville)?|qpv|qic|territoire vuln[ée]rable)"
    r"\s*(?:\([^()]{1,40}\)\s*)?[«\"“]\s*(?P<name>[^»\"”.;:]{2,60}?)\s*[»\"”]",
    re.I,
)


# "Le quartier « Le Haut d'Houdain » (QN06217M), …": no status, but a QPV code right after it
_NAMED_WITH_CODE = re.compile(
    r"\bquartier\s*[«\"“]\s*(?P<name>[^»\"”.;:]{2,60}?)\s*[»\"”]\s*\(\s*(?=Q\s*[NP]\s*\d)", re.I
)


def named_in_prose(text: str) -> str | None:
    """The quartier a sentence names with its status ("le quartier prioritaire « … »"), for a
    convention that gives its quartier no section of its own: the one named with a code, else
    the first named."""
    found = [
        (bool(CODE.search(s.upper())), m.group("name"))
        for s in _SENTENCE_END.split(clean(text))
        for pattern in (_NAMED_IN_PROSE, _NAMED_WITH_CODE)
        for m in pattern.finditer(s)
    ]
    coded = [name for has_code, name in found if has_code]
    return (coded or [name for _, name in found] or [None])[0]


def from_prose(text: str, quartier: Quartier) -> bool:
    """A code said in a sentence of the presentation ("Le quartier est un quartier prioritaire
    de la politique de la ville (QPV n° QN06215M)"), and the status the sentence gives it,
    when no field gave them. True when something was read."""
    m = CODE.search(text.upper())
    if m is None or quartier.code is not None:
        return False
    quartier.code, quartier.code_as_written = normalise_code(m.group(0)), m.group(0)
    if quartier.status is None:
        sentence = next((s for s in _SENTENCE_END.split(text) if CODE.search(s.upper())), text)
        quartier.status = status_of(sentence)
    return True
