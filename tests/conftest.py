"""Shared fixtures. Tests that read the real reports in ../shared skip without it."""
from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CASEFILE_SHARED", REPO.parent / "shared"))
DEV_DOCS = SHARED / "corpus" / "dev" / "docs"

needs_shared = pytest.mark.skipif(
    not DEV_DOCS.is_dir(),
    reason=f"the shared dev corpus is not at {SHARED} (set CASEFILE_SHARED); CI always has it",
)



def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not DEV_DOCS.is_dir():
        pytest.skip(f"the shared dev corpus is not at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def dev_doc():
    def read(doc_id: str) -> str:
        path = DEV_DOCS / f"{doc_id}.txt"
        if not path.is_file():
            pytest.skip(f"{path} is not available")
        return path.read_text(encoding="utf-8")

    return read


# -- stores: real SQLite files and a real PostgreSQL server (issue 4) ---------

PG_URL = os.environ.get("CASEFILE_TEST_PG")
needs_pg = pytest.mark.skipif(
    not PG_URL,
    reason="set CASEFILE_TEST_PG=postgresql://... to test PostgreSQL (.ci/run starts one: scripts/pg-test-server.sh)",
)


def _fresh_pg_database() -> tuple[str, str]:
    """A new, empty database on the test server: (its URL, its name)."""
    import uuid

    import psycopg

    name = "casefile_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}", name


def _drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url():
    """URL of a fresh PostgreSQL database, dropped after the test."""
    if not PG_URL:
        pytest.skip("CASEFILE_TEST_PG is not set: no PostgreSQL server to test against")
    url, name = _fresh_pg_database()
    yield url
    _drop_pg_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh store URL for each backend: SQLite file, then PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'casefile.db'}"
    else:
        yield request.getfixturevalue("pg_url")


# -- a real headless Chromium (the audit page, the review app) ---------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Run as root on a closed network: no sandbox, GPU, background or first-run traffic.
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


# -- known failures of the learned event scorer, as strict xfails ------------

def pytest_collection_modifyitems(config, items):
    from tests.known_failures import KNOWN_FAILURES, REASON

    for item in items:
        if item.nodeid in KNOWN_FAILURES:
            item.add_marker(pytest.mark.xfail(strict=True, reason=REASON))
