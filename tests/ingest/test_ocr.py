"""OCR of scanned PDFs (``--ocr``) with the real tesseract and pdftoppm.

The scans are made here: a page printed by headless Chromium, rasterized at
200 dpi and wrapped as an image-only PDF. Without OCR such a file is the
coded error E110; with it the event is the same record (type, person, date,
charges) as from the plain text of the same sentence, its quote says its page
and that OCR read it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from pipeline import extract, extract_document
from pipeline.batch import run_batch
from pipeline.errors import InputError
from pipeline.ingest import ocr
from pipeline.stages.ingest import read_document
from pipeline.store import open_store
from tests.ingest import makers as m

needs_ocr_tools = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm") and os.path.exists(m.CHROMIUM)),
    reason="needs tesseract-ocr (eng, chi-sim, chi-tra), poppler-utils and chromium (apt-get install; .ci/run does)",
)
pytestmark = needs_ocr_tools


def _cjk_font() -> bool:
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    return bool(out.strip())


needs_cjk_font = pytest.mark.skipif(not _cjk_font(), reason="no Chinese font for Chromium (apt-get install fonts-wqy-microhei)")


def _record(ev) -> tuple:
    return (ev.event_type, ev.person.name, ev.date.iso if ev.date else None, ev.date.precision if ev.date else None,
            tuple(c.id for c in ev.charges))


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """The scanned PDFs, made once for the module (printing and rasterizing take seconds)."""
    tmp = tmp_path_factory.mktemp("scans")
    made = {"en": m.scanned_pdf([m.OCR_EN])(tmp / "scan-en.pdf"),
            "mixed": m.text_then_scan_pdf(tmp / "mixed.pdf")}
    if _cjk_font():
        font = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
        made["zh"] = m.scanned_pdf([m.OCR_ZH], font)(tmp / "scan-zh.pdf")
        made["zht"] = m.scanned_pdf([m.OCR_ZHT], font)(tmp / "scan-zht.pdf")
    return made


def test_a_scan_has_no_text_layer_and_needs_ocr_without_the_option(scans):
    from pypdf import PdfReader

    assert all(not (p.extract_text() or "").strip() for p in PdfReader(str(scans["en"])).pages)
    with pytest.raises(InputError) as info:
        read_document(scans["en"])
    assert info.value.code == "E110" and "--ocr" in str(info.value)


@pytest.mark.parametrize("key, sentence", [
    ("en", m.OCR_EN),
    pytest.param("zh", m.OCR_ZH, marks=needs_cjk_font),
    pytest.param("zht", m.OCR_ZHT, marks=needs_cjk_font),
], ids=["english", "simplified", "traditional"])
def test_ocr_gives_the_same_event_as_the_plain_text(scans, key, sentence):
    doc = read_document(scans[key], ocr=True)
    plain = extract(sentence, doc_id=doc.doc_id)
    assert plain, "the sentence must give an event as plain text"
    events = extract_document(doc)
    assert sorted(map(_record, events)) == sorted(map(_record, plain))
    meta = doc.metadata["ocr"]
    assert meta["engine"].startswith("tesseract ") and meta["rasterizer"].startswith("pdftoppm")
    (page,) = meta["pages"]
    assert page["page"] == 1 and page["dpi"] == m.SCAN_DPI  # read at the scan's own resolution
    assert page["languages"] == ("eng" if key == "en" else ocr.CHINESE_PASS)
    assert page["confidence"] >= ocr.ENGLISH_KEEP
    assert doc.pages == [(0, len(doc.text.rstrip("\n")), 1)]
    for ev in events:
        assert doc.text[ev.evidence.start:ev.evidence.end] == ev.evidence.text
        assert ev.evidence.page == 1
        assert f"ocr {meta['engine']} ({page['languages']})" in ev.provenance["evidence"]


def test_only_the_pages_without_a_text_layer_are_read_and_page_numbers_hold(scans):
    plain = read_document(scans["mixed"])  # without OCR: page 1 only, and it says page 2 was not read
    assert [p[2] for p in plain.pages] == [1] and plain.metadata["pages_without_text"] == [2]
    assert not extract_document(plain)
    doc = read_document(scans["mixed"], ocr=True)
    assert [p[2] for p in doc.pages] == [1, 2]
    assert [p["page"] for p in doc.metadata["ocr"]["pages"]] == [2]
    assert "pages_without_text" not in doc.metadata
    assert doc.text.startswith("Annual report on detentions")  # the text layer, as before
    (ev,) = extract_document(doc)
    assert _record(ev) == _record(extract(m.OCR_EN)[0])
    assert ev.evidence.page == 2 and doc.page_at(ev.evidence.start) == 2
    assert "ocr tesseract" in ev.provenance["evidence"]


def test_a_text_pdf_with_ocr_is_read_as_without(write):
    path = write("annual.pdf", m.two_page_pdf)
    with_ocr, without = read_document(path, ocr=True), read_document(path)
    assert (with_ocr.text, with_ocr.pages, with_ocr.metadata) == (without.text, without.pages, without.metadata)
    assert "ocr" not in with_ocr.metadata


def test_a_scan_over_the_time_limit_is_a_coded_error(scans):
    """Many pages against one limit: tests/ingest/test_deadline.py."""
    with pytest.raises(InputError) as info:
        read_document(scans["en"], ocr=True, parse_timeout=0.05)
    assert info.value.code == "E115" and "OCR of page 1" in str(info.value), str(info.value)


def test_a_huge_page_is_rasterized_within_the_pixel_cap(write):
    path = write("huge.pdf", m.huge_page_scan_pdf)
    start = time.monotonic()
    with pytest.raises(InputError) as info:  # a blank page: OCR reads nothing, and says so
        read_document(path, ocr=True, parse_timeout=60)
    assert info.value.code == "E102" and "OCR read no text" in str(info.value)
    assert time.monotonic() - start < 30
    assert ocr.page_dpi((14400.0, 14400.0, 2000, 2000)) ** 2 * 200 * 200 <= ocr.MAX_PIXELS


def test_without_tesseract_ocr_is_a_coded_error_row_and_a_later_run_reads_it(scans, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scans["en"], folder / "letter.pdf")
    url = f"sqlite:///{tmp_path / 'casefile.db'}"
    # 1. without --ocr: the scan is an error row E110
    summary = run_batch([folder], url)
    assert (summary.ok, summary.failed) == (0, 1) and summary.failures[0].reason.startswith("E110")
    # 2. --ocr on a machine without tesseract (PATH with pdftoppm only): E117, the batch goes on
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pdftoppm").symlink_to(shutil.which("pdftoppm"))
    monkeypatch.setenv("PATH", str(bin_dir))
    ocr.tools.cache_clear()
    try:
        summary = run_batch([folder], url, ocr=True)
    finally:
        monkeypatch.undo()
        ocr.tools.cache_clear()
    assert summary.failed == 1 and summary.failures[0].reason.startswith("E117")
    assert "tesseract not found" in summary.failures[0].reason
    # 3. --ocr with the tools: the unchanged file is read again (an E110/E117 row is not "done")
    summary = run_batch([folder], url, ocr=True)
    assert (summary.ok, summary.failed, summary.skipped) == (1, 0, 0) and summary.events == 1
    with open_store(url) as store:
        (doc,) = [d for d in store.documents() if d["doc_id"] == "letter"]
        assert doc["status"] == "ok" and doc["metadata"]["ocr"]["pages"][0]["page"] == 1
        (r,) = store.reviewed_events()
        assert r.event.evidence.page == 1 and "ocr tesseract" in r.event.provenance["evidence"]
    # 4. and then it is done: a run without --ocr skips it as unchanged, keeping the OCR text
    summary = run_batch([folder], url)
    assert (summary.ok, summary.skipped, summary.exit_code) == (0, 1, 0)


def test_the_cli_reads_a_scan_with_ocr(scans, tmp_path):
    import json
    import sys

    from tests.conftest import REPO

    out = tmp_path / "events.jsonl"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(scans["en"]), "--jsonl", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert res.returncode == 1 and "E110" in res.stderr
    res = subprocess.run([*cmd, "--ocr"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert res.returncode == 0, res.stderr
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["person"]["name"] == "Wang Lin" and rec["evidence"]["page"] == 1
