"""Chinese triggers: each event type in Simplified and Traditional, and the
frames that assert nothing (negation, demands, hypotheticals, states)."""
from __future__ import annotations

import pytest

from pipeline.stages.zh import lexicon, triggers
from pipeline.stages.zh.normalize import to_simplified
from tests.stages.zh.zh_support import kinds

ASSERTED = [
    # sentence, expected (event_type, name)
    ("2020年3月5日,维权人士梁文涛被警方刑事拘留。", ("detained", "梁文涛")),
    ("2020年3月5日,維權人士梁文濤被警方刑事拘留。", ("detained", "梁文濤")),
    ("访民郑秀英昨天被行政拘留十天。", ("detained", "郑秀英")),
    ("律师欧阳明华于2019年5月被带走。", ("detained", "欧阳明华")),
    ("2021年4月7日,检察院以涉嫌颠覆国家政权罪批准逮捕律师冯志刚。", ("arrested", "冯志刚")),
    ("公民記者彭家豪於2022年1月被捕。", ("arrested", "彭家豪")),
    ("2020年10月,人权律师骆一鸣被指定居所监视居住。", ("rsdl", "骆一鸣")),
    ("维权人士贺晓梅自2018年6月起失联。", ("disappeared", "贺晓梅")),
    ("2019年9月,检察院对异见人士鲁建平提起公诉。", ("indicted", "鲁建平")),
    ("2020年8月3日,作家温振华案在成都开庭审理。", ("tried", "温振华")),
    ("2021年2月,法院以寻衅滋事罪判处访民钟丽娟有期徒刑三年。", ("sentenced", "钟丽娟")),
    ("2021年2月,法院以尋釁滋事罪判處訪民鍾麗娟有期徒刑三年。", ("sentenced", "鍾麗娟")),
    ("学者严立新于2022年7月1日获释。", ("released", "严立新")),
    ("學者嚴立新於2022年7月1日獲釋。", ("released", "嚴立新")),
    ("2019年4月,律师葛红梅被取保候审。", ("released", "葛红梅")),
    ("六四前夕,维权人士谭秋生被软禁在家。", ("house_arrest", "谭秋生")),
    ("2017年,访民焦玉兰被强制送进精神病院。", ("psychiatric", "焦玉兰")),
    ("政治犯范志明2018年死于狱中。", ("died_in_custody", "范志明")),
    ("前立法會議員黎志明今日被判監禁14個月。", ("sentenced", "黎志明")),
    ("前官员韩立群于5月20日被监委留置。", ("detained", "韩立群")),
    ("律师邵文华5月20日被羁押。", ("detained", "邵文华")),
    ("维权人士谭秋生至今仍被软禁在家。", ("house_arrest", "谭秋生")),
    ("当地公安对维权人士苗建华采取刑事强制措施。", ("detained", "苗建华")),
    ("律师袁少华5月20日被抓,6月1日被取保。", ("released", "袁少华")),
    ("维权人士邵俊峰5月20日起与家人失去联系。", ("disappeared", "邵俊峰")),
    ("访民焦玉兰2017年被精神病。", ("psychiatric", "焦玉兰")),
    ("维权人士范志明2018年死于羁押。", ("died_in_custody", "范志明")),
    ("作家范志明2020年死于拘押期间。", ("died_in_custody", "范志明")),  # 期间 is the setting of the death, not an ongoing state
    ("牧师范志明在押期间死亡，家属质疑死因。", ("died_in_custody", "范志明")),
    # 承认 a charge is a plea, not speech: the pleader is the subject of the verdict
    ("社運人士霍嘉俊早前承認一項「煽動顛覆國家政權罪」，被判監禁三年六個月。", ("sentenced", "霍嘉俊")),
    ("维权人士凌志刚在北京西站被警方截获。", ("detained", "凌志刚")),  # intercepted
    ("2019年3月1日,访民凌志刚被关押在当地看守所。", ("detained", "凌志刚")),  # dated: an event
    # re-education through labour and extralegal detention places, with a verb that sends someone there
    ("2012年4月,访民谢振华被劳教一年。", ("detained", "谢振华")),
    ("2012年4月,访民谢振华被送往劳教所。", ("detained", "谢振华")),
    ("2012年4月20日,访民谢振华被强制送进“法制学习班”。", ("detained", "谢振华")),
    ("社運人士謝振華昨日被國安處扣查。", ("detained", "謝振華")),  # Hong Kong: held for inquiry
    # taken to a police station for questioning is a detention
    ("异见人士鲍明远被国保约谈，随后被带到派出所问话。", ("detained", "鲍明远")),
    # a psychiatric ward named by its department, the verb well before it
    ("访民卢玉珍被送进省第三人民医院精神科强制治疗。", ("psychiatric", "卢玉珍")),
    # a conviction is a verdict (罪成, 被定罪)
    ("前社長莊嘉俊今日被裁定「串謀勾結外國勢力罪」罪成。", ("sentenced", "莊嘉俊")),
    ("维权人士祁文斌去年被定罪。", ("sentenced", "祁文斌")),
    ("前區議員陸嘉豪承認控罪，法官判他監禁十四個月。", ("sentenced", "陸嘉豪")),
    # 一审判处: 审判 across the instance word gives way to 判处
    ("2019年11月,法院一审判处维权人士韩振邦有期徒刑八年。", ("sentenced", "韩振邦")),
    # 据信 (reportedly) asserts what it reports: only planned, feared, demanded or denied events are not records
    ("据信,维权人士韩振邦已于2019年被判处有期徒刑八年。", ("sentenced", "韩振邦")),
    ("據信學者韓振邦於2019年被判處有期徒刑八年。", ("sentenced", "韓振邦")),
]

NOT_ASSERTED = [
    ("维权人士梁文涛并未被拘留。", "negated"),
    ("警方没有逮捕律师冯志刚。", "negated"),
    ("我们呼吁当局立即释放律师骆一鸣。", "demand"),
    ("国际组织要求释放维权人士贺晓梅。", "demand"),
    ("家人担心访民郑秀英可能被刑事拘留。", "feared"),
    ("律师葛红梅至今尚未获释。", "negated"),
    ("维权人士鲁建平因病住院,才免于被捕。", "negated"),
    ("他认为这是一场“非法审判”,律师温振华表示。", "predicate noun"),
    ("作家温振华仍被羁押中。", "ongoing state"),
    ("维权人士马晓东仍被羁押在看守所。", "still held"),
    ("律师冯志刚一直被关押在看守所。", "still held"),
    ("律师冯志刚在关押期间遭受酷刑。", "ongoing state"),
    ("律師馮志剛並未被拘留。", "negated, Traditional"),
    ("法官拒絕社運人士黃家駿的保釋申請。", "refused"),
    ("國際特赦組織呼籲當局立即釋放維權人士賀曉梅。", "demand, Traditional"),
    ("另一名學生冼德明則被拒保釋。", "bail refused"),
    ("异见人士鲍明远被国保约谈。", "a summons to talk is no detention"),
    ("访民严秀珍说,她今年已经第三次被关进学习班。", "a count of times so far"),
    ("有网民传言,维权律师单志刚已于上周被捕。", "a rumour"),
    ("同案被告施家樂繼續獲准保釋。", "still on bail"),
    ("社運人士鄒志彤刑滿後因另案被繼續還押。", "the term ended but custody went on"),
    ("访民谢振华曾在劳教所里遭到酷刑。", "a place named, no one sent there"),
    ("维权人士谢振华疑似被警方带走。", "suspected"),
    ("维权人士谢振华恐已被捕。", "feared"),
    ("维权人士谢振华没有被起诉,但仍被监视居住。", "still under residential surveillance"),
    ("当局通知家属,律师谢振远因涉嫌颠覆国家政权罪被关押在不明地点。", "where held, with no time of its own"),
    ("但警方有时说僧人洛桑丹巴被监禁在马尔康县城。", "where held"),
    ("社運人士施家樂的保釋申請被拒，須還押至4月。", "a bail application is no release"),
    ("裁判官今日撤銷社運人士施家樂的保釋。", "bail revoked"),
    ("檢方今日撤銷對社運人士施家樂的起訴。", "charges withdrawn"),
    ("12月24日,法院对维权人士韩振邦案作出二审裁定,驳回上诉,维持一审判处的有期徒刑八年。", "appeal upheld: no trial, no new sentence"),
    ("維權人士冼德明遭拒保釋，須還押候審。", "bail refused"),
    ("目前教师陈志刚的案件正在审理中。", "trial under way"),
    ("法官押後至明年1月判處被告人陈志刚。", "adjourned: a future verdict"),
]


def test_verdict_word_is_no_trial():
    assert ("tried", "孔维新") not in kinds("2021年4月,法院一审判决基督徒孔维新。")


def test_event_dated_after_the_dateline_is_planned():
    assert kinds("明報 2023年12月15日\n\n被告人祁文斌明年1月判刑。") == set()


@pytest.mark.parametrize("text,expected", [
    # 判处X监禁N年: the custody word after the name is the verdict's term, not a detention
    ("法官判處前教師麥家朗監禁八年。", {("sentenced", "麥家朗")}),
    ("法院判处维权人士汤志坚监禁三年零六个月。", {("sentenced", "汤志坚")}),
])
def test_custody_word_inside_a_verdict_is_its_term(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text,expected", ASSERTED)
def test_trigger_asserts_event(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize("text,why", NOT_ASSERTED)
def test_frame_asserts_nothing(text, why):
    assert kinds(text) == set(), why


def test_every_trigger_word_is_found_in_both_scripts():
    pat, by_text = lexicon.trigger_index()
    for entry in lexicon.triggers():
        for word in entry.text:
            hits = [h for h in triggers.find(word) if h.entry.id == entry.id]
            assert hits, word


def test_trigger_ids_are_unique_and_typed():
    ids = [e.id for e in lexicon.triggers()]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("zh.trig.") for i in ids)


@pytest.mark.parametrize("trad,simp", [("傳喚", "传唤"), ("獲釋", "获释"), ("軟禁", "软禁"), ("判處", "判处"), ("下落不明", "下落不明"), ("指定居所監視居住", "指定居所监视居住")])
def test_traditional_forms_reach_simplified_triggers(trad, simp):
    hits = triggers.find(to_simplified(trad))
    assert [to_simplified(trad)[h.start:h.end] for h in hits] == [simp]


def test_jail_term_is_not_a_second_detention():
    assert kinds("前立法會議員黎志明今日被判監禁14個月。") == {("sentenced", "黎志明")}
