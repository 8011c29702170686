"""What stages hand each other: mentions and candidate events.

A :class:`Mention` is a typed span of the original text with a normalized
value and the id of the rule or model that found it. A :class:`Candidate` is
one event before in-document deduplication and validation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MentionKind = Literal["person", "date", "place", "charge", "sentence", "trigger", "pronoun"]


@dataclass
class Mention:
    kind: MentionKind
    start: int
    end: int
    text: str
    value: Any = None
    source: str = ""
    score: float = 1.0

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class PersonRef:
    """A resolved person: the fullest name and the names the document links to it."""

    name: str
    name_zh: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str = ""

    def names(self) -> set[str]:
        return {n for n in (self.name, self.name_zh, *self.aliases) if n}


@dataclass
class DateRef:
    iso: str
    precision: Literal["day", "month", "year"]
    text: str
    source: str
    inferred: bool = False  # the year was not written; it came from the document's context


def date_ref(m: Mention) -> DateRef:
    """The resolved date of a date mention."""
    v = m.value
    return DateRef(v["iso"], v["precision"], m.text, m.source, v.get("inferred", False))


@dataclass
class Candidate:
    event_type: str
    person: PersonRef
    trigger: Mention
    evidence: tuple[int, int]
    date: DateRef | None = None
    place: Mention | None = None
    charges: list[Mention] = field(default_factory=list)
    sentence: Mention | None = None
    repeated: bool = False  # "again": a new occurrence, never merged with an earlier one
    confidence: float = 0.8
    provenance: dict[str, str] = field(default_factory=dict)
    # the candidate generator's view, read by the event scorer (pipeline/stages/score.py):
    rule: bool = True  # the rule linker chose this pairing (False: a widened alternative)
    features: dict[str, float] = field(default_factory=dict)
    # per slot ("place", "date"): the mentions around it, each with the features the
    # slot scorer reads (pipeline/stages/slots.py), and the probability of the one chosen
    options: dict[str, list[tuple[Mention, dict[str, float]]]] = field(default_factory=dict)
    slot_scores: dict[str, float] = field(default_factory=dict)
