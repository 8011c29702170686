"""Romanized readings of Chinese names: pinyin, Hong Kong Cantonese, Wade-Giles."""
from __future__ import annotations

import pytest

from pipeline.people import romanize as rom


@pytest.mark.parametrize("zh,written", [
    ("许志永", "Xu Zhiyong"), ("許志永", "Xu Zhi-yong"), ("许志永", "Zhiyong Xu"), ("许志永", "XU Zhiyong"),
    ("吕频", "Lü Pin"), ("欧阳明", "Ouyang Ming"), ("欧阳明", "Ming Ouyang"), ("曾金燕", "Zeng Jinyan"),
    ("单仲偕", "Shan Zhongxie"),
])
def test_pinyin_reads_the_romanized_name(zh, written):
    assert rom.fold_latin(written) in rom.mandarin_keys(zh)


@pytest.mark.parametrize("zh,written", [
    ("李卓人", "Lee Cheuk-yan"), ("區諾軒", "Au Nok-hin"), ("鄒幸彤", "Chow Hang-tung"), ("楊森", "Yeung Sum"),
    ("黎智英", "Lai Chee-ying"), ("梁國雄", "Leung Kwok-hung"), ("吳靄儀", "Ng Ngoi-yee"),
])
def test_cantonese_reads_hong_kong_names(zh, written):
    assert rom.fold_latin(written) in rom.cantonese_keys(zh)
    assert rom.hk_or_tw_style(written)


@pytest.mark.parametrize("zh,written", [("李明哲", "Lee Ming-cheh"), ("蔡英文", "Tsai Ing-wen"), ("謝長廷", "Hsieh Chang-ting")])
def test_wade_giles_reads_taiwanese_names(zh, written):
    assert rom.fold_latin(written) in rom.wade_giles_keys(zh)


@pytest.mark.parametrize("zh,written", [("王林", "Wang Ling"), ("许志永", "Xu Zhiyang"), ("李卓人", "Li Zhuo")])
def test_other_names_do_not_read_so(zh, written):
    keys = rom.mandarin_keys(zh) | rom.cantonese_keys(zh) | rom.wade_giles_keys(zh)
    assert rom.fold_latin(written) not in keys


@pytest.mark.parametrize("name,styled", [("Xu Zhiyong", False), ("Li Yan", False), ("Lee Cheuk-yan", True),
                                         ("Yeung Sum", True), ("Ouyang Ming", False)])
def test_hong_kong_or_taiwan_style(name, styled):
    assert rom.hk_or_tw_style(name) is styled


def test_a_western_given_name_is_dropped_before_a_full_chinese_name():
    assert rom.name_forms("Jimmy Lai Chee-ying") == ["jimmylaicheeying", "laicheeying"]
    assert rom.name_forms("Xu Zhiyong") == ["xuzhiyong"]


@pytest.mark.parametrize("name", ["王", "王林王林王林", "Wang Lin"])
def test_only_two_to_four_characters_have_readings(name):
    assert rom.mandarin_keys(name) == frozenset() and rom.cantonese_keys(name) == frozenset()


def test_the_schemes_file_is_validated():
    assert set(rom.schemes()) == {"hk", "wg"}
    assert rom.schemes()["hk"].spell("coek") == ["cheuk", "tseuk"]
