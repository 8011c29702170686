"""Store URLs: ``sqlite:///relative.db``, ``sqlite:////abs/path.db``, ``postgresql://...``."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pipeline.errors import CasefileError

DEFAULT_URL = "sqlite:///casefile.db"


@dataclass(frozen=True)
class StoreURL:
    kind: Literal["sqlite", "postgresql"]
    url: str
    path: Path | None = None  # the database file, for SQLite

    def __str__(self) -> str:
        return self.url


def parse_url(url: str) -> StoreURL:
    """Parse a store URL; a bare file path means SQLite.

    ``sqlite:///casefile.db`` is relative to the working directory,
    ``sqlite:////tmp/x.db`` is absolute (the SQLAlchemy convention).
    """
    if "://" not in url:
        return StoreURL("sqlite", f"sqlite:///{url}", Path(url))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        if parts.netloc:
            raise CasefileError("E201", f"{url}: a SQLite URL has no host (use sqlite:///path)")
        path = url.split("://", 1)[1][1:]
        if not path:
            raise CasefileError("E201", f"{url}: no database file named")
        return StoreURL("sqlite", url, Path(path))
    if scheme in {"postgresql", "postgres"} or scheme.startswith("postgresql+"):
        return StoreURL("postgresql", "postgresql://" + url.split("://", 1)[1])
    raise CasefileError("E201", f"{url}: unknown store (use sqlite:///path or postgresql://...)")
