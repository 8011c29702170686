"""A researcher's decisions on events: accept, reject, edit fields, undo.

    >>> from pipeline.review import decide
    >>> decide("sqlite:///casefile.db", "ev_1a2b...", "edited", ["date.iso=2020-03", "date.precision=month"])

Decisions are stored in the store's ``reviews`` table (see
:mod:`pipeline.store.store`) and survive every later re-extraction. The
command line (``casefile review``) and the review app (``casefile serve``)
both decide through :func:`decide_on` and :func:`undo`.
"""
from __future__ import annotations

import getpass
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from pipeline.errors import CasefileError
from pipeline.records import DetentionEvent
from pipeline.resources import charge_by_id
from pipeline.store import Review, Store, open_store


class EditError(CasefileError):
    """E204 with the failures field by field: ``(field, message)``, where
    field is the record's path (``date``, ``sentence.months``) or ``record``
    for a rule across fields."""

    def __init__(self, detail: str, errors: Sequence[tuple[str, str]] = ()):
        super().__init__("E204", detail)
        self.errors = list(errors) or [("record", detail)]


def _validated(data: dict[str, Any]) -> DetentionEvent:
    try:
        return DetentionEvent.model_validate(data)
    except ValidationError as exc:
        errors = [(".".join(str(p) for p in err["loc"]) or "record", err["msg"]) for err in exc.errors()]
        raise EditError(str(exc), errors) from exc


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
    return _validated(data)


#: The fields a reviewer edits in the review app, by form name.
EDIT_FIELDS: tuple[str, ...] = (
    "event_type", "person.name", "person.name_zh", "person.aliases", "date.iso", "date.precision",
    "location.name", "location.name_en", "charges", "sentence.months", "sentence.kind", "sentence.suspended",
)


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("、", ",").replace("，", ",").split(",") if n.strip()]


def edit_fields(event: DetentionEvent, fields: Mapping[str, str]) -> DetentionEvent:
    """``event`` with the review form's fields (:data:`EDIT_FIELDS`) applied,
    validated again: EditError names each field that is wrong.

    Empty means none (no date, no place, no sentence). A place or date left
    as it was keeps what the extractor knew of it (gazetteer code, the
    date's source words); charges are catalogue ids, comma-separated.
    """
    data = event.model_dump(mode="json")
    get = lambda name: (fields.get(name) or "").strip()  # noqa: E731
    errors: list[tuple[str, str]] = []
    data["event_type"] = get("event_type")
    data["person"] = {"name": get("person.name"), "name_zh": get("person.name_zh") or None,
                      "aliases": _names(get("person.aliases"))}
    iso, precision = get("date.iso"), get("date.precision")
    old_date = data.get("date") or {}
    if not iso:
        data["date"] = None
    else:
        keep_text = old_date.get("iso") == iso and old_date.get("precision") == precision
        data["date"] = {"iso": iso, "precision": precision or "day", "text": old_date.get("text") if keep_text else None}
    place, old_place = get("location.name"), data.get("location") or {}
    if not place:
        data["location"] = None
    elif place == old_place.get("name"):
        data["location"] = {**old_place, "name_en": get("location.name_en") or None}
    else:
        data["location"] = {"name": place, "name_en": get("location.name_en") or None}
    old_charges = {c["id"]: c for c in data.get("charges") or []}
    charges = []
    for cid in _names(get("charges")):
        if cid in old_charges:
            charges.append(old_charges[cid])
            continue
        try:
            entry = charge_by_id(cid)
        except KeyError:
            errors.append(("charges", f"{cid!r} is not a charge id of the catalogue (charges.tsv)"))
            continue
        charges.append({"id": entry.id, "label": entry.label_en, "statute": entry.statute, "text": None})
    data["charges"] = charges
    months, kind = get("sentence.months"), get("sentence.kind")
    if not months and not kind:
        data["sentence"] = None
    else:
        old = data.get("sentence") or {}
        data["sentence"] = {"months": months or None, "kind": kind or None, "text": old.get("text"),
                            "suspended": get("sentence.suspended") in {"on", "true", "1", "yes"}}
    data["event_id"] = event.event_id
    try:
        record = _validated(data)
    except EditError as exc:
        raise EditError(exc.detail, errors + exc.errors) from exc
    if errors:
        raise EditError("; ".join(m for _, m in errors), errors)
    return record


def decide_on(
    store: Store,
    event_id: str,
    decision: str,
    record: DetentionEvent | None = None,
    reviewer: str | None = None,
    note: str | None = None,
    expected_version: str | None = None,
) -> Review:
    """One decision on an open store; see :meth:`Store.review`."""
    return store.review(event_id, decision, record=record, reviewer=reviewer or getpass.getuser(),  # type: ignore[arg-type]
                        note=note, expected_version=expected_version)


def undo(store: Store, event_id: str, expected_decided_at: str | None = None, reviewer: str | None = None) -> Review | None:
    """Take back the decision in force on one event; see :meth:`Store.undo`."""
    return store.undo(event_id, expected_decided_at, reviewer=reviewer or getpass.getuser())


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
        rv = decide_on(store, event_id, decision, record=record, reviewer=reviewer, note=note)
        from pipeline.people import link_store

        link_store(store)  # persons and their steps follow the reviewed events
        return rv
