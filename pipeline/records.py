"""Typed records that casefile emits.

Every record is frozen and rejects unknown fields, so a stage cannot smuggle
state into the output. The JSON form of :class:`DetentionEvent` follows the
"System output" section of the annotation guidelines (extra keys such as
``event_id``, ``confidence`` and ``provenance`` are allowed there).
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EVENT_TYPES: tuple[str, ...] = (
    "detained",
    "arrested",
    "rsdl",
    "disappeared",
    "indicted",
    "tried",
    "sentenced",
    "released",
    "house_arrest",
    "psychiatric",
    "died_in_custody",
)
EventType = Literal[
    "detained",
    "arrested",
    "rsdl",
    "disappeared",
    "indicted",
    "tried",
    "sentenced",
    "released",
    "house_arrest",
    "psychiatric",
    "died_in_custody",
]
Precision = Literal["day", "month", "year"]
SentenceKind = Literal["life", "death", "death_reprieve"]

_ISO = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_Frozen):
    name: str = Field(min_length=1)
    name_zh: str | None = None
    aliases: list[str] = Field(default_factory=list)


class DateValue(_Frozen):
    iso: str
    precision: Precision
    text: str | None = None

    @model_validator(mode="after")
    def _iso_matches_precision(self) -> "DateValue":
        if not _ISO[self.precision].match(self.iso):
            raise ValueError(f"date {self.iso!r} does not have {self.precision} precision")
        return self


class Place(_Frozen):
    name: str = Field(min_length=1)
    name_en: str | None = None
    admin_code: str | None = None
    admin_level: Literal["country", "region", "province", "prefecture", "county", "township"] | None = None
    facility_kind: str | None = None


class Charge(_Frozen):
    id: str
    label: str
    statute: str | None = None
    text: str | None = None


class SentenceTerm(_Frozen):
    months: int | None = Field(default=None, ge=0)
    kind: SentenceKind | None = None
    suspended: bool = False
    text: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> "SentenceTerm":
        if (self.months is None) == (self.kind is None):
            raise ValueError("a sentence has either months or a kind")
        return self


def _unset(value: object) -> bool:
    return value is None


class Evidence(_Frozen):
    """The quote a record came from: offsets into the stored text, and for a
    paginated source (a PDF) the page it is on. ``page`` and ``page_end`` are
    left out of the JSON when unset, so a plain-text record reads as before."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(min_length=1)
    #: the source page of the quote's first character (PDF), else unset
    page: int | None = Field(default=None, ge=1, exclude_if=_unset)
    #: the page of its last character, only when that is a later page
    page_end: int | None = Field(default=None, ge=1, exclude_if=_unset)

    @model_validator(mode="after")
    def _span(self) -> "Evidence":
        if self.end - self.start != len(self.text):
            raise ValueError("evidence text length does not match its offsets")
        if self.page_end is not None and (self.page is None or self.page_end <= self.page):
            raise ValueError("evidence page_end must be after its page")
        return self

    @property
    def page_label(self) -> str | None:
        """ "page 2" or "pages 2–3", or None for a source without pages."""
        if self.page is None:
            return None
        return f"page {self.page}" if self.page_end is None else f"pages {self.page}–{self.page_end}"


class DetentionEvent(_Frozen):
    doc_id: str
    event_type: EventType
    person: Person
    date: DateValue | None = None
    location: Place | None = None
    charges: list[Charge] = Field(default_factory=list)
    sentence: SentenceTerm | None = None
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    provenance: dict[str, str] = Field(default_factory=dict)
    event_id: str = ""

    @field_validator("provenance")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = {"event_type", "person", "date", "location", "charges", "sentence", "evidence"}
        unknown = set(value) - allowed
        if unknown:
            raise ValueError(f"provenance names unknown fields: {sorted(unknown)}")
        return value

    @model_validator(mode="after")
    def _checks(self) -> "DetentionEvent":
        if self.sentence is not None and self.event_type != "sentenced":
            raise ValueError("only a sentenced event carries a sentence term")
        if not self.event_id:
            object.__setattr__(self, "event_id", stable_event_id(self))
        return self

    def to_output(self) -> dict:
        """The JSON object written to JSONL (guidelines' "System output")."""
        data = self.model_dump(mode="json")
        if self.sentence is not None:
            s = self.sentence
            data["sentence"] = {"months": s.months} if s.months is not None else {"kind": s.kind}
            data["sentence"].update({"suspended": s.suspended, "text": s.text})
        return data


def stable_event_id(event: DetentionEvent) -> str:
    """An id that stays the same when the same event is extracted again.

    It hashes the document, the event type, the person's name and the
    evidence offsets, not the slots that a better extractor may refine.
    """
    key = json.dumps(
        [event.doc_id, event.event_type, event.person.name, event.evidence.start, event.evidence.end],
        ensure_ascii=False,
    )
    return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def json_schema() -> dict:
    return DetentionEvent.model_json_schema()
