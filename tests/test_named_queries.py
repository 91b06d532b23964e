"""The library of named queries on the real conventions (Divion, Haisnes): each with the answer a
reader of the documents expects, its parameters bound as terms (library, CLI, /api), and the
same text run unchanged on the endpoint giving the defaults' answer."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections import Counter
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from quartiers.cli import app
from quartiers.errors import QuartiersError
from quartiers.query import named_queries
from quartiers.store import Store
from tests.conftest import ROOT, Built, Server

ID = "https://w3id.org/quartiers-kg/id/"
QK = "https://w3id.org/quartiers-kg/ontology#"
SAINT_ELIE = ID + "quartier/QN06216M"


def names(concatenated: str) -> set[str]:
    """A GROUP_CONCAT's parts: SPARQL leaves their order to the engine."""
    return set(concatenated.split(" ; "))


def count(store: Store, pattern: str, keys: str = "*") -> int:
    """Distinct `keys` of a plain pattern: what a named query must list, each once."""
    sparql = (
        f"PREFIX qk: <{QK}> SELECT (COUNT(*) AS ?n) "
        f"WHERE {{ SELECT DISTINCT {keys} WHERE {{ {pattern} }} }}"
    )
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return int(next(iter(result))["n"].value)


def rows(store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    q = named_queries()[name]
    result = store.query(q.text, bindings=q.bindings(params))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    out = []
    for s in result:
        row: dict[str, Any] = {}
        for n in names:
            t = s[n]
            if t is None:
                row[n] = None
            elif isinstance(t, ox.Literal) and t.datatype.value.endswith("#integer"):
                row[n] = int(t.value)
            elif isinstance(t, ox.Literal) and t.datatype.value.endswith("#decimal"):
                row[n] = float(t.value)
            else:
                row[n] = t.value
        out.append(row)
    return out


def test_the_library_has_documented_parameterised_queries() -> None:
    queries = named_queries()
    assert len(queries) >= 15
    for q in queries.values():
        assert q.title and len(q.description) > 40, q.name
        for p in q.params:
            assert p.description and p.type in ("string", "iri", "integer", "decimal")
    params = {q.name: [(p.name, p.type, p.default) for p in q.params] for q in queries.values()}
    assert params["indicator-ranking"] == [
        ("indicator", "string", "taux_pauvrete"),
        ("by", "string", "value"),
    ]
    assert params["copied-actions"] == [("minQuartiers", "integer", "2")]
    assert params["partner-actions"] == [("partner", "iri", "")]


@pytest.mark.parametrize("name", sorted(n for n, q in named_queries().items() if q.params))
def test_defaults_bound_give_what_the_endpoint_gives_unbound(store: Store, name: str) -> None:
    """The API and CLI bind every parameter to its default; a researcher pasting the text
    into the endpoint binds none: both answers are the same (parameter columns aside)."""
    q = named_queries()[name]
    bound = rows(store, name)
    unbound = store.query(q.text)
    assert isinstance(unbound, ox.QuerySolutions)
    params = {p.name for p in q.params}
    keep = [v.value for v in unbound.variables if v.value not in params]
    plain = Counter(tuple(None if s[k] is None else s[k].value for k in keep) for s in unbound)
    got = Counter(tuple(None if r[k] is None else ox_text(r[k]) for k in keep) for r in bound)
    assert got == plain and sum(got.values()) > 0


def ox_text(v: Any) -> str:
    """A value of `rows` back to the lexical form the engine gave (numbers as written)."""
    return str(v) if not isinstance(v, float) else repr(v).removesuffix(".0")


def test_bad_parameters_are_refused() -> None:
    q = named_queries()["copied-actions"]
    with pytest.raises(QuartiersError, match="must be an integer"):
        q.bindings({"minQuartiers": "two"})
    with pytest.raises(QuartiersError, match="has no parameter minquartiers"):
        q.bindings({"minquartiers": "2"})
    with pytest.raises(QuartiersError, match="must be an IRI"):
        named_queries()["partner-actions"].bindings({"partner": "http://a b"})
    assert named_queries()["indicator-gaps"].bindings({"quartier": "quartier/QN06216M"}) == {
        "quartier": ox.NamedNode(SAINT_ELIE)
    }


def test_coverage_matrix(store: Store) -> None:
    got = rows(store, "coverage-matrix")
    # every quartier of every convention against every objective
    assert len(got) == count(store, "?c qk:covers ?q", "?c ?q") * count(store, "?o a qk:Objectif")
    assert Counter(r["status"] for r in got) == {"actions": 120, "empty": 7, "not-retained": 43}
    assert all((r["status"] == "actions") == (r["actions"] > 0) for r in got)
    assert all((r["status"] == "not-retained") == (r["retained"] is None) for r in got)
    cell = next(
        r
        for r in got
        if r["quartier"] == SAINT_ELIE
        and r["objective"].endswith("/lutter-contre-le-harcelement-scolaire")
    )
    assert (cell["actions"], cell["enjeu"], cell["communeName"]) == (8, 1, "Haisnes")
    haisnes = rows(store, "coverage-matrix", commune="commune/62401")
    assert len(haisnes) == 34 and {r["quartierName"] for r in haisnes} == {"Saint-Elie - Fosse 13"}
    assert Counter(r["status"] for r in haisnes) == {"actions": 31, "empty": 3}


def test_coverage_per_quartier_and_empty_objectives(store: Store) -> None:
    """Each quartier's counts are those of the plain patterns, and of the matrix."""
    objectives = count(store, "?o a qk:Objectif")
    matrix = Counter((r["quartier"], r["status"]) for r in rows(store, "coverage-matrix"))
    got = rows(store, "coverage")
    assert len(got) == count(store, "?ro a qk:RetainedObjective ; qk:forQuartier ?q", "?q")
    for r in got:
        q = f"<{r['quartier']}>"
        retained = count(store, f"?ro qk:forQuartier {q} ; qk:objective ?o", "?o")
        covered = count(store, f"?ro qk:forQuartier {q} ; qk:objective ?o ; qk:hasAction ?a", "?o")
        assert (r["retained"], r["withActions"], r["empty"], r["notRetained"]) == (
            retained,
            covered,
            retained - covered,
            objectives - retained,
        )
        assert r["actions"] == count(store, f"?ro qk:forQuartier {q} ; qk:hasAction ?a", "?a")
        assert (r["withActions"], r["empty"], r["notRetained"]) == (
            matrix[r["quartier"], "actions"],
            matrix[r["quartier"], "empty"],
            matrix[r["quartier"], "not-retained"],
        )
    saint_elie = next(r for r in got if r["quartier"] == SAINT_ELIE)  # as Haisnes' table says
    assert (saint_elie["retained"], saint_elie["empty"], saint_elie["actions"]) == (34, 3, 66)
    empty = rows(store, "empty-objectives")
    assert {(r["quartier"], r["objective"]) for r in empty} == {
        (r["quartier"], r["objective"])
        for r in rows(store, "coverage-matrix")
        if r["status"] == "empty"
    }
    assert len(empty) == sum(r["empty"] for r in got) > 0
    assert all(
        r["source"].startswith(ID + "source/") and r["firstLine"] <= r["lastLine"] for r in empty
    )


def test_coverage_by_commune_and_objective_reach(store: Store) -> None:
    got = {
        r["communeName"]: (
            r["quartiers"],
            r["retained"],
            r["withActions"],
            r["empty"],
            r["objectivesCovered"],
            r["actions"],
        )
        for r in rows(store, "coverage-by-commune")
    }
    assert got == {"Divion": (4, 93, 89, 4, 23, 205), "Haisnes": (1, 34, 31, 3, 31, 66)}
    reach = rows(store, "objective-reach")
    assert len(reach) == 34 and all(r["quartiersDescribed"] == 5 for r in reach)
    assert Counter(r["reach"] for r in reach) == {"everywhere": 23, "some": 11}
    mettre = next(r for r in reach if r["objectiveLabel"].startswith("Mettre en lien"))
    assert (mettre["quartiersRetaining"], mettre["quartiersWithActions"]) == (5, 1)


def test_indicator_ranking_and_gaps(store: Store) -> None:
    poverty = rows(store, "indicator-ranking")
    assert [(r["quartierName"], r["value"], r["qualifier"]) for r in poverty] == [
        ("Cités 6 et 30", 50.9, "exact"),
        ("Coteau Stade Parc - Cité 34", 38.0, "exact"),
        ("Saint-Elie - Fosse 13", 32.8, "exact"),
        ("Cité du Transvaal", 30.0, "more_than"),
    ]
    ips = rows(store, "indicator-ranking", indicator="ips", by="gap")
    assert [r["gap"] for r in ips] == [-25.0, -25.0, -25.0, -27.0, -28.0]
    assert ips[-1]["quartierName"] == "Cité de la Clarence"
    assert len(rows(store, "indicator-gaps")) == 24
    saint_elie = {
        r["indicator"]: r["gap"] for r in rows(store, "indicator-gaps", quartier=SAINT_ELIE)
    }
    assert saint_elie == {
        "ips": -25.0,
        "part_16_25_neet": pytest.approx(9.1),
        "part_moins_25_ans": pytest.approx(8.2),
        "part_parc_social": pytest.approx(51.2),
        "taux_emploi_15_64": pytest.approx(-11.5),
        "taux_pauvrete": pytest.approx(14.0),
    }


def test_quartiers_across_communes_and_conventions(store: Store) -> None:
    spans = {
        r["quartierName"]: (r["communes"], names(r["communeNames"]), r["conventions"])
        for r in rows(store, "multi-commune-quartiers")
    }
    assert spans == {
        "Saint-Elie - Fosse 13": (3, {"Douvrin", "Haisnes", "Hulluch"}, 1),
        "Cités 6 et 30": (2, {"Calonne-Ricouart", "Divion"}, 1),
        "Coteau Stade Parc - Cité 34": (2, {"Bruay-la-Buissière", "Divion"}, 1),
    }
    views = rows(store, "quartier-views", quartier="quartier/QN06216M")
    assert [
        (
            r["communeName"],
            r["objectives"],
            r["actions"],
            r["irritants"],
            r["opportunities"],
            r["priorities"],
            r["indicators"],
        )
        for r in views
    ] == [("Haisnes", 34, 66, 14, 19, 5, 8)]
    assert len(rows(store, "quartier-views")) == 5
    diagnosis = rows(store, "quartier-diagnosis", quartier="quartier/QN06216M")
    assert Counter(r["kind"] for r in diagnosis) == {
        "irritant": 14,
        "opportunity": 19,
        "priority": 5,
    }
    first = diagnosis[0]
    assert (first["kind"], first["position"], first["firstLine"]) == ("irritant", 1, 84)
    assert first["text"] == "Taux de chômage élevé, particulièrement chez les jeunes et les femmes"


def test_partners(store: Store) -> None:
    ccas = rows(store, "partner-actions", partner="partenaire/ccas")  # a kind: every commune's
    assert [(r["organisation"], r["communeName"]) for r in ccas] == [
        (ID + "partenaire/ccas-62401", "Haisnes")
    ]
    assert ccas[0]["actionLabel"].startswith("Renforcer la médiation santé")
    cidff = rows(store, "partner-actions", partner=ID + "partenaire/cidff62")
    assert sorted(r["quartierName"] for r in cidff) == [
        "Cité de la Clarence",
        "Cité du Transvaal",
        "Cités 6 et 30",
        "Coteau Stade Parc - Cité 34",
    ]
    # every (action, organisation) pair, and every (partner, quartier) pair, exactly once
    assert len(rows(store, "partner-actions")) == count(store, "?a a qk:Action ; qk:involves ?o")
    shared = {r["partner"].rsplit("/", 1)[-1]: r for r in rows(store, "shared-partners")}
    assert set(shared) == {"caf", "cabbalr", "etat"}  # never two communes' own CCAS
    assert all(names(r["communeNames"]) == {"Divion", "Haisnes"} for r in shared.values())
    pq = rows(store, "partner-quartiers")
    assert len(pq) == count(store, "?a a qk:Action ; qk:involves ?p ; qk:inQuartier ?q", "?p ?q")
    pij = [r for r in pq if r["partner"].endswith("/pij-62270")]
    assert len(pij) == 4 and all(
        (r["actions"], r["enjeu1"], r["enjeu2"], r["enjeu3"]) == (3, 0, 3, 0) for r in pij
    )


def test_actions_search_and_copies(store: Store) -> None:
    actions = rows(store, "actions")
    assert len(actions) == count(store, "?a a qk:Action")
    assert all(r["firstLine"] <= r["lastLine"] for r in actions)
    school = [rows(store, "search-actions", text=t) for t in ("école", "ECOLE", "Ecole", "éCOLE")]
    assert all(len(s) == 10 for s in school) and school[0] == [
        {**r, "text": "école"} for r in school[1]
    ]
    assert len(rows(store, "search-actions", text="harcèlement dès")) == 4
    # a parameter is a term, never text: quotes and braces are searched for, not run
    assert rows(store, "search-actions", text='") } } SELECT * WHERE { ?s ?p ?o } #') == []
    copied = rows(store, "copied-actions")
    assert len(copied) == 51 and {r["communes"] for r in copied} == {1}  # Divion's quartiers
    assert Counter(r["quartiers"] for r in copied) == {4: 49, 3: 2}
    assert rows(store, "copied-actions", minQuartiers="5") == []


def test_resource_source(store: Store) -> None:
    got = rows(store, "resource-source", resource="convention/62401/QN06216M/irritant/1")
    assert [(r["file"], r["firstLine"], r["lastLine"], r["lines"]) for r in got] == [
        ("convention-haisnes.txt", 84, 84, ID + "source/convention-haisnes#L84")
    ]


def test_audit_findings_are_what_the_audit_shapes_find(store: Store, built: Built) -> None:
    from quartiers.cli import SHAPES
    from quartiers.validate import validate

    # the audit shapes alone, with pyshacl-turbo (pyshacl's API and results, 7x faster)
    report = validate([built.out], SHAPES / "audit.ttl", engine="turbo")
    audit = report.findings
    expected = Counter((f.shape, f.focus, f.severity) for f in audit)
    got = rows(store, "audit-findings")
    assert Counter((r["shape"], r["focus"], r["severity"]) for r in got) == expected
    warnings = rows(store, "audit-findings", level="Warning")
    assert len(warnings) == 16 and {r["severity"] for r in warnings} == {"Warning"}
    empty = [r for r in got if r["shape"].endswith("#EmptyObjectiveShape")]
    assert all(r["file"] and r["firstLine"] for r in empty)


def test_cli_binds_parameters(built: Built) -> None:
    r = CliRunner().invoke(
        app,
        [
            "query",
            "search-actions",
            "--data",
            str(built.out),
            "-p",
            "text=ECOLE",
            "--format",
            "csv",
        ],
    )
    assert r.exit_code == 0, r.output
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(got) == 10 and {g["text"] for g in got} == {"ECOLE"}
    # an iri parameter, given as a path under the data's base
    args = ["query", "partner-actions", "-p", "partner=partenaire/ccas", "--format", "csv"]
    r = CliRunner().invoke(app, [*args, "--data", str(built.out)])
    assert r.exit_code == 0, r.output
    ccas = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(c["partner"], c["organisation"]) for c in ccas] == [
        (ID + "partenaire/ccas", ID + "partenaire/ccas-62401")
    ]
    for bad, message in (
        (["-p", "text"], "expected name=value"),
        (["-p", "txt=x"], "has no parameter txt"),
    ):
        r = CliRunner().invoke(app, ["query", "search-actions", "--data", str(built.out), *bad])
        assert r.exit_code == 2 and message in r.output


def test_api_binds_parameters_and_matches_the_endpoint(server: Server) -> None:
    r = httpx.get(server.url + "/api/indicator-ranking", params={"indicator": "ips", "by": "gap"})
    assert r.status_code == 200
    data = r.json()["results"]["bindings"]
    assert [b["gap"]["value"] for b in data] == ["-25", "-25", "-25", "-27", "-28"]
    assert {b["indicator"]["value"] for b in data} == {"ips"}
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                httpx.get(
                    server.url + "/api/partner-actions",
                    params={"partner": "partenaire/ccas", "format": "csv"},
                ).text
            )
        )
    )
    assert [c["organisation"] for c in csv_rows] == [ID + "partenaire/ccas-62401"]
    inject = httpx.get(
        server.url + "/api/search-actions", params={"text": '" } } ASK { ?s ?p ?o } #'}
    )
    assert inject.status_code == 200 and inject.json()["results"]["bindings"] == []
    for params, message in (
        ({"minQuartiers": "two"}, "must be an integer"),
        ({"minquartiers": "2"}, "has no parameter"),
    ):
        bad = httpx.get(server.url + "/api/copied-actions", params=params)
        assert bad.status_code == 400 and message in bad.text
    twice = httpx.get(server.url + "/api/copied-actions?minQuartiers=2&minQuartiers=3")
    assert twice.status_code == 400
    # the same text on the SPARQL endpoint, parameters unbound, gives the defaults' answer
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(named_queries()["indicator-ranking"].text)
    sw.setReturnFormat(JSON)
    endpoint = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    api = httpx.get(server.url + "/api/indicator-ranking").json()["results"]["bindings"]
    assert [b["quartier"]["value"] for b in endpoint] == [b["quartier"]["value"] for b in api]
    assert len(api) == 4


def test_the_readme_shows_what_the_queries_answer(built: Built) -> None:
    """Each `quartiers query` of the README, run on the real data, prints what the README shows
    (`…` standing for the base IRI, `| head -N` honoured)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(
        r"^\$ \.venv/bin/quartiers (query [^|\n]+?)(?: \| head -(\d+))?\n((?:[^$`].*\n)+)",
        readme,
        re.M,
    )
    assert len(shown) >= 3
    for command, head, lines in shown:
        r = CliRunner().invoke(app, [*shlex.split(command), "--data", str(built.out)])
        assert r.exit_code == 0, r.output
        out = r.stdout.splitlines()[: int(head) if head else None]
        if "…/" in lines:
            out = [o.replace(ID.rstrip("/"), "…") for o in out]
        assert out == lines.splitlines(), command
