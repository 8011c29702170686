"""Exports of the reviewed state, read back from each format, on both stores."""
from __future__ import annotations

import csv
import json

import pytest

from pipeline.records import DetentionEvent
from pipeline.sinks.export import COLUMNS, FORMATS, export
from pipeline.store import DocumentResult, open_store

TEXT = "Police detained Wang Lin in Wuhan on March 3, 2020. He was sentenced to four years on May 5, 2021."


def _ev(kind: str, quote: str, **kw) -> DetentionEvent:
    start = TEXT.index(quote)
    return DetentionEvent.model_validate({
        "doc_id": "doc-a", "event_type": kind, "person": {"name": "Wang Lin", "name_zh": "王林"},
        "evidence": {"start": start, "end": start + len(quote), "text": quote}, "confidence": 0.7, **kw,
    })


DETAINED = _ev("detained", "Police detained Wang Lin in Wuhan on March 3, 2020.",
               date={"iso": "2020-03-03", "precision": "day"}, location={"name": "Wuhan"},
               charges=[{"id": "picking_quarrels", "label": "picking quarrels"}])
SENTENCED = _ev("sentenced", "He was sentenced to four years on May 5, 2021.", sentence={"months": 48})
RELEASED = _ev("released", "He was sentenced to four years", date={"iso": "2025", "precision": "year"})


def read_back(path, fmt) -> list[dict]:
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{"event_id": r["event_id"], "event_type": r["event_type"], "review_status": r["review"]["status"],
                 "location": (r["location"] or {}).get("name"), "sentence_months": (r["sentence"] or {}).get("months")}
                for r in rows]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for r in rows:
            r["sentence_months"] = int(r["sentence_months"]) if r["sentence_months"] else None
            r["location"] = r["location"] or None
        return rows
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    assert table.column_names == [c for c, _ in COLUMNS]
    return table.to_pylist()


@pytest.fixture
def reviewed_store(store_url):
    with open_store(store_url) as store:
        store.save(DocumentResult("doc-a", "/in/doc-a.txt", "s1", "ok", "en", text=TEXT,
                                  events=(DETAINED, SENTENCED, RELEASED)), "r1", "0")
        store.review(RELEASED.event_id, "rejected")
        edited = DetentionEvent.model_validate({**DETAINED.model_dump(), "location": {"name": "Wuchang, Wuhan"}})
        store.review(DETAINED.event_id, "edited", record=edited, reviewer="amy")
    return store_url


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_shows_the_reviewed_state(reviewed_store, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    assert export(reviewed_store, fmt, out) == 2
    rows = {r["event_id"]: r for r in read_back(out, fmt)}
    assert set(rows) == {DETAINED.event_id, SENTENCED.event_id}  # the rejected one is left out
    assert rows[DETAINED.event_id]["review_status"] == "edited"
    assert rows[DETAINED.event_id]["location"] == "Wuchang, Wuhan"
    assert rows[SENTENCED.event_id]["review_status"] == "unreviewed"
    assert rows[SENTENCED.event_id]["sentence_months"] == 48


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_can_include_rejected_events(reviewed_store, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    assert export(reviewed_store, fmt, out, include_rejected=True) == 3
    statuses = {r["event_id"]: r["review_status"] for r in read_back(out, fmt)}
    assert statuses[RELEASED.event_id] == "rejected"


def test_jsonl_lines_are_output_records_that_load_back(reviewed_store, tmp_path):
    out = tmp_path / "events.jsonl"
    export(reviewed_store, "jsonl", out)
    for line in out.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        review = data.pop("review")
        assert review["in_latest_extraction"] is True
        if data["sentence"]:  # the output form of a sentence: {"months": N, ...}
            data["sentence"] = {k: v for k, v in data["sentence"].items() if k in ("months", "kind", "suspended", "text")}
        assert DetentionEvent.model_validate(data).event_id == data["event_id"]


def test_unknown_format_is_refused(reviewed_store, tmp_path):
    with pytest.raises(ValueError):
        export(reviewed_store, "xml", tmp_path / "x.xml")
