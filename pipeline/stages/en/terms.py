"""English sentence terms: "2 years and 9 months", "a nine-year prison sentence",
"18-month", "life in prison", "death sentence with a two-year reprieve".

Values: ``{"months": N}`` or ``{"kind": "life" | "death" | "death_reprieve"}``,
plus ``suspended`` when the term is suspended. Terms of deprivation of
political rights are not custody terms and are skipped.
"""
from __future__ import annotations

import re

from pipeline.mentions import Mention

_W = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21,
    "twenty-two": 22, "twenty-five": 25, "thirty": 30, "half": 0,
}
_NUMW = r"(?:\d+(?:\.5)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-(?:one|two|five))?|thirty|a|an)"

_TERM = re.compile(
    rf"\b(?P<y>{_NUMW})(?P<half>\s+and\s+a\s+half)?[\s-]+(?P<yu>years?|months?)(?:['’]s?)?"
    rf"(?:,?\s+and\s+(?P<m>{_NUMW})[\s-]+months?)?"
    rf"(?P<tail>(?:['’]|\s+of)?\s*(?:in\s+prison|imprisonment|(?:suspended\s+)?prison(?:\s+(?:sentence|term))?|jail(?:\s+(?:sentence|term))?|(?:suspended\s+)?(?:sentence|term)|behind\s+bars))?",
    re.IGNORECASE,
)
_LIFE = re.compile(r"\b(?:life\s+(?:in\s+prison|imprisonment|sentence|term)|life-in-prison|to\s+life\b)", re.IGNORECASE)
_DEATH_REPRIEVE = re.compile(r"\b(?:death\s+sentences?\s+with\s+(?:a\s+)?(?:two-year\s+|2-year\s+)?reprieve|suspended\s+death\s+sentence|death\s+with\s+(?:a\s+)?(?:two-year\s+)?reprieve)", re.IGNORECASE)
_DEATH = re.compile(r"\b(?:sentenced\s+to\s+death|death\s+sentence|death\s+penalty)\b", re.IGNORECASE)
_SUSPENDED = re.compile(r"^[,\s]*(?:(?:which\s+was\s+|to\s+be\s+)?suspended|with\s+(?:a\s+)?(?:\w+[\s-]){0,2}(?:year|month)s?[\s-]+(?:probation|reprieve))", re.IGNORECASE)
_POLITICAL_AFTER = re.compile(r"^['’]?s?\s+(?:of\s+)?(?:deprivation|deprived)", re.IGNORECASE)
_YEAR_AND_HALF = re.compile(r"\b(?:a|one)\s+year\s+and\s+a\s+half\b", re.IGNORECASE)
# "to five, four and three years, respectively": several terms sharing one unit
_TERM_LIST = re.compile(
    rf"\b(?P<items>{_NUMW}(?:\s*,\s*{_NUMW})*,?\s+and\s+{_NUMW})\s+(?P<unit>years?|months?)\b(?=[^.;]{{0,60}}\brespectively\b)",
    re.IGNORECASE,
)
_POLITICAL = re.compile(r"(?:deprivation|deprived)\s+of\s+(?:his\s+|her\s+)?political\s+rights[^.;]{0,40}$", re.IGNORECASE)
_NOT_CUSTODY = re.compile(r"(?:old|aged?|ago|later|earlier|after|before|since|for\s+over|more\s+than)\s*$", re.IGNORECASE)


def _num(s: str) -> float:
    s = s.lower()
    try:
        return float(s)
    except ValueError:
        return float(_W.get(s, 0))


def find_terms(text: str, start: int, end: int) -> list[Mention]:
    out: list[Mention] = []
    for rx, kind, rule in ((_DEATH_REPRIEVE, "death_reprieve", "en.term.death_reprieve"), (_LIFE, "life", "en.term.life"), (_DEATH, "death", "en.term.death")):
        for m in rx.finditer(text, start, end):
            if any(m.start() < o.end and o.start < m.end() for o in out):
                continue
            out.append(Mention("sentence", m.start(), m.end(), m.group(), {"kind": kind, "suspended": False}, rule))
    for m in _TERM_LIST.finditer(text, start, end):
        unit = 12 if m.group("unit").lower().startswith("year") else 1
        for item in re.finditer(rf"\b{_NUMW}\b", m.group("items"), re.IGNORECASE):
            if item.group().lower() == "and":
                continue
            s0 = m.start("items") + item.start()
            months = int(round(_num(item.group()) * unit))
            if months > 0:
                out.append(Mention("sentence", s0, m.start("items") + item.end(), item.group(), {"months": months, "suspended": False}, "en.term.list"))
    for m in _YEAR_AND_HALF.finditer(text, start, end):
        if not any(m.start() < o.end and o.start < m.end() for o in out):
            out.append(Mention("sentence", m.start(), m.end(), m.group(), {"months": 18, "suspended": False}, "en.term.year_and_half"))
    for m in _TERM.finditer(text, start, end):
        if any(m.start() < o.end and o.start < m.end() for o in out):
            continue
        left = text[max(start, m.start() - 60):m.start()]
        right = text[m.end():m.end() + 45]
        if _POLITICAL_AFTER.match(right):
            continue
        if re.search(r"(?:ranging|from\s+\S+)\s*(?:to|-|–)?\s*$", left, re.IGNORECASE) or re.match(r"\s*(?:to|-|–)\s*\d", text[m.end():m.end() + 5]):
            continue  # a range of terms ("from 10 to 15 years") is no one's term
        if _POLITICAL.search(left) or re.match(r"\s*(?:old|ago|later|earlier|of\s+(?:detention|age)|in\s+(?:detention|custody))", right, re.IGNORECASE):
            continue
        has_tail = bool(m.group("tail"))
        # a bare "three years" counts only right after a sentencing word or "to"/"for"
        if not has_tail and not re.search(r"(?:\bto|\bfor|sentenced|jailed|imprisoned|convicted|received|serving|served|respectively,?|,|and)\s*$", left, re.IGNORECASE):
            continue
        if re.search(r"(?:old|aged|ago)\s*$", left, re.IGNORECASE):
            continue
        y = _num(m.group("y"))
        unit = m.group("yu").lower()
        months = y * 12 if unit.startswith("year") else y
        if m.group("half"):
            months += 6 if unit.startswith("year") else 0.5
        if m.group("m"):
            months += _num(m.group("m"))
        if months <= 0 or months > 12 * 30:
            continue
        suspended = bool(_SUSPENDED.match(right)) or "suspended" in m.group().lower()
        out.append(Mention("sentence", m.start(), m.end(), m.group(), {"months": int(round(months)), "suspended": suspended}, "en.term.years_months"))
    out.sort(key=lambda x: x.start)
    return out
