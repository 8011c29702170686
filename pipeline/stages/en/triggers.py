"""English event triggers: lexicon matches typed by event, with voice and cues.

The lexicon is ``resources/en/triggers.yaml``; context cues (negation,
hypothetical or demanded events, ongoing states) are ``resources/en/cues.yaml``.
A trigger whose left context carries a cue is kept with ``value["blocked"]``
set to the cue id, so the linker can drop it and an audit can say why.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from pipeline.errors import ResourceError
from pipeline.mentions import Mention
from pipeline.records import EVENT_TYPES
from pipeline.resources import load_yaml, validated


class TriggerEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    type: str
    voice: Literal["auto", "passive", "nominal", "object", "either"]
    pattern: str
    suppresses: list[str] = []
    priority: int = 0  # tried first where two entries match at the same position
    broad: bool = False  # found in a pass of its own, for recall: only the event scorer keeps its events
    # a continuing named measure or a sentence being served ("is still under RSDL",
    # "remains incommunicado", "is currently serving ..."): the state implies the event
    # (GUIDELINES), so an ongoing cue ("remains", "still", "currently") does not veto it
    continuing: bool = False

    @field_validator("type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        if v not in EVENT_TYPES:
            raise ValueError(f"unknown event type {v!r}")
        return v

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class CueEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    pattern: str


@lru_cache(maxsize=1)
def _all_entries() -> tuple[TriggerEntry, ...]:
    entries = validated(TriggerEntry, load_yaml("en", "triggers.yaml"), "en/triggers.yaml")
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ResourceError("E003", "en/triggers.yaml has duplicate ids")
    return tuple(entries)


def _compile(entries: tuple[TriggerEntry, ...]) -> tuple[tuple[TriggerEntry, ...], re.Pattern]:
    # A specific measure ("detained under RSDL") must win over the generic word
    # at the same position, and alternation order decides that.
    entries = tuple(sorted(entries, key=lambda e: (-e.priority, 0 if e.suppresses else 1)))
    big = "|".join(f"(?P<t{i}>{e.pattern})" for i, e in enumerate(entries))
    return entries, re.compile(rf"(?<![\w-])(?:{big})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[TriggerEntry, ...], re.Pattern]:
    """The triggers the rule linker reads (``broad: false``)."""
    return _compile(tuple(e for e in _all_entries() if not e.broad))


@lru_cache(maxsize=1)
def broad_lexicon() -> tuple[tuple[TriggerEntry, ...], re.Pattern]:
    """The recall triggers (``broad: true``), matched in a pass of their own."""
    return _compile(tuple(e for e in _all_entries() if e.broad))


@lru_cache(maxsize=1)
def cues() -> dict[str, list[tuple[str, re.Pattern]]]:
    data = load_yaml("en", "cues.yaml")
    out = {}
    for group, rows in data.items():
        entries = validated(CueEntry, rows, f"en/cues.yaml:{group}")
        out[group] = [(e.id, re.compile(e.pattern, re.IGNORECASE)) for e in entries]
    return out


_BE = re.compile(
    r"\b(?:was|were|is|are|be|been|being|got|get|gets|getting|had\s+been|has\s+been|have\s+been)\s+(?:(?:\w+ly|also|then|later|initially|reportedly|allegedly|first|again|all|both|each)\s+){0,3}$",
    re.IGNORECASE,
)
_REDUCED = re.compile(r"(?:,|\))\s+(?:(?:\w+ly|then|later|first|initially)\s+){0,3}$")
_AFTER_BEING = re.compile(r"\b(?:after|before|since|upon|when|while)\s+(?:being|having\s+been)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_OWN_BE = re.compile(r"^(?:was|were|been|being)\b", re.IGNORECASE)
_BY_AGENT = re.compile(r"^\s+(?:\w+\s+){0,2}?by\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,4}?(?:police|authorities|officers|officials|agents|security|court|prosecutors|procuratorate|guards)\b", re.IGNORECASE)


def voice_of(entry: TriggerEntry, matched: str, left: str, right: str = "") -> str:
    """The voice of an ``auto`` trigger from its own words and its context."""
    if entry.voice != "auto":
        return entry.voice
    if _OWN_BE.match(matched) or _BE.search(left) or _AFTER_BEING.search(left) or _BY_AGENT.match(right):
        return "passive"
    if _REDUCED.search(left):
        return "passive"
    if _ADJECTIVAL.search(left) and re.match(r"\s+[a-z]", right) and not re.match(
        r"\s+(?:to|on|in|at|for|by|from|after|under|with|without|since|as|into|over|until|and|again|twice|briefly)\b", right
    ):
        return "adjective"
    return "active"


# "praised detained scholar X", "Released lawyer X": a participle used as an adjective
_ADJECTIVAL = re.compile(
    r"(?:^|[.!?]\s+|\n\s*|\b(?:the|a|an|other|all|of|for|praised|visited|supported|many|some|several|fellow|previously|recently|formerly)\s+)$",
    re.IGNORECASE,
)


def find_triggers(text: str, start: int, end: int, broad: bool = False, taken: list[Mention] = ()) -> list[Mention]:
    """Trigger mentions of one sentence; ``broad`` reads the recall triggers
    instead, leaving out those that overlap ``taken`` (the main triggers)."""
    entries, rx = broad_lexicon() if broad else lexicon()
    out = []
    for m in rx.finditer(text, start, end):
        if any(m.start() < t.end and t.start < m.end() for t in taken):
            continue
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        e = entries[idx]
        left = text[max(start, m.start() - 120):m.start()]
        right = text[m.end():min(end, m.end() + 80)]
        out.append(
            Mention(
                kind="trigger",
                start=m.start(),
                end=m.end(),
                text=m.group(),
                value={"type": e.type, "voice": voice_of(e, m.group(), left, right), "suppresses": list(e.suppresses), "id": e.id,
                       "broad": e.broad,
                       "continuing": e.continuing},
                source=f"en.trigger:{e.id}",
            )
        )
    return out


def blocking_cue(left: str, continuing: bool = False) -> str | None:
    """The id of a negation/hypothetical/ongoing cue ending the left context, if any;
    an ongoing cue does not block a ``continuing`` trigger (a named measure, a
    sentence being served)."""
    for group in ("negation", "hypothetical") if continuing else ("negation", "hypothetical", "ongoing"):
        for cue_id, rx in cues()[group]:
            if rx.search(left):
                return cue_id
    return None


def has_candidate(text: str, start: int, end: int) -> bool:
    """Cheap test used to decide whether a sentence needs the statistical model."""
    return lexicon()[1].search(text, start, end) is not None
