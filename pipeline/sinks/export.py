"""Export the reviewed events of a store for downstream databases.

JSONL carries each record in the guidelines' output format plus its review;
CSV and Parquet carry one flat row per event (the columns in
:data:`COLUMNS`) with the full record as JSON in ``record``. A quote from a
PDF carries its page everywhere: ``evidence.page`` in the JSON, the
``evidence_page`` column in the flat formats. Every format
shows the reviewed state: rejected events are left out (unless asked for),
edited ones appear as edited. ``event_id`` is stable across runs.
"""
from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

from pipeline.store import ReviewedEvent, Store, open_store

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")  # one row per event
#: The persons formats: one row per person (pipeline/people), with names, ids and steps.
PERSON_FORMATS: tuple[str, ...] = ("persons-jsonl", "persons-csv")
ALL_FORMATS: tuple[str, ...] = FORMATS + PERSON_FORMATS
PERSON_COLUMNS: tuple[str, ...] = (
    "person_id", "name", "name_zh", "aliases", "absorbed_ids", "n_documents", "n_steps", "n_conflicts",
    "doc_ids", "timeline", "record",
)

#: (column, type) of the flat formats; the type is the Parquet one.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"),
    ("doc_id", "string"),
    ("event_type", "string"),
    ("person_name", "string"),
    ("person_name_zh", "string"),
    ("person_aliases", "string"),
    ("date_iso", "string"),
    ("date_precision", "string"),
    ("location", "string"),
    ("charges", "string"),
    ("sentence_months", "int64"),
    ("sentence_kind", "string"),
    ("evidence_start", "int64"),
    ("evidence_end", "int64"),
    ("evidence_page", "int64"),  # the source page of the quote (PDF), else empty
    ("evidence_page_end", "int64"),  # the page it ends on, when a later one
    ("evidence_text", "string"),
    ("confidence", "float64"),
    ("review_status", "string"),
    ("reviewer", "string"),
    ("review_note", "string"),
    ("reviewed_at", "string"),
    ("record", "string"),
)


def review_info(r: ReviewedEvent) -> dict[str, Any]:
    rv = r.review
    return {
        "status": r.status,
        "reviewer": rv.reviewer if rv else None,
        "note": rv.note if rv else None,
        "decided_at": rv.decided_at if rv else None,
        "in_latest_extraction": not r.stale,
    }


def json_record(r: ReviewedEvent) -> dict[str, Any]:
    """One JSONL object: the record in output format, with its review."""
    data = r.event.to_output()
    data["review"] = review_info(r)
    return data


def flat_row(r: ReviewedEvent) -> dict[str, Any]:
    ev = r.event
    rv = review_info(r)
    return {
        "event_id": ev.event_id,
        "doc_id": ev.doc_id,
        "event_type": ev.event_type,
        "person_name": ev.person.name,
        "person_name_zh": ev.person.name_zh,
        "person_aliases": "|".join(ev.person.aliases),
        "date_iso": ev.date.iso if ev.date else None,
        "date_precision": ev.date.precision if ev.date else None,
        "location": ev.location.name if ev.location else None,
        "charges": "|".join(c.id for c in ev.charges),
        "sentence_months": ev.sentence.months if ev.sentence else None,
        "sentence_kind": ev.sentence.kind if ev.sentence else None,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "evidence_page": ev.evidence.page,
        "evidence_page_end": ev.evidence.page_end,
        "evidence_text": ev.evidence.text,
        "confidence": ev.confidence,
        "review_status": rv["status"],
        "reviewer": rv["reviewer"],
        "review_note": rv["note"],
        "reviewed_at": rv["decided_at"],
        "record": json.dumps(json_record(r), ensure_ascii=False, sort_keys=True),
    }


def write(events: list[ReviewedEvent], fmt: str, out: Path) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for r in events:
                fh.write(json.dumps(json_record(r), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=[c for c, _ in COLUMNS])
            writer.writeheader()
            for r in events:
                writer.writerow(flat_row(r))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS])
        rows = [flat_row(r) for r in events]
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, out)
    return len(events)


def person_row(p: Any) -> dict[str, Any]:
    """One flat row of a :class:`~pipeline.people.timeline.PersonView`; ``record`` is its JSON form."""
    data = p.to_json()
    return {
        "person_id": p.person_id, "name": p.name, "name_zh": p.name_zh, "aliases": "|".join(data["aliases"]),
        "absorbed_ids": "|".join(p.absorbed), "n_documents": p.documents, "n_steps": len(p.steps),
        "n_conflicts": len(p.conflicts), "doc_ids": "|".join(sorted({d for s in p.steps for d in s.docs})),
        "timeline": "; ".join(f"{s.date_iso or 'undated'} {s.event_type}" + (" (conflict)" if s.conflicts else "")
                              for s in p.steps),
        "record": json.dumps(data, ensure_ascii=False, sort_keys=True),
    }


def write_persons(store: Store, fmt: str, out: Path) -> int:
    """One row per person: JSON Lines (the person with steps and sources) or CSV (flat, JSON in ``record``)."""
    from pipeline.people.timeline import persons

    found = persons(store)
    with out.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "persons-jsonl":
            for p in found:
                fh.write(json.dumps(p.to_json(), ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=list(PERSON_COLUMNS))
            writer.writeheader()
            for p in found:
                writer.writerow(person_row(p))
    return len(found)


def export_store(store: Store, fmt: str, out: Path, include_rejected: bool = False) -> int:
    """Write the store's reviewed events (or persons) to ``out``; returns how many."""
    if fmt in PERSON_FORMATS:
        return write_persons(store, fmt, out)
    return write(store.reviewed_events(include_rejected=include_rejected), fmt, out)


def export(db: str, fmt: str, out: str | Path, include_rejected: bool = False) -> int:
    with open_store(db, must_exist=True) as store:
        n = export_store(store, fmt, Path(out), include_rejected)
    log.info("exported %d events to %s", n, out)
    return n
