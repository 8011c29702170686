"""English sentence terms: months, life, death, death with reprieve, suspended;
not deprivation of political rights, ages, or time spent.

Mirrors pipeline/stages/en/terms.py.
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, only, pairs
from pipeline.stages.en.terms import find_terms


def _terms(text):
    found = find_terms(text, 0, len(text))
    for m in found:
        assert text[m.start:m.end] == m.text
    return [(m.value.get("months") or m.value.get("kind"), m.value["suspended"]) for m in found]



TERMS = [
    # text, [(months or kind, suspended)] in order
    ("He was sentenced to 2 years and 9 months in prison.", [(33, False)]),
    ("He was sentenced to 10 years and 6 months.", [(126, False)]),
    ("He was sentenced to seven years and six months in prison.", [(90, False)]),
    ("He received a nine-year prison sentence.", [(108, False)]),
    ("She was given an 18-month sentence.", [(18, False)]),
    ("He was sentenced to three and a half years.", [(42, False)]),
    ("He was sentenced to 1.5 years.", [(18, False)]),
    ("He was jailed for eight months.", [(8, False)]),
    ("He was sentenced to fourteen years' imprisonment.", [(168, False)]),
    ("He was sentenced to life in prison.", [("life", False)]),
    ("He was given life imprisonment.", [("life", False)]),
    ("He was given a death sentence with a two-year reprieve.", [("death_reprieve", False)]),
    ("He received a suspended death sentence.", [("death_reprieve", False)]),
    ("He was sentenced to death.", [("death", False)]),
    ("He was sentenced to three years, suspended for four years.", [(36, True), (48, False)]),
    ("He was sentenced to six years, and she to four years, respectively.", [(72, False), (48, False)]),
    # not custody terms
    ("He was sentenced to four years in prison, with deprivation of political rights for two years.", [(48, False)]),
    ("A 30-year-old teacher was sentenced to six years.", [(72, False)]),
    ("The 45-year-old was sentenced to ten years in prison.", [(120, False)]),
    ("He was detained three years ago.", []),
    ("He spent two years in detention.", []),
    ("He was released two years later.", []),
    ("The 28-year-old was detained in May.", []),
    ("He was sentenced to four years in prison and three years' deprivation of political rights.", [(48, False)]),
    ("He was given a two-year suspended sentence.", [(24, True)]),
    ("He was sentenced to three years with a four-year probation.", [(36, True)]),
    ("He was sentenced to a year and a half in prison.", [(18, False)]),
]


@pytest.mark.parametrize("text, expected", TERMS)
def test_find_terms(text, expected):
    assert _terms(text) == expected


def _sentence(ev):
    s = ev.sentence
    return None if s is None else (s.months if s.months is not None else s.kind, s.suspended)


RECORDS = [
    # text, {person: (months or kind, suspended)} of the sentenced records
    ("Gao Wenjie was sentenced to 2 years and 9 months in prison on May 9, 2021.", {"Gao Wenjie": (33, False)}),
    ("Gao Wenjie received a nine-year prison sentence on May 9, 2021.", {"Gao Wenjie": (108, False)}),
    ("Gao Wenjie was sentenced to life in prison on May 9, 2021.", {"Gao Wenjie": ("life", False)}),
    ("Gao Wenjie was sentenced to death with a two-year reprieve on May 9, 2021.", {"Gao Wenjie": ("death_reprieve", False)}),
    ("Gao Wenjie was sentenced to death on May 9, 2021.", {"Gao Wenjie": ("death", False)}),
    ("Gao Wenjie was sentenced to two years, suspended for three years, on May 9, 2021.", {"Gao Wenjie": (24, True)}),
    ("Gao Wenjie was sentenced to four years in prison and three years' deprivation of political rights.", {"Gao Wenjie": (48, False)}),
    ("Gao Wenjie, 30, was sentenced to six years on May 9, 2021.", {"Gao Wenjie": (72, False)}),
    ("The 30-year-old Gao Wenjie was sentenced to six years on May 9, 2021.", {"Gao Wenjie": (72, False)}),
    ("Gao Wenjie, who is serving a 10-year sentence, wrote to his son.", {"Gao Wenjie": (120, False)}),
    ("Gao Wenjie and Lian Jie were sentenced to four years and three years respectively on May 9, 2021.",
     {"Gao Wenjie": (48, False), "Lian Jie": (36, False)}),
    pytest.param("A court sentenced Gao Wenjie, Lian Jie and Mo Yifan to five, four and three years respectively.", {"Gao Wenjie": (60, False), "Lian Jie": (48, False), "Mo Yifan": (36, False)}),
    pytest.param("A court sentenced Gao Wenjie and Lian Jie to four and three years in prison, respectively, on May 9, 2021.", {"Gao Wenjie": (48, False), "Lian Jie": (36, False)}),
    ("Gao Wenjie was convicted of fraud on May 9, 2021.", {"Gao Wenjie": None}),  # no term stated
]


@pytest.mark.parametrize("text, expected", RECORDS)
def test_sentence_in_records(text, expected):
    evs = events(text)
    assert {ev.person.name: _sentence(ev) for ev in evs if ev.event_type == "sentenced"} == expected


def test_only_sentenced_records_carry_a_term():
    evs = events("Gao Wenjie was detained on May 1, 2019, and sentenced to five years in prison on May 9, 2021.")
    assert pairs(evs) == [("detained", "Gao Wenjie"), ("sentenced", "Gao Wenjie")]
    assert only(evs, "detained").sentence is None
    assert _sentence(only(evs, "sentenced")) == (60, False)
