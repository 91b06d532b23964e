"""The row cap counts rows in the bytes pyoxigraph writes: the count must be exact in every
format, whatever the values hold (quotes, backslashes, line breaks, text that looks like a
row boundary) and wherever the 8 KB chunks are cut."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartiers.results import TooManyResults, serialise_solutions

FORMATS = ("json", "xml", "csv", "tsv")
TRICKY = ['"', "\\", "\\\\", '\\"', "\n", "\r\n", "},{", "[{", "<result>", ",", "\t", "é", "{}"]
text = st.lists(st.sampled_from(TRICKY) | st.text(max_size=40), max_size=12).map("".join)


def _store(values: list[str], padding: int) -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode("http://example.org/p")
    for i, v in enumerate(values):
        s = ox.NamedNode(f"http://example.org/s{i}")
        store.add(ox.Quad(s, p, ox.Literal(v + "x" * padding)))
        if i % 3 == 0:  # rows where ?b is unbound, and blank nodes
            store.add(ox.Quad(s, ox.NamedNode("http://example.org/b"), ox.BlankNode()))
    return store


QUERY = """SELECT ?s ?o ?b WHERE {
  ?s <http://example.org/p> ?o OPTIONAL { ?s <http://example.org/b> ?b } }"""
# values that look like empty rows among real empty rows (the second branch binds nothing)
WITH_EMPTY = """SELECT ?o WHERE {
  { ?s <http://example.org/p> ?o } UNION { ?s <http://example.org/p> ?x } }"""


@settings(max_examples=60, deadline=None)
@given(values=st.lists(text, max_size=40), padding=st.sampled_from([0, 7, 300, 9000]))
def test_rows_are_counted_exactly(values: list[str], padding: int) -> None:
    store = _store(values, padding)
    for query in (QUERY, WITH_EMPTY):
        expected = len(list(store.query(query)))
        for fmt in FORMATS:
            body, rows = serialise_solutions(store.query(query), fmt, 10**6)
            assert rows == expected, fmt
            if fmt == "json":
                assert len(json.loads(body)["results"]["bindings"]) == expected
            with pytest.raises(TooManyResults):
                if expected:
                    serialise_solutions(store.query(query), fmt, expected - 1)
                else:
                    raise TooManyResults(0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cap_refuses_one_row_more(fmt: str) -> None:
    store = _store(['a "},{" b\\', "c\nd", "<result>"] * 400, 20)
    n = len(list(store.query(QUERY)))
    assert serialise_solutions(store.query(QUERY), fmt, n)[1] == n
    with pytest.raises(TooManyResults):
        serialise_solutions(store.query(QUERY), fmt, n - 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_and_no_variable_rows(fmt: str) -> None:
    store = ox.Store()
    assert serialise_solutions(store.query("SELECT ?x WHERE { FILTER(false) }"), fmt, 5)[1] == 0
    assert serialise_solutions(store.query("SELECT * WHERE { }"), fmt, 5)[1] == 1
    rows = "SELECT ?x WHERE { VALUES ?y { 1 2 3 } }"
    assert serialise_solutions(store.query(rows), fmt, 5)[1] == 3
