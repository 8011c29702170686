"""Command line: a thin layer over the importable API."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, NoReturn, Optional

import typer

from pipeline.stages.ingest import MAX_BYTES, OCR_PARSE_TIMEOUT, PARSE_TIMEOUT

OCR_HELP = ("Read PDF pages without a text layer (scans) by OCR: tesseract (eng, chi_sim, chi_tra) and pdftoppm must be"
            " installed. Without it such a PDF is an error row (E110).")

TIMEOUT_HELP = (f"Seconds one document's parsing may take, OCR of all its pages included (default {PARSE_TIMEOUT:g};"
                f" {OCR_PARSE_TIMEOUT:g} for a scanned PDF with --ocr; 0: no limit); then an error row (E115).")


def _timeout_option() -> Optional[float]:
    return typer.Option(None, "--parse-timeout", min=0, envvar="CASEFILE_PARSE_TIMEOUT", help=TIMEOUT_HELP)


app = typer.Typer(add_completion=False, no_args_is_help=True, help="Detention events from human-rights reports.")


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Files or folders of reports."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Write records here (default: standard output)."),
    ocr: bool = typer.Option(False, "--ocr", help=OCR_HELP),
    parse_timeout: Optional[float] = _timeout_option(),
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
            res = process_file(f, ocr=ocr, parse_timeout=parse_timeout)
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
    max_bytes: int = typer.Option(MAX_BYTES, "--max-bytes", min=1, help="Larger files (and extracted texts) become error rows."),
    parse_timeout: Optional[float] = _timeout_option(),
    ocr: bool = typer.Option(False, "--ocr", help=OCR_HELP),
    exclude: List[str] = typer.Option(
        [], "--exclude", metavar="GLOB",
        help="Leave out files in folders matching GLOB (name or path below the folder); repeatable. "
        "Other files of a type casefile does not read become skipped rows.",
    ),
) -> None:
    """Process files and folders (.txt .md .html .docx .pdf) into the store; a second run adds nothing."""
    from pipeline.batch import run_batch
    from pipeline.errors import CasefileError

    if not inputs and from_list is None:
        _fail(ValueError("name files or folders of reports, or --from-list FILE"))
    try:
        summary = run_batch(
            inputs or [], db, workers=workers, force=force, progress=progress, max_bytes=max_bytes, exclude=exclude,
            parse_timeout=parse_timeout, ocr=ocr,
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


@review_app.command("merge")
def review_merge(
    person_ids: List[str] = typer.Argument(..., help="Two or more person ids (P000012 P000031)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: the login name)."),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Decide that persons are one; the oldest id stays, whatever later runs link."""
    from pipeline.errors import CasefileError
    from pipeline.people.review import merge

    try:
        d = merge(db, person_ids, reviewer=reviewer, note=note)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"{d.decision_id}: merged {' '.join(d.person_ids)}; {d.summary.text()}")


@review_app.command("split")
def review_split(
    person_id: str = typer.Argument(..., help="The person id (P000012)."),
    records: List[str] = typer.Option(..., "--records", help="Event ids (ev_...) that are another person's; repeat or give several."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: the login name)."),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Decide that some of a person's records are another person's (a new id), whatever later runs link."""
    from pipeline.errors import CasefileError
    from pipeline.people.review import split

    event_ids = [e for item in records for e in item.replace(",", " ").split()]
    try:
        d = split(db, person_id, event_ids, reviewer=reviewer, note=note)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"{d.decision_id}: {len(d.event_ids)} records of {d.person_ids[0]} are now {d.new_person_id}; {d.summary.text()}")


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
def link(
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
) -> None:
    """Link the store's records into persons, custody steps and conflicts (casefile run does it too)."""
    from pipeline.errors import CasefileError
    from pipeline.people import link as do_link

    try:
        summary = do_link(db)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(summary.text(), err=True)


person_app = typer.Typer(no_args_is_help=True, help="Persons across reports.")
app.add_typer(person_app, name="person")


@person_app.command("show")
def person_show(
    query: str = typer.Argument(..., help="A person id (P000012) or a name in any script (Xu Zhiyong, 许志永)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of the timeline."),
) -> None:
    """Print a person's custody timeline: steps, dates, sources, conflicts."""
    from pipeline.errors import CasefileError
    from pipeline.people.timeline import find, format_timeline
    from pipeline.store import open_store

    try:
        with open_store(db, must_exist=True) as store:
            found = find(store, query)
    except CasefileError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps([p.to_json() for p in found], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(format_timeline(p) for p in found))


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="File to write."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet (events); persons-jsonl or persons-csv (one row per person)."),
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Keep rejected events (marked)."),
) -> None:
    """Export the reviewed events for a downstream database."""
    from pipeline.errors import CasefileError
    from pipeline.sinks.export import ALL_FORMATS
    from pipeline.sinks.export import export as do_export

    if fmt not in ALL_FORMATS:
        _fail(ValueError(f"--format must be one of {', '.join(ALL_FORMATS)}"))
    try:
        n = do_export(db, fmt, out, include_rejected=include_rejected)
    except CasefileError as exc:
        _fail(exc)
    typer.echo(f"{n} {'persons' if fmt.startswith('persons') else 'events'} written to {out}", err=True)


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


@app.command()
def serve(
    db: str = typer.Option("sqlite:///casefile.db", "--db", envvar="CASEFILE_DB", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Where to listen; beyond loopback a token is required."),
    port: int = typer.Option(8765, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", envvar="CASEFILE_TOKEN", help="Every request must carry it."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decides (default: the login name)."),
) -> None:
    """Review the store's events in the browser: accept, reject, edit, undo, with the keyboard."""
    from urllib.parse import quote

    from pipeline.errors import CasefileError
    from pipeline.serve import serve as run_server
    from pipeline.serve.security import check_bind

    try:
        check_bind(host, token)
        shown = f"[{host}]" if ":" in host else host
        address = f"http://{shown}:{port}/" + (f"?token={quote(token, safe='')}" if token else "")
        typer.echo(f"casefile review app on {address} (Ctrl-C stops it)", err=True)
        run_server(db, host=host, port=port, token=token, reviewer=reviewer)
    except CasefileError as exc:
        _fail(exc)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
