"""Audit views computed with the named queries: objective coverage per quartier."""

from __future__ import annotations

from quartiers.query import named_queries
from quartiers.store import Store


def coverage(store: Store) -> list[dict[str, object]]:
    result = store.query(named_queries()["coverage"].text)
    rows = []
    for sol in result:  # type: ignore[attr-defined]
        rows.append(
            {
                "quartier": sol["quartierName"].value,
                "iri": sol["quartier"].value,
                "retained": int(sol["retained"].value),
                "with_actions": int(sol["withActions"].value),
                "empty": int(sol["empty"].value),
                "not_retained": int(sol["notRetained"].value),
                "actions": int(sol["actions"].value),
            }
        )
    return rows
