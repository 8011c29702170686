"""The casefile store: documents, events, persons, runs and reviews.

Writes are per document and atomic: a document's row, its events and the
persons they touch change in one transaction, so a run killed at any moment
leaves every document either fully written or untouched, and the next run
picks up where it stopped.

A researcher's review decisions live in their own table keyed by event id.
Re-extraction replaces ``events`` freely and never touches ``reviews``; the
reviewed view (:meth:`Store.reviewed_events`) lays the decisions over the
latest extraction: a rejected event stays out, an accepted or edited one
stays in as the person decided it, even if the extractor no longer finds it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Literal

from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent, Person
from pipeline.store.backends import Row, Tx, open_backend
from pipeline.store.url import DEFAULT_URL, StoreURL, parse_url

log = logging.getLogger(__name__)

SCHEMA_VERSION = "3"  # 3: documents.format, .pages, .metadata and status skipped (issue 8); the people tables (issue 10)
TABLES: tuple[str, ...] = (
    "meta", "runs", "documents", "events", "persons", "reviews", "review_log",
    # people across reports (pipeline/people)
    "identities", "identity_links", "steps", "step_records", "conflicts", "person_decisions",
)
#: Versions whose stores become this one by the schema's CREATE ... IF NOT EXISTS alone
#: (none for 3: version 2's documents table lacks the format columns and the skipped status).
ADDITIVE_FROM: frozenset[str] = frozenset()
Decision = Literal["accepted", "rejected", "edited"]
DECISIONS: tuple[str, ...] = ("accepted", "rejected", "edited")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def schema_statements() -> list[str]:
    """The statements of ``resources/store/schema.sql``, comments removed."""
    text = resources.files("pipeline.resources").joinpath("store", "schema.sql").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE) if s.strip()]


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in text if c.isalnum())


def person_key(person: Person) -> str:
    """Persons across documents are one when their folded names agree.

    The Chinese name wins when the record has one, so "Wang Lin (王林)" in an
    English report and 王林 in a Chinese one are the same person.
    """
    basis = _fold(person.name_zh or person.name) or person.name
    return "p_" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def event_record(event: DetentionEvent) -> str:
    """The full record as stored: the model's JSON, which loads back losslessly."""
    return json.dumps(event.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def load_event(record: str | dict) -> DetentionEvent:
    data = json.loads(record) if isinstance(record, str) else record
    return DetentionEvent.model_validate(data)


@dataclass(frozen=True)
class DocumentResult:
    """What a run learned about one input, ready to be written."""

    doc_id: str
    path: str
    sha256: str
    status: Literal["ok", "error", "skipped"]
    language: str | None = None
    error: str | None = None
    error_code: str | None = None
    text: str | None = None
    events: Sequence[DetentionEvent] = ()
    format: str | None = None
    pages: Sequence[tuple[int, int, int]] = ()
    metadata: dict | None = None


@dataclass(frozen=True)
class Review:
    event_id: str
    doc_id: str
    decision: Decision
    record: DetentionEvent
    reviewer: str | None
    note: str | None
    decided_at: str


@dataclass(frozen=True)
class ReviewedEvent:
    """An event as a researcher should see it: the review laid over extraction."""

    event: DetentionEvent
    status: Literal["unreviewed", "accepted", "rejected", "edited"]
    review: Review | None = None
    extracted: DetentionEvent | None = None  # the latest extraction, when there is one
    stale: bool = False  # reviewed, but the latest extraction no longer finds it

    @property
    def event_id(self) -> str:
        return self.event.event_id


@dataclass
class Store:
    """A store at a URL. Use :func:`open_store`; close it (or use ``with``)."""

    url: StoreURL
    _backend: Any = field(repr=False, default=None)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def tx(self, write: bool = True) -> Any:
        return self._backend.transaction(write)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of one read-only statement, as dicts."""
        with self.tx(write=False) as tx:
            return tx.query(sql, params)

    # -- schema ---------------------------------------------------------------

    def create_schema(self) -> None:
        with self.tx() as tx:
            for stmt in schema_statements():
                tx.execute(stmt)
            rows = tx.query("SELECT value FROM meta WHERE key = ?", ("schema_version",))
            if not rows:
                tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("schema_version", SCHEMA_VERSION))
            elif rows[0]["value"] in ADDITIVE_FROM:
                tx.execute("UPDATE meta SET value = ? WHERE key = ?", (SCHEMA_VERSION, "schema_version"))
            elif rows[0]["value"] != SCHEMA_VERSION:
                raise CasefileError(
                    "E202", f"{self.url}: schema version {rows[0]['value']}, this casefile needs {SCHEMA_VERSION}"
                )

    # -- runs -----------------------------------------------------------------

    def begin_run(self, inputs: Iterable[str], version: str) -> str:
        run_id = "run_" + uuid.uuid4().hex[:16]
        with self.tx() as tx:
            tx.execute(
                "INSERT INTO runs (run_id, started_at, status, inputs, casefile_version) VALUES (?, ?, ?, ?, ?)",
                (run_id, now(), "running", json.dumps(list(inputs), ensure_ascii=False), version),
            )
        return run_id

    def finish_run(self, run_id: str, n_ok: int, n_failed: int, n_skipped: int) -> None:
        with self.tx() as tx:
            tx.execute(
                "UPDATE runs SET finished_at = ?, status = ?, n_ok = ?, n_failed = ?, n_skipped = ? WHERE run_id = ?",
                (now(), "finished", n_ok, n_failed, n_skipped, run_id),
            )

    # -- documents ------------------------------------------------------------

    def document_state(self, doc_id: str) -> Row | None:
        rows = self.query(
            "SELECT doc_id, path, sha256, status, error, casefile_version FROM documents WHERE doc_id = ?", (doc_id,)
        )
        return rows[0] if rows else None

    def document_states(self) -> dict[str, Row]:
        rows = self.query("SELECT doc_id, path, sha256, status, error, casefile_version FROM documents")
        return {r["doc_id"]: r for r in rows}

    def save(self, result: DocumentResult, run_id: str, version: str) -> int:
        """Replace everything the store holds for one document, atomically.

        Returns the number of events written. Events are de-duplicated by id
        (the first wins) so a repeated record cannot break the write.
        """
        events: dict[str, DetentionEvent] = {}
        for ev in result.events:
            if ev.doc_id != result.doc_id:
                raise ValueError(f"event {ev.event_id} belongs to {ev.doc_id}, not {result.doc_id}")
            events.setdefault(ev.event_id, ev)
        ts = now()
        with self.tx() as tx:
            old_keys = {r["person_key"] for r in tx.query("SELECT person_key FROM events WHERE doc_id = ?", (result.doc_id,))}
            tx.execute("DELETE FROM events WHERE doc_id = ?", (result.doc_id,))
            tx.execute("DELETE FROM documents WHERE doc_id = ?", (result.doc_id,))
            pages = json.dumps([list(p) for p in result.pages]) if result.pages else None
            metadata = json.dumps(result.metadata, ensure_ascii=False, sort_keys=True) if result.metadata else None
            tx.execute(
                "INSERT INTO documents (doc_id, path, sha256, language, status, error, error_code, n_events, text,"
                " format, pages, metadata, casefile_version, run_id, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.doc_id, result.path, result.sha256, result.language, result.status, result.error,
                    result.error_code, len(events), result.text, result.format, pages, metadata, version, run_id, ts,
                ),
            )
            rows = []
            new_keys = set()
            for ev in events.values():
                key = person_key(ev.person)
                new_keys.add(key)
                rows.append((
                    ev.event_id, ev.doc_id, ev.event_type, key, ev.person.name,
                    ev.date.iso if ev.date else None, ev.location.name if ev.location else None,
                    ev.evidence.start, ev.evidence.end, ev.evidence.text, ev.confidence, event_record(ev), run_id,
                ))
            tx.executemany(
                "INSERT INTO events (event_id, doc_id, event_type, person_key, person_name, date_iso, location,"
                " evidence_start, evidence_end, evidence_text, confidence, record, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self._refresh_persons(tx, old_keys | new_keys)
        return len(events)

    @staticmethod
    def _refresh_persons(tx: Tx, keys: set[str]) -> None:
        """Recompute the persons rows for ``keys`` from the reviewed events.

        A person's events are the extracted ones nobody reviewed and the
        reviewed ones that were not rejected, as reviewed. The result depends
        only on those, never on the order documents were written in, so
        parallel and resumed runs agree.
        """
        for key in sorted(keys):
            tx.execute("DELETE FROM persons WHERE person_key = ?", (key,))
            rows = tx.query(
                "SELECT record FROM events e WHERE person_key = ?"
                " AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.event_id = e.event_id)",
                (key,),
            )
            rows += tx.query("SELECT record FROM reviews WHERE person_key = ? AND decision <> 'rejected'", (key,))
            recs = [load_event(r["record"]) for r in rows]
            if not recs:
                continue
            names: dict[str, int] = {}
            for ev in recs:
                names[ev.person.name] = names.get(ev.person.name, 0) + 1
            name = min(names, key=lambda n: (-names[n], n))
            zh = sorted({ev.person.name_zh for ev in recs if ev.person.name_zh})
            aliases = sorted({a for ev in recs for a in ev.person.aliases} | (set(names) - {name}))
            tx.execute(
                "INSERT INTO persons (person_key, name, name_zh, aliases, n_events) VALUES (?, ?, ?, ?, ?)",
                (key, name, zh[0] if zh else None, json.dumps(aliases, ensure_ascii=False), len(recs)),
            )

    def documents(self) -> list[Row]:
        """Every document row; ``pages`` and ``metadata`` decoded from JSON (a list, a dict)."""
        rows = self.query(
            "SELECT doc_id, path, sha256, language, status, error, error_code, n_events, text, format, pages,"
            " metadata, run_id, updated_at FROM documents ORDER BY doc_id"
        )
        for r in rows:
            r["pages"] = [tuple(p) for p in json.loads(r["pages"])] if r["pages"] else []
            r["metadata"] = json.loads(r["metadata"]) if r["metadata"] else {}
        return rows

    # -- events and reviews ---------------------------------------------------

    def extracted_events(self, doc_id: str | None = None) -> list[DetentionEvent]:
        sql = "SELECT record FROM events"
        params: tuple[Any, ...] = ()
        if doc_id is not None:
            sql, params = sql + " WHERE doc_id = ?", (doc_id,)
        rows = self.query(sql + " ORDER BY doc_id, evidence_start, event_id", params)
        return [load_event(r["record"]) for r in rows]

    _REVIEW_COLUMNS = "event_id, doc_id, decision, record, reviewer, note, decided_at"

    def reviews(self, event_id: str | None = None) -> dict[str, Review]:
        """Review decisions by event id (all, or the one on ``event_id``)."""
        sql, params = f"SELECT {self._REVIEW_COLUMNS} FROM reviews", ()
        if event_id is not None:
            sql, params = sql + " WHERE event_id = ?", (event_id,)
        return {
            r["event_id"]: Review(
                r["event_id"], r["doc_id"], r["decision"], load_event(r["record"]), r["reviewer"], r["note"], r["decided_at"]
            )
            for r in self.query(sql, params)
        }

    @staticmethod
    def _reviewed(extracted: dict[str, DetentionEvent], reviews: dict[str, Review]) -> list[ReviewedEvent]:
        out: list[ReviewedEvent] = []
        for eid in extracted.keys() | reviews.keys():
            ev, rv = extracted.get(eid), reviews.get(eid)
            if rv is None:
                assert ev is not None
                out.append(ReviewedEvent(ev, "unreviewed", None, ev))
            else:
                out.append(ReviewedEvent(rv.record, rv.decision, rv, ev, stale=ev is None))
        out.sort(key=lambda r: (r.event.doc_id, r.event.evidence.start, r.event.event_id))
        return out

    def reviewed_events(self, include_rejected: bool = True) -> list[ReviewedEvent]:
        """The latest extraction with every review decision applied, in document order."""
        out = self._reviewed({ev.event_id: ev for ev in self.extracted_events()}, self.reviews())
        return out if include_rejected else [r for r in out if r.status != "rejected"]

    def get_event(self, event_id: str) -> ReviewedEvent:
        """One event as reviewed; E203 when the store has no such event."""
        rows = self.query("SELECT record FROM events WHERE event_id = ?", (event_id,))
        extracted = {event_id: load_event(rows[0]["record"])} if rows else {}
        found = self._reviewed(extracted, self.reviews(event_id))
        if not found:
            raise CasefileError("E203", event_id)
        return found[0]

    def review(
        self,
        event_id: str,
        decision: Decision,
        record: DetentionEvent | None = None,
        reviewer: str | None = None,
        note: str | None = None,
    ) -> Review:
        """Store a researcher's decision on one event (the latest decision counts).

        ``record`` is the edited record for ``edited``; for ``accepted`` and
        ``rejected`` the event as currently shown is kept with the decision.
        """
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}")
        current = self.get_event(event_id)
        if decision == "edited":
            if record is None:
                raise ValueError("an edit needs the edited record")
            if record.event_id != event_id:
                raise ValueError("an edited record keeps its event id")
        else:
            record = current.event
        rv = Review(event_id, current.event.doc_id, decision, record, reviewer, note, now())
        touched = {person_key(current.event.person), person_key(record.person)}
        if current.extracted is not None:
            touched.add(person_key(current.extracted.person))
        with self.tx() as tx:
            tx.execute("DELETE FROM reviews WHERE event_id = ?", (event_id,))
            row = (rv.event_id, rv.doc_id, rv.decision, event_record(rv.record), rv.reviewer, rv.note, rv.decided_at)
            tx.execute(
                "INSERT INTO reviews (event_id, doc_id, person_key, decision, record, reviewer, note, decided_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row[:2] + (person_key(record.person),) + row[2:],
            )
            tx.execute(
                "INSERT INTO review_log (event_id, decision, record, reviewer, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                row[:1] + row[2:],
            )
            self._refresh_persons(tx, touched)
        return rv

    # -- inspection -------------------------------------------------------------

    def table(self, name: str) -> list[Row]:
        """Every row of one table, for tests and debugging."""
        if name not in TABLES:
            raise ValueError(f"unknown table {name}")
        return self.query(f"SELECT * FROM {name}")


def open_store(url: str | StoreURL = DEFAULT_URL, create: bool = True, must_exist: bool = False) -> Store:
    """Open (and by default create) the store at ``url``.

    ``must_exist``: for readers (audit, export, review), a SQLite file that is
    not there is an error rather than a new empty store.
    """
    parsed = url if isinstance(url, StoreURL) else parse_url(url)
    if must_exist and parsed.path is not None and not parsed.path.exists():
        raise CasefileError("E201", f"{parsed}: no store at {parsed.path} (casefile run creates it)")
    store = Store(parsed, open_backend(parsed))
    if create:
        try:
            store.create_schema()
        except BaseException:
            store.close()
            raise
    return store
