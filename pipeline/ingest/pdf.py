"""PDF text layers, page by page, by pypdf.

The document's text is the pages' texts joined by a blank line, and its
page map says which characters came from which page, so evidence offsets
map to "page 7". A PDF without a text layer (a scan) is the coded error
``needs OCR`` (E110), never an empty document; a corrupt, truncated or
encrypted PDF, or one with more pages than :data:`MAX_PAGES`, is an error row.
"""
from __future__ import annotations

import io
import logging

from pipeline.errors import InputError
from pipeline.ingest import Extracted

log = logging.getLogger(__name__)

MAX_PAGES = 5000
PAGE_SEPARATOR = "\n\n"


def read(data: bytes, name: str, max_bytes: int) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on a broken file
        raise InputError("E111", f"{name}: {type(exc).__name__}: {exc}") from exc
    if n == 0:
        raise InputError("E111", f"{name}: no pages")
    if n > MAX_PAGES:
        raise InputError("E105", f"{name} has {n} pages (limit {MAX_PAGES})")
    parts: list[str] = []
    pages: list[tuple[int, int, int]] = []
    pos = size = 0
    for no in range(1, n + 1):
        try:
            page_text = reader.pages[no - 1].extract_text() or ""
        except Exception as exc:
            raise InputError("E111", f"{name}: page {no}: {type(exc).__name__}: {exc}") from exc
        page_text = "\n".join(line.rstrip() for line in page_text.splitlines()).strip()
        size += len(page_text.encode("utf-8"))
        if size > max_bytes:
            raise InputError("E105", f"{name}: text of pages 1-{no} is {size} bytes (limit {max_bytes})")
        if not page_text:
            continue
        if parts:
            parts.append(PAGE_SEPARATOR)
            pos += len(PAGE_SEPARATOR)
        parts.append(page_text)
        pages.append((pos, pos + len(page_text), no))
        pos += len(page_text)
    if not pages:
        raise InputError("E110", f"{name}: {n} page(s) without a text layer")
    meta: dict = {"n_pages": n}
    try:
        info = reader.metadata
        if info and info.title:
            meta["title"] = str(info.title)
    except Exception:
        pass
    return Extracted(text="".join(parts) + "\n", format="pdf", metadata=meta, pages=pages)
