"""A researcher's decisions on events: accept, reject, or edit fields.

    >>> from pipeline.review import decide
    >>> decide("sqlite:///casefile.db", "ev_1a2b...", "edited", ["date.iso=2020-03", "date.precision=month"])

Decisions are stored in the store's ``reviews`` table (see
:mod:`pipeline.store.store`) and survive every later re-extraction.
"""
from __future__ import annotations

import getpass
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent
from pipeline.store import Review, open_store


def _value(text: str) -> Any:
    """JSON when it parses (null, 12, {"iso": ...}, ["a"]), else the plain string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def apply_edits(event: DetentionEvent, assignments: Sequence[str]) -> DetentionEvent:
    """``event`` with ``field.sub=value`` assignments applied, validated again.

    The event id never changes: an edited event is the same event, corrected.
    """
    data = event.model_dump(mode="json")
    for item in assignments:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise CasefileError("E204", f"{item!r}: write FIELD=VALUE, e.g. date.iso=2020-03-03")
        parts = key.strip().split(".")
        if parts[0] == "event_id":
            raise CasefileError("E204", "the event id cannot be edited")
        node = data
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[parts[-1]] = _value(raw)
    data["event_id"] = event.event_id
    try:
        return DetentionEvent.model_validate(data)
    except ValidationError as exc:
        raise CasefileError("E204", str(exc)) from exc


def decide(
    db: str,
    event_id: str,
    decision: str,
    assignments: Sequence[str] = (),
    reviewer: str | None = None,
    note: str | None = None,
) -> Review:
    """Store one decision (``accepted``, ``rejected`` or ``edited``) on an event."""
    reviewer = reviewer or getpass.getuser()
    with open_store(db, must_exist=True) as store:
        record = None
        if decision == "edited":
            if not assignments:
                raise CasefileError("E204", "nothing to edit: give at least one --set FIELD=VALUE")
            record = apply_edits(store.get_event(event_id).event, assignments)
        rv = store.review(event_id, decision, record=record, reviewer=reviewer, note=note)  # type: ignore[arg-type]
        from pipeline.people import link_store

        link_store(store)  # persons and their steps follow the reviewed events
        return rv
