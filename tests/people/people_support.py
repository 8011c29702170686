"""Invented records for the people tests (names and sentences written for these tests)."""
from __future__ import annotations

from pipeline.records import DetentionEvent


def rec(doc: str, name: str, name_zh: str | None = None, aliases: tuple[str, ...] = (), kind: str = "detained",
        date: str | None = None, quote: str | None = None, start: int = 0, **kw) -> DetentionEvent:
    """A record as the extractor would give it; ``date`` is an ISO date of day, month or year precision."""
    quote = quote or f"{name} was {kind} (record {start})."
    precision = {4: "year", 7: "month", 10: "day"}[len(date)] if date else None
    return DetentionEvent.model_validate({
        "doc_id": doc, "event_type": kind, "person": {"name": name, "name_zh": name_zh, "aliases": list(aliases)},
        "date": {"iso": date, "precision": precision} if date else None,
        "evidence": {"start": start, "end": start + len(quote), "text": quote},
        "confidence": 0.9, **kw,
    })
