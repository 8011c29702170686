"""Chinese lexicons, read from ``pipeline/resources/zh`` and validated once.

Each trigger and cue entry has an id that ends up in provenance.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.errors import ResourceError
from pipeline.records import EVENT_TYPES
from pipeline.resources import load_yaml, read_text, validated


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TriggerEntry(_Strict):
    id: str = Field(pattern=r"^zh\.trig\.[a-z_]+$")
    text: list[str] = Field(min_length=1)
    event_type: str
    voice: Literal["active", "passive"]
    rank: int = Field(ge=0, le=9)
    generic: bool = False

    @field_validator("event_type")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in EVENT_TYPES:
            raise ValueError(f"unknown event type {v!r}")
        return v


class CueEntry(_Strict):
    id: str = Field(pattern=r"^zh\.[a-z]+\.[a-z_]+$")
    text: list[str] = Field(min_length=1)


class Pronouns(_Strict):
    singular: list[str]
    plural: list[str]


class Byline(_Strict):
    """A reporter's byline: (某某台记者X北京5日电), (记者X综合报导)."""
    roles: list[str] = Field(min_length=1)
    ends: list[str] = Field(min_length=1)


class ShortForms(_Strict):
    """How a name met in full is written short: 老孙, 桂先生, 戚某."""
    before: list[str]  # a prefix before the surname (老孙, 小王)
    after: list[str]  # after the surname, besides ``titles_after`` (戚某, 伍某甲)


class Descriptors(_Strict):
    """被告X, X老人: descriptions bound to the name they stand with."""
    before_name: list[str] = []
    after_name: list[str] = []


class Cues(_Strict):
    negation: list[CueEntry]
    state_after: list[CueEntry]
    repeated: list[CueEntry]
    death: list[str]
    custody_places: list[str]
    role_nouns: list[str]
    titles_after: list[str]
    name_end_words: list[str]
    pronouns: Pronouns
    tibetan_name_parts: list[str] = []
    byline: Byline | None = None
    short_forms: ShortForms | None = None
    descriptors: Descriptors | None = None


@lru_cache(maxsize=1)
def triggers() -> tuple[TriggerEntry, ...]:
    entries = validated(TriggerEntry, load_yaml("zh", "triggers.yaml"), "zh/triggers.yaml")
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ResourceError("E003", "zh/triggers.yaml has duplicate ids")
    seen: dict[str, str] = {}
    for e in entries:
        for t in e.text:
            if t in seen:
                raise ResourceError("E003", f"zh/triggers.yaml: {t!r} is in both {seen[t]} and {e.id}")
            seen[t] = e.id
    return tuple(entries)


@lru_cache(maxsize=1)
def trigger_index() -> tuple[re.Pattern[str], dict[str, TriggerEntry]]:
    """One alternation over every trigger word (longest first) and its entry."""
    by_text = {t: e for e in triggers() for t in e.text}
    words = sorted(by_text, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), by_text


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = load_yaml("zh", "cues.yaml")
    return validated(Cues, [data], "zh/cues.yaml")[0]


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    names = [ln.strip() for ln in read_text("zh", "surnames.txt").splitlines()]
    names = [n for n in names if n and not n.startswith("#")]
    bad = [n for n in names if not re.fullmatch(r"[\u4e00-\u9fff]{1,2}", n)]
    if bad:
        raise ResourceError("E002", f"zh/surnames.txt: not a surname: {bad[:5]}")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


def alternation(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


@lru_cache(maxsize=1)
def negation_index() -> tuple[re.Pattern[str], dict[str, str]]:
    by_text = {t: e.id for e in cues().negation for t in e.text}
    return alternation(list(by_text)), by_text
