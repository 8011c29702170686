"""Charges from ``charges.tsv`` (variants_zh), matched on the Simplified working text.

Traditional forms (尋釁滋事, 顛覆國家政權) are covered by t2s; the frames
以涉嫌X罪, 以X罪名, 被控X need no pattern of their own because the charge
words are found wherever they stand and linked to the trigger of their clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from pipeline.errors import ResourceError
from pipeline.resources import charges as catalogue
from pipeline.resources import load_yaml, validated
from pipeline.stages.zh.normalize import to_simplified


@dataclass(frozen=True)
class ChargeHit:
    start: int
    end: int
    charge_id: str
    source: str


class ExtraVariant(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^zh\.charge\.extra\.[a-z_]+$")
    charge: str
    text: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def extra_variants() -> tuple[ExtraVariant, ...]:
    """``resources/zh/charge_variants.yaml``: wordings that map to catalogue ids."""
    entries = validated(ExtraVariant, load_yaml("zh", "charge_variants.yaml"), "zh/charge_variants.yaml")
    known = {e.id for e in catalogue()}
    unknown = [e.charge for e in entries if e.charge not in known]
    if unknown:
        raise ResourceError("E003", f"zh/charge_variants.yaml names charges not in charges.tsv: {unknown}")
    return tuple(entries)


@lru_cache(maxsize=1)
def _index() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    by_text: dict[str, tuple[str, str]] = {}
    for extra in extra_variants():
        for v in extra.text:
            by_text.setdefault(to_simplified(v), (extra.charge, extra.id))
    for entry in catalogue():
        for v in [entry.label_zh.rstrip("罪"), *entry.variants_zh]:
            v = to_simplified(v)
            if len(v) >= 2:
                by_text.setdefault(v, (entry.id, f"zh.charge.{entry.id}"))
    words = sorted(by_text, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), by_text


def find(text: str) -> list[ChargeHit]:
    pat, by_text = _index()
    return [ChargeHit(m.start(), m.end(), *by_text[m.group()]) for m in pat.finditer(text)]
