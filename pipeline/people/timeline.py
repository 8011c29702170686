"""Persons as the store holds them after linking: for ``casefile person show``, exports and the audit page."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import CasefileError
from pipeline.people import romanize as rom
from pipeline.store import Store


@dataclass
class StepView:
    step_id: str
    event_type: str
    date_iso: str | None
    date_precision: str | None
    value: dict[str, Any]
    said: dict[str, list[dict[str, Any]]]
    event_ids: list[str]
    docs: list[str]
    conflicts: list[str] = field(default_factory=list)  # rule ids


@dataclass
class PersonView:
    person_id: str
    name: str
    name_zh: str | None
    names: list[str]
    absorbed: list[str]  # ids merged into this one
    documents: int
    steps: list[StepView]
    conflicts: list[dict[str, Any]]
    links: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id, "name": self.name, "name_zh": self.name_zh,
            "aliases": [n for n in self.names if n not in (self.name, self.name_zh)],
            "absorbed_ids": self.absorbed, "n_documents": self.documents,
            "steps": [{"step_id": s.step_id, "event_type": s.event_type, "date": s.value.get("date"),
                       "location": s.value.get("location"), "charges": s.value.get("charges"),
                       "sentence": s.value.get("sentence"), "sources": s.said, "event_ids": s.event_ids,
                       "doc_ids": s.docs, "conflicts": s.conflicts} for s in self.steps],
            "conflicts": self.conflicts,
            "links": self.links,
        }


def persons(store: Store, person_ids: list[str] | None = None) -> list[PersonView]:
    """The active persons (or the given ones), by id."""
    rows = store.query("SELECT person_id, name, name_zh, names, n_documents FROM identities WHERE status = 'active'"
                       " ORDER BY person_id")
    if person_ids is not None:
        wanted = set(person_ids)
        rows = [r for r in rows if r["person_id"] in wanted]
    ids = {r["person_id"] for r in rows}
    steps: dict[str, list[StepView]] = {}
    for r in store.query("SELECT step_id, person_id, event_type, date_iso, date_precision, fields FROM steps ORDER BY person_id, ordinal"):
        if r["person_id"] in ids:
            f = json.loads(r["fields"])
            steps.setdefault(r["person_id"], []).append(StepView(
                r["step_id"], r["event_type"], r["date_iso"], r["date_precision"], f["value"], f["said"], f["event_ids"], f["docs"]))
    conflicts: dict[str, list[dict]] = {}
    for r in store.query("SELECT person_id, step_ids, rule, field, vals, detail FROM conflicts ORDER BY person_id, conflict_id"):
        if r["person_id"] in ids:
            conflicts.setdefault(r["person_id"], []).append(
                {"rule": r["rule"], "field": r["field"], "step_ids": json.loads(r["step_ids"]),
                 "values": json.loads(r["vals"]), "detail": r["detail"]})
    links: dict[str, list[dict]] = {}
    for r in store.query("SELECT person_id, rule, doc_a, name_a, doc_b, name_b, confidence, detail FROM identity_links"
                         " WHERE status = 'linked' AND doc_b IS NOT NULL AND doc_a <> doc_b ORDER BY link_id"):
        if r["person_id"] in ids:
            links.setdefault(r["person_id"], []).append({k: r[k] for k in r if k != "person_id"})
    absorbed: dict[str, list[str]] = {}
    for r in store.query("SELECT person_id, merged_into FROM identities WHERE status = 'absorbed' ORDER BY person_id"):
        absorbed.setdefault(r["merged_into"], []).append(r["person_id"])
    out = []
    for r in rows:
        pid = r["person_id"]
        st = steps.get(pid, [])
        by_step = {s.step_id: s for s in st}
        for c in conflicts.get(pid, []):
            for sid in c["step_ids"]:
                if sid in by_step:
                    by_step[sid].conflicts.append(c["rule"])
        out.append(PersonView(pid, r["name"] or pid, r["name_zh"], json.loads(r["names"]), absorbed.get(pid, []),
                              r["n_documents"], st, conflicts.get(pid, []), links.get(pid, [])))
    return out


def find(store: Store, query: str) -> list[PersonView]:
    """Persons by id (an absorbed id gives the person that absorbed it) or by any of their names."""
    q = query.strip()
    row = store.query("SELECT person_id, status, merged_into FROM identities WHERE person_id = ?", (q.upper(),))
    seen = set()
    while row and row[0]["status"] == "absorbed" and row[0]["person_id"] not in seen:
        seen.add(row[0]["person_id"])
        row = store.query("SELECT person_id, status, merged_into FROM identities WHERE person_id = ?", (row[0]["merged_into"],))
    if row:
        return persons(store, [row[0]["person_id"]])
    key = rom.simplified(q) if rom.is_chinese(q) else rom.fold_latin(q)
    if not key:
        raise CasefileError("E205", query)
    hits = []
    for r in store.query("SELECT person_id, names FROM identities WHERE status = 'active'"):
        names = json.loads(r["names"])
        if any((rom.simplified(n) if rom.is_chinese(n) else rom.fold_latin(n)) == key for n in names):
            hits.append(r["person_id"])
    if not hits:
        raise CasefileError("E205", query)
    return persons(store, hits)


def _value(name: str, v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if name == "date":
        return f"{v['iso']} ({v['precision']})"
    if name == "location":
        return v["name"]
    if name == "charges":
        return ", ".join(v)
    if name == "sentence":
        term = f"{v['months']} months" if v.get("months") is not None else str(v.get("kind"))
        return term + (" suspended" if v.get("suspended") else "")
    return str(v)


def format_timeline(p: PersonView) -> str:
    """The person as text: names, steps with each field's sources, conflicts."""
    head = f"{p.person_id}  {p.name}" + (f" ({p.name_zh})" if p.name_zh else "")
    lines = [head]
    others = [n for n in p.names if n not in (p.name, p.name_zh)]
    if others:
        lines.append("  also: " + ", ".join(others))
    if p.absorbed:
        lines.append("  absorbed ids: " + ", ".join(p.absorbed))
    lines.append(f"  {len(p.steps)} steps from {p.documents} reports")
    for s in p.steps:
        flag = "  !! " + ", ".join(s.conflicts) if s.conflicts else ""
        lines.append(f"  - {s.date_iso or 'undated':<10} {s.event_type:<14} [{', '.join(s.docs)}]{flag}")
        for name in ("date", "location", "charges", "sentence"):
            said = s.said.get(name) or []
            if not said:
                continue
            values = {json.dumps(x["value"], sort_keys=True) for x in said}
            if len(values) == 1:
                lines.append(f"      {name}: {_value(name, s.value.get(name))}  ({', '.join(sorted({x['doc_id'] for x in said}))})")
            else:
                lines.append(f"      {name}: {_value(name, s.value.get(name))}")
                for x in said:
                    lines.append(f"        {x['doc_id']}: {_value(name, x['value'])}  ({x['event_id']})")
    for c in p.conflicts:
        vals = "; ".join(f"{_value(c['field'], v['value']) if c['field'] != 'order' else v['value']}"
                         f" in {', '.join(v['doc_ids'])}" for v in c["values"])
        lines.append(f"  conflict {c['rule']}: {c['detail']}: {vals}")
    return "\n".join(lines)
