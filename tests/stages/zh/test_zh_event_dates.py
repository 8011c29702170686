"""Which date a Chinese event takes (pipeline/stages/zh/arguments.py pick_date
and the stage chain), on invented sentences: a date is the event's own, not
that of an event told before it, of what a charge alleges, or of many occasions."""
from __future__ import annotations

import pytest

from tests.stages.zh.zh_support import RULES, summary

HEAD = "人权观察站 2022年8月7日\n\n"


@pytest.mark.parametrize("text,expected", [
    # 之后/随后 after another event: a step told after it is not dated by it
    (HEAD + "2022年6月17日,学员王秀英被警察非法绑架,之后被非法判刑1年半。",
     {("detained", "王秀英", "2022-06-17"), ("sentenced", "王秀英", None)}),
    # an item number and 10点多 leave the clause a date only: it dates the item
    (HEAD + "5、7月14日晚上10点多,法轮功学员张秀兰被警察绑架到派出所。", {("detained", "张秀兰", "2022-07-14")}),
    # 庭审的路上: a trigger that is a noun modifier owns no date
    ("人权律师王建国周三(8月28日)在前往参加律师李明案庭审的路上失踪。另据报道,他2024年曾发声。",
     {("disappeared", "王建国", "2024-08-28"), ("tried", "李明", "2024-08-28")}),
    # 被控于……期间: the date of what the charge alleges
    ("某某电台 2023-11-23\n\n被告李志明被控于2023年3月21日至9月18日期间发布煽动性言论,今日被判囚4个月。",
     {("indicted", "李志明", None), ("sentenced", "李志明", "2023-11-23")}),
    # 多次: many occasions, no one date
    ("维权人士张卫国2019年曾多次被警方传唤。", {("detained", "张卫国", None)}),
    # 紧接着……纷纷被判刑 with no date: the earlier verdict day does not carry to the list after it
    ("1999年12月26日,四名成员分别被判刑。紧接着,各地联络员纷纷被判刑:\n1、联络员李建国被判刑8年。\n2、联络员王志强被判刑6年。",
     {("sentenced", "李建国", None), ("sentenced", "王志强", None)}),
])
def test_event_date(text, expected):
    """The date rules under the rule linker's pairings; the installed model may
    drop a weak pairing (measured by cross-validation) but dates none otherwise."""
    assert summary(text, RULES) == expected
    assert summary(text) <= expected


def test_a_time_counted_from_the_event_dates_the_next_one():
    text = HEAD + "2022年7月19日,维权人士周海涛被刑事拘留,在被刑拘将近一个月后获释。"
    got = summary(text)
    assert ("detained", "周海涛", "2022-07-19") in got
