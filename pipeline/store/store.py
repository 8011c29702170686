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

SCHEMA_VERSION = "4"  # 3: documents.format, .pages, .metadata and status skipped (issue 8); the people tables (issue 10). 4: the events_queue index (issue 11)
TABLES: tuple[str, ...] = (
    "meta", "runs", "documents", "events", "persons", "reviews", "review_log",
    # people across reports (pipeline/people)
    "identities", "identity_links", "steps", "step_records", "conflicts", "person_decisions",
)
#: Older versions whose stores this schema upgrades in place: its statements
#: only add (CREATE ... IF NOT EXISTS), so running them is the migration.
#: 3 -> 4: the events_queue index of the review app. Not 2: its documents table
#: lacks the format columns and the skipped status (E202: rebuild the store).
UPGRADES_FROM: frozenset[str] = frozenset({"3"})
Decision = Literal["accepted", "rejected", "edited"]
DECISIONS: tuple[str, ...] = ("accepted", "rejected", "edited")
#: The decision of a ``review_log`` row that takes back the decision before it.
UNDONE = "undone"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def now_precise() -> str:
    """A decision's timestamp: microseconds, so the order of a reviewer's
    decisions (and their undos) is the order of their ``decided_at``. It sorts
    after a seconds-only timestamp of the same second ("+" < ".")."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


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

    @property
    def version(self) -> str:
        """What a reviewer saw: the latest extraction and the decision on it.

        A form carries it back; a decision on a version that is no longer
        current (re-extracted, or decided in another tab) is refused (E207).
        """
        basis = json.dumps(
            [
                event_record(self.extracted) if self.extracted is not None else None,
                self.status,
                self.review.decided_at if self.review else None,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


QUEUE_STATES: tuple[str, ...] = ("unreviewed", "reviewed", *DECISIONS)


@dataclass(frozen=True)
class QueueFilter:
    """Which extracted events the review queue shows. Empty means any.

    ``date_from``/``date_to`` compare as prefixes, like the audit page:
    ``2020-03`` to ``2020-03`` keeps every date in March 2020 (and no
    year-only date). ``person`` is a case-insensitive part of the name.
    """

    event_type: str = ""
    person: str = ""
    doc_id: str = ""
    date_from: str = ""
    date_to: str = ""
    min_confidence: float | None = None
    max_confidence: float | None = None
    state: str = ""

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """`` WHERE ...`` over ``events e LEFT JOIN reviews r``, and its parameters."""
        terms: list[str] = []
        params: list[Any] = []
        if self.event_type:
            terms.append("e.event_type = ?")
            params.append(self.event_type)
        if self.person:
            terms.append("LOWER(e.person_name) LIKE ?")
            params.append("%" + self.person.lower().replace("%", "").replace("_", "") + "%")
        if self.doc_id:
            terms.append("e.doc_id = ?")
            params.append(self.doc_id)
        if self.date_from:
            terms.append("e.date_iso >= ?")
            params.append(self.date_from)
        if self.date_to:
            terms.append("SUBSTR(e.date_iso, 1, ?) <= ?")
            params += [len(self.date_to), self.date_to]
        if self.min_confidence is not None:
            terms.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if self.max_confidence is not None:
            terms.append("e.confidence <= ?")
            params.append(self.max_confidence)
        if self.state == "unreviewed":
            terms.append("r.event_id IS NULL")
        elif self.state == "reviewed":
            terms.append("r.event_id IS NOT NULL")
        elif self.state in DECISIONS:
            terms.append("r.decision = ?")
            params.append(self.state)
        elif self.state:
            raise ValueError(f"state must be one of {QUEUE_STATES}")
        return (" WHERE " + " AND ".join(terms) if terms else ""), tuple(params)


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
            elif rows[0]["value"] in UPGRADES_FROM:
                log.info("%s: schema %s upgraded to %s", self.url, rows[0]["value"], SCHEMA_VERSION)
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
            "SELECT doc_id, path, sha256, status, error, error_code, casefile_version FROM documents WHERE doc_id = ?", (doc_id,)
        )
        return rows[0] if rows else None

    def document_states(self) -> dict[str, Row]:
        rows = self.query("SELECT doc_id, path, sha256, status, error, error_code, casefile_version FROM documents")
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
            # Only the persons are read, as stored (a Person's fields are plain
            # strings, which validation passes through): a frequent person's
            # every record is read at each document that names them, and
            # validating whole records was most of a document's write.
            people = [json.loads(r["record"])["person"] for r in rows]
            if not people:
                continue
            names: dict[str, int] = {}
            for p in people:
                names[p["name"]] = names.get(p["name"], 0) + 1
            name = min(names, key=lambda n: (-names[n], n))
            zh = sorted({p["name_zh"] for p in people if p.get("name_zh")})
            aliases = sorted({a for p in people for a in p.get("aliases", ())} | (set(names) - {name}))
            tx.execute(
                "INSERT INTO persons (person_key, name, name_zh, aliases, n_events) VALUES (?, ?, ?, ?, ?)",
                (key, name, zh[0] if zh else None, json.dumps(aliases, ensure_ascii=False), len(people)),
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
        with self.tx(write=False) as tx:
            return self._reviews(tx, event_id)

    @classmethod
    def _reviews(cls, tx: Tx, event_id: str | None = None) -> dict[str, Review]:
        sql, params = f"SELECT {cls._REVIEW_COLUMNS} FROM reviews", ()
        if event_id is not None:
            sql, params = sql + " WHERE event_id = ?", (event_id,)
        return {rv.event_id: rv for rv in cls._review_rows(tx.query(sql, params))}

    @staticmethod
    def _review_rows(rows: list[Row]) -> list[Review]:
        return [
            Review(r["event_id"], r["doc_id"], r["decision"], load_event(r["record"]), r["reviewer"], r["note"], r["decided_at"])
            for r in rows
        ]

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

    @classmethod
    def _get_event(cls, tx: Tx, event_id: str) -> ReviewedEvent:
        rows = tx.query("SELECT record FROM events WHERE event_id = ?", (event_id,))
        extracted = {event_id: load_event(rows[0]["record"])} if rows else {}
        found = cls._reviewed(extracted, cls._reviews(tx, event_id))
        if not found:
            raise CasefileError("E203", event_id)
        return found[0]

    def get_event(self, event_id: str) -> ReviewedEvent:
        """One event as reviewed; E203 when the store has no such event."""
        with self.tx(write=False) as tx:
            return self._get_event(tx, event_id)

    def review(
        self,
        event_id: str,
        decision: Decision,
        record: DetentionEvent | None = None,
        reviewer: str | None = None,
        note: str | None = None,
        expected_version: str | None = None,
    ) -> Review:
        """Store a researcher's decision on one event (the latest decision counts).

        ``record`` is the edited record for ``edited``; for ``accepted`` and
        ``rejected`` the event as currently shown is kept with the decision.
        ``expected_version``: the :attr:`ReviewedEvent.version` the reviewer
        decided on; when the event has changed since (re-extracted, or decided
        elsewhere) nothing is written and E207 is raised. The check and the
        write are one transaction.
        """
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}")
        if decision == "edited":
            if record is None:
                raise ValueError("an edit needs the edited record")
            if record.event_id != event_id:
                raise ValueError("an edited record keeps its event id")
        with self.tx() as tx:
            current = self._get_event(tx, event_id)
            if expected_version is not None and current.version != expected_version:
                raise CasefileError("E207", f"{event_id} is now {current.status}, version {current.version}")
            if decision != "edited":
                record = current.event
            assert record is not None
            rv = Review(event_id, current.event.doc_id, decision, record, reviewer, note, now_precise())
            touched = {person_key(current.event.person), person_key(record.person)}
            if current.extracted is not None:
                touched.add(person_key(current.extracted.person))
            self._write_review(tx, rv)
            tx.execute(
                "INSERT INTO review_log (event_id, decision, record, reviewer, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                (rv.event_id, rv.decision, event_record(rv.record), rv.reviewer, rv.note, rv.decided_at),
            )
            self._refresh_persons(tx, touched)
        return rv

    @staticmethod
    def _write_review(tx: Tx, rv: Review) -> None:
        tx.execute("DELETE FROM reviews WHERE event_id = ?", (rv.event_id,))
        tx.execute(
            "INSERT INTO reviews (event_id, doc_id, person_key, decision, record, reviewer, note, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rv.event_id, rv.doc_id, person_key(rv.record.person), rv.decision, event_record(rv.record),
             rv.reviewer, rv.note, rv.decided_at),
        )

    def undo(self, event_id: str, expected_decided_at: str | None = None, reviewer: str | None = None) -> Review | None:
        """Take back the decision in force on ``event_id``, in one transaction.

        The decision before it (from ``review_log``) is in force again, or the
        event is unreviewed when there was none. The log keeps everything: the
        undo is one more row, decision ``undone``, with the record it took
        back. Returns the decision now in force (None: unreviewed).
        ``expected_decided_at``: the decision the reviewer means to undo; E207
        when another one is in force by now. E208 when nothing is decided.
        """
        with self.tx() as tx:
            current = self._reviews(tx, event_id).get(event_id)
            if current is None:
                raise CasefileError("E208", f"{event_id} has no decision in force")
            if expected_decided_at is not None and current.decided_at != expected_decided_at:
                raise CasefileError("E207", f"{event_id}: the decision in force is of {current.decided_at}")
            history = self._history(tx, event_id)
            undone = history.pop() if history else current
            tx.execute(
                "INSERT INTO review_log (event_id, decision, record, reviewer, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                (event_id, UNDONE, event_record(undone.record), reviewer,
                 f"undid {undone.decision} of {undone.decided_at}", now_precise()),
            )
            touched = {person_key(current.record.person)}
            rows = tx.query("SELECT person_key FROM events WHERE event_id = ?", (event_id,))
            touched |= {r["person_key"] for r in rows}
            if history:
                previous = history[-1]
                self._write_review(tx, previous)
                touched.add(person_key(previous.record.person))
            else:
                tx.execute("DELETE FROM reviews WHERE event_id = ?", (event_id,))
                previous = None
            self._refresh_persons(tx, touched)
        return previous

    @staticmethod
    def _history(tx: Tx, event_id: str) -> list[Review]:
        """The decisions still standing on one event, oldest first (the last is
        the one in force): the log replayed, each ``undone`` taking back the
        decision before it."""
        rows = tx.query(
            "SELECT event_id, decision, record, reviewer, note, decided_at FROM review_log"
            " WHERE event_id = ? ORDER BY decided_at",
            (event_id,),
        )
        stack: list[Review] = []
        for r in rows:
            if r["decision"] == UNDONE:
                if stack:
                    stack.pop()
                continue
            record = load_event(r["record"])
            stack.append(Review(r["event_id"], record.doc_id, r["decision"], record, r["reviewer"], r["note"], r["decided_at"]))
        return stack

    def last_decision(self) -> Review | None:
        """The most recent decision in force on any event (what "undo" takes back)."""
        rows = self.query(f"SELECT {self._REVIEW_COLUMNS} FROM reviews ORDER BY decided_at DESC, event_id LIMIT 1")
        return self._review_rows(rows)[0] if rows else None

    # -- the review queue (casefile serve) ---------------------------------------

    _QUEUE_FROM = "FROM events e LEFT JOIN reviews r ON r.event_id = e.event_id"
    _QUEUE_ORDER = "e.doc_id, e.evidence_start, e.event_id"  # the order of the events_queue index
    _QUEUE_PARTS = ("r.event_id IS NULL", "r.event_id IS NOT NULL")  # unreviewed first

    def _queue_counts(self, tx: Tx, flt: QueueFilter) -> list[int]:
        where, params = flt.sql()
        return [
            int(tx.query(f"SELECT COUNT(*) AS n {self._QUEUE_FROM}{where}{' AND' if where else ' WHERE'} {part}",
                         params)[0]["n"])
            for part in self._QUEUE_PARTS
        ]

    def queue_ids(self, flt: QueueFilter, offset: int = 0, limit: int = 1) -> tuple[list[str], int]:
        """Event ids of one page of the queue, and how many events match.

        Only the latest extraction is queued (a reviewed event that is no
        longer extracted shows on its person's and document's pages);
        unreviewed events come first, then document order. Each part is read
        in the order of the ``events_queue`` index, which also holds every
        filtered column, so a page costs an index walk, not a read of every
        record; records are loaded by the caller for the page only.
        """
        where, params = flt.sql()
        offset, limit = max(0, offset), max(1, limit)
        ids: list[str] = []
        with self.tx(write=False) as tx:
            counts = self._queue_counts(tx, flt)
            for part, n in zip(self._QUEUE_PARTS, counts):
                if offset >= n:
                    offset -= n
                    continue
                rows = tx.query(
                    f"SELECT e.event_id {self._QUEUE_FROM}{where}{' AND' if where else ' WHERE'} {part}"
                    f" ORDER BY {self._QUEUE_ORDER} LIMIT ? OFFSET ?",
                    (*params, limit - len(ids), offset),
                )
                ids += [r["event_id"] for r in rows]
                offset = 0
                if len(ids) >= limit:
                    break
        return ids, sum(counts)

    def queue_position(self, flt: QueueFilter, event_id: str) -> int | None:
        """Where ``event_id`` stands in the filtered queue (0-based), or None."""
        where, params = flt.sql()
        glue = " AND" if where else " WHERE"
        with self.tx(write=False) as tx:
            found = tx.query(
                f"SELECT e.doc_id, e.evidence_start, r.event_id AS reviewed {self._QUEUE_FROM}{where}{glue} e.event_id = ?",
                (*params, event_id),
            )
            if not found:
                return None
            row = found[0]
            part = self._QUEUE_PARTS[row["reviewed"] is not None]
            before = tx.query(
                f"SELECT COUNT(*) AS n {self._QUEUE_FROM}{where}{glue} {part} AND (e.doc_id < ? OR (e.doc_id = ? AND"
                " (e.evidence_start < ? OR (e.evidence_start = ? AND e.event_id < ?))))",
                (*params, row["doc_id"], row["doc_id"], row["evidence_start"], row["evidence_start"], event_id),
            )[0]["n"]
            ahead = self._queue_counts(tx, flt)[0] if row["reviewed"] is not None else 0
        return ahead + int(before)

    def progress(self) -> list[Row]:
        """Per event type of the latest extraction: total, reviewed, and each decision."""
        rows = self.query(
            "SELECT e.event_type, COUNT(*) AS total, COUNT(r.event_id) AS reviewed,"
            " SUM(CASE WHEN r.decision = 'accepted' THEN 1 ELSE 0 END) AS accepted,"
            " SUM(CASE WHEN r.decision = 'rejected' THEN 1 ELSE 0 END) AS rejected,"
            " SUM(CASE WHEN r.decision = 'edited' THEN 1 ELSE 0 END) AS edited"
            " FROM events e LEFT JOIN reviews r ON r.event_id = e.event_id GROUP BY e.event_type ORDER BY e.event_type"
        )
        return [{k: (int(v) if k != "event_type" else v) for k, v in r.items()} for r in rows]

    def events_by_id(self, event_ids: Sequence[str]) -> list[ReviewedEvent]:
        """These events as reviewed, in the order given (unknown ids left out)."""
        with self.tx(write=False) as tx:
            found = {r.event_id: r for r in self._events_by_id(tx, event_ids)}
        return [found[i] for i in event_ids if i in found]

    @classmethod
    def _events_by_id(cls, tx: Tx, event_ids: Sequence[str]) -> list[ReviewedEvent]:
        if not event_ids:
            return []
        marks = ", ".join("?" for _ in event_ids)
        rows = tx.query(f"SELECT record FROM events WHERE event_id IN ({marks})", tuple(event_ids))
        reviews = cls._review_rows(
            tx.query(f"SELECT {cls._REVIEW_COLUMNS} FROM reviews WHERE event_id IN ({marks})", tuple(event_ids))
        )
        extracted = {ev.event_id: ev for ev in (load_event(r["record"]) for r in rows)}
        return cls._reviewed(extracted, {rv.event_id: rv for rv in reviews})

    def events_of(self, doc_id: str | None = None, person: str | None = None) -> list[ReviewedEvent]:
        """The events of one document, or of one person (key), as reviewed and
        in document order, reviewed ones no longer extracted included. A
        person's are those whose record as reviewed names them (an edit can
        move an event to another person). Reads through the indexes on
        ``doc_id`` and ``person_key``."""
        if (doc_id is None) == (person is None):
            raise ValueError("give a document or a person")
        column, value = ("doc_id", doc_id) if doc_id is not None else ("person_key", person)
        with self.tx(write=False) as tx:
            ids = {r["event_id"] for r in tx.query(f"SELECT event_id FROM events WHERE {column} = ?", (value,))}
            ids |= {r["event_id"] for r in tx.query(f"SELECT event_id FROM reviews WHERE {column} = ?", (value,))}
            out = self._events_by_id(tx, sorted(ids))
        return out if person is None else [r for r in out if person_key(r.event.person) == person]

    def document(self, doc_id: str) -> Row | None:
        rows = self.query(
            "SELECT doc_id, path, sha256, language, status, error, error_code, n_events, text, run_id, updated_at"
            " FROM documents WHERE doc_id = ?",
            (doc_id,),
        )
        return rows[0] if rows else None

    def person(self, key: str) -> Row | None:
        rows = self.query("SELECT person_key, name, name_zh, aliases, n_events FROM persons WHERE person_key = ?", (key,))
        return rows[0] if rows else None

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
