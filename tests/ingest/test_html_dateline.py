"""An HTML page's publication date (its metadata) is the document's dateline
when the text has none: "yesterday" and yearless dates resolve against it."""
from __future__ import annotations

import pytest

from pipeline import extract_document
from pipeline.stages.ingest import read_document

PUBLISHED = '<meta property="article:published_time" content="2021-03-05">'


def page(body: str, meta: str = PUBLISHED, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Brief</title>{meta}</head>'
            f"<body><article>{paragraphs}</article></body></html>")


#: body, the person, the date and precision it resolves to (invented sentences)
CASES = [
    ("Police detained Wang Lin yesterday. His colleagues fear for his safety and ask for news of him.",
     "Wang Lin", ("2021-03-04", "day")),
    ("Police in Chengdu detained the lawyer Li Ming on 3 March. His family has not been told where he is.",
     "Li Ming", ("2021-03-03", "day")),
    ("Police in Chengdu detained the lawyer Li Ming on 9 December. His family has not been told where he is.",
     "Li Ming", ("2020-12-09", "day")),  # after the March publication date: last December
    ("成都警方昨天刑事拘留了律师王林。他的家人至今不知道他被关押在哪里。", "王林", ("2021-03-04", "day")),
    ("律师李明3月3日在成都被警方刑事拘留。他的家人至今不知道他被关押在哪里。", "李明", ("2021-03-03", "day")),
]


@pytest.mark.parametrize("body, person, date", CASES, ids=["yesterday", "yearless", "yearless-before", "zh-yesterday", "zh-yearless"])
def test_the_publication_date_resolves_relative_and_yearless_dates(write, body, person, date):
    lang = "zh" if "警方" in body else "en"
    doc = read_document(write("brief.html", page(body, lang=lang)))
    assert doc.metadata["date"] == "2021-03-05" and doc.published().isoformat() == "2021-03-05"
    got = {ev.person.name: ev for ev in extract_document(doc)}
    assert (got[person].date.iso, got[person].date.precision) == date
    # the same page without the date in its metadata: nothing to resolve against
    bare = read_document(write("bare.html", page(body, meta="", lang=lang)))
    assert bare.published() is None
    dated = [ev for ev in extract_document(bare) if ev.person.name == person and ev.date]
    assert all(ev.date.iso != date[0] for ev in dated)


def test_a_dateline_in_the_text_wins_over_the_metadata(write):
    body = "Chengdu, 1 June 2022. Police detained Wang Lin yesterday. His colleagues fear for his safety."
    doc = read_document(write("brief.html", page(body)))
    (ev,) = [e for e in extract_document(doc) if e.person.name == "Wang Lin"]
    assert ev.date.iso == "2022-05-31"


def test_only_an_html_publication_date_is_a_dateline(write):
    from pipeline.document import Document

    assert Document("d", "x", format="docx", metadata={"date": "2021-03-05"}).published() is None
    assert Document("d", "x", format="html", metadata={"date": "not a date"}).published() is None
    assert Document("d", "x", format="html", metadata={"date": "2021-03-05T10:00:00"}).published().isoformat() == "2021-03-05"


def test_no_event_is_dated_after_the_publication_date(write):
    # published on 5 March 2021 (metadata only): the court date in April is still to come
    body = "Police detained Wang Lin on 1 March. He was released on bail and is due in court in April 2021."
    doc = read_document(write("brief.html", page(body)))
    got = {ev.event_type: ev for ev in extract_document(doc) if ev.person.name == "Wang Lin"}
    assert got["detained"].date.iso == "2021-03-01"
    assert got["released"].date is None and got["released"].provenance["date"] == "en.date.after_publication"
