"""Sentence terms: 有期徒刑五年, 三年零6个月, 两年半, 无期徒刑, 死缓, 劳动教养两年.

剥夺政治权利 N 年 is an additional penalty, not a custody term, and is skipped.
缓刑 marks a term as suspended.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.stages.zh.dates import NUM, cn_int

_TERM = re.compile(
    r"(?P<y>" + NUM + r")\s*年(?:\s*(?:零|又)?\s*(?P<m>" + NUM + r")\s*个?月|(?P<half>半))?"
    r"|(?P<mo>" + NUM + r")\s*个月"
)
_KIND = [
    ("death_reprieve", re.compile(r"死刑\s*[,，]?\s*缓期\s*(?:二|两|2)\s*年\s*执行|死缓")),
    ("life", re.compile(r"无期徒刑")),
    ("death", re.compile(r"死刑(?!\s*[,，]?\s*缓)")),
]
_NOT_CUSTODY = re.compile(r"剥夺政治权利\s*$|罚款\s*$|罚金\s*$")


@dataclass(frozen=True)
class TermHit:
    start: int
    end: int
    value: dict
    source: str


def find(text: str) -> list[TermHit]:
    hits: list[TermHit] = []
    for kind, pat in _KIND:
        for m in pat.finditer(text):
            if not any(h.start <= m.start() < h.end for h in hits):
                hits.append(TermHit(m.start(), m.end(), {"kind": kind}, f"zh.term.{kind}"))
    for m in _TERM.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        if _NOT_CUSTODY.search(text[max(0, m.start() - 8):m.start()]):
            continue
        if re.match(r"\s*(?:[前后多来以间内]|之[前后内])", text[m.end():m.end() + 2]):
            continue  # 三年前, 两年多, 一年来: time, not a term
        if m.group("mo"):
            months = cn_int(m.group("mo"))
        else:
            y = cn_int(m.group("y"))
            if y is None or (m.group("y").isdigit() and len(m.group("y")) == 4):
                continue
            months = y * 12
            if m.group("m"):
                extra = cn_int(m.group("m"))
                if extra is None:
                    continue
                months += extra
            elif m.group("half"):
                months += 6
        if months is None or not 0 < months <= 12 * 30:
            continue
        value = {"months": months}
        # 缓刑三年, 缓期三年执行 (a fixed term suspended; 死刑缓期 is a death reprieve, read above)
        if re.match(r"[^。;；]{0,8}(?:缓刑|缓期\s*\S{1,3}\s*执行)", text[m.end():]) or re.search(r"缓刑\s*$", text[max(0, m.start() - 4):m.start()]):
            value["suspended"] = True
        hits.append(TermHit(m.start(), m.end(), value, "zh.term.months"))
    return sorted(hits, key=lambda h: h.start)
