"""The people stage over a store: identities, steps and conflicts, in one transaction.

It reads the reviewed events (rejected ones left out, edited ones as edited),
clusters them into identities, keeps every earlier person id
(:mod:`pipeline.people.ids`), lays the researchers' merge/split decisions
over the result, groups each person's records into steps and flags the
conflicts. Everything but ``identities`` (ids ever issued) and
``person_decisions`` is rewritten whole, so a second link over the same
events writes the same rows.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.people.conflicts import Conflict, conflicts
from pipeline.people.identity import Identity, Link, cluster, make_node
from pipeline.people.ids import assign, format_id, next_number, number
from pipeline.people.steps import Step, group_steps
from pipeline.records import DetentionEvent
from pipeline.store import Store
from pipeline.store.store import now

log = logging.getLogger(__name__)


@dataclass
class Person:
    """One person as the store will hold it."""

    person_id: str
    records: list[DetentionEvent]
    links: list[Link] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def identity(self) -> Identity:
        by_doc: dict[str, list[DetentionEvent]] = defaultdict(list)
        for r in self.records:
            by_doc[r.doc_id].append(r)
        return Identity([make_node(d, rs) for d, rs in sorted(by_doc.items())])


@dataclass
class LinkSummary:
    persons: int = 0
    records: int = 0
    steps: int = 0
    conflicts: int = 0
    links: int = 0  # links between two reports' persons
    refused: int = 0
    absorbed: list[tuple[str, str]] = field(default_factory=list)  # (absorbed id, kept id) this run
    new_ids: int = 0

    def text(self) -> str:
        line = (f"{self.persons} persons, {self.steps} steps, {self.conflicts} conflicts from {self.records} records;"
                f" {self.links} cross-report links, {self.refused} refused")
        if self.new_ids:
            line += f"; {self.new_ids} new person ids"
        if self.absorbed:
            line += "; merged " + ", ".join(f"{a} into {b}" for a, b in self.absorbed)
        return line


def _decisions(store: Store) -> list[dict]:
    rows = store.query("SELECT decision_id, kind, person_ids, event_ids, new_person_id, decided_at FROM person_decisions"
                       " ORDER BY seq, decision_id")
    return [{**r, "person_ids": json.loads(r["person_ids"]), "event_ids": json.loads(r["event_ids"])} for r in rows]


def resolver(absorbed: dict[str, str]):
    """A function from any id ever issued to the id that now holds its records."""
    def resolve(pid: str) -> str:
        seen = set()
        while pid in absorbed and pid not in seen:
            seen.add(pid)
            pid = absorbed[pid]
        return pid
    return resolve


def apply_decisions(persons: dict[str, Person], decisions: list[dict], absorbed: dict[str, str]) -> list[tuple[str, str, str]]:
    """Lay merge and split decisions over the linked persons, oldest first.

    Returns (absorbed id, kept id, why) for the merges. A decision whose
    persons are gone (their records rejected) does nothing.
    """
    out = []
    resolve = resolver(absorbed)
    for d in decisions:
        if d["kind"] == "merge":
            ids = sorted({resolve(p) for p in d["person_ids"]} & set(persons), key=number)
            for other in ids[1:]:
                keep = ids[0]
                persons[keep].records += persons[other].records
                persons[keep].links += persons.pop(other).links
                absorbed[other] = keep
                out.append((other, keep, f"review.merge:{d['decision_id']}"))
        else:
            source = resolve(d["person_ids"][0])
            new = d["new_person_id"]
            wanted = set(d["event_ids"])
            for pid in [source] if source in persons else []:
                moved = [r for r in persons[pid].records if r.event_id in wanted]
                if not moved or len(moved) == len(persons[pid].records):
                    continue
                persons[pid].records = [r for r in persons[pid].records if r.event_id not in wanted]
                persons.setdefault(new, Person(new, [])).records += moved
    return out


def link_store(store: Store) -> LinkSummary:
    """Recompute the people tables of ``store`` from its reviewed events."""
    events = [r.event for r in store.reviewed_events(include_rejected=False)]
    identities, links = cluster(events)
    prior = store.query("SELECT event_id, auto_id, node_key FROM step_records")
    by_event = {r["event_id"]: r["auto_id"] for r in prior}
    by_node = {r["node_key"]: r["auto_id"] for r in prior}
    known = {r["person_id"]: r for r in store.query("SELECT person_id, status, merged_into, why, created_at FROM identities")}
    decisions = _decisions(store)
    issued = set(known) | {d["new_person_id"] for d in decisions if d["new_person_id"]}
    auto_ids, auto_absorbed = assign(identities, by_event, by_node, issued)
    auto_of = {r.event_id: pid for pid, ident in zip(auto_ids, identities) for r in ident.records}
    node_of = {r.event_id: n.key for ident in identities for n in ident.nodes for r in n.records}

    persons = {pid: Person(pid, list(ident.records), list(ident.links)) for pid, ident in zip(auto_ids, identities)}
    # Ids absorbed in earlier runs stay absorbed, unless linking gave one its records back.
    absorbed = {p: r["merged_into"] for p, r in known.items()
                if r["status"] == "absorbed" and r["merged_into"] and p not in persons}
    why = {p: r["why"] for p, r in known.items() if r["status"] == "absorbed"}
    for old, new in auto_absorbed.items():
        absorbed[old], why[old] = new, "linked"
    for old, new, reason in apply_decisions(persons, decisions, absorbed):
        why[old] = reason
    summary = LinkSummary(records=len(events), new_ids=sum(1 for p in auto_ids if p not in known))
    summary.absorbed = sorted((o, n) for o, n in auto_absorbed.items() if known.get(o, {}).get("status") != "absorbed")

    for p in persons.values():
        p.steps = group_steps(p.records, p.person_id)
        p.conflicts = conflicts(p.steps)
    _write(store, persons, links, known, absorbed, why, auto_of, node_of)
    summary.persons = len(persons)
    summary.steps = sum(len(p.steps) for p in persons.values())
    summary.conflicts = sum(len(p.conflicts) for p in persons.values())
    unique = {(l.rule, l.status, l.a.key, l.b.key if l.b else ""): l for l in links}.values()  # as stored
    summary.links = sum(1 for l in unique if l.status == "linked" and l.b is not None and l.a.doc_id != l.b.doc_id)
    summary.refused = sum(1 for l in unique if l.status == "refused")
    log.info("%s", summary.text())
    return summary


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def step_fields(step: Step) -> dict:
    """A step's values and who said what, as stored."""
    return {
        "value": step.summary(),
        "said": {name: [{"event_id": s.event_id, "doc_id": s.doc_id, "value": s.value} for s in step.said(name)]
                 for name in ("date", "location", "charges", "sentence")},
        "event_ids": [r.event_id for r in step.records],
        "docs": step.docs,
    }


def _write(store, persons, links, known, absorbed, why, auto_of, node_of) -> None:
    ts = now()
    person_of = {r.event_id: p.person_id for p in persons.values() for r in p.records}
    id_rows, link_rows, step_rows, rec_rows, conflict_rows = [], [], [], [], []
    for p in sorted(persons.values(), key=lambda p: number(p.person_id)):
        ident = p.identity()
        names = ident.names()
        id_rows.append((p.person_id, "active", None, None, ident.name, ident.name_zh, json.dumps(names, ensure_ascii=False),
                        len(p.records), len(ident.documents), len(p.steps), len(p.conflicts),
                        known.get(p.person_id, {}).get("created_at") or ts, ts))
        for i, s in enumerate(p.steps):
            d = s.date
            step_rows.append((s.step_id, p.person_id, i, s.event_type, d.iso if d else None, d.precision if d else None,
                              len(s.docs), json.dumps(step_fields(s), ensure_ascii=False, sort_keys=True)))
            for r in s.records:
                rec_rows.append((r.event_id, s.step_id, p.person_id, auto_of[r.event_id], r.doc_id, node_of[r.event_id]))
        for c in p.conflicts:
            conflict_rows.append((_hash(p.person_id, c.rule, *c.step_ids), p.person_id, json.dumps(c.step_ids), c.rule,
                                  c.field, json.dumps(c.values, ensure_ascii=False, sort_keys=True), c.detail))
    seen_links = set()
    for l in links:
        lid = "ln_" + _hash(l.rule, l.a.key, l.b.key if l.b else "")
        if lid in seen_links:
            continue
        seen_links.add(lid)
        pid = person_of.get(l.a.records[0].event_id)
        link_rows.append((lid, pid, l.rule, l.status, l.against, l.a.doc_id, l.a.describe(),
                          l.b.doc_id if l.b else None, l.b.describe() if l.b else None,
                          json.dumps(list(l.docs)), l.confidence, l.detail))
    for pid, row in known.items():
        if pid in persons:
            continue
        if pid in absorbed:
            id_rows.append((pid, "absorbed", resolver(absorbed)(pid), why.get(pid) or row["why"], None, None, "[]",
                            0, 0, 0, 0, row["created_at"], ts))
        else:
            id_rows.append((pid, "empty", None, None, None, None, "[]", 0, 0, 0, 0, row["created_at"], ts))
    for pid in set(absorbed) - set(known) - set(persons):  # issued and absorbed in this same run
        id_rows.append((pid, "absorbed", resolver(absorbed)(pid), why.get(pid), None, None, "[]", 0, 0, 0, 0, ts, ts))
    with store.tx() as tx:
        for table in ("identities", "identity_links", "steps", "step_records", "conflicts"):
            tx.execute(f"DELETE FROM {table}")
        tx.executemany(
            "INSERT INTO identities (person_id, status, merged_into, why, name, name_zh, names, n_records, n_documents,"
            " n_steps, n_conflicts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id_rows)
        tx.executemany(
            "INSERT INTO identity_links (link_id, person_id, rule, status, against, doc_a, name_a, doc_b, name_b, docs,"
            " confidence, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", link_rows)
        tx.executemany(
            "INSERT INTO steps (step_id, person_id, ordinal, event_type, date_iso, date_precision, n_sources, fields)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", step_rows)
        tx.executemany(
            "INSERT INTO step_records (event_id, step_id, person_id, auto_id, doc_id, node_key) VALUES (?, ?, ?, ?, ?, ?)",
            rec_rows)
        tx.executemany(
            "INSERT INTO conflicts (conflict_id, person_id, step_ids, rule, field, vals, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            conflict_rows)


def allocate_id(store: Store) -> str:
    """A person id never issued before (for a split decision)."""
    issued = [r["person_id"] for r in store.query("SELECT person_id FROM identities")]
    issued += [r["new_person_id"] for r in store.query("SELECT new_person_id FROM person_decisions") if r["new_person_id"]]
    return format_id(next_number(issued))
