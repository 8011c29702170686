"""Charges from charges.tsv variants, Simplified and Traditional, tied to their step."""
from __future__ import annotations

import pytest

from pipeline.stages.zh import charges
from pipeline.stages.zh.normalize import to_simplified
from tests.stages.zh.zh_support import events


@pytest.mark.parametrize("text,charge_id", [
    ("以涉嫌寻衅滋事罪", "picking_quarrels"),
    ("以涉嫌尋釁滋事罪", "picking_quarrels"),
    ("以“煽动颠覆国家政权”罪名", "inciting_subversion"),
    ("被控煽動顛覆國家政權", "inciting_subversion"),
    ("颠覆国家政权罪", "subversion"),
    ("勾結外國勢力", "collusion_foreign_forces"),
    ("煽动分裂国家罪", "inciting_separatism"),
    ("非法经营罪", "illegal_business"),
    ("宣扬恐怖主义、极端主义罪", "terrorism_extremism"),
    ("被控煽動他人顛覆國家政權罪", "inciting_subversion"),
    ("被控串謀勾結外國勢力", "collusion_foreign_forces"),
    ("涉嫌欺詐罪", "fraud"),
])
def test_charge(text, charge_id):
    assert [h.charge_id for h in charges.find(to_simplified(text))][:1] == [charge_id]


def test_charge_attaches_to_the_detention_clause():
    recs = events("2019年6月1日,访民曹淑芬以涉嫌寻衅滋事罪被刑事拘留。")
    assert [(r.event_type, [c.id for c in r.charges]) for r in recs] == [("detained", ["picking_quarrels"])]


def test_charge_in_traditional_report():
    recs = events("2020年8月10日,民主派人士黎明輝涉嫌勾結外國勢力被捕。")
    assert [(r.event_type, [c.id for c in r.charges]) for r in recs] == [("arrested", ["collusion_foreign_forces"])]


def test_extra_variants_name_catalogue_ids():
    assert charges.extra_variants()
    assert all(h.source.startswith("zh.charge.") for h in charges.find("煽动他人颠覆国家政权和寻衅滋事"))


@pytest.mark.parametrize("text,expected", [
    # 罪名是X: the clause naming the charge goes back to the verdict before it
    ("2022年5月,哈萨克族牧民吐尔洪·巴合提被判处有期徒刑十年,罪名是“煽动民族仇恨”。",
     {("sentenced", "吐尔洪·巴合提", ("inciting_ethnic_hatred",))}),
    # another defendant's verdict does not take the charge of the case told before it
    ("维吾尔族教师阿依努尔·托合提以“分裂国家罪”被判处无期徒刑。\n另外,商人艾克拜尔·吾斯曼于2019年被判处有期徒刑八年。",
     {("sentenced", "阿依努尔·托合提", ("separatism",)), ("sentenced", "艾克拜尔·吾斯曼", ())}),
])
def test_charge_of_a_verdict(text, expected):
    assert {(r.event_type, r.person.name, tuple(c.id for c in r.charges)) for r in events(text)} == expected
