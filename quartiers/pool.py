"""Work shared out over a pool of processes, a bounded window of tasks at a time, so that
memory stays flat however many documents there are (the build's conversions, the per-document
checks). Processes start by forkserver: a fork of a process holding an Oxigraph store or the
spaCy model would copy it, and a fork of a threaded parent can deadlock."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Any, TypeVar

R = TypeVar("R")


def run(
    fn: Callable[..., R],
    tasks: Sequence[tuple[Any, ...]],
    *,
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    ordered: bool = False,
) -> Iterator[R]:
    """`fn(*task)` for each task, in `jobs` processes each set up once by `initializer`; the
    results as they finish, or in the tasks' order when `ordered`. One job runs in this
    process."""
    if jobs <= 1:
        initializer(*initargs)
        yield from (fn(*t) for t in tasks)
        return
    ctx = get_context("forkserver")
    with ProcessPoolExecutor(
        jobs, mp_context=ctx, initializer=initializer, initargs=initargs
    ) as ex:
        pending: dict[Future[R], int] = {}
        results: dict[int, R] = {}
        nxt = done = 0
        while nxt < len(tasks) or pending:
            while nxt < len(tasks) and len(pending) < 2 * jobs:
                pending[ex.submit(fn, *tasks[nxt])] = nxt
                nxt += 1
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                i = pending.pop(fut)
                if ordered:
                    results[i] = fut.result()
                else:
                    yield fut.result()
            while done in results:
                yield results.pop(done)
                done += 1
