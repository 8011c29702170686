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
file it cannot read; none of them returns an empty text. Every reader takes
the document's :class:`Deadline` and checks it between its steps (pages,
OCR passes, blocks), so the one time limit per document holds in any thread.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from pipeline.errors import InputError


@dataclass
class Extracted:
    """A file's text as extracted, before it becomes a :class:`Document`."""

    text: str
    format: str
    metadata: dict = field(default_factory=dict)
    pages: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class Deadline:
    """The time one document's parsing (with OCR, all its pages) may take: one limit per document.

    ``seconds`` None: no limit. :meth:`check` raises E115 once it has passed;
    :meth:`left` bounds a subprocess (pdftoppm, tesseract) so that it is
    killed at the deadline. The error names the limit, so a user knows which
    option to raise (``--parse-timeout``).
    """

    seconds: float | None
    name: str
    start: float = field(default_factory=time.monotonic)

    def left(self) -> float | None:
        """Seconds until the deadline (never below a hundredth), None without a limit."""
        if self.seconds is None:
            return None
        return max(0.01, self.start + self.seconds - time.monotonic())

    def passed(self) -> bool:
        return self.seconds is not None and time.monotonic() >= self.start + self.seconds

    def error(self, where: str = "") -> InputError:
        at = f" ({where})" if where else ""
        return InputError(
            "E115", f"{self.name}: parsing went past the limit of {self.seconds:g} s per document{at};"
                    " --parse-timeout sets it"
        )

    def check(self, where: str = "") -> None:
        if self.passed():
            raise self.error(where)

    @staticmethod
    def limit_in(error: str | None) -> float | None:
        """The limit an E115 error row was made under (from its text), so a run with a longer one reads it again."""
        m = _LIMIT.search(error or "")
        return float(m.group(1)) if m else None


_LIMIT = re.compile(r"past the limit of ([0-9.e+-]+) s per document")


#: No limit: for callers (benchmarks, tests) that read without one.
NO_DEADLINE = Deadline(None, "")


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
