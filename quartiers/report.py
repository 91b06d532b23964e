"""The conversion report (`<stem>.report.json`): where every source line went, what each
section was expected to give and what was found, and every note — the reader's view of a
conversion, line by line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph, Namespace

from quartiers.framework import Framework
from quartiers.losses import LOSS_KINDS
from quartiers.model import Convention, LineUse
from quartiers.to_rdf import QK


def line_resources(g: Graph) -> dict[int, list[str]]:
    """Which resources each source line went into, from the provenance selectors."""
    oa = Namespace("http://www.w3.org/ns/oa#")
    out: dict[int, list[str]] = {}
    for r, sel in g.subject_objects(QK.source):
        lines = g.value(sel, oa.hasSelector)
        first, last = g.value(lines, QK.firstLine), g.value(lines, QK.lastLine)
        if first is None or last is None:
            continue
        for no in range(int(str(first)), int(str(last)) + 1):
            out.setdefault(no, []).append(str(r))
    return {k: sorted(v) for k, v in sorted(out.items())}


def report(conv: Convention, g: Graph, fw: Framework, source: Path) -> dict[str, object]:
    uses = Counter(u.value for u, _ in conv.line_use.values())
    blank = conv.line_count - len(conv.line_use)
    where = line_resources(g)
    lines = {}
    for no, (use, what) in conv.line_use.items():
        lines[str(no)] = {"use": use.value, "what": what, "resources": where.get(no, [])}
    not_understood = [
        {"line": no, "kind": what}
        for no, (use, what) in conv.line_use.items()
        if use == LineUse.NOT_UNDERSTOOD
    ]
    return {
        "source": source.name,
        "sha256": conv.sha256,
        "encoding": conv.encoding,
        "commune": conv.commune,
        "lines": {
            "total": conv.line_count,
            "blank": blank,
            **{u.value: uses.get(u.value, 0) for u in LineUse},
        },
        "not_understood": not_understood,
        "notes": [
            {
                "kind": n.kind,
                "severity": n.severity,
                "first_line": n.span.first,
                "last_line": n.span.last,
                "message": n.message,
                "text": n.text[:500],
            }
            for n in conv.notes
        ],
        "framework_findings": [
            f for f in fw.findings if str(f.get("where", "")).startswith(source.name + "#")
        ],
        "sections": [
            {"kind": s.kind, "title": s.title, "first_line": s.span.first, "last_line": s.span.last}
            for s in conv.sections
        ],
        "losses": [
            {
                "kind": n.kind,
                "first_line": n.span.first,
                "last_line": n.span.last,
                "message": n.message,
            }
            for n in conv.notes
            if n.kind in LOSS_KINDS and n.severity == "warning"
        ],
        "partners": [
            {
                "id": p.id,
                "name": p.name,
                "resolved": p.resolved,
                "scope": p.scope,
                "actions": p.actions,
                "first_line": p.span.first,
            }
            for p in conv.partners
        ],
        "quartiers": [
            {
                "name": q.name,
                "status": q.status,
                "code": q.code,
                "expected": {
                    "status": q.status is not None,
                    "code": q.status != "QPV" or q.code is not None,
                    "portrait": bool(q.portrait.indicators),
                    "irritants": bool(q.irritants),
                    "opportunities": bool(q.opportunities),
                    "priorities": bool(q.priorities),
                    "objectives": bool(q.rows),
                },
                "indicators": len(q.portrait.indicators),
                "irritants": len(q.irritants),
                "opportunities": len(q.opportunities),
                "priorities": len(q.priorities),
                "retained_objectives": len(q.retained),
                "actions": sum(len(r.actions) for r in q.retained),
                "objectives_without_action": sum(1 for r in q.retained if not r.actions),
            }
            for q in conv.quartiers
        ],
        "triples": len(g),
        "lines_detail": lines,
    }
