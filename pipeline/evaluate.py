"""Score casefile on the annotated corpora, plainly and cross-validated.

    python -m pipeline.evaluate [--corpus train,dev] [--cv 5] [--json OUT]

Plain: the installed scorer over every document. Cross-validated: the
documents are split into K folds by outlet (``pipeline/learn/corpus.py``);
for each fold the event scorer is trained on the other folds and predicts
this one, so every figure is on documents the model never saw. The rules-only
ablation (the rule linker's pairings, no model) is scored beside it. All
scoring is ``../shared/eval/score.py``, per language (en = 00* and en-*).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline.learn import corpus as corpus_mod
from pipeline.learn.dataset import Example, build, dumps, figures, predict

log = logging.getLogger(__name__)

# (rule-linked, widened) threshold pairs tried in cross-validation
THRESHOLDS = tuple((r, a) for r in (0.1, 0.2, 0.3, 0.4, 0.5) for a in (0.4, 0.5, 0.6, 0.7, 0.8))


def tkey(t: tuple[float, float]) -> str:
    return f"{t[0]}/{t[1]}"


def cross_validate(examples: list[Example], k: int, C: float, thresholds=THRESHOLDS) -> dict[tuple, list[dict]]:
    """Out-of-fold predictions, one list per threshold pair."""
    from pipeline.learn.train import fit
    from pipeline.stages.score import LinearModel, ModelScorer

    fold_of = corpus_mod.folds([ex.doc for ex in examples], k)
    out: dict[tuple, list[dict]] = {t: [] for t in thresholds}
    for f in range(k):
        train = [ex for ex, fo in zip(examples, fold_of) if fo != f]
        test = [ex for ex, fo in zip(examples, fold_of) if fo == f]
        model = LinearModel.from_json(json.dumps(fit(train, C)))
        for t in thresholds:
            out[t] += predict(test, ModelScorer(model, thresholds=t))
    return out


FAMILY_LANGS = {"en": ("en",), "zh": ("zhs", "zht")}


def best_thresholds(shared: Path, examples: list[Example], by_t: dict[tuple, list[dict]]) -> tuple[dict[str, tuple], dict]:
    """Per language family, the threshold pair with the best mean event F1 over
    its languages (ties: the pair nearest 0.5/0.5)."""
    table = {t: figures(shared, examples, pred) for t, pred in by_t.items()}
    best = {}
    for fam, langs in FAMILY_LANGS.items():
        langs = [lang for lang in langs if lang in table[next(iter(table))]]
        if langs:
            best[fam] = max(table, key=lambda t: (round(sum(table[t][lang]["event_f1"] for lang in langs) / len(langs), 4),
                                                  -abs(t[0] - 0.5) - abs(t[1] - 0.5)))
    return best, table


def at_thresholds(by_t: dict[tuple, list[dict]], best: dict[str, tuple]) -> list[dict]:
    """The out-of-fold records, each family's at its own threshold."""
    out = []
    for fam, t in best.items():
        prefixes = ("zh",) if fam == "zh" else ("0", "en")
        out += [r for r in by_t[t] if str(r.get("doc_id")).startswith(prefixes)]
    return out


def _fixed_thresholds(ap: argparse.ArgumentParser, spec: str | None) -> dict[str, tuple[float, float]]:
    """``en=0.1/0.5,zh=0.4/0.6`` -> {family: pair}; each pair one of those tried."""
    out = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        fam, _, pair = part.partition("=")
        try:
            r, a = (float(x) for x in pair.split("/"))
        except ValueError:
            ap.error(f"--thresholds: {part!r} is not FAMILY=RULE/ALTERNATIVE")
        if fam.strip() not in FAMILY_LANGS or (r, a) not in THRESHOLDS:
            ap.error(f"--thresholds: {part!r}: families {', '.join(FAMILY_LANGS)}; pairs {', '.join(map(tkey, THRESHOLDS))}")
        out[fam.strip()] = (r, a)
    return out


def _row(name: str, figures: dict) -> str:
    return (f"| {name} | {figures['event_p']:.3f} | {figures['event_r']:.3f} | {figures['event_f1']:.3f} | {figures['strict_f1']:.3f} | "
            f"{figures['date_f1']:.3f} | {figures['location_f1']:.3f} | {figures['charges_f1']:.3f} | {figures['sentence_f1']:.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default: $CASEFILE_SHARED or ../shared)")
    ap.add_argument("--corpus", default="train,dev", help="comma-separated corpora under shared/corpus")
    ap.add_argument("--cv", type=int, default=0, help="K for grouped K-fold cross-validation (0: plain scoring only)")
    ap.add_argument("--C", type=float, default=None, help="regularization of the scorer in cross-validation")
    ap.add_argument("--json", type=Path, help="write every figure as JSON here")
    ap.add_argument("--pred-out", type=Path, help="write the cross-validated records (best threshold) as JSON Lines here")
    ap.add_argument("--thresholds", help="fix each family's threshold pair instead of choosing the best, e.g. en=0.1/0.5,zh=0.4/0.6 "
                    "(to compare two versions of the code at the same operating point)")
    args = ap.parse_args(argv)
    fixed = _fixed_thresholds(ap, args.thresholds)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from pipeline.learn.train import C_DEFAULT
    from pipeline.stages.score import RuleScorer, default_scorer

    shared = args.shared or corpus_mod.shared_dir()
    docs = corpus_mod.load(shared, tuple(args.corpus.split(",")))
    examples = build(docs)
    result: dict = {"corpora": args.corpus, "documents": len(docs)}
    header = "| | event P | event R | event F1 | strict F1 | date F1 | location F1 | charges F1 | sentence F1 |\n|---|---|---|---|---|---|---|---|---|"
    scorer = default_scorer()
    plain = figures(shared, examples, predict(examples, scorer))
    rules_pred = predict(examples, RuleScorer())
    rules = figures(shared, examples, rules_pred)
    result["plain"] = {"scorer": scorer.model_id, "by_language": plain}
    result["rules_only"] = rules
    print(f"{args.corpus}: {len(docs)} documents; installed scorer {scorer.model_id}")
    print(header)
    for lang in plain:
        print(_row(f"{lang}, installed scorer (plain)", plain[lang]))
        print(_row(f"{lang}, rules only", rules[lang]))
    if args.cv:
        C = args.C or C_DEFAULT
        by_t = cross_validate(examples, args.cv, C)
        t, table = best_thresholds(shared, examples, by_t)
        t.update(fixed)
        cv_pred = at_thresholds(by_t, t)
        cv_fig = figures(shared, examples, cv_pred)
        # the same out-of-fold records, scored on each corpus alone (the rules were
        # written on dev; train is what nobody tuned them to)
        by_corpus = {}
        for name in args.corpus.split(","):
            sub = [ex for ex in examples if ex.doc.corpus == name]
            ids = {ex.doc.doc_id for ex in sub}
            by_corpus[name] = {
                "rules_and_model": figures(shared, sub, [p for p in cv_pred if p["doc_id"] in ids]),
                "rules_only": figures(shared, sub, [p for p in rules_pred if p["doc_id"] in ids]),
            }
        if args.pred_out:
            args.pred_out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in cv_pred), encoding="utf-8")
        result["cv"] = {"k": args.cv, "C": C, "thresholds": {f: tkey(v) for f, v in t.items()}, "by_language": cv_fig, "by_corpus": by_corpus,
                        "by_threshold": {tkey(k): v for k, v in table.items()}}
        print(f"\ncross-validated ({args.cv} folds by outlet, C={C}); thresholds (rule/alternative) "
              f"{ {f: tkey(v) for f, v in t.items()} } (best mean event F1 per family)")
        print(header)
        for lang, fig in cv_fig.items():
            print(_row(f"{lang}, rules + model (CV)", fig))
            print(_row(f"{lang}, rules only", rules[lang]))
        for name, figs in by_corpus.items():
            print(f"\n{name} documents only, cross-validated")
            print(header)
            for lang, fig in figs["rules_and_model"].items():
                print(_row(f"{lang}, rules + model (CV)", fig))
                print(_row(f"{lang}, rules only", figs["rules_only"][lang]))
        for thr in sorted(table):
            print(f"  thresholds {tkey(thr)}: " + "  ".join(f"{lang} {v['event_f1']:.3f}" for lang, v in table[thr].items()))
    if args.json:
        args.json.write_text(dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
