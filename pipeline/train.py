"""Rebuild the event scorer from the annotated corpus.

    python -m pipeline.train [--shared ../shared] [--out models/event-scorer]

Reads ``shared/corpus/{train,dev}``, builds every document's candidates with
the same code that runs on a user's reports, labels them against the gold
records (``pipeline/learn/align.py``), picks each language family's threshold
by grouped 5-fold cross-validation, fits the final model on everything and
writes ``model.json`` (readable weights) and ``cv.json`` (the cross-validated
figures and the rules-only ablation) into ``--out``. The same corpus gives the
same bytes: rows are sorted, the solver is deterministic, weights are rounded.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline.evaluate import at_thresholds, best_thresholds, cross_validate, tkey
from pipeline.learn import corpus as corpus_mod
from pipeline.learn.dataset import build, dumps, figures, predict
from pipeline.learn.train import C_DEFAULT, fit

log = logging.getLogger(__name__)


def train(shared: Path, out: Path, corpora: tuple[str, ...] = corpus_mod.CORPORA, k: int = 5,
          C: float = C_DEFAULT, limit: int | None = None) -> dict:
    from pipeline.stages.score import RuleScorer

    docs = corpus_mod.load(shared, corpora)
    if limit:
        docs = docs[:limit]
    examples = build(docs)
    by_t = cross_validate(examples, k, C)
    thresholds, table = best_thresholds(shared, examples, by_t)
    cv_fig = figures(shared, examples, at_thresholds(by_t, thresholds))
    rules = figures(shared, examples, predict(examples, RuleScorer()))
    model = fit(examples, C, thresholds)
    model["trained_on"] = {"corpora": list(corpora), "documents": len(docs),
                           "gold_records": sum(len(d.gold) for d in docs)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(dumps(model) + "\n", encoding="utf-8")
    report = {"k": k, "C": C, "thresholds": {f: tkey(t) for f, t in thresholds.items()}, "cv_rules_and_model": cv_fig,
              "rules_only": rules, "by_threshold": {tkey(t): v for t, v in table.items()}}
    (out / "cv.json").write_text(dumps(report) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default: $CASEFILE_SHARED or ../shared)")
    ap.add_argument("--out", type=Path, default=Path("models/event-scorer"))
    ap.add_argument("--corpus", default=",".join(corpus_mod.CORPORA))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=C_DEFAULT)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (tests)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    report = train(args.shared or corpus_mod.shared_dir(), args.out, tuple(args.corpus.split(",")), args.folds, args.C, args.limit)
    for lang, fig in report["cv_rules_and_model"].items():
        rules = report["rules_only"][lang]
        print(f"{lang}: cross-validated event F1 {fig['event_f1']:.3f} (rules only {rules['event_f1']:.3f}), "
              f"strict {fig['strict_f1']:.3f}, date {fig['date_f1']:.3f}")
    print(f"thresholds {json.dumps(report['thresholds'])}; wrote {args.out / 'model.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
