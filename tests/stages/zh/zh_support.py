"""Helpers for the Chinese stage tests: run the real pipeline (jieba, OpenCC)."""
from __future__ import annotations

from pipeline import extract
from pipeline.records import DetentionEvent


def events(text: str) -> list[DetentionEvent]:
    recs = extract(text, doc_id="t")
    for r in recs:  # every record points into the original text
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return recs


def summary(text: str) -> set[tuple[str, str, str | None]]:
    """{(event_type, person name as written, date iso or None)}."""
    return {(r.event_type, r.person.name, r.date.iso if r.date else None) for r in events(text)}


def kinds(text: str) -> set[tuple[str, str]]:
    return {(r.event_type, r.person.name) for r in events(text)}
