"""Command line: a thin layer over the importable API."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, NoReturn, Optional

import typer

from pipeline.stages.ingest import MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Detention events from human-rights reports.")


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Files or folders of reports."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Write records here (default: standard output)."),
) -> None:
    """Extract events from files or folders into JSON Lines."""
    from pipeline import process_file
    from pipeline.sinks.jsonl import write_events
    from pipeline.stages.ingest import iter_inputs

    files = iter_inputs(list(paths))  # a missing path stays in the list and fails with E101
    out = jsonl.open("w", encoding="utf-8") if jsonl else sys.stdout
    ok = failed = events = 0
    try:
        for f in files:
            res = process_file(f)
            if res.ok:
                ok += 1
                events += write_events(res.events, out)
            else:
                failed += 1
                typer.echo(f"error: {res.path}: {res.error}", err=True)
    finally:
        if jsonl:
            out.close()
    typer.echo(f"{ok} documents ok, {failed} failed, {events} events", err=True)
    if failed or not files:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a detention-event record."""
    from pipeline.records import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


DB_HELP = "Store URL: sqlite:///path (default ./casefile.db) or postgresql://user@host/db; or set CASEFILE_DB."


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


@app.command()
def run(
    inputs: Optional[List[Path]] = typer.Argument(None, help="Files or folders of reports."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    workers: int = typer.Option(
        1, "--workers", min=1,
        help="Extract in N processes (local engine), or a Dask LocalCluster of N workers; with --scheduler,"
        " wait until the cluster has N workers."),
    engine: str = typer.Option("local", "--engine", help="Where documents are computed: local or dask."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="A running Dask scheduler, tcp://HOST:PORT (with --engine dask)."),
    from_list: Optional[Path] = typer.Option(
        None, "--from-list", help="A file of further inputs, one path a line (# comments and blank lines skipped)."),
    force: bool = typer.Option(False, "--force", help="Extract again even the unchanged files."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    max_bytes: int = typer.Option(MAX_BYTES, "--max-bytes", min=1, help="Larger files become error rows."),
) -> None:
    """Process files and folders into the store; a second run adds nothing."""
    from pipeline.batch import run_batch
    from pipeline.errors import CasefileError

    if not inputs and from_list is None:
        _fail(ValueError("name files or folders of reports, or --from-list FILE"))
    try:
        summary = run_batch(
            inputs or [], db, workers=workers, force=force, progress=progress, max_bytes=max_bytes,
            engine=engine, scheduler=scheduler, from_list=from_list, announce=lambda line: typer.echo(line, err=True),
        )
    except CasefileError as exc:
        _fail(exc)
    for f in summary.failures:
        typer.echo(f"error: {f.path}: {f.reason}", err=True)
    typer.echo(summary.text(), err=True)
    raise typer.Exit(summary.exit_code)


review_app = typer.Typer(no_args_is_help=True, help="Record a researcher's decision on an event.")
app.add_typer(review_app, name="review")


def _review(db: str, event_id: str, decision: str, sets: list[str], reviewer: Optional[str], note: Optional[str]) -> None:
    from pipeline.errors import CasefileError
    from pipeline.review import decide

    try:
        rv = decide(db, event_id, decision, sets, reviewer=reviewer, note=note)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"{rv.event_id} {rv.decision} by {rv.reviewer}")


@review_app.command("accept")
def review_accept(
    event_id: str = typer.Argument(..., help="The event id, as exported (ev_...)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: the login name)."),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Confirm an event as extracted."""
    _review(db, event_id, "accepted", [], reviewer, note)


@review_app.command("reject")
def review_reject(
    event_id: str = typer.Argument(..., help="The event id, as exported (ev_...)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: the login name)."),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Reject an event: it never comes back, whatever a later run extracts."""
    _review(db, event_id, "rejected", [], reviewer, note)


@review_app.command("edit")
def review_edit(
    event_id: str = typer.Argument(..., help="The event id, as exported (ev_...)."),
    sets: List[str] = typer.Option(..., "--set", help="FIELD=VALUE, e.g. date.iso=2020-03 or location='{\"name\": \"Wuhan\"}'."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: the login name)."),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Correct fields of an event; the corrected record is what exports show."""
    _review(db, event_id, "edited", sets, reviewer, note)


@review_app.command("show")
def review_show(
    event_id: str = typer.Argument(..., help="The event id, as exported (ev_...)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
) -> None:
    """Print an event as it stands (after any review), with its review, as JSON."""
    from pipeline.errors import CasefileError
    from pipeline.sinks.export import json_record
    from pipeline.store import open_store

    try:
        with open_store(db, must_exist=True) as store:
            shown = store.get_event(event_id)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(json.dumps(json_record(shown), ensure_ascii=False, indent=2))


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="File to write."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Keep rejected events (marked)."),
) -> None:
    """Export the reviewed events for a downstream database."""
    from pipeline.errors import CasefileError
    from pipeline.sinks.export import FORMATS
    from pipeline.sinks.export import export as do_export

    if fmt not in FORMATS:
        _fail(ValueError(f"--format must be one of {', '.join(FORMATS)}"))
    try:
        n = do_export(db, fmt, out, include_rejected=include_rejected)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"{n} events written to {out}", err=True)


@app.command()
def audit(
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML file to write."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
) -> None:
    """Write one self-contained HTML page to check events against their sources."""
    from pipeline.errors import CasefileError
    from pipeline.sinks.audit import write_audit

    try:
        n = write_audit(db, out)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"audit page with {n} events: {out}", err=True)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
