"""Labels for training: a candidate is positive only where gold tells its event."""
from __future__ import annotations

import pytest

from pipeline.learn.align import fold_name, label, place_label
from pipeline.mentions import Candidate, Mention, PersonRef

TEXT = "Police detained Wang Lin on May 2. Wang Lin was released on May 9. Li Hua spoke to reporters."


def _cand(event_type: str, name: str, sentence: str) -> Candidate:
    a = TEXT.index(sentence)
    return Candidate(event_type, PersonRef(name), Mention("trigger", a, a + 3, TEXT[a:a + 3]), (a, a + len(sentence)))


GOLD = [
    {"event_type": "detained", "person": {"name": "Wang Lin"}, "evidence": "Police detained Wang Lin on May 2"},
    {"event_type": "released", "person": {"name": "Wang Lin", "name_zh": "王林"}, "evidence": "Wang Lin was released on May 9"},
]


@pytest.mark.parametrize("event_type,name,sentence,expected", [
    ("detained", "Wang Lin", "Police detained Wang Lin on May 2.", 1),          # gold event told here
    ("detained", "wang  lin", "Police detained Wang Lin on May 2.", 1),         # names fold as the scorer folds them
    ("released", "王林", "Wang Lin was released on May 9.", 1),                   # the Chinese name matches too
    ("detained", "Wang Lin", "Wang Lin was released on May 9.", None),          # the event is told elsewhere: left out
    ("arrested", "Wang Lin", "Police detained Wang Lin on May 2.", 0),          # no such event
    ("released", "Li Hua", "Li Hua spoke to reporters.", 0),                    # no such person
])
def test_label(event_type, name, sentence, expected):
    assert label(TEXT, _cand(event_type, name, sentence), GOLD) == expected


@pytest.mark.parametrize("a,b", [("許志永", "许志永"), ("Wang Lin", "wang-lin"), ("Ｗａｎｇ", "wang")])
def test_fold_name(a, b):
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize(
    "name, gold, expected",
    [
        ("Wuhan", {"location": {"name": "Wuhan City"}}, 1),  # generic words ignored
        ("Hubei Province", {"location": "Hubei"}, 1),
        ("武漢市", {"location": {"name": "武汉"}}, 1),  # script folded
        ("Wuhan No. 1 Detention Center", {"location": {"name": "Wuhan"}}, 1),  # one contains the other
        ("Beijing", {"location": {"name": "Shanghai"}, "location_alt": ["Pudong"]}, 0),
        ("Pudong", {"location": {"name": "Shanghai"}, "location_alt": ["Pudong"]}, 1),  # an accepted alternative
        ("Wuhan", {"location": None}, 0),  # gold ties no place to the event
        ("City", {"location": {"name": "Wuhan"}}, 0),  # nothing left after folding
    ],
)
def test_a_place_option_is_right_when_it_names_the_gold_location(name, gold, expected):
    assert place_label(name, gold) == expected
