"""Traditional input: every offset points into the original text, exactly."""
from __future__ import annotations

import pytest

from pipeline.stages.zh.normalize import WorkingText, normalize, to_simplified
from tests.stages.zh.zh_support import events

TRAD = "（香港訊）２０２１年１月６日，民主派人士鄭嘉慧、區偉傑被警方以涉嫌顛覆國家政權罪拘捕。\n翌日，兩人獲准保釋。"


def test_conversion_changes_characters_but_not_length():
    w = normalize(TRAD)
    assert w.text != TRAD and len(w.text) == len(TRAD)
    assert "郑嘉慧" in w.text and "2021年1月6日" in w.text


def test_record_offsets_are_exact_on_traditional_input():
    recs = events(TRAD)
    assert {(r.event_type, r.person.name) for r in recs} == {
        ("arrested", "鄭嘉慧"), ("arrested", "區偉傑"), ("released", "鄭嘉慧"), ("released", "區偉傑"),
    }
    for r in recs:
        assert TRAD[r.evidence.start:r.evidence.end] == r.evidence.text
        assert r.person.name in TRAD  # as written, Traditional
        assert r.person.name_zh == to_simplified(r.person.name) != r.person.name
    dates = {(r.event_type, r.date.iso) for r in recs if r.date}
    assert dates == {("arrested", "2021-01-06"), ("released", "2021-01-07")}


def test_offsets_with_an_offset_base():
    prefix = "English heading line.\n"
    doc = prefix + TRAD
    for r in events(doc):
        assert doc[r.evidence.start:r.evidence.end] == r.evidence.text
        assert r.evidence.start >= len(prefix)


def test_map_back_when_a_conversion_changes_length():
    # a working text built with an explicit map (as when OpenCC changes a phrase's length)
    w = WorkingText("abXcd", base=10, _map=(0, 1, 2, 4, 5))
    assert w.orig_span(3, 5) == (14, 16)
    assert w.orig(0) == 10 and w.orig(5) == 16


@pytest.mark.parametrize("trad,simp", [("許志永", "许志永"), ("鍾錦麟", "钟锦麟"), ("區諾軒", "区诺轩"), ("臺灣", "台湾")])
def test_to_simplified(trad, simp):
    assert to_simplified(trad) == simp
