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
    PDF_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    Extracted,
    format_for_suffix,
)

log = logging.getLogger(__name__)

#: Larger files, and larger extracted texts, are error rows (E105).
MAX_BYTES = 20 * 1024 * 1024
#: Seconds one file's parsing (HTML, Word, PDF) may take before it is an error row (E115).
PARSE_TIMEOUT = 120.0
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)

__all__ = [
    "MAX_BYTES", "PARSE_TIMEOUT", "TEXT_SUFFIXES", "SUPPORTED_SUFFIXES", "decode", "doc_id_for", "format_for_suffix",
    "iter_inputs", "scan_inputs", "read_document", "skipped_reason",
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


def extract_bytes(data: bytes, name: str, suffix: str, max_bytes: int = MAX_BYTES) -> Extracted:
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
    return reader.read(data, name, max_bytes)


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so no reader's ``except Exception`` swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[None]:
    """E115 when the block runs longer than ``seconds`` (POSIX, main thread; elsewhere no limit).

    The alarm interrupts Python code; a parser inside one long C call is
    stopped when it returns to Python.
    """
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
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
        raise InputError("E115", f"{name}: parsing took longer than {seconds:g} s") from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def read_document(
    path: str | Path, max_bytes: int = MAX_BYTES, parse_timeout: float | None = PARSE_TIMEOUT, ocr: bool = False
) -> Document:
    """``ocr``: a PDF's pages without a text layer are read by OCR
    (:mod:`pipeline.ingest.ocr`), each page within ``parse_timeout``; the text
    layers are parsed within it as a whole, as every other format."""
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

            with time_limit(parse_timeout, str(path)):
                layers = pdf.read_layers(data, str(path), max_bytes)
            ocr_reader.read_pages(layers, data, str(path), page_timeout=parse_timeout)
            got = pdf.assemble(layers, str(path))
        else:
            with time_limit(parse_timeout, str(path)):
                got = extract_bytes(data, str(path), path.suffix, max_bytes)
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
