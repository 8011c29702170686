"""A real `casefile serve` process over a store made by a real `casefile run`.

The store is the bundled samples plus a hostile report written here; each
test gets its own copy of it (SQLite) and its own server on a free loopback
port, so no test sees another's decisions.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, free_port

CASEFILE = [sys.executable, "-m", "pipeline.cli"]
SAMPLES = REPO / "corpus" / "samples"

#: Written for these tests: an event sentence carrying markup, and more markup around it.
HOSTILE_SENTENCE = "Police detained the activist Wang Lin <script>document.title='pwned'</script> in Wuhan on 3 March 2021."
HOSTILE = (
    "Chengdu, 5 March 2021. " + HOSTILE_SENTENCE + " A relative wrote <img src=x onerror=alert(1)> and shared "
    '<a href="javascript:alert(2)">a link</a> about it.\n'
)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*CASEFILE, *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          env={**os.environ, **(env or {})})


def reports(folder: Path) -> list[Path]:
    """The samples and the hostile report, as inputs of one run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return [SAMPLES, folder]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A SQLite store made once by `casefile run` over the samples and the hostile report."""
    tmp = tmp_path_factory.mktemp("store")
    db = tmp / "casefile.db"
    res = cli("run", *reports(tmp / "extra"), "--db", f"sqlite:///{db}", "--no-progress")
    assert res.returncode == 0, res.stderr
    return db


@dataclass
class Server:
    url: str  # http://127.0.0.1:PORT
    db: str  # the store URL it serves
    proc: subprocess.Popen


def start_server(db_url: str, *extra: str, env: dict[str, str] | None = None, host: str = "127.0.0.1",
                 ready_status: int = 200) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [*CASEFILE, "serve", "--db", db_url, "--host", host, "--port", str(port), "--reviewer", "tester", *extra],
        cwd=REPO, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    import httpx

    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"casefile serve exited {proc.returncode}: {proc.stderr.read()}")
        try:
            if httpx.get(url + "/static/serve.js", timeout=2).status_code == ready_status:
                return Server(url, db_url, proc)
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("casefile serve did not answer within 60 s")
        time.sleep(0.2)


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    server.proc.stdout.close()
    server.proc.stderr.close()


@pytest.fixture
def store_copy(sample_db, tmp_path) -> str:
    """URL of this test's own copy of the sample store."""
    db = tmp_path / "casefile.db"
    shutil.copyfile(sample_db, db)
    return f"sqlite:///{db}"


@pytest.fixture
def server(store_copy) -> Iterator[Server]:
    srv = start_server(store_copy)
    yield srv
    stop_server(srv)
