"""Choosing an engine, naming inputs in a list, and the LocalCluster a run starts itself."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.batch import read_path_list, run_batch
from pipeline.cli import app
from pipeline.engines import make_engine
from pipeline.engines.dask import DaskEngine
from pipeline.errors import CasefileError
from pipeline.store import open_store
from tests.conftest import free_port
from tests.engines.conftest import store_rows
from tests.test_batch import EN, ZHS, write_eight


@pytest.mark.parametrize(
    "name,scheduler,code",
    [
        ("spark", None, "E311"),  # no such engine
        ("local", "tcp://127.0.0.1:8786", "E311"),  # a scheduler means Dask
    ],
)
def test_engine_setup_errors_are_coded(name, scheduler, code):
    with pytest.raises(CasefileError) as err:
        make_engine(name, scheduler=scheduler)
    assert err.value.code == code


def test_an_unreachable_scheduler_stops_the_run_with_a_coded_error(tmp_path):
    folder = write_eight(tmp_path / "in")
    engine = DaskEngine(scheduler=f"tcp://127.0.0.1:{free_port()}", connect_timeout=2)
    with pytest.raises(CasefileError) as err:
        run_batch([folder], f"sqlite:///{tmp_path / 'x.db'}", engine=engine)
    assert err.value.code == "E313"


@pytest.mark.parametrize(
    "args,message",
    [
        (["run", "--engine", "spark", "IN"], "E311"),
        (["run", "--scheduler", "tcp://127.0.0.1:8786", "IN"], "--scheduler needs --engine dask"),
        (["run"], "--from-list"),  # nothing to run on
        (["run", "--from-list", "MISSING"], "E101"),
    ],
)
def test_cli_refuses_bad_engine_options(tmp_path, args, message):
    folder = write_eight(tmp_path / "in")
    args = [str(folder) if a == "IN" else str(tmp_path / "none.txt") if a == "MISSING" else a for a in args]
    res = CliRunner().invoke(app, [*args, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert res.exit_code == 2 and message in res.output, res.output


@pytest.mark.parametrize(
    "lines,expected",
    [
        (["a.txt", "b.txt"], ["a.txt", "b.txt"]),
        (["# reports", "", "  a.txt  ", "#b.txt", "sub"], ["a.txt", "sub"]),
        ([], []),
    ],
)
def test_read_path_list(tmp_path, lines, expected):
    listing = tmp_path / "paths.txt"
    listing.write_text("\n".join(lines), encoding="utf-8")
    assert [str(p) for p in read_path_list(listing)] == expected


def test_from_list_inputs_are_accounted_for_like_named_ones(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "sub" / "zh.txt").write_text(ZHS, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    listing = tmp_path / "paths.txt"
    listing.write_text(f"# one file, one folder, a missing file\n{folder / 'en.txt'}\nin/sub\n\nin/gone.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # relative lines are relative to the current directory
    url = f"sqlite:///{tmp_path / 'list.db'}"
    summary = run_batch([folder / "empty.txt"], url, from_list=listing)
    assert (summary.total, summary.ok, summary.failed) == (4, 2, 2)
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason[:4] for f in summary.failures}
    assert reasons == {"empty.txt": "E102", "gone.txt": "E101"}
    with open_store(url) as store:
        assert {d["doc_id"]: d["status"] for d in store.documents()} == {
            "en": "ok", "zh": "ok", "empty": "error", "gone": "error"}
        (run,) = store.query("SELECT inputs FROM runs")
    assert json.loads(run["inputs"]) == [str(folder / "empty.txt"), f"--from-list {listing}"]


def test_a_local_cluster_started_by_the_run_gives_the_local_store(tmp_path):
    folder = write_eight(tmp_path / "in")
    local, dask = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    run_batch([folder], local)
    said: list[str] = []
    summary = run_batch([folder], dask, engine="dask", workers=1, announce=said.append)
    assert (summary.total, summary.ok, summary.failed) == (8, 6, 2)
    assert len(said) == 1 and "LocalCluster of 1 workers; dashboard:" in said[0]
    assert "http://" in said[0]  # the address, or where it would be without bokeh
    assert store_rows(dask) == store_rows(local)
