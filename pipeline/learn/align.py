"""Align candidates to gold records, to label them for training.

A candidate is a positive example when a gold record of its document has the
same event type, shares a name with it (folded as the scorer folds names) and
states the event inside the candidate's evidence span; it is left out of
training when such a record exists but is told elsewhere (the same event told
twice: either telling may be the one kept); otherwise it is a negative.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.mentions import Candidate


def fold_name(name: str | None) -> str:
    if not name:
        return ""
    from pipeline.stages.zh.normalize import to_simplified

    text = to_simplified(unicodedata.normalize("NFKC", name)).lower()
    return re.sub(r"[^\w]|_", "", text)


def gold_keys(rec: dict) -> set[str]:
    p = rec.get("person") or {}
    names = [p.get("name"), p.get("name_zh"), *(p.get("aliases") or [])]
    return {k for k in map(fold_name, names) if k}


def cand_keys(c: Candidate) -> set[str]:
    return {k for k in map(fold_name, c.person.names()) if k}


def evidence_spans(text: str, quote: str | None) -> list[tuple[int, int]]:
    if not quote:
        return []
    out, i = [], text.find(quote)
    while i != -1:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def label(text: str, c: Candidate, gold: list[dict]) -> int | None:
    keys = cand_keys(c)
    found_elsewhere = False
    a, b = c.evidence
    for g in gold:
        if g.get("event_type") != c.event_type or not (gold_keys(g) & keys):
            continue
        if any(s < b and a < e for s, e in evidence_spans(text, g.get("evidence"))):
            return 1
        found_elsewhere = True
    return None if found_elsewhere else 0
