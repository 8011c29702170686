"""Trigger words of the ten event types, with negation, demand and state filters.

A trigger is dropped (no record) when, in its clause, a negation stands close
before it (未, 没有, 免于), a demand or hypothetical frames it (要求释放,
呼吁, 担心, 将被), or an ongoing-state word follows it (关押期间, 羁押中).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.stages.zh import lexicon

CLAUSE_BREAK = re.compile(r"[,，:：;；。!！?？\n]")
_NEAR_NEG = ("未", "没", "不", "免", "拒")  # single-character negations count only right before the trigger


@dataclass(frozen=True)
class TriggerHit:
    start: int  # working-text index within the sentence
    end: int
    entry: lexicon.TriggerEntry
    negated_by: str | None = None
    repeated: bool = False


_PAREN = re.compile(r"\([^()\n]{0,40}\)")


@lru_cache(maxsize=256)
def _breaks(text: str) -> tuple[int, ...]:
    """Positions of clause breaks, ignoring those inside short parentheses (又写:X)."""
    masked = _PAREN.sub(lambda m: "_" * len(m.group()), text)
    return tuple(m.start() for m in CLAUSE_BREAK.finditer(masked))


def clause_bounds(text: str, i: int) -> tuple[int, int]:
    """[start, end) of the clause around index ``i`` (clauses end at ，：；。 and line breaks)."""
    s, e = 0, len(text)
    for b in _breaks(text):
        if b < i:
            s = b + 1
        else:
            e = b
            break
    return s, e


@lru_cache(maxsize=1)
def _state_after() -> re.Pattern[str]:
    return lexicon.alternation([t for e in lexicon.cues().state_after for t in e.text])


_EARLIER = r"曾经|曾|过去(?![一二两三四五六七八九十几数]+年|的)|此前|先前"


@lru_cache(maxsize=1)
def _repeated() -> re.Pattern[str]:
    """再次/又被 (again), 曾/过去/此前 (an earlier occasion), 转为 (a new step)."""
    words = lexicon.alternation([t for e in lexicon.cues().repeated for t in e.text] + ["转为", "改为"])
    return re.compile(words.pattern + "|" + _EARLIER)


@lru_cache(maxsize=1)
def _death() -> tuple[re.Pattern[str], re.Pattern[str]]:
    c = lexicon.cues()
    return lexicon.alternation(c.death), lexicon.alternation(c.custody_places)


def _negation(text: str, cs: int, start: int) -> str | None:
    pat, ids = lexicon.negation_index()
    window = text[cs:start]
    for m in pat.finditer(window):
        word = m.group()
        if len(word) == 1 and word in _NEAR_NEG and len(window) - m.end() > 3:
            continue
        if word in ("不会",) and len(window) - m.end() > 3:
            continue
        return ids[word]
    return None


_QUOTE = re.compile(r"[“「『\"]([^”」』\"]{1,8})[”」』\"]")
_DURATION = re.compile(r"\s*(?:了)?\s*(?:\d+|[一二两三四五六七八九十半]+)\s*(?:年|个月|个多月)多?")
_PSYCH_VERB = re.compile(r"送|进|入|关|押|收治|强制|住院")


def _frame(text: str, cs: int, m: re.Match[str], entry: lexicon.TriggerEntry) -> str | None:
    """Frames that make a trigger word not assert an event."""
    # still held: 仍被羁押, 一直被关押 (a state; but 仍被软禁 and 仍下落不明 are kept)
    if entry.event_type in ("detained", "arrested", "rsdl") and re.search(r"(?:仍|仍然|依然|依旧|一直|继续|持续)(?:被|遭|遭到)?\s*$", text[max(cs, m.start() - 5):m.start()]):
        return "zh.state.still"
    # 刑满后因另案被继续还押: the term ended but custody went on
    if entry.event_type == "released" and re.search(r"(?:继续|仍|仍然|仍被|又被)[^。；;]{0,4}(?:还押|羁押|关押|拘押)", text[m.end():m.end() + 24]):
        return "zh.state.still"
    # 继续获准保释: still on bail, no new release
    if entry.event_type == "released" and re.search(r"(?:仍|仍然|继续|一直)(?:获准|获|被|可)?\s*$", text[max(cs, m.start() - 5):m.start()]):
        return "zh.state.still"
    # a predicate noun: 这是一个“非法审判”
    if re.search(r"是(?:一[个场次种]\s*[“「\"]?|[“「\"])[\u4e00-\u9fff]{0,3}$", text[cs:m.start()]):
        return "zh.frame.copula"
    # a summary: 这是两人第二次被关押
    if re.search(r"这是|此为|这已是|这已经是", text[cs:m.start()]) and re.search(r"第[一二两三四五六七八九十\d]+次", text[cs:m.start()]):
        return "zh.frame.summary"
    # 她今年已经第三次被关进学习班: a count of times so far, not a new event
    if re.search(r"已(?:经)?(?:是)?第[一二两三四五六七八九十\d]+次", text[cs:m.start()]):
        return "zh.frame.summary"
    # 被关押在不明地点, 被监禁在马尔康: where someone is held, with no time of its own, is a state
    if (entry.event_type == "detained" and m.group() in ("关押", "监禁", "羁押", "拘押", "拘禁", "关")
            and text[max(cs, m.start() - 1):m.start()] == "被" and re.match(r"\s*(?:在|于)", text[m.end():])
            and not re.search(r"\d|[年月日]|当天|当晚|次日|随后|随即|后|又|再", text[:m.start()])):
        return "zh.state.held_at"
    # a duration so far: 已被拘留三年多
    if (entry.event_type in ("detained", "house_arrest", "disappeared", "rsdl", "psychiatric")
            and "已" in text[cs:m.start()] and _DURATION.match(text, m.end())):
        return "zh.state.duration"
    # 被判监禁六个月: the custody word is the sentence's content, not a detention
    if entry.event_type == "detained" and re.search(r"判(?:处|决|入|他|她|其)?\s*$|判囚\s*$", text[max(cs, m.start() - 3):m.start()]):
        return "zh.frame.term"
    # 维持原判, 维持一审判处的有期徒刑: an appeal upholding the verdict is no new sentence
    if entry.event_type == "sentenced" and re.search(r"维持[^,，。；;]{0,4}$", text[max(cs, m.start() - 6):m.start()]):
        return "zh.frame.upheld"
    # 判处X监禁十年: the name stands between the verdict and its custody term
    if entry.event_type == "detained" and re.search(r"判处|判决|被判|判囚|判监", text[cs:m.start()]) and _DURATION.match(text, m.end()):
        return "zh.frame.term"
    # 劳教所, 学习班, 黑监狱 named without a verb that sends or holds someone there: a place
    if entry.id in ("zh.trig.extralegal", "zh.trig.rtl") and (entry.id == "zh.trig.extralegal" or text[m.end():m.end() + 1] in "所场") \
            and not _PSYCH_VERB.search(text, max(cs, m.start() - 16), m.start()):
        return "zh.frame.place_only"
    if entry.event_type == "psychiatric" and not m.group().startswith("被") and not _PSYCH_VERB.search(text, max(cs, m.start() - 16), m.start()):
        return "zh.frame.place_only"
    return None


def _matches(pat: re.Pattern[str], text: str):
    """Trigger matches left to right; 审判 read across 一审|判处 or 二审|判决 (the instance
    of a verdict) gives way to the word after it."""
    pos = 0
    while (m := pat.search(text, pos)) is not None:
        if m.group() == "审判" and text[m.start() - 1:m.start()] in ("一", "二", "终", "初", "再", "重"):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def find(text: str) -> list[TriggerHit]:
    """Trigger hits of one sentence of working text, including negated ones."""
    pat, by_text = lexicon.trigger_index()
    hits: list[TriggerHit] = []
    for m in _matches(pat, text):
        entry = by_text[m.group()]
        cs, ce = clause_bounds(text, m.start())
        neg = _negation(text, cs, m.start())
        if neg is None:
            # demands frame the whole sentence: 呼吁当局……释放X
            pre = text[:m.end()]
            if re.search(r"呼吁|敦促|促请|要求[^,，。]{0,12}(?:释放|放人)|应当|应该", pre[-30:]) and entry.event_type == "released":
                neg = "zh.neg.demand"
            # 有网民传言,X已于上周被捕: a rumour is not told as fact
            elif re.search(r"传言|传闻|据传|谣传|网传|有传", pre[-40:]):
                neg = "zh.neg.rumour"
        after = text[m.end():m.end() + 4]
        presupposed = after.startswith("期间") and re.search(r"被\s*(?:秘密|非法|强行|强制)?\s*$", text[max(cs, m.start() - 4):m.start()])
        # "死于拘押期间": a death word already names the change; what follows is its setting
        if entry.event_type == "died_in_custody":
            presupposed = True
        if neg is None and not presupposed and (_state_after().match(after) or re.match(r"[^,，。]{0,4}的(?:理由|原因|消息|过程|经过|情况|地点|时间|证据|依据)", text[m.end():m.end() + 8])):
            neg = "zh.state.ongoing"
        if neg is None and entry.event_type == "detained" and text[m.end():m.end() + 1] == "中":
            neg = "zh.state.ongoing"
        # 案件正在审理中, 仍在审理: a trial under way is a state, not a hearing told
        if neg is None and entry.event_type == "tried" and (text[m.end():m.end() + 1] == "中" or re.search(r"(?:正在|仍在|尚在)\s*$", text[max(cs, m.start() - 3):m.start()])):
            neg = "zh.state.ongoing"

        if neg is None:
            neg = _frame(text, cs, m, entry)
        rep = _repeated().search(text, cs, m.start()) is not None or re.search(_EARLIER, text[:cs]) is not None
        hits.append(TriggerHit(m.start(), m.end(), entry, neg, rep))
    hits += _died_in_custody(text, hits)
    return hits


def _died_in_custody(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    death, places = _death()
    out = []
    covered = {h.start for h in hits if h.entry.event_type == "died_in_custody"}
    for m in death.finditer(text):
        cs, ce = clause_bounds(text, m.start())
        if places.search(text, cs, ce) and not any(cs <= s < ce for s in covered):
            entry = next(e for e in lexicon.triggers() if e.event_type == "died_in_custody")
            out.append(TriggerHit(m.start(), m.end(), entry, _negation(text, cs, m.start())))
    return out
