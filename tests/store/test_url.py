from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import CasefileError
from pipeline.store import parse_url


@pytest.mark.parametrize(
    "url,kind,path",
    [
        ("sqlite:///casefile.db", "sqlite", Path("casefile.db")),
        ("sqlite:///data/x.db", "sqlite", Path("data/x.db")),
        ("sqlite:////tmp/abs.db", "sqlite", Path("/tmp/abs.db")),
        ("plain.db", "sqlite", Path("plain.db")),
        ("postgresql://u:p@localhost:5432/db", "postgresql", None),
        ("postgres://u@h/db", "postgresql", None),
        ("postgresql+psycopg://u@h/db", "postgresql", None),
    ],
)
def test_parse_url(url, kind, path):
    parsed = parse_url(url)
    assert parsed.kind == kind
    assert parsed.path == path
    if kind == "postgresql":
        assert parsed.url.startswith("postgresql://")


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://host/x.db", "sqlite:///"])
def test_bad_urls_are_coded_errors(url):
    with pytest.raises(CasefileError) as info:
        parse_url(url)
    assert info.value.code == "E201"
