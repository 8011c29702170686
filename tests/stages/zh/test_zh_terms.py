"""Sentence terms in months, life/death kinds; 剥夺政治权利 is not a custody term."""
from __future__ import annotations

import pytest

from pipeline.stages.zh import terms
from pipeline.stages.zh.normalize import normalize
from tests.stages.zh.zh_support import events


def first(text: str):
    hits = terms.find(normalize(text).text)
    return hits[0].value if hits else None


@pytest.mark.parametrize("text,value", [
    ("有期徒刑五年", {"months": 60}),
    ("有期徒刑三年零6个月", {"months": 42}),
    ("2年零6个月", {"months": 30}),
    ("有期徒刑两年半", {"months": 30}),
    ("两年三个月", {"months": 27}),
    ("判囚6年9個月", {"months": 81}),
    ("有期徒刑十二年", {"months": 144}),
    ("有期徒刑6个月", {"months": 6}),
    ("无期徒刑", {"kind": "life"}),
    ("無期徒刑", {"kind": "life"}),
    ("死刑缓期二年执行", {"kind": "death_reprieve"}),
    ("死缓", {"kind": "death_reprieve"}),
    ("死刑", {"kind": "death"}),
    ("劳动教养两年", {"months": 24}),
    ("有期徒刑三年,缓刑四年", {"months": 36, "suspended": True}),
    ("有期徒刑两年,缓期三年执行", {"months": 24, "suspended": True}),  # the formal wording of a suspended term
])
def test_term(text, value):
    assert first(text) == value


@pytest.mark.parametrize("text", ["剥夺政治权利3年", "三年前", "两年多", "2019年", "18个月后"])
def test_not_a_term(text):
    assert first(text) is None


def test_additional_penalty_is_not_taken_as_the_term():
    recs = [r for r in events("2023年4月10日,法院判处律师韦国栋有期徒刑12年,并剥夺政治权利3年。") if r.event_type == "sentenced"]
    assert [r.sentence.months for r in recs] == [144]
