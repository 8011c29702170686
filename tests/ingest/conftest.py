"""The ``write`` fixture of the format tests (the builders are in makers.py)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path):
    """write(name, content): a file in tmp_path from text, bytes or a builder taking the path."""

    def _write(name: str, content) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            out = content(path)
            if isinstance(out, (bytes, str)):
                content = out
            else:
                return path
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
