"""Undo, versioned decisions and the review queue, on real SQLite and real PostgreSQL."""
from __future__ import annotations

import pytest

from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent
from pipeline.review import EditError, decide_on, edit_fields, undo
from pipeline.store import DocumentResult, QueueFilter, open_store, person_key

TEXT = (
    "Police detained Wang Lin in Wuhan on March 3, 2020. He was released on April 1, 2020. "
    "Li Ming was sentenced to four years in Chengdu in 2021."
)


def quote(q: str) -> dict:
    start = TEXT.index(q)
    return {"start": start, "end": start + len(q), "text": q}


def event(doc_id: str, kind: str, name: str, q: str, date: tuple[str, str] | None, conf: float, **kw) -> DetentionEvent:
    return DetentionEvent.model_validate({
        "doc_id": doc_id, "event_type": kind, "person": {"name": name}, "evidence": quote(q), "confidence": conf,
        "date": {"iso": date[0], "precision": date[1]} if date else None, **kw,
    })


DETAINED = event("doc-a", "detained", "Wang Lin", "Police detained Wang Lin in Wuhan on March 3, 2020.",
                 ("2020-03-03", "day"), 0.9, location={"name": "Wuhan", "admin_code": "420100"})
RELEASED = event("doc-a", "released", "Wang Lin", "He was released on April 1, 2020.", ("2020-04-01", "day"), 0.6)
SENTENCED = event("doc-b", "sentenced", "Li Ming", "Li Ming was sentenced to four years in Chengdu in 2021.",
                  ("2021", "year"), 0.8, sentence={"months": 48})
ALL = (DETAINED, RELEASED, SENTENCED)


def result(doc_id: str, events, sha: str = "s1") -> DocumentResult:
    return DocumentResult(doc_id, f"/in/{doc_id}.txt", sha, "ok", "en", text=TEXT, events=tuple(events))


@pytest.fixture
def store(store_url):
    with open_store(store_url) as s:
        s.save(result("doc-a", [DETAINED, RELEASED]), "r1", "0")
        s.save(result("doc-b", [SENTENCED]), "r1", "0")
        yield s


def status(store, ev) -> str:
    return store.get_event(ev.event_id).status


def test_undo_restores_the_previous_decision_then_unreviewed(store):
    eid = DETAINED.event_id
    decide_on(store, eid, "rejected", reviewer="amy", note="first")
    edited = edit_fields(DETAINED, {"event_type": "detained", "person.name": "Wang Lin", "date.iso": "2020-03-04",
                                    "date.precision": "day", "location.name": "Wuhan"})
    decide_on(store, eid, "edited", record=edited, reviewer="amy")
    decide_on(store, eid, "accepted", reviewer="bo")
    # Each undo takes back the decision in force, newest first.
    restored = undo(store, eid, reviewer="bo")
    assert restored.decision == "edited" and store.get_event(eid).event.date.iso == "2020-03-04"
    restored = undo(store, eid, reviewer="bo")
    assert restored.decision == "rejected" and restored.note == "first"
    assert [r.event_id for r in store.reviewed_events(include_rejected=False)] == [RELEASED.event_id, SENTENCED.event_id]
    assert undo(store, eid) is None
    shown = store.get_event(eid)
    assert shown.status == "unreviewed" and shown.event == DETAINED
    with pytest.raises(CasefileError) as err:
        undo(store, eid)
    assert err.value.code == "E208"
    log = store.table("review_log")
    assert [r["decision"] for r in sorted(log, key=lambda r: r["decided_at"])] == [
        "rejected", "edited", "accepted", "undone", "undone", "undone"]


def test_undo_after_undo_then_new_decision(store):
    eid = RELEASED.event_id
    decide_on(store, eid, "accepted")
    undo(store, eid)
    decide_on(store, eid, "rejected")
    assert undo(store, eid) is None  # the accept was already taken back: nothing before the reject
    assert status(store, RELEASED) == "unreviewed"


def test_undo_refreshes_the_persons_table(store):
    renamed = edit_fields(SENTENCED, {"event_type": "sentenced", "person.name": "Li Mingyu",
                                      "date.iso": "2021", "date.precision": "year", "sentence.months": "48"})
    decide_on(store, SENTENCED.event_id, "edited", record=renamed)
    assert {r["name"] for r in store.table("persons")} == {"Wang Lin", "Li Mingyu"}
    undo(store, SENTENCED.event_id)
    assert {r["name"] for r in store.table("persons")} == {"Wang Lin", "Li Ming"}


def test_undo_of_a_decision_no_longer_in_force_is_refused(store):
    eid = DETAINED.event_id
    first = decide_on(store, eid, "accepted")
    decide_on(store, eid, "rejected")  # another tab, meanwhile
    with pytest.raises(CasefileError) as err:
        undo(store, eid, expected_decided_at=first.decided_at)
    assert err.value.code == "E207"
    assert status(store, DETAINED) == "rejected"


def test_last_decision_is_the_newest_in_force(store):
    assert store.last_decision() is None
    decide_on(store, DETAINED.event_id, "accepted")
    decide_on(store, SENTENCED.event_id, "rejected")
    assert store.last_decision().event_id == SENTENCED.event_id
    undo(store, SENTENCED.event_id)
    assert store.last_decision().event_id == DETAINED.event_id


def test_a_decision_on_a_re_extracted_event_is_refused(store):
    seen = store.get_event(DETAINED.event_id).version
    # A run extracts the document again and finds another place for the same event (same id).
    moved = DetentionEvent.model_validate({**DETAINED.model_dump(), "location": {"name": "Hankou"}})
    assert moved.event_id == DETAINED.event_id
    store.save(result("doc-a", [moved, RELEASED], sha="s2"), "r2", "0")
    with pytest.raises(CasefileError) as err:
        decide_on(store, DETAINED.event_id, "accepted", expected_version=seen)
    assert err.value.code == "E207"
    assert status(store, DETAINED) == "unreviewed" and store.table("review_log") == []
    now = store.get_event(DETAINED.event_id)
    decide_on(store, DETAINED.event_id, "accepted", expected_version=now.version)
    assert store.get_event(DETAINED.event_id).event.location.name == "Hankou"


def test_a_decision_made_in_another_tab_changes_the_version(store):
    seen = store.get_event(RELEASED.event_id).version
    decide_on(store, RELEASED.event_id, "rejected")
    with pytest.raises(CasefileError):
        decide_on(store, RELEASED.event_id, "accepted", expected_version=seen)
    assert status(store, RELEASED) == "rejected"


@pytest.mark.parametrize(
    "fields,errors",
    [
        ({"date.iso": "2020-13", "date.precision": "month"}, {"date"}),
        ({"date.iso": "2020-03", "date.precision": "day"}, {"date"}),
        ({"person.name": ""}, {"person.name"}),
        ({"event_type": "vanished"}, {"event_type"}),
        ({"sentence.months": "four"}, {"sentence.months"}),
        ({"sentence.months": "12"}, {"record"}),  # a detention carries no sentence
        ({"charges": "picking_quarrels, no_such_charge"}, {"charges"}),
    ],
)
def test_edit_errors_name_the_field(fields, errors):
    form = {"event_type": "detained", "person.name": "Wang Lin", "date.iso": "2020-03-03", "date.precision": "day",
            "location.name": "Wuhan", **fields}
    with pytest.raises(EditError) as err:
        edit_fields(DETAINED, form)
    assert err.value.code == "E204"
    assert {f for f, _ in err.value.errors} == errors, err.value.errors
    assert all(msg for _, msg in err.value.errors)


def test_edit_fields_keep_what_was_not_changed():
    same = edit_fields(DETAINED, {"event_type": "detained", "person.name": "Wang Lin", "date.iso": "2020-03-03",
                                  "date.precision": "day", "location.name": "Wuhan"})
    assert same == DETAINED  # the place keeps its gazetteer code
    changed = edit_fields(SENTENCED, {"event_type": "sentenced", "person.name": "Li Ming", "person.aliases": "李明, Ming Li",
                                      "date.iso": "2021-05", "date.precision": "month", "location.name": "成都",
                                      "charges": "picking_quarrels", "sentence.months": "",
                                      "sentence.kind": "life"})
    assert changed.event_id == SENTENCED.event_id
    assert changed.person.aliases == ["李明", "Ming Li"] and changed.date.iso == "2021-05"
    assert changed.location.name == "成都" and changed.location.admin_code is None
    assert changed.charges[0].id == "picking_quarrels" and changed.charges[0].statute
    assert changed.sentence.kind == "life" and changed.sentence.months is None


@pytest.mark.parametrize(
    "flt,expected",
    [
        (QueueFilter(), [DETAINED, RELEASED, SENTENCED]),
        (QueueFilter(event_type="released"), [RELEASED]),
        (QueueFilter(person="wang"), [DETAINED, RELEASED]),
        (QueueFilter(doc_id="doc-b"), [SENTENCED]),
        (QueueFilter(date_from="2020-03-15"), [RELEASED, SENTENCED]),
        (QueueFilter(date_to="2020"), [DETAINED, RELEASED]),
        (QueueFilter(date_from="2021", date_to="2021"), [SENTENCED]),
        (QueueFilter(date_from="2020-03", date_to="2020-03"), [DETAINED]),
        (QueueFilter(min_confidence=0.7), [DETAINED, SENTENCED]),
        (QueueFilter(max_confidence=0.7), [RELEASED]),
        (QueueFilter(state="unreviewed"), [DETAINED, RELEASED, SENTENCED]),
        (QueueFilter(state="accepted"), []),
    ],
)
def test_queue_filters(store, flt, expected):
    ids, total = store.queue_ids(flt, limit=10)
    assert ids == [e.event_id for e in expected] and total == len(expected)


def test_queue_puts_unreviewed_first_and_pages_one_at_a_time(store):
    decide_on(store, DETAINED.event_id, "accepted")
    decide_on(store, SENTENCED.event_id, "rejected")
    order = [store.queue_ids(QueueFilter(), offset=i)[0] for i in range(4)]
    assert order == [[RELEASED.event_id], [DETAINED.event_id], [SENTENCED.event_id], []]
    assert store.queue_position(QueueFilter(), SENTENCED.event_id) == 2
    assert store.queue_position(QueueFilter(state="reviewed"), SENTENCED.event_id) == 1
    assert store.queue_position(QueueFilter(state="unreviewed"), SENTENCED.event_id) is None
    assert store.queue_ids(QueueFilter(state="rejected"), limit=5) == ([SENTENCED.event_id], 1)
    assert store.queue_ids(QueueFilter(state="reviewed"), limit=5)[1] == 2


def test_progress_counts_per_type(store):
    decide_on(store, DETAINED.event_id, "accepted")
    decide_on(store, RELEASED.event_id, "rejected")
    got = {r["event_type"]: (r["total"], r["reviewed"], r["accepted"], r["rejected"], r["edited"])
           for r in store.progress()}
    assert got == {"detained": (1, 1, 1, 0, 0), "released": (1, 1, 0, 1, 0), "sentenced": (1, 0, 0, 0, 0)}


def test_events_of_person_and_document_follow_the_review(store):
    assert [r.event_id for r in store.events_of(doc_id="doc-a")] == [DETAINED.event_id, RELEASED.event_id]
    renamed = edit_fields(RELEASED, {"event_type": "released", "person.name": "Li Ming", "date.iso": "2020-04-01",
                                     "date.precision": "day"})
    decide_on(store, RELEASED.event_id, "edited", record=renamed)
    wang, li = person_key(DETAINED.person), person_key(SENTENCED.person)
    assert [r.event_id for r in store.events_of(person=wang)] == [DETAINED.event_id]
    assert [r.event_id for r in store.events_of(person=li)] == [RELEASED.event_id, SENTENCED.event_id]
    # A reviewed event the latest run no longer finds stays on its document's page, marked stale.
    store.save(result("doc-a", [DETAINED], sha="s3"), "r3", "0")
    shown = {r.event_id: r for r in store.events_of(doc_id="doc-a")}
    assert shown[RELEASED.event_id].stale and not shown[DETAINED.event_id].stale
    assert store.queue_ids(QueueFilter(doc_id="doc-a"), limit=5) == ([DETAINED.event_id], 1)


@pytest.mark.parametrize("flt", [QueueFilter(), QueueFilter(person="i"), QueueFilter(state="reviewed"),
                                 QueueFilter(min_confidence=0.7)])
def test_queue_positions_agree_with_the_pages(store, flt):
    decide_on(store, RELEASED.event_id, "accepted")
    everything, total = store.queue_ids(flt, limit=100)
    assert len(everything) == total
    for i, eid in enumerate(everything):
        assert store.queue_position(flt, eid) == i
        assert store.queue_ids(flt, offset=i) == ([eid], total)
    assert store.queue_ids(flt, offset=1, limit=2)[0] == everything[1:3]


def test_a_version_3_store_is_upgraded_in_place(store_url):
    from pipeline.store.store import SCHEMA_VERSION

    with open_store(store_url) as s:
        s.save(result("doc-a", [DETAINED]), "r1", "0")
        decide_on(s, DETAINED.event_id, "accepted")
        with s.tx() as tx:  # as casefile left it before the review app
            tx.execute("DROP INDEX events_queue")
            tx.execute("UPDATE meta SET value = ? WHERE key = ?", ("3", "schema_version"))
    with open_store(store_url) as s:
        assert s.query("SELECT value FROM meta WHERE key = 'schema_version'")[0]["value"] == SCHEMA_VERSION == "4"
        assert s.get_event(DETAINED.event_id).status == "accepted"
        assert s.queue_ids(QueueFilter()) == ([DETAINED.event_id], 1)


def test_a_version_2_store_is_refused_not_half_upgraded(store_url):
    with open_store(store_url) as s:
        s.save(result("doc-a", [DETAINED]), "r1", "0")
        with s.tx() as tx:
            tx.execute("UPDATE meta SET value = ? WHERE key = ?", ("2", "schema_version"))
    with pytest.raises(CasefileError) as err:
        open_store(store_url)
    assert err.value.code == "E202"
