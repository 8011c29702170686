"""Evidence for and against "same person", on invented records of two or three reports."""
from __future__ import annotations

import pytest

from pipeline.people.identity import cluster, nodes_of
from tests.people.people_support import rec


def _same(records) -> bool:
    identities, _ = cluster(records)
    return len(identities) == 1


# (records of different reports that name one person) -> the rule that links them
MUST_LINK = [
    ("traditional and simplified", [rec("a", "许敏", "许敏"), rec("b", "許敏", "许敏")], "zh.equal"),
    ("english with characters and chinese", [rec("a", "Xu Min", "许敏"), rec("b", "许敏", "许敏")], "zh.equal"),
    ("bare pinyin and chinese", [rec("a", "Xu Min"), rec("b", "许敏", "许敏")], "pinyin.equal"),
    ("given name first", [rec("a", "Min Xu"), rec("b", "許敏", "许敏")], "pinyin.equal"),
    ("hyphenated given name", [rec("a", "Zhou Hai-tao"), rec("b", "周海涛", "周海涛")], "pinyin.equal"),
    ("pair seen in one report", [rec("a", "Lo Kit-man", "羅潔雯"), rec("b", "Lo Kit-man")], "pair.licensed"),
    ("same romanized name", [rec("a", "Gao Shuying"), rec("b", "GAO Shuying")], "roman.equal"),
    ("shared alias", [rec("a", "Dorje Tashi", aliases=("Lobsang Dawa",)), rec("b", "Lobsang Dawa")], "alias.shared"),
    ("shared chinese alias", [rec("a", "陈小舟", "陈小舟", aliases=("陈笔名",)), rec("b", "陈笔名", "陈笔名")], "alias.shared"),
    ("hong kong cantonese", [rec("a", "Leung Wing-sze"), rec("b", "梁詠詩", "梁咏诗")], "rom.hk"),
    ("taiwan wade-giles", [rec("a", "Hsieh Chih-hung"), rec("b", "謝志宏", "谢志宏")], "rom.wg"),
    ("ages agree", [rec("a", "Xu Min", date="2021-03-03", quote="The 40-year-old Xu Min was detained."),
                    rec("b", "Xu Min", date="2022-01-05", quote="Xu Min, 41, was sentenced.", kind="sentenced")],
     "roman.equal"),
]

MUST_NOT_LINK = [
    ("different characters, one romanization", [rec("a", "Wang Lin", "王林"), rec("b", "Wang Lin", "王琳")], "against.zh_differs"),
    ("different chinese names", [rec("a", "王芳", "王芳"), rec("b", "王方", "王方")], None),
    ("one-word name", [rec("a", "Tenzin"), rec("b", "Tenzin")], "against.single_word"),
    ("ages disagree", [rec("a", "Gao Shuying", date="2021-03-03", quote="The 30-year-old Gao Shuying was detained."),
                       rec("b", "Gao Shuying", date="2021-05-01", quote="Gao Shuying, 62, was detained.")], "against.age"),
    ("mandarin-style name and cantonese reading", [rec("a", "Li Yan"), rec("b", "李欣", "李欣")], None),
    ("other name", [rec("a", "Xu Ming"), rec("b", "许敏", "许敏")], None),
]


@pytest.mark.parametrize("what,records,rule", MUST_LINK, ids=[m[0] for m in MUST_LINK])
def test_pairs_that_must_link(what, records, rule):
    identities, links = cluster(records)
    assert len(identities) == 1, [l.detail for l in links]
    linked = [l for l in links if l.status == "linked" and l.b is not None and l.a.doc_id != l.b.doc_id]
    assert rule in {l.rule for l in linked}
    assert all(0 < l.confidence <= 1 and set(l.docs) <= {"a", "b"} and l.docs for l in linked)


@pytest.mark.parametrize("what,records,against", MUST_NOT_LINK, ids=[m[0] for m in MUST_NOT_LINK])
def test_pairs_that_must_not_link(what, records, against):
    identities, links = cluster(records)
    assert len(identities) == len(records)
    if against:
        assert against in {l.against for l in links if l.status == "refused"}


def test_a_bare_romanization_of_two_chinese_names_joins_neither():
    records = [rec("a", "Wang Lin", "王林"), rec("b", "Wang Lin", "王琳"), rec("c", "Wang Lin"), rec("d", "王林", "王林")]
    identities, links = cluster(records)
    docs = sorted(tuple(i.documents) for i in identities)
    assert docs == [("a", "d"), ("b",), ("c",)]
    refused = [l for l in links if l.status == "refused" and l.a.doc_id == "c"]
    assert refused and refused[0].against == "against.ambiguous" and "王林" in refused[0].detail


def test_three_scripts_make_one_person_with_every_name():
    records = [rec("en", "Xu Min", "许敏"), rec("zhs", "许敏", "许敏"), rec("zht", "許敏", "许敏"), rec("en2", "Xu Min")]
    (ident,), _ = cluster(records)
    assert ident.documents == ["en", "en2", "zhs", "zht"]
    assert {"Xu Min", "许敏", "許敏"} <= set(ident.names())
    assert (ident.name, ident.name_zh) == ("Xu Min", "许敏")


def test_no_identity_ever_holds_two_different_chinese_names_through_a_bridge():
    # A bare "Zhang Wei" cannot bridge 张伟 and 张炜, whichever order the links come in.
    records = [rec("a", "张伟", "张伟"), rec("b", "Zhang Wei"), rec("c", "张炜", "张炜"), rec("d", "Zhang Wei", "张伟")]
    identities, _ = cluster(records)
    for ident in identities:
        assert len(ident.zh) <= 1, ident.zh


def test_records_of_one_report_with_one_name_are_one_node():
    nodes = nodes_of([rec("a", "Xu Min", "许敏", start=0), rec("a", "Xu Min", start=50, kind="released"),
                      rec("a", "许敏", "许敏", start=90, kind="arrested"), rec("a", "王林", "王林", start=120)])
    assert sorted(len(n.records) for n in nodes) == [1, 3]


def test_a_report_that_names_two_people_alike_keeps_them_apart():
    nodes = nodes_of([rec("a", "Wang Lin", "王林", start=0), rec("a", "Wang Lin", "王琳", start=50)])
    assert len(nodes) == 2
