"""Named queries over the converted corpus: exact output variables and the answers a reader of
the documents expects."""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from quartiers.cli import app
from quartiers.query import named_queries
from quartiers.store import Store
from tests.conftest import ROOT, Built

Q = "https://w3id.org/quartiers-kg/id/quartier/"
OBJECTIVES_VARS = [
    "quartier",
    "quartierName",
    "enjeu",
    "orientation",
    "objective",
    "action",
    "actionLabel",
]


def run(store: Store, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    result = store.query(named_queries()[name].text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [{n: (None if s[n] is None else s[n]) for n in names} for s in result]
    return names, rows


def val(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt == "integer":
            return int(term.value)
        if dt == "decimal":
            return Decimal(term.value)
    return term.value


def test_quartiers(store: Store) -> None:
    names, rows = run(store, "quartiers")
    assert names == ["quartier", "name", "status", "code", "commune"]
    got = sorted(
        (val(r["quartier"]), val(r["name"]), val(r["status"]), val(r["code"]), val(r["commune"]))
        for r in rows
    )
    assert got == sorted(
        [
            (
                Q + "QN06213M",
                "Coteau Stade Parc - Cité 34",
                "QPV",
                "QP062013",
                "Bruay-la-Buissière",
            ),
            (Q + "QN06213M", "Coteau Stade Parc - Cité 34", "QPV", "QP062013", "Divion"),
            (Q + "QN06214M", "Cités 6 et 30", "QPV", "QP062014", "Calonne-Ricouart"),
            (Q + "QN06214M", "Cités 6 et 30", "QPV", "QP062014", "Divion"),
            (Q + "qic-divion-cite-de-la-clarence", "Cité de la Clarence", "QIC", None, "Divion"),
            (Q + "qic-divion-cite-du-transvaal", "Cité du Transvaal", "QIC", None, "Divion"),
            (Q + "QN06216M", "Saint-Elie - Fosse 13", "QPV", "QP062016", "Douvrin"),
            (Q + "QN06216M", "Saint-Elie - Fosse 13", "QPV", "QP062016", "Haisnes"),
            (Q + "QN06216M", "Saint-Elie - Fosse 13", "QPV", "QP062016", "Hulluch"),
        ]
    )


def test_objectives(store: Store, built: Built) -> None:
    names, rows = run(store, "objectives")
    assert names == OBJECTIVES_VARS
    per_quartier = Counter(val(r["quartierName"]) for r in rows)
    for r in built.results:
        for q in r.convention.quartiers:
            expected = sum(max(1, len(x.actions)) for x in q.retained)
            assert per_quartier[q.name] == expected, q.name
    assert {val(r["enjeu"]) for r in rows} == {1, 2, 3}
    empty = [r for r in rows if r["action"] is None]
    assert len(empty) == 7 and all(r["actionLabel"] is None for r in empty)
    labels = {val(r["actionLabel"]) for r in rows if val(r["quartierName"]) == "Cités 6 et 30"}
    assert "Accompagner à la création d'une épicerie solidaire ouverte à tous" in labels
    mobility = [r for r in rows if val(r["objective"]).endswith("/lever-les-freins-a-la-mobilite")]
    assert {val(r["orientation"]).rsplit("/", 1)[-1] for r in mobility} == {
        "accompagner-l-acces-a-l-autonomie-et-a-l-emploi-des-habitants-des-quartiers"
    }


def test_indicators(store: Store) -> None:
    names, rows = run(store, "indicators")
    assert names == [
        "quartier",
        "quartierName",
        "indicator",
        "value",
        "qualifier",
        "agglomerationValue",
    ]
    assert len(rows) == 31
    got = {
        (val(r["quartierName"]), val(r["indicator"])): (
            val(r["value"]),
            val(r["qualifier"]),
            val(r["agglomerationValue"]),
        )
        for r in rows
    }
    assert got[("Saint-Elie - Fosse 13", "taux_pauvrete")] == (
        Decimal("32.8"),
        "exact",
        Decimal("18.8"),
    )
    assert got[("Cités 6 et 30", "part_parc_social")] == (
        Decimal("95"),
        "more_than",
        Decimal("25.6"),
    )
    assert got[("Cité du Transvaal", "population")] == (Decimal("940"), "approx", None)
    assert got[("Cité du Transvaal", "part_familles_monoparentales")] == (
        Decimal("16"),
        "exact",
        Decimal("16.2"),
    )
    assert {val(r["qualifier"]) for r in rows} == {"exact", "approx", "more_than"}


def test_partners(store: Store) -> None:
    names, rows = run(store, "partners")
    assert names == ["partner", "name", "actionCount"]
    counts = {val(r["partner"]).rsplit("/", 1)[-1]: val(r["actionCount"]) for r in rows}
    assert counts["cidff62"] == 4  # one action per Divion quartier
    assert counts["ufolep"] == 4
    assert counts["cpam-artois"] == 2  # Haisnes: the CCAS convention, and the "·" bullet after it
    assert counts["citeo"] == 0  # named in governance only
    assert len(rows) == len(set(counts))


def test_signatories(store: Store) -> None:
    names, rows = run(store, "signatories")
    assert names == ["convention", "commune", "name", "role", "date", "place"]
    got = [
        (val(r["commune"]), val(r["name"]), val(r["role"]), val(r["date"]), val(r["place"]))
        for r in rows
    ]
    assert got == [
        ("Divion", "Jacky LEMOINE", "Maire de Divion", "2024-07-09", "MARLES-les-MINES"),
        (
            "Divion",
            "Olivier GACQUERRE",
            "Président de la Communauté d'Agglomération Béthune-Bruay- Artois Lys Romane",
            "2024-07-09",
            "MARLES-les-MINES",
        ),
        ("Divion", "Jacques BILLANT", "Préfet du Pas-de-Calais", "2024-07-09", "MARLES-les-MINES"),
        ("Haisnes", None, None, None, None),
    ]


def test_provenance(store: Store) -> None:
    names, rows = run(store, "provenance")
    assert names == ["resource", "source", "firstLine", "lastLine"]
    assert all(val(r["firstLine"]) <= val(r["lastLine"]) for r in rows)
    actions = list(
        store.query(
            "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/quartiers-kg/ontology#Action> }"
        )
    )
    covered = {val(r["resource"]) for r in rows}
    assert sum(1 for c in covered if "/action/" in c) == int(actions[0]["n"].value)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_is_documented_and_runs(store: Store, name: str) -> None:
    q = named_queries()[name]
    assert q.title and q.description
    assert "NOT EXISTS" not in q.text.upper()  # slow on pyoxigraph: use MINUS or aggregates
    run(store, name)


def test_cli_query_csv(built: Built) -> None:
    result = CliRunner().invoke(
        app,
        [
            "query",
            str(ROOT / "queries" / "objectives.rq"),
            "--data",
            str(built.out),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == OBJECTIVES_VARS
    assert len(rows) == 1 + 278


def test_cli_query_errors(built: Built) -> None:
    r = CliRunner().invoke(app, ["query", "SELECT * WHERE { ?s ?p", "--data", str(built.out)])
    assert r.exit_code == 2 and "SPARQL syntax error at line 1, column" in r.output
    r = CliRunner().invoke(app, ["query", "no-such-query", "--data", str(built.out)])
    assert r.exit_code == 2 and "unknown query" in r.output
