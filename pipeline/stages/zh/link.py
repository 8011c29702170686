"""Linking a trigger to its persons, date, place, charges and term.

Chinese clauses are short and often drop the subject, so linking works in
clause windows (a clause ends at ，：；。):

- an active trigger followed by a name takes it as object (判处X, 逮捕X);
- otherwise the nearest name group before the trigger in its clause, then in
  the earlier clauses of the sentence, is the subject; a name followed by 的
  only modifies another noun (X的父母) and is skipped, except right before a
  nominal trigger (两人的审判);
- 他/她/其 and 两人/四人/他们 resolve to the most recent person or group;
- names joined by 、/和/与/及 (or by commas between attributive phrases
  ending in 的) form a group that shares the event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.stages.zh import lexicon
from pipeline.stages.zh.dates import cn_int
from pipeline.stages.zh.triggers import CLAUSE_BREAK, TriggerHit, clause_bounds


@dataclass(frozen=True)
class PersonSpan:
    start: int  # working index within the sentence
    end: int
    key: str


_TITLE = r"(?:律师|先生|女士|枢机|主教|牧师|教授|博士|法师|喇嘛|活佛)?"
_JOIN = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*" + _TITLE + r"\s*(?:、|和|与|及|以及|同|跟|,|，)\s*(?:[^,，。；;、]{0,8}?)?$")
# A(Ann A)B(Bo B)、C: two names with nothing but a romanization between them are
# listed (a separator left out)
_ONLY_ROMAN = re.compile(r"\s*\([A-Za-z][A-Za-z .'\-]{1,40}\)\s*")
_JOIN_ATTR = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*[,，][^。；;]{0,20}的$")
# 承认 a charge (承认一项“……罪”, 承认控罪) is a plea, not speech
_SPEECH = re.compile(r"说|表示|透露|称|告诉|得知|发现|获悉|证实|指出|承认(?![^,，。;；]{0,16}(?:罪|控罪|指控))|介绍|知道|了解到|确认")
_KIN = re.compile(r"的(?:[一二两三四五六七八九十\d]+[名个位])?(?:僧友|狱友|同伴|母亲|父亲|父母|妻子|丈夫|儿子|女儿|家人|亲属|弟弟|哥哥|姐姐|姊姊|妹妹|伴侣|兄弟|亲人|孩子|律师|同事|朋友|友人)(?!\s*[\u4e00-\u9fff]{0,1}\s*(?:\(|[、和与]))")
_KIN_NAMED = re.compile(r"的(母亲|父亲|妻子|丈夫|儿子|女儿|弟弟|哥哥|姐姐|姊姊|妹妹|伴侣)")
_WITH = re.compile(r"[与和同跟][^,，。；;]{0,10}?$")


def groups(text: str, spans: list[PersonSpan]) -> list[list[PersonSpan]]:
    trig_pat, _ = lexicon.trigger_index()
    out: list[list[PersonSpan]] = []
    for sp in sorted(spans, key=lambda s: s.start):
        if out:
            prev = out[-1][-1]
            gap = text[prev.end:sp.start]
            joined = (_JOIN.match(gap) and (gap.strip(" ,，") == "" or re.search(r"[、和与及同跟]", gap) or gap.strip() in (",", "，"))) \
                or _JOIN_ATTR.match(gap) or _ONLY_ROMAN.fullmatch(gap)
            if joined and re.fullmatch(r"\s*(?:\([^()]{0,40}\))?\s*" + _TITLE + r"\s*[,，]\s*", gap) and _own_predicates(text, prev, sp, trig_pat):
                joined = None  # 逮捕X,Y则获取保: each name has its own clause and event
            if joined and not trig_pat.search(gap) and not _modifier(text, prev):
                if sp.key not in {p.key for p in out[-1]}:
                    out[-1].append(sp)
                continue
        out.append([sp])
    return out


def _own_predicates(text: str, prev: PersonSpan, sp: PersonSpan, trig_pat: re.Pattern[str]) -> bool:
    """Two names split by a comma, each with an event word in its own clause."""
    cs, _ = clause_bounds(text, prev.start)
    _, ce = clause_bounds(text, sp.start)
    return trig_pat.search(text, cs, prev.start) is not None and trig_pat.search(text, sp.end, ce) is not None


def _modifier(text: str, sp: PersonSpan) -> bool:
    """X的N: the name only modifies the noun after it."""
    return text[sp.end:sp.end + 1] == "的" or re.match(r"\s*\([^()]*\)\s*的", text[sp.end:]) is not None


@lru_cache(maxsize=1)
def _pronoun_re() -> re.Pattern[str]:
    p = lexicon.cues().pronouns
    return lexicon.alternation([*p.singular, *p.plural])


def pronoun_count(word: str) -> int | None:
    """1 for 他/她, N for N人/N名, 0 for an unspecified plural (他们)."""
    if word in lexicon.cues().pronouns.singular:
        return 1
    m = re.match(r"(?:以上)?([两二三四五六七八九十\d]+)[人名]", word)
    if m:
        return cn_int(m.group(1).replace("两", "二"))
    if word == "夫妇":
        return 2
    return 0


_NUM_PRON = re.compile(r"(?<![\d.])(\d{1,2})\s*[人名](?![\u4e00-\u9fff]{0,1}(?:次|民|员|士))")


def pronouns(text: str, trig_start: int | None = None) -> list[tuple[int, int, str]]:
    out = []
    for m in _pronoun_re().finditer(text):
        nxt = text[m.end():m.end() + 1]
        if nxt == "的" and not (trig_start is not None and m.end() + 1 == trig_start):
            continue
        if nxt == "们" and m.group() in ("他", "她"):
            continue
        if m.group() == "其" and nxt in "他余中实":
            continue
        # 第八人民医院, 三人民警: a numeral before 人民/人员 is no count of persons
        if re.fullmatch(r"[两二三四五六七八九十]+[人名]", m.group()) and (text[m.start() - 1:m.start()] == "第" or (nxt != "" and nxt in "民员士次")):
            continue
        out.append((m.start(), m.end(), m.group()))
    for m in _NUM_PRON.finditer(text):
        out.append((m.start(), m.end(), f"{m.group(1)}人"))
    return sorted(out)


@dataclass
class History:
    """Persons met so far in the document, most recent last."""

    groups: list[list[str]]
    kin: dict[str, str] = field(default_factory=dict)  # 姊姊 -> the last person named as someone's 姊姊

    def resolve(self, count: int) -> list[str]:
        if not self.groups:
            return []
        if count == 1:
            return [self.groups[-1][0]]
        for g in reversed(self.groups[-6:]):
            if (count == 0 and len(g) >= 2) or len(g) == count:
                return list(g)
        if count > 1:
            seen: list[str] = []
            for g in reversed(self.groups):
                for k in reversed(g):
                    if k not in seen:
                        seen.append(k)
                if len(seen) >= count:
                    return list(reversed(seen[:count]))
        return []

    def extended(self, grps: list[list["PersonSpan"]], before: int) -> "History":
        return History(self.groups + [[p.key for p in g] for g in grps if g[-1].end <= before], self.kin)

    def note_kin(self, text: str, grps: list[list["PersonSpan"]]) -> None:
        """她的姊姊古丽仙: remember who is named as a 姊姊, for a later bare 她的姊姊."""
        for m in _KIN_NAMED.finditer(text):
            for g in grps:
                if m.end() <= g[0].start <= m.end() + 1:
                    self.kin[m.group(1)] = g[0].key


_OBJ_GAP = re.compile(r"^(?:了|着|其|至|为|到|予|)$")
_ATTR_GAP_FIXED = r"人士|律师|访民|僧人|喇嘛|记者|活佛|编辑|学生|信徒|成员|村民|男子|女子|出版人|作家|学者|牧师|学员|商人|人"


@lru_cache(maxsize=1)
def _attr_gap() -> re.Pattern[str]:
    """判处(前)教师X: the gap before an object name ends with a role noun (any of the lexicon's)."""
    roles = lexicon.alternation([*_ATTR_GAP_FIXED.split("|"), *lexicon.cues().role_nouns]).pattern
    return re.compile(r"^(?:了)?(?:的)?[^,，。；;]{0,8}?(?:" + roles + r")$")


_PAREN = re.compile(r"\s*\([^()]{0,40}\)\s*")


def _passive_at(text: str, i: int) -> bool:
    """被证实, 经确认: a passive report verb does not open a quoted clause."""
    return text[max(0, i - 1):i] in ("被", "经", "已")


def _speaker(text: str, sp: "PersonSpan") -> bool:
    """X说, X(Romanized)得知: the name introduces speech or perception."""
    end = sp.end
    m = _PAREN.match(text, end)
    if m:
        end = m.end()
    return _SPEECH.match(text, end) is not None or _SPEECH.match(text, end + 1) is not None or re.match(r"报道|报导|撰文|发文", text[end:end + 2]) is not None


def _topic(text: str, grps: list[list[PersonSpan]], cs: int) -> list[str]:
    for g in grps:
        if g[-1].end <= cs:
            keep = [p for p in g if not _modifier(text, p) and not _speaker(text, p)]
            if keep:
                return [p.key for p in keep]
    return []


def subjects(text: str, trig: TriggerHit, grps: list[list[PersonSpan]], history: History) -> tuple[list[str], str]:
    """The persons a trigger is about, and the rule that linked them."""
    cs, ce = clause_bounds(text, trig.start)
    local = history.extended(grps, trig.start)
    passive = re.search(r"[被遭获]|遭到|受到", text[cs:trig.start]) is not None or trig.entry.voice == "passive"
    # 1. object after the trigger: 判处X, 逮捕X; 被抓捕的人权活动人士X (any voice)
    for g in grps:
        if trig.end <= g[0].start <= trig.end + 12 and g[0].start < ce:
            gap = text[trig.end:g[0].start]
            # 逮捕X的24名亲属: X only modifies the real (unnamed) object; but in
            # 失踪(的)班禅喇嘛X的生日 the trigger still describes X
            attributive = _attr_gap().match(gap) and (not _modifier(text, g[-1]) or trig.entry.voice == "passive" or gap.startswith("的"))
            if (not passive and _OBJ_GAP.match(gap) and not _modifier(text, g[-1])) or attributive:
                return [p.key for p in g], "zh.link.object"
    if not passive:
        for s, e, word in pronouns(text[trig.end:min(ce, trig.end + 3)]):
            if s == 0:
                got = local.resolve(pronoun_count(word) or 0)
                if got:
                    return got, "zh.link.pronoun"
    # 2. the trigger's clause: its first named subject after any speech verb
    in_clause = []
    for g in grps:
        if cs <= g[-1].start and g[-1].end <= trig.start:
            keep = [p for p in g if not _modifier(text, p) or (text[p.end:p.end + 1] == "的" and p.end + 1 == trig.start)]
            keep = [p for p in keep if not _speaker(text, p)]
            if keep:
                in_clause.append(keep)
    speech = [m.end() for m in _SPEECH.finditer(text, cs, trig.start) if not re.search(r"因|由于|为了", text[cs:m.start()]) and not _passive_at(text, m.start())]
    if speech:
        in_clause = [g for g in in_clause if g[0].start >= speech[-1]] or in_clause
    prons = [p for p in pronouns(text[:trig.start], trig.start) if p[0] >= cs]
    best: tuple[int, list[str], str] | None = None
    if in_clause:
        g = in_clause[0] if passive else in_clause[-1]
        best = (g[-1].end, [p.key for p in g], "zh.link.subject")
        if _WITH.search(text[cs:g[0].start]) and re.match(r"[^,，。]{0,12}(?:一起|一同|共同)", text[g[-1].end:trig.start]):
            # (X……,)而与他的弟弟Y一起被拘押: Y joins the sentence topic
            topic = _topic(text, grps, cs)
            if topic:
                best = (best[0], topic + [k for k in best[1] if k not in topic], "zh.link.subject")
    for s, e, word in prons:
        if best is None or s > best[0]:
            got = history.extended(grps, s).resolve(pronoun_count(word) or 0)
            if got:
                best = (e, got, "zh.link.pronoun")
    # 3. earlier clauses: the first named subject of the nearest clause that has one
    if best is None:
        speech_all = [m.end() for m in _SPEECH.finditer(text, 0, cs)
                      if not re.search(r"因|由于|为了", text[clause_bounds(text, m.start())[0]:m.start()]) and not _passive_at(text, m.start())]
        cand: list[list[PersonSpan]] = []
        for g in grps:
            if g[-1].end <= cs:
                keep = [p for p in g if not _modifier(text, p) and not _speaker(text, p)]
                if keep and (not speech_all or keep[0].start >= speech_all[-1]):
                    cand.append(keep)
        if cand:
            last_clause = clause_bounds(text, cand[-1][0].start)
            first = next(g for g in cand if clause_bounds(text, g[0].start) == last_clause)
            best = (first[-1].end, [p.key for p in first], "zh.link.topic")
        for s, e, word in pronouns(text[:cs]):
            if best is None or s > best[0]:
                got = history.extended(grps, s).resolve(pronoun_count(word) or 0)
                if got:
                    best = (e, got, "zh.link.pronoun")
    # 在被拘留37天后,X、Y获释: a fronted 被-clause of time has the next clause's subject
    if best is None and (g := _fronted_subject(text, trig, grps, cs, ce)):
        return [p.key for p in g], "zh.link.fronted"
    # 她的姊姊 (named earlier as 她的姊姊古丽仙) is that person
    for m in _KIN_NAMED.finditer(text, cs, trig.start):
        unnamed = not any(m.end() <= g[0].start < m.end() + 2 for g in grps)
        if unnamed and re.search(r"[他她其]$", text[:m.start()]) and m.group(1) in history.kin:
            if best is None or m.start() >= best[0] - 1:
                return [history.kin[m.group(1)]], "zh.link.kin"
    # X的妻子表示,丈夫上周被带走: the bare kin noun is X, named as the speaker's relative
    if best is None:
        # the kin noun opens this clause or an earlier one of the sentence (the subject goes on)
        km = None
        for k in re.finditer(r"(?:^|[,，:：])\s*(?:其|她的|他的)?(丈夫|妻子|太太|老公|儿子|女儿|父亲|母亲)", text[:trig.start]):
            km = k
        if km and not any(km.end() <= g[0].start < trig.start for g in grps):
            for g in grps:
                if g[-1].end <= km.start():
                    rel = _KIN_NAMED.match(text, g[-1].end)
                    if rel and rel.group(1) != km.group(1) and _SPEECH.search(text, rel.end(), km.end()):
                        return [g[-1].key], "zh.link.kin"
    if best is None:
        return [], ""
    # an unnamed kin or role noun (X的母亲) after the chosen name is the real subject
    for m in _KIN.finditer(text, cs, trig.start):
        if m.start() >= best[0] - 1 and not any(m.end() <= g[0].start < m.end() + 2 for g in grps):
            return [], ""
    keys = list(best[1])
    # 龚某等人 / X等三人: the group X was listed in before
    if len(keys) == 1 and re.match(r"\s*等(?:[\d一二两三四五六七八九十数多]+)?(?:人|名|位)", text[best[0]:best[0] + 5]):
        for g in reversed(history.groups):
            if len(g) >= 2 and keys[0] in g:
                # those the sentence names for another event are not among 等人
                named = {p.key for gg in grps for p in gg} - {keys[0]}
                keys = [k for k in g if k not in named]
                break
    # 与X一起: X shares the event
    for g in grps:
        if best[0] <= g[0].start and g[-1].end <= trig.start and _WITH.search(text[cs:g[0].start]) and re.match(r"[^,，。]{0,12}(?:一起|一同|共同)", text[g[-1].end:trig.start]):
            keys += [p.key for p in g if p.key not in keys]
    return keys, best[2]


_FRONTED_OPEN = re.compile(r"\s*(?:在|于)?\s*(?:被|遭)")
_FRONTED_CLOSE = re.compile(r"[^,，。；;]{0,16}?(?:后|之后|以后)\s*[,，]")


def _fronted_subject(text: str, trig: TriggerHit, grps: list[list[PersonSpan]], cs: int, ce: int) -> list[PersonSpan] | None:
    """(在)被……后, the clause of time before the main clause: its subject is the
    main clause's, named at the head of the next clause (role nouns may stand first)."""
    if not _FRONTED_OPEN.fullmatch(text, cs, trig.start) or not _FRONTED_CLOSE.match(text, trig.end):
        return None
    nxt = _FRONTED_CLOSE.match(text, trig.end).end()
    for g in grps:
        if nxt <= g[0].start <= nxt + 12 and not re.search(r"[,，。；;]", text[nxt:g[0].start]):
            keep = [p for p in g if not _modifier(text, p) and not _speaker(text, p)]
            return keep or None
    return None


# a clause that opens on its predicate: the subject is the topic of the sentence before
# (被告人X,男,……。因涉嫌……于……被刑事拘留,……经本院决定逮捕)
_YEAR = r"(?:(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})\s*年"  # 2015年, 二零一五年
_DATE_LEAD = r"(?:(?:" + _YEAR + r"|同年|当年|次年|翌年|今年|去年)?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?|" + _YEAR + r"|同年|次日|翌日|当天|当日|同日|随后|其后|之后|后来|此后|不久|稍后)"
_ADVS = r"(?:又|再|还|也|亦|均|已|曾|并|即|随即|旋即|先后|分别|但|却|则|随后)*"
_ZERO_OPEN = re.compile(r"\s*(?:" + _DATE_LEAD + r"[\s,，]*)*" + _ADVS + r"\s*(?:在[^,，。；;被遭]{1,12}?)?" + _ADVS + r"\s*(?:因|被|遭|于|經|经)")
# 在天津受审, 刑满出狱: the clause opens on the event word itself
_BARE_OPEN = re.compile(r"\s*(?:" + _DATE_LEAD + r"[\s,，]*)*" + _ADVS + r"\s*(?:在[^,，。；;被遭]{1,14}?)?" + _ADVS + r"\s*$")
_CASE_OBJECT = re.compile(r"\s*(?:了)?\s*(?:此案|该案|本案|其案)")


def zero_subject(text: str, trig: TriggerHit, grps: list[list[PersonSpan]], topic: list[str] | None) -> tuple[list[str], str]:
    """No name or pronoun before the trigger in its sentence, and the sentence opens on
    its predicate (因涉嫌……被拘留, 于3月被逮捕) or a court tries 此案: the topic of the
    sentence before, in the same paragraph, is the subject."""
    if not topic:
        return [], ""
    if any(g[0].start < trig.start for g in grps) or pronouns(text[:trig.start], trig.start):
        return [], ""
    cs, _ = clause_bounds(text, trig.start)
    if _ZERO_OPEN.match(text, cs) or (trig.entry.event_type == "tried" and _CASE_OBJECT.match(text, trig.end)):
        return list(topic), "zh.link.zero_subject"
    if trig.entry.voice == "passive" or trig.entry.event_type in ("tried", "released", "sentenced"):
        if _BARE_OPEN.fullmatch(text[cs:trig.start]) and not trig.entry.generic:
            return list(topic), "zh.link.zero_subject"
    # 拘押日期:2022年8月14日 — a case file's field names the event of its subject
    if not text[:trig.start].strip() and _FIELD_LABEL.match(text, trig.end):
        return list(topic), "zh.link.case_field"
    return [], ""


_FIELD_LABEL = re.compile(r"\s*(?:日期|时间)\s*[:：]")


def sentence_topic(text: str, grps: list[list[PersonSpan]]) -> list[str]:
    """The sentence's topic: its first name group that is neither a modifier nor a speaker."""
    return _topic(text, grps, len(text))


def in_clause(text: str, trig: TriggerHit, start: int) -> bool:
    cs, ce = clause_bounds(text, trig.start)
    return cs <= start < ce


def clause_of(text: str, i: int) -> tuple[int, int]:
    return clause_bounds(text, i)


def sentence_has_break(text: str, a: int, b: int) -> bool:
    return CLAUSE_BREAK.search(text, a, b) is not None
