"""The Dask engine through a real scheduler and two real workers on loopback.

Every test compares against the local engine's store over the same 200
documents: the Dask engine only decides where documents are computed.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.store import open_store
from tests.engines.conftest import CRASH_ON, N_DOCS, casefile, store_rows
from tests.test_batch import _count_documents

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def events(url: str) -> set[tuple[str, str]]:
    """(event_id, record) of every event, whatever run wrote it."""
    with open_store(url) as store:
        return {(r["event_id"], r["record"]) for r in store.query("SELECT event_id, record FROM events")}


def documents(url: str) -> dict[str, tuple]:
    with open_store(url) as store:
        rows = store.query("SELECT doc_id, status, sha256, n_events, error_code FROM documents")
    return {r["doc_id"]: (r["status"], r["sha256"], r["n_events"], r["error_code"]) for r in rows}


def dask_run(address: str, url: str, *inputs: str) -> subprocess.Popen:
    return subprocess.Popen(
        casefile("run", *inputs, "--db", url, "--engine", "dask", "--scheduler", address, "--workers", "2",
                 "--no-progress"),
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_for_documents(url: str, n: int, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while _count_documents(url) < n and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, f"the run ended before {n} documents were written: {proc.communicate()[1]}"


@pytest.fixture
def list_file(corpus, tmp_path) -> Path:
    """The corpus as a --from-list file: absolute paths, a comment and a blank line."""
    paths = sorted(corpus.glob("*.txt"))
    lines = ["# the 200 test reports", *map(str, paths[:100]), "", *map(str, paths[100:])]
    out = tmp_path / "paths.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("backend,inputs", [("sqlite", "from-list"), ("postgresql", "folder")])
def test_a_dask_run_gives_the_local_engines_store(request, dask_cluster, corpus, reference, tmp_path, backend, inputs):
    url = f"sqlite:///{tmp_path / 'dask.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    args = ["--from-list", str(request.getfixturevalue("list_file"))] if inputs == "from-list" else [str(corpus)]
    proc = dask_run(dask_cluster.address, url, *args)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert f"{N_DOCS} documents: {N_DOCS} ok, 0 failed, 0 skipped" in err, err
    assert "2 workers" in err  # the scheduler the run talked to
    assert events(url) == events(reference)
    assert documents(url) == documents(reference)
    # A second run over the same inputs adds nothing.
    again = dask_run(dask_cluster.address, url, *args)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0 and f"{N_DOCS} skipped (unchanged); 0 events written" in err, err


def test_a_worker_killed_mid_run_loses_nothing(dask_cluster, corpus, reference, tmp_path):
    url = f"sqlite:///{tmp_path / 'killed-worker.db'}"
    dask_cluster.wait_ready(2)
    proc = dask_run(dask_cluster.address, url, str(corpus))
    wait_for_documents(url, 40, proc)
    with dask_cluster.client() as client:
        busy = [addr for addr, keys in client.processing().items() if keys]
        pids = client.run(os.getpid)
    assert busy, "no worker was computing a document"
    os.kill(pids[busy[0]], signal.SIGKILL)  # a worker with a document in flight
    assert proc.poll() is None, "the run ended before the worker was killed"
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert f"{N_DOCS} documents: {N_DOCS} ok, 0 failed" in err, err
    assert events(url) == events(reference) and documents(url) == documents(reference)
    with dask_cluster.client() as client:
        assert busy[0] not in client.run(os.getpid)  # the worker was replaced: it really died
    dask_cluster.wait_ready(2)


def test_a_killed_client_restarted_ends_with_the_same_store(dask_cluster, corpus, reference, tmp_path):
    url = f"sqlite:///{tmp_path / 'killed-client.db'}"
    dask_cluster.wait_ready(2)
    proc = dask_run(dask_cluster.address, url, str(corpus))
    wait_for_documents(url, 60, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    written = _count_documents(url)
    assert 0 < written < N_DOCS, written
    resumed = dask_run(dask_cluster.address, url, str(corpus))
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert f"{N_DOCS - written} ok, 0 failed, {written} skipped" in err, err
    got, want = store_rows(url), store_rows(reference)
    for table in want:
        assert got[table] == want[table], (table, len(got[table] ^ want[table]))


def test_a_document_that_kills_its_workers_becomes_an_error_row(dask_cluster, corpus, reference, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    innocent = sorted(corpus.glob("*.txt"))[:6]
    for src in innocent:
        shutil.copyfile(src, folder / src.name)
    shutil.copyfile(innocent[0], folder / f"{CRASH_ON}.txt")
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    dask_cluster.wait_ready(2)
    summary = run_batch([folder], url, engine="dask", scheduler=dask_cluster.address, workers=2)
    assert (summary.total, summary.ok, summary.failed) == (7, 6, 1)
    docs = documents(url)
    status, sha, n_events, code = docs[CRASH_ON]
    assert (status, n_events, code) == ("error", 0, "E180") and sha  # stored with its bytes' hash
    with open_store(url) as store:
        assert "worker died" in store.document_state(CRASH_ON)["error"]
    ref = documents(reference)
    assert {d: docs[d] for d in docs if d != CRASH_ON} == {p.stem: ref[p.stem] for p in innocent}
    ref_events = {(i, r) for i, r in events(reference) if any(f'"doc_id": "{p.stem}"' in r for p in innocent)}
    assert events(url) == ref_events
    dask_cluster.wait_ready(2)
    # Unchanged, it is not sent to the workers again: skipped, and still reported.
    again = run_batch([folder], url, engine="dask", scheduler=dask_cluster.address, workers=2)
    assert (again.skipped, again.skipped_failed, again.exit_code) == (7, 1, 1)
