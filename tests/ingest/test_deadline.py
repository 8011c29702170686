"""One parse deadline per document (E115), on real slow inputs: a scanned PDF
of many pages read by the real tesseract under ``--ocr``, and a PDF of 300
text pages. Each page fits in the limit, the document does not: the error
row names the limit and the page it stopped at, it comes at the deadline
(the running tesseract is killed), in the main thread and in a worker
thread (where a Dask worker runs documents and no alarm can ring), and a
later run with a longer limit reads the file again."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest

from pipeline.batch import run_batch
from pipeline.errors import InputError
from pipeline.ingest import Deadline
from pipeline.stages.ingest import OCR_PARSE_TIMEOUT, PARSE_TIMEOUT, parse_deadline, read_document
from pipeline.store import open_store
from tests.ingest import makers as m

needs_ocr_tools = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm") and os.path.exists(m.CHROMIUM)),
    reason="needs tesseract-ocr (eng, chi-sim, chi-tra), poppler-utils and chromium (apt-get install; .ci/run does)",
)

#: Invented lines, one a scanned page: a letter of many pages (each page its own words, so
#: none is taken for a running header).
LETTER = [f"The {who} asked the {where} again where the lawyer is held and {reply}." for who, where, reply in [
    ("mother", "police station", "was sent away"), ("brother", "court", "heard nothing"),
    ("wife", "procuratorate", "was told to wait"), ("daughter", "detention centre", "was refused a visit"),
    ("father", "district office", "got no answer"), ("sister", "bureau of justice", "was turned back"),
    ("cousin", "neighbourhood committee", "was warned to stop"), ("friend", "hospital", "found no record"),
]]
#: How much longer than one page the document's limit is: one page fits, eight do not.
PAGES_IN_LIMIT = 3
#: The deadline may be overshot by this much (a process is killed, a temporary folder removed).
SLACK = 2.5


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """An 8-page scan, a 1-page one, and the time one page's OCR takes on this machine now."""
    tmp = tmp_path_factory.mktemp("deadline")
    letter = m.scanned_pdf(LETTER)(tmp / "letter.pdf")
    one = m.scanned_pdf(LETTER[:1])(tmp / "one.pdf")
    start = time.monotonic()
    doc = read_document(one, ocr=True, parse_timeout=0)
    page_seconds = time.monotonic() - start
    assert [p[2] for p in doc.pages] == [1]
    return {"letter": letter, "limit": round(max(1.0, PAGES_IN_LIMIT * page_seconds), 2)}


def _in_thread(fn):
    """fn() in a thread that is not the main one (as a Dask worker runs a document); its result or exception."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:  # handed to the test
            out["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    t.join(600)
    assert not t.is_alive()
    if "error" in out:
        raise out["error"]
    return out["value"]


def _stopped_at(message: str) -> int:
    return int(re.search(r"OCR of page (\d+)", message).group(1))


@needs_ocr_tools
@pytest.mark.parametrize("where", ["main-thread", "worker-thread"])
def test_ocr_of_a_many_page_scan_stops_at_the_documents_deadline(scan, where):
    limit = scan["limit"]
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        call = lambda: read_document(scan["letter"], ocr=True, parse_timeout=limit)  # noqa: E731
        call() if where == "main-thread" else _in_thread(call)
    took = time.monotonic() - start
    message = str(info.value)
    assert info.value.code == "E115", message
    assert f"limit of {limit:g} s per document" in message and "--parse-timeout" in message
    # Pages were read within the limit before it ran out: it is the document's, not a page's.
    assert 2 <= _stopped_at(message) <= len(LETTER), message
    assert limit <= took < limit + SLACK, (took, limit)  # tesseract was stopped at the deadline, not after its page
    assert Deadline.limit_in(message) == limit


@pytest.mark.parametrize("where", ["main-thread", "worker-thread"])
def test_a_300_page_text_pdf_stops_at_the_deadline_in_any_thread(write, where):
    path = write("long.pdf", lambda p: m.make_pdf(p, [m.EN * 20] * 300))
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        call = lambda: read_document(path, parse_timeout=0.2)  # noqa: E731
        call() if where == "main-thread" else _in_thread(call)
    assert info.value.code == "E115" and "limit of 0.2 s per document" in str(info.value)
    assert re.search(r"page \d+ of 300", str(info.value)), str(info.value)
    assert time.monotonic() - start < 0.2 + SLACK
    assert len(_in_thread(lambda: read_document(path, parse_timeout=0)).pages) == 300  # no limit: it reads


@pytest.mark.parametrize("given, ocr, seconds", [
    (None, False, PARSE_TIMEOUT),
    (None, True, OCR_PARSE_TIMEOUT),  # a scanned PDF under --ocr: every page in one limit
    (5.0, True, 5.0),
    (0, False, None),  # 0: no limit
    (0, True, None),
])
def test_the_default_limit_and_no_limit(given, ocr, seconds):
    d = parse_deadline(given, "x.pdf", ocr=ocr)
    assert d.seconds == seconds and (d.left() is None) == (seconds is None)
    assert not d.passed()


@needs_ocr_tools
def test_a_batch_keeps_going_and_a_run_with_a_longer_limit_reads_the_scan(scan, tmp_path):
    """Through the real ``casefile run --ocr`` with the limit from the environment, into a real SQLite store."""
    from tests.conftest import REPO

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scan["letter"], folder / "letter.pdf")
    (folder / "brief.txt").write_text(m.EN + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'casefile.db'}"
    limit = scan["limit"]
    env = {**os.environ, "CASEFILE_PARSE_TIMEOUT": f"{limit:g}"}
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--db", url, "--ocr", "--no-progress"]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert res.returncode == 1, res.stderr
    assert "1 ok, 1 failed" in res.stderr and f"limit of {limit:g} s per document" in res.stderr, res.stderr
    with open_store(url) as store:
        rows = {d["doc_id"]: d for d in store.documents()}
    assert (rows["brief"]["status"], rows["letter"]["status"], rows["letter"]["error_code"]) == ("ok", "error", "E115")
    assert rows["letter"]["text"] is None
    # The same limit again: the unchanged file is not read again (a second run adds nothing).
    again = run_batch([folder], url, ocr=True, parse_timeout=limit)
    assert (again.ok, again.skipped, again.skipped_failed, again.exit_code) == (0, 2, 1, 1)
    # A longer limit: the scan is read again, all its pages, and the row is ok.
    longer = run_batch([folder], url, ocr=True, parse_timeout=0)
    assert (longer.ok, longer.failed, longer.skipped, longer.exit_code) == (1, 0, 1, 0)
    with open_store(url) as store:
        (letter,) = [d for d in store.documents() if d["doc_id"] == "letter"]
    assert letter["status"] == "ok" and [p[2] for p in letter["pages"]] == list(range(1, len(LETTER) + 1))
