"""Arguments of a Chinese trigger: its date, place, charges, sentence term and
evidence span, chosen by clause (see :mod:`pipeline.stages.zh.link` for persons).

A clause's own argument wins; an earlier clause's argument is taken only when
the trigger's clause continues it (no subject of its own) and no other event
of the sentence stands between; a stage chain carries a trial's date and court
to the verdict told a few sentences later.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.mentions import DateRef, Mention
from pipeline.stages.zh import dates as zh_dates
from pipeline.stages.zh import lexicon, link, triggers
from pipeline.stages.zh.normalize import WorkingText


class Chain:
    """The last dated trigger of each stage group, so a later sentence about the
    same stage (the verdict after the trial) can take its date."""

    GROUPS = {"tried": "court", "sentenced": "court", "detained": "custody", "arrested": "custody"}

    REACH = {"court": 6, "custody": 1}
    # a later step takes an earlier step's date, never the other way round
    FOLLOWS = {"sentenced": {"tried", "sentenced"}, "tried": {"tried"}, "detained": {"arrested", "detained"}, "arrested": {"arrested", "detained"}}

    def __init__(self) -> None:
        self.dates: dict[str, tuple[int, int, DateRef, str]] = {}  # group -> (sentence, position, date, type)
        self.place: Mention | None = None  # the court of the trial being told
        self.court_charges: tuple[int, list, frozenset | None] = (-99, [], None)  # (sentence, charge hits, persons or None) of the case in court

    def note(self, etype: str, date: DateRef | None, n: int, pos: int = 0, later: bool = False) -> None:
        """``later``: the step is told as coming after what was told before
        (紧接着/随后……被判刑) with no date of its own: the stage's last date
        no longer holds for what follows."""
        g = self.GROUPS.get(etype)
        if g and date is not None:
            self.dates[g] = (n, pos, date, etype)
        elif g and later:
            self.dates.pop(g, None)

    def note_charges(self, etype: str, charges: list, n: int, persons=None) -> None:
        if etype in ("indicted", "tried", "sentenced") and charges:
            self.court_charges = (n, list(charges), frozenset(persons) if persons else None)

    def charges_for(self, etype: str, n: int, persons=None) -> list:
        """A trial or verdict told without its charge takes the case's charge
        stated at the indictment or trial a few sentences before, when it is
        the same person's case (another defendant's verdict keeps its own)."""
        at, charges, owners = self.court_charges
        if owners is not None and persons and not owners & set(persons):
            return []
        if etype in ("tried", "sentenced") and 0 <= n - at <= self.REACH["court"]:
            return list(charges)
        return []

    def get(self, etype: str, n: int, pos: int = 0) -> DateRef | None:
        """The date of an earlier step of the same stage (never a later one)."""
        g = self.GROUPS.get(etype)
        if g and g in self.dates:
            at, at_pos, date, src = self.dates[g]
            earlier = at < n or (at == n and at_pos < pos)
            if earlier and n - at <= self.REACH[g] and src in self.FOLLOWS.get(etype, ()):
                return date
        return None


# a purpose or reason clause tells an earlier, background event
BACKGROUND = re.compile(r"为了|为抗议|抗议|因为|由于")
_PERCEIVE = re.compile(r"得知|获悉|听说|获知|才知道")
_PLAN = re.compile(r"计划|打算|准备|预定|拟于|将于")
# 多次被传唤, 每次讯问后: many occasions have no one date
_MANY = re.compile(r"多次|屡次|屡遭|多番|每次|数次|几次|一再|再三|反复")
_AFTER = re.compile(r"之后|随后|后来|此后|其后|然后|事后|后又|后被|后遭")


def _date_only_clause(text: str, d: zh_dates.DateHit) -> bool:
    """2020年1月5日, …: a clause that holds nothing but a date (and a time word) dates what follows."""
    cs, ce = triggers.clause_bounds(text, d.start)
    # 5、7月14日晚上10点多, …: an item number before it and 多/许/半 after a clock time say nothing more
    head = re.sub(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）]", "", text[cs:d.start])
    rest = re.sub(r"\([^()]*\)|【[^】]*】|『[^』]*』|\[[^\]]*\]", "", head + re.sub(r"(?<=[点时分])[多许半]", "", text[d.end:ce])).strip()
    return len(re.sub(r"凌晨|上午|下午|晚上|早上|中午|傍晚|深夜|左右|前后|时间|期间|起|的|[\d:：点时分()（）\s]", "", rest)) <= 1


# a time word of the clause's own that the dates stage could not resolve (no dateline):
# the event is dated by it, never by another clause's or sentence's date
_OWN_TIME = re.compile(r"上周|上星期|上礼拜|本周|这周|上个?月|本月|前天|前日|前晚|昨天|昨日|昨晚|今天|今日|今早|今晨|日前|近日|最近|早前|近期|前些时候|前不久|不久前|去年|今年|前年")


def unresolved_time(text: str, h: triggers.TriggerHit, hits: list[zh_dates.DateHit]) -> bool:
    """The trigger's clause says when (上周, 日前, 前天) but no date could be read from it."""
    cs, _ = triggers.clause_bounds(text, h.start)
    m = _OWN_TIME.search(text, cs, h.start)
    return m is not None and not any(cs <= d.start and d.end <= h.start for d in hits)


_LATER = re.compile(r"(?:紧接着|接着|随后|之后|此后|其后|后来|然后|事后)")


# 被控于2023年3月至9月期间发布……: the date of what the charge alleges, not of a step of the case
_OFFENCE = re.compile(r"(?:被控|被指控|被指|涉嫌|控告|指控|被诉|被告)\s*(?:曾)?\s*(?:于|於|在)\s*$")


def _offence_date(text: str, d: zh_dates.DateHit) -> bool:
    return _OFFENCE.search(text[max(0, d.start - 8):d.start]) is not None


def later_step(text: str, h: triggers.TriggerHit) -> bool:
    """The trigger's clause, or its sentence, opens with 随后/紧接着: a step after those told before."""
    cs, _ = triggers.clause_bounds(text, h.start)
    return bool(_LATER.match(text[cs:h.start].lstrip()) or _LATER.match(text[:h.start].lstrip()))


def pick_date(text: str, h: triggers.TriggerHit, hits: list[zh_dates.DateHit], section, trig_hits=(), carry: bool = True) -> DateRef | None:
    """The trigger clause's own date (nearest before, or right after); else,
    when the clause has no subject of its own (it continues the sentence), a
    date of an earlier clause; else a timeline heading. A clause with its own
    time word that gives no date (日前, 上周 without a dateline) has none."""
    cs, ce = triggers.clause_bounds(text, h.start)
    usable = [d for d in hits if not d.range_end and not _offence_date(text, d)]
    if unresolved_time(text, h, usable):
        return None
    many = _MANY.search(text, cs, h.start)
    if many and "后" not in text[many.end():h.start]:
        return None

    def blocked(d: zh_dates.DateHit) -> bool:
        # a date read by a verb of perception (2019年,他得知……) or owned by another
        # event of the sentence (2014年5月被拘捕,并被控……) is not this event's
        if _PERCEIVE.search(text, d.end, h.start):
            return True
        # 得知政府计划在六月取缔……: a date inside what is learned or planned
        ds = triggers.clause_bounds(text, d.start)[0]
        if ds != cs and (_PERCEIVE.search(text, ds, d.start) or _PLAN.search(text, ds, d.start)):
            return True
        # 2019年7月17日是失踪的X的生日: the date is the copula's subject, not the event's
        if "是" in text[d.end:h.start] and not re.search(r"是否|但是|于是|还是|可是|就是|是在|是被", text[d.end:h.start]):
            return True
        if (triggers.clause_bounds(text, d.start)[0] == 0 and _date_only_clause(text, d)
                and not re.search(r"事后|之后|随后|后来|其后|此后|然后|后被|后又", text[d.end:h.start])):
            return False  # "3月8日,X被拘留,Y获释": a heading date scopes over the sentence (not over 事后……)
        between = [t for t in trig_hits if d.end <= t.start < h.start and t is not h and t.negated_by is None
                   and text[t.end:t.end + 1] != "的"  # 参加庭审的路上: a noun modifier owns no date
                   and not (d.start < cs <= t.start)]  # 今早……,被控多罪予以逮捕: one clause's two verbs share the time before it
        # 7月24日被绑架,之后下落不明: an event told after it (之后, 随后) is not dated by it
        if between and _AFTER.search(text, d.end, h.start):
            return True
        return any(not t.entry.generic and t.entry.event_type != h.entry.event_type for t in between)

    if re.match(r"\s*(?:日期|时间)\s*[:：]", text[h.end:]):
        # 拘押日期:2022年8月14日 — a field's value is its date
        field = [d for d in usable if d.start >= h.end]
        if field:
            return DateRef(field[0].iso, field[0].precision, text[field[0].start:field[0].end], field[0].source)
    before = [d for d in usable if cs <= d.start and d.end <= h.start and not blocked(d)]
    # 被刑拘将近一个月后(获释): a time counted from the event dates the next one
    after = [d for d in usable if h.end <= d.start < ce and d.start - h.end <= 3 and not text[d.start:d.end].endswith("后")]
    if not carry and re.match(r"\s*(?:而|并且|并|但|却|随后|之后|后来|又|再|才|便|遂)", text[cs:h.start]):
        carry = True  # 而与他的弟弟……一起被拘押: the same sentence goes on
    earlier = [d for d in usable if d.end <= cs and not blocked(d) and (carry or _date_only_clause(text, d))]
    pick = (before[-1] if before else None) or (after[0] if after else None) or (earlier[-1] if earlier else None)
    if pick is None:
        if section is not None and not BACKGROUND.search(text, cs, h.start):
            return section
        return None
    return DateRef(pick.iso, pick.precision, text[pick.start:pick.end], pick.source)


def pick_charges(text: str, h: triggers.TriggerHit, charge_hits, all_hits, carry: bool = False) -> list:
    """Charges of the trigger's clause (以X罪逮捕: the charge goes to the trigger
    after it; 被控以X罪: to the one before it). When the clause continues the
    sentence (她被指涉嫌X,于8月被捕), the charges of the clauses before it with no
    other event between."""
    cs, ce = triggers.clause_bounds(text, h.start)
    mine = []
    if carry:
        live = [t for t in all_hits if t.negated_by is None and t is not h and t.start < h.start]
        for c in charge_hits:
            if c.end <= cs and not any(c.end <= t.start for t in live) and c.charge_id not in {m.charge_id for m in mine}:
                mine.append(c)
    clause_trigs = sorted([t for t in all_hits if cs <= t.start < ce], key=lambda t: t.start)
    for c in charge_hits:
        if not cs <= c.start < ce:
            continue
        following = [t for t in clause_trigs if t.start >= c.end]
        owner = following[0] if following else (clause_trigs[-1] if clause_trigs else None)
        if owner is h and c.charge_id not in {m.charge_id for m in mine}:
            mine.append(c)
    # 被判处有期徒刑十五年,罪名是“X”: a clause naming the charge goes back to the last
    # event of the clause before it
    if ce < len(text) and clause_trigs and clause_trigs[-1] is h:
        m = _CHARGE_NAMED.match(text, ce + 1)
        if m:
            _, ce2 = triggers.clause_bounds(text, m.end())
            if not any(ce < t.start < ce2 for t in all_hits):
                for c in charge_hits:
                    if m.start() <= c.start < ce2 and c.charge_id not in {x.charge_id for x in mine}:
                        mine.append(c)
    return mine


_CHARGE_NAMED = re.compile(r"\s*(?:其|所涉|被控的?|被指控的?)?\s*罪名(?:是|为|包括|均为|分别为)?")


def pick_terms(text: str, h: triggers.TriggerHit, term_hits, n: int) -> list:
    cs, ce = triggers.clause_bounds(text, h.start)
    after = [t for t in term_hits if h.start <= t.start and t.start < ce + 30 and not triggers.CLAUSE_BREAK.search(text, h.end, t.start)]
    if not after:
        after = [t for t in term_hits if cs <= t.start < h.start]
    if n > 1 and "分别" in text[cs:ce] and len(after) >= n:
        return after[:n]
    return after[:1]


def term_mention(w: WorkingText, original: str, t) -> Mention | None:
    if t is None:
        return None
    a, b = w.orig_span(t.start, t.end)
    return Mention("sentence", a, b, original[a:b], value=dict(t.value), source=t.source)


# 在家庭聚会时被带走: an activity, not a place
_ACTIVITY = re.compile(r"(?:聚会|会议|开会|集会|聚餐|礼拜|讲座|演讲|上访|探亲|采访|旅游|旅行|抗议|示威|祷告|查经|工作|学习|活动|维权|直播|悼念|纪念)$")
_LOCATIVE = re.compile(r"(?<![遭受得收])(?:在|于)\s*([\u4e00-\u9fff]{2,12}?)(?=\s*(?:被|遭|突遭|时|期间|境内|内|附近|门口|外|,|，))")


_AGENCY = re.compile(r"(?:市|省|县|区)?(?:公安局?|警方|警察|国安|国保|公安分局|派出所)")
_LEVEL = {"province": 1, "region": 1, "prefecture": 2, "county": 3}


def pick_place(w: WorkingText, original: str, h: triggers.TriggerHit, place_mentions: list[Mention], grps, carry: bool, trig_hits=()) -> Mention | None:
    """The most specific place of the trigger's clause (a facility first, then
    the longest name), or of an earlier clause when this one continues it. A
    place that only describes a person (中国维权人士, 新界东参选人) is skipped."""
    text = w.text
    cs, ce = triggers.clause_bounds(text, h.start)
    lo = 0 if carry else cs
    a, b = w.orig_span(lo, ce)
    person_starts = {w.orig(g[0].start) for g in grps}

    starts = {w.working(q.start): q for q in place_mentions}

    def chain_end(p: Mention) -> int:
        i = w.working(p.end)
        # 四川甘孜州色达县两名藏人: a chain of places describes the persons as a whole
        for _ in range(4):
            j = i + 1 if text[i:i + 1] in ("州", "省", "市", "县", "区") else i
            nxt = starts.get(j) or starts.get(i)
            if nxt is None or nxt is p:
                break
            i = w.working(nxt.end)
        return i

    def attributive(p: Mention) -> bool:
        i = chain_end(p)
        return _role_after().match(text, i) is not None or w.orig(i) in person_starts

    c0 = w.orig(cs)
    own = [p for p in place_mentions if c0 <= p.start < b and not attributive(p)]
    if not own:
        m = _LOCATIVE.search(text, cs, h.start)
        if m and not _ACTIVITY.search(m.group(1)) and not re.search(r"[年月日时]|^[这那此其]|^(?:家中|家里|家|当地|现场|途中|路上|网上|期间|境外|国外|狱中)$|^(?:网上|网络|微信|微博|推特|脸书|社交媒体|视频|直播)", m.group(1)) and not link.pronouns(m.group(1)) and not any(g[0].start < m.end(1) and m.start(1) < g[-1].end for g in grps):
            x, y = w.orig_span(m.start(1), m.end(1))
            return Mention("place", x, y, original[x:y], value={"name": original[x:y]}, source="zh.place.locative")
    if not own and carry:
        # an earlier clause's place, unless another event of the sentence stands between
        between = [t for t in trig_hits if t.negated_by is None and t.entry.event_type != h.entry.event_type and t.start < h.start]
        own = [p for p in place_mentions if a <= p.start < c0 and not attributive(p)
               and not any(w.working(p.end) <= t.start for t in between)]
    if not own:
        # 一行人抵达X县,Y遭到……带离: the place just reached is where it happened
        s0 = w.orig(0)
        arrived = [p for p in place_mentions if s0 <= p.start < c0 and not attributive(p)
                   and re.search(r"(?:抵达|到达|来到|赶到|回到|进入)\s*$", text[max(0, w.working(p.start) - 3):w.working(p.start)])
                   and not triggers.CLAUSE_BREAK.search(text, w.working(p.end), triggers.clause_bounds(text, w.working(p.start))[1])
                   and not any(w.working(p.end) <= t.start < h.start for t in trig_hits if t.negated_by is None)]
        if arrived and triggers.clause_bounds(text, w.working(arrived[-1].start))[1] + 1 == cs:
            own = arrived[-1:]
    if not own:
        # 被广州公安拘捕, 遭北京警方刑事拘留: a place naming the agency that acts is where it happened
        own = [p for p in place_mentions if c0 <= p.start < w.orig(h.start) and _AGENCY.match(text, chain_end(p))
               and (p.value or {}).get("admin_level") != "country"]
    if not own:
        return None

    def rank(p: Mention) -> tuple:
        v = p.value or {}
        return (1 if v.get("facility_kind") else 0, v.get("admin_level") != "country", _LEVEL.get(v.get("admin_level"), 0), p.end - p.start)
    return max(own, key=rank)


@lru_cache(maxsize=1)
def _role_after() -> re.Pattern[str]:
    words = [*lexicon.cues().role_nouns, "参选人", "维权者", "上访", "籍", "人", "便衣", "保安", "警方", "警察", "公安", "当局", "政府", "官员", "国安", "安全", "人员",
             "媒体", "传媒", "报章", "报道", "电台", "网站"]
    # 香港「某某会」前副主席: a quoted organisation name may stand between the place and the role
    return re.compile(r"(?:[「“《\"][^」”》\"]{1,12}[」”》\"])?[\u4e00-\u9fff]{0,4}?(?:" + lexicon.alternation(words).pattern + ")")


def evidence(original: str, s, h: triggers.TriggerHit, who: tuple[str, str], used: set[tuple], repeated: bool = False) -> tuple[int, int]:
    """The sentence up to the end of the trigger's clause; narrower when that
    span already states another event of the same person and type (so each
    record keeps its own evidence and event id)."""
    _, ce = triggers.clause_bounds(s.w.text, h.start)
    t0, t1 = s.w.orig_span(h.start, h.end)
    a, b = s.start, s.w.orig_span(0, ce)[1] if ce > 0 else t1
    options = [(a, b), (a, t1), (t0, b), (t0, t1)]
    if repeated:  # starts at its own trigger, so it sorts after the first telling
        options = [(t0, b), (t0, t1), (a, b), (a, t1)]
    for a, b in options:
        while a < b and original[a].isspace():
            a += 1
        while b > a and original[b - 1].isspace():
            b -= 1
        if b > a and (who, a, b) not in used:
            used.add((who, a, b))
            return a, b
    return t0, t1
