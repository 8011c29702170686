"""The two database drivers behind one tiny interface.

The store writes SQL once, with ``?`` placeholders; a backend only opens the
connection, translates the placeholders for its driver and runs a block of
statements as one transaction (committed whole, or not at all: what makes a
killed run resumable).
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from pipeline.errors import CasefileError
from pipeline.store.url import StoreURL

log = logging.getLogger(__name__)

Row = dict[str, Any]


class Tx:
    """A cursor inside one transaction."""

    def __init__(self, cursor: Any, placeholder: str):
        self._cur = cursor
        self._ph = placeholder

    def _sql(self, sql: str) -> str:
        return sql if self._ph == "?" else sql.replace("?", self._ph)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cur.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cur.execute(self._sql(sql), tuple(params))
        names = [d[0] for d in self._cur.description]
        return [dict(zip(names, row)) for row in self._cur.fetchall()]


class Backend(Protocol):
    kind: str

    def transaction(self, write: bool = True) -> Any: ...

    def close(self) -> None: ...


class SQLiteBackend:
    kind = "sqlite"

    def __init__(self, url: StoreURL):
        assert url.path is not None
        try:
            if url.path.parent and not url.path.parent.exists():
                raise CasefileError("E201", f"{url}: folder {url.path.parent} does not exist")
            self._conn = sqlite3.connect(str(url.path), timeout=60, isolation_level=None)
            # WAL: a reader (the audit page) never blocks the writer; a commit
            # survives the process being killed right after it.
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise CasefileError("E201", f"{url}: {exc}") from exc

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        cur = self._conn.cursor()
        # A writer takes the lock at once (no deadlock between two runs); a
        # reader does not block a run that is writing.
        cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield Tx(cur, "?")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


class PostgresBackend:
    kind = "postgresql"

    def __init__(self, url: StoreURL):
        try:
            import psycopg
        except ImportError as exc:  # psycopg is a declared dependency; say so plainly if it is missing
            raise CasefileError("E201", "PostgreSQL needs the psycopg package (pip install 'psycopg[binary]')") from exc
        try:
            self._conn = psycopg.connect(url.url, autocommit=True)
        except psycopg.Error as exc:
            raise CasefileError("E201", f"{_redact(url.url)}: {exc}") from exc

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        with self._conn.transaction(), self._conn.cursor() as cur:
            yield Tx(cur, "%s")

    def close(self) -> None:
        self._conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and ":" in url.split("://", 1)[1].split("@", 1)[0]:
        scheme, rest = url.split("://", 1)
        cred, host = rest.split("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}"
    return url


def open_backend(url: StoreURL) -> SQLiteBackend | PostgresBackend:
    return SQLiteBackend(url) if url.kind == "sqlite" else PostgresBackend(url)
