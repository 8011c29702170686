"""The audit page's people view: each person's custody timeline as inline SVG, in a real headless Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.people import link
from pipeline.records import DetentionEvent
from pipeline.sinks.audit import write_audit
from pipeline.store import DocumentResult, open_store

NAME = 'Gao Ming<img src=x onerror="window.__pwned = 3">'
DOCS = {
    "r1": f"Police detained {NAME} on May 2, 2019. On 2020-08-03 a court sentenced {NAME} to four years. He was later released.",
    "r2": f"The activist {NAME} was detained on May 2, 2019 and on 2020-08-03 sentenced to five years.",
    "r3": "2019年5月2日，宋晓雨被警方拘留。",
}


def ev(doc: str, kind: str, quote: str, name: str, date: str | None = None, **kw) -> DetentionEvent:
    start = DOCS[doc].index(quote)
    return DetentionEvent.model_validate({
        "doc_id": doc, "event_type": kind, "person": {"name": name},
        "date": {"iso": date, "precision": "day"} if date else None,
        "evidence": {"start": start, "end": start + len(quote), "text": quote}, "confidence": 0.9, **kw})


EVENTS = {
    "r1": [ev("r1", "detained", f"Police detained {NAME} on May 2, 2019.", NAME, "2019-05-02"),
           ev("r1", "sentenced", f"a court sentenced {NAME} to four years", NAME, "2020-08-03", sentence={"months": 48}),
           ev("r1", "released", "He was later released.", NAME)],
    "r2": [ev("r2", "detained", f"{NAME} was detained on May 2, 2019", NAME, "2019-05-02"),
           ev("r2", "sentenced", "on 2020-08-03 sentenced to five years", NAME, "2020-08-03", sentence={"months": 60})],
    "r3": [ev("r3", "detained", "宋晓雨被警方拘留", "宋晓雨", "2019-05-02")],
}


@pytest.fixture(scope="module")
def people_page(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("audit-people")
    url = f"sqlite:///{tmp / 'audit.db'}"
    with open_store(url) as store:
        for doc, events in EVENTS.items():
            store.save(DocumentResult(doc, f"/in/{doc}.txt", doc * 32, "ok", "en", text=DOCS[doc], events=tuple(events)), "r", "0")
        summary = link(store)
    assert summary.persons == 2 and summary.conflicts == 1
    out = tmp / "report.html"
    write_audit(url, out)
    return out


@pytest.fixture
def page(browser, people_page):
    context = browser.new_context()
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(people_page.as_uri())
    pg.click("#show-identity")
    yield pg
    context.close()
    assert all(u.startswith("file://") for u in requests), requests


def _person(page, name_part: str):
    return page.locator("section.identity").filter(has_text=name_part)


def test_the_html_escapes_names_and_carries_one_svg_per_person(people_page):
    html = people_page.read_text(encoding="utf-8")
    assert '<img src=x onerror' not in html
    assert html.count('<svg class="timeline"') == 2
    assert len(re.findall(r"<script\b", html)) == 1


def test_each_step_is_one_mark_and_the_conflict_is_marked(page):
    gao = _person(page, "Gao Ming")
    assert gao.is_visible()
    svg = gao.locator("svg.timeline")
    assert svg.is_visible()
    marks = svg.locator("g.step-mark")
    assert marks.count() == 3  # detained (two reports), sentenced (two reports), released (undated)
    assert svg.locator("g.step-mark.conflict").count() == 1
    ring = svg.locator("g.step-mark.conflict circle.conflict-mark")
    assert ring.is_visible() and ring.get_attribute("stroke") == "#e00"
    assert svg.locator("g.step-mark.conflict").get_attribute("data-type") == "sentenced"
    conflict = gao.locator("li.conflict").inner_text()
    assert "conflict.sentence" in conflict and "48" in conflict and "60" in conflict and "r1" in conflict and "r2" in conflict
    song = _person(page, "宋晓雨")
    assert song.locator("g.step-mark").count() == 1 and song.locator("g.step-mark.conflict").count() == 0


def test_names_are_text_and_nothing_ran(page):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    heading = _person(page, "Gao Ming").locator("h3").inner_text()
    assert '<img src=x onerror="window.__pwned = 3">' in heading
    title = _person(page, "Gao Ming").locator("g.step-mark title").first.text_content()
    assert "detained 2019-05-02" in title and "r1" in title


def test_a_step_links_to_each_source_record(page):
    gao = _person(page, "Gao Ming")
    links = gao.locator("tr.step").first.locator("a.source-link")
    assert links.count() == 2
    target = links.first.get_attribute("href")
    links.first.click()
    assert page.locator("#by-document").is_visible()
    record = page.locator(target)
    assert record.is_visible() and "detained" in record.inner_text()
