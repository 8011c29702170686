"""Hostile files end as coded error rows, quickly and without taking the
machine's memory: PDF bombs (a page tree that unfolds to millions of pages,
a stream that inflates 400-fold) and a file of 200 MB (made sparse here, so
it takes no disk, and refused before it is read)."""
from __future__ import annotations

import time
import tracemalloc

import pytest

from pipeline.batch import run_batch
from pipeline.errors import InputError
from pipeline.ingest.pdf import MAX_PAGES
from pipeline.stages.ingest import MAX_BYTES, read_document
from pipeline.store import open_store
from tests.ingest import makers as m

BIG = 200 * 1024 * 1024


def sparse(path, size: int = BIG):
    """A file of ``size`` bytes that holds no data blocks (a hole), starting like a PDF."""
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(size)
    return path


#: name, file bytes, error code, words of the reason
BOMBS = [
    ("page-tree-13-levels", lambda: m.page_tree_bomb_pdf(13), "E105", f"8192 pages (limit {MAX_PAGES})"),
    ("page-tree-40-levels", lambda: m.page_tree_bomb_pdf(40), "E105", "page tree"),
    ("flate-400MB", lambda: m.flate_bomb_pdf(), "E105", "decompressing"),
]


@pytest.mark.parametrize("name, make, code, words", BOMBS, ids=[b[0] for b in BOMBS])
def test_a_pdf_bomb_is_a_coded_error_quickly(write, name, make, code, words):
    data = make()
    assert len(data) < 2_000_000
    path = write(f"{name}.pdf", data)
    start = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == code and words in str(info.value), str(info.value)
    assert time.monotonic() - start < 20
    assert peak < 200 * 1024 * 1024  # Python's allocations: far from the unfolded size


@pytest.mark.parametrize("ocr", [False, True], ids=["", "ocr"])
def test_a_200_mb_file_is_refused_by_the_size_limit_before_it_is_read(tmp_path, ocr):
    path = sparse(tmp_path / "huge.pdf")
    assert path.stat().st_size == BIG > MAX_BYTES
    start = time.monotonic()
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_document(path, ocr=ocr)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == "E105" and f"{BIG} bytes" in str(info.value)
    assert time.monotonic() - start < 2 and peak < 1024 * 1024  # never read into memory


def test_hostile_files_in_a_folder_are_error_rows_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    sparse(folder / "huge.txt")
    (folder / "tree.pdf").write_bytes(m.page_tree_bomb_pdf(40))
    (folder / "flate.pdf").write_bytes(m.flate_bomb_pdf())
    (folder / "good.txt").write_text(m.EN + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'casefile.db'}"
    start = time.monotonic()
    summary = run_batch([folder], url)
    assert time.monotonic() - start < 120
    assert (summary.ok, summary.failed, summary.events) == (1, 3, 1)
    with open_store(url) as store:
        codes = {d["doc_id"]: d["error_code"] for d in store.documents()}
    assert codes == {"good": None, "huge": "E105", "tree": "E105", "flate": "E105"}
