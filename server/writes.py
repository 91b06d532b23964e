"""Writes, applied in the writer process to a copy of the current store generation: SPARQL
Update (checked on its parse first: nothing runs until it parses and calls nothing out) and
the Graph Store Protocol's PUT, POST and DELETE. The copy is published by the server only
when the whole write succeeded."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server.worker import Gate, QueryResponse, WriteRequest, rejected

log = logging.getLogger("quartiers.writer")


def _update_op(req: WriteRequest, gate: Gate) -> QueryResponse | Callable[[Any], bool]:
    from quartiers.sparqltext import add_using
    from quartiers.store import run_update

    assert req.update is not None
    analysis = gate.check(req.update, req.base_iri, update=True)
    if isinstance(analysis, QueryResponse):
        return analysis
    if (req.using or req.using_named) and analysis.dataset_clause:
        return QueryResponse(
            400,
            error="using-graph-uri/using-named-graph-uri conflict with a USING or WITH clause "
            "in the update",
        )
    text = add_using(req.update, req.using, req.using_named)
    if text != req.update:  # the protocol's graphs added: check what will actually run
        checked = gate.check(text, req.base_iri, update=True)
        if isinstance(checked, QueryResponse):
            return checked

    def op(store: Any) -> bool:
        run_update(store, text, req.base_iri)
        return True

    return op


def _graph_op(req: WriteRequest) -> QueryResponse | Callable[[Any], bool]:
    import pyoxigraph as ox

    from quartiers.store import EXPLICIT_DEFAULT, remove_graph, replace_graph

    target = ox.NamedNode(req.graph or EXPLICIT_DEFAULT)
    if req.method == "DELETE":
        return lambda store: remove_graph(store, target)
    try:
        fmt = getattr(ox.RdfFormat, req.rdf_format or "")
        triples = list(ox.parse(req.body, format=fmt, base_iri=req.graph))
    except SyntaxError as exc:
        return QueryResponse(400, error=f"invalid RDF: {str(exc).splitlines()[0][:300]}")
    except (ValueError, AttributeError, OSError) as exc:
        log.warning("unreadable RDF body: %s", exc)
        return QueryResponse(400, error="invalid RDF")
    replace = req.method == "PUT"

    def write(store: Any) -> bool:
        # only this graph's triples are touched: the union is kept up to date incrementally
        existed = bool(store.contains_named_graph(target))
        kept = [] if replace else list(store.quads_for_pattern(None, None, None, target))
        replace_graph(store, target, [*kept, *triples])
        return existed

    return write


def apply_write(req: WriteRequest, src: Path, dst: Path, gate: Gate) -> QueryResponse:
    """Check the write, copy generation src to dst, apply it there. dst is removed unless
    the response says `changed`."""
    import pyoxigraph as ox

    op = _update_op(req, gate) if req.update is not None else _graph_op(req)
    if isinstance(op, QueryResponse):
        return op
    try:
        ox.Store.read_only(str(src)).backup(str(dst))  # a checkpoint: hard links
        store = ox.Store(str(dst))
        try:
            outcome = op(store)
            store.flush()
        finally:
            del store
    except SyntaxError as exc:  # what rdflib accepted and the engine does not
        from quartiers.sparqltext import engine_error

        shutil.rmtree(dst, ignore_errors=True)
        return rejected(engine_error(exc, req.update or ""))
    except Exception as exc:
        shutil.rmtree(dst, ignore_errors=True)
        log.warning("write failed: %s", exc)
        return QueryResponse(400, error="the update could not be applied")
    if req.method == "DELETE" and not outcome:
        shutil.rmtree(dst, ignore_errors=True)
        return QueryResponse(404, error="no such graph")
    return QueryResponse(204, changed=True, existed=bool(outcome))
