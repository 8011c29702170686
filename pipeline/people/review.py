"""A researcher's decisions on persons: merge two, or split records off one.

    >>> from pipeline.people.review import merge, split
    >>> merge("sqlite:///casefile.db", ["P000012", "P000031"])
    >>> split("sqlite:///casefile.db", "P000012", ["ev_1a2b..."])

Decisions live in ``person_decisions``, apart from what linking computes,
and are laid over every later link (:func:`pipeline.people.stage.apply_decisions`):
a re-run never undoes them. A merge keeps the older id and records the other
as absorbed; a split moves the given records to a new id, issued when the
decision is taken so it stays the same on every re-run.
"""
from __future__ import annotations

import getpass
import json
import uuid
from dataclasses import dataclass

from pipeline.errors import CasefileError
from pipeline.people.ids import number
from pipeline.people.stage import LinkSummary, allocate_id, link_store
from pipeline.store import Store, open_store
from pipeline.store.store import now


@dataclass(frozen=True)
class PersonDecision:
    decision_id: str
    kind: str
    person_ids: list[str]
    event_ids: list[str]
    new_person_id: str | None
    summary: LinkSummary


def _current(store: Store, person_id: str) -> str:
    """The id that holds ``person_id``'s records now (an absorbed id resolves); E205 if unknown."""
    try:
        number(person_id)
    except ValueError as exc:
        raise CasefileError("E205", str(exc)) from exc
    seen = set()
    while person_id not in seen:
        seen.add(person_id)
        rows = store.query("SELECT status, merged_into FROM identities WHERE person_id = ?", (person_id,))
        if not rows:
            raise CasefileError("E205", person_id)
        if rows[0]["status"] != "absorbed":
            return person_id
        person_id = rows[0]["merged_into"]
    raise CasefileError("E205", f"{person_id}: absorbed in a loop")


def _decide(store: Store, kind: str, person_ids: list[str], event_ids: list[str], new_id: str | None,
            reviewer: str | None, note: str | None) -> PersonDecision:
    did = "pd_" + uuid.uuid4().hex[:16]
    with store.tx() as tx:
        seq = tx.query("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM person_decisions")[0]["n"]
        tx.execute(
            "INSERT INTO person_decisions (decision_id, seq, kind, person_ids, event_ids, new_person_id, reviewer, note,"
            " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (did, seq, kind, json.dumps(person_ids), json.dumps(event_ids), new_id, reviewer or getpass.getuser(), note, now()),
        )
    return PersonDecision(did, kind, person_ids, event_ids, new_id, link_store(store))


def merge(db: str | Store, person_ids: list[str], reviewer: str | None = None, note: str | None = None) -> PersonDecision:
    """Decide that the persons are one; the oldest id stays."""
    def run(store: Store) -> PersonDecision:
        ids = list(dict.fromkeys(_current(store, p) for p in person_ids))
        if len(ids) < 2:
            raise CasefileError("E206", f"{' '.join(person_ids)} are already one person")
        return _decide(store, "merge", ids, [], None, reviewer, note)
    return _with_store(db, run)


def split(db: str | Store, person_id: str, event_ids: list[str], reviewer: str | None = None,
          note: str | None = None) -> PersonDecision:
    """Decide that ``event_ids`` are another person's: they move to a new id."""
    def run(store: Store) -> PersonDecision:
        pid = _current(store, person_id)
        held = {r["event_id"] for r in store.query("SELECT event_id FROM step_records WHERE person_id = ?", (pid,))}
        missing = [e for e in event_ids if e not in held]
        if not event_ids or missing:
            raise CasefileError("E206", f"{pid} has no records {' '.join(missing) or '(none given)'}")
        if set(event_ids) == held:
            raise CasefileError("E206", f"splitting every record off {pid} leaves nobody: give some of them")
        return _decide(store, "split", [pid], list(event_ids), allocate_id(store), reviewer, note)
    return _with_store(db, run)


def _with_store(db: str | Store, run):
    if isinstance(db, Store):
        return run(db)
    with open_store(db, must_exist=True) as store:
        return run(store)
