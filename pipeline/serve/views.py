"""What the review app's pages show, as plain data for the templates.

Nothing here builds HTML: the templates do, with Jinja2's autoescape, so a
report's ``<script>`` reaches the browser as text. Context and field rows
come from the audit page's helpers (:mod:`pipeline.sinks.audit`), so both
show an event the same way.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pipeline.records import EVENT_TYPES
from pipeline.sinks.audit import SOURCE_CHANGED, chronological, context_parts, field_rows
from pipeline.store import QUEUE_STATES, QueueFilter, ReviewedEvent, person_key

#: Query parameters of the queue's filters, in the order of the form.
FILTER_KEYS: tuple[str, ...] = ("type", "person", "doc", "from", "to", "min", "max", "state")


@dataclass(frozen=True)
class Filters:
    """The queue's filters as the reviewer typed them, and what they mean."""

    raw: dict[str, str]
    queue: QueueFilter
    problems: tuple[str, ...] = ()

    @property
    def query(self) -> str:
        """The filters as a query string (only the ones set), to come back to."""
        return urlencode([(k, v) for k, v in self.raw.items() if v])

    def url(self, **extra: Any) -> str:
        params = [(k, v) for k, v in self.raw.items() if v] + [(k, str(v)) for k, v in extra.items() if v is not None]
        return "/?" + urlencode(params) if params else "/"


def _confidence(value: str, name: str, problems: list[str]) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        problems.append(f"{name} confidence {value!r} is not a number between 0 and 1; ignored")
        return None
    if not 0.0 <= number <= 1.0:
        problems.append(f"{name} confidence {value!r} is not between 0 and 1; ignored")
        return None
    return number


def parse_filters(params: Mapping[str, str]) -> Filters:
    """Filters from a query string (or a form's ``q``); a value that makes
    no sense is dropped with a note, never an error page."""
    raw = {k: (params.get(k) or "").strip()[:200] for k in FILTER_KEYS}
    problems: list[str] = []
    if raw["type"] and raw["type"] not in EVENT_TYPES:
        problems.append(f"unknown event type {raw['type']!r}; ignored")
        raw["type"] = ""
    if raw["state"] and raw["state"] not in QUEUE_STATES:
        problems.append(f"unknown review state {raw['state']!r}; ignored")
        raw["state"] = ""
    low = _confidence(raw["min"], "minimum", problems)
    high = _confidence(raw["max"], "maximum", problems)
    raw["min"] = raw["min"] if low is not None else ""
    raw["max"] = raw["max"] if high is not None else ""
    flt = QueueFilter(
        event_type=raw["type"], person=raw["person"], doc_id=raw["doc"], date_from=raw["from"], date_to=raw["to"],
        min_confidence=low, max_confidence=high, state=raw["state"],
    )
    return Filters(raw, flt, tuple(problems))


@dataclass(frozen=True)
class Card:
    """One event as a card: the record as reviewed, its evidence in context,
    each field with its provenance."""

    r: ReviewedEvent
    context: tuple[str, str, str] | None
    rows: list[tuple[str, str, str]]
    person_key: str

    @property
    def event(self):  # noqa: ANN201 - the DetentionEvent
        return self.r.event

    @property
    def source_changed(self) -> str:
        return SOURCE_CHANGED


def card(r: ReviewedEvent, text: str | None) -> Card:
    return Card(r, context_parts(r.event, text), field_rows(r), person_key(r.event.person))


def form_values(r: ReviewedEvent) -> dict[str, str]:
    """The edit form filled with the record as it stands."""
    ev = r.event
    return {
        "event_type": ev.event_type,
        "person.name": ev.person.name,
        "person.name_zh": ev.person.name_zh or "",
        "person.aliases": ", ".join(ev.person.aliases),
        "date.iso": ev.date.iso if ev.date else "",
        "date.precision": ev.date.precision if ev.date else "day",
        "location.name": ev.location.name if ev.location else "",
        "location.name_en": (ev.location.name_en or "") if ev.location else "",
        "charges": ", ".join(c.id for c in ev.charges),
        "sentence.months": str(ev.sentence.months) if ev.sentence and ev.sentence.months is not None else "",
        "sentence.kind": (ev.sentence.kind or "") if ev.sentence else "",
        "sentence.suspended": "on" if ev.sentence and ev.sentence.suspended else "",
    }


def errors_by_group(errors: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Edit errors by the form's fieldset (``date``, ``person``, ... or
    ``record``), each message naming its field."""
    out: dict[str, list[str]] = {}
    for name, message in errors:
        out.setdefault(name.split(".")[0], []).append(f"{name}: {message}")
    return out


@dataclass
class Segment:
    """A run of document text, and the events whose evidence covers it."""

    text: str
    events: list[str] = field(default_factory=list)


def marked_text(text: str, events: Iterable[ReviewedEvent]) -> tuple[list[Segment], list[str]]:
    """The document cut where any evidence starts or ends, each piece with
    the events covering it (quotes may overlap); and the events whose
    evidence is no longer at its offsets (not marked)."""
    spans: list[tuple[int, int, str]] = []
    missing: list[str] = []
    for r in events:
        ev = r.event
        s, e = ev.evidence.start, ev.evidence.end
        if text[s:e] == ev.evidence.text:
            spans.append((s, e, ev.event_id))
        else:
            missing.append(ev.event_id)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [eid for s, e, eid in spans if s <= a and b <= e]
        if out and out[-1].events == covering:
            out[-1].text += text[a:b]
        else:
            out.append(Segment(text[a:b], covering))
    return out, missing


__all__ = ["FILTER_KEYS", "Card", "Filters", "Segment", "card", "chronological", "errors_by_group", "form_values", "marked_text", "parse_filters"]
