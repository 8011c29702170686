"""Chinese extraction speed against jieba.posseg alone, in the same run.

    .venv/bin/python benchmarks/bench_zh.py [--docs DIR] [--reps 5]

Reads the Chinese dev reports (zhs-*.txt, zht-*.txt), then times, over the
same text and the same number of repetitions:

- casefile: segment + the whole Chinese stage (normalize, jieba where a
  trigger is, persons, dates, places, charges, terms, linking) per document;
- baseline: ``jieba.posseg.cut`` over each document's Simplified text.

The two take turns, repetition by repetition. Reports characters per second
for both, their ratio (target >= 1.5) and the median of the per-repetition
ratios, the
peak traced allocations of each cold first run (dictionaries and models
loading; tracemalloc), and the process peak (ru_maxrss).
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

log = logging.getLogger("bench_zh")


def default_docs() -> Path:
    shared = Path(os.environ.get("CASEFILE_SHARED", "../shared"))
    return shared / "corpus" / "dev" / "docs"


def load(folder: Path) -> list[tuple[str, str]]:
    paths = sorted(folder.glob("zhs-*.txt")) + sorted(folder.glob("zht-*.txt"))
    if not paths:
        raise SystemExit(f"no zhs-*/zht-* documents in {folder}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def run_casefile(docs: list[tuple[str, str]]) -> int:
    from pipeline.document import Document
    from pipeline.stages import segment
    from pipeline.stages.zh import extract

    n = 0
    for doc_id, text in docs:
        doc = Document(doc_id=doc_id, text=text)
        segment.segment(doc)
        n += len(extract.candidates(doc))
    return n


def run_baseline(texts: list[str]) -> int:
    import jieba.posseg

    n = 0
    for t in texts:
        n += sum(1 for _ in jieba.posseg.cut(t))
    return n


def timed(fn, arg, reps: int) -> float:
    start = time.perf_counter()
    for _ in range(reps):
        fn(arg)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, default=default_docs())
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import jieba

    jieba.setLogLevel(logging.WARNING)

    from pipeline.stages.zh.normalize import to_simplified

    docs = load(args.docs)
    chars = sum(len(t) for _, t in docs)
    simplified = [to_simplified(t) for _, t in docs]
    # the first (cold) runs load the dictionaries, OpenCC, lexicons and gazetteer:
    # their allocation peaks are the memory cost; then both are warm for timing
    tracemalloc.start()
    run_baseline(simplified)
    base_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    run_casefile(docs)
    case_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    # taking turns, repetition by repetition, so a change in the machine's load hits both
    case_t, base_t = [], []
    for _ in range(args.reps):
        case_t.append(timed(run_casefile, docs, 1))
        base_t.append(timed(run_baseline, simplified, 1))
    t_case, t_base = sum(case_t), sum(base_t)
    case_cps = chars * args.reps / t_case
    base_cps = chars * args.reps / t_base
    median_ratio = statistics.median(b / c for b, c in zip(base_t, case_t))

    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    log.info("documents: %d, characters: %d, repetitions: %d", len(docs), chars, args.reps)
    log.info("casefile Chinese extraction: %10.0f chars/s", case_cps)
    log.info("jieba.posseg.cut alone:      %10.0f chars/s", base_cps)
    log.info("ratio casefile / jieba.posseg: %.2fx (target >= 1.5); median of the per-repetition ratios %.2fx",
             case_cps / base_cps, median_ratio)
    log.info("peak traced allocations, cold: jieba.posseg %.0f MB; casefile (after jieba) +%.0f MB", base_peak / 2**20, case_peak / 2**20)
    log.info("process peak (ru_maxrss): %.0f MB", maxrss_mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
