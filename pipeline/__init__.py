"""casefile: detention events from human-rights reports, with auditable evidence.

    >>> from pipeline import extract
    >>> events = extract("Police detained Wang Lin in Wuhan on March 3, 2020.", doc_id="x")
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pipeline.document import Document
from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent

__all__ = ["extract", "extract_document", "candidates", "decide_and_assemble", "process_file", "FileResult", "DetentionEvent", "Document"]
__version__ = "0.1.0"

log = logging.getLogger(__name__)


def candidates(doc: Document) -> list:
    """Segment a document and return every candidate its language stages propose
    (the rule linker's pairings and the widened ones), before the scorer."""
    from pipeline.learn.features import person_features
    from pipeline.stages import segment, slots
    from pipeline.stages.en import extract as en_extract
    from pipeline.stages.places import DocumentPlaces
    from pipeline.stages.zh import extract as zh_extract

    segment.segment(doc)
    found = []
    places = DocumentPlaces(doc.text)  # each sentence's places found once, for the stages and the slot options
    langs = doc.languages()
    if "en" in langs:
        found += en_extract.candidates(doc, places)
    if langs & {"zh-Hans", "zh-Hant"}:
        found += zh_extract.candidates(doc)
    person_features(doc.text, found)
    slots.attach_place_options(doc, found, places)
    return found


def decide_and_assemble(doc: Document, found: list, scorer=None) -> list[DetentionEvent]:
    """The event scorer keeps the asserted candidates; the assembler makes records
    (each quote of a paginated source with its page)."""
    from pipeline.stages import assemble, crosslink, score

    from pipeline.document import paginate

    kept = (scorer or score.default_scorer()).decide(found)
    return paginate(doc, assemble.assemble(doc, crosslink.link_persons(kept)))


def extract_document(doc: Document, scorer=None) -> list[DetentionEvent]:
    """Run every stage over one document and return its validated records."""
    return decide_and_assemble(doc, candidates(doc), scorer)


def extract(text: str, doc_id: str = "doc") -> list[DetentionEvent]:
    return extract_document(Document(doc_id=doc_id, text=text))


@dataclass
class FileResult:
    path: str
    doc_id: str
    document: Document | None = None
    events: list[DetentionEvent] = field(default_factory=list)
    error: str | None = None
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def process_file(path, ocr: bool = False, **limits) -> FileResult:
    """Read and extract one file; never raises for a bad input, reports it.

    ``ocr``: read scanned PDF pages by OCR; ``limits``: ``max_bytes`` and
    ``parse_timeout`` of :func:`pipeline.stages.ingest.read_document`."""
    from pipeline.stages.ingest import doc_id_for, read_document
    from pathlib import Path

    p = Path(path)
    result = FileResult(path=str(p), doc_id=doc_id_for(p))
    try:
        doc = read_document(p, ocr=ocr, **limits)
        result.document = doc
        result.events = extract_document(doc)
    except CasefileError as exc:
        result.error, result.error_code = str(exc), exc.code
    except Exception as exc:  # a bug in a stage must not stop a batch; it is reported
        log.exception("extraction failed on %s", p)
        result.error, result.error_code = f"E199 internal error: {type(exc).__name__}: {exc}", "E199"
    return result
