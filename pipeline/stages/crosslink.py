"""One person across languages: "Xu Zhiyong (许志永)" in English, 许志永 / 許志永 in Chinese.

Candidates from the English and Chinese stages name people in their own
script. Two candidates are the same person when one of their names is equal
after folding (case, spacing, punctuation, Traditional -> Simplified), or
when a romanized name equals the toneless pinyin of a Chinese name
(``pypinyin``: 许志永 -> xuzhiyong). Pinyin is only compared across scripts,
never between two Chinese names (王芳 and 王方 are different people).

Linked candidates share one :class:`~pipeline.mentions.PersonRef`: the name
as first written in the document, the Simplified Chinese name, and every
other form as an alias, so the assembler merges them.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from pipeline.mentions import Candidate, PersonRef

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")


def _fold(name: str) -> str:
    from pipeline.stages.zh.normalize import to_simplified

    text = to_simplified(unicodedata.normalize("NFKC", name)).lower()
    return re.sub(r"[^\w]|_", "", text)


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> str | None:
    """Toneless pinyin of a Chinese name, as one lower-case string (许志永 -> xuzhiyong)."""
    from pipeline.resources import pypinyin
    from pipeline.stages.zh.normalize import to_simplified

    lazy_pinyin = pypinyin().lazy_pinyin

    chars = "".join(_CJK.findall(to_simplified(name)))
    if len(chars) < 2 or len(chars) > 4:
        return None
    return "".join(lazy_pinyin(chars)).replace("ü", "u").replace("v", "u")


def _keys(ref: PersonRef) -> tuple[set[str], set[str], set[str]]:
    """(folded names, pinyin keys of Chinese names, folded romanized names)."""
    folded, py, roman = set(), set(), set()
    for n in ref.names():
        f = _fold(n)
        if not f:
            continue
        folded.add(f)
        if _CJK.search(n):
            k = pinyin_key(n)
            if k:
                py.add(k)
        elif all(ord(ch) < 0x250 for ch in n):  # Latin, with tone-less ü
            roman.add(f.replace("ü", "u").replace("ǚ", "u"))
    return folded, py, roman


def link_persons(cands: list[Candidate]) -> list[Candidate]:
    """Give candidates that name the same person one shared PersonRef."""
    if len(cands) < 2:
        return cands
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [_keys(c.person) for c in cands]
    by_key: dict[tuple[str, str], int] = {}
    for i, (folded, py, roman) in enumerate(keys):
        for k in [("f", f) for f in folded] + [("py", p) for p in py] + [("rom", r) for r in roman]:
            # pinyin of a Chinese name meets a romanized name, and vice versa
            lookups = {"f": [k], "py": [("rom", k[1])], "rom": [("py", k[1])]}[k[0]]
            for lk in lookups:
                j = by_key.get(lk)
                if j is not None:
                    parent[find(i)] = find(j)
            by_key.setdefault(k, i)
    groups: dict[int, list[int]] = {}
    for i in range(len(cands)):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        refs = [cands[i].person for i in sorted(members, key=lambda i: cands[i].evidence[0])]
        if len({r.name for r in refs}) == 1 and len({r.name_zh for r in refs}) <= 1:
            continue
        shared = _merge(refs)
        for i in members:
            c = cands[i]
            c.person = PersonRef(shared.name, shared.name_zh, list(shared.aliases), c.person.source or shared.source)
        log.debug("linked %s", shared.names())
    return cands


def _merge(refs: list[PersonRef]) -> PersonRef:
    first = refs[0]
    name_zh = next((r.name_zh for r in refs if r.name_zh), None)
    if name_zh is None:
        name_zh = next((_simplified(n) for r in refs for n in r.names() if _CJK.search(n)), None)
    aliases: list[str] = []
    seen = {_fold(first.name)}
    for r in refs:
        for n in [r.name, *r.aliases, r.name_zh]:
            if n and _fold(n) not in seen:
                seen.add(_fold(n))
                aliases.append(n)
    return PersonRef(first.name, name_zh, aliases, first.source)


def _simplified(name: str) -> str:
    from pipeline.stages.zh.normalize import to_simplified

    return to_simplified(name)
