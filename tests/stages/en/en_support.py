"""Helpers shared by the English stage tests (not a test module).

``events`` runs the real pipeline (no mocks) and checks, for every record,
the one invariant a researcher relies on whatever the case: the evidence
offsets point at the evidence text in the document as given.
"""
from __future__ import annotations

from pipeline import extract


def events(text: str, doc_id: str = "t"):
    evs = extract(text, doc_id=doc_id)
    for ev in evs:
        assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text, ev
        assert ev.doc_id == doc_id
    return evs


def pairs(evs) -> list[tuple[str, str]]:
    """(event_type, person name) of every record, sorted."""
    return sorted((ev.event_type, ev.person.name) for ev in evs)


def only(evs, event_type: str | None = None, name: str | None = None):
    """The single record of that type (and person); fails with the whole output otherwise."""
    hits = [ev for ev in evs if (event_type is None or ev.event_type == event_type) and (name is None or ev.person.name == name)]
    assert len(hits) == 1, (event_type, name, pairs(evs))
    return hits[0]


def iso(ev):
    return None if ev.date is None else (ev.date.iso, ev.date.precision)
