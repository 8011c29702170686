"""English persons: romanized names, Chinese-character forms, aliases, role nouns.

Mirrors pipeline/stages/en/persons.py. Sentences are our own inventions.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.stages.en.en_support import events, only, pairs
from pipeline.stages.en import persons as P

from tests.conftest import REPO


def _names(mentions):
    return [m.text for m in mentions]


# --------------------------------------------------------------------------- romanized names

ROMANIZED = [
    # sentence, names the rule recognizer must find (in order)
    ("Police questioned Wang Lin on Tuesday.", ["Wang Lin"]),  # 1-syllable given name
    ("Officers took Qin Zhiyong to a hotel.", ["Qin Zhiyong"]),  # 2 syllables
    ("The court heard Wu Gejianxiong last week.", ["Wu Gejianxiong"]),  # 3 syllables
    ("Ouyang Meihua and Sima Qianfeng signed it.", ["Ouyang Meihua", "Sima Qianfeng"]),  # compound surnames
    ("Hong Kong police charged Chan Tai-man.", ["Chan Tai-man"]),  # Cantonese, hyphenated
    ("Lam Pui-kuen and Ho Chun-yan were fined.", ["Lam Pui-kuen", "Ho Chun-yan"]),
    ("Tsang Wai-ming met Leung Kwok-hung.", ["Tsang Wai-ming", "Leung Kwok-hung"]),
    ("The student Hsu Wei-ting left Taipei.", ["Hsu Wei-ting"]),  # Wade-Giles
    ("Chang Ching-kuo wrote the letter.", ["Chang Ching-kuo"]),
    ("She visited Deng ShiFeng twice.", ["Deng ShiFeng"]),  # inner capital
    ("Wang Wei, Li Na and Zhang Xiaoming met.", ["Wang Wei", "Li Na", "Zhang Xiaoming"]),
    ("Officers detained Zhou Ya’ning and Li Min.", ["Zhou Ya’ning", "Li Min"]),  # an apostrophe between syllables
    ("Wang Lin’s lawyer and Qian Bo's wife spoke.", ["Wang Lin", "Qian Bo"]),  # a possessive is not
    # not persons
    ("She flew to Hong Kong on Monday.", []),
    ("Officials in Linhai City said nothing.", []),
    ("He lives in Xian County with his mother.", []),
    ("They walked along Wang Street at night.", []),
    ("Police questioned Zhang Xiaozhiyongming.", []),  # four syllables is not a given name
    ("Guo Peter is not a romanized name.", []),
    ("The Tang Dynasty poems were banned.", []),
]


@pytest.mark.parametrize("sentence, names", ROMANIZED)
def test_romanized_names(sentence, names):
    found = P.romanized_names(sentence)
    assert _names(found) == names
    for m in found:
        assert sentence[m.start:m.end] == m.text
        assert m.source == "en.person.romanized"


PINYIN_WORDS = [
    # word, max syllables, splits into at most that many pinyin syllables
    ("Zhiyong", 3, True),
    ("Xiaoming", 2, True),
    ("Jiang", 1, True),
    ("Gejianxiong", 3, True),
    ("Zhuangzhuang", 2, True),
    ("Er", 1, True),
    ("Ang", 1, True),
    ("Zhongguoren", 3, True),
    ("Zhongguoren", 2, False),
    ("Xiaozhiyongming", 3, False),
    ("Xiaozhiyongming", 4, True),
    ("Peter", 3, False),
    ("Tenzin", 3, False),
    ("Norbu", 3, False),
    ("Strong", 3, False),
    ("Monday", 3, False),
    ("Tai-man", 3, False),  # hyphenated names are handled by the name regex, not here
    ("Lüe", 3, False),  # not ASCII
]


@pytest.mark.parametrize("word, max_syllables, expected", PINYIN_WORDS)
def test_is_pinyin_word(word, max_syllables, expected):
    assert P.is_pinyin_word(word, max_syllables) is expected


@pytest.mark.parametrize("syllable", ["zhi", "yong", "xiong", "lue", "nu", "er", "a"])
def test_syllable_file_has(syllable):
    assert syllable in P.syllables()


@pytest.mark.parametrize("not_syllable", ["pe", "ter", "zhiy", "v", "ü"])
def test_syllable_file_lacks(not_syllable):
    assert not_syllable not in P.syllables()


def test_pinyin_syllable_file_has_not_drifted():
    """The generated syllable list equals what the build script renders from pypinyin now."""
    proc = subprocess.run(
        [sys.executable, "scripts/build_pinyin_syllables.py", "--check"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr or "pinyin_syllables.txt differs from scripts/build_pinyin_syllables.py output"


# --------------------------------------------------------------------------- role nouns

ROLES = [
    # sentence, role names found
    ("Police said Tibetan monk Tenzin Norbu was taken from his room.", ["Tenzin Norbu"]),
    ("Officers arrested lawyer Peter Wong outside his office.", ["Peter Wong"]),
    ("A week earlier, the pastor Daniel Cross had preached there.", ["Daniel Cross"]),
    ("Relatives said Uyghur scholar Rahile Omer was missing.", ["Rahile Omer"]),
    ("The police took his wife Amina Yusuf away for questioning.", ["Amina Yusuf"]),
    ("Agents interrogated journalist Sarah Kline's driver.", ["Sarah Kline"]),  # possessive stripped
    ("Supporters of activist Karma Dorje gathered outside the court.", ["Karma Dorje"]),
    ("The lawyer visited him in prison on Monday.", []),  # role noun, no name
    ("The activist said the Police had refused.", []),
    # an organisation's or a place's head word is no name
    ("A Tibetan source told the station's Tibetan Service about the raid.", []),
    ("Two Mongolian herders of Bayan Banner were held overnight.", []),
    # a second title inside the capitalized run: the name starts after it
    ("They urged officials to free the Catholic Coadjutor Bishop Zhao Ming of the diocese.", ["Zhao Ming"]),
    ("Witnesses saw the monk Abbot Tenzin Norbu leave.", ["Abbot Tenzin Norbu"]),  # "Abbot" is no role word here
]


@pytest.mark.parametrize("sentence, names", ROLES)
def test_role_names(sentence, names):
    found = P.role_names(sentence)
    assert _names(found) == names
    for m in found:
        assert sentence[m.start:m.end] == m.text


APPOSITIVES = [
    # sentence, names set off by commas after a role noun (one word or more)
    ("Police detained the Tibetan writer, Rabgye, on March 3, 2019.", ["Rabgye"]),
    ("She was taken away with the nun, Kunga Tsomo, in May.", ["Kunga Tsomo"]),
    # no name between the commas: a word that is no name part, or a place
    ("The activist, Police said, was detained on Monday.", []),
    ("The monk, Lhasa sources said, was held for a week.", []),
]


@pytest.mark.parametrize("sentence, names", APPOSITIVES)
def test_appositive_names(sentence, names):
    assert _names(P.appositive_names(sentence)) == names


GAPPED_NAMES = [
    # sentence, the items of a gapped verdict (names the lexicons do not hold)
    ("Dolkar Tso was sentenced to 10 years in prison, Garpo to nine years, Nyida and Rabgye to three years.",
     ["Garpo", "Nyida", "Rabgye"]),
    # no verdict verb: no gapped items
    ("Dolkar Tso moved to Lhasa in 2010, Garpo to Chengdu.", []),
    # a place in the item's slot is no name
    ("Dolkar Tso was sentenced to 10 years, Beijing to nine.", []),
]


@pytest.mark.parametrize("sentence, names", GAPPED_NAMES)
def test_gapped_verdict_names(sentence, names):
    assert _names(P.gapped_names(sentence)) == names


@pytest.mark.parametrize("surface, stopped", [
    # a statistical PERSON span that names an organisation, a place or a title is dropped
    ("Uyghur Service", True),
    ("Bayan Banner", True),
    ("Gyalten Nunnery", True),
    ("His Holiness", True),
    ("Chinese Human Rights Defenders", True),
    ("Dawa Township", True),
    ("Tenzin Norbu", False),
    ("Peter Wong", False),
])
def test_statistical_person_stop_words(surface, stopped):
    from pipeline.stages.en.extract import _SPACY_PERSON_STOP

    assert bool(_SPACY_PERSON_STOP.match(surface)) is stopped


HEADLINES = [
    # a Title Case headline: the capitalized word after a role noun is not a name
    "Lawyer Says Officials Took Colleagues Away",
    "Activist Warns Of Wider Crackdown After Verdict",
    "Pastor Urges Congregation To Stay Calm",
    "Blogger Reports Police Raid On Church",
]


@pytest.mark.parametrize("headline", HEADLINES)
def test_headline_yields_no_role_name(headline):
    assert P.role_names(headline) == []
    # the heading test is per line: a real role name in the body under it is still found
    text = headline + "\nOn Monday police took the lawyer Wen Qiao to a hotel in the city."
    assert _names(P.role_names(text)) == ["Wen Qiao"]


@pytest.mark.parametrize("text, expected", [
    ("Activist Warns Police Detained Friends\nThe police detained Han Bing on March 3, 2020.",
     [("detained", "Han Bing")]),
    ("Lawyer Says Officials Took Colleagues Away\nPolice detained Han Bing on March 3, 2020.",
     [("detained", "Han Bing")]),
])
def test_headline_does_not_become_a_person_in_records(text, expected):
    assert pairs(events(text)) == expected


# --------------------------------------------------------------------------- Chinese forms and aliases

ZH_AND_ALIASES = [
    # text, person name, name_zh, aliases (all from the record pipeline.extract returns)
    ("Police detained blogger Xu Wen (许文) on March 3, 2020.", "Xu Wen", "许文", []),
    ("Police detained Xu Wen (許文) in Hong Kong on March 3, 2020.", "Xu Wen", "許文", []),
    ("Police detained Liu Dan 刘丹 on March 3, 2020.", "Liu Dan", "刘丹", []),
    ("Police detained Hu Jia（胡佳）on March 3, 2020.", "Hu Jia", "胡佳", []),
    ("Police detained Zhang Haoran, also known as Zhang Lei, on March 3, 2020.", "Zhang Haoran", None, ["Zhang Lei"]),
    ("Police detained the poet Gu Lan, a.k.a. Gu Xiaolan, on March 3, 2020.", "Gu Lan", None, ["Gu Xiaolan"]),
    ("Police detained Yang Tongyan (杨同彦, a.k.a. Yang Tianshui 杨天水) on March 3, 2020.",
     "Yang Tongyan", "杨同彦", ["Yang Tianshui", "杨天水"]),
    ("Police detained Han Bing (韩冰) on March 3, 2020.", "Han Bing", "韩冰", []),
    ("Police detained Ruan Kaixin, whose real name is Ruan Xiaoxin, on March 3, 2020.", "Ruan Kaixin", None, ["Ruan Xiaoxin"]),
    ("Police detained Ms. Deng Lifang on March 3, 2020.", "Deng Lifang", None, []),
    ("Catholic bishop Joseph Ma Yinghua was detained on March 3, 2020.", "Joseph Ma Yinghua", None, []),
    ("Tibetan monk Tenzin Norbu was detained on March 3, 2020.", "Tenzin Norbu", None, []),
    ("Police arrested lawyer Peter Wong on March 3, 2020.", "Peter Wong", None, []),
    ("Activist Xie Haoran (谢浩然) was detained on March 3, 2019.", "Xie Haoran", "谢浩然", []),
    ("On May 5, 2018, police in Guangzhou detained Lu Jun.", "Lu Jun", None, []),  # no full stop in the name
]


@pytest.mark.parametrize("text, name, name_zh, aliases", ZH_AND_ALIASES)
def test_person_slots_in_records(text, name, name_zh, aliases):
    ev = only(events(text))
    assert (ev.person.name, ev.person.name_zh, ev.person.aliases) == (name, name_zh, aliases)


PLACES_NOT_PERSONS = [
    # text, the only (type, person) records
    ("Police in Hong Kong detained Chan Tai-man on August 9, 2020.", [("detained", "Chan Tai-man")]),
    ("Hong Kong police arrested Lam Pui-kuen on August 9, 2020.", [("arrested", "Lam Pui-kuen")]),
    ("Linhai City police detained Ma Yuqing on March 3, 2020.", [("detained", "Ma Yuqing")]),
    ("Police in Xian County detained Bai Ling on March 3, 2020.", [("detained", "Bai Ling")]),
]


@pytest.mark.parametrize("text, expected", PLACES_NOT_PERSONS)
def test_place_names_are_not_persons(text, expected):
    assert pairs(events(text)) == expected


def test_alias_after_a_parenthesized_chinese_name_is_the_same_person():
    text = "Police detained Ruan Kaixin (阮凯欣), also known as Ruan Xin, on March 3, 2020."
    evs = events(text)
    assert [(e.person.name, e.person.name_zh, e.person.aliases) for e in evs] == [("Ruan Kaixin", "阮凯欣", ["Ruan Xin"])]



# --------------------------------------------------------------------------- Tibetan and Uyghur name elements

ELEMENT_NAMES = [
    # sentence, names the element rule finds (in order)
    ("Dorje Tsering, a herder, was taken away on Monday.", ["Dorje Tsering"]),  # spaCy reads such names as ORG
    ("Gyatso was detained with two other monks.", ["Gyatso"]),  # a one-word name
    ("The nuns Lhamo and Pema Dolma were released.", ["Lhamo", "Pema Dolma"]),
    ("Khenpo Jigme Namgyal Rinpoche died in prison.", ["Khenpo Jigme Namgyal Rinpoche"]),  # titles kept
    ("Police freed Ani Pema Dolma on Monday.", ["Pema Dolma"]),  # an honorific before the name is not part of it
    ("Police took Abdukerim Tursun to a camp.", ["Abdukerim Tursun"]),  # Uyghur: two elements
    # not names
    ("He studied at Tashi Lhunpo Monastery for years.", []),  # a run with another capitalized word
    ("Memet was seen in the market.", []),  # Uyghur needs two words
    ("The Dalai Lama said nothing.", []),
    ("Norbulingka is a palace.", []),  # an element inside a longer word
    ("Tenzin-led groups gathered.", []),
]


@pytest.mark.parametrize("sentence, names", ELEMENT_NAMES)
def test_element_names(sentence, names):
    assert _names(P.element_names(sentence)) == names


@pytest.mark.parametrize("text, expected", [
    ("Police detained Sonam Dorje, a shopkeeper, on March 3, 2016.", [("detained", "Sonam Dorje")]),
    ("Nyima Tsering, 34, was arrested on May 2, 2019 in Lhasa.", [("arrested", "Nyima Tsering")]),
])
def test_element_names_in_records(text, expected):
    assert pairs(events(text)) == expected


def test_name_element_lexicon_is_validated(monkeypatch):
    """A lower-case word or a word listed twice in a group is refused at load time."""
    from pipeline import resources
    from pipeline.errors import ResourceError

    groups = P.name_elements()
    assert {g.id for g in groups} == {"en.names.tibetan", "en.names.uyghur"}
    bad = "groups:\n  - {id: en.names.x, min_words: 1, elements: [Tenzin, tenzin, Tenzin]}\n"
    monkeypatch.setattr(P, "load_yaml", lambda *parts: resources.yaml.safe_load(bad))
    P.name_elements.cache_clear()
    try:
        with pytest.raises(ResourceError, match="listed twice"):
            P.name_elements()
    finally:
        P.name_elements.cache_clear()


@pytest.mark.parametrize("text, name", [
    # a list item followed by its affiliation ("of", "from") or a semicolon is a member too
    ("Ren Hao and Jude Amberley of the Civic Party were arrested.", "Jude Amberley"),
    ("Ren Hao and Jude Amberley from the Civic Party were arrested.", "Jude Amberley"),
    ("Police arrested Ren Hao, Jude Amberley; and two others.", "Jude Amberley"),
])
def test_list_member_before_its_affiliation(text, name):
    at = text.index("Ren Hao")
    first = P.PersonMention(at, at + 7, "Ren Hao", "en.person.romanized")
    assert name in _names(P.list_members(text, [first]))
