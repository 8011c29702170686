"""The Dask engine: documents computed on a ``dask.distributed`` cluster.

With ``scheduler="tcp://HOST:PORT"`` the run is a client of that cluster;
without, it starts a ``LocalCluster`` of ``workers`` single-threaded worker
processes and closes it at the end. A task is a few documents
(``PER_TASK``), so what Dask costs per task (the scheduler's bookkeeping, its
messages, the client fetching the result) is shared by them. The client
keeps at most two tasks per worker thread in flight (submitting one as each
result arrives), so memory does not grow with the batch, and hands every
document's result back to the run, which writes it.

Fault tolerance is Dask's: when a worker process dies, the scheduler sends
its documents to another worker. A document in flight on
``distributed.scheduler.allowed-failures`` + 1 workers that died comes back
as ``KilledWorker``. Every task on a dying worker is counted, not only the
one that was running, and a task holds several documents, so a document that
comes back that way is only a suspect: once nothing else is in flight, the suspects are tried again one at
a time, alone on the cluster, and a document that kills its workers then is
the culprit, reported as ``E180 worker died`` (an error row, so the batch
goes on and the next run skips it while the file is unchanged).

The tests kill a worker on a chosen document with the test-only hook
:func:`pipeline.engines.crash_hook`.
"""
from __future__ import annotations

import importlib.util
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pipeline.engines import Outcome
from pipeline.errors import CasefileError

log = logging.getLogger(__name__)

PER_THREAD = 2  # tasks in flight per worker thread
PER_TASK = 4  # documents per task; a suspect is tried alone


def _run_one(fn: Callable[..., Any], *args: Any) -> Any:
    """The task a worker runs for a suspect."""
    return fn(*args)


def _run_many(fn: Callable[..., Any], batch: list[tuple]) -> list[Any]:
    """The task a worker runs: ``fn`` over a few documents, their values in order."""
    return [fn(*args) for args in batch]


@dataclass
class DaskEngine:
    workers: int = 1
    scheduler: str | None = None
    announce: Callable[[str], None] | None = None
    connect_timeout: float = 30.0  # seconds to reach the scheduler
    wait_for_workers: float = 120.0  # seconds for ``workers`` workers to join it
    name: str = "dask"
    dashboard: str | None = field(default=None, init=False)

    def _say(self, line: str) -> None:
        if self.announce is not None:
            self.announce(line)
        else:
            log.info("%s", line)

    def _connect(self) -> tuple[Any, Any]:
        """(client, the LocalCluster this run started or None)."""
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise CasefileError("E311", f"--engine dask needs dask and distributed: pip install 'casefile[dask]' ({exc})")
        if not log.isEnabledFor(logging.INFO):
            # distributed logs every connection at INFO; keep the run's output to its summary
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise CasefileError("E313", f"{self.scheduler}: {exc}") from exc
            try:
                client.wait_for_workers(self.workers, timeout=self.wait_for_workers)
            except TimeoutError as exc:
                client.close()
                raise CasefileError(
                    "E313", f"{self.scheduler}: fewer than {self.workers} workers after {self.wait_for_workers:g} s") from exc
            self._say(f"Dask scheduler {self.scheduler}: {len(client.nthreads())} workers")
            return client, None
        import dask

        # a batch run's workers need no statistical profiler (it samples every
        # worker thread every 10 ms for the dashboard's profile page)
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
        self.dashboard = cluster.dashboard_link
        if importlib.util.find_spec("bokeh") is None:
            self._say(f"Dask LocalCluster of {self.workers} workers; dashboard: not available "
                      f"(it needs bokeh: pip install 'casefile[dask]'), would be at {self.dashboard}")
        else:
            self._say(f"Dask LocalCluster of {self.workers} workers; dashboard: {self.dashboard}")
        return client, cluster

    def map(self, fn: Callable[..., Any], items: Iterable[tuple]) -> Iterator[Outcome]:
        from concurrent.futures import CancelledError

        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        client, cluster = self._connect()
        try:
            todo = iter(items)
            pending: dict[str, list[tuple]] = {}
            suspects: list[tuple] = []
            done = as_completed()
            limit = self._limit(client)

            def submit(batch: list[tuple]) -> None:
                fut = client.submit(_run_many, fn, batch, key=f"casefile-documents-{uuid.uuid4().hex}", pure=False)
                pending[fut.key] = batch
                done.add(fut)

            def submit_more() -> None:
                while len(pending) < limit and (batch := list(islice(todo, PER_TASK))):
                    submit(batch)

            submit_more()
            n = 0
            for fut in done:
                batch = pending.pop(fut.key)
                try:
                    values = fut.result()
                except KilledWorker:
                    suspects += batch
                except CancelledError as exc:  # the scheduler went away: stop, the next run resumes
                    raise CasefileError("E313", f"{batch[0][0]} was cancelled ({exc}); the client is {client.status}")
                except Exception as exc:  # e.g. casefile missing on a worker: reported on the inputs, not stored
                    log.error("task failed on %s: %s", ", ".join(str(args[0]) for args in batch), exc)
                    for args in batch:
                        yield args, None, CasefileError("E199", f"on a Dask worker: {type(exc).__name__}: {exc}")
                else:
                    yield from ((args, value, None) for args, value in zip(batch, values, strict=True))
                finally:
                    fut.release()
                n += 1
                if n % 16 == 0:  # workers may have joined or left
                    limit = self._limit(client)
                submit_more()
                self._check(client)
            # The suspects, one at a time and alone: only the culprit dies again.
            for args in suspects:
                fut = client.submit(_run_one, fn, *args, key=f"casefile-suspect-{uuid.uuid4().hex}", pure=False)
                try:
                    value = fut.result()
                except CancelledError as exc:
                    raise CasefileError("E313", f"{args[0]} was cancelled ({exc}); the client is {client.status}")
                except KilledWorker as exc:
                    yield args, None, CasefileError("E180", f"{exc.allowed_failures + 1} worker processes died reading it,"
                                                    " twice (a crash in a native library, or out of memory?)")
                except Exception as exc:
                    yield args, None, CasefileError("E199", f"on a Dask worker: {type(exc).__name__}: {exc}")
                else:
                    yield args, value, None
                finally:
                    fut.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    @staticmethod
    def _limit(client: Any) -> int:
        return PER_THREAD * max(1, sum(client.nthreads().values()))

    @staticmethod
    def _check(client: Any) -> None:
        if client.status not in ("running", "connecting"):
            raise CasefileError("E313", f"the client is {client.status}")
