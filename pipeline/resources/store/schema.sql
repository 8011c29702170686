-- casefile store, schema version 3 (store.SCHEMA_VERSION).
-- One schema for SQLite and PostgreSQL: portable types only, text ids (no
-- auto-increment), timestamps as ISO 8601 text, JSON as text.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- runs: one row per `casefile run`; a run that was killed stays 'running'
-- (its finished documents are kept and the next run skips them).
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
    inputs TEXT NOT NULL,
    casefile_version TEXT NOT NULL,
    n_ok INTEGER,
    n_failed INTEGER,
    n_skipped INTEGER
);

-- documents: one row per input, ok or error. sha256 is of the file's bytes
-- (with the casefile version, what decides that an input is unchanged);
-- text is the decoded document that evidence offsets point into.
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    language TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error TEXT,
    error_code TEXT,
    n_events INTEGER NOT NULL,
    text TEXT,
    casefile_version TEXT NOT NULL,
    run_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- events: the latest extraction, one row per record; record is the full
-- DetentionEvent as JSON. Replaced whole when its document changes.
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    person_key TEXT NOT NULL,
    person_name TEXT NOT NULL,
    date_iso TEXT,
    location TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    record TEXT NOT NULL,
    run_id TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);

CREATE INDEX IF NOT EXISTS events_person ON events (person_key);

-- events_queue (schema 3, additive): the review queue (casefile serve) walks
-- events in document order and filters on these columns; holding them all in
-- the index spares reading every record's JSON on each page.
CREATE INDEX IF NOT EXISTS events_queue ON events (doc_id, evidence_start, event_id, event_type, person_name, date_iso, confidence);

-- persons: one row per person of the reviewed events (rejected ones left
-- out, edited ones as edited), recomputed whenever their events change.
CREATE TABLE IF NOT EXISTS persons (
    person_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT,
    aliases TEXT NOT NULL,
    n_events INTEGER NOT NULL
);

-- reviews: the latest decision per event, with the record as decided;
-- never touched by a run. review_log keeps every decision.
CREATE TABLE IF NOT EXISTS reviews (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    person_key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'edited')),
    record TEXT NOT NULL,
    reviewer TEXT,
    note TEXT,
    decided_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS review_log (
    event_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    record TEXT NOT NULL,
    reviewer TEXT,
    note TEXT,
    decided_at TEXT NOT NULL
);
