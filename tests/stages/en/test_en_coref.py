"""English coreference: short names, titles, pronouns and groups resolve to full names.

Mirrors pipeline/stages/en/coref.py. Each case runs the real pipeline and
asserts the records a researcher would read: who, and which event.
"""
from __future__ import annotations

import pytest

from pipeline import Document, extract_document
from pipeline.stages.score import RuleScorer
from tests.stages.en.en_support import events, iso, pairs
from pipeline.stages.en.coref import Registry
from pipeline.stages.en.persons import PersonMention

COREF = [
    # text, expected (event_type, person name) records
    pytest.param(
        "Police detained Ren Hao, Bai Xue and Kong Yi at a church in May 2021. Later, Mo Lan and Du Feng were "
        "also detained. All five were indicted in August 2021.",
        [("detained", "Bai Xue"), ("detained", "Du Feng"), ("detained", "Kong Yi"), ("detained", "Mo Lan"),
         ("detained", "Ren Hao"), ("indicted", "Bai Xue"), ("indicted", "Du Feng"), ("indicted", "Kong Yi"),
         ("indicted", "Mo Lan"), ("indicted", "Ren Hao")], id="all-five-counts-the-people-named-before",
    ),
    pytest.param(
        "Police detained Ren Hao, Bai Xue and Kong Yi at a church in May 2021. Later, Mo Lan and Du Feng were "
        "also detained. The two were indicted in August 2021.",
        [("detained", "Bai Xue"), ("detained", "Du Feng"), ("detained", "Kong Yi"), ("detained", "Mo Lan"),
         ("detained", "Ren Hao"), ("indicted", "Du Feng"), ("indicted", "Mo Lan")], id="the-two-is-the-last-pair",
    ),
    pytest.param(
        "Zhou Mingyu is a labor activist in Shenzhen. Police detained Zhou on May 2, 2020.",
        [("detained", "Zhou Mingyu")], id="surname-only",
    ),
    pytest.param(
        "He Qiulan runs a shelter for petitioners. Ms. He was detained on May 2, 2020.",
        [("detained", "He Qiulan")], id="Ms.-He",
    ),
    pytest.param(
        "Police arrested lawyer Peter Wong on March 3, 2020. Mr. Wong was released on March 9, 2020.",
        [("arrested", "Peter Wong"), ("released", "Peter Wong")], id="Mr.-last-name-of-non-Chinese-name",
    ),
    pytest.param(
        "Li Wenzu is an activist. She was detained on May 2, 2020.",
        [("detained", "Li Wenzu")], id="she-previous-subject",
    ),
    pytest.param(
        "Police questioned Tang Jiahui for hours. On May 2, 2020, officers detained him.",
        [("detained", "Tang Jiahui")], id="him-previous-object",
    ),
    pytest.param(
        "Lin Ke met Song Ya in a teahouse on March 2, 2020. He was detained the next day.",
        [("detained", "Lin Ke")], id="he-is-the-subject-not-the-last-name",
    ),
    pytest.param(
        "Police detained Ruan Xiaohong on June 1, 2019. Her lawyer said she was formally arrested on July 5, 2019.",
        [("arrested", "Ruan Xiaohong"), ("detained", "Ruan Xiaohong")], id="her-lawyer-said-she",
    ),
    pytest.param(
        "Xu Ping taught at a village school. Xu Ping's brother said Xu was taken away on March 9, 2021.",
        [("detained", "Xu Ping")], id="possessor-then-surname",
    ),
    pytest.param(
        "Kang Ruoxi, Bai Yutong and Shen Haoyu signed the open letter. The three were detained on May 2, 2020.",
        [("detained", "Bai Yutong"), ("detained", "Kang Ruoxi"), ("detained", "Shen Haoyu")], id="the-three",
    ),
    pytest.param(
        "The three activists — Kang Ruoxi, Bai Yutong and Shen Haoyu — were detained on May 2, 2020.",
        [("detained", "Bai Yutong"), ("detained", "Kang Ruoxi"), ("detained", "Shen Haoyu")], id="the-three-then-names",
    ),
    pytest.param(
        "Kang Ruoxi and Bai Yutong were detained on May 2, 2020. The pair were formally arrested on June 5, 2020.",
        [("arrested", "Bai Yutong"), ("arrested", "Kang Ruoxi"), ("detained", "Bai Yutong"), ("detained", "Kang Ruoxi")],
        id="the-pair",
    ),
    pytest.param(
        "Kang Ruoxi was detained on May 2, 2020. Her husband Bai Yutong said she was beaten. She was released on May 9, 2020.",
        [("detained", "Kang Ruoxi"), ("released", "Kang Ruoxi")], id="she-skips-the-possessor-sentence",
    ),
    pytest.param(
        "Kang Ruoxi and Bai Yutong signed the open letter. Both were detained on May 2, 2020.",
        [("detained", "Bai Yutong"), ("detained", "Kang Ruoxi")], id="both",
    ),
    pytest.param(
        "Kang Ruoxi and Bai Yutong signed the open letter. They were detained on May 2, 2020.",
        [("detained", "Bai Yutong"), ("detained", "Kang Ruoxi")], id="they",
    ),
    pytest.param(
        "Kang Ruoxi and Bai Yutong signed the open letter. Many lawyers joined the campaign, and they were detained on May 2, 2020.",
        [], id="they-after-generic-many-lawyers",
    ),
    pytest.param(
        "Kang Ruoxi and Bai Yutong signed the open letter. Dozens of petitioners gathered outside, and they were detained on May 2, 2020.",
        [], id="they-after-generic-dozens",
    ),
    pytest.param(
        "Dong Yaoqiong splashed ink on a poster. Dong Yaoqing was detained on July 4, 2018.",
        [("detained", "Dong Yaoqiong")], id="one-letter-misspelling",
    ),
    pytest.param(
        "Police detained Dong Yaoqiong on July 4, 2018. Dong Yaoqing was released on July 20, 2018.",
        [("detained", "Dong Yaoqiong"), ("released", "Dong Yaoqiong")], id="misspelling-across-events",
    ),
    pytest.param(
        "Wang Lin met Wang Lun in Wuhan. Police detained Wang Lun on May 2, 2020.",
        [("detained", "Wang Lun")], id="short-given-names-one-letter-apart-stay-two-people",
    ),
    pytest.param(
        "Dong Yaoqiong splashed ink on a poster. Dong Yaoming was detained on July 4, 2018.",
        [("detained", "Dong Yaoming")], id="two-letters-apart-stay-two-people",
    ),
]


@pytest.mark.parametrize("text, expected", COREF)
def test_coreference_in_records(text, expected):
    assert pairs(events(text)) == expected


def test_misspelling_becomes_alias():
    ev = events("Dong Yaoqiong splashed ink on a poster. Dong Yaoqing was detained on July 4, 2018.")[0]
    assert ev.person.aliases == ["Dong Yaoqing"]
    assert iso(ev) == ("2018-07-04", "day")


def test_short_reference_keeps_zh_name():
    evs = events("Police detained Han Bing (韩冰) on March 3, 2020. Han was released on March 9, 2020.")
    assert [(e.event_type, e.person.name, e.person.name_zh, iso(e)) for e in evs] == [
        ("detained", "Han Bing", "韩冰", ("2020-03-03", "day")),
        ("released", "Han Bing", "韩冰", ("2020-03-09", "day")),
    ]


def _pm(text: str, start: int) -> PersonMention:
    return PersonMention(start, start + len(text), text, "en.person.romanized")


REGISTRY = [
    # full-name mentions in order, resulting (name, aliases) per person
    (["Dong Yaoqiong", "Dong Yaoqing"], [("Dong Yaoqiong", ["Dong Yaoqing"])]),
    (["Wang Lin", "Wang Lun"], [("Wang Lin", []), ("Wang Lun", [])]),
    (["Liu Xiaobo", "Liu Xiaobo"], [("Liu Xiaobo", [])]),
    (["Liu Xiaobo", "Liu Xiaobao"], [("Liu Xiaobo", ["Liu Xiaobao"])]),
    (["Liu Xiaobo", "Li Xiaobo"], [("Liu Xiaobo", []), ("Li Xiaobo", [])]),  # surnames must agree
]


@pytest.mark.parametrize("names, people", REGISTRY)
def test_registry_clusters_full_names(names, people):
    pos, ms = 0, []
    for n in names:
        ms.append(_pm(n, pos))
        pos += len(n) + 10
    reg = Registry(ms)
    assert [(e.ref.name, e.ref.aliases) for e in reg.entities] == people


@pytest.mark.parametrize("token, pos, expected", [
    ("Zhou", 100, "Zhou Ming"),   # most recent Zhou before 100
    ("Zhou", 30, "Zhou Lan"),
    ("Wong", 100, "Peter Wong"),  # last token of a non-Chinese name
])
def test_registry_short_reference(token, pos, expected):
    reg = Registry([_pm("Zhou Lan", 0), _pm("Peter Wong", 20), _pm("Zhou Ming", 50)])
    ent = reg.by_short(token, pos)
    assert (ent.ref.name if ent else None) == expected


@pytest.mark.parametrize("text,expected", [
    # a bare count, named by the members a later sentence introduces (included, are, identified as, a colon)
    ("Three activists were detained in Guangzhou on May 2, 2021. The activists included Ren Hao, a lawyer; "
     "Bai Xue, a teacher; and Kong Yi.",
     [("detained", "Bai Xue"), ("detained", "Kong Yi"), ("detained", "Ren Hao")]),
    # as many names, but not introduced as the group's members: not the group
    ("Three activists were detained in Guangzhou on May 2, 2021. Ren Hao, Bai Xue and Kong Yi wrote to the court.", []),
])
def test_a_count_named_after_it(text, expected):
    assert pairs(events_with(text, RuleScorer())) == expected



@pytest.mark.parametrize("text,expected", [
    # a letter's "you" is the person its salutation addresses
    ("Letter to Ren Hao\n\nDear Mr. Ren,\n\nWe write on your birthday. You were arrested on 3 May 2019 and "
     "sentenced to four years in prison in June 2020.",
     [("arrested", "Ren Hao"), ("sentenced", "Ren Hao")]),
    # no salutation: "you" is nobody
    ("A report on Ren Hao.\n\nIf you were arrested on 3 May 2019, call a lawyer.", []),
])
def test_a_letter_addressee_is_you(text, expected):
    assert pairs(events_with(text, RuleScorer())) == expected


def events_with(text: str, scorer):
    return extract_document(Document(doc_id="t", text=text), scorer)
