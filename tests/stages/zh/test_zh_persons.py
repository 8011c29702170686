"""Chinese person names: surname-anchored with context cues, role nouns,
transliterations, romanizations, aliases, and what is not a name."""
from __future__ import annotations

import pytest

from pipeline.stages.zh import persons
from pipeline.stages.zh.normalize import normalize
from pipeline.stages.zh.words import pos_cut
from tests.stages.zh.zh_support import events, kinds


def names(text: str) -> dict[str, list[str]]:
    w = normalize(text)
    idx = persons.PersonIndex()
    persons.find_candidates(w, pos_cut(w.text), idx, text)
    persons.expand_aliases(idx, [(w, text)])
    return {ref.name: ref.aliases for ref in idx.people.values()}


FOUND = [
    # text, name as written
    ("维权律师韦国栋于周二被带走。", "韦国栋"),
    ("访民曹淑芬在北京被截访。", "曹淑芬"),
    ("公民记者欧阳明华昨天失联。", "欧阳明华"),
    ("據悉,律師區志衡已被拘留。", "區志衡"),
    ("僧人洛桑嘉措(Lobsang Gyatso)被带走。", "洛桑嘉措"),
    ("她的母亲阿依古丽·买买提(Aygul Memet)被关在看守所。", "阿依古丽·买买提"),
    ("当地村领导扎西顿珠因反对征地被捕。", "扎西顿珠"),
    ("学者严立新于今年获释。", "严立新"),
    ("异见人士鲁建平提起上诉。", "鲁建平"),
    ("法院判处访民钟丽娟有期徒刑三年。", "钟丽娟"),
    ("邹文轩、钱晓东和卞玉霞三人被捕。", "钱晓东"),
    ("被判刑的人权律师周世锋、江天勇、李和平、王全璋均遭受酷刑。", "李和平"),
    # a list of dotted names: each one after the last, none cut by the one before
    ("同村的买合木提·阿布拉、努尔古丽·买买提和阿布都克里木·艾山被抓走。", "阿布都克里木·艾山"),
    ("牧民吐尔逊·阿吉和古丽米拉·依明被带走。", "古丽米拉·依明"),
    ("两人均被关押,其中艾则孜·托乎提于2020年获释。", "艾则孜·托乎提"),  # 其中 is no part of the name
    ("北京大学毕业生岳晓琳被刑事拘留。", "岳晓琳"),
    ("被告施家樂准以現金一萬元保釋。", "施家樂"),  # 准以 ends a name
    # a name opening the sentence, ended by a common verb after a subject
    ("谢振远拒绝认罪,后被判处有期徒刑十年。", "谢振远"),
    ("柯德华长期为访民维权。", "柯德华"),
    # a name closed by 等(N)人 keeps a given name that is also a word
    ("维权人士诸葛明亮等三人于5月3日被带走。", "诸葛明亮"),
    ("律师欧阳建国等人被捕。", "欧阳建国"),
    # the object of an active custody verb: 将X带走, 带走了X
    ("警方3月1日将谢振华带走。", "谢振华"),
    ("警方3月1日带走了谢振华,并搜查了他的住所。", "谢振华"),
    ("台灣商人謝志遠去年遭中國國安羈押。", "謝志遠"),  # 遠去 runs into the time word 去年
    # two surnames then a given name, in a list
    ("工作人员程立、胡大军、吴葛振雄案于今年1月开庭。", "吴葛振雄"),
    ("访民汪秀兰、黄陈丽英被拘留。", "黄陈丽英"),
    # Tibetan names: a run of name elements is a name with no cue before it
    ("达瓦央金是一名藏族歌手。", "达瓦央金"),
    ("据悉,格桑次仁和索南卓嘎于上月被捕。", "索南卓嘎"),
    # court wording: 被告人/犯罪嫌疑人 is a role noun, its 人 is not part of the name
    ("判决如下:被告人柴永福犯寻衅滋事罪。", "柴永福"),
    ("犯罪嫌疑人滕月娥于次日被刑事拘留。", "滕月娥"),
    # the names listed after a recognized name share its standing (zh.person.list)
    ("次仁旺堆、莫拉卡和诺布被捕。", "莫拉卡"),
    ("法院判处格桑次仁、洛顿珐、扎勒等三人有期徒刑。", "洛顿珐"),
    ("法院判处格桑次仁、洛顿珐、扎勒等三人有期徒刑。", "扎勒"),
    # a transliterated name written with a period for its dot; an occupation in 家 before it
    ("诗人阿不都热合曼.托合提则被判刑十年。", "阿不都热合曼.托合提"),
    ("著名人类学家热依拉·达吾提已失联。", "热依拉·达吾提"),
    ("失踪者中,艾合买提·尼亚孜便是其中一人。", "艾合买提·尼亚孜"),
    # a date in Chinese numerals, 现正/现年, or the home after a name ends it
    ("学员周红、李丽二零一九年三月五日被派出所警察绑架。", "李丽"),
    ("律师何平现正办理取保手续。", "何平"),
    ("学员陈秀英家的门锁被撬。", "陈秀英"),
    # 代表 (a representative) is a role noun before a name
    ("退伍军人维权代表丹金民昨日被带走。", "丹金民"),
    ("村民代表禾木金被拘留。", "禾木金"),
]

DOTTED_EXACT = [
    # text, the dotted name exactly: the words before it and 都 after it are no part
    # of it, and 都 inside a transliteration is (examples written for this test)
    ("人权组织在买买提江·托合提被判刑后发表声明。", "买买提江·托合提"),  # ...在| a function character
    ("该论坛管理员艾尼瓦尔·托合提被捕。", "艾尼瓦尔·托合提"),  # a common word (管理员) before it
    ("呼吁当局立即释放热合曼·阿布都拉。", "热合曼·阿布都拉"),  # a trigger before it; 都 inside it
    ("中心主任苏珊·米勒表示关注。", "苏珊·米勒"),
    ("吐尔逊·阿吉和古丽米拉·依明都被带走。", "古丽米拉·依明"),  # 都被: 都 ends the name
]

NOT_NAMES = [
    "國安處昨日拘捕四名男子", "市信访办今天表示", "多地维权人士被软禁 某某母亲成员遭监控",
    "周五下午在法院门口", "高铁离站前被带走", "因近日和平抗议而被扣押", "他与境外友人通话长达两个小时",
    "于北京被捕", "关押至今", "当地郭多(音译)境内", "索(Sog)县",
    # a period between two clauses is no name's dot; function words open no name
    "他被判刑十年.随后被送往监狱", "法院连续第三天开庭", "学员给市长写信后被带走", "包括他在内的人被关押",
    # a district before its police office, a numeral date
    "三月十日被白沙分局刑事拘留", "二零一五年八月被派出所带走",
    # a place before a facility or a newspaper's name (written for this test)
    "警方把他们送往何坪精神病医院", "中国的《楚天都市报》和《新京报》等媒体报道",
    # a title in book marks is no person
    "联合国通过了《宣言》,其中写道", 
    # a predicate after a role noun is no transliterated name
    "法官表示被告暂毋须答辩,案件押后", "农民工爬塔吊讨薪被拘",
    # a surname character before a common adverb, with no cue
    "桂本该在周五出庭受审",
]

LIST_NOT_NAMES = [
    # text, a recognized name, what follows it in the list and is no name
    ("维权人士韦国栋和妻子被带走。", "韦国栋", "妻子"),
    ("律师王全章、警察和国保人员在场。", "王全章", "警察"),
    ("诗人林海因编辑和平奖得主的文集被拘。", "林海", "平奖"),  # 和平 is a word, not 和 + a name
]


@pytest.mark.parametrize("text,name", FOUND)
def test_name_found(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text,name", DOTTED_EXACT)
def test_dotted_name_bounds(text, name):
    found = names(text)
    assert name in found
    assert not [n for n in found if n != name and name in n], found


@pytest.mark.parametrize("text,name,other", LIST_NOT_NAMES)
def test_list_member_that_is_a_word(text, name, other):
    found = names(text)
    assert name in found and other not in found


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_a_name(text):
    assert names(text) == {}


def test_alias_in_parentheses_and_romanization():
    found = names("僧人仁青旺姆(又写:仁青旺莫)和其弟弟次仁多吉(Tsering Dorje)被传唤。")
    assert "仁青旺莫" in found["仁青旺姆"]
    assert "Tsering Dorje" in found["次仁多吉"]


def test_quoted_nickname_is_an_alias():
    recs = events("被称为“李奶奶”的李秀琴于2019年8月11日被警察带走。")
    assert recs and recs[0].person.name == "李秀琴" and "李奶奶" in recs[0].person.aliases


def test_short_form_and_homophone_of_a_transliterated_name():
    text = "僧人索南旺堆(Sonam Wangdu)于2018年5月8日被带走。索南多次遭传唤。索喃旺堆此前曾获释。"
    found = names(text)
    assert "索喃旺堆" in found["索南旺堆"]


def test_traditional_name_keeps_its_script_and_has_a_simplified_form():
    recs = events("2021年5月,民主派人士陳嘉豪被捕。")
    assert [(r.person.name, r.person.name_zh) for r in recs] == [("陳嘉豪", "陈嘉豪")]


# --------------------------------------------------------------------------- bylines

BYLINES = [
    # text, the reporter the byline names (no person of the story), the person who is one
    ("(某某社记者林一凡北京5日电)法院今天以颠覆国家政权罪判处维权人士韩振邦有期徒刑八年。", "林一凡", "韩振邦"),
    ("(自由之声记者林一凡报导)四川法院上月以分裂国家罪判处僧人达瓦,刑期三年。", "林一凡", "达瓦"),
    ("（某某電台記者林一凡綜合報導）香港警方今日拘捕社運人士冼德明。", "林一凡", "冼德明"),
]


@pytest.mark.parametrize("text, reporter, person", BYLINES)
def test_a_byline_names_no_person_of_the_story(text, reporter, person):
    found = names(text)
    assert person in found and not any(reporter in n for n in found)


def test_a_citizen_journalist_is_no_byline():
    assert "张一凡" in names("2020年2月,公民记者张一凡在武汉被带走。")


def _people(text: str) -> persons.PersonIndex:
    """The document's index after every document-level pass, as the extractor builds it."""
    sents = [normalize(s + "。") for s in text.split("。") if s]
    idx = persons.PersonIndex()
    for w in sents:
        persons.find_candidates(w, pos_cut(w.text), idx, w.text)
    pairs = [(w, w.text) for w in sents]
    persons.expand_aliases(idx, pairs)
    persons.short_forms(idx, pairs)
    return idx


SHORT_FORMS = [
    # text, short form, the full name it is read as (None: read as nobody)
    ("村民孙建国赴京上访。次日,老孙被送进精神病院。", "老孙", "孙建国"),
    ("维权人士韩立新被带走。韩先生的家人至今不知他被关在哪里。", "韩先生", "韩立新"),
    ("犯罪嫌疑人鲁某,男,30岁,被刑事拘留。鲁海峰的律师表示不服。", "鲁某", "鲁海峰"),
    # two persons share the surname: the short form is neither
    ("律师王大明和王小红被带走。王先生随后被释放。", "王先生", None),
    # a word that only looks like a prefix and a surname (老师 is no short form of 师)
    ("师志刚的老师说,他已被拘留。", "老师", None),
]


@pytest.mark.parametrize("text,short,full", SHORT_FORMS)
def test_short_form_of_a_name_met_in_full(text, short, full):
    idx = _people(text)
    assert idx.resolve(short) == full
    if full:
        assert short not in idx.people  # merged into the full name, no person of its own


def test_an_anonymized_short_form_met_first_is_merged():
    idx = _people("被告人鲁某犯寻衅滋事罪。上诉人鲁海峰不服,提出上诉。")
    assert idx.resolve("鲁某") == "鲁海峰" and "鲁某" not in idx.people


DESCRIPTIONS = [
    # text, (event_type, person) that only the bare description gives
    ("23岁被告陈小梅报称学生,被控煽动罪。法官准许被告保释。", ("released", "陈小梅")),
    ("法轮功学员周秀英老人被非法关押。法院对老人判刑三年。", ("sentenced", "周秀英")),
]


@pytest.mark.parametrize("text,event", DESCRIPTIONS)
def test_a_bare_description_is_the_person_it_stood_with(text, event):
    assert event in kinds(text)


def test_a_description_bound_to_two_names_is_neither():
    idx = _people("被告陈小梅和被告林志华被控煽动罪。法官准许被告保释。")
    assert idx.resolve("被告") is None


def test_a_plural_or_verbal_description_is_no_mention():
    text = "被告陈小梅被控煽动罪。两名被告均被告知不得离港。"
    idx = _people(text)
    w = normalize(text)
    found = [m.text for m in persons.mentions(w, idx, text)]
    assert found == ["陈小梅"]
