"""PDF text layers, page by page, by pypdf.

The document's text is the pages' texts joined by a blank line, and its
page map says which characters came from which page, so evidence offsets
map to "page 7". Each page's lines are repaired into running text: a line
that fills the page's width is joined to the next (a word hyphenated across
the break is rejoined), so sentences are not cut at every line; headers,
footers and page numbers repeated on the pages are dropped. The repair makes
the text; offsets index the repaired text, as stored. A PDF without a text layer (a scan) is the coded error
``needs OCR`` (E110), never an empty document; a corrupt, truncated or
encrypted PDF, or one with more pages than :data:`MAX_PAGES`, is an error row.
With OCR asked for (``casefile run --ocr``), the pages without a text layer
are read by :mod:`pipeline.ingest.ocr` between :func:`read_layers` and
:func:`assemble`.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.ingest import NO_DEADLINE, Deadline, Extracted

log = logging.getLogger(__name__)

MAX_PAGES = 5000
PAGE_SEPARATOR = "\n\n"


@dataclass
class Layers:
    """A PDF's pages as read from its text layers, before they are joined."""

    n_pages: int
    #: each page's lines (stripped), page 1 first; an empty list for a page without a text layer
    lines: list[list[str]]
    metadata: dict = field(default_factory=dict)
    #: (width, height in points, pixel width and height of its largest image) of each page without text
    geometry: dict[int, tuple[float, float, int, int]] = field(default_factory=dict)

    @property
    def without_text(self) -> list[int]:
        """Page numbers of the pages with no text in their layer (scanned pages)."""
        return [no for no, lines in enumerate(self.lines, start=1) if not any(lines)]


def read(data: bytes, name: str, max_bytes: int, deadline: Deadline = NO_DEADLINE) -> Extracted:
    """The text of a PDF's text layers; E110 when no page has one (OCR: :mod:`.ocr`)."""
    return assemble(read_layers(data, name, max_bytes, deadline), name)


def read_layers(data: bytes, name: str, max_bytes: int, deadline: Deadline = NO_DEADLINE) -> Layers:
    """Each page's lines from its text layer; ``deadline`` is checked before each page (E115)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files warn on every object
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An empty user password opens many "protected" PDFs; anything else is locked.
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise InputError("E112", f"{name}: {type(exc).__name__}: {exc}") from exc
            if not opened:
                raise InputError("E112", f"{name}: a password is needed")
        n = len(reader.pages)
    except InputError:
        raise
    except LimitReachedError as exc:  # a page tree that unfolds to too many pages (a bomb)
        raise InputError("E105", f"{name}: {exc}") from exc
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on a broken file
        raise InputError("E111", f"{name}: {type(exc).__name__}: {exc}") from exc
    if n == 0:
        raise InputError("E111", f"{name}: no pages")
    if n > MAX_PAGES:
        raise InputError("E105", f"{name} has {n} pages (limit {MAX_PAGES})")
    raw: list[list[str]] = []
    size = 0
    for no in range(1, n + 1):
        deadline.check(f"reading the text layer of page {no} of {n}")
        try:
            page_text = reader.pages[no - 1].extract_text() or ""
        except LimitReachedError as exc:  # a stream that inflates past pypdf's limit (a decompression bomb)
            raise InputError("E105", f"{name}: page {no}: {exc}") from exc
        except Exception as exc:
            raise InputError("E111", f"{name}: page {no}: {type(exc).__name__}: {exc}") from exc
        size += len(page_text.encode("utf-8"))
        if size > max_bytes:
            raise InputError("E105", f"{name}: text of pages 1-{no} is {size} bytes (limit {max_bytes})")
        raw.append([line.strip() for line in page_text.splitlines()])
    geometry = {no: g for no, lines in enumerate(raw, start=1) if not any(lines)
                if (g := _geometry(reader.pages[no - 1])) is not None}
    meta: dict = {"n_pages": n}
    try:
        info = reader.metadata
        if info and info.title:
            meta["title"] = str(info.title)
    except Exception:
        pass
    return Layers(n_pages=n, lines=raw, metadata=meta, geometry=geometry)


def _geometry(page) -> tuple[float, float, int, int] | None:
    """A page's size in points and the pixel size of its largest image (0, 0 without one); None if unreadable."""
    try:
        box = page.mediabox
        w, h = float(box.width), float(box.height)
        best = (0, 0)
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                size = (int(obj.get("/Width", 0)), int(obj.get("/Height", 0)))
                if size[0] * size[1] > best[0] * best[1]:
                    best = size
        return (abs(w), abs(h), *best)
    except Exception:  # a broken page still gets OCR at the default resolution
        return None


def assemble(layers: Layers, name: str) -> Extracted:
    """The pages' running text joined by a blank line, and the page map.

    A PDF with some pages without a text layer (and not read by OCR) says
    which in ``metadata["pages_without_text"]``.
    """
    raw = layers.lines
    running = running_lines(raw)
    parts: list[str] = []
    pages: list[tuple[int, int, int]] = []
    pos = 0
    for no, lines in enumerate(raw, start=1):
        page_text = join_lines([ln for i, ln in enumerate(lines) if not _is_running(ln, i, lines, running)])
        if not page_text:
            continue
        if parts:
            parts.append(PAGE_SEPARATOR)
            pos += len(PAGE_SEPARATOR)
        parts.append(page_text)
        pages.append((pos, pos + len(page_text), no))
        pos += len(page_text)
    if not pages:
        raise InputError("E110", f"{name}: {layers.n_pages} page(s) without a text layer (--ocr reads them)")
    meta = dict(layers.metadata)
    blank = layers.without_text
    if blank:
        meta["pages_without_text"] = blank
    return Extracted(text="".join(parts) + "\n", format="pdf", metadata=meta, pages=pages)


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*|p\.\s*)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?(?:\s*[-–—])?$|^第\s*\d{1,5}\s*页(?:\s*/?\s*共\s*\d{1,5}\s*页)?$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: Lines at most this far from a page's top or bottom can be running headers or footers.
EDGE_LINES = 2


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold()).strip()


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes (digits folded) of lines repeated at the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln]
        seen.update({_shape(ln) for ln in content[:EDGE_LINES] + content[-EDGE_LINES:]})
    return {shape for shape, k in seen.items() if shape and k >= max(3, (len(pages) + 1) // 2)}


def _is_running(line: str, i: int, lines: list[str], running: set[str]) -> bool:
    if not line:
        return False
    content_index = [j for j, ln in enumerate(lines) if ln]
    pos = content_index.index(i)
    at_edge = pos < EDGE_LINES or pos >= len(content_index) - EDGE_LINES
    return at_edge and (_PAGE_NUMBER.match(line) is not None or _shape(line) in running)


def join_lines(lines: list[str]) -> str:
    """Running text from a page's lines: a full-width line continues on the next
    (a space between words, none between Chinese characters, a hyphen at the
    break of a lower-case word dropped); a short line ends its paragraph."""
    lengths = [len(ln) for ln in lines if ln]
    if not lengths:
        return ""
    full = 0.7 * statistics.median(lengths) if len(lengths) >= 3 else max(lengths) * 0.7
    out: list[str] = []
    for ln in lines:
        if not ln:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        if out and out[-1] not in ("\n", "\n\n"):
            prev = out[-1]
            if re.search(r"[a-z]-$", prev) and ln[:1].islower():  # a word hyphenated at the break
                out[-1] = prev[:-1]
            elif len(prev) >= full:  # the previous line was wrapped: this one continues it
                if not (_CJK.match(prev[-1]) and _CJK.match(ln[0])):
                    out.append(" ")
            else:
                out.append("\n")
        out.append(ln)
    return _collapse("".join(out)).strip()


def _collapse(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)
