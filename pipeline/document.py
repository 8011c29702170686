"""The document as read, and its language spans.

``Document.text`` is the original decoded text (for HTML, Word and PDF files
the extracted text) and is never changed: every offset that casefile reports
is an index into it. ``pages`` maps offsets of a PDF's text back to its pages.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["en", "zh-Hans", "zh-Hant"]


@dataclass(frozen=True)
class LangSpan:
    start: int
    end: int
    lang: Lang


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lang: Lang


@dataclass
class Document:
    doc_id: str
    text: str
    path: str | None = None
    spans: list[LangSpan] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: where the text came from: text, html, docx or pdf
    format: str = "text"
    #: what the source says about itself (an HTML page's title and date)
    metadata: dict = field(default_factory=dict)
    #: (start, end, page number) of each page's text, in order; empty unless paged
    pages: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def languages(self) -> set[str]:
        return {s.lang for s in self.spans}

    def published(self) -> "dt.date | None":
        """The publication date the source gives in its metadata (an HTML page's
        ``article:published_time`` and the like), for resolving "yesterday" and
        yearless dates when the text has no dateline of its own. Only HTML: a
        Word file's creation date is often its template's."""
        value = self.metadata.get("date") if self.format == "html" else None
        if not value:
            return None
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    def page_at(self, offset: int) -> int | None:
        """The page number of the character at ``offset``, or None."""
        return page_at(self.pages, offset)


def page_at(pages: list[tuple[int, int, int]] | list[list[int]], offset: int) -> int | None:
    """The page of ``offset`` in a page map of (start, end, page_no), sorted by start."""
    i = bisect.bisect_right([p[0] for p in pages], offset) - 1
    if i >= 0 and pages[i][0] <= offset < pages[i][1]:
        return int(pages[i][2])
    return None


def paginate(doc: Document, events: list) -> list:
    """The records of ``doc`` with each quote's page in its own evidence.

    For a document with a page map (a PDF), ``evidence.page`` is the page of
    the quote's first character and ``evidence.page_end`` that of its last
    when it is a later one; a quote read by OCR says so, with the engine, in
    ``provenance["evidence"]``. Records of a document without pages are
    returned as they are (their JSON does not change).
    """
    if not doc.pages:
        return events
    from pipeline.records import DetentionEvent

    ocr = doc.metadata.get("ocr") or {}
    ocr_pages = {p["page"]: p for p in ocr.get("pages", [])}
    out = []
    for ev in events:
        first = doc.page_at(ev.evidence.start)
        if first is None:  # a quote in the separator between pages: none can be, but never guess
            out.append(ev)
            continue
        last = doc.page_at(max(ev.evidence.start, ev.evidence.end - 1))
        data = ev.model_dump(mode="json")
        data["evidence"]["page"] = first
        if last is not None and last > first:
            data["evidence"]["page_end"] = last
        read = [ocr_pages[p] for p in range(first, (last or first) + 1) if p in ocr_pages]
        if read:
            langs = ",".join(dict.fromkeys(p["languages"] for p in read))
            note = f"ocr {ocr.get('engine', 'tesseract')} ({langs})"
            prov = data.get("provenance") or {}
            prov["evidence"] = f"{prov['evidence']}; {note}" if prov.get("evidence") else note
            data["provenance"] = prov
        out.append(DetentionEvent.model_validate(data))
    return out
