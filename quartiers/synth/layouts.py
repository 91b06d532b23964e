"""A layout generator: the real conventions rewritten as other authors and extraction tools
would have left them. It never calls the converter: headings are found from the document's own
table of contents, tables are the lines with tabs, so a variant is the same document in
another shape, and must read the same.

Each rewriting is a function text → text; `VARIANTS` names them.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Callable

HEADING_NUMBERS = {"Projet": 2, "Organisation": 3, "Les signataires": 4, "Préambule": 1, "Edito": 1}


def _toc_titles(text: str) -> list[str]:
    """Section titles listed in the document's table of contents ("Préambule<TAB>4")."""
    lines = text.splitlines()
    start = next(
        i for i, ln in enumerate(lines) if ln.strip() in {"Sommaire", "Table des matières"}
    )
    titles: list[str] = []
    for ln in lines[start + 1 :]:
        if not ln.strip():
            if titles:
                break
            continue
        if "\t" not in ln:
            break
        titles.append(re.sub(r"\.{3,}$", "", ln.split("\t")[0]).strip())
    return titles


def _body_start(text: str) -> int:
    """Index of the first body line after the table of contents."""
    lines = text.splitlines()
    start = next(
        i for i, ln in enumerate(lines) if ln.strip() in {"Sommaire", "Table des matières"}
    )
    i = start + 1
    while i < len(lines) and (not lines[i].strip() or "\t" in lines[i]):
        i += 1
    return i


def _heading_lines(text: str) -> dict[int, str]:
    """Body line index → its title, for every line that repeats a table-of-contents title."""
    titles = {t.rstrip(".") for t in _toc_titles(text)}
    out: dict[int, str] = {}
    lines = text.splitlines()
    for i in range(_body_start(text), len(lines)):
        t = lines[i].strip()
        if t in titles or t.rstrip(".") in titles:
            out[i] = t
    return out


def _top_level(title: str) -> bool:
    return title.startswith(("Préambule", "Edito", "Projet", "Organisation", "Les signataires"))


def numbered_headings(text: str) -> str:
    """ "2. Projet de quartier « … »", "2.3. Portrait statistique", "3.1. Modalités…"."""
    lines = text.splitlines()
    top, sub = 0, 0
    for i, title in sorted(_heading_lines(text).items()):
        if _top_level(title):
            top, sub = top + 1, 0
            lines[i] = f"{top}. {title}"
        else:
            sub += 1
            lines[i] = f"{top}.{sub}. {title}"
    return "\n".join(lines) + "\n"


def markdown_headings(text: str) -> str:
    lines = text.splitlines()
    for i, title in _heading_lines(text).items():
        lines[i] = ("# " if _top_level(title) else "## ") + title
    return "\n".join(lines) + "\n"


def upper_headings(text: str) -> str:
    lines = text.splitlines()
    for i, title in _heading_lines(text).items():
        lines[i] = title.upper()
    return "\n".join(lines) + "\n"


def _table_lines(text: str) -> list[int]:
    lines = text.splitlines()
    return [
        i for i in range(_body_start(text), len(lines)) if "\t" in lines[i] and lines[i].strip()
    ]


def pipe_tables(text: str) -> str:
    """Tab rows written as `| a | b | c |`, with a Markdown separator after each column
    header row."""
    lines = text.splitlines()
    for i in reversed(_table_lines(text)):
        cells = lines[i].split("\t")
        cells += [""] * (3 - len(cells))
        row = "| " + " | ".join(c.strip().replace("|", "\\|") for c in cells) + " |"
        if lines[i].startswith("Objectifs de la stratégie"):
            row += "\n|---|---|---|"
        lines[i] = row
    return "\n".join(lines) + "\n"


def _items(cell: str) -> list[str]:
    cell = re.sub(r"</?(ul|p)\b[^>]*>", " ", cell)
    parts = [p.strip() for p in re.split(r"\s•\s|^•\s", cell)]
    return [p for p in parts if p]


def column_layout(text: str, widths: tuple[int, int, int] = (28, 34, 46)) -> str:
    """Tab rows as pdftotext -layout prints them: each cell wrapped in its own column, items
    one under the other with their bullet, the columns padded with spaces."""
    lines = text.splitlines()
    for i in reversed(_table_lines(text)):
        cells = lines[i].split("\t")
        cells += [""] * (3 - len(cells))
        columns: list[list[str]] = []
        for k, (cell, width) in enumerate(zip(cells[:3], widths, strict=True)):
            cell = re.sub(r"<ul[^>]*>\s*(?!•)", "• ", cell)  # a list opened with no glyph
            if k == 2 and "•" in cell:
                col: list[str] = []
                lead = re.sub(r"<[^>]+>", " ", cell.split("•", 1)[0]).strip()
                for n, item in enumerate(_items(cell)):
                    wrapped = textwrap.wrap(item, width - 2) or [""]
                    mark = "" if n == 0 and lead else "• "  # the end of a cell cut by a page
                    col += [mark + wrapped[0]] + [" " * len(mark) + w for w in wrapped[1:]]
            else:
                col = textwrap.wrap(re.sub(r"<[^>]+>", " ", cell).strip(), width) or []
            columns.append(col)
        height = max(len(c) for c in columns) or 1
        out = []
        for r in range(height):
            parts = [(c[r] if r < len(c) else "") for c in columns]
            out.append(
                (parts[0].ljust(widths[0] + 3) + parts[1].ljust(widths[1] + 3) + parts[2]).rstrip()
            )
        lines[i] = "\n".join(out) + "\n"
    return "\n".join(lines) + "\n"


def csv_tables(text: str) -> str:
    """Tab rows pasted from a spreadsheet's CSV export: `;` between fields, quotes around a field
    that holds a `;`, a quote or a line break; in an action cell each item on its own line after
    its bullet, and the end of an item cut by a page break first, with none. The signatures'
    cells stay as they were: they are laid out on the page, not pasted from a spreadsheet."""
    lines = text.splitlines()
    for i in reversed(_table_lines(text)):
        cells = [c.strip() for c in lines[i].split("\t") if c.strip()]
        if cells and all(re.fullmatch(r"<p>.*</p>", c) for c in cells):
            continue
        fields = []
        for cell in lines[i].split("\t"):
            cell = re.sub(r"<ul[^>]*>\s*(?!•)", "• ", cell)
            lead = re.sub(r"<[^>]+>", " ", cell.split("•", 1)[0]).strip()
            items = [f"• {x}" for x in _items(cell)[1 if lead else 0 :]] if "•" in cell else []
            fields.append("\n".join([lead, *items] if lead else items))
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerow(fields)
        lines[i] = out.getvalue().rstrip("\n")
    return "\n".join(lines) + "\n"


def numbered_actions(text: str) -> str:
    """Bullets inside action cells replaced by "1. … 2. …"."""

    def renumber(m: re.Match[str]) -> str:
        cell = m.group(0)
        items = _items(cell)
        if len(items) < 2 or "•" not in cell:
            return cell
        return " ".join(f"{n}. {it}" for n, it in enumerate(items, 1))

    lines = text.splitlines()
    for i in _table_lines(text):
        cells = lines[i].split("\t")
        if len(cells) >= 3 and "•" in cells[2] and not cells[2].lstrip().startswith(("•", "<ul")):
            continue  # a cell cut by a page break goes on from the line above: left as it is
        if len(cells) >= 3:
            cells[2] = re.sub(r".+", renumber, cells[2])
            lines[i] = "\t".join(cells)
    return "\n".join(lines) + "\n"


def agglomeration_forms(text: str) -> str:
    """ "(18,8% sur l'ensemble de l'agglomération)" as "(CABBALR : 18,8 %)" or as a dash."""
    n = 0

    def form(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        value = m.group("v")
        return f"(CABBALR : {value} %)" if n % 2 else f"– agglomération : {value} %"

    return re.sub(r"\((?P<v>[\d,]+) ?% sur l'ensemble de l'agglomération\)\.?", form, text)


def signature_blocks(text: str) -> str:
    """`<p>Name, Role</p>` cells written as blocks: "Pour …" / role / NAME."""

    def block(name: str, role: str) -> str:
        name, role = name.strip(), role.strip()
        who = {"Maire": "la Ville", "Président": "l'Agglomération", "Préfet": "l'État"}
        key = next((k for k in who if role.startswith(k)), None)
        head = f"Pour {who[key]}\n" if key else ""
        return f"\n{head}{role}\n{name}\n"

    out = []
    signing = False
    for line in text.splitlines():
        signing = signing or line.strip() == "Les signataires"
        if signing and "<p>" in line and "," in line and "\t" in line:
            cells = re.findall(r"<p>(?P<name>[^,<]+),(?P<role>[^<]+)</p>", line)
            out += [block(a, b) for a, b in cells]
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def page_furniture(text: str, every: int = 40) -> str:
    """A running header, a page number and a form feed every `every` lines, wherever they
    fall (inside a table row included)."""
    lines = text.splitlines()
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        if i and i % every == 0:
            out += [
                "",
                f"Page {page}",
                "\fContrat de ville 2024-2030 – Convention d'application communale",
                "",
            ]
            page += 1
        out.append(line)
    return "\n".join(out) + "\n"


def windows(text: str) -> bytes:
    t = (
        text.replace("\u2019", "'")
        .replace("…", "...")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )
    return t.replace("\n", "\r\n").encode("cp1252", errors="replace")


VARIANTS: dict[str, Callable[[str], str]] = {
    "numbered headings": numbered_headings,
    "markdown headings and pipe tables": lambda t: pipe_tables(markdown_headings(t)),
    "upper-case headings": upper_headings,
    "column layout": column_layout,
    "csv tables": csv_tables,
    "numbered actions": numbered_actions,
    "agglomeration forms": agglomeration_forms,
    "signature blocks": signature_blocks,
    "page furniture": page_furniture,
    "all at once": lambda t: page_furniture(
        signature_blocks(agglomeration_forms(numbered_actions(numbered_headings(t)))), 55
    ),
}
