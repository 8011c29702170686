"""Batch runs into real stores: accounting, idempotency, replacement, resumption."""
from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.batch import run_batch
from pipeline.store import open_store

EN = "Police detained the activist Wang Lin in Wuhan on March 3, 2020. He was released on April 1, 2020.\n"
ZHS = "2021年9月15日，维权律师陈志远在北京被警方带走，其后被刑事拘留。\n"
ZHT = "2021年9月15日，維權律師陳志遠在北京被警方帶走，其後被刑事拘留。\n"
SCRIPT = "Police detained Li Ming in Chengdu on May 4, 2019. <script>window.__pwned = 1</script>\n"

#: name -> (bytes on disk, the text that must be read back, or None for an error)
EIGHT: dict[str, tuple[bytes, str | None]] = {
    "utf8": (EN.encode("utf-8"), EN),
    "utf8-bom": (codecs.BOM_UTF8 + (EN + ZHS).encode("utf-8"), EN + ZHS),
    "utf16": (ZHS.encode("utf-16"), ZHS),
    "gb18030": (ZHS.encode("gb18030"), ZHS),
    "big5": (ZHT.encode("big5"), ZHT),
    "empty": (b"", None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, None),
    "script": (SCRIPT.encode("utf-8"), SCRIPT),
}


def write_eight(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in EIGHT.items():
        (folder / f"{name}.txt").write_bytes(data)
    return folder


def snapshot(url: str) -> dict[str, list[tuple]]:
    """documents, events and persons, row for row, without run ids and timestamps."""
    volatile = {"run_id", "updated_at"}
    out = {}
    with open_store(url) as store:
        for table in ("documents", "events", "persons"):
            rows = store.table(table)
            out[table] = sorted(tuple(sorted((k, v) for k, v in r.items() if k not in volatile)) for r in rows)
    return out


def test_eight_files_twice(store_url, tmp_path):
    folder = write_eight(tmp_path / "in")
    first = run_batch([folder], store_url)
    assert (first.total, first.ok, first.failed, first.skipped) == (8, 6, 2, 0)
    assert first.exit_code != 0
    with open_store(store_url) as store:
        docs = {d["doc_id"]: d for d in store.documents()}
        n_events = len(store.table("events"))
    assert len(docs) == 8
    assert sorted(d for d, row in docs.items() if row["status"] == "error") == ["binary", "empty"]
    assert "E102" in docs["empty"]["error"] and "E103" in docs["binary"]["error"]
    for name, (_, text) in EIGHT.items():
        assert docs[name]["text"] == text, name  # every encoding read back exactly
    # The store holds what the pipeline extracts from each readable text.
    expected = sum(len(extract(text, doc_id=name)) for name, (_, text) in EIGHT.items() if text)
    assert n_events == expected == sum(d["n_events"] for d in docs.values())

    before = snapshot(store_url)
    second = run_batch([folder], store_url)
    assert (second.total, second.ok, second.failed, second.skipped, second.skipped_failed) == (8, 0, 0, 8, 2)
    assert second.exit_code != 0 and second.events == 0
    assert snapshot(store_url) == before


def test_a_changed_file_replaces_only_its_own_records(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    folder = write_eight(tmp_path / "in")
    run_batch([folder], url)
    before = snapshot(url)
    (folder / "utf8.txt").write_text("Police detained Zhang San in Beijing on May 1, 2021.\n", encoding="utf-8")
    summary = run_batch([folder], url)
    assert (summary.ok, summary.skipped) == (1, 7)
    after = snapshot(url)
    changed = [r for r in after["documents"] if dict(r)["doc_id"] == "utf8"]
    assert dict(changed[0])["text"].startswith("Police detained Zhang San")
    assert [r for r in after["documents"] if dict(r)["doc_id"] != "utf8"] == [
        r for r in before["documents"] if dict(r)["doc_id"] != "utf8"
    ]
    assert [r for r in after["events"] if dict(r)["doc_id"] != "utf8"] == [
        r for r in before["events"] if dict(r)["doc_id"] != "utf8"
    ]


def test_workers_give_the_same_store(tmp_path):
    folder = write_eight(tmp_path / "in")
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    run_batch([folder], one, workers=1)
    summary = run_batch([folder], two, workers=2)
    assert (summary.ok, summary.failed) == (6, 2)
    assert snapshot(one) == snapshot(two)


def test_every_input_is_accounted_for(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(EN, encoding="utf-8")
    (folder / "sub" / "a.txt").write_text(ZHS, encoding="utf-8")  # same document id as a.txt
    (folder / "big.txt").write_text(EN * 50, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # a PDF cut short
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not read")
    summary = run_batch([folder, tmp_path / "missing.txt"], url, max_bytes=1000)
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert (summary.total, summary.ok, summary.failed, summary.unsupported) == (6, 1, 4, 1)
    assert reasons["big.txt"].startswith("E105") and reasons["missing.txt"].startswith("E101")
    assert reasons["a.txt"].startswith("E106") and reasons["notes.pdf"].startswith("E111")
    assert "1 skipped (type not read)" in summary.text()
    with open_store(url) as store:
        assert {d["doc_id"]: d["status"] for d in store.documents()} == {
            "a": "ok", "big": "error", "missing": "error", "notes": "error", "photo.jpg": "skipped"
        }


def test_a_new_casefile_version_extracts_again(tmp_path, monkeypatch):
    import pipeline

    url = f"sqlite:///{tmp_path / 'v.db'}"
    folder = write_eight(tmp_path / "in")
    run_batch([folder], url)
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    again = run_batch([folder], url)
    assert (again.ok, again.failed, again.skipped) == (6, 2, 0)
    assert run_batch([folder], url, force=True).skipped == 0


# -- kill and resume ------------------------------------------------------------


def _casefile(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def _many(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        text = [EN, ZHS, SCRIPT][i % 3].replace("2020", str(1990 + i % 30))
        (folder / f"doc-{i:04d}.txt").write_text(f"Report {i}.\n{text}", encoding="utf-8")


def _count_documents(url: str) -> int:
    """Documents committed so far, read with the driver (0 before the schema exists)."""
    if url.startswith("sqlite:///"):
        import sqlite3

        db = Path(url[len("sqlite:///"):])
        if not db.exists():
            return 0
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # schema not created yet
            return 0
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return 0


@pytest.mark.parametrize(
    "backend,how", [("sqlite", "blocked-on-an-input"), ("sqlite", "timed"), ("postgresql", "blocked-on-an-input")]
)
def test_killed_run_resumes_to_the_same_store(request, tmp_path, backend, how):
    """SIGKILL a real `casefile run` mid-batch, run again: the store equals an uninterrupted run's."""
    folder = tmp_path / "in"
    _many(folder, 120)
    last = tmp_path / "last.txt"
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    last.write_text(EN, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    subprocess.run(_casefile("run", str(folder), str(last), "--db", reference, "--no-progress"),
                   check=False, env=env, capture_output=True, timeout=300)

    killed = f"sqlite:///{tmp_path / 'killed.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    if how == "blocked-on-an-input":
        # The last input is a FIFO: the run writes every folder document, then
        # blocks opening it, and is killed there.
        last.unlink()
        os.mkfifo(last)
        workers, threshold = "1", 120
    else:
        workers, threshold = "2", 30
    proc = subprocess.Popen(
        _casefile("run", str(folder), str(last), "--db", killed, "--workers", workers, "--no-progress"),
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while _count_documents(killed) < threshold and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    written = _count_documents(killed)
    assert 0 < written < 121, written

    if how == "blocked-on-an-input":
        last.unlink()
        last.write_text(EN, encoding="utf-8")
    resumed = subprocess.run(
        _casefile("run", str(folder), str(last), "--db", killed, "--no-progress"),
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{written} skipped" in resumed.stderr
    got, want = snapshot(killed), snapshot(reference)
    assert got == want, _differences(got, want)


def _differences(got: dict[str, list[tuple]], want: dict[str, list[tuple]]) -> str:
    """Which rows differ, by table (a readable failure message)."""
    lines = []
    for table in want:
        extra, missing = set(got[table]) - set(want[table]), set(want[table]) - set(got[table])
        for label, rows in (("unexpected", extra), ("missing", missing)):
            for row in sorted(rows)[:3]:
                r = dict(row)
                lines.append(f"{table}: {label} {r.get('doc_id') or r.get('person_key')}: {str(r)[:300]}")
    return "\n".join(lines)
