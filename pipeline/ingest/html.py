"""HTML pages: the main text without navigation, scripts, menus and footers.

trafilatura finds the article; the page's charset comes from a byte order
mark, then its ``<meta charset>`` / ``http-equiv`` tag, then the same
detection as plain text (GB2312/GBK/Big5 pages are common). The title and
publication date are kept as metadata.
"""
from __future__ import annotations

import codecs
import logging
import re

from pipeline.errors import InputError
from pipeline.ingest import NO_DEADLINE, Deadline, Extracted

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Declared charsets read as their supersets (pages declare gb2312 and use GBK characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
              "big5": "big5hkscs", "x-x-big5": "big5hkscs", "cp950": "big5hkscs",
              "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
#: Deeper than this the page is hostile or broken, not an article.
MAX_DEPTH = 2000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
#: Elements without content, and those whose end tag may be left out (many open <p> are not deep).
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr"
    " p li dt dd tr td th thead tbody tfoot colgroup option optgroup rt rp html head body".split()
)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> str:
    from pipeline.stages.ingest import decode

    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    charset = declared_charset(data)
    if charset is not None:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            log.debug("%s: not %s as declared; detecting", name, charset)
    return decode(data, name)


def nesting_depth(text: str, stop_at: int = MAX_DEPTH) -> int:
    """Depth of open elements, roughly (unclosed tags count): a cheap guard
    against pages nested so deep that a parser would recurse without end."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        closing, tag, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _VOID or selfclosing:
            continue
        depth += -1 if closing else 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def read(data: bytes, name: str, max_bytes: int, deadline: Deadline = NO_DEADLINE) -> Extracted:
    text = decode_html(data, name)
    if nesting_depth(text) > MAX_DEPTH:
        raise InputError("E114", f"{name}: elements nested deeper than {MAX_DEPTH}")
    deadline.check("decoding the page")
    import trafilatura

    # Precision first (on short pages the fallbacks keep menus), recall when that finds nothing;
    # the date only from the page's metadata, never guessed from dates in the article.
    body, found = "", None
    for mode in ({"favor_precision": True}, {"favor_recall": True}):
        deadline.check("finding the main text")
        try:
            found = trafilatura.bare_extraction(
                text, with_metadata=True, include_comments=False, include_tables=True,
                date_extraction_params={"extensive_search": False, "original_date": True}, **mode,
            )
        except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:
            raise InputError("E114", f"{name}: {type(exc).__name__}: {exc}") from exc
        body = (getattr(found, "text", None) or "").strip() if found is not None else ""
        if body:
            break
    if not body:
        raise InputError("E102", f"{name}: no main text in the page")
    metadata = {}
    for key in ("title", "date", "author", "sitename", "url"):
        value = getattr(found, key, None)
        if value:
            metadata[key] = str(value)
    metadata["charset"] = declared_charset(data) or "detected"
    return Extracted(text=body + "\n", format="html", metadata=metadata)
