"""Read a file into a :class:`Document`, or say exactly why it cannot be read."""
from __future__ import annotations

import codecs
import logging
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}


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


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError("E105", f"{path} is {size} bytes (limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("E101", f"{path}: {exc.strerror or exc}") from exc
    text = decode(data, str(path))
    if not text.strip():
        raise InputError("E102", str(path))
    return Document(doc_id=doc_id_for(path), text=text, path=str(path))


def iter_inputs(paths: list[str | Path]) -> list[Path]:
    """Files named directly, and text files inside named folders, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES))
        else:
            out.append(p)
    return out
