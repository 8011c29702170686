"""Helpers for the Chinese stage tests: run the real pipeline (jieba, OpenCC)."""
from __future__ import annotations

from pipeline import Document, extract_document
from pipeline.records import DetentionEvent
from pipeline.stages.score import RuleScorer

#: the rules-only ablation: the rule linker's pairings, no model
RULES = RuleScorer()


def events(text: str, scorer=None) -> list[DetentionEvent]:
    """The records of one text under the installed scorer (or ``scorer``)."""
    recs = extract_document(Document(doc_id="t", text=text), scorer)
    for r in recs:  # every record points into the original text
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    return recs


def summary(text: str, scorer=None) -> set[tuple[str, str, str | None]]:
    """{(event_type, person name as written, date iso or None)}."""
    return {(r.event_type, r.person.name, r.date.iso if r.date else None) for r in events(text, scorer)}


def kinds(text: str) -> set[tuple[str, str]]:
    return {(r.event_type, r.person.name) for r in events(text)}
