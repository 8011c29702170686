"""Chinese dates: full, partial, relative, packed digits, Chinese numerals,
anchored on the document's own dateline. Mirrors pipeline/stages/zh/dates.py."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.stages.zh import dates as D
from pipeline.stages.zh.normalize import normalize
from tests.stages.zh.zh_support import RULES, summary

DL = dt.date(2020, 11, 30)


def first(text: str, dateline: dt.date | None = DL, **ctx) -> tuple[str, str] | None:
    c = D.DateContext(dateline=dateline, **ctx)
    hits = [h for h in D.find(normalize(text).text, c) if not h.range_end]
    return (hits[0].iso, hits[0].precision) if hits else None


CASES = [
    # text, iso, precision
    ("2019年12月26日", "2019-12-26", "day"),
    ("２０１９年１２月２６日", "2019-12-26", "day"),
    ("二〇一七年十二月", "2017-12", "month"),
    ("二〇二三年三月二十六日", "2023-03-26", "day"),
    ("2018年", "2018", "year"),
    ("2020-11-30 發布", "2020-11-30", "day"),
    ("2026/03/10 05:30", "2026-03-10", "day"),
    ("12月26日", "2019-12-26", "day"),  # after the dateline in 2020: last year
    ("8月1日", "2020-08-01", "day"),
    ("十二月", "2019-12", "month"),
    ("去年8月1日", "2019-08-01", "day"),
    ("去年12月", "2019-12", "month"),
    ("今年二月", "2020-02", "month"),
    ("今天", "2020-11-30", "day"),
    ("昨天", "2020-11-29", "day"),
    ("本月", "2020-11", "month"),
    ("上个月", "2020-10", "month"),
    ("925日", "2020-09-25", "day"),  # separators lost
    ("1116日", "2020-11-16", "day"),  # the month/day closest before the dateline
    ("(1116)", "2020-11-16", "day"),
    ("1226日", "2019-12-26", "day"),
    ("2015914日", "2015-09-14", "day"),
    ("201579", "2015-07-09", "day"),
    ("2020年1月6日-2020年1月12日", "2020-01-06", "day"),  # a range keeps its start
    ("2015年7月9日凌晨", "2015-07-09", "day"),
    ("“12·26公民案”", "2019-12-26", "day"),
    ("過去一年", "2019", "year"),
    ("上周五", "2020-11-27", "day"),  # the dateline 2020-11-30 is a Monday
    ("上周一", "2020-11-23", "day"),
    ("周六", "2020-11-28", "day"),
    ("三天前", "2020-11-27", "day"),
    ("两个月前", "2020-09", "month"),
    ("两年前", "2018", "year"),
    ("翌年", None, None),
    ("前日", "2020-11-28", "day"),  # Hong Kong usage: the day before yesterday
    ("前晚", "2020-11-28", "day"),
]


@pytest.mark.parametrize("text,iso,precision", CASES)
def test_date(text, iso, precision):
    assert first(text) == ((iso, precision) if iso else None)


def test_weekday_picks_the_year():
    # no dateline; the latest year the report mentions is 2014; 1月29日 was a Friday in 2016
    assert first("周五(1月29日)", dateline=None, min_year=2014) == ("2016-01-29", "day")
    assert first("星期四(2月9日)", dateline=None, min_year=2017) == ("2017-02-09", "day")


@pytest.mark.parametrize("text,iso", [("次日", "2020-03-06"), ("当天", "2020-03-05"), ("当晚", "2020-03-05"), (",晚上", "2020-03-05"), ("一个月后", "2020-04"), ("数天后", "2020-03"), ("一周后", "2020-03-12"), ("14日", "2020-03-14")])
def test_relative_to_the_last_date(text, iso):
    c = D.DateContext(dateline=DL)
    D.find("2020年3月5日", c)
    hits = D.find(normalize(text).text, c)
    assert hits and hits[0].iso == iso


@pytest.mark.parametrize("text", ["下午1400在法院", "判处有期徒刑3年", "18个月后", "近7千人", "458汽车总站", "本周重点关注的良心犯", "分别被行政拘留十日、七日和五日"])
def test_not_a_date(text):
    assert first(text) is None


@pytest.mark.parametrize("text,expected", [("二〇一七", 2017), ("十二", 12), ("二十六", 26), ("两", 2), ("12", 12), ("三十一", 31)])
def test_chinese_numerals(text, expected):
    assert D.cn_int(text) == expected


@pytest.mark.parametrize("head,expected", [
    ("2012年11月16日星期五\n\n标题", dt.date(2012, 11, 16)),
    ("作者:某某 更新时间:2014-11-06 10:38\n正文", dt.date(2014, 11, 6)),
    ("『某某郵報2018年5月22日台北編譯報導』正文", dt.date(2018, 5, 22)),
    ("正文提到2015年7月9日的事情以及更多更多更多更多的内容,这一行很长很长很长", None),
    # a masthead: a short source name, then the date closing the line
    ("人权观察站 2023年4月12日\n\n某地访民被拘", dt.date(2023, 4, 12)),
    ("【某某專訊】2024年5月8日\n正文", dt.date(2024, 5, 8)),
    ("【某某報／即時新聞】2025/01/22\n正文", dt.date(2025, 1, 22)),
    ("某某电台 2024-09-05\n正文", dt.date(2024, 9, 5)),
    ("他在2019年5月3日\n正文", None),
])
def test_dateline(head, expected):
    assert D.dateline(normalize(head).text) == expected


def test_congress_gives_the_report_year():
    ctx = D.document_context(normalize("今年将举行中共第十九大").text)
    assert ctx.min_year == 2017


@pytest.mark.parametrize("dateline,iso", [
    (dt.date(2024, 7, 3), "2024-06"),  # last week was June 24-30
    (dt.date(2024, 7, 10), "2024-07"),  # July 1-7
    (dt.date(2024, 6, 5), None),  # May 27 - June 2: no single month
])
def test_last_week_is_the_month_of_that_week(dateline, iso):
    got = first("上周", dateline)
    assert (got[0] if got else None) == iso


@pytest.mark.parametrize("text,expected", [
    # a clause's own time word that gives no date (no dateline) does not borrow another clause's or sentence's date
    ("2019年6月,律师韩志刚在北京被刑事拘留。他的同事邱德明上周也被带走。", {("detained", "韩志刚", "2019-06"), ("detained", "邱德明", None)}),
    ("2019年6月,律师韩志刚在北京被刑事拘留。\n\n他的同事邱德明日前也被刑事拘留。", {("detained", "韩志刚", "2019-06"), ("detained", "邱德明", None)}),
    ("律师韩志刚于2019年6月3日被刑事拘留,前天被正式逮捕。", {("detained", "韩志刚", "2019-06-03"), ("arrested", "韩志刚", None)}),
    # with a dateline the same words resolve
    ("人权观察站 2019年6月12日\n\n律师韩志刚于6月3日被刑事拘留,前天被正式逮捕。", {("detained", "韩志刚", "2019-06-03"), ("arrested", "韩志刚", "2019-06-10")}),
])
def test_unresolved_relative_time_does_not_borrow(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize("text,expected", [
    # 当晚 after 日前/上周 cannot go back to a day told before them
    ("2019年6月3日,律师韩志刚被刑事拘留。他的同事邱德明日前被带走,当晚获释。",
     {("detained", "韩志刚", "2019-06-03"), ("detained", "邱德明", None), ("released", "邱德明", None)}),
    ("某某电台 2023-02-16\n\n律师韩志刚2月3日被刑事拘留。异见人士邱德明上周被带到派出所问话,当晚即获释放。",
     {("detained", "韩志刚", "2023-02-03"), ("detained", "邱德明", "2023-02"), ("released", "邱德明", "2023-02")}),
])
def test_same_day_words_after_a_dayless_time(text, expected):
    assert summary(text) == expected


def test_a_relative_date_past_the_dateline_drops_the_date_not_the_event():
    text = "人权观察站 2021年3月5日\n\n维权人士谢振华于2月底被刑事拘留,一周后获释。"
    assert summary(text) == {("detained", "谢振华", "2021-02"), ("released", "谢振华", None)}


@pytest.mark.parametrize("text,expected", [
    # the dateline is a line with no Chinese in it: it still resolves 今年 and a bare month/day
    ("维权人士被刑事拘留\n2019.11.19 11:50 ET\n维权人士王小东今年5月被刑事拘留。", "2019-05"),
    ("维权人士被刑事拘留\n2019-11-19\n维权人士王小东在10月3日被刑事拘留。", "2019-10-03"),
])
def test_a_dateline_outside_the_chinese_text_anchors_its_dates(text, expected):
    from tests.stages.zh.zh_support import events

    got = [e.date.iso for e in events(text) if e.event_type == "detained" and e.person.name == "王小东"]
    assert got == [expected]


# --- year inference and relative dates on unfamiliar layouts (invented sentences) ---

def hits_of(text: str, ctx: D.DateContext) -> list[tuple[str, str]]:
    return [(h.iso, h.precision) for h in D.find(normalize(text).text, ctx) if not h.range_end]


def test_a_second_last_year_is_the_same_year():
    # no dateline: 去年 counts from the report's year, not from the 去年 just read
    c = D.DateContext(dateline=None, min_year=2021)
    assert hits_of("自去年以来被关押的教师某某,其学校去年被关闭", c) == [("2020", "year"), ("2020", "year")]


@pytest.mark.parametrize("text,iso,precision", [
    ("去年的7月9日", "2019-07-09", "day"),
    ("今年的三月", "2020-03", "month"),
])
def test_last_year_with_de(text, iso, precision):
    assert first(text) == (iso, precision)


def test_weekday_counts_from_the_report_year_not_the_last_date():
    # an older year was just read; 周三(8月28日) is this week's Wednesday (2024), not 2013's
    c = D.DateContext(dateline=None, min_year=2024)
    D.find("联合国大会2010年通过决议", c)
    assert hits_of("律师某某周三(8月28日)失踪", c) == [("2024-08-28", "day")]


def test_the_weekdays_of_a_report_fix_its_year():
    text = "去年某校被关闭,2021年7月8日起停课。\n当局于4月24日星期天释放了她。"
    ctx = D.document_context(normalize(text).text)
    assert ctx.dateline is None and ctx.min_year == 2021 and ctx.weekday_year == 2022
    assert hits_of("去年", ctx) == [("2021", "year")]


@pytest.mark.parametrize("text,iso", [
    (",上午被带走", "2020-03-05"), (",于下午3时获释", "2020-03-05"), (",早上被押走", "2020-03-05"),
    (",随即被带走", "2020-03-05"), (",当即被带走", "2020-03-05"),
])
def test_time_of_day_opening_a_clause_is_the_day_last_told(text, iso):
    c = D.DateContext(dateline=DL)
    D.find("2020年3月5日", c)
    assert hits_of(text, c)[:1] == [(iso, "day")]


def test_days_after_a_year_keep_the_year():
    c = D.DateContext(dateline=None, min_year=2022)
    D.find("他的遭遇始于2022年", c)
    assert hits_of("几天后,他被送进精神病院", c) == [("2022", "year")]
    assert hits_of("三个月后", c) == []  # months may cross the year: no date


@pytest.mark.parametrize("text", ["香港一日没有普选", "他们三日没有吃饭"])
def test_a_bare_chinese_numeral_day_is_a_length(text):
    assert first(text) is None



@pytest.mark.parametrize("text,expected", [
    # a part of the day after the subject (X上午到警署) is the day last told
    ("某某电台 2019-05-06\n\n律师韩志刚今早到派出所。韩志刚上午被刑事拘留。",
     {("detained", "韩志刚", "2019-05-06")}),
    # 从……起陆续: each on its own day from then; only the month is certain
    ("某某电台 2019-08-20\n\n韩志刚与邱德明两人从8月2日起陆续受审。",
     {("tried", "韩志刚", "2019-08"), ("tried", "邱德明", "2019-08")}),
])
def test_part_of_day_and_staggered_events(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize("text", ["每天上午被提审", "当天上午"])
def test_part_of_day_with_its_own_day_word(text):
    got = [h for h in D.find(normalize(text).text, D.DateContext(dateline=DL)) if h.source == "zh.date.same_day"]
    assert got == []


@pytest.mark.parametrize("text,expected", [
    # two verbs of one clause share the time of the clause before it (被控多罪予以逮捕)
    ("某某电台 2015-01-24\n\n律师韩志刚今早到警署协助调查,最后被控多罪予以逮捕。",
     {("indicted", "韩志刚", "2015-01-24"), ("arrested", "韩志刚", "2015-01-24")}),
    # a date in the first verb's own clause stays that verb's
    ("律师韩志刚于2019年6月3日被刑事拘留,并被控煽动颠覆国家政权罪,随后被正式逮捕。",
     {("detained", "韩志刚", "2019-06-03"), ("indicted", "韩志刚", None), ("arrested", "韩志刚", None)}),
])
def test_one_clause_two_verbs_share_the_time_before(text, expected):
    assert summary(text, RULES) == expected
