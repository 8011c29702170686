"""Candidates of the annotated corpus with their gold labels: what training
and cross-validation read. Built with the same ``pipeline.candidates`` that
runs on a user's documents."""
from __future__ import annotations

import copy
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document
from pipeline.learn.align import matched_gold, place_label
from pipeline.learn.corpus import CorpusDoc
from pipeline.mentions import Candidate
from pipeline.stages.slots import place_name


@dataclass
class Example:
    doc: CorpusDoc
    document: Document
    cands: list[Candidate]
    labels: list[int | None]
    # per slot, per candidate that states a gold event: 1/0 for each of its options
    slot_labels: dict[str, list[list[int] | None]]


#: how an option of each slot is labelled against the gold record
OPTION_LABELS = {
    "place": lambda m, g: place_label(place_name(m), g),
}


def build(docs: list[CorpusDoc]) -> list[Example]:
    from pipeline import candidates

    out = []
    for d in docs:
        document = Document(doc_id=d.doc_id, text=d.text, path=str(d.path))
        cands = candidates(document)
        labels: list[int | None] = []
        slot_labels: dict[str, list[list[int] | None]] = {s: [] for s in OPTION_LABELS}
        for c in cands:
            g, elsewhere = matched_gold(d.text, c, d.gold)
            labels.append(1 if g is not None else (None if elsewhere else 0))
            for slot, fn in OPTION_LABELS.items():
                slot_labels[slot].append([fn(m, g) for m, _ in c.options.get(slot, ())] if g is not None else None)
        out.append(Example(d, document, cands, labels, slot_labels))
    return out


def predict(examples: list[Example], scorer) -> list[dict]:
    """Records (the scorer's output format) for each example's document."""
    from pipeline import decide_and_assemble

    rows = []
    for ex in examples:
        for ev in decide_and_assemble(ex.document, copy.deepcopy(ex.cands), scorer):
            rows.append(ev.to_output())
    return rows


def load_scorer_module(shared: Path):
    """../shared/eval/score.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location("casefile_eval_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LANGS = {"en": ("0", "en"), "zhs": ("zhs",), "zht": ("zht",)}


def score_by_language(shared: Path, examples: list[Example], pred: list[dict]) -> dict[str, dict]:
    sc = load_scorer_module(shared)
    out = {}
    for lang, prefixes in LANGS.items():
        exs = [ex for ex in examples if ex.doc.doc_id.startswith(prefixes)]
        if not exs:
            continue
        ids = {ex.doc.doc_id for ex in exs}
        gold = [g for ex in exs for g in ex.doc.gold]
        docs = {ex.doc.doc_id: ex.doc.text for ex in exs}
        out[lang] = sc.score(gold, [p for p in pred if p.get("doc_id") in ids], docs)
    return out


def summary(result: dict) -> dict:
    """The figures a table shows, from one score.py result."""
    s = result["slots"]
    return {
        "event_p": result["events"]["p"], "event_r": result["events"]["r"], "event_f1": result["events"]["f1"],
        "strict_f1": result["strict_records"]["f1"], "date_f1": s["date"]["f1"], "location_f1": s["location"]["f1"],
        "charges_f1": s["charges"]["f1"], "sentence_f1": s["sentence"]["f1"], "evidence_valid": result["evidence_valid"],
        "n_gold": result["n_gold"],
    }


def figures(shared: Path, examples: list[Example], pred: list[dict]) -> dict[str, dict]:
    """The summary figures per language of one set of records."""
    return {lang: summary(r) for lang, r in score_by_language(shared, examples, pred).items()}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1)
