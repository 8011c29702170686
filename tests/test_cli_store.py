"""The researchers' loop through the command line: run, audit, review, export."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import open_store
from tests.test_batch import EIGHT, EN, write_eight

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def exported(url: str, tmp_path: Path, *extra: str) -> dict[str, dict]:
    out = tmp_path / "export.jsonl"
    res = cli("export", "--db", url, "--format", "jsonl", "--out", out, *extra)
    assert res.exit_code == 0, res.output
    return {r["event_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_eight_file_batch_twice_then_audit(tmp_path, monkeypatch):
    folder = write_eight(tmp_path / "reports")
    monkeypatch.chdir(tmp_path)  # the default store is ./casefile.db
    monkeypatch.delenv("CASEFILE_DB", raising=False)
    first = cli("run", folder)
    assert first.exit_code == 1
    assert "8 documents: 6 ok, 2 failed, 0 skipped (unchanged)" in first.output
    assert "empty.txt: E102" in first.output and "binary.txt: E103" in first.output
    assert (tmp_path / "casefile.db").is_file()
    url = "sqlite:///casefile.db"
    with open_store(url) as store:
        docs = store.documents()
        n_events = len(store.table("events"))
    assert len(docs) == 8 and sum(d["status"] == "error" for d in docs) == 2
    assert {d["doc_id"] for d in docs if d["n_events"]} <= {n for n, (_, text) in EIGHT.items() if text}
    events_from_utf8 = [d["n_events"] for d in docs if d["doc_id"] == "utf8"][0]
    assert events_from_utf8 > 0  # "Police detained the activist Wang Lin ..." is a detention

    second = cli("run", folder)
    assert second.exit_code == 1
    assert "8 documents: 0 ok, 0 failed, 8 skipped (unchanged), of which 2 failed in an earlier run" in second.output
    with open_store(url) as store:
        assert len(store.table("events")) == n_events and len(store.documents()) == 8

    res = cli("audit", "--out", tmp_path / "report.html")
    assert res.exit_code == 0, res.output
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "Wang Lin" in html and "E103" in html


def test_event_ids_are_stable_across_runs_and_stores(tmp_path):
    folder = write_eight(tmp_path / "reports")
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    cli("run", folder, "--db", a)
    cli("run", folder, "--db", b, "--workers", "2")
    cli("run", folder, "--db", a, "--force")
    ids_a, ids_b = exported(a, tmp_path), exported(b, tmp_path)
    assert ids_a and set(ids_a) == set(ids_b)


def test_reviews_survive_re_extraction(store_url, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    texts = {"a": EN, "b": "Police detained the lawyer Li Ming in Chengdu on May 4, 2019.\n"}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    assert cli("run", folder, "--db", store_url).exit_code == 0
    events = exported(store_url, tmp_path)
    by_doc = {doc: sorted(e for e, r in events.items() if r["doc_id"] == doc) for doc in texts}
    assert all(by_doc.values()), f"each report clearly states a detention: {by_doc}"
    rejected, edited = by_doc["a"][0], by_doc["b"][0]

    assert cli("review", "reject", rejected, "--db", store_url, "--reviewer", "amy", "--note", "not an event").exit_code == 0
    res = cli("review", "edit", edited, "--db", store_url, "--reviewer", "amy",
              "--set", "date.iso=2019-05", "--set", "date.precision=month", "--set", "location={\"name\": \"Wuhou\"}")
    assert res.exit_code == 0, res.output
    bad = cli("review", "edit", edited, "--db", store_url, "--set", "date.precision=decade")
    assert bad.exit_code == 2 and "E204" in bad.output
    assert cli("review", "accept", "ev_doesnotexist", "--db", store_url).exit_code == 2

    # The files change (new sha256) and are extracted again, then forced once more.
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text + "\nThe family was not informed.\n", encoding="utf-8")
    assert "2 ok" in cli("run", folder, "--db", store_url).output
    assert cli("run", folder, "--db", store_url, "--force").exit_code == 0
    with open_store(store_url) as store:
        extracted = {ev.event_id: ev for ev in store.extracted_events()}
    assert rejected in extracted and edited in extracted  # the extractor found both again ...

    after = exported(store_url, tmp_path)
    assert rejected not in after  # ... but a rejected event never comes back
    assert after[edited]["date"]["iso"] == "2019-05" and after[edited]["location"]["name"] == "Wuhou"
    assert extracted[edited].date is None or extracted[edited].date.iso != "2019-05"  # the edit, not the extraction
    assert after[edited]["review"]["status"] == "edited" and after[edited]["review"]["reviewer"] == "amy"
    assert exported(store_url, tmp_path, "--include-rejected")[rejected]["review"]["status"] == "rejected"

    assert cli("audit", "--db", store_url, "--out", tmp_path / "a.html").exit_code == 0
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert f'data-event-id="{rejected}" data-type' in html and "not an event" in html and "Wuhou" in html


def test_bad_store_url_is_reported(tmp_path):
    res = cli("run", tmp_path, "--db", "mysql://nowhere/db")
    assert res.exit_code == 2 and "E201" in res.output


def test_unknown_export_format(tmp_path):
    res = cli("export", "--format", "xml", "--out", tmp_path / "x")
    assert res.exit_code == 2 and "jsonl, csv, parquet" in res.output


@pytest.mark.parametrize("flag,shown", [("--progress", True), ("--no-progress", False)])
def test_progress_bar(tmp_path, flag, shown):
    folder = write_eight(tmp_path / "reports")
    res = cli("run", folder, "--db", f"sqlite:///{tmp_path / 'p.db'}", flag)
    assert ("casefile:" in res.output and "/8 [" in res.output) == shown, res.output


def test_over_size_and_repeated_inputs(tmp_path):
    folder = write_eight(tmp_path / "reports")
    url = f"sqlite:///{tmp_path / 's.db'}"
    # The folder and one file inside it: each file is processed once.
    res = cli("run", folder, folder / "utf8.txt", "--db", url, "--max-bytes", "60")
    assert "8 documents:" in res.output and res.exit_code == 1
    with open_store(url) as store:
        errors = {d["doc_id"]: d["error_code"] for d in store.documents() if d["status"] == "error"}
    too_big = {n for n, (data, _) in EIGHT.items() if len(data) > 60}
    assert errors == {**{n: "E105" for n in too_big}, "empty": "E102"}


@pytest.mark.parametrize(
    "command",
    [("audit", "--out", "r.html"), ("export", "--out", "e.jsonl"), ("review", "accept", "ev_0123456789abcdef")],
)
def test_readers_do_not_create_a_store(tmp_path, command):
    db = tmp_path / "nothing.db"
    res = cli(*command, "--db", f"sqlite:///{db}")
    assert res.exit_code == 2 and "E201" in res.output and not db.exists()


def test_review_show_and_the_store_from_the_environment(tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_text(EN, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CASEFILE_DB", url)
    assert cli("run", folder).exit_code == 0
    event_id = sorted(exported(url, tmp_path))[0]
    assert cli("review", "edit", event_id, "--set", "confidence=0.99", "--note", "sure").exit_code == 0
    shown = json.loads(cli("review", "show", event_id).output)
    assert shown["event_id"] == event_id and shown["confidence"] == 0.99
    assert shown["review"]["status"] == "edited" and shown["review"]["note"] == "sure"
    assert cli("review", "show", "ev_missing").exit_code == 2
