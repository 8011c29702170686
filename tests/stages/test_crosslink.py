"""One person across scripts and languages: pinyin links romanized and Chinese names."""
from __future__ import annotations

import pytest

from pipeline.mentions import Candidate, Mention, PersonRef
from pipeline.stages import crosslink
from tests.stages.zh.zh_support import events


def cand(name: str, name_zh: str | None = None, start: int = 0) -> Candidate:
    return Candidate("detained", PersonRef(name, name_zh), Mention("trigger", start, start + 1, "x"), (start, start + 1))


@pytest.mark.parametrize("roman,chinese", [("Xu Zhiyong", "许志永"), ("Xu Zhiyong", "許志永"), ("Ding Jiaxi", "丁家喜"), ("Lü Pin", "吕频"), ("Ouyang Ming", "欧阳明")])
def test_pinyin_links_romanized_and_chinese(roman, chinese):
    a, b = crosslink.link_persons([cand(roman, start=0), cand(chinese, start=10)])
    assert a.person.name == b.person.name == roman
    assert a.person.name_zh == b.person.name_zh
    assert chinese in b.person.aliases or b.person.name_zh == chinese


def test_same_sound_chinese_names_are_not_linked():
    a, b = crosslink.link_persons([cand("王芳", start=0), cand("王方", start=10)])
    assert (a.person.name, b.person.name) == ("王芳", "王方")


def test_traditional_and_simplified_forms_are_one_person():
    a, b = crosslink.link_persons([cand("許志永", "许志永", 0), cand("许志永", "许志永", 10)])
    assert a.person.name == b.person.name == "許志永"


def test_unrelated_names_are_untouched():
    a, b = crosslink.link_persons([cand("Chen Wei", start=0), cand("丁家喜", start=10)])
    assert (a.person.name, b.person.name) == ("Chen Wei", "丁家喜")


def test_mixed_document_merges_english_and_chinese_records():
    text = ("Police detained lawyer Xu Zhiyong (许志永) in Guangzhou on February 15, 2020.\n"
            "许志永于2020年2月15日在广州被警方拘留。\n")
    recs = [r for r in events(text) if r.event_type == "detained"]
    assert len(recs) == 1
    assert recs[0].person.name_zh == "许志永"
