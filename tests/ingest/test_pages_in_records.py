"""Each record of a paginated source carries its page in its own evidence:
in the store, in every export, on the audit page and in the review app. A
plain-text record's JSON is what it was before pages existed (no ``page``)."""
from __future__ import annotations

import csv
import json

import pytest

from pipeline import extract, extract_document
from pipeline.batch import run_batch
from pipeline.document import Document
from pipeline.records import DetentionEvent, Evidence
from pipeline.sinks.audit import render
from pipeline.sinks.export import export
from pipeline.stages.ingest import read_document
from pipeline.store import open_store, person_key
from pipeline.store.store import event_record
from tests.ingest import makers as m


def test_a_plain_text_record_has_no_page_in_its_json():
    (ev,) = extract(m.EN, doc_id="plain")
    assert ev.evidence.page is None and ev.evidence.page_label is None
    for data in (json.loads(event_record(ev)), ev.to_output(), json.loads(ev.model_dump_json())):
        assert set(data["evidence"]) == {"start", "end", "text"}


def test_evidence_pages_validate():
    assert Evidence(start=0, end=1, text="x", page=2, page_end=3).page_label == "pages 2–3"
    for bad in ({"page": 0}, {"page_end": 2}, {"page": 3, "page_end": 3}, {"page": 3, "page_end": 2}):
        with pytest.raises(ValueError):
            Evidence(start=0, end=1, text="x", **bad)


def test_the_page_of_a_pdf_quote_is_in_the_record(write):
    doc = read_document(write("annual.pdf", m.two_page_pdf))
    (ev,) = extract_document(doc)
    assert ev.evidence.page == 2 and ev.evidence.page_end is None
    (unpaged,) = extract_document(Document(doc.doc_id, doc.text))  # the same text without its page map
    assert unpaged.evidence.page is None and unpaged.event_id == ev.event_id  # the id does not depend on the page
    again = DetentionEvent.model_validate(json.loads(event_record(ev)))  # the stored form loads back, page and all
    assert again == ev


def test_the_page_is_in_the_store_every_export_and_the_audit_page(write, tmp_path, store_url):
    folder = tmp_path / "in"
    pdf = write("in/annual.pdf", m.two_page_pdf)
    write("in/plain.txt", m.EN.replace("Wang Lin", "Li Ming") + "\n")
    summary = run_batch([folder], store_url)
    assert (summary.ok, summary.failed) == (2, 0), summary.failures
    assert pdf.exists()
    with open_store(store_url) as store:
        by_doc = {r.event.doc_id: r.event for r in store.reviewed_events()}
        stored = {r["doc_id"]: json.loads(r["record"]) for r in store.table("events")}
        page, _ = render(store)
    assert by_doc["annual"].evidence.page == 2 and by_doc["plain"].evidence.page is None
    assert stored["annual"]["evidence"]["page"] == 2 and "page" not in stored["plain"]["evidence"]
    assert '<p class="meta page">page 2</p>' in page

    export(store_url, "jsonl", tmp_path / "e.jsonl")
    rows = {r["doc_id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines())}
    assert rows["annual"]["evidence"]["page"] == 2 and "page" not in rows["plain"]["evidence"]

    export(store_url, "csv", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        flat = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert (flat["annual"]["evidence_page"], flat["annual"]["evidence_page_end"]) == ("2", "")
    assert flat["plain"]["evidence_page"] == ""
    assert json.loads(flat["annual"]["record"])["evidence"]["page"] == 2

    import pyarrow.parquet as pq

    export(store_url, "parquet", tmp_path / "e.parquet")
    table = {r["doc_id"]: r for r in pq.read_table(tmp_path / "e.parquet").to_pylist()}
    assert table["annual"]["evidence_page"] == 2 and table["plain"]["evidence_page"] is None


def test_the_review_app_shows_the_page_beside_the_quote(write, tmp_path):
    import httpx

    from tests.serve.conftest import start_server, stop_server

    write("in/annual.pdf", m.two_page_pdf)
    url = f"sqlite:///{tmp_path / 'casefile.db'}"
    assert run_batch([tmp_path / "in"], url).ok == 1
    with open_store(url) as store:
        (r,) = store.reviewed_events()
    server = start_server(url)
    try:
        for path in ("/", f"/document/{r.event.doc_id}", f"/person/{person_key(r.event.person)}"):
            page = httpx.get(server.url + path, timeout=30)
            assert page.status_code == 200, path
            assert '<span class="page" data-role="page">page 2</span>' in page.text, path
    finally:
        stop_server(server)
