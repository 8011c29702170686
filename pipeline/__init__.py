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

__all__ = ["extract", "extract_document", "process_file", "FileResult", "DetentionEvent", "Document"]
__version__ = "0.1.0"

log = logging.getLogger(__name__)


def extract_document(doc: Document) -> list[DetentionEvent]:
    """Run every stage over one document and return its validated records."""
    from pipeline.stages import assemble, crosslink, segment
    from pipeline.stages.en import extract as en_extract
    from pipeline.stages.zh import extract as zh_extract

    segment.segment(doc)
    candidates = []
    langs = doc.languages()
    if "en" in langs:
        candidates += en_extract.candidates(doc)
    if langs & {"zh-Hans", "zh-Hant"}:
        candidates += zh_extract.candidates(doc)
    return assemble.assemble(doc, crosslink.link_persons(candidates))


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


def process_file(path) -> FileResult:
    """Read and extract one file; never raises for a bad input, reports it."""
    from pipeline.stages.ingest import doc_id_for, read_document
    from pathlib import Path

    p = Path(path)
    result = FileResult(path=str(p), doc_id=doc_id_for(p))
    try:
        doc = read_document(p)
        result.document = doc
        result.events = extract_document(doc)
    except CasefileError as exc:
        result.error, result.error_code = str(exc), exc.code
    except Exception as exc:  # a bug in a stage must not stop a batch; it is reported
        log.exception("extraction failed on %s", p)
        result.error, result.error_code = f"E199 internal error: {type(exc).__name__}: {exc}", "E199"
    return result
