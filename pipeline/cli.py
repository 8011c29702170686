"""Command line: a thin layer over the importable API."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

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

    files = iter_inputs(list(paths))
    missing = [str(p) for p in paths if not p.exists()]
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
    for m in missing:
        typer.echo(f"error: {m}: no such file or folder", err=True)
    failed += len([m for m in missing if m not in {str(f) for f in files} or True]) if missing else 0
    typer.echo(f"{ok} documents ok, {failed} failed, {events} events", err=True)
    if failed or not files:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a detention-event record."""
    from pipeline.records import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
