"""The audit report as HTML: a body shared by the self-contained file `quartiers audit` writes
(Vega, Vega-Lite and vega-embed inlined from node_modules, so it works offline) and the page
the server shows at /audit (the same scripts served from /vendor/vega). Charts are Vega-Lite
specs built here from the report's tables; each is followed by its table."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from quartiers.audit_report import AuditReport, Place

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
# the charting scripts, in load order: Vega, then Vega-Lite, then vega-embed (BSD-3-Clause)
VEGA_SCRIPTS = (
    ("vega", "vega/build/vega.min.js"),
    ("vega-lite", "vega-lite/build/vega-lite.min.js"),
    ("vega-embed", "vega-embed/build/vega-embed.min.js"),
)
LEVELS = ("non retenu", "retenu, sans action", "1 action", "2 actions", "3 actions", "4+ actions")
LEVEL_COLOURS = ("#e9e9e9", "#e8590c", "#c7e9c0", "#74c476", "#31a354", "#006d2c")
HTML_ROWS = 200  # rows of a long table shown on the page; all of them are in its CSV


@dataclass(frozen=True)
class Links:
    """Where the report's links point: the IRIs themselves (a file read anywhere) or this
    server's pages (`local` maps an IRI to its path here)."""

    local: Callable[[str], str | None] | None = None
    api: bool = False  # link each table's named query to /api/<name>
    csv_dir: str = ""  # where the tables' CSV files are: "" beside the page, or "/audit/"

    def resource(self, iri: str | None) -> str:
        if not iri:
            return ""
        return (self.local(iri) if self.local else None) or iri

    def lines(self, document: str | None, first: int | None) -> str:
        if not document or not first:
            return ""
        return f"{self.resource(document)}#L{first}"


def level(cell: dict[str, Any]) -> str:
    if cell["status"] == "not-retained":
        return LEVELS[0]
    n = int(cell["actions"])
    return LEVELS[min(n, 4) + 1] if n else LEVELS[1]


def _spec(data: list[dict[str, Any]], **spec: Any) -> Markup:
    """A Vega-Lite spec as JSON safe inside a <script> element."""
    body = {"data": {"values": data}, "config": {"font": "system-ui, sans-serif"}, **spec}
    text = json.dumps(body, ensure_ascii=False).replace("</", "<\\/")
    return Markup(text)


def matrix_spec(report: AuditReport, links: Links) -> Markup:
    cells = []
    for p in report.places:
        for o in report.objectives:
            c = p.cells.get(o.iri)
            if c is None:
                continue
            cells.append(
                {
                    "place": f"{p.quartier_name} ({p.commune_name})",
                    "commune": p.commune,
                    "enjeu": o.enjeu,
                    "code": o.code,
                    "objective": o.label,
                    "level": level(c),
                    "actions": c["actions"],
                    "href": links.resource(c.get("retained")) or None,
                }
            )
    return _spec(
        cells,
        mark={"type": "rect", "stroke": "#fff", "cursor": "pointer"},
        width={"step": 17},
        height={"step": 20},
        encoding={
            "x": {
                "field": "code",
                "type": "ordinal",
                "sort": [o.code for o in report.objectives],
                "title": "objectif (enjeu.orientation.objectif)",
                "axis": {"labelAngle": -90},
            },
            "y": {"field": "place", "type": "nominal", "sort": None, "title": None},
            "color": {
                "field": "level",
                "type": "ordinal",
                "scale": {"domain": list(LEVELS), "range": list(LEVEL_COLOURS)},
                "legend": {"title": None, "orient": "bottom", "columns": 3},
            },
            "href": {"field": "href"},
            "tooltip": [
                {"field": "place", "title": "quartier"},
                {"field": "code", "title": "code"},
                {"field": "objective", "title": "objectif"},
                {"field": "level", "title": "état"},
            ],
        },
    )


def bars(
    data: list[dict[str, Any]],
    y: str,
    x: str,
    colour: str,
    colours: dict[str, str] | list[str],
    x_title: str | None = None,
    legend: bool = True,
    width: int = 420,
) -> Markup:
    """Horizontal bars, stacked by `colour`: one bar per `y` in the data's order. `colours`
    maps each value of `colour` to its colour (or lists colours in the order values come)."""
    scale = (
        {"domain": list(colours), "range": list(colours.values())}
        if isinstance(colours, dict)
        else {"range": colours}
    )
    return _spec(
        data,
        mark={"type": "bar"},
        width=width,
        height={"step": 18},
        encoding={
            "y": {"field": y, "type": "nominal", "title": None, "sort": None},
            "x": {"field": x, "type": "quantitative", "stack": "zero", "title": x_title or x},
            "color": {
                "field": colour,
                "type": "nominal",
                "scale": scale,
                "legend": {"title": None, "orient": "bottom", "labelLimit": 400, "columns": 2}
                if legend
                else None,
            },
            "tooltip": [{"field": y}, {"field": colour}, {"field": x}],
        },
    )


def gaps_spec(place: Place) -> Markup:
    above, below = "au-dessus de l'agglomération", "en dessous"
    data = [
        {
            "indicator": g["indicatorLabel"],
            "gap": g["gap"],
            "side": above if g["gap"] >= 0 else below,
        }
        for g in place.gaps
    ]
    return bars(
        data,
        "indicator",
        "gap",
        "side",
        {above: "#b35806", below: "#542788"},
        "écart (quartier − agglomération)",
        legend=False,
        width=320,
    )


def specificity_spec(report: AuditReport) -> Markup:
    kinds = {
        "specific": ("propres au quartier", "#1b9e77"),
        "repeatedInCommune": ("répétées dans la commune", "#d95f02"),
        "repeatedAcrossCommunes": ("répétées dans d'autres communes", "#7570b3"),
    }
    data = [
        {"place": f"{r['quartierName']} ({r['communeName']})", "kind": label, "actions": r[k]}
        for r in report.tables["specificity"].rows
        for k, (label, _) in kinds.items()
    ]
    return bars(data, "place", "actions", "kind", dict(kinds.values()))


def partners_spec(totals: list[dict[str, Any]]) -> Markup:
    data = [
        {"partner": t["partnerName"], "enjeu": f"enjeu {e}", "actions": t[f"enjeu{e}"]}
        for t in totals
        for e in (1, 2, 3)
    ]
    return bars(data, "partner", "actions", "enjeu", ["#4e79a7", "#f28e2b", "#59a14f"])


def partner_totals(report: AuditReport, top: int = 25) -> list[dict[str, Any]]:
    """Actions per partner over all quartiers, by enjeu, most active first."""
    acc: dict[str, dict[str, Any]] = {}
    for r in report.tables["partners"].rows:
        t = acc.setdefault(
            r["partner"],
            {"partner": r["partner"], "partnerName": r["partnerName"], "actions": 0, "quartiers": 0}
            | {f"enjeu{e}": 0 for e in (1, 2, 3)},
        )
        t["quartiers"] += 1
        for k in ("actions", "enjeu1", "enjeu2", "enjeu3"):
            t[k] += int(r[k])
    return sorted(acc.values(), key=lambda t: (-t["actions"], t["partnerName"]))[:top]


def vega_scripts(inline: bool) -> Markup:
    """The charting libraries: inlined (a file that works offline) or from /vendor/vega."""
    parts = []
    for name, rel in VEGA_SCRIPTS:
        path = NODE_MODULES / rel
        if not inline:
            parts.append(f'<script src="/vendor/vega/{name}.js"></script>')
        elif path.is_file():
            code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
            parts.append(f"<script>/* {name} (BSD-3-Clause), from npm */\n{code}\n</script>")
    return Markup("\n".join(parts))


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("quartiers", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    return env


def body(
    report: AuditReport, links: Links, gettext: Callable[[str], str] = str, lang: str = "fr"
) -> Markup:
    """The report's sections, for a page of the site or the standalone file."""
    by_enjeu: dict[int, list[Any]] = defaultdict(list)
    for o in report.objectives:
        by_enjeu[o.enjeu].append(o)
    orientations: list[tuple[int, str, str, int]] = []  # enjeu, iri, label, span
    for o in report.objectives:
        if orientations and orientations[-1][1] == o.orientation:
            e, i, lab, n = orientations[-1]
            orientations[-1] = (e, i, lab, n + 1)
        else:
            orientations.append((o.enjeu, o.orientation, o.orientation_label, 1))
    findings = report.tables["findings"].rows
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (f["severity"] != "Warning", f["shapeName"])):
        groups[f["shape"]].append(f)
    communes = sorted({(p.commune, p.commune_name) for p in report.places}, key=lambda c: c[1])
    html = (
        _env()
        .get_template("audit_body.html")
        .render(
            r=report,
            links=links,
            _=gettext,
            lang=lang,
            level=level,
            by_enjeu=dict(by_enjeu),
            orientations=orientations,
            groups=groups,
            communes=communes,
            matrix_spec=matrix_spec(report, links),
            gaps_spec=gaps_spec,
            specificity_spec=specificity_spec(report),
            totals=partner_totals(report),
            partners_spec=partners_spec(partner_totals(report)),
            rows_shown=HTML_ROWS,
        )
    )
    return Markup(html)


def standalone(report: AuditReport, links: Links | None = None) -> str:
    """One HTML file with everything it needs inside (styles, scripts, data)."""
    return (
        _env()
        .get_template("audit_standalone.html")
        .render(body=body(report, links or Links()), scripts=vega_scripts(inline=True))
    )
