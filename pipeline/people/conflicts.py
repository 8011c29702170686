"""Where reports disagree about one person: flagged, with every value and its sources.

Within a step: two sentence terms (``conflict.sentence``), two dates at the
same precision (``conflict.date``), charges neither of which contains the
other (``conflict.charges``). Across steps: an impossible order from
``resources/people/rules.yaml`` (``order.*``: released before detained,
tried before indicted, ... by no more than the rule's window, at the dates'
common precision).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.people.rules import rules
from pipeline.people.steps import PRECISION_RANK, Step, hashable, start_of


@dataclass
class Conflict:
    rule: str
    field: str
    step_ids: list[str]
    values: list[dict[str, Any]] = field(default_factory=list)  # {"value", "event_ids", "doc_ids"}
    detail: str = ""


def _grouped(said, key=lambda v: v) -> list[dict[str, Any]]:
    groups: dict[Any, dict[str, Any]] = {}
    for s in said:
        g = groups.setdefault(hashable(key(s.value)), {"value": key(s.value), "event_ids": [], "doc_ids": []})
        g["event_ids"].append(s.event_id)
        if s.doc_id not in g["doc_ids"]:
            g["doc_ids"].append(s.doc_id)
    return list(groups.values())


def step_conflicts(step: Step) -> list[Conflict]:
    out: list[Conflict] = []
    dates = step.said("date")
    if dates:
        best = min(PRECISION_RANK[s.value["precision"]] for s in dates)
        values = _grouped([s for s in dates if PRECISION_RANK[s.value["precision"]] == best], key=lambda v: v["iso"])
        if len(values) > 1:
            out.append(Conflict("conflict.date", "date", [step.step_id], values, "dates disagree at the same precision"))
    terms = _grouped(step.said("sentence"))
    if len(terms) > 1:
        out.append(Conflict("conflict.sentence", "sentence", [step.step_id], terms, "different sentence terms"))
    charges = _grouped(step.said("charges"))
    sets = [set(g["value"]) for g in charges]
    if any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1:]):
        out.append(Conflict("conflict.charges", "charges", [step.step_id], charges, "different charges"))
    return out


def order_conflicts(steps: list[Step]) -> list[Conflict]:
    """Steps in an order the law does not allow (released before any detention, ...)."""
    out: list[Conflict] = []
    by_type: dict[str, list[Step]] = defaultdict(list)
    for s in steps:
        if s.date is not None:
            by_type[s.event_type].append(s)
    for rule in rules().order:
        before = [s for t in rule.before for s in by_type.get(t, [])]
        after = [s for t in rule.after for s in by_type.get(t, [])]
        if not before or not after:
            continue
        first_before = min(before, key=lambda s: (start_of(s.date), s.step_id))
        first_after = min(after, key=lambda s: (start_of(s.date), s.step_id))
        a, b = first_after.date, first_before.date
        n = min(len(a.iso), len(b.iso))
        if a.iso[:n] < b.iso[:n] and (start_of(b) - start_of(a)).days <= rule.window_days:
            values = []
            for s in (first_before, first_after):
                values.append({"value": f"{s.event_type} {s.date.iso}", "event_ids": [r.event_id for r in s.records],
                               "doc_ids": s.docs})
            out.append(Conflict(rule.id, "order", [first_before.step_id, first_after.step_id], values,
                                f"{first_after.event_type} on {a.iso} before the first {first_before.event_type} on {b.iso}"))
    return out


def conflicts(steps: list[Step]) -> list[Conflict]:
    return [c for s in steps for c in step_conflicts(s)] + order_conflicts(steps)
