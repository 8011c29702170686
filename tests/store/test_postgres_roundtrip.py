"""PostgreSQL for real: the same batch through the CLI gives the same store as SQLite."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import needs_pg
from tests.test_batch import snapshot, write_eight

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@needs_pg
def test_postgres_round_trip_equals_sqlite(pg_url, tmp_path):
    folder = write_eight(tmp_path / "reports")
    sqlite_url = f"sqlite:///{tmp_path / 'casefile.db'}"
    for url in (pg_url, sqlite_url):
        res = cli("run", folder, "--db", url)
        assert res.exit_code == 1 and "8 documents: 6 ok, 2 failed" in res.output, res.output
    pg, lite = snapshot(pg_url), snapshot(sqlite_url)
    assert pg == lite
    assert len(pg["documents"]) == 8

    # Read back through the driver, not through casefile.
    import psycopg

    with psycopg.connect(pg_url) as conn:
        statuses = dict(conn.execute("SELECT doc_id, status FROM documents").fetchall())
        records = [json.loads(r) for (r,) in conn.execute("SELECT record FROM events ORDER BY event_id").fetchall()]
        tables = {r for (r,) in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()}
    assert {d for d, s in statuses.items() if s == "error"} == {"binary", "empty"}
    assert all(r["doc_id"] in statuses for r in records)
    assert {"documents", "events", "persons", "runs", "reviews"} <= tables

    # Second run into PostgreSQL adds nothing; export and audit read from it.
    assert "8 skipped" in cli("run", folder, "--db", pg_url).output
    assert snapshot(pg_url) == pg
    out = tmp_path / "pg.parquet"
    assert cli("export", "--db", pg_url, "--format", "parquet", "--out", out).exit_code == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == len(pg["events"])
    assert cli("audit", "--db", pg_url, "--out", tmp_path / "pg.html").exit_code == 0
    assert "<script>window.__pwned" not in (tmp_path / "pg.html").read_text(encoding="utf-8")
