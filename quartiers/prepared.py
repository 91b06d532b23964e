"""SPARQL-based SHACL constraints prepared once per validation, not once per focus node.

pyshacl hands rdflib the text of each `sh:sparql` constraint for every focus node it checks,
with `$this` bound, and rdflib parses and translates that text each time: 15 of the 25 s that
validating the two real conventions took went to parsing the same four queries 400 times.
rdflib's prepared queries are made to be run many times with different bindings
(`rdflib.plugins.sparql.prepareQuery`), so during a validation each text is translated once
and the prepared query reused; results are the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query


@contextmanager
def prepared_queries() -> Iterator[None]:
    original = processor.SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self: processor.SPARQLProcessor,
        q: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(q, str):
            key = (q, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(q), base, initNs)
            q = cache[key]
        return original(self, q, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
