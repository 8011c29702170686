"""Word files (.docx): paragraphs and tables in document order, by python-docx.

A table becomes one line per row, cells separated by tabs (a merged cell
once). A file that is not a zip, or a zip that would unpack to far more
than the size limit (a zip bomb), is an error row.
"""
from __future__ import annotations

import io
import zipfile

from pipeline.errors import InputError
from pipeline.ingest import NO_DEADLINE, Deadline, Extracted

#: The unpacked parts may be this many times the text size limit, and at least
#: UNPACKED_FLOOR (Word's own parts of an empty document unpack to almost 1 MB).
#: zipfile never inflates a part past its declared size, so the sum bounds the work.
UNPACKED_FACTOR = 5
UNPACKED_FLOOR = 16 * 1024 * 1024


def read(data: bytes, name: str, max_bytes: int, deadline: Deadline = NO_DEADLINE) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
            if "word/document.xml" not in zf.namelist():
                raise InputError("E113", f"{name}: a zip without word/document.xml")
    except zipfile.BadZipFile as exc:
        raise InputError("E113", f"{name}: not a zip file ({exc})") from exc
    limit = max(UNPACKED_FACTOR * max_bytes, UNPACKED_FLOOR)
    if unpacked > limit:
        raise InputError("E105", f"{name} unpacks to {unpacked} bytes (limit {limit})")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        deadline.check("unpacking the document")
        for i, child in enumerate(document.element.body.iterchildren()):
            if i % 256 == 0:
                deadline.check(f"block {i + 1}")
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(Paragraph(child, document).text)
            elif tag == "tbl":
                blocks.extend(_table_rows(Table(child, document)))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise InputError("E113", f"{name}: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(b for b in blocks if b.strip())
    if not text.strip():
        raise InputError("E102", f"{name}: no text in the document")
    meta = {}
    try:
        props = document.core_properties
        if props.title:
            meta["title"] = props.title
        if props.created:
            meta["date"] = props.created.date().isoformat()
    except Exception:  # metadata is a courtesy, never a reason to fail
        pass
    return Extracted(text=text + "\n", format="docx", metadata=meta)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return rows
