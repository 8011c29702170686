"""Bad or strange text never crashes extraction, and offsets stay exact.

Texts are generated from fixed seeds: fragments of report language shuffled
into nonsense, and random characters from both scripts.
"""
from __future__ import annotations

import random
import string

import pytest

from pipeline import extract

FRAGMENTS = [
    "detained", "arrested", "Wang Lin", "Chen", "he", "they", "the three", "on", "in", "March 3", "2020",
    "sentenced to", "years", "released", "police", "(王林)", "a.k.a.", "since", "later", "the next day",
    "被", "刑事拘留", "判处有期徒刑", "年", "月", "日", "释放", "，", "。", "\n\n", "“", "”", "—",
]
CHARS = string.ascii_letters + "  ,.;:()“”\"'-—\n" + "陈王李被拘留逮捕判处年月日" + "0123456789"


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(40):
        if i % 2:
            out.append("".join(rng.choice(CHARS) for _ in range(rng.randint(0, 400))))
        else:
            out.append(" ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 80))))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_random_text_never_crashes_and_offsets_are_exact(seed):
    for text in _texts(seed):
        for ev in extract(text, doc_id="fuzz"):
            assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "。", ".", "\ufeff", "a" * 5000, "被" * 3000])
def test_degenerate_texts_give_no_events(text):
    assert extract(text, doc_id="empty") == []
