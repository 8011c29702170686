"""Choose between the legacy Chinese encodings (GB18030/GBK and Big5).

charset-normalizer finds the encoding of a whole report reliably, but a short
text (a headline, one sentence) is often too little for it: the same bytes
decode without error as GB18030, Big5 and even CP949. A wrong decoding of
Chinese bytes is still Chinese characters, only rare ones. So every candidate
that decodes strictly is scored by how common its characters are in written
Chinese (character frequencies from jieba's dictionary, after OpenCC t2s so
Traditional text scores like Simplified) and the most plausible one wins.
"""
from __future__ import annotations

import logging
import math
from functools import lru_cache

log = logging.getLogger(__name__)

#: Candidate encodings, tried strictly, in order of preference on a tie. UTF-16
#: without a BOM is here for Chinese-only text (no NUL bytes to give it away):
#: the legacy encodings' byte pairs read as UTF-16 are Hangul, private-use or
#: rare characters, never common Chinese ones.
CJK_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")
#: charset-normalizer names that mean "one of the legacy Chinese encodings".
CJK_NAMES = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "cp950", "big5hkscs", "euc_tw"})

_PUNCT_SCORE = 1.0  # CJK punctuation and full-width forms are plausible


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _is_cjk_punct(c: str) -> bool:
    return "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·"


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, int], float]:
    from pipeline.stages.zh.words import stock_posseg

    # jieba's own dictionary (without casefile's words), read once per process
    freq = {w: f for w, f in stock_posseg().tokenizer.FREQ.items() if len(w) == 1 and f}
    top = math.log1p(max(freq.values()))
    return freq, top


@lru_cache(maxsize=1)
def _t2s():
    from pipeline.resources import opencc

    return opencc("t2s")


def plausibility(text: str) -> float:
    """Mean plausibility in [0, 1] of the non-ASCII characters of ``text``.

    A common Chinese character scores near 1, a rare one near 0; characters of
    other scripts (Hangul, kana, box drawing, private use) score 0, which is
    what a Big5 text read as GB18030, or the reverse, is full of.
    """
    sample = text[:4000]
    chars = [c for c in sample if ord(c) > 0x7F and not c.isspace()]
    if not chars:
        return 0.0
    freq, top = _frequencies()
    simplified = _t2s().convert("".join(chars))
    total = 0.0
    for orig, simp in zip(chars, simplified):
        if _is_cjk(orig):
            total += math.log1p(freq.get(simp, freq.get(orig, 0))) / top
        elif _is_cjk_punct(orig):
            total += _PUNCT_SCORE
    return total / len(chars)


def best_cjk_decoding(data: bytes) -> tuple[str, str, float] | None:
    """(encoding, text, score) of the most plausible Chinese decoding.

    None when no candidate decodes ``data`` strictly.
    """
    best: tuple[str, str, float] | None = None
    for enc in CJK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        log.debug("encoding %s scores %.3f", enc, score)
        if best is None or score > best[2] + 1e-9:
            best = (enc, text, score)
    return best
