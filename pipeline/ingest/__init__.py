"""Ingest by format: one module per kind of file, each turning a file's bytes
into the text casefile extracts from, plus what maps that text back to the
source (a PDF's page map) and what the source says about itself.

The dispatcher is :func:`pipeline.stages.ingest.read_document`; the modules
here only know their format:

- :mod:`.html`: web pages, main text by trafilatura (no navigation, scripts,
  footers), charset from the page's meta tag or detected;
- :mod:`.docx`: Word files by python-docx, paragraphs and tables in order;
- :mod:`.pdf`: PDF text layers by pypdf, page by page.

Every reader raises :class:`pipeline.errors.InputError` with a code for a
file it cannot read; none of them returns an empty text.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Extracted:
    """A file's text as extracted, before it becomes a :class:`Document`."""

    text: str
    format: str
    metadata: dict = field(default_factory=dict)
    pages: list[tuple[int, int, int]] = field(default_factory=list)


HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
SUPPORTED_SUFFIXES = HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES | TEXT_SUFFIXES


def format_for_suffix(suffix: str) -> str:
    s = suffix.lower()
    if s in HTML_SUFFIXES:
        return "html"
    if s in DOCX_SUFFIXES:
        return "docx"
    if s in PDF_SUFFIXES:
        return "pdf"
    return "text"
