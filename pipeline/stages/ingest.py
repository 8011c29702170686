"""Read a file into a :class:`Document`, or say exactly why it cannot be read.

The dispatcher over formats: plain text and Markdown are decoded here; HTML,
Word and PDF files go to their modules in :mod:`pipeline.ingest` by suffix
(and a ``.txt`` file that is an HTML page to the HTML reader).
"""
from __future__ import annotations

import codecs
import contextlib
import fnmatch
import logging
import re
import signal
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import InputError
from pipeline.ingest import (
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    NO_DEADLINE,
    PDF_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    Deadline,
    Extracted,
    format_for_suffix,
)

log = logging.getLogger(__name__)

#: Larger files, and larger extracted texts, are error rows (E105).
MAX_BYTES = 20 * 1024 * 1024
#: Seconds one document's parsing (HTML, Word, PDF text layers) may take before it is an error row (E115).
PARSE_TIMEOUT = 120.0
#: The same limit with OCR: the text layers and every scanned page together. At the measured
#: 1.7-8 s a page (README), an hour reads a scan of about 430 (Chinese) to 1,500-2,100 (English) pages.
OCR_PARSE_TIMEOUT = 3600.0
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)

__all__ = [
    "MAX_BYTES", "OCR_PARSE_TIMEOUT", "PARSE_TIMEOUT", "TEXT_SUFFIXES", "SUPPORTED_SUFFIXES", "decode", "doc_id_for",
    "format_for_suffix", "iter_inputs", "parse_deadline", "scan_inputs", "read_document", "skipped_reason",
]


def doc_id_for(path: Path) -> str:
    return path.stem


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode bytes of a report: BOMs first, then UTF-8, then a detector."""
    if not data:
        raise InputError("E102", name)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM still has a regular pattern of NULs (the high
        # bytes of ASCII: odd positions in LE, even in BE); anything else is binary.
        head = data[:4096]
        le_first = head[1::2].count(0) >= head[0::2].count(0)
        for enc in ("utf-16-le", "utf-16-be") if le_first else ("utf-16-be", "utf-16-le"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_textual(text):
                return text
        raise InputError("E103", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_legacy(data)
    if text is None:
        raise InputError("E104", name)
    if not _looks_textual(text):
        raise InputError("E103", name)
    return text


#: A legacy Chinese decoding at least this plausible wins over the detector.
CJK_MIN_PLAUSIBILITY = 0.4


def _decode_legacy(data: bytes) -> str | None:
    """Bytes that are not UTF-8: GB18030/GBK, Big5, or a single-byte code page.

    The most plausible strict decoding among GB18030 and Big5 is taken when
    it reads as Chinese (see :mod:`.encoding`: short Chinese texts fool the
    detector); otherwise charset-normalizer decides.
    """
    from charset_normalizer import from_bytes

    from pipeline.stages.encoding import best_cjk_decoding

    cjk = best_cjk_decoding(data)
    if cjk is not None and cjk[2] >= CJK_MIN_PLAUSIBILITY:
        log.debug("decoded as %s (plausibility %.2f)", cjk[0], cjk[2])
        return cjk[1]
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "cp1252", "latin_1"]).best()
    if best is None:
        return None
    log.debug("decoded as %s (charset-normalizer)", best.encoding)
    return str(best)


def _looks_textual(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for c in text[:4000] if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad / min(len(text), 4000) < 0.01


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096]))


def extract_bytes(
    data: bytes, name: str, suffix: str, max_bytes: int = MAX_BYTES, deadline: Deadline = NO_DEADLINE
) -> Extracted:
    """The text of a file's bytes by its format (``suffix`` decides, e.g. ``.pdf``)."""
    s = suffix.lower()
    if s in PDF_SUFFIXES:
        from pipeline.ingest import pdf as reader
    elif s in DOCX_SUFFIXES:
        from pipeline.ingest import docx as reader
    elif s in HTML_SUFFIXES or looks_like_html(data):
        from pipeline.ingest import html as reader
    else:
        if not data:
            raise InputError("E102", name)
        return Extracted(text=decode(data, name), format="text")
    if not data:
        raise InputError("E102", name)
    return reader.read(data, name, max_bytes, deadline)


def parse_deadline(parse_timeout: float | None, name: str, ocr: bool = False) -> Deadline:
    """The document's one parse deadline, starting now.

    ``parse_timeout``: seconds; None for the default (:data:`PARSE_TIMEOUT`,
    or :data:`OCR_PARSE_TIMEOUT` with ``ocr``); 0 or less for no limit.
    """
    if parse_timeout is None:
        parse_timeout = OCR_PARSE_TIMEOUT if ocr else PARSE_TIMEOUT
    return Deadline(parse_timeout if parse_timeout > 0 else None, name)


#: The alarm rings this long after the deadline, so that a reader's own check (which says where it
#: stopped: "page 7") comes first when the reader is in Python code at all.
ALARM_GRACE = 0.25


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so no reader's ``except Exception`` swallows it."""


@contextlib.contextmanager
def time_limit(deadline: Deadline) -> Iterator[None]:
    """E115 when the block is still running at ``deadline``.

    In the main thread (POSIX) an alarm interrupts the block wherever it is
    in Python code (a parser inside one long C call is stopped when it
    returns to Python; a subprocess it waits on is killed). Elsewhere (a Dask
    worker's thread) only the readers' own checks hold it: between PDF pages,
    OCR passes and Word blocks, and each OCR subprocess is killed at the
    deadline; one call into trafilatura or python-docx runs to its end.
    """
    seconds = deadline.left()
    if seconds is not None:  # the readers' own checks say where they stopped; the alarm is the backstop
        seconds += ALARM_GRACE
    if seconds is None or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout:  # also when the alarm rang just as the block ended
        raise deadline.error() from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def read_document(
    path: str | Path, max_bytes: int = MAX_BYTES, parse_timeout: float | None = None, ocr: bool = False
) -> Document:
    """The document in the file at ``path``, or an :class:`InputError` with a code.

    ``parse_timeout``: seconds the whole document's parsing may take, one
    deadline per document (E115 after it): None for the default,
    :data:`PARSE_TIMEOUT` or with ``ocr`` :data:`OCR_PARSE_TIMEOUT`; 0 for no
    limit. ``ocr``: a PDF's pages without a text layer are read by OCR
    (:mod:`pipeline.ingest.ocr`), within the same deadline as its text layers.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError("E105", f"{path} is {size} bytes (limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("E101", f"{path}: {exc.strerror or exc}") from exc
    try:
        if ocr and data and path.suffix.lower() in PDF_SUFFIXES:
            from pipeline.ingest import ocr as ocr_reader
            from pipeline.ingest import pdf

            deadline = parse_deadline(parse_timeout, str(path), ocr=True)
            with time_limit(deadline):
                layers = pdf.read_layers(data, str(path), max_bytes, deadline)
                ocr_reader.read_pages(layers, data, str(path), deadline)
                got = pdf.assemble(layers, str(path))
        else:
            deadline = parse_deadline(parse_timeout, str(path))  # OCR's longer default is for scanned PDFs only
            with time_limit(deadline):
                got = extract_bytes(data, str(path), path.suffix, max_bytes, deadline)
    except RecursionError as exc:  # a hostile file a parser recursed into, not a bug in a stage
        raise InputError("E116", f"{path}: {exc}") from None
    if not got.text.strip():
        raise InputError("E102", str(path))
    n = len(got.text.encode("utf-8"))
    if n > max_bytes:  # a small file can unpack to a huge text
        raise InputError("E105", f"{path}: extracted text is {n} bytes (limit {max_bytes})")
    return Document(
        doc_id=doc_id_for(path), text=got.text, path=str(path), format=got.format,
        metadata=got.metadata, pages=list(got.pages),
    )


def _excluded(f: Path, root: Path, exclude: Iterable[str]) -> bool:
    rel = f.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(f.name, g) or fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(f.as_posix(), g) for g in exclude)


def skipped_reason(path: Path) -> str:
    return (
        f"E107 {path.suffix.lower() or 'no suffix'}: not a format casefile reads"
        f" ({', '.join(sorted(SUPPORTED_SUFFIXES))})"
    )


def scan_inputs(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> tuple[list[Path], list[Path]]:
    """(files to read, files in folders of a type casefile does not read), each sorted per folder.

    Files named directly are always read (one that cannot be is an error
    row); inside folders, files matching an ``exclude`` glob (on the name, the
    path below the folder, or the whole path) are left out altogether.
    """
    exclude = list(exclude)
    read: list[Path] = []
    unsupported: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file()):
                if exclude and _excluded(f, p, exclude):
                    continue
                (read if f.suffix.lower() in SUPPORTED_SUFFIXES else unsupported).append(f)
        else:
            read.append(p)
    return read, unsupported


def iter_inputs(paths: list[str | Path], exclude: Iterable[str] = ()) -> list[Path]:
    """Files named directly, and the files of supported formats inside named folders, sorted."""
    return scan_inputs(paths, exclude)[0]
