"""A folder of every format, a photo and hostile files, through the real
``casefile run`` into a real SQLite store: every file has a row, the batch
finishes with a non-zero exit code, and a second run adds nothing; the real
``casefile audit`` says the PDF event's page; ``casefile extract`` reads the
same formats."""
from __future__ import annotations

import json
import subprocess
import sys

from pipeline.batch import run_batch
from pipeline.store import open_store
from tests.ingest import makers as m
from tests.ingest.test_hostile_files import sparse
from tests.test_batch import snapshot

#: file name -> (content, status, error code or None, format)
FOLDER = {
    "brief.html": (m.boilerplate_html(), "ok", None, "html"),
    "zh.html": (m.gbk_html(), "ok", None, "html"),
    "translation.docx": (m.make_docx, "ok", None, "docx"),
    "sub/annual.pdf": (m.two_page_pdf, "ok", None, "pdf"),
    "plain.txt": (m.EN + "\n", "ok", None, "text"),
    "notes.md": ("# Notes\n\n" + m.ZH + "\n", "ok", None, "text"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)), "skipped", "E107", "jpg"),
    "Makefile": ("all:\n\techo hi\n", "skipped", "E107", None),
    "cut.pdf": (m.truncated_pdf, "error", "E111", "pdf"),
    "scan.pdf": (lambda p: m.make_pdf(p, [None]), "error", "E110", "pdf"),
    "fake.docx": (b"PK not really a zip", "error", "E113", "docx"),
    "deep.html": (m.deep_html(), "error", "E114", "html"),
    "locked.pdf": (m.encrypted_pdf, "error", "E112", "pdf"),
    "tree.pdf": (m.page_tree_bomb_pdf(40), "error", "E105", "pdf"),  # a PDF bomb
    "bomb.docx": (m.zip_bomb_docx, "error", "E105", "docx"),  # unpacks to 40 MB, over the limit of --max-bytes
    "huge.txt": (sparse, "error", "E105", "text"),  # 200 MB (a sparse file)
}
#: Small enough that the .docx zip bomb is over the limit (16 MB unpacked) without writing hundreds of MB.
MAX_BYTES = 2_000_000
EXCLUDED = {"draft.tmp": "scratch", "sub/cache/x.bin": b"\x00\x01"}


def _doc_id(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base if FOLDER[name][1] == "skipped" else base.rsplit(".", 1)[0]


def _casefile(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def test_a_folder_of_every_format_twice(write, tmp_path):
    for name, (content, *_) in FOLDER.items():
        write(f"in/{name}", content)
    for name, content in EXCLUDED.items():
        write(f"in/{name}", content)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    first = _casefile("run", tmp_path / "in", "--db", url, "--no-progress", "--exclude", "*.tmp",
                      "--exclude", "sub/cache/*", "--max-bytes", MAX_BYTES)
    assert first.returncode == 1, first.stderr
    assert "16 documents: 6 ok, 8 failed, 0 skipped (unchanged), 2 skipped (type not read)" in first.stderr, first.stderr

    with open_store(url) as store:
        docs = {d["doc_id"]: d for d in store.documents()}
    assert set(docs) == {_doc_id(n) for n in FOLDER}  # every file a row, the excluded ones none
    for name, (_, status, code, fmt) in FOLDER.items():
        d = docs[_doc_id(name)]
        assert (d["status"], d["error_code"], d["format"]) == (status, code, fmt), name
        if status == "ok":
            assert d["n_events"] >= 1, name
        else:
            assert d["error"] and d["text"] is None, name
    pdf = docs["annual"]
    assert [p[2] for p in pdf["pages"]] == [1, 2] and pdf["metadata"]["n_pages"] == 2
    assert docs["brief"]["metadata"]["title"] == "Lawyer detained in Wuhan"
    with open_store(url) as store:
        (ev,) = store.extracted_events("annual")
    assert pdf["text"][ev.evidence.start:ev.evidence.end] == ev.evidence.text == m.EN

    before = snapshot(url)
    again = run_batch([tmp_path / "in"], url, exclude=["*.tmp", "sub/cache/*"], max_bytes=MAX_BYTES)
    assert (again.total, again.ok, again.failed, again.unsupported, again.events) == (16, 0, 0, 0, 0)
    assert again.skipped == 16 and again.skipped_failed == 8 and again.exit_code == 1
    assert snapshot(url) == before

    out = tmp_path / "audit.html"
    audit = _casefile("audit", "--db", url, "--out", out)
    assert audit.returncode == 0, audit.stderr
    page = out.read_text(encoding="utf-8")
    # The PDF event, in the by-person and the by-document view, says where it is; nothing else has a page.
    assert page.count('<p class="meta page">page 2</p>') == 2 and page.count('class="meta page"') == 2
    assert "2 skipped" in page and "not a format casefile reads" in page


def test_without_exclude_every_file_in_the_folder_has_a_row(write, tmp_path):
    write("in/a.txt", m.EN + "\n")
    write("in/draft.tmp", "scratch")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    summary = run_batch([tmp_path / "in"], url)
    assert (summary.total, summary.ok, summary.unsupported, summary.exit_code) == (2, 1, 1, 0)
    with open_store(url) as store:
        rows = {d["doc_id"]: (d["status"], d["error_code"]) for d in store.documents()}
    assert rows == {"a": ("ok", None), "draft.tmp": ("skipped", "E107")}


def test_a_named_file_of_another_type_is_read_as_today(write, tmp_path):
    """Only files inside folders are skipped: one named on the command line is read (or an error row)."""
    photo = write("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 4)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    summary = run_batch([photo], url)
    assert (summary.failed, summary.unsupported) == (1, 0)
    with open_store(url) as store:
        (d,) = store.documents()
    assert (d["doc_id"], d["status"], d["error_code"]) == ("photo", "error", "E103")


def test_workers_store_the_page_map_too(write, tmp_path):
    write("in/annual.pdf", m.two_page_pdf)
    write("in/brief.html", m.boilerplate_html())
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    run_batch([tmp_path / "in"], one, workers=1)
    run_batch([tmp_path / "in"], two, workers=2)
    assert snapshot(one) == snapshot(two)
    with open_store(two) as store:
        (row,) = store.query("SELECT pages FROM documents WHERE doc_id = ?", ("annual",))
    assert [p[2] for p in json.loads(row["pages"])] == [1, 2]


def test_casefile_extract_reads_every_format(write, tmp_path):
    """The real ``casefile extract`` over files of each format: one record each, the PDF's on page 2."""
    good = {name: FOLDER[name][0] for name in ("brief.html", "zh.html", "translation.docx", "sub/annual.pdf",
                                                "plain.txt", "notes.md")}
    for name, content in good.items():
        write(f"in/{name}", content)
    write("in/cut.pdf", m.truncated_pdf)
    out = tmp_path / "events.jsonl"
    res = _casefile("extract", tmp_path / "in", "--jsonl", out)
    assert res.returncode == 1, res.stderr  # the truncated PDF: an error, and the others are read
    assert "6 documents ok, 1 failed" in res.stderr and "E111" in res.stderr, res.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_doc = {r["doc_id"]: r for r in records}
    assert len(records) == len(by_doc) == 6
    assert set(by_doc) == {_doc_id(n) for n in good}
    assert {r["person"]["name"] for r in records} == {"Wang Lin", "王林"}
    assert by_doc["annual"]["evidence"]["page"] == 2 and by_doc["annual"]["evidence"]["text"] == m.EN
    assert all("page" not in r["evidence"] for d, r in by_doc.items() if d != "annual")
