"""Chinese dates, resolved against the document's own dateline.

Rules (ids in provenance):

- ``zh.date.ymd`` 2019年12月26日, 二〇一七年十二月, 2020-11-30, 2026/03/10
- ``zh.date.md``  12月26日 / 十二月 without a year: year from the sentence, a
  weekday given with it (星期四(2月9日)), or the dateline (never after it)
- ``zh.date.day`` 14日: month from the last date mentioned
- ``zh.date.rel`` 去年/今年/同年 + month/day, 今天/昨天/次日/当天/同日, 本周,
  本月, 上月, N个月后, 数天后, 一周后
- ``zh.date.packed`` separators lost in blog text: 925日, 1116日, (1116),
  201579, 2015914日, and a bare 119 at the head of a clause; read as the
  month/day that falls closest before the dateline
- ranges keep their start.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = r"[〇零○一二两三四五六七八九十百]+"
NUM = r"(?:\d+|" + CN_NUM + ")"


def cn_int(s: str) -> int | None:
    """'12', '十二', '二十六', '二〇一七', '两' -> int."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGIT for c in s):  # digit by digit: 二〇一七
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c in _CN_DIGIT:
            cur = _CN_DIGIT[c]
        else:
            return None
    return total + cur


@dataclass
class DateHit:
    start: int  # working index in the sentence
    end: int
    iso: str
    precision: str  # day | month | year
    source: str
    range_end: bool = False


@dataclass
class DateContext:
    """What a date without a year or month is resolved against."""

    dateline: dt.date | None = None
    last: tuple[int, int | None, int | None] | None = None  # (y, m, d) of the last date read
    last_day: tuple[int, int, int] | None = None  # the last date read with a day
    min_year: int | None = None  # the latest year the document mentions (no dateline)
    section: DateHit | None = None  # a date standing alone on a line, for what follows
    month_only: bool = False  # the dateline gives only a month (it is then that month's last day)

    weekday_year: int | None = None  # no dateline: the year a weekday given with a month/day fixes (本周五(8月30日))

    def ref_year(self) -> int | None:
        if self.dateline:
            return self.dateline.year
        if self.last:
            return self.last[0]
        return self.min_year

    def now_year(self) -> int | None:
        """The year the report is written in, for words that count from it
        (去年, 今年, a weekday): the dateline's, else the year a weekday fixes,
        else the latest year the report names; never the last date read (a
        second 去年 is the same year as the first)."""
        if self.dateline:
            return self.dateline.year
        return self.weekday_year or self.min_year or (self.last[0] if self.last else None)


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str, str]:
    if m is None:
        return f"{y:04d}", "year"
    if d is None:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}-{m:02d}-{d:02d}", "day"


_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WD = r"(?:星期|周|礼拜)([一二三四五六日天])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd_iso", re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*(" + NUM + r")\s*月(?:\s*(" + NUM + r")\s*[日号])?")),
    ("spaced", re.compile(r"(?m)^\s*((?:19|20)\d{2})\s+(\d{1,2})\s+(\d{1,2})\s*$")),
    ("packed_y", re.compile(r"(?<![\d.])((?:19|20)\d{2})(\d{2,4})(?:[日号])?(?![\d.%])")),
    ("rel", re.compile(r"(去年|今年|前年|同年|当年|明年|翌年|次年|第二年|本月|上个?月|下个?月)(?:的)?(?:\s*(" + NUM + r")\s*月)?(?:\s*(" + NUM + r")\s*[日号])?")),
    ("year", re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年(?!代|级|龄|纪|度|资|薪|轻|底薪)")),
    ("case_md", re.compile(r"(?<![\d.])(\d{1,2})\s*·\s*(\d{1,2})(?=[^,，。;；]{0,8}案)")),
    ("md", re.compile(r"(?<![\d个])(" + NUM + r")\s*月\s*(?:(" + NUM + r")\s*[日号])?")),
    ("packed_md", re.compile(r"(?<![\d.:年月])(\d{3,4})[日号]")),
    ("packed_paren", re.compile(r"\((\d{3,4})\)")),
    ("packed_bare", re.compile(r"(?:(?<=^)|(?<=[,，。;；\s]))(\d{3,4})(?=[\u4e00-\u9fff])(?![年人名个元多万次号米公天小分岁位家条件起户余届期字所台辆部篇项])")),
    ("day", re.compile(r"(?<![\d月年])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号](?![本元])")),
    ("past_year", re.compile(r"过去(?:的)?一年")),
    # a time of day (or 随即/当即) opening a clause: the day last told goes on
    ("same_day", re.compile(r"(?:(?<=^)|(?<=[,，;；]))\s*(?:于|於|在)?\s*(当晚|当夜|晚上|下午|傍晚|深夜|午后|早上|上午|中午|凌晨|清晨|早晨|随即|当即|当场)"
                            # X上午到警署: a part of the day after the subject (not 每天上午, 8日上午)
                            r"|(?<![日号天早今昨明前每当次翌同\d])(上午|下午|中午|凌晨|傍晚)(?=\s*[\u4e00-\u9fff])")),
    ("ago", re.compile(r"(" + NUM + r")\s*(个多月|个月|天|日|周|星期|年)(?:之|以)?前")),
    ("weekday", re.compile(r"(上|本|这|这个|上个)?(?:周|星期|礼拜)([一二三四五六日天])")),
    ("today", re.compile(r"今天|今日|今早|今晨|今晚|今夜|昨天|昨日|昨晚|昨夜|昨早|前天|(?<![日目])前日(?!子)|前晚|次日|翌日|第二天|隔天|当天|当日|同日|同一天|本周(?!重点|关注)|上周(?![一二三四五六日天])|一周后|经过一周|一周之后|(" + NUM + r"|数|几)\s*(个月|天|日|周|年)(?:之)?后")),
]


_VAGUE = re.compile(r"日前|近日|最近|早前|前不久|不久前|前些时候|近期")


def _packed(digits: str, ctx: DateContext, year: int | None = None) -> tuple[int, int, int] | None:
    """Read 3-4 packed digits as month+day (no leading zeros), closest before the anchor."""
    options = []
    for cut in (1, 2):
        ms, ds = digits[:cut], digits[cut:]
        if not ms or not ds or ms.startswith("0") or ds.startswith("0") or len(ds) > 2:
            continue
        options.append((int(ms), int(ds)))
    anchor = ctx.dateline or (dt.date(ctx.last[0], ctx.last[1] or 12, ctx.last[2] or 28) if ctx.last else None)
    best = None
    for m, d in options:
        y = year or (anchor.year if anchor else None)
        if y is None or not _valid(y, m, d):
            continue
        cand = dt.date(y, m, d)
        if year is None and anchor and cand > anchor + dt.timedelta(days=2):
            if not _valid(y - 1, m, d):
                continue
            cand = dt.date(y - 1, m, d)
        dist = abs((anchor - cand).days) if anchor else 0
        if best is None or dist < best[0]:
            best = (dist, cand)
    if best is None:
        return None
    c = best[1]
    return c.year, c.month, c.day


def _year_for(m: int, d: int | None, text: str, start: int, end: int, ctx: DateContext, sentence_year: int | None) -> int | None:
    wd = re.search(_WD + r"\s*\(?\s*$", text[max(0, start - 6):start]) or re.match(r"\s*\)?\s*\(?\s*" + _WD, text[end:end + 6])
    ref = ctx.now_year()  # a weekday counts from the report's own week
    if wd and d is not None and ref is not None:
        want = _WEEKDAY[wd.group(1)]
        years = sorted(range(ref - 6, ref + 7), key=lambda y: (abs(y - ref), -y))
        if ctx.dateline is None and ctx.min_year:
            years = [y for y in years if y >= ctx.min_year] + [y for y in years if y < ctx.min_year]
        for y in years:
            if _valid(y, m, d) and dt.date(y, m, d).weekday() == want:
                if ctx.dateline and dt.date(y, m, d) > ctx.dateline + dt.timedelta(days=2):
                    continue
                return y
    if sentence_year is not None:
        return sentence_year
    if ctx.dateline:
        y = ctx.dateline.year
        if d is None:
            if m > ctx.dateline.month:
                y -= 1
        elif _valid(y, m, d) and dt.date(y, m, d) > ctx.dateline + dt.timedelta(days=2):
            y -= 1
        return y
    if ctx.last:
        return ctx.last[0]
    return ctx.min_year


def _shift(y: int, m: int, d: int | None, months: int = 0, days: int = 0) -> tuple[int, int, int | None]:
    if days:
        c = dt.date(y, m, d or 1) + dt.timedelta(days=days)
        return c.year, c.month, c.day
    total = y * 12 + (m - 1) + months
    return total // 12, total % 12 + 1, None


_STAGGERED = re.compile(r"\s*(?:起|开始)\s*[,，]?\s*(?:并|並)?\s*(?:陆续|相继|先后)")


def find(text: str, ctx: DateContext) -> list[DateHit]:
    """Dates of one sentence of working text, in order; updates ``ctx.last``."""
    raw: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(text):
            raw.append((m.start(), m.end(), name, m))
    raw.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    sentence_year: int | None = None
    # 日前/近日/上周: a new time with no day; 当晚/次日 after it cannot go back to an older day
    vague = [m.start() for m in _VAGUE.finditer(text)]
    for s, e, name, m in raw:
        if any(s < te and ts < e for ts, te in taken):
            continue
        if vague and vague[0] < s:
            ctx.last_day = None
            vague = [v for v in vague if v >= s]
        res = _resolve(name, m, text, ctx, sentence_year)
        if res is None:
            if name in ("today", "weekday", "rel", "ago"):
                ctx.last_day = None  # a relative time that gives no day
            continue
        y, mo, d, src = res
        if d is not None and _STAGGERED.match(text, e):
            d = None  # 从8月2日起陆续开庭: each one on its own day from then; only the month is certain
        iso, prec = _iso(y, mo, d)
        hit = DateHit(s, e, iso, prec, src)
        if hits and re.fullmatch(r"\s*[-–—~至到]\s*", text[hits[-1].end:s]):
            hit.range_end = True
        hits.append(hit)
        taken.append((s, e))
        sentence_year = y
        if not hit.range_end:
            ctx.last = (y, mo, d)
            if d is not None and mo is not None:
                ctx.last_day = (y, mo, d)
            elif name == "today":
                ctx.last_day = None  # 上周被带走,当晚……: no day to go back to
    return hits


def _resolve(name: str, m: re.Match[str], text: str, ctx: DateContext, sy: int | None):
    g = m.groups()
    if name in ("ymd_iso", "spaced"):
        y, mo, d = int(g[0]), int(g[1]), int(g[2])
        return (y, mo, d, "zh.date.ymd") if _valid(y, mo, d) else None
    if name == "ymd":
        y, mo = cn_int(g[0]), cn_int(g[1])
        d = cn_int(g[2]) if g[2] else None
        if y is None or mo is None or not _valid(y, mo, d):
            return None
        return y, mo, d, "zh.date.ymd"
    if name == "year":
        y = cn_int(g[0])
        if y is None or not 1949 <= y <= 2100:
            return None
        return y, None, None, "zh.date.ymd"
    if name == "packed_y":
        y, rest = int(g[0]), g[1]
        if len(rest) not in (2, 3, 4):
            return None
        if len(rest) == 2:
            mo, d = int(rest[0]), int(rest[1])
            if rest[0] == "0" or rest[1] == "0" or not _valid(y, mo, d):
                return None
            return y, mo, d, "zh.date.packed"
        r = _packed(rest, ctx, year=y)
        return (r[0], r[1], r[2], "zh.date.packed") if r else None
    if name == "rel":
        word = g[0]
        base_y = ctx.ref_year()
        if base_y is None:
            return None
        dl = ctx.dateline
        if word in ("去年", "今年", "前年", "明年"):
            y = (ctx.now_year() or base_y) + {"去年": -1, "今年": 0, "前年": -2, "明年": 1}[word]
        elif word in ("同年", "当年"):
            y = ctx.last[0] if ctx.last else base_y
        elif word in ("翌年", "次年", "第二年"):
            if ctx.last is None:
                return None  # the year after what? nothing was dated yet
            y = ctx.last[0] + 1
        else:  # 本月 / 上月 / 下月
            if dl is None:
                return None
            shift = 0 if word == "本月" else (-1 if word.startswith("上") else 1)
            y, mo, _ = _shift(dl.year, dl.month, None, months=shift)
            d = cn_int(g[2]) if g[2] else None
            return (y, mo, d, "zh.date.rel") if _valid(y, mo, d) else None
        mo = cn_int(g[1]) if g[1] else None
        d = cn_int(g[2]) if g[2] and mo else None
        if mo is not None and not _valid(y, mo, d):
            return None
        return y, mo, d, "zh.date.rel"
    if name in ("md", "case_md"):
        mo = cn_int(g[0])
        d = cn_int(g[1]) if g[1] else None
        if mo is None or not 1 <= mo <= 12:
            return None
        if g[0].isdigit() and len(g[0]) > 2:
            return None
        y = _year_for(mo, d, text, m.start(), m.end(), ctx, sy)
        if y is None or not _valid(y, mo, d):
            return None
        return y, mo, d, "zh.date.md"
    if name in ("packed_md", "packed_paren", "packed_bare"):
        if name == "packed_bare":
            before = text[max(0, m.start() - 2):m.start()]
            if re.search(r"午|晚|晨|早|上|下", before) or ctx.dateline is None:
                return None
        r = _packed(g[0], ctx)
        if r is None:
            return None
        if name == "packed_bare" and ctx.dateline and (ctx.dateline - dt.date(*r)).days > 60:
            return None
        return r[0], r[1], r[2], "zh.date.packed"
    if name == "day":
        # 行政拘留十日, 关押10日, 为期十日: a length of time, not the tenth
        if re.search(r"(?:拘留|拘押|关押|监禁|软禁|羁押|隔离|留置|为期|长达|共|了|满|期|约|近|达)\s*$", text[max(0, m.start() - 4):m.start()]):
            return None
        # 分别被行政拘留十日、七日和五日: the rest of a list of lengths
        if re.search(r"(?:\d|[一二三四五六七八九十])\s*[日天]\s*[、和及与]\s*$", text[max(0, m.start() - 6):m.start()]):
            return None
        # 香港一日没有普选: a bare 一日..九日 is a length ("one day") unless it goes on a list of days (2日、三日)
        if len(g[0]) == 1 and not g[0].isdigit() and not re.search(r"[、,，至到和及或~\-–]\s*$", text[max(0, m.start() - 2):m.start()]):
            return None
        d = cn_int(g[0])
        base = ctx.last or ((ctx.dateline.year, ctx.dateline.month, None) if ctx.dateline else None)
        if d is None or base is None or base[1] is None or not _valid(base[0], base[1], d):
            return None
        return base[0], base[1], d, "zh.date.day"
    if name == "ago":
        dl = ctx.dateline
        n = cn_int(g[0])
        if dl is None or n is None or ctx.month_only and g[1] in ("天", "日", "周", "星期"):
            return None
        if g[1] in ("天", "日"):
            c = dl - dt.timedelta(days=n)
            return c.year, c.month, c.day, "zh.date.ago"
        if g[1] in ("周", "星期"):
            c = dl - dt.timedelta(days=7 * n)
            return c.year, c.month, c.day, "zh.date.ago"
        if g[1] == "年":
            return dl.year - n, None, None, "zh.date.ago"
        if g[1] == "个月":
            y, mo, _ = _shift(dl.year, dl.month, None, months=-n)
            return y, mo, None, "zh.date.ago"
        return None
    if name == "weekday":
        dl = ctx.dateline
        # a weekday next to a written date only confirms it: 星期四(2月9日), 917日(周二)
        near = text[max(0, m.start() - 3):m.start()] + text[m.end():m.end() + 3]
        if dl is None or ctx.month_only or re.search(r"\d|月|日", near):
            return None
        want = _WEEKDAY[g[1]]
        if g[0] and g[0].startswith("上"):  # 上周五: that day of the previous calendar week
            c = dl - dt.timedelta(days=dl.weekday() + 7 - want)
        else:  # 周五: the latest Friday up to the dateline
            c = dl - dt.timedelta(days=(dl.weekday() - want) % 7)
        return c.year, c.month, c.day, "zh.date.weekday"
    if name == "same_day":  # ……被拘捕,晚上获准保释: the same day as the last dated one
        ld = ctx.last_day
        return (ld[0], ld[1], ld[2], "zh.date.same_day") if ld else None
    if name == "past_year":
        return (ctx.dateline.year - 1, None, None, "zh.date.rel") if ctx.dateline else None
    if name == "today":
        word = m.group()
        dl = ctx.dateline
        if word in ("今天", "今日", "今早", "今晨", "今晚", "今夜"):
            if dl and ctx.month_only:
                return dl.year, dl.month, None, "zh.date.rel"
            return (dl.year, dl.month, dl.day, "zh.date.rel") if dl else None
        if word in ("昨天", "昨日", "昨晚", "昨夜", "昨早", "前天", "前日", "前晚"):
            if not dl:
                return None
            c = dl - dt.timedelta(days=1 if word not in ("前天", "前日", "前晚") else 2)
            return c.year, c.month, c.day, "zh.date.rel"
        if word in ("本周", "上周"):
            # the month of that calendar week, when the whole week lies in one month
            if not dl:
                return None
            monday = dl - dt.timedelta(days=dl.weekday() + (7 if word == "上周" else 0))
            last = min(monday + dt.timedelta(days=6), dl)
            if ctx.month_only or (monday.year, monday.month) == (last.year, last.month):
                first = monday if not ctx.month_only else dl
                return first.year, first.month, None, "zh.date.rel"
            return None
        last = ctx.last_day if ("天" in word or "日" in word or "周" in word) and ctx.last_day else ctx.last
        if last is not None and last[1] is None and m.group().endswith("后") and re.search(r"[天日周]", word):
            return last[0], None, None, "zh.date.rel"  # 2022年……几天后: days after a year are (nearly always) that year
        if last is None or last[1] is None:
            return None
        if word in ("当天", "当日", "同日", "同一天"):
            return (last[0], last[1], last[2], "zh.date.rel") if last[2] else None
        if word in ("次日", "翌日", "第二天", "隔天"):
            if last[2] is None:
                return None
            y, mo, d = _shift(last[0], last[1], last[2], days=1)
            return y, mo, d, "zh.date.rel"
        if "周" in word:
            if last[2] is None:
                return None
            y, mo, d = _shift(last[0], last[1], last[2], days=7)
            return y, mo, d, "zh.date.rel"
        n_text, unit = g[-2], g[-1]
        if n_text in ("数", "几"):
            if unit in ("天", "日"):
                return last[0], last[1], None, "zh.date.rel"
            return None
        n = cn_int(n_text)
        if n is None:
            return None
        if unit == "个月":
            y, mo, _ = _shift(last[0], last[1], None, months=n)
            return y, mo, None, "zh.date.rel"
        if unit in ("天", "日") and last[2]:
            y, mo, d = _shift(last[0], last[1], last[2], days=n)
            return y, mo, d, "zh.date.rel"
        if unit == "周" and last[2]:
            y, mo, d = _shift(last[0], last[1], last[2], days=7 * n)
            return y, mo, d, "zh.date.rel"
        return None
    return None


_DATELINE_LINE = re.compile(r"^\s*[『【\[(]?[^\n]{0,12}?((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))")
_CONGRESS = re.compile(r"今年[^。\n]{0,20}?(?:第)?([十一二三四五六七八九]+)(?:次全国代表)?大")


def dateline(text: str) -> dt.date | None:
    """The report's own date: a full date heading one of the first lines, or after 更新时间/日期."""
    head = text[:600]
    m = re.search(r"(?:更新时间|发布时间|发表时间|日期|時間|时间)\s*[:：]?\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})", head)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d):
            return dt.date(y, mo, d)
    for n, line in enumerate(head.splitlines()[:12]):
        lm = _DATELINE_LINE.match(line)
        prefix = line[:lm.start(1)] if lm else ""
        # a masthead: a short source name, then the date closing the line (维权网 2022年12月5日, 【某报专讯】2024年5月8日)
        masthead = bool(re.fullmatch(r"[『【\[(（]?[\u4e00-\u9fffA-Za-z/／·\s]{1,12}[』】\])）]?\s*", prefix)) and not re.search(r"[在于於至到从自据起止]\s*$", prefix) and re.fullmatch(
            r"\s*(?:(?:星期|周|礼拜)[一二三四五六日天])?\s*(?:\d{1,2}:\d{2})?\s*", line[lm.end():]) is not None
        if lm and ((len(line.strip()) <= 40 and (masthead or not re.search(r"[\u4e00-\u9fff]", prefix))) or re.search(r"报导|报道|報導|報道|讯|訊|电|電", line[lm.end():lm.end() + 12])):
            y = int(lm.group(1))
            mo = int(lm.group(2) or lm.group(4))
            d = int(lm.group(3) or lm.group(5))
            if _valid(y, mo, d):
                return dt.date(y, mo, d)
    return None


def line_dateline(line: str) -> dt.date | None:
    """A dated item inside a listing (『……2018年5月22日台北编译报导』) resets the anchor."""
    lm = _DATELINE_LINE.match(line)
    if lm and re.search(r"报导|报道|讯|电", line[lm.end():lm.end() + 12]):
        y, mo, d = int(lm.group(1)), int(lm.group(2) or lm.group(4)), int(lm.group(3) or lm.group(5))
        if _valid(y, mo, d):
            return dt.date(y, mo, d)
    return None


_MONTH_LINE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*$")


def document_context(working: str) -> DateContext:
    ctx = DateContext(dateline=dateline(working))
    if ctx.dateline is None:
        # a heading that gives only the month: "2019年1月"
        for line in working[:300].splitlines()[:5]:
            m = _MONTH_LINE.match(line)
            if m and _valid(int(m.group(1)), int(m.group(2))):
                y, mo = int(m.group(1)), int(m.group(2))
                ctx.dateline = dt.date(y, mo, calendar.monthrange(y, mo)[1])
                ctx.month_only = True
                return ctx
    if ctx.dateline is None:
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", working)]
        m = _CONGRESS.search(working)
        if m and (n := cn_int(m.group(1))) and 10 <= n <= 30:
            years.append(2002 + 5 * (n - 16))
            ctx.min_year = 2002 + 5 * (n - 16)
            ctx.dateline = None
            return ctx
        ctx.min_year = max(years) if years else None
        ctx.weekday_year = _weekday_year(working, ctx.min_year)
    return ctx


_MD_WEEKDAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*[(（]?\s*" + _WD + r"|" + _WD + r"\s*[(（]\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


def _weekday_year(working: str, latest: int | None) -> int | None:
    """No dateline: the year in which every month/day the report gives with its
    weekday (本周五(8月30日), 4月24日星期天) falls on that weekday, the nearest
    at or after the latest year the report names."""
    pairs = []
    for m in _MD_WEEKDAY.finditer(working):
        mo, d, wd = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
        pairs.append((int(mo), int(d), _WEEKDAY[wd]))
    if not pairs or latest is None:
        return None
    base = latest
    for y in sorted(range(base - 1, base + 4), key=lambda y: (y < base, abs(y - base))):
        if all(_valid(y, mo, d) and dt.date(y, mo, d).weekday() == wd for mo, d, wd in pairs):
            return y
    return None


def is_date_line(text: str, hits: list[DateHit]) -> bool:
    """A line that is only a date (a timeline heading)."""
    if not hits:
        return False
    rest = text
    for h in sorted(hits, key=lambda h: -h.start):
        rest = rest[:h.start] + rest[h.end:]
    return re.fullmatch(r"[\s、,，·\-–—至到()（）日号]*(?:\d{1,2}[\s日号]*)?[:：]?\s*", rest) is not None
