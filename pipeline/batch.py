"""Batch runs: files and folders of reports into a store, resumably.

    >>> from pipeline.batch import run_batch
    >>> summary = run_batch(["reports/"], "sqlite:///casefile.db", workers=2)
    >>> summary.exit_code

Every input ends as a ``documents`` row, ``ok`` with its events or ``error``
with the reason, written in one transaction per document; a file inside a
given folder of a type casefile does not read is a ``skipped`` row with its
reason (its document id is its whole name, ``photo.jpg``), unless it matches
an ``exclude`` glob. An input whose
bytes (sha256) and casefile version match its row is skipped, so a second run
adds nothing, a changed file replaces its own records, and a run that was
killed resumes where it stopped. Extraction runs where the engine puts it
(``pipeline/engines``: this process, local worker processes, or a Dask
cluster); only the run itself writes to the store.
"""
from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.engines import Engine, crash_hook, make_engine
from pipeline.errors import CasefileError
from pipeline.ingest import PDF_SUFFIXES, Deadline
from pipeline.stages.ingest import (
    MAX_BYTES,
    doc_id_for,
    format_for_suffix,
    parse_deadline,
    read_document,
    scan_inputs,
    skipped_reason,
)
from pipeline.store import DEFAULT_URL, DocumentResult, open_store

if TYPE_CHECKING:
    from pipeline.people import LinkSummary

log = logging.getLogger(__name__)

#: Error rows that a run with ``ocr`` reads again though the file is unchanged:
#: needs OCR, and OCR tools not installed (when the run was made).
OCR_RETRIES = frozenset({"E110", "E117"})


def _longer_limit(state, path: Path, parse_timeout: float | None, ocr: bool) -> bool:
    """An E115 row made under a shorter parse limit than this run's: read it again."""
    if state.get("error_code") != "E115":
        return False
    before = Deadline.limit_in(state.get("error"))
    now = parse_deadline(parse_timeout, str(path), ocr=ocr and path.suffix.lower() in PDF_SUFFIXES).seconds
    return before is not None and (now is None or now > before)


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class RunSummary:
    """What one run did. ``ok + failed + skipped + unsupported == total``."""

    run_id: str
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    skipped_failed: int = 0  # skipped as unchanged, but in error since an earlier run
    events: int = 0  # events written by this run
    unsupported: int = 0  # files in folders of a type casefile does not read, written as skipped rows
    failures: list[Failure] = field(default_factory=list)
    people: "LinkSummary | None" = None  # the people stage over the whole store, after the documents

    @property
    def exit_code(self) -> int:
        """Non-zero when any input is in error, now or since an earlier run."""
        return 1 if (self.failed or self.skipped_failed or self.total == 0) else 0

    def text(self) -> str:
        line = f"{self.total} documents: {self.ok} ok, {self.failed} failed, {self.skipped} skipped (unchanged)"
        if self.skipped_failed:
            line += f", of which {self.skipped_failed} failed in an earlier run"
        if self.unsupported:
            line += f", {self.unsupported} skipped (type not read)"
        line += f"; {self.events} events written"
        if self.people is not None:
            line += "\npeople: " + self.people.text()
        return line


def file_sha256(path: Path) -> str:
    """sha256 of the file's bytes; empty when it cannot be read (the reader says why)."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def process_path(
    path: str, sha256: str, max_bytes: int = MAX_BYTES, parse_timeout: float | None = None, ocr: bool = False
) -> DocumentResult:
    """Read and extract one input; never raises for a bad input or a stage bug.

    ``parse_timeout`` as in :func:`~pipeline.stages.ingest.read_document` (None: the default)."""
    from pipeline import extract_document

    p = Path(path)
    doc_id = doc_id_for(p)
    fmt = format_for_suffix(p.suffix)
    try:
        doc = read_document(p, max_bytes=max_bytes, parse_timeout=parse_timeout, ocr=ocr)
        events = extract_document(doc)
    except CasefileError as exc:
        return DocumentResult(doc_id, path, sha256, "error", error=str(exc), error_code=exc.code, format=fmt)
    except Exception as exc:  # a bug in a stage must not stop a batch; it is reported on the document
        log.exception("extraction failed on %s", p)
        return DocumentResult(
            doc_id, path, sha256, "error", error=f"E199 internal error: {type(exc).__name__}: {exc}", error_code="E199",
            format=fmt,
        )
    language = ",".join(sorted(doc.languages())) or None
    return DocumentResult(
        doc_id, path, sha256, "ok", language=language, text=doc.text, events=tuple(events),
        format=doc.format, pages=tuple(doc.pages), metadata=dict(doc.metadata),
    )


def skipped_doc_id(path: Path) -> str:
    """A skipped file's id is its whole name, so photo.jpg never clashes with photo.html."""
    return path.name


def _work(
    path: str, unchanged_sha: str | None, max_bytes: int, parse_timeout: float | None, ocr: bool = False
) -> DocumentResult | None:
    """One input in a worker: None when its bytes are still ``unchanged_sha``."""
    sha = file_sha256(Path(path))
    if unchanged_sha and sha == unchanged_sha:
        return None
    crash_hook(path)  # test-only (pipeline/engines): does nothing unless CASEFILE_TEST_CRASH_ON is set
    return process_path(path, sha, max_bytes, parse_timeout, ocr)


Outcome = tuple[str, "DocumentResult | None", "str | None"]


def _results(
    work: list[tuple[str, str | None]], engine: Engine, max_bytes: int, parse_timeout: float | None, ocr: bool = False
) -> Iterator[Outcome]:
    """(path, result or None when unchanged, failure) for each input, as they finish."""
    if not work:
        return
    args = ((path, unchanged, max_bytes, parse_timeout, ocr) for path, unchanged in work)
    for (path, *_), result, error in engine.map(_work, args):
        if error is None:
            yield path, result, None
        elif error.code == "E180":  # the document kills the workers that read it: an error row, skipped while unchanged
            p = Path(path)
            yield path, DocumentResult(doc_id_for(p), path, file_sha256(p), "error", error=str(error),
                                       error_code=error.code), None
        else:  # not stored: the next run tries the document again
            yield path, None, str(error)


def read_path_list(list_file: str | Path) -> list[Path]:
    """The inputs named in a file, one path a line (blank lines and ``#`` comments skipped).

    Relative paths are relative to the current directory, as on the command
    line. With a Dask cluster, every path must be readable by every worker
    (shared storage mounted at the same place).
    """
    try:
        lines = Path(list_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CasefileError("E101", f"--from-list {list_file}: {exc}") from exc
    return [Path(s) for line in lines if (s := line.strip()) and not s.startswith("#")]


def run_batch(
    inputs: Iterable[str | Path],
    db: str = DEFAULT_URL,
    workers: int = 1,
    force: bool = False,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
    exclude: Iterable[str] = (),
    parse_timeout: float | None = None,
    engine: str | Engine = "local",
    scheduler: str | None = None,
    from_list: str | Path | None = None,
    announce: Callable[[str], None] | None = None,
    ocr: bool = False,
) -> RunSummary:
    """Process files and folders into the store at ``db``; see the module doc.

    ``engine`` is ``"local"`` (``workers`` processes on this machine) or
    ``"dask"`` (the cluster at ``scheduler``, or a LocalCluster of
    ``workers`` processes), or an :class:`~pipeline.engines.Engine`.
    ``from_list`` names a file of further inputs, one a line. ``announce``
    receives the engine's lines for the user (the Dask dashboard address).
    ``ocr``: read the pages of PDFs that have no text layer by OCR (else such
    a PDF is the error E110); tesseract and pdftoppm must be installed on
    every machine that computes documents. ``parse_timeout``: seconds one
    document's parsing may take, OCR included (E115 after it); None for the
    default (120 s, 3600 s for a scanned PDF with ``ocr``), 0 for no limit.
    """
    from pipeline import __version__

    if isinstance(engine, str):
        engine = make_engine(engine, workers=workers, scheduler=scheduler, announce=announce)
    roots = [Path(p) for p in inputs]
    listed = read_path_list(from_list) if from_list is not None else []
    found, unsupported = scan_inputs(roots + listed, exclude)
    # Each file once (a folder and a file inside it may both be named), by its absolute path.
    files = list(dict.fromkeys(f.absolute() for f in found))
    readable = set(files)
    others = [f for f in dict.fromkeys(f.absolute() for f in unsupported) if f not in readable]
    with open_store(db) as store:
        states = store.document_states()
        named = [str(p) for p in roots] + ([f"--from-list {from_list}"] if from_list is not None else [])
        run_id = store.begin_run(named, __version__)
        summary = RunSummary(run_id=run_id, total=len(files) + len(others))
        work: list[tuple[str, str | None]] = []
        seen: dict[str, str] = {}
        for f in others:  # written here, by the parent: nothing to extract
            doc_id, path = skipped_doc_id(f), str(f)
            if doc_id in seen:
                summary.failed += 1
                summary.failures.append(Failure(path, f"E106 another input in the same run has the same document id: {seen[doc_id]}"))
                continue
            seen[doc_id] = path
            sha = file_sha256(f)
            state = states.get(doc_id)
            if not force and state is not None and state["casefile_version"] == __version__ and state["sha256"] == sha:
                summary.skipped += 1
                continue
            store.save(DocumentResult(doc_id, path, sha, "skipped", error=skipped_reason(f), error_code="E107",
                                      format=f.suffix.lower().lstrip(".") or None), run_id, __version__)
            summary.unsupported += 1
        for f in files:
            doc_id, path = doc_id_for(f), str(f)
            if doc_id in seen:
                summary.failed += 1
                reason = f"E106 another input in the same run has the same document id: {seen[doc_id]}"
                summary.failures.append(Failure(path, reason))
                continue
            seen[doc_id] = path
            state = states.get(doc_id)
            unchanged = None
            if not force and state is not None and state["casefile_version"] == __version__:
                unchanged = state["sha256"] or None
                if ocr and state.get("error_code") in OCR_RETRIES:
                    unchanged = None  # a scan stored as "needs OCR" (or OCR not installed) is read now
                elif _longer_limit(state, f, parse_timeout, ocr):
                    unchanged = None  # out of time under a shorter --parse-timeout than this run's
            work.append((path, unchanged))
        log.info("%d inputs, %d known to the store", len(files), sum(1 for _, u in work if u))

        from tqdm import tqdm

        bar = tqdm(total=len(work), unit="doc", desc="casefile", disable=None if progress is None else not progress,
                   file=sys.stderr, leave=False)
        try:
            for path, result, failure in _results(work, engine, max_bytes, parse_timeout, ocr):
                bar.update(1)
                if failure is not None:
                    summary.failed += 1
                    summary.failures.append(Failure(path, failure))
                elif result is None:
                    summary.skipped += 1
                    state = states[doc_id_for(Path(path))]
                    if state["status"] == "error":
                        summary.skipped_failed += 1
                        summary.failures.append(Failure(path, f"(unchanged) {state['error']}"))
                else:
                    summary.events += store.save(result, run_id, __version__)
                    if result.status == "ok":
                        summary.ok += 1
                    else:
                        summary.failed += 1
                        summary.failures.append(Failure(path, result.error or ""))
        finally:
            bar.close()
        store.finish_run(run_id, summary.ok, summary.failed, summary.skipped)
        from pipeline.people import link_store

        summary.people = link_store(store)  # identities across every document of the store, not just this run's
    return summary
