"""English charge mentions, mapped to the ids of ``charges.tsv``.

Every English label and variant of the catalogue is matched case-insensitively
with flexible spacing and "and"/"&"; the longest match wins, so "inciting
subversion of state power" is not also read as "subversion".
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.mentions import Mention
from pipeline.resources import charges


def _phrase(p: str) -> str:
    words = [re.escape(w) for w in p.split()]
    out = words[0]
    for w in words[1:]:
        out += r"\s+(?:and|&)" if w == "and" else r"[\s-]+" + w
    return out


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, list[str]]:
    pairs = []
    for entry in charges():
        for v in {entry.label_en, *entry.variants_en}:
            pairs.append((v, entry.id))
    pairs.sort(key=lambda p: -len(p[0]))
    ids = [cid for _, cid in pairs]
    # The word-boundary test and the set of first letters go before the alternation:
    # the same matches, but the regex engine no longer tries each of the ~125
    # alternatives at every character of a sentence (it was the costliest regex pass).
    firsts = "".join(sorted({re.escape(v.split()[0][0]) for v, _ in pairs}))
    alternatives = "|".join(f"(?P<c{i}>{_phrase(v)}(?!\\w))" for i, (v, _) in enumerate(pairs))
    rx = re.compile(f"(?<!\\w)(?=[{firsts}])(?:{alternatives})", re.IGNORECASE)
    return rx, ids


def find_charges(text: str, start: int, end: int) -> list[Mention]:
    rx, ids = _matcher()
    out = []
    for m in rx.finditer(text, start, end):
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        out.append(Mention("charge", m.start(), m.end(), m.group(), ids[idx], f"en.charge:{ids[idx]}"))
    return out
