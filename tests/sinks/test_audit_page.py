"""The audit page, as HTML and as a person sees it in a real headless Chromium."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from pipeline.records import DetentionEvent
from pipeline.sinks.audit import write_audit
from pipeline.store import DocumentResult, open_store


DOC_A = (
    "Wuhan, March 10, 2020. Police detained the activist Wang Lin in Wuhan on March 3, 2020. "
    "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
    "He was released on April 1, 2020."
)
DOC_B = "2021年9月15日，维权律师陈志远在北京被警方带走。10月22日，陈志远被批准逮捕。"


def ev(doc_id: str, text: str, kind: str, name: str, quote: str, date: str | None, **kw) -> DetentionEvent:
    start = text.index(quote)
    return DetentionEvent.model_validate({
        "doc_id": doc_id, "event_type": kind, "person": {"name": name},
        "date": {"iso": date, "precision": "day"} if date else None,
        "evidence": {"start": start, "end": start + len(quote), "text": quote},
        "confidence": 0.8, "provenance": {"event_type": f"test.trigger.{kind}", "date": "test.date"}, **kw,
    })


EVENTS = {
    "detained": ev("doc-a", DOC_A, "detained", "Wang Lin", "Police detained the activist Wang Lin in Wuhan on March 3, 2020.",
                   "2020-03-03", location={"name": "Wuhan"}),
    "released": ev("doc-a", DOC_A, "released", "Wang Lin", "He was released on April 1, 2020.", "2020-04-01"),
    "taken": ev("doc-b", DOC_B, "detained", "陈志远", "维权律师陈志远在北京被警方带走", "2021-09-15"),
    "arrested": ev("doc-b", DOC_B, "arrested", "陈志远", "陈志远被批准逮捕", "2021-10-22"),
}


@pytest.fixture(scope="module")
def audit_page(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("audit")
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    with open_store(url) as store:
        store.save(DocumentResult("doc-a", "/in/doc-a.txt", "a" * 64, "ok", "en", text=DOC_A,
                                  events=(EVENTS["detained"], EVENTS["released"])), "r1", "0")
        store.save(DocumentResult("doc-b", "/in/doc-b.txt", "b" * 64, "ok", "zh-Hans", text=DOC_B,
                                  events=(EVENTS["taken"], EVENTS["arrested"])), "r1", "0")
        store.save(DocumentResult("bad", "/in/bad.txt", "c" * 64, "error",
                                  error="E103 the input file looks binary: <b>bad.txt</b>"), "r1", "0")
        store.review(EVENTS["arrested"].event_id, "rejected", reviewer="amy", note="approval, not arrest")
        edited = DetentionEvent.model_validate({**EVENTS["taken"].model_dump(), "location": {"name": "北京市朝阳区"}})
        store.review(EVENTS["taken"].event_id, "edited", record=edited, reviewer="amy")
    out = tmp_path / "report.html"
    assert write_audit(url, out) == 4
    return out


def test_report_text_is_escaped_in_the_html(audit_page):
    html = audit_page.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<b>bad.txt" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 1  # the page's own script only


def test_page_is_self_contained_and_its_script_is_pinned_by_hash(audit_page):
    html = audit_page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html


@pytest.fixture
def browser_page(browser, audit_page):
    context = browser.new_context()  # fresh profile and state for each test
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(audit_page.as_uri())
    page.wait_for_load_state("load")
    yield page
    context.close()
    assert errors == [], errors
    assert all(u.startswith("file://") for u in requests), requests  # nothing from the network


def _visible_events(page) -> list[str]:
    return [a.get_attribute("data-event-id") for a in page.locator("article.event").all() if a.is_visible()]


def test_a_person_sees_events_by_person_with_highlighted_evidence(browser_page):
    page = browser_page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    body = page.locator("body").inner_text()
    assert "Events by person" in body and "Wang Lin" in body and "陈志远" in body
    # The <script> of the report is shown as text, inside the surrounding source.
    context = page.locator(f'#by-person article[data-event-id="{EVENTS["detained"].event_id}"] blockquote.context')
    assert "<script>window.__pwned = 1</script>" in context.inner_text()
    assert "Wuhan, March 10, 2020." in context.inner_text()
    assert context.locator("mark").inner_text() == EVENTS["detained"].evidence.text
    # Fields with their provenance.
    fields = page.locator(f'#by-person article[data-event-id="{EVENTS["detained"].event_id}"] table.fields').inner_text()
    assert "test.trigger.detained" in fields and "2020-03-03" in fields
    assert page.locator("#shown-count").inner_text() == "4"
    assert len(_visible_events(page)) == 4


def test_reviewed_state_is_shown(browser_page):
    page = browser_page
    rejected = page.locator(f'#by-person article[data-event-id="{EVENTS["arrested"].event_id}"]')
    assert "rejected" in rejected.inner_text() and "approval, not arrest" in rejected.inner_text()
    edited = page.locator(f'#by-person article[data-event-id="{EVENTS["taken"].event_id}"]').inner_text()
    assert "北京市朝阳区" in edited and "edited by amy" in edited


@pytest.mark.parametrize(
    "control,value,expected",
    [
        ("#f-type", "released", ["released"]),
        ("#f-type", "arrested", ["arrested"]),
        ("#f-review", "rejected", ["arrested"]),
        ("#f-review", "edited", ["taken"]),
    ],
)
def test_select_filters_hide_rows(browser_page, control, value, expected):
    page = browser_page
    page.select_option(control, value)
    assert sorted(_visible_events(page)) == sorted(EVENTS[k].event_id for k in expected)
    assert page.locator("#shown-count").inner_text() == str(len(expected))
    page.select_option(control, "")
    assert len(_visible_events(page)) == 4


def test_person_filter_hides_other_people(browser_page):
    page = browser_page
    page.select_option("#f-person", label="Wang Lin")
    assert sorted(_visible_events(page)) == sorted([EVENTS["detained"].event_id, EVENTS["released"].event_id])
    assert not page.get_by_role("heading", name="陈志远").is_visible()


@pytest.mark.parametrize(
    "date_from,date_to,expected",
    [("2020-03-15", "", ["released", "taken", "arrested"]), ("", "2020", ["detained", "released"]),
     ("2021-10", "2021-10", ["arrested"])],
)
def test_date_filter(browser_page, date_from, date_to, expected):
    page = browser_page
    page.fill("#f-from", date_from)
    page.fill("#f-to", date_to)
    assert sorted(_visible_events(page)) == sorted(EVENTS[k].event_id for k in expected)


def test_by_document_view_shows_documents_and_errors(browser_page):
    page = browser_page
    assert not page.locator("#by-document").is_visible()
    page.click("#show-document")
    assert page.locator("#by-document").is_visible() and not page.locator("#by-person").is_visible()
    text = page.locator("#by-document").inner_text()
    assert "doc-a" in text and "doc-b" in text
    assert "error: E103 the input file looks binary: <b>bad.txt</b>" in text  # shown, not interpreted
    page.select_option("#f-type", "released")
    assert _visible_events(page) == [EVENTS["released"].event_id]
    assert not page.locator('section.doc-group[data-doc="doc-b"]').is_visible()


def test_the_eight_file_batch_in_the_browser(browser, tmp_path):
    from pipeline.batch import run_batch
    from tests.test_batch import write_eight

    url = f"sqlite:///{tmp_path / 'eight.db'}"
    run_batch([write_eight(tmp_path / "reports")], url)
    out = tmp_path / "eight.html"
    write_audit(url, out)
    context = browser.new_context()
    page = context.new_page()
    page.goto(out.as_uri())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.click("#show-document")
    docs = page.locator("#by-document")
    assert docs.locator("section.doc-group").count() == 8
    source = docs.locator('section.doc-group[data-doc="script"] details.source')
    assert "<script>" not in source.inner_text()  # folded: a person sees the summary only
    source.locator("summary").click()
    assert "<script>window.__pwned = 1</script>" in source.inner_text()  # the report's own words, as text
    text = docs.inner_text()
    assert "error: E102" in text and "error: E103" in text
    for doc_id in ("utf8", "utf8-bom", "utf16", "gb18030", "big5", "script"):
        assert page.locator(f'section.doc-group[data-doc="{doc_id}"] .meta').first.inner_text().count(" ok ") == 1
    context.close()
