"""The people stage through the real pipeline and store: reports the tests write, in
English, Simplified and Traditional Chinese, about invented people (SQLite and PostgreSQL)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.cli import app
from pipeline.people import link
from pipeline.people.timeline import find, persons
from pipeline.store import open_store

REPORTS = {
    "a-en.txt": ("Beijing, March 12, 2021. Police in Beijing detained the labour activist Xu Min (许敏) on March 3, 2021"
                 " on suspicion of \"picking quarrels and provoking trouble.\" Separately, the blogger Wang Lin (王林) was"
                 " detained in Wuhan on May 5, 2020.\n"),
    "b-zhs.txt": "2021年3月20日，据家属透露，劳工维权人士许敏于2021年3月3日在北京被警方以涉嫌“寻衅滋事罪”刑事拘留。\n",
    "c-zht.txt": ("2022年1月10日消息，勞工維權人士許敏於2021年3月3日在北京被警方刑事拘留。2022年1月5日，許敏被北京市第一中級"
                  "人民法院以“尋釁滋事罪”判處有期徒刑四年。\n"),
}
FOURTH = ("d-en.txt", "Beijing, January 8, 2022. On January 5, 2022, a Beijing court sentenced the labour activist Xu Min"
          " to five years in prison for \"picking quarrels and provoking trouble.\" The poet Wang Lin (王琳) was detained in"
          " Chengdu on June 1, 2019.\n")

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def write(folder: Path, reports) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in reports:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ids_by_event(url: str) -> dict[str, str]:
    with open_store(url) as store:
        return {r["event_id"]: r["person_id"] for r in store.table("step_records")}


def people_snapshot(url: str) -> dict[str, list]:
    out = {}
    with open_store(url) as store:
        for table in ("identities", "identity_links", "steps", "step_records", "conflicts"):
            rows = store.table(table)
            out[table] = sorted(tuple(sorted((k, v) for k, v in r.items() if k not in {"created_at", "updated_at"}))
                                for r in rows)
    return out


def one(store, query: str):
    found = find(store, query)
    assert len(found) == 1, [p.person_id for p in found]
    return found[0]


@pytest.fixture
def three(tmp_path, store_url):
    folder = write(tmp_path / "reports", REPORTS.items())
    summary = run_batch([folder], store_url)
    assert summary.ok == 3 and summary.people is not None
    return folder, store_url


def test_one_person_in_three_scripts_then_a_fourth_report_keeps_every_id(three):
    folder, url = three
    with open_store(url) as store:
        xu = one(store, "许敏")
        assert {"Xu Min", "许敏", "許敏"} <= set(xu.names)
        assert sorted({d for s in xu.steps for d in s.docs}) == ["a-en", "b-zhs", "c-zht"]
        (detained,) = [s for s in xu.steps if s.event_type == "detained"]
        assert detained.docs == ["a-en", "b-zhs", "c-zht"] and detained.date_iso == "2021-03-03"
        assert one(store, "Xu Min").person_id == one(store, "許敏").person_id == xu.person_id
        wang_lin = one(store, "王林").person_id
    before = ids_by_event(url)

    write(folder, [FOURTH])
    assert run_batch([folder], url).ok == 1
    after = ids_by_event(url)
    assert all(after[e] == p for e, p in before.items())  # no existing person renamed
    with open_store(url) as store:
        xu = one(store, "Xu Min")
        assert "d-en" in {d for s in xu.steps for d in s.docs}
        (sentenced,) = [s for s in xu.steps if s.event_type == "sentenced"]
        assert sentenced.docs == ["c-zht", "d-en"] and sentenced.conflicts == ["conflict.sentence"]
        (conflict,) = xu.conflicts
        assert sorted((v["value"]["months"], v["doc_ids"][0]) for v in conflict["values"]) == [(48, "c-zht"), (60, "d-en")]
        # Wang Lin 王林 and Wang Lin 王琳 are two people; a bare "Wang Lin" is ambiguous.
        wangs = find(store, "Wang Lin")
        assert len(wangs) == 2 and wang_lin in {p.person_id for p in wangs}
        assert {p.name_zh for p in wangs} == {"王林", "王琳"}


def test_linking_again_writes_the_same_rows(three):
    _, url = three
    first = people_snapshot(url)
    summary = link(url)
    assert summary.new_ids == 0 and not summary.absorbed
    assert people_snapshot(url) == first
    assert first["identities"] and first["steps"]


def test_merge_and_split_decisions_survive_reruns(three, tmp_path):
    folder, url = three
    with open_store(url) as store:
        xu = one(store, "许敏")
        wang = one(store, "王林")
    older, newer = sorted([xu.person_id, wang.person_id])
    res = cli("review", "merge", newer, older, "--db", url, "--reviewer", "amy")
    assert res.exit_code == 0, res.output
    for rerun in (lambda: cli("link", "--db", url), lambda: run_batch([folder], url, force=True)):
        rerun()
        with open_store(url) as store:
            merged = one(store, newer)  # the absorbed id finds the person that kept the older id
            assert merged.person_id == older and newer in merged.absorbed
            assert {"许敏", "王林"} <= set(merged.names)
            status = {r["person_id"]: (r["status"], r["merged_into"]) for r in store.table("identities")}
            assert status[newer] == ("absorbed", older)

    with open_store(url) as store:
        wang_records = [r["event_id"] for r in store.table("step_records")
                        if r["event_id"] in {e for s in wang.steps for e in s.event_ids}]
    res = cli("review", "split", older, "--records", " ".join(wang_records), "--db", url)
    assert res.exit_code == 0, res.output
    for _ in range(2):
        run_batch([folder], url, force=True)
        with open_store(url) as store:
            split_off = one(store, "王林")
            kept = one(store, "许敏")
            assert kept.person_id == older and split_off.person_id not in (older, newer)
            assert sorted(e for s in split_off.steps for e in s.event_ids) == sorted(wang_records)
    assert cli("review", "split", older, "--records", "ev_nosuch", "--db", url).exit_code == 2


def test_person_show_and_person_exports(three, tmp_path):
    _, url = three
    res = cli("person", "show", "Xu Min", "--db", url)
    assert res.exit_code == 0, res.output
    assert "Xu Min (许敏)" in res.output and "detained" in res.output and "a-en, b-zhs, c-zht" in res.output
    shown = json.loads(cli("person", "show", "許敏", "--db", url, "--json").output)
    assert shown[0]["name"] == "Xu Min" and shown[0]["steps"][0]["sources"]["date"]
    assert cli("person", "show", "Nobody Here", "--db", url).exit_code == 2

    with open_store(url) as store:
        active = persons(store)
    out = tmp_path / "persons.jsonl"
    assert cli("export", "--db", url, "--format", "persons-jsonl", "--out", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["person_id"] for r in rows) == sorted(p.person_id for p in active)
    xu = next(r for r in rows if r["name_zh"] == "许敏")
    assert "許敏" in xu["aliases"] and xu["steps"] and all(s["event_ids"] for s in xu["steps"])
    out = tmp_path / "persons.csv"
    assert cli("export", "--db", url, "--format", "persons-csv", "--out", out).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(active)
    row = next(r for r in table if r["name_zh"] == "许敏")
    assert row["doc_ids"] == "a-en|b-zhs|c-zht" and "detained" in row["timeline"]


def test_rejecting_a_record_takes_it_off_the_person(three):
    _, url = three
    with open_store(url) as store:
        xu = one(store, "许敏")
        (detained,) = [s for s in xu.steps if s.event_type == "detained"]
        victim = next(e for e in detained.event_ids if e in {r.event_id for r in store.extracted_events("b-zhs")})
    assert cli("review", "reject", victim, "--db", url).exit_code == 0
    with open_store(url) as store:
        xu2 = one(store, "许敏")
        assert xu2.person_id == xu.person_id
        assert victim not in {e for s in xu2.steps for e in s.event_ids}
