"""The local engine: in this process, or a pool of N processes on this machine."""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from pipeline.engines import Outcome
from pipeline.errors import CasefileError

log = logging.getLogger(__name__)


@dataclass
class LocalEngine:
    workers: int = 1
    name: str = "local"

    def map(self, fn: Callable[..., Any], items: Iterable[tuple]) -> Iterator[Outcome]:
        if self.workers <= 1:
            for args in items:
                yield args, fn(*args), None
            return
        ctx = multiprocessing.get_context("spawn")
        todo = iter(items)
        limit = 4 * self.workers  # in flight: memory does not grow with the batch
        futures: dict[Future[Any], tuple] = {}
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        try:
            while True:
                while len(futures) < limit and (args := next(todo, None)) is not None:
                    try:
                        futures[pool.submit(fn, *args)] = args
                    except BrokenProcessPool:  # a worker died: the documents in flight fail, the rest go on
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
                        futures[pool.submit(fn, *args)] = args
                if not futures:
                    break
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    args = futures.pop(fut)
                    try:
                        yield args, fut.result(), None
                    except BrokenProcessPool:
                        # Not stored: the next run tries the document again.
                        yield args, None, CasefileError("E312", "the document is tried again on the next run")
                    except Exception as exc:  # a worker failure is reported on its input, the batch goes on
                        log.exception("worker failed on %s", args[0])
                        yield args, None, CasefileError("E199", f"{type(exc).__name__}: {exc}")
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
