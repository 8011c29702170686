"""The store layer on real SQLite and real PostgreSQL, with records built by hand."""
from __future__ import annotations

import pytest

from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent
from pipeline.store import DocumentResult, open_store, person_key

TEXT = "Police detained Wang Lin in Wuhan on March 3, 2020. He was released on April 1, 2020."


def event(doc_id: str = "doc-a", kind: str = "detained", name: str = "Wang Lin", start: int = 0, end: int = 51, **kw):
    return DetentionEvent.model_validate(
        {
            "doc_id": doc_id,
            "event_type": kind,
            "person": {"name": name, **kw.pop("person", {})},
            "evidence": {"start": start, "end": end, "text": TEXT[start:end]},
            "confidence": 0.9,
            **kw,
        }
    )


def result(doc_id: str = "doc-a", sha: str = "s1", events=(), status="ok", error=None) -> DocumentResult:
    return DocumentResult(doc_id=doc_id, path=f"/in/{doc_id}.txt", sha256=sha, status=status, language="en",
                          error=error, text=TEXT, events=tuple(events))


@pytest.fixture
def store(store_url):
    with open_store(store_url) as s:
        yield s


def test_schema_is_created_once_and_reopens(store_url):
    with open_store(store_url) as s:
        s.save(result(events=[event()]), "run_1", "0")
    with open_store(store_url) as s:  # second open: CREATE ... IF NOT EXISTS, data kept
        assert len(s.extracted_events()) == 1
        assert {r["doc_id"] for r in s.documents()} == {"doc-a"}


def test_save_round_trips_the_full_record(store):
    ev = event(date={"iso": "2020-03-03", "precision": "day"}, location={"name": "Wuhan"},
               provenance={"date": "en.dates:month_day_year"})
    assert store.save(result(events=[ev]), "run_1", "0") == 1
    (back,) = store.extracted_events()
    assert back == ev
    (row,) = store.table("events")
    assert (row["evidence_start"], row["evidence_end"], row["evidence_text"]) == (0, 51, TEXT[:51])
    assert row["date_iso"] == "2020-03-03" and row["location"] == "Wuhan"


def test_a_changed_document_replaces_its_own_events_only(store):
    store.save(result("doc-a", "s1", [event("doc-a"), event("doc-a", "released", start=52, end=85)]), "r1", "0")
    store.save(result("doc-b", "s9", [event("doc-b")]), "r1", "0")
    store.save(result("doc-a", "s2", [event("doc-a", "released", start=52, end=85)]), "r2", "0")
    by_doc = {}
    for ev in store.extracted_events():
        by_doc.setdefault(ev.doc_id, []).append(ev.event_type)
    assert by_doc == {"doc-a": ["released"], "doc-b": ["detained"]}
    docs = {d["doc_id"]: d for d in store.documents()}
    assert docs["doc-a"]["sha256"] == "s2" and docs["doc-a"]["n_events"] == 1 and docs["doc-a"]["run_id"] == "r2"


def test_error_documents_are_rows_with_a_reason(store):
    store.save(result("bad", "s0", status="error", error="E103 the input file looks binary"), "r1", "0")
    (doc,) = store.documents()
    assert doc["status"] == "error" and "binary" in doc["error"] and doc["n_events"] == 0


def test_persons_are_derived_from_events_whatever_the_order(store_url, tmp_path):
    a = event("doc-a", person={"name_zh": "王林"})
    b = event("doc-b", name="Wang Lin", person={"name_zh": "王林", "aliases": ["Lin Wang"]})
    c = event("doc-c", name="Li Ming")
    with open_store(store_url) as s:
        for doc, ev in (("doc-c", c), ("doc-b", b), ("doc-a", a)):
            s.save(result(doc, events=[ev]), "r", "0")
        persons = sorted((p["name"], p["name_zh"], p["aliases"], p["n_events"]) for p in s.table("persons"))
        assert persons == [("Li Ming", None, "[]", 1), ("Wang Lin", "王林", '["Lin Wang"]', 2)]
        s.save(result("doc-c", sha="s2"), "r", "0")  # Li Ming's only document no longer names him
        assert [p["name"] for p in s.table("persons")] == ["Wang Lin"]
    assert person_key(a.person) == person_key(b.person)


def test_duplicate_event_ids_in_one_document_keep_the_first(store):
    ev = event()
    assert store.save(result(events=[ev, ev]), "r", "0") == 1


def test_event_of_another_document_is_refused(store):
    with pytest.raises(ValueError):
        store.save(result("doc-a", events=[event("doc-b")]), "r", "0")


@pytest.mark.parametrize("decision", ["accepted", "rejected", "edited"])
def test_review_survives_re_extraction(store, decision):
    ev = event(date={"iso": "2020-03-03", "precision": "day"})
    store.save(result(events=[ev]), "r1", "0")
    edited = ev.model_copy(update={"location": ev.location}) if decision != "edited" else DetentionEvent.model_validate(
        {**ev.model_dump(), "location": {"name": "Wuchang District"}}
    )
    store.review(ev.event_id, decision, record=edited if decision == "edited" else None, reviewer="amy", note="checked")
    # Re-extraction of a changed file: the extractor now finds the event with
    # another date, and a second time with the first extractor's slots.
    refined = DetentionEvent.model_validate({**ev.model_dump(), "date": {"iso": "2020-03", "precision": "month"}})
    store.save(result(sha="s2", events=[refined]), "r2", "0")
    store.save(result(sha="s3", events=[refined]), "r3", "0")
    (shown,) = store.reviewed_events()
    assert shown.status == decision and shown.review.reviewer == "amy"
    assert shown.event.date.iso == "2020-03-03"  # what the person saw and decided on
    if decision == "edited":
        assert shown.event.location.name == "Wuchang District"
    assert [r.event_id for r in store.reviewed_events(include_rejected=False)] == (
        [] if decision == "rejected" else [ev.event_id]
    )


def test_a_rejected_event_never_comes_back_and_an_accepted_one_stays(store):
    keep, drop = event(), event(kind="released", start=52, end=85)
    store.save(result(events=[keep, drop]), "r1", "0")
    store.review(keep.event_id, "accepted")
    store.review(drop.event_id, "rejected")
    store.save(result(sha="s2", events=[]), "r2", "0")  # a new extractor finds nothing
    store.save(result(sha="s3", events=[drop]), "r3", "0")  # ... and then the rejected one again
    shown = {r.event_id: r for r in store.reviewed_events(include_rejected=False)}
    assert list(shown) == [keep.event_id]
    assert shown[keep.event_id].stale and shown[keep.event_id].status == "accepted"
    assert len(store.table("review_log")) == 2


def test_latest_review_decision_counts(store):
    ev = event()
    store.save(result(events=[ev]), "r1", "0")
    store.review(ev.event_id, "rejected")
    store.review(ev.event_id, "accepted", note="on second reading")
    (shown,) = store.reviewed_events(include_rejected=False)
    assert shown.status == "accepted" and shown.review.note == "on second reading"


def test_review_of_unknown_event_is_a_coded_error(store):
    with pytest.raises(CasefileError) as info:
        store.review("ev_0000000000000000", "accepted")
    assert info.value.code == "E203"


def test_an_edit_must_keep_the_event_id(store):
    ev = event()
    store.save(result(events=[ev]), "r1", "0")
    other = event(name="Li Ming")
    with pytest.raises(ValueError):
        store.review(ev.event_id, "edited", record=other)


def test_runs_are_recorded(store):
    run = store.begin_run(["/in"], "0.1.0")
    store.finish_run(run, 3, 1, 2)
    (row,) = store.table("runs")
    assert (row["status"], row["n_ok"], row["n_failed"], row["n_skipped"]) == ("finished", 3, 1, 2)


def test_a_reader_sees_committed_state_while_a_run_writes(tmp_path):
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    with open_store(url) as writer, open_store(url) as reader:
        writer.save(result(events=[event()]), "r1", "0")
        with writer.tx() as tx:  # a run in the middle of replacing a document
            tx.execute("DELETE FROM events")
            assert len(reader.extracted_events()) == 1
        assert reader.extracted_events() == []


def test_persons_follow_review_decisions(store):
    wang, li = event("doc-a"), event("doc-b", name="Li Ming")
    store.save(result("doc-a", events=[wang]), "r1", "0")
    store.save(result("doc-b", events=[li]), "r1", "0")
    store.review(li.event_id, "rejected")  # "Li Ming" was not a person detained
    renamed = DetentionEvent.model_validate({**wang.model_dump(), "person": {"name": "Wang Linfeng", "name_zh": "王林峰"}})
    store.review(wang.event_id, "edited", record=renamed)
    assert [(p["name"], p["name_zh"]) for p in store.table("persons")] == [("Wang Linfeng", "王林峰")]
    store.save(result("doc-b", sha="s2", events=[li]), "r2", "0")  # re-extraction changes nothing
    assert [p["name"] for p in store.table("persons")] == ["Wang Linfeng"]
    store.review(li.event_id, "accepted", note="on second reading")
    assert sorted(p["name"] for p in store.table("persons")) == ["Li Ming", "Wang Linfeng"]


def test_a_store_of_another_schema_version_is_refused(store_url):
    with open_store(store_url) as s, s.tx() as tx:
        tx.execute("UPDATE meta SET value = ? WHERE key = ?", ("0", "schema_version"))
    with pytest.raises(CasefileError) as info:
        open_store(store_url)
    assert info.value.code == "E202"
