"""Arguments of a trigger: the clause's own place and date, the court carried
to a later verdict, distinct evidence per record. Mirrors arguments.py."""
from __future__ import annotations

import pytest

from tests.stages.zh.zh_support import events


def places(text: str) -> dict[tuple[str, str], str | None]:
    return {(r.event_type, r.person.name): (r.location.name if r.location else None) for r in events(text)}


@pytest.mark.parametrize("text,key,place", [
    # a place that only describes the person is not the event's place
    ("2017年2月9日,中国维权人士齐建伟在北京被警方扣押。", ("detained", "齐建伟"), "北京"),
    # a facility beats a city
    ("2019年8月14日,访民冯晓丽被送入深圳福田拘留所。", ("detained", "冯晓丽"), "深圳福田拘留所"),
    # a locative phrase the gazetteer does not know
    ("2019年8月11日,社运人士欧阳玲在太古港被警察抓走。", ("detained", "欧阳玲"), "太古港"),
    # 家中 is not a place name
    ("2021年9月15日,律师闵志远在家中被警察带走。", ("detained", "闵志远"), None),
    # a place naming the acting police is the event's place, even when it is not in the clause's own words
    ("2022年3月1日,维权人士邝德林被昆明警方以寻衅滋事罪刑事拘留。", ("detained", "邝德林"), "昆明"),
    ("2016年7月,律師莫雨晨遭天津公安帶走。", ("detained", "莫雨晨"), "天津"),
    ("2021年3月,僧人洛桑坚赞被中国警方带走。", ("detained", "洛桑坚赞"), None),  # a country is no event place
    # the place just reached in the clause before is where it happened
    ("2018年5月8日,一行人抵达青海省达日县,牧民卓玛拉姆遭到便衣带离审问。", ("detained", "卓玛拉姆"), "青海省达日县"),
    # a place describing the media or an organisation's officer is no event place
    ("據香港媒體報導,香港「某某會」前副主席鄒志彤2021年9月被捕。", ("arrested", "鄒志彤"), None),
    # 在X时: an activity, not a place
    ("2018年5月10日,基督徒骆文华在家庭聚会时被警方带走。", ("detained", "骆文华"), None),
    ("2024年5月2日,访民魏红英在江西省南城县被截访人员带走。", ("detained", "魏红英"), "江西省南城县"),
    # a chain of places that only describes the persons is not the event's place
    ("2023年4月,四川阿坝州壤塘县两名藏人僧侣贡却扎西和洛桑多杰被警方带走。", ("detained", "贡却扎西"), None),
])
def test_place(text, key, place):
    assert places(text)[key] == place


def test_court_is_carried_to_the_verdict():
    text = ("2024年11月19日\n47人案今日于西九龙裁判法院判刑。"
            "被视为“首要分子”的戴明轩判囚10年。")
    assert places(text)[("sentenced", "戴明轩")] == "西九龙裁判法院"


def test_each_record_has_its_own_evidence():
    recs = events("本周知名法律人郝建国行政拘留期满被转为刑事拘留。")
    assert len(recs) == 2
    assert len({(r.evidence.start, r.evidence.end) for r in recs}) == 2
    assert len({r.event_id for r in recs}) == 2


def test_earlier_step_is_not_dated_by_the_later():
    recs = {r.evidence.text: r.date for r in events("2020年1月8日\n本周知名法律人郝建国行政拘留期满被转为刑事拘留。")}
    assert sorted((d.iso if d else "") for d in recs.values()) == ["", "2020-01"]


def test_case_charge_reaches_the_verdicts():
    text = ("2024年11月19日\n民主派初选案今日于西九龙裁判法院判刑,此为“颠覆国家政权罪”首案。"
            "被视为“首要分子”的戴明轩判囚10年。")
    recs = [r for r in events(text) if r.event_type == "sentenced"]
    assert [[c.id for c in r.charges] for r in recs] == [["subversion"]]


def test_charge_of_a_continuing_clause():
    recs = events("2020年8月\n社运人士周婷婷被指涉嫌勾结外国势力,于2020年8月被捕。")
    assert [(r.event_type, [c.id for c in r.charges]) for r in recs] == [("arrested", ["collusion_foreign_forces"])]
