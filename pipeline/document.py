"""The document as read, and its language spans.

``Document.text`` is the original decoded text and is never changed: every
offset that casefile reports is an index into it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["en", "zh-Hans", "zh-Hant"]


@dataclass(frozen=True)
class LangSpan:
    start: int
    end: int
    lang: Lang


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lang: Lang


@dataclass
class Document:
    doc_id: str
    text: str
    path: str | None = None
    spans: list[LangSpan] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def languages(self) -> set[str]:
        return {s.lang for s in self.spans}
