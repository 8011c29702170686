"""A real Dask cluster on loopback, and a 200-document corpus, shared per module.

The cluster is what `README.md` tells a user to start: `dask scheduler` and
two `dask worker` processes (`--nworkers 1 --nthreads 1`, each under its
nanny, which restarts a worker that dies), started from the venv's own
`dask` command on free ports and torn down after the module.

Two settings differ from a production cluster, both to keep the tests short:
the scheduler allows one worker death per task (``allowed-failures: 1``
instead of distributed's 3), and the workers' environment sets the
test-only ``CASEFILE_TEST_CRASH_ON=crash-me`` (pipeline/engines/dask.py), so
the input ``crash-me.txt`` kills the worker that reads it, and only that.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.store import open_store
from tests.conftest import REPO, SHARED, free_port

DASK = Path(sys.executable).parent / "dask"  # the venv's, never another one on PATH
CRASH_ON = "crash-me"
N_DOCS = 200


@dataclass
class Cluster:
    address: str
    procs: list[subprocess.Popen]

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=30)

    def wait_ready(self, n: int = 2, timeout: float = 120) -> None:
        """Until ``n`` workers are connected (a killed one is back from its nanny)."""
        with self.client() as c:
            c.wait_for_workers(n, timeout=timeout)

    def worker_pids(self) -> dict[str, int]:
        with self.client() as c:
            return c.run(os.getpid)


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in reversed(procs):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    if not DASK.exists():
        pytest.fail(f"{DASK} is missing: the test extra installs dask and distributed (pip install -e '.[test]')")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask-logs")
    env = {
        **os.environ,
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        "CASEFILE_TEST_CRASH_ON": CRASH_ON,
    }
    procs: list[subprocess.Popen] = []

    def start(args: list[str], log_name: str) -> None:
        procs.append(subprocess.Popen(
            [str(DASK), *args], env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=(logs / log_name).open("w"),
        ))

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], "scheduler.log")
        for i in range(2):
            start([
                "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                "--no-dashboard", "--name", f"w{i}", "--memory-limit", "0",
            ], f"worker{i}.log")
        cluster = Cluster(address, procs)
        deadline = time.monotonic() + 60
        while True:
            try:
                cluster.wait_ready(2, timeout=60)
                break
            except OSError:  # the scheduler is not listening yet
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise
                time.sleep(0.5)
        yield cluster
    finally:
        _stop(procs)


def _sources() -> list[Path]:
    """The bundled samples, then the shared corpus's texts when it is there."""
    files = sorted((REPO / "corpus" / "samples").glob("*.txt"))
    for split in ("dev", "train"):
        folder = SHARED / "corpus" / split / "docs"
        if folder.is_dir():
            files += sorted(folder.glob("*.txt"))
    return files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """200 reports under distinct names: the sources, cycled (each copy is its own document)."""
    folder = tmp_path_factory.mktemp("corpus") / "reports"
    folder.mkdir()
    sources = _sources()
    for i in range(N_DOCS):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:03d}-{src.stem}.txt")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> str:
    """The corpus through the local engine: the store every Dask run must equal."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'local.db'}"
    done = subprocess.run(
        casefile("run", str(corpus), "--db", url, "--engine", "local", "--workers", "2", "--no-progress"),
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr
    assert f"{N_DOCS} documents: {N_DOCS} ok" in done.stderr, done.stderr
    return url


def store_rows(url: str) -> dict[str, set[tuple]]:
    """documents, events and persons, row for row, without run ids and timestamps."""
    volatile = {"run_id", "updated_at"}
    with open_store(url) as store:
        return {t: {tuple(sorted((k, v) for k, v in r.items() if k not in volatile)) for r in store.table(t)}
                for t in ("documents", "events", "persons")}


def casefile(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]
