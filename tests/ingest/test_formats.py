"""Each format read from files the tests make: the text, its metadata and
page map, and the events: the same records as from the plain-text version
of the same sentence, with evidence that slices the extracted text."""
from __future__ import annotations

import pytest

from pipeline import extract, extract_document
from pipeline.document import Document
from pipeline.errors import InputError
from pipeline.stages.ingest import read_document
from tests.ingest import makers as m


C = m.EN_CHARGED
needs_chromium = pytest.mark.skipif(not __import__("os").path.exists(m.CHROMIUM), reason="Chromium is not installed (CI has it)")


def _record(ev) -> tuple:
    return (ev.event_type, ev.person.name, ev.date.iso if ev.date else None, tuple(c.id for c in ev.charges))


#: name, file name, content (text, bytes or builder), format, sentence the text holds,
#: words that must not be in it, metadata that must be in it
CASES = [
    ("html-boilerplate", "brief.html", m.boilerplate_html(C), "html", C, m.BOILERPLATE,
     {"title": "Lawyer detained in Wuhan", "date": "2021-03-05"}),
    ("html-script-in-article", "ua.htm", m.script_in_article_html(C), "html", C, ("TRACKERSCRIPT", "document.write"),
     {"title": "Urgent action"}),
    ("html-gbk", "zh.html", m.gbk_html(), "html", m.ZH, ("NAVWORD", "FOOTERWORD", "首页", "版权所有"),
     {"title": "律师王林被拘", "charset": "gb18030"}),
    ("html-in-txt", "saved-page.txt", m.boilerplate_html(C), "html", C, m.BOILERPLATE, {}),
    ("docx", "translation.docx", lambda p: m.make_docx(p, C), "docx", C, (), {}),
    ("pdf-two-pages", "annual.pdf", lambda p: m.two_page_pdf(p, C), "pdf", C, (), {"n_pages": 2}),
    pytest.param("pdf-chromium", "printed.pdf", lambda p: m.chromium_pdf(p, C), "pdf", C, (), {}, marks=needs_chromium,
                 id="pdf-chromium"),
    ("text", "plain.txt", C + "\n", "text", C, (), {}),
    ("markdown", "notes.md", "# Case notes\n\n" + m.ZH + "\n", "text", m.ZH, (), {}),
]


@pytest.mark.parametrize("name, filename, content, fmt, sentence, absent, meta", CASES,
                         ids=[c.id if hasattr(c, "marks") else c[0] for c in CASES])
def test_a_format_reads_to_its_text_and_events(write, name, filename, content, fmt, sentence, absent, meta):
    doc = read_document(write(filename, content))
    assert doc.format == fmt
    assert sentence in doc.text
    for word in absent:
        assert word not in doc.text, word
    for key, value in meta.items():
        assert doc.metadata.get(key) == value, key
    events = extract_document(doc)
    plain = extract(sentence, doc_id=doc.doc_id)
    assert plain, "the sentence must give an event as plain text"
    assert all(all(field) for field in map(_record, plain)), "type, person, date and charges, each to compare"
    assert sorted(map(_record, events)) == sorted(map(_record, plain))
    for ev in events:
        assert doc.text[ev.evidence.start:ev.evidence.end] == ev.evidence.text


def test_docx_keeps_paragraphs_and_tables_in_order(write):
    doc = read_document(write("t.docx", m.make_docx))
    lines = doc.text.splitlines()
    assert lines == [m.EN, "Name\tPlace", "Wang Lin\tWuhan", "The table above lists the case."]


def test_the_pdf_event_on_page_two_says_page_two(write):
    doc = read_document(write("annual.pdf", m.two_page_pdf))
    assert [p[2] for p in doc.pages] == [1, 2]
    for start, end, _ in doc.pages:  # the map covers exactly the pages' texts
        assert doc.text[start:end].strip() == doc.text[start:end] != ""
    (ev,) = extract_document(doc)
    assert ev.evidence.text == m.EN == doc.text[ev.evidence.start:ev.evidence.end]
    assert doc.page_at(ev.evidence.start) == 2 and doc.page_at(ev.evidence.end - 1) == 2
    assert doc.page_at(0) == 1


@pytest.mark.parametrize(
    "pages, offset, page",
    [
        ([], 0, None),
        ([(0, 10, 1), (12, 20, 2)], 0, 1),
        ([(0, 10, 1), (12, 20, 2)], 9, 1),
        ([(0, 10, 1), (12, 20, 2)], 10, None),  # the separator between pages
        ([(0, 10, 1), (12, 20, 2)], 12, 2),
        ([(0, 10, 1), (12, 20, 2)], 20, None),
        ([(0, 10, 1), (12, 20, 3)], 15, 3),  # a page without text is left out of the map
        ([(0, 10, 1)], -1, None),
    ],
)
def test_page_at(pages, offset, page):
    assert Document("d", "x" * 30, pages=pages).page_at(offset) == page


#: name, file name, content, error code, max_bytes (None: the default)
HOSTILE = [
    ("pdf-header-only", "stub.pdf", b"%PDF-1.4", "E111", None),
    ("pdf-truncated", "cut.pdf", m.truncated_pdf, "E111", None),
    ("pdf-garbage", "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "E111", None),
    ("pdf-encrypted", "locked.pdf", m.encrypted_pdf, "E112", None),
    ("pdf-no-text-layer", "scan.pdf", lambda p: m.make_pdf(p, [None, None]), "E110", None),
    ("pdf-text-over-limit", "long.pdf", lambda p: m.make_pdf(p, [m.EN * 30] * 3), "E105", 4000),
    ("docx-not-a-zip", "fake.docx", b"This is not a zip file at all.\n", "E113", None),
    ("docx-zip-without-document", "other.docx", lambda p: _zip(p, {"a.txt": "hello"}), "E113", None),
    ("docx-zip-bomb", "bomb.docx", m.zip_bomb_docx, "E105", 100_000),
    ("html-nested-100k", "deep.html", m.deep_html(), "E114", 10_000_000),
    ("html-empty", "empty.html", b"", "E102", None),
    ("html-no-text", "blank.html", "<html><body><script>x()</script></body></html>", "E102", None),
    ("docx-text-over-limit", "long.docx", lambda p: _long_docx(p), "E105", 100_000),
]


def _zip(path, parts):
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _long_docx(path):
    import docx

    d = docx.Document()
    d.add_paragraph(" ".join([m.EN] * 2000))  # 124 kB of text in a file of about 40 kB
    d.save(str(path))
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize("name, filename, content, code, max_bytes", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_or_broken_file_is_a_coded_error(write, name, filename, content, code, max_bytes):
    path = write(filename, content)
    with pytest.raises(InputError) as info:
        read_document(path, **({} if max_bytes is None else {"max_bytes": max_bytes}))
    assert info.value.code == code, str(info.value)
    if name.endswith("text-over-limit"):  # the file is small: its text is what is too large
        assert "extracted text" in str(info.value) or "text of pages" in str(info.value)


def test_a_pdf_reads_as_running_text_without_headers_and_page_numbers(write):
    doc = read_document(write("report.pdf", m.report_pdf))
    assert "HEADERWORD" not in doc.text and "Page 2 of 3" not in doc.text
    assert m.EN in doc.text  # wrapped over four lines in the PDF, one sentence here
    assert "his safety." in doc.text  # "safe-" / "ty." rejoined
    assert [p[2] for p in doc.pages] == [1, 2, 3]
    events = [ev for ev in extract_document(doc) if ev.event_type == "detained"]
    assert len(events) == 1 and events[0].evidence.text == m.EN
    assert doc.page_at(events[0].evidence.start) == 2


def test_parsing_longer_than_the_time_limit_is_a_coded_error(write):
    path = write("long.pdf", lambda p: m.make_pdf(p, [m.EN * 20] * 300))
    with pytest.raises(InputError) as info:
        read_document(path, parse_timeout=0.05)
    assert info.value.code == "E115"
    # Without the limit the same file reads, and the alarm is gone afterwards.
    doc = read_document(path, parse_timeout=0)
    assert len(doc.pages) == 300
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.skipif(not __import__("os").path.exists(m.CHROMIUM), reason="Chromium is not installed (CI has it)")
def test_a_pdf_printed_by_chromium_has_its_event_on_page_two(write):
    doc = read_document(write("printed.pdf", m.chromium_pdf))
    assert [p[2] for p in doc.pages] == [1, 2]
    (ev,) = extract_document(doc)
    assert ev.evidence.text == m.EN == doc.text[ev.evidence.start:ev.evidence.end]
    assert doc.page_at(ev.evidence.start) == 2
