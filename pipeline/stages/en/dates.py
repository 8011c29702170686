"""English dates: absolute, partial, relative, with precision kept.

A year missing from "on February 6" is taken from the document's context: the
last year written before it, else the dateline's year (stepping back a year
when the month would fall after the dateline), else the latest year in the
document. The dateline is the first full date when it stands near the top,
else the latest full date the text gives. Relative expressions resolve against an anchor: "the next day",
"a month later", "after 37 days" against the previous date; "40 days ago",
"this week", "last year", "on Wednesday" against the document's dateline.
Rule ids (``en.date.*``) go into provenance.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.mentions import Mention

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS.update({"sept": 9})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
}

_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)"
_UNIT = r"(?P<unit>day|days|week|weeks|month|months|year|years)"

PATTERNS: list[tuple[str, re.Pattern]] = [
    # ranges first: "3-7 August 2020" and "August 31-September 4, 2020" date from their start
    ("en.date.range_dm", re.compile(rf"\b{_DAY}\s*[-–—]\s*[0-3]?\d\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b")),
    ("en.date.range_md", re.compile(rf"\b{_MON}\s+{_DAY}\s*[-–—]\s*(?:[A-Z][a-z]+\.?\s+)?[0-3]?\d(?:,\s*|\s+){_YEAR}\b")),
    ("en.date.mdy", re.compile(rf"\b{_MON}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b")),
    ("en.date.dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b")),
    ("en.date.iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)[-./](?P<m>0?[1-9]|1[0-2])[-./](?P<day>[0-3]?\d)\b")),
    ("en.date.part_my", re.compile(rf"\b(?P<part>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|end\s+of)[\s-]+(?:of\s+)?{_MON},?\s+(?:of\s+)?{_YEAR}\b", re.IGNORECASE)),
    ("en.date.my", re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b")),
    ("en.date.md", re.compile(rf"\b{_MON}\s+{_DAY}\b(?![-–]\d)(?!,?\s*(?:19|20)\d\d)")),
    ("en.date.dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*(?:19|20)\d\d)")),
    ("en.date.part_m", re.compile(rf"\b(?P<part>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|end\s+of)[\s-]+(?:of\s+)?{_MON}\b(?!,?\s*(?:19|20)\d\d)", re.IGNORECASE)),
    ("en.date.in_m", re.compile(rf"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\bthis\s)|(?<=\blast\s)|(?<=\buntil\s)){_MON}\b(?!\s+[0-3]?\d\b)(?!,?\s*(?:19|20)\d\d)")),
    ("en.date.year", re.compile(rf"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bsince\s)|(?<=\bduring\s)|(?<=\bin\searly\s)|(?<=\bin\slate\s)|(?<=\bin\smid-)|(?<=\bof\s)|(?<=\bend\sof\s)){_YEAR}\b(?![-–]\d)")),
    ("en.date.rel_next", re.compile(r"\b(?P<rel>the\s+next\s+day|the\s+following\s+day|the\s+same\s+day|that\s+day|the\s+day\s+after|the\s+next\s+morning)\b", re.IGNORECASE)),
    ("en.date.rel_later", re.compile(rf"\b{_NUM}\s+{_UNIT}\s+later\b", re.IGNORECASE)),
    ("en.date.rel_since", re.compile(r"\b(?:ever\s+)?since(?=\s*[.;,)]|\s*$)", re.IGNORECASE)),
    ("en.date.rel_same", re.compile(r"\b(?:later|earlier)\s+(?:in|that)\s+(?:the\s+|that\s+)?(?P<same>month|year)\b", re.IGNORECASE)),
    ("en.date.rel_after", re.compile(rf"\bafter\s+{_NUM}\s+{_UNIT}(?:\s+(?:of|in)\s+(?:detention|custody))\b", re.IGNORECASE)),
    ("en.date.rel_ago", re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.IGNORECASE)),
    ("en.date.deictic", re.compile(r"\b(?P<deictic>this\s+week|last\s+week|this\s+month|last\s+month|this\s+year|last\s+year|yesterday|today|earlier\s+this\s+(?:week|month|year))\b", re.IGNORECASE)),
    ("en.date.weekday", re.compile(r"(?:(?<=\bon\s)|(?<=\blast\s)|(?<=\bOn\s))(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
]

_YEARLESS = {"en.date.md", "en.date.dm", "en.date.part_m", "en.date.in_m"}
_YEAR_TOKEN = re.compile(r"(?<![\w,.-])((?:19|20)\d\d)(?!\d)(?!,\d)")
# a year that tells when (after a month, a day or a time preposition), not one
# that names a thing ("the earthquake of 2008", "the 1989 movement", "© 2011")
_TIME_YEAR = re.compile(
    r"(?:\b(?:in|since|during|until|till|from|by|before|after|early|late|mid|end\s+of|beginning\s+of|spring|summer|autumn|fall|winter"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"|\d{1,2}(?:st|nd|rd|th)?,?)[\s-]+(?:of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$",
    re.IGNORECASE,
)


@dataclass
class DateContext:
    """What relative and partial dates are resolved against."""

    dateline: dt.date | None
    max_year: int | None
    year_positions: list[tuple[int, int]]  # (offset, year) of every year written in the text
    paragraph_starts: list[int] = None  # offsets where paragraphs begin
    dateline_span: tuple[int, int] = (-1, -1)

    def last_year_before(self, pos: int, window: int = 4000) -> int | None:
        # With a dateline, only a year written in the same paragraph overrides it;
        # without one (an annual report), the last year written before carries on.
        lo = pos - window
        if self.dateline is not None and self.paragraph_starts:
            lo = max(lo, max((p for p in self.paragraph_starts if p <= pos), default=0))
        best = None
        for off, year in self.year_positions:
            if off >= pos:
                break
            if off >= lo and not (self.dateline_span[0] <= off < self.dateline_span[1]):
                best = year
        return best


def _n(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBER_WORDS.get(s, 1)


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _iso(d: dt.date, precision: str) -> str:
    return {"day": d.isoformat(), "month": d.isoformat()[:7], "year": str(d.year)}[precision]


def document_context(text: str) -> DateContext:
    years = [(m.start(), int(m.group(1))) for m in _YEAR_TOKEN.finditer(text) if _TIME_YEAR.search(text, max(0, m.start() - 40), m.start())]
    full = []  # (start, date, span) of every full date in the text
    for rule in ("en.date.mdy", "en.date.dmy", "en.date.iso"):
        for m in dict(PATTERNS)[rule].finditer(text):
            cand = _full_date(m)
            if cand:
                full.append((m.start(), cand, (m.start(), m.end())))
    dateline = min(full, key=lambda x: x[0]) if full else None
    if dateline is not None and dateline[0] > HEADER_CHARS:
        # no date at the top: the first full date is one the story tells ("posts
        # published between July 20, 2020 and ..."), and a news report is written
        # after what it tells, so its latest full date is the nearer stand-in for
        # the report's own date ("on Sunday", "last week", "this year")
        dateline = max(full, key=lambda x: (x[1], -x[0]))
    return DateContext(
        dateline=dateline[1] if dateline else None,
        max_year=max((y for _, y in years), default=None),
        year_positions=years,
        paragraph_starts=[0] + [m.end() for m in re.finditer(r"\n\s*\n", text)],
        dateline_span=dateline[2] if dateline else (-1, -1),
    )


#: a full date this near the top of a report can be its publication date
HEADER_CHARS = 300


def header_date(text: str, ctx: DateContext) -> dt.date | None:
    """The document's first full date when it stands near the top on a line of
    its own ("20 April 2020", "Updated: May 3, 2021 | By ...") rather than in a
    sentence: the report's publication date."""
    a, b = ctx.dateline_span
    if ctx.dateline is None or a < 0 or a > HEADER_CHARS:
        return None
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    rest = (text[lo:a] + text[b:len(text) if hi == -1 else hi]).strip()
    return ctx.dateline if len(rest) <= 30 and not rest.endswith(".") else None


def _full_date(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    mon = _month(g["mon"]) if g.get("mon") else int(g["m"])
    y, d = int(g["year"]), int(g["day"])
    return dt.date(y, mon, d) if _valid(y, mon, d) else None


_FUTURE = re.compile(r"\b(?:until|till|next|scheduled\s+(?:for|on)|set\s+for|due\s+(?:on|in|by)|adjourned\s+(?:to|until)|expected\s+(?:on|in|by)|will\s+\w+\s+(?:on|in))\s+(?:\w+\s+){0,3}(?:on\s+|in\s+)?$", re.IGNORECASE)


def _infer_year(ctx: DateContext, pos: int, month: int, day: int | None, anchor: dict | None = None, future: bool = False) -> tuple[int | None, str]:
    y = ctx.last_year_before(pos)
    if y is not None:
        # a narrative moves forward: "detained on November 2, 2023 ... indicted in
        # February" is the next February, when the dateline allows it
        last = (anchor or {}).get("date")
        if ctx.dateline is not None and last is not None and last.year == y and (month, day or 1) < (last.month, last.day if day else 1):
            if (y + 1, month, day or 1) <= (ctx.dateline.year, ctx.dateline.month, ctx.dateline.day):
                return y + 1, "narrative"
        return y, "context"
    if ctx.dateline is not None:
        y = ctx.dateline.year
        if (month, day or 1) > (ctx.dateline.month, ctx.dateline.day) and not future:
            y -= 1  # a past event in a report: "on December 1" before a May dateline is last December
        if (month, day or 1) < (ctx.dateline.month, ctx.dateline.day) and future:
            y += 1  # "until December 1" / "next hearing on March 3" looks ahead
        return y, "dateline"
    if ctx.max_year is not None:
        return ctx.max_year, "max_year"
    return None, "none"


def find_dates(text: str, start: int, end: int, ctx: DateContext, anchor: dict | None = None) -> list[Mention]:
    """Date mentions in text[start:end], resolved. ``anchor`` holds the last
    resolved date (``{"date": dt.date, "precision": str}``) and is updated, so
    calling this sentence by sentence in document order chains relative dates."""
    anchor = anchor if anchor is not None else {}
    found: list[tuple[int, int, str, re.Match]] = []
    for rule, rx in PATTERNS:
        for m in rx.finditer(text, start, end):
            if any(m.start() < e and s < m.end() for s, e, _, _ in found):
                continue
            found.append((m.start(), m.end(), rule, m))
    found.sort()
    # "One day later, on September 20," / "on Monday, March 3": the written date
    # restates the relative one, which then neither dates nor anchors anything
    found = [f for k, f in enumerate(found)
             if not (_is_relative(f[2]) and k + 1 < len(found) and not _is_relative(found[k + 1][2])
                     and _RESTATED.fullmatch(text[f[1]:found[k + 1][0]]))]
    out = []
    for s, e, rule, m in found:
        future = bool(_FUTURE.search(text[max(start, s - 40):s]))
        res = _resolve(rule, m, ctx, anchor, future)
        if res is None:
            continue
        d, precision = res
        if rule != "en.date.deictic" and not future:
            anchor["date"], anchor["precision"] = d, precision
        value = {
            "iso": _iso(d, precision),
            "precision": precision,
            "relative": _is_relative(rule),
            "inferred": rule in _YEARLESS,
        }
        out.append(Mention(kind="date", start=s, end=e, text=m.group(), value=value, source=rule))
    return out


_RESTATED = re.compile(r"\s*,?\s*(?:on|in|that\s+is|i\.e\.,?)?\s*|\s*\(\s*")


def _is_relative(rule: str) -> bool:
    return rule.startswith("en.date.rel") or rule in ("en.date.deictic", "en.date.weekday")


def _resolve(rule: str, m: re.Match, ctx: DateContext, anchor: dict, future: bool = False) -> tuple[dt.date, str] | None:
    g = m.groupdict()
    if rule in ("en.date.mdy", "en.date.dmy", "en.date.iso", "en.date.range_md", "en.date.range_dm"):
        d = _full_date(m)
        return (d, "day") if d else None
    if rule in ("en.date.my", "en.date.part_my"):
        return dt.date(int(g["year"]), _month(g["mon"]), 1), "month"
    if rule in ("en.date.md", "en.date.dm"):
        mon, day = _month(g["mon"]), int(g["day"])
        if day == 0 or day > 31:
            return None
        y, _ = _infer_year(ctx, m.start(), mon, day, anchor, future)
        if y is None or not _valid(y, mon, day):
            return None
        return dt.date(y, mon, day), "day"
    if rule in ("en.date.part_m", "en.date.in_m"):
        mon = _month(g["mon"])
        left = m.string[max(0, m.start() - 6):m.start()].lower()
        if "last" in left and ctx.dateline is not None:
            y = ctx.dateline.year - (1 if mon >= ctx.dateline.month else 0)
        else:
            y, _ = _infer_year(ctx, m.start(), mon, None, anchor, future)
        if y is None:
            return None
        return dt.date(y, mon, 1), "month"
    if rule == "en.date.year":
        return dt.date(int(g["year"]), 1, 1), "year"
    if rule == "en.date.rel_next":
        if "date" not in anchor:
            return None
        rel = g["rel"].lower()
        step = 0 if ("same" in rel or rel == "that day") else 1
        d = anchor["date"] + dt.timedelta(days=step if anchor["precision"] == "day" else 0)
        return d, anchor["precision"]
    if rule == "en.date.rel_since":
        # "held incommunicado since." / "ever since": since the last event told
        if "date" not in anchor:
            return None
        return anchor["date"], anchor["precision"]
    if rule == "en.date.rel_same":
        if "date" not in anchor:
            return None
        keep = "month" if g["same"].lower() == "month" else "year"
        if anchor["precision"] == "year" and keep == "month":
            return None
        return anchor["date"], keep
    if rule in ("en.date.rel_later", "en.date.rel_after"):
        if "date" not in anchor:
            return None
        return _shift(anchor["date"], anchor["precision"], _n(g["n"]), g["unit"].lower())
    if ctx.dateline is None:
        return None
    if rule == "en.date.rel_ago":
        unit = g["unit"].lower().rstrip("s")
        d, _ = _shift(ctx.dateline, "day", -_n(g["n"]), unit)
        # "four months ago" is approximate: keep only the precision it can carry
        return d, {"day": "day", "week": "month", "month": "year", "year": "year"}[unit]
    if rule == "en.date.deictic":
        word = g["deictic"].lower()
        dl = ctx.dateline
        if "week" in word:
            d = dl - dt.timedelta(days=7) if word.startswith("last") else dl
            return d, "month"
        if "month" in word:
            return (_add_months(dl, -1) if word.startswith("last") else dl), "month"
        if "year" in word:
            return dt.date(dl.year - (1 if word.startswith("last") else 0), 1, 1), "year"
        if word == "yesterday":
            return dl - dt.timedelta(days=1), "day"
        return dl, "day"
    if rule == "en.date.weekday":
        target = WEEKDAYS[g["wd"].lower()]
        back = (ctx.dateline.weekday() - target) % 7
        return ctx.dateline - dt.timedelta(days=back), "day"
    return None


def _shift(d: dt.date, precision: str, n: int, unit: str) -> tuple[dt.date, str]:
    unit = unit.rstrip("s")
    if unit == "day":
        return d + dt.timedelta(days=n), precision if precision != "day" else "day"
    if unit == "week":
        return d + dt.timedelta(weeks=n), precision
    if unit == "month":
        return _add_months(d, n), "month" if precision != "year" else "year"
    return dt.date(d.year + n, d.month, min(d.day, 28)), "year" if precision == "year" else precision
