"""Linking a trigger to its persons, date, place, charges and term.

Chinese clauses are short and often drop the subject, so linking works in
clause windows (a clause ends at ，：；。):

- an active trigger followed by a name takes it as object (判处X, 逮捕X);
- otherwise the nearest name group before the trigger in its clause, then in
  the earlier clauses of the sentence, is the subject; a name followed by 的
  only modifies another noun (X的父母) and is skipped, except right before a
  nominal trigger (两人的审判);
- 他/她/其 and 两人/四人/他们 resolve to the most recent person or group;
- names joined by 、/和/与/及 (or by commas between attributive phrases
  ending in 的) form a group that shares the event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.stages.zh import lexicon
from pipeline.stages.zh.dates import cn_int
from pipeline.stages.zh.triggers import CLAUSE_BREAK, TriggerHit, clause_bounds


@dataclass(frozen=True)
class PersonSpan:
    start: int  # working index within the sentence
    end: int
    key: str


_JOIN = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*(?:、|和|与|及|以及|同|跟|,|，)\s*(?:[^,，。；;、]{0,8}?)?$")
_JOIN_ATTR = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*[,，][^。；;]{0,20}的$")


def groups(text: str, spans: list[PersonSpan]) -> list[list[PersonSpan]]:
    trig_pat, _ = lexicon.trigger_index()
    out: list[list[PersonSpan]] = []
    for sp in sorted(spans, key=lambda s: s.start):
        if out:
            prev = out[-1][-1]
            gap = text[prev.end:sp.start]
            joined = (_JOIN.match(gap) and (gap.strip(" ,，") == "" or re.search(r"[、和与及同跟]", gap) or gap.strip() in (",", "，"))) or _JOIN_ATTR.match(gap)
            if joined and not trig_pat.search(gap) and not _modifier(text, prev):
                if sp.key not in {p.key for p in out[-1]}:
                    out[-1].append(sp)
                continue
        out.append([sp])
    return out


def _modifier(text: str, sp: PersonSpan) -> bool:
    """X的N: the name only modifies the noun after it."""
    return text[sp.end:sp.end + 1] == "的" or re.match(r"\s*\([^()]*\)\s*的", text[sp.end:]) is not None


@lru_cache(maxsize=1)
def _pronoun_re() -> re.Pattern[str]:
    p = lexicon.cues().pronouns
    return lexicon.alternation([*p.singular, *p.plural])


def pronoun_count(word: str) -> int | None:
    """1 for 他/她, N for N人/N名, 0 for an unspecified plural (他们)."""
    if word in lexicon.cues().pronouns.singular:
        return 1
    m = re.match(r"(?:以上)?([两二三四五六七八九十\d]+)[人名]", word)
    if m:
        return cn_int(m.group(1).replace("两", "二"))
    if word == "夫妇":
        return 2
    return 0


def pronouns(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _pronoun_re().finditer(text):
        if text[m.end():m.end() + 1] == "的" or text[m.end():m.end() + 1] in "们" and m.group() in ("他", "她"):
            continue
        if m.group() == "其" and text[m.end():m.end() + 1] in "他余中实":
            continue
        out.append((m.start(), m.end(), m.group()))
    return out


@dataclass
class History:
    """Persons met so far in the document, most recent last."""

    groups: list[list[str]]

    def resolve(self, count: int) -> list[str]:
        if not self.groups:
            return []
        if count == 1:
            return [self.groups[-1][-1]]
        for g in reversed(self.groups[-6:]):
            if (count == 0 and len(g) >= 2) or len(g) == count:
                return list(g)
        if count > 1:
            seen: list[str] = []
            for g in reversed(self.groups):
                for k in reversed(g):
                    if k not in seen:
                        seen.append(k)
                if len(seen) >= count:
                    return list(reversed(seen[:count]))
        return []


_OBJ_GAP = re.compile(r"^(?:了|着|其|至|为|到|予|[^,，。]{0,6}?(?:律师|人士|访民|僧人|记者)|)$")


def subjects(text: str, trig: TriggerHit, grps: list[list[PersonSpan]], history: History) -> tuple[list[str], str]:
    """The persons a trigger is about, and the rule that linked them."""
    cs, ce = clause_bounds(text, trig.start)
    passive = re.search(r"[被遭获]|遭到|受到", text[cs:trig.start]) is not None or trig.entry.voice == "passive"
    # 1. object right after an active trigger: 判处X, 逮捕X
    if not passive:
        for g in grps:
            if trig.end <= g[0].start <= trig.end + 8 and _OBJ_GAP.match(text[trig.end:g[0].start]) and g[0].start < ce:
                return [p.key for p in g], "zh.link.object"
        for s, e, word in pronouns(text[trig.end:min(ce, trig.end + 3)]):
            if s == 0:
                got = history.resolve(pronoun_count(word) or 0)
                if got:
                    return got, "zh.link.pronoun"
    # 2./3. nearest group or pronoun before the trigger, this clause first, then earlier clauses
    before = [g for g in grps if g[-1].end <= trig.start]
    prons = [p for p in pronouns(text[:trig.start])]
    best: tuple[int, list[str], str] | None = None
    for g in before:
        last = g[-1]
        if _modifier(text, last):
            nominal = text[last.end:last.end + 1] == "的" and last.end + 1 == trig.start
            if not nominal:
                keep = [p for p in g if not _modifier(text, p)]
                if not keep:
                    continue
                g = keep
        if best is None or g[-1].end > best[0]:
            best = (g[-1].end, [p.key for p in g], "zh.link.subject")
    for s, e, word in prons:
        if best is None or e > best[0]:
            got = history.resolve(pronoun_count(word) or 0)
            if got:
                best = (e, got, "zh.link.pronoun")
    if best is None:
        return [], ""
    # a subject in an earlier clause must not be the object of another verb there
    return best[1], best[2]


def in_clause(text: str, trig: TriggerHit, start: int) -> bool:
    cs, ce = clause_bounds(text, trig.start)
    return cs <= start < ce


def clause_of(text: str, i: int) -> tuple[int, int]:
    return clause_bounds(text, i)


def sentence_has_break(text: str, a: int, b: int) -> bool:
    return CLAUSE_BREAK.search(text, a, b) is not None
