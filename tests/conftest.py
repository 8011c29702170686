"""Shared fixtures. Tests that read the real reports in ../shared skip without it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CASEFILE_SHARED", REPO.parent / "shared"))
DEV_DOCS = SHARED / "corpus" / "dev" / "docs"

needs_shared = pytest.mark.skipif(
    not DEV_DOCS.is_dir(),
    reason=f"the shared dev corpus is not at {SHARED} (set CASEFILE_SHARED); CI always has it",
)


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
