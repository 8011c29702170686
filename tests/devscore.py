"""Score casefile on the shared dev corpus with the project's official scorer.

The scorer is ../shared/eval/score.py (standard library only); it is loaded
from its file, not imported from a path hack.
"""
from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from pipeline import process_file


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("casefile_dev_scorer", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=4)
def predictions(shared: Path) -> tuple[str, ...]:
    """casefile's records for every dev document, as JSON lines (cached per run)."""
    docs = sorted((shared / "corpus" / "dev" / "docs").glob("*.txt"))
    lines = []
    for path in docs:
        res = process_file(path)
        assert res.ok, res.error
        lines += [json.dumps(ev.to_output(), ensure_ascii=False) for ev in res.events]
    return tuple(lines)


def score(shared: Path, prefixes: tuple[str, ...]) -> dict:
    scorer = load_scorer(shared)
    dev = shared / "corpus" / "dev"
    gold = [g for f in sorted(dev.glob("gold-*.jsonl")) for g in scorer.load_jsonl(f)]
    pred = [json.loads(line) for line in predictions(shared)]
    docs = scorer.load_docs(dev / "docs")
    gold = [g for g in gold if g["doc_id"].startswith(prefixes)]
    pred = [p for p in pred if str(p.get("doc_id")).startswith(prefixes)]
    docs = {k: v for k, v in docs.items() if k.startswith(prefixes)}
    return scorer.score(gold, pred, docs)
