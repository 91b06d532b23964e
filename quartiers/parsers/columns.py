"""The objectives table's columns: the role a header cell names, the enjeu rows, and the
positioned cells (`Cell`, `Segment`) that the table and outline readers fill and the resolver
interprets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quartiers.document import Cell as DocCell
from quartiers.parsers.bullets import has_markers, split_inline
from quartiers.quality import is_french_word
from quartiers.textnorm import clean, fold, starts_lower
from quartiers.wording import ENJEU_WORDS

_ENJEU = re.compile(
    # a roman number needs a space: "enjeux de nutrition" is not "enjeu X"
    r"^\W*(?:"
    + ENJEU_WORDS
    + r")(?:\s*(?:n\s*°|n°|no\.?|numero)\s*|\s*(?=\d)|\s+)(?P<n>\d{1,2}|[ivx]{1,4})\b"
    r"\s*[:–—.-]?\s*(?P<title>.*)$"
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}

# column roles, by what a header cell says (first match wins)
ORIENTATION, OBJECTIVE, ACTIONS, EXTRA = 0, 1, 2, 3
QUARTIER = -2  # a "Quartier" column: one table for several quartiers
BOTH = -3  # "Objectif et actions": the objective, then its actions, in one cell
PAIR = -4  # "Orientation / objectif": the orientation, then the objective, in one cell
RETAINED = re.compile(r"^(retenue?s?|oui\s*/\s*non|coches?)\b")  # a column of ticks' title
HEADER_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("enjeu", re.compile(r"^\W*enjeux?\b")),
    # "Objectif et actions", beside no objectives' column ("Objectifs opérationnels et actions"
    # is the actions' column, as "Objectifs opérationnels" alone is)
    ("both", re.compile(r"^\W*objectifs? (et|&|/|\+) (leurs |ses )?actions?\b")),
    ("pair", re.compile(r"^\W*orientations? (et|&|/|\+) (leurs |ses )?objectifs?\b")),
    (
        "quartier",
        re.compile(
            r"^(quartiers?|quartier\(s\)|qpv|territoires?)( concernee?s?|( concernee?\(s\)))?$"
        ),
    ),
    (
        "actions",
        re.compile(
            r"objectifs? operationnel|\bactions?\b|plan d.action|declinaison|mise en oeuvre"
            # "Intitulé de l'action" beside a code column; a question as the title ("Quoi ?")
            r"|^(?:intitule|libelle|description)s? (?:de l.|des |du |de )?actions?\b"
            r"|^(?:quoi|que faire|comment)\s*\?"
        ),
    ),
    (
        "strategy",
        re.compile(r"objectifs? de la strategie|strategie intercommunale|objectifs? du contrat"),
    ),
    ("orientation", re.compile(r"orientations?\b|axes? strategique|grandes? orientation")),
    ("objective", re.compile(r"objectifs?\b")),
    (
        "partners",
        re.compile(
            r"partenaires?|porteurs?|pilotes?|acteurs?|structures? associee"
            r"|^(?:avec |par )?qui\s*\?"
        ),
    ),
    (
        "extra",
        re.compile(
            r"calendrier|echeance|indicateurs?|financement|moyens|budget|public|observations?"
            r"|^(?:quand|ou|combien|pour qui)\s*\?"
            # a reference column: "Réf." over "OO 1.1.1", "N°" over "A2"
            r"|^(?:ref(?:erence)?s?|n ?°|numero|code)\.?$"
        ),
    ),
    # a grid of the whole strategy, the objectives the commune retains ticked ("Retenu", ☒/☐)
    ("retained", RETAINED),
]


@dataclass
class Cell:
    col: int  # logical column: 0 orientation, 1 objective, 2 actions, 3+ other
    text: str
    line: int
    wrapped: bool = False  # from a column layout, where cells wrap over physical lines
    first: int | None = None  # a table cell's own first line (an HTML cell's is below its row's)
    table: int | None = None  # the first line of the table read without its titles, if any
    # which of several actions' columns ("Actions existantes | Actions nouvelles"), in order
    stream: int = 0


@dataclass
class Segment:
    enjeu: int
    title: str
    rows: list[list[Cell]] = field(default_factory=list)
    extras: list[tuple[str, str, int]] = field(default_factory=list)  # (column, text, line)
    line: int = 0  # where the enjeu is announced
    # the cells of a "Quartier" column: (first line, last line, text) of their row
    quartiers: list[tuple[int, int, str]] = field(default_factory=list)
    # rows written over several lines (a quoted CSV field's line breaks, a cell's paragraphs
    # under its row): (first line, last line); their cells carry the first line only
    spans: list[tuple[int, int]] = field(default_factory=list)
    # what an actions cell says alone when the objective is not retained, as a legend under or
    # over the table says it ("« — » : objectif non retenu pour le quartier"), folded
    absent: frozenset[str] = frozenset()


def enjeu_header(text: str) -> tuple[int, str] | None:
    """(number, title) when the text announces an enjeu ("ENJEU 1 :", "Enjeu n°2", "ENJEU N°1 –",
    "ENJEU I", "Axe 3")."""
    t = clean(text.replace("\t", " ")).strip("*#_ ")
    t = re.sub(r"^(?:[a-hA-H]|\d{1,2}|[IVX]{1,4})[.)]\s+(?=\w)", "", t)  # "b) Enjeu 2 : …"
    # a table's caption: "Tableau 2 – Enjeu 2 : Des quartiers …"
    t = re.sub(r"^(?i:tableau|table)\s+(?:n\s*°\s*)?\d{1,2}\s*[-–—:.]\s*(?=\w)", "", t)
    m = _ENJEU.match(fold(t))
    if not m:
        return None
    n = m.group("n")
    number = int(n) if n.isdigit() else _ROMAN.get(n)
    if number is None:
        return None
    title = t[len(t) - len(m.group("title")) :].strip(" *_:–—-") if m.group("title") else ""
    return number, title


# "Enjeu 1 > Faciliter l'accès aux droits… > Renforcer le repérage…": the strategy's levels as
# a breadcrumb, on one line
_PATH_SEPARATOR = re.compile(r"\s+(?:>{1,2}|›|→|▸|➔)\s+")
_NUMBERED_PAIR = re.compile(
    r"^\d{1,2}(?:\.\d{1,2})+\.?\s+(?P<orientation>\S.{8,}?)\s+/\s+"
    r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?P<objective>\S.*)$"
)


def strategy_path(text: str) -> tuple[str, str, str] | None:
    """(enjeu title, orientation, objective) of a line that names them as a path: "… > … > …"
    (the enjeu's part may be missing), or "2.2 Accompagner … / 2.2.3 Lever …", each with the
    strategy's number. Parts too short to name an orientation or an objective are no path."""
    t = clean(text)
    m = _NUMBERED_PAIR.match(t)
    if m:
        return "", m.group("orientation"), m.group("objective")
    parts = [p.strip(" *_") for p in _PATH_SEPARATOR.split(t)]
    if not 2 <= len(parts) <= 3 or any(len(p) < 12 for p in parts[-2:]) or not all(parts):
        return None
    return (parts[0] if len(parts) == 3 else ""), parts[-2], parts[-1]


def path_row(path: tuple[str, str, str], line: int) -> list[Cell]:
    """The orientation and objective cells a strategy path names, as a table row."""
    return [Cell(ORIENTATION, path[1], line), Cell(OBJECTIVE, path[2], line)]


def is_enjeu_header(text: str) -> bool:
    return enjeu_header(text) is not None


def header_roles(cells: list[DocCell], placed: bool = False) -> list[tuple[int, str]] | None:
    """The role of each physical column, when the row is a header row ("Orientations
    stratégiques | Objectifs | Actions opérationnelles"). `placed`: the columns are where the
    text stands on the page (a column layout), so a title right of the first column covers
    no column on its left."""
    if not cells or any(len(c.text) > 90 for c in cells):
        return None
    roles: list[tuple[int, str]] = []
    seen: set[str] = set()
    unknown = 0
    for c in cells:
        f = fold(clean(c.text)).strip("*_ ")
        if len(f.split()) > 1 and content_like(c.text):  # "Quartier", "Calendrier": no verbs
            return None
        if len(f.split()) > 3 and starts_lower(c.text) and re.search(r"\d|\s[A-ZÀ-Ý]", c.text):
            # "action de sensibilisation avec France Victimes 62 et le": a wrapped line of a
            # cell (names, figures), no title ("s de la stratégie rcommunale", a title garbled
            # by extraction, has neither)
            return None
        role = _role(f)
        if role == "quartier" and not clean(c.text).strip("*_ ")[:1].isupper():
            role = None  # "quartier": the end of a wrapped title ("… pour le" / "quartier")
        if role is None:
            # a header cell garbled by extraction ("inte", "s de la stratégie rcommunale")
            unknown += 1
            if len(f) > 60 or unknown * 2 > len(cells) + 1:
                return None
            continue
        if role == "objective" and c.col_span >= 2 and not {"orientation", "objective"} & seen:
            role = "strategy"  # "Objectifs stratégiques…" over two columns: orientation, objective
        if role == "strategy":
            # "Objectifs de la stratégie intercommunale" over the second column only
            role = "objective" if "orientation" in seen or (placed and c.col > 0) else "strategy"
        if role == "objective" and "objective" in seen:
            role = "extra"
        roles.append((c.col, role))
        seen.add(role)
    if not ({"actions", "objective", "strategy", "both", "pair"} & seen):
        return None
    if "both" in seen and {"objective", "strategy"} & seen:
        roles = [(col, "actions" if role == "both" else role) for col, role in roles]
    return _three_levels(roles, {c.col: fold(clean(c.text)).strip("*_ ") for c in cells})


def _three_levels(roles: list[tuple[int, str]], titles: dict[int, str]) -> list[tuple[int, str]]:
    """ "Objectif stratégique | Objectif opérationnel | Actions": beside an actions column, the
    operational objectives are the objectives (alone, they are the actions: "Objectifs
    opérationnels pour le quartier"), and the strategic ones above them the orientations."""
    actions = [i for i, (_, role) in enumerate(roles) if role == "actions"]
    if len(actions) < 2 or not titles[roles[actions[0]][0]].startswith("objectif"):
        return roles
    first = actions[0]
    oriented = any(role == "orientation" for _, role in roles[:first])
    return [
        (col, "objective")
        if i == first
        else (col, "orientation")
        if i < first and role == "objective" and not oriented
        else (col, role)
        for i, (col, role) in enumerate(roles)
    ]


def header_rest(cells: list[DocCell]) -> bool:
    """The second line of a wrapped header row: short lower-case pieces of column titles, or
    their asides in parentheses ("(convention-cadre)", "(et partenaires mobilisés)")."""
    return all(
        len(c.text) <= 40
        and (len(c.text.split()) == 1 or not content_like(c.text))
        and (c.text[:1].islower() or (c.text.startswith("(") and c.text.endswith(")")))
        for c in cells
    )


def title_pieces(cells: list[DocCell]) -> bool:
    """A line of a header wrapped over several lines, centred titles cut at every line (a
    column layout): a title word alone ("Orientations") beside the lower-case pieces of the
    others ("intercommunale du Contrat de")."""
    alone = [
        c
        for c in cells
        if len(c.text.split()) == 1
        and clean(c.text).strip("*_ ")[:1].isupper()
        and _role(fold(clean(c.text)).strip("*_ "))
    ]
    return bool(alone) and all(c in alone or header_rest([c]) for c in cells)


def _role(folded: str) -> str | None:
    """The role a column title names, in its first words ("Actions / objectifs
    opérationnels"): a word further on ("(PRE) avec un objectif de 40 enfants") is content's."""
    for role, pattern in HEADER_ROLES:
        m = pattern.search(folded)
        if m and len(folded[: m.start()].split()) <= 2:
            return role
    return None


def content_like(text: str) -> bool:
    """A cell of content, not a column title: a list, or a text opening with a verb in the
    infinitive ("Favoriser l'accès…"), as objectives and actions do."""
    if looks_like_list(text):
        return True
    first = clean(text).split(" ", 1)[0].strip("*_«\"'")
    return len(first) > 3 and bool(re.search(r"(er|ir|re|oir)$", first)) and is_french_word(first)


def column_mapping(roles: list[tuple[int, str]]) -> dict[int, int]:
    """Physical column → logical column. A "stratégie" header covers the orientation and the
    objective columns (the real documents merge the two header cells, and the cell after it
    may sit one tab early): the columns then keep their positions."""
    logical = {
        "orientation": ORIENTATION,
        "objective": OBJECTIVE,
        "actions": ACTIONS,
        "enjeu": -1,
        "quartier": QUARTIER,
        "both": BOTH,
        "pair": PAIR,
    }
    strategy = next((col for col, role in roles if role == "strategy"), None)
    if strategy is not None:
        mapping = {strategy + i: i for i in (ORIENTATION, OBJECTIVE, ACTIONS)}
        mapping |= {col: -1 for col, role in roles if role == "enjeu" and col < strategy}
        mapping |= {col: QUARTIER for col, role in roles if role == "quartier"}
        extras = [
            col
            for col, role in roles
            if role in {"partners", "extra", "retained"} and col > strategy + ACTIONS
        ]
    else:
        mapping = {col: logical[role] for col, role in roles if role in logical}
        extras = [col for col, role in roles if role in {"partners", "extra", "retained"}]
    for i, col in enumerate(sorted(extras)):
        mapping[col] = EXTRA + i
    return mapping


# where a cell's actions start after its objective: an item's mark, or a line "Actions :"
_FIRST_ITEM = re.compile(r"\s*(?:<br\s*/?>|<li\b[^>]*>|(?:^|\s)[•▪◦·●➢–-]\s)", re.I)
_ACTIONS_LEAD = re.compile(
    r"^(?:\s*<br\s*/?>)*\s*actions?(?: pr[ée]vues| men[ée]es| retenues)?\s*:\s*", re.I
)


def orientation_and_objective(text: str) -> tuple[str, str]:
    """A cell of a column "Orientation / objectif": the orientation, then (on its next line,
    or after "/") the objective, each perhaps with its number ("1.1 …" / "1.1.1 …")."""
    parts = [p.strip() for p in re.split(r"\s*<br\s*/?>\s*|\s+/\s+(?=\d)", text, maxsplit=1)]
    if len(parts) < 2:
        return "", text.strip()
    return parts[0], parts[1]


def objective_and_actions(text: str) -> tuple[str, str]:
    """A cell of a column "Objectif et actions": the objective, then (after an item's mark,
    a line break, "Actions :") its actions."""
    m = _FIRST_ITEM.search(text)
    if m is None:
        return text.strip(), ""
    return text[: m.start()].strip(), _ACTIONS_LEAD.sub("", text[m.start() :]).strip()


# a column holding two: how its cells split, and the columns the two parts are
TWO_IN_ONE: dict[int, tuple[Callable[[str], tuple[str, str]], int, int]] = {
    BOTH: (objective_and_actions, OBJECTIVE, ACTIONS),
    PAIR: (orientation_and_objective, ORIENTATION, OBJECTIVE),
}


# "2. Ateliers …": an item's number opening a cell, the items before it on the lines above
_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+[A-ZÀ-Ý]")


def looks_like_list(text: str) -> bool:
    return bool(
        re.search(r"<(ul|li|p|br)\b|[•·→]", text) or _ITEM_NUMBER.match(text)
    ) or has_markers(split_inline(text))


_ORIENTATION_LABEL = re.compile(
    r"^\W*orientations?(?:\s+(?:n\s*°\s*)?\d{1,2}(?:\.\d{1,2})*)?\s*[:–—-]\s*(?=\S)", re.I
)


# "2.3 – Promouvoir …": the strategy numbers its orientations with two figures, its objectives
# with three
_ORIENTATION_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s*[:–—-]\s+(?=\S)")


def labelled_orientation(text: str, band: bool = False) -> str | None:
    """The orientation a cell names by its label ("Orientation : Rendre les habitants …",
    "Orientation 1.2 – …"), or, a band across the table, by the strategy's number of an
    orientation ("2.3 – Promouvoir …"): a row across the table."""
    m = _ORIENTATION_LABEL.match(clean(text)) or (
        _ORIENTATION_NUMBER.match(clean(text)) if band else None
    )
    return clean(text)[m.end() :] if m else None
