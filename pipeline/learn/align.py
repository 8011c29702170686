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


def _lower(text: str) -> str:
    from pipeline.stages.zh.normalize import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def _strip(text: str) -> str:
    return re.sub(r"[^\w]|_", "", text)


def fold_name(name: str | None) -> str:
    """A name folded as ``eval/score.py`` folds names: case, script and punctuation ignored."""
    return _strip(_lower(name)) if name else ""


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


def matched_gold(text: str, c: Candidate, gold: list[dict]) -> tuple[dict | None, bool]:
    """The gold record this candidate states (same type, a shared name, the
    quote inside its evidence), and whether one is told elsewhere instead."""
    keys = cand_keys(c)
    found_elsewhere = False
    a, b = c.evidence
    for g in gold:
        if g.get("event_type") != c.event_type or not (gold_keys(g) & keys):
            continue
        if any(s < b and a < e for s, e in evidence_spans(text, g.get("evidence"))):
            return g, False
        found_elsewhere = True
    return None, found_elsewhere


def label(text: str, c: Candidate, gold: list[dict]) -> int | None:
    g, elsewhere = matched_gold(text, c, gold)
    if g is not None:
        return 1
    return None if elsewhere else 0


_PLACE_WORDS = re.compile(r"\b(the|of|city|province|county|district)\b")


def fold_place(name: str | None) -> str:
    """A place name folded as the guidelines compare them: case, script,
    punctuation and generic words (city, province, ...) ignored."""
    return _strip(_PLACE_WORDS.sub(" ", _lower(name))) if name else ""


def place_label(name: str, g: dict) -> int:
    """1 when a place name is the gold record's location (or an accepted
    alternative): one folded name contains the other."""
    loc = g.get("location")
    if isinstance(loc, dict):
        loc = loc.get("name") or loc.get("text")
    if not loc:
        return 0
    pn = fold_place(name)
    accept = [fold_place(x) for x in [loc, *(g.get("location_alt") or [])]]
    return int(bool(pn) and any(a and (a in pn or pn in a) for a in accept))
