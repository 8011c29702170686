"""The people stage's rules, from ``resources/people/rules.yaml``, validated when loaded."""
from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.errors import ResourceError
from pipeline.records import EVENT_TYPES
from pipeline.resources import load_yaml, validated


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LinkRule(_Entry):
    id: str = Field(pattern=r"^[a-z]+\.[a-z_]+$")
    confidence: float = Field(gt=0, le=1)
    about: str


class AgainstRule(_Entry):
    id: str = Field(pattern=r"^against\.[a-z_]+$")
    about: str


class AgePattern(_Entry):
    id: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        if "{name}" not in value or "(?P<age>" not in value:
            raise ValueError("an age pattern has {name} and a group named age")
        re.compile(value.replace("{name}", "X"))
        return value

    def ages(self, text: str, name: str) -> list[int]:
        # The pattern is compiled for each name, and a store has more names
        # than re's cache holds: the compiles were half the people stage.
        # Most evidence gives no age, which one compiled pattern per name
        # length tells first.
        if not _any_name(self.pattern, len(name)).search(text):
            return []
        rx = re.compile(self.pattern.replace("{name}", re.escape(name)), re.IGNORECASE)
        return [int(m.group("age")) for m in rx.finditer(text)]


@lru_cache(maxsize=512)
def _any_name(pattern: str, length: int) -> re.Pattern[str]:
    """``pattern`` with any ``length`` characters for the name: it matches
    wherever the pattern does for a name of that length (an escaped name
    matches as many characters as it has, case-insensitively or not)."""
    return re.compile(pattern.replace("{name}", f"(?s:.{{{length}}})"), re.IGNORECASE)


class OrderRule(_Entry):
    id: str = Field(pattern=r"^order\.[a-z_]+$")
    before: list[str]
    after: list[str]
    window_days: int = Field(gt=0)

    @field_validator("before", "after")
    @classmethod
    def _types(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(EVENT_TYPES)
        if unknown or not value:
            raise ValueError(f"unknown event types {sorted(unknown)}")
        return value


class Rules(_Entry):
    links: dict[str, LinkRule]
    against: dict[str, AgainstRule]
    ages: tuple[AgePattern, ...]
    order: tuple[OrderRule, ...]
    date_conflict_days: int

    def confidence(self, rule_id: str) -> float:
        return self.links[rule_id].confidence


NAME = "people/rules.yaml"
#: Rule ids the code names; the file must define every one.
REQUIRED_LINKS = ("doc.same_name", "zh.equal", "alias.shared", "pair.licensed", "roman.equal", "pinyin.equal",
                  "rom.hk", "rom.wg", "review.merge")
REQUIRED_AGAINST = ("against.zh_differs", "against.ambiguous", "against.single_word", "against.age")


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_yaml("people", "rules.yaml")
    if not isinstance(data, dict):
        raise ResourceError("E001", f"{NAME}: not a mapping")
    links = validated(LinkRule, data.get("links") or [], f"{NAME} links")
    against = validated(AgainstRule, data.get("against") or [], f"{NAME} against")
    ages = validated(AgePattern, data.get("ages") or [], f"{NAME} ages")
    order = validated(OrderRule, data.get("order") or [], f"{NAME} order")
    for kind, entries, required in (("links", links, REQUIRED_LINKS), ("against", against, REQUIRED_AGAINST)):
        ids = [e.id for e in entries]
        if len(ids) != len(set(ids)):
            raise ResourceError("E003", f"{NAME}: duplicate {kind} ids")
        missing = set(required) - set(ids)
        if missing:
            raise ResourceError("E003", f"{NAME}: {kind} lacks {sorted(missing)}")
    days = (data.get("steps") or {}).get("date_conflict_days")
    if not isinstance(days, int) or days < 0:
        raise ResourceError("E002", f"{NAME}: steps.date_conflict_days must be a whole number of days")
    return Rules(links={e.id: e for e in links}, against={e.id: e for e in against}, ages=tuple(ages),
                 order=tuple(order), date_conflict_days=days)
