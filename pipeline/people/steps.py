"""A person's records from all reports, grouped into custody steps.

Records of one event type whose dates agree at their common precision
(2020-02 and 2020-02-15 agree) are one step. Two day-precise dates at most
``steps.date_conflict_days`` apart, from reports that do not already tell
the step, are the same step told two ways (a date conflict, see
:mod:`pipeline.people.conflicts`). Undated records join the one step of
their type when there is one. A step takes the most precise value of each
field and keeps every record's value with its source (who said what).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.people.rules import rules
from pipeline.records import EVENT_TYPES, DateValue, DetentionEvent

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
LEVEL_RANK = {"township": 0, "county": 1, "prefecture": 2, "province": 3, "region": 4, "country": 5, None: 6}


def agree(a: DateValue, b: DateValue) -> bool:
    """The dates are equal at their common precision (2020-02 and 2020-02-15 agree)."""
    n = min(len(a.iso), len(b.iso))
    return a.iso[:n] == b.iso[:n]


def start_of(d: DateValue) -> date:
    parts = [int(p) for p in d.iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class Said:
    """One record's value of one field: who said what."""

    event_id: str
    doc_id: str
    value: Any


@dataclass
class Step:
    event_type: str
    records: list[DetentionEvent] = field(default_factory=list)
    step_id: str = ""

    @property
    def docs(self) -> list[str]:
        return sorted({r.doc_id for r in self.records})

    @property
    def date(self) -> DateValue | None:
        """The most precise date; among equally precise ones, the most reported, then the earliest."""
        dated = [r.date for r in self.records if r.date is not None]
        if not dated:
            return None
        best = min(PRECISION_RANK[d.precision] for d in dated)
        count = Counter(d.iso for d in dated if PRECISION_RANK[d.precision] == best)
        iso = min(count, key=lambda i: (-count[i], i))
        return next(d for d in dated if d.iso == iso)

    def said(self, name: str) -> list[Said]:
        """Each record's value of ``name`` (date, location, charges, sentence), in report order."""
        out = []
        for r in sorted(self.records, key=lambda r: (r.doc_id, r.evidence.start)):
            value = field_value(r, name)
            if value is not None:
                out.append(Said(r.event_id, r.doc_id, value))
        return out

    def value(self, name: str) -> Any:
        """The step's value of a field: the most precise one the records give."""
        if name == "date":
            d = self.date
            return {"iso": d.iso, "precision": d.precision} if d else None
        said = self.said(name)
        if not said:
            return None
        if name == "location":
            return min(said, key=lambda s: (LEVEL_RANK.get(s.value.get("admin_level")), -len(s.value["name"])) ).value
        if name == "charges":
            return sorted({c for s in said for c in s.value})
        count = Counter(hashable(s.value) for s in said)
        return min(said, key=lambda s: -count[hashable(s.value)]).value

    def summary(self) -> dict[str, Any]:
        return {name: self.value(name) for name in ("date", "location", "charges", "sentence")}


def hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(hashable(v) for v in value)
    return value


def field_value(r: DetentionEvent, name: str) -> Any:
    if name == "date":
        return {"iso": r.date.iso, "precision": r.date.precision} if r.date else None
    if name == "location":
        return ({"name": r.location.name, "admin_code": r.location.admin_code, "admin_level": r.location.admin_level}
                if r.location else None)
    if name == "charges":
        return sorted(c.id for c in r.charges) or None
    if name == "sentence":
        s = r.sentence
        if s is None:
            return None
        return {"months": s.months, "suspended": s.suspended} if s.months is not None else {"kind": s.kind, "suspended": s.suspended}
    raise KeyError(name)


def _close(a: DateValue, b: DateValue, days: int) -> bool:
    return a.precision == b.precision == "day" and abs((start_of(a) - start_of(b)).days) <= days


def group_steps(records: list[DetentionEvent], person_id: str = "") -> list[Step]:
    """The custody steps of one person's records, in time order (undated last)."""
    window = rules().date_conflict_days
    steps: list[Step] = []
    for kind in EVENT_TYPES:
        recs = [r for r in records if r.event_type == kind]
        dated = sorted((r for r in recs if r.date), key=lambda r: (PRECISION_RANK[r.date.precision], r.date.iso, r.event_id))
        mine: list[Step] = []
        for r in dated:
            agreeing = [s for s in mine if s.date is not None and agree(s.date, r.date)]
            if not agreeing:
                agreeing = [s for s in mine if s.date is not None and _close(s.date, r.date, window) and r.doc_id not in s.docs]
                agreeing.sort(key=lambda s: abs((start_of(s.date) - start_of(r.date)).days))
                agreeing = agreeing[:1]
            if len(agreeing) == 1:
                agreeing[0].records.append(r)
            else:  # none, or a coarse date that fits several steps: a step of its own
                mine.append(Step(kind, [r]))
        undated = [r for r in recs if r.date is None]
        if undated:
            if len(mine) == 1:
                mine[0].records.extend(undated)
            else:
                mine.append(Step(kind, list(undated)))
        steps += mine
    for s in steps:
        s.records.sort(key=lambda r: (r.doc_id, r.evidence.start, r.event_id))
        first = min(r.event_id for r in s.records)
        s.step_id = "st_" + hashlib.sha256(f"{person_id}|{s.event_type}|{first}".encode()).hexdigest()[:12]
    steps.sort(key=lambda s: (s.date is None, s.date.iso if s.date else "", EVENT_TYPES.index(s.event_type), s.step_id))
    return steps
