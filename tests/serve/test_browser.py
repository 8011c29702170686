"""The review app as a reviewer uses it: real headless Chromium, keyboard first,
against a running `casefile serve` over a store made by `casefile run`."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.records import DetentionEvent
from pipeline.store import DocumentResult, QueueFilter, open_store
from tests.conftest import needs_pg
from tests.serve.conftest import HOSTILE, HOSTILE_SENTENCE, cli, reports, start_server, stop_server


@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 1000})
    yield ctx
    ctx.close()


@pytest.fixture
def watched(context):
    """A page whose every request, dialog and script error is recorded, and checked after the test."""
    page = context.new_page()
    seen = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.seen = seen
    yield page
    assert seen["dialogs"] == [] and seen["errors"] == [], seen


def open_queue(page, server, query: str = "") -> str:
    page.goto(server.url + "/" + query)
    page.wait_for_selector("html[data-ready='1']")  # the shortcuts are installed
    return page.locator("article.event").get_attribute("data-event-id")


def press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_selector("html[data-ready='1']")


def stored(db: str, event_id: str):
    with open_store(db, create=False) as store:
        return store.get_event(event_id)


def export_jsonl(page, tmp_path: Path) -> dict[str, dict]:
    page.select_option("#form-export select[name=format]", "jsonl")
    with page.expect_download() as dl:
        page.click("#export")
    path = tmp_path / "export.jsonl"
    dl.value.save_as(path)
    return {r["event_id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_accept_with_a_is_stored_and_survives_a_reload(server, watched):
    page = watched
    first = open_queue(page, server)
    with open_store(server.db, create=False) as store:
        assert store.queue_ids(QueueFilter())[0] == [first]  # the first unreviewed event, in document order
        total = store.queue_ids(QueueFilter())[1]
    assert stored(server.db, first).status == "unreviewed"
    press(page, "a")
    assert stored(server.db, first).status == "accepted"
    assert stored(server.db, first).review.reviewer == "tester"
    # The queue moved on to the next unreviewed event; the counters moved too.
    assert page.locator("article.event").get_attribute("data-event-id") != first
    assert page.locator("article.event").get_attribute("data-status") == "unreviewed"
    assert page.locator("#progress").inner_text().startswith(f"1 / {total} reviewed")
    page.reload()
    assert page.locator("#progress").inner_text().startswith(f"1 / {total} reviewed")
    page.goto(f"{server.url}/?state=accepted")
    assert page.locator("article.event").get_attribute("data-event-id") == first
    assert page.locator("article.event [data-role=status]").text_content() == "accepted"


def test_reject_then_j_and_k_walk_the_queue(server, watched):
    page = watched
    first = open_queue(page, server)
    press(page, "r")
    assert stored(server.db, first).status == "rejected"
    second = page.locator("article.event").get_attribute("data-event-id")
    position = page.locator("#position").inner_text()
    press(page, "j")
    assert page.locator("article.event").get_attribute("data-event-id") != second
    press(page, "k")
    assert page.locator("article.event").get_attribute("data-event-id") == second
    assert page.locator("#position").inner_text() == position


def test_edit_a_date_export_shows_it_and_undo_takes_it_back(server, watched, tmp_path):
    page = watched
    first = open_queue(page, server)
    original = stored(server.db, first).event
    new_date = "2019-12" if not original.date or original.date.iso != "2019-12" else "2018-11"
    page.keyboard.press("e")
    assert page.locator("#edit").get_attribute("open") is not None
    page.fill("#edit-date", new_date)
    page.select_option("#form-edit select[name='date.precision']", "month")
    with page.expect_navigation():
        page.click("#save-edit")
    shown = stored(server.db, first)
    assert shown.status == "edited" and shown.event.date.iso == new_date and shown.event.date.precision == "month"
    assert export_jsonl(page, tmp_path)[first]["date"]["iso"] == new_date

    press(page, "u")  # undo the last decision: the event is back, unreviewed, as extracted
    assert page.locator("article.event").get_attribute("data-event-id") == first
    assert page.locator("#notice").inner_text() == "Undone."
    back = stored(server.db, first)
    assert back.status == "unreviewed" and back.event == original
    exported = export_jsonl(page, tmp_path)[first]
    assert exported["review"]["status"] == "unreviewed"
    assert exported["date"] == (original.date.model_dump(mode="json") if original.date else None)
    page.reload()
    assert page.locator("article.event").get_attribute("data-status") == "unreviewed"


def test_an_invalid_edit_is_shown_inline_and_not_stored(server, watched):
    page = watched
    first = open_queue(page, server)
    page.keyboard.press("e")
    page.fill("#edit-date", "2020-13")
    page.select_option("#form-edit select[name='date.precision']", "month")
    with page.expect_navigation():
        page.click("#save-edit")
    error = page.locator("#form-edit .error[data-error=date]")
    assert error.is_visible() and "does not have month precision" in error.inner_text()
    assert page.locator("#edit-date").input_value() == "2020-13"  # what the reviewer typed is kept
    assert page.evaluate("document.activeElement.name") == "date.iso"
    assert stored(server.db, first).status == "unreviewed"


def test_hostile_report_text_is_shown_not_run(server, watched):
    page = watched
    open_queue(page, server, "?doc=hostile")
    title = page.title()
    assert "pwned" not in title and title.endswith("casefile review")
    evidence = page.locator("article.event mark.evidence")
    assert evidence.inner_text() == HOSTILE_SENTENCE  # the markup, as text, highlighted
    context = page.locator("article.event blockquote.context").inner_text()
    assert "<img src=x onerror=alert(1)>" in context and 'href="javascript:alert(2)"' in context
    for view in ("/document/hostile", "/person/" + page.locator("article.event a.person").get_attribute("href").split("/")[-1]):
        page.goto(server.url + view)
        assert "pwned" not in page.title()
        assert HOSTILE_SENTENCE in page.locator("main").inner_text()
        assert page.locator("main script, main img, main a[href^='javascript']").count() == 0
        if view.startswith("/document/"):
            assert page.locator("#fulltext").inner_text() == HOSTILE
    assert page.evaluate("document.scripts.length") == 1  # the app's own file only
    assert not [u for u in page.seen["requests"] if not u.startswith(server.url)]  # nothing from elsewhere
    assert not [u for u in page.seen["requests"] if u.endswith("/x")]  # the <img> was never an image


def test_person_view_in_date_order_and_document_view_marks_every_quote(server, watched):
    page = watched
    with open_store(server.db, create=False) as store:
        doc_id, n = max(((d["doc_id"], d["n_events"]) for d in store.documents()), key=lambda x: x[1])
        events = store.events_of(doc_id=doc_id)
    page.goto(f"{server.url}/document/{doc_id}")
    assert page.locator("#fulltext a.quote").count() >= 1
    marked = {eid for a in page.locator("#fulltext a.quote").all() for eid in a.get_attribute("data-events").split()}
    assert marked == {r.event_id for r in events} and len(events) == n
    for r in events:  # each event's own quote is inside a mark carrying its id
        texts = "".join(a.inner_text() for a in page.locator(f"#fulltext a.quote[data-events~='{r.event_id}']").all())
        assert r.event.evidence.text in texts or texts in r.event.evidence.text
    assert page.locator("article.event").count() == n

    page.locator("article.event a.person").first.click()
    dates = [d.inner_text() for d in page.locator("article.event .date").all()]
    assert dates == sorted(dates, key=lambda d: "9999" if d == "no date" else d)
    assert page.locator("#person-name").is_visible()


def test_a_record_re_extracted_under_the_reviewers_eyes_shows_it_changed(server, watched):
    page = watched
    first = open_queue(page, server)
    with open_store(server.db, create=False) as store:  # a run finds the same event again, with another place
        shown = store.get_event(first).event
        doc = store.document(shown.doc_id)
        others = [r.event for r in store.events_of(doc_id=shown.doc_id) if r.event_id != first]
        moved = DetentionEvent.model_validate({**shown.model_dump(), "location": {"name": "Somewhere Else"}})
        store.save(DocumentResult(doc["doc_id"], doc["path"], doc["sha256"] + "x", "ok", doc["language"],
                                  text=doc["text"], events=(moved, *others)), "run_test", "0")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert "changed since the page showed it" in page.locator("#conflict").inner_text()
    assert stored(server.db, first).status == "unreviewed"  # nothing applied silently
    assert "Somewhere Else" in page.locator("article.event table.fields").inner_text()  # shown as it is now
    press(page, "a")  # deciding again on what is now shown works
    assert stored(server.db, first).status == "accepted"


def test_two_tabs_never_lose_a_decision(server, context):
    tab_a, tab_b = context.new_page(), context.new_page()
    first = open_queue(tab_a, server)
    assert open_queue(tab_b, server) == first
    press(tab_b, "a")
    with tab_a.expect_navigation():
        tab_a.keyboard.press("r")  # decided on what tab A showed, which tab B changed since
    assert tab_a.locator("#conflict").is_visible()
    assert stored(server.db, first).status == "accepted"
    press(tab_a, "r")
    assert stored(server.db, first).status == "rejected"
    with open_store(server.db, create=False) as store:
        assert [r["decision"] for r in sorted(store.table("review_log"), key=lambda r: r["decided_at"])] == [
            "accepted", "rejected"]


def test_screenshot_of_the_queue(server, watched, tmp_path):
    """The README's picture; CASEFILE_SCREENSHOT=path also keeps it there."""
    page = watched
    open_queue(page, server, "?doc=hostile")
    out = Path(os.environ.get("CASEFILE_SCREENSHOT") or tmp_path / "queue.png")
    page.screenshot(path=str(out), full_page=True)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_pg
def test_postgres_store_accept_and_undo(pg_url, browser, tmp_path):
    res = cli("run", *reports(tmp_path / "extra"), "--db", pg_url, "--no-progress")
    assert res.returncode == 0, res.stderr
    srv = start_server(pg_url)
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        first = open_queue(page, srv)
        press(page, "a")
        assert stored(pg_url, first).status == "accepted"
        press(page, "u")
        assert stored(pg_url, first).status == "unreviewed"
        page.reload()
        assert page.locator("article.event").get_attribute("data-event-id") == first
    finally:
        ctx.close()
        stop_server(srv)
