-- casefile store, schema version 4 (store.SCHEMA_VERSION).
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

-- documents: one row per input, ok or error, and one per file in a folder
-- of a type casefile does not read, skipped (error holds the reason).
-- sha256 is of the file's bytes (with the casefile version, what decides
-- that an input is unchanged); text is the decoded or extracted document
-- that evidence offsets point into; format is text, html, docx or pdf;
-- pages (JSON) is a PDF's page map, [[start, end, page_no], ...] over text;
-- metadata (JSON) what the source says about itself (title, date).
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    language TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
    error TEXT,
    error_code TEXT,
    n_events INTEGER NOT NULL,
    text TEXT,
    format TEXT,
    pages TEXT,
    metadata TEXT,
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

-- events_queue (schema 4, additive): the review queue (casefile serve) walks
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

-- ---------------------------------------------------------------------------
-- Schema version 3 (issue 10, additive): people across reports, written by
-- the people stage (pipeline/people, `casefile link`, run after every
-- `casefile run`). Recomputed whole in one transaction from the reviewed
-- events, except identities (ids are stable: never renumbered, an absorbed
-- id stays as a row pointing at the id that kept it) and person_decisions
-- (a researcher's, never touched by a run). The persons table above is
-- unchanged.

-- identities: one row per person id ever issued (P000001, ...). status:
-- 'active'; 'absorbed' (merged into merged_into, by the rule in why);
-- 'empty' (its records are gone).
CREATE TABLE IF NOT EXISTS identities (
    person_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('active', 'absorbed', 'empty')),
    merged_into TEXT,
    why TEXT,
    name TEXT,
    name_zh TEXT,
    names TEXT NOT NULL,
    n_records INTEGER NOT NULL,
    n_documents INTEGER NOT NULL,
    n_steps INTEGER NOT NULL,
    n_conflicts INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- identity_links: every link tried between two reports' persons (or a
-- refusal: status 'refused' with the rule against), with the rule id, the
-- reports and the confidence.
CREATE TABLE IF NOT EXISTS identity_links (
    link_id TEXT PRIMARY KEY,
    person_id TEXT,
    rule TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('linked', 'refused')),
    against TEXT,
    doc_a TEXT NOT NULL,
    name_a TEXT NOT NULL,
    doc_b TEXT,
    name_b TEXT,
    docs TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    detail TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS identity_links_person ON identity_links (person_id);

-- steps: custody steps of a person; fields is JSON: each field's value and
-- every record's value with its source.
CREATE TABLE IF NOT EXISTS steps (
    step_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    date_iso TEXT,
    date_precision TEXT,
    n_sources INTEGER NOT NULL,
    fields TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS steps_person ON steps (person_id);

-- step_records: each reviewed event's person and step. auto_id is the id
-- the linker gave before review decisions (what keeps ids stable).
CREATE TABLE IF NOT EXISTS step_records (
    event_id TEXT PRIMARY KEY,
    step_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    auto_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    node_key TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS step_records_person ON step_records (person_id);

-- conflicts: where reports disagree (rule conflict.* or order.*); vals is
-- JSON [{value, event_ids, doc_ids}].
CREATE TABLE IF NOT EXISTS conflicts (
    conflict_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    step_ids TEXT NOT NULL,
    rule TEXT NOT NULL,
    field TEXT NOT NULL,
    vals TEXT NOT NULL,
    detail TEXT NOT NULL
);

-- person_decisions: a researcher's merge/split of persons, applied after
-- every link in seq order (the order they were taken); never touched by a run.
CREATE TABLE IF NOT EXISTS person_decisions (
    decision_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    person_ids TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    new_person_id TEXT,
    reviewer TEXT,
    note TEXT,
    decided_at TEXT NOT NULL
);
