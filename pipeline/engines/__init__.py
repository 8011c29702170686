"""Batch engines: where the documents of a run are computed.

An engine takes one engine-independent function (``pipeline.batch._work``,
the read-and-extract of one input) and an iterable of argument tuples, and
yields ``(args, value, error)`` for each, in completion order, with a bounded
number in flight. ``error`` is a :class:`~pipeline.errors.CasefileError` when
the engine could not get a value (a worker process died); the function itself
never raises for a bad input. Engines never write to the store: the run does,
one transaction per document, whatever engine computed it.

    local   the current machine: in-process (1 worker) or N processes
    dask    a Dask cluster (``dask.distributed``): one at ``tcp://HOST:PORT``,
            or a LocalCluster of N processes started and closed by the run
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import CasefileError

ENGINES: tuple[str, ...] = ("local", "dask")

Outcome = tuple[tuple, Any, "CasefileError | None"]

CRASH_ENV = "CASEFILE_TEST_CRASH_ON"


def crash_hook(path: str) -> None:
    """TEST-ONLY: end this process at once when ``path``'s document id is ``$CASEFILE_TEST_CRASH_ON``.

    The batch's worker function calls it just before extracting an input, so
    tests/engines/ can make a chosen document kill the worker process that
    reads it, as a segfault in a native library or the kernel's OOM killer
    would. Nothing in casefile sets the variable; unset, this does nothing.
    """
    crash_on = os.environ.get(CRASH_ENV)
    if crash_on and Path(path).stem == crash_on:
        os._exit(70)


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[..., Any], items: Iterable[tuple]) -> Iterator[Outcome]:
        """``fn(*args)`` for each ``args`` in ``items``, as they finish."""
        ...


def make_engine(
    name: str,
    workers: int = 1,
    scheduler: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> Engine:
    """The engine called ``name``; ``scheduler`` only with ``dask``."""
    if name not in ENGINES:
        raise CasefileError("E311", f"unknown engine {name!r} (choose {' or '.join(ENGINES)})")
    if name == "local":
        if scheduler:
            raise CasefileError("E311", "--scheduler needs --engine dask")
        from pipeline.engines.local import LocalEngine

        return LocalEngine(workers)
    from pipeline.engines.dask import DaskEngine

    return DaskEngine(workers=workers, scheduler=scheduler, announce=announce)
