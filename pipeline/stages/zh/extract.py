"""Chinese candidate events: the Simplified and Traditional spans of a document.

Stages, in order, per sentence of a Chinese span (see each module):
normalize (t2s + half-width, offset map) -> words (jieba, only in sentences
with a trigger) -> persons (two passes over the document) -> triggers ->
dates (anchored on the dateline) -> charges, terms, places -> link ->
:class:`~pipeline.mentions.Candidate`. Every offset is into ``doc.text``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.document import Document
from pipeline.mentions import Candidate, DateRef, Mention, PersonRef
from pipeline.stages.zh import charges as zh_charges
from pipeline.stages.zh import dates as zh_dates
from pipeline.stages.zh import link, persons, places, terms, triggers
from pipeline.stages.zh.normalize import WorkingText, normalize
from pipeline.stages.zh.words import Word, pos_cut

log = logging.getLogger(__name__)

_CUSTODY = {"arrested", "rsdl", "house_arrest", "psychiatric", "detained"}


@dataclass
class _Sentence:
    w: WorkingText
    start: int
    end: int
    hits: list[triggers.TriggerHit] = field(default_factory=list)


def candidates(doc: Document) -> list[Candidate]:
    sents = [s for s in doc.sentences if s.lang in ("zh-Hans", "zh-Hant")]
    if not sents:
        return []
    work = [_Sentence(normalize(doc.text[s.start:s.end], s.start), s.start, s.end) for s in sents]
    for s in work:
        s.hits = [] if _tag_list(s.w.text) else triggers.find(s.w.text)
    index = persons.PersonIndex()
    for s in work:
        words = _window_words(s.w.text, [h for h in s.hits if h.negated_by is None])
        persons.find_candidates(s.w, words, index, doc.text)
    persons.expand_aliases(index, [(s.w, doc.text) for s in work])
    ctx = zh_dates.document_context("\n".join(s.w.text for s in work))
    timeline = _count_date_lines(work, doc.text) >= 2
    history = link.History(groups=[])
    chain = _Chain()
    out: list[Candidate] = []
    section: DateRef | None = None
    for n, s in enumerate(work):
        text = s.w.text
        line_start = s.start == 0 or doc.text[s.start - 1] == "\n" or doc.text[:s.start].rstrip(" \t\u3000").endswith("\n")
        if line_start and (dl := zh_dates.line_dateline(text)):
            ctx.dateline = dl
            section = None
        date_hits = zh_dates.find(text, ctx)
        if line_start and zh_dates.is_date_line(text, date_hits):
            if timeline:
                d0 = date_hits[0]
                section = DateRef(d0.iso, d0.precision, text[d0.start:d0.end], "zh.date.heading")
            continue
        spans = [link.PersonSpan(m_s, m_e, key) for m_s, m_e, key in _person_spans(s.w, index, doc.text)]
        grps = link.groups(text, spans)
        live = [h for h in s.hits if h.negated_by is None]
        if live:
            out += _sentence_candidates(doc, s, live, grps, history, index, date_hits, section, chain, n)
        _push_history(text, grps, history)
    out = _same_seizure(out)
    _date_disappearances(out)
    return out


def _same_seizure(cands: list[Candidate]) -> list[Candidate]:
    """带走 on 去年8月1日 and 拘捕 in 去年8月, for one person: one seizure told with
    two words. The plain seizure word yields to the arrest (the more specific
    measure), which keeps the more precise date."""
    arrests = [c for c in cands if c.event_type == "arrested" and c.date is not None and not c.repeated]
    out = []
    for c in cands:
        if c.event_type == "detained" and c.date is not None and not c.repeated and _generic(c.trigger.source):
            key = c.person.name_zh or c.person.name
            same = [a for a in arrests if (a.person.name_zh or a.person.name) == key
                    and (a.date.iso.startswith(c.date.iso) or c.date.iso.startswith(a.date.iso))]
            if same:
                a = same[0]
                if len(c.date.iso) > len(a.date.iso):
                    a.date = c.date
                    a.provenance["date"] = c.provenance.get("date", "")
                continue
        out.append(c)
    return out


@lru_cache(maxsize=64)
def _generic(trigger_id: str) -> bool:
    from pipeline.stages.zh import lexicon

    return any(e.id == trigger_id and e.generic for e in lexicon.triggers())


def _own_subject(text: str, h: triggers.TriggerHit, grps) -> bool:
    """The trigger's clause names its own subject (a name or a pronoun before the trigger)."""
    cs, _ = triggers.clause_bounds(text, h.start)
    return any(cs <= g[0].start < h.start for g in grps) or bool(link.pronouns(text[cs:h.start]))


def _members(text: str, h: triggers.TriggerHit, grps) -> tuple[list[str], str]:
    """近7千人被捕,其中……王凤瑶: the names after 其中/包括 share the unnamed group's event."""
    _, ce = triggers.clause_bounds(text, h.start)
    if ce >= len(text) or not re.match(r"[,，]\s*(?:其中(?:包括)?|包括)", text[ce:]):
        return [], ""
    _, ce2 = triggers.clause_bounds(text, ce + 1)
    for g in grps:
        if ce < g[0].start < ce2:
            return [p.key for p in g], "zh.link.member"
    return [], ""


def _date_disappearances(cands: list[Candidate]) -> None:
    """A disappearance told without a date dates from the person's last seizure."""
    last: dict[str, DateRef] = {}
    for c in cands:
        key = c.person.name_zh or c.person.name
        if c.event_type == "disappeared" and c.date is None and key in last:
            c.date = last[key]
            c.provenance["date"] = "zh.date.last_seizure"
        if c.event_type in ("detained", "arrested") and c.date is not None:
            last[key] = c.date


def _tag_list(text: str) -> bool:
    """A line of page furniture (tag clouds, menus): short words split by spaces, no punctuation."""
    return not re.search(r"[,，。;；:：!?！？]", text) and len(re.findall(r"[\u4e00-\u9fff]+", text)) >= 3 and len(re.findall(r"\s+", text.strip())) >= 2


class _Chain:
    """The last dated trigger of each stage group, so a later sentence about the
    same stage (the verdict after the trial) can take its date."""

    GROUPS = {"tried": "court", "sentenced": "court", "detained": "custody", "arrested": "custody"}

    REACH = {"court": 6, "custody": 1}
    # a later step takes an earlier step's date, never the other way round
    FOLLOWS = {"sentenced": {"tried", "sentenced"}, "tried": {"tried"}, "detained": {"arrested", "detained"}, "arrested": {"arrested", "detained"}}

    def __init__(self) -> None:
        self.dates: dict[str, tuple[int, int, DateRef, str]] = {}  # group -> (sentence, position, date, type)
        self.place: Mention | None = None  # the court of the trial being told

    def note(self, etype: str, date: DateRef | None, n: int, pos: int = 0) -> None:
        g = self.GROUPS.get(etype)
        if g and date is not None:
            self.dates[g] = (n, pos, date, etype)

    def get(self, etype: str, n: int, pos: int = 0) -> DateRef | None:
        """The date of an earlier step of the same stage (never a later one)."""
        g = self.GROUPS.get(etype)
        if g and g in self.dates:
            at, at_pos, date, src = self.dates[g]
            earlier = at < n or (at == n and at_pos < pos)
            if earlier and n - at <= self.REACH[g] and src in self.FOLLOWS.get(etype, ()):
                return date
        return None


def _count_date_lines(work: list["_Sentence"], original: str) -> int:
    count = 0
    ctx = zh_dates.DateContext()
    for s in work:
        line_start = s.start == 0 or original[:s.start].rstrip(" \t\u3000").endswith("\n")
        if line_start and re.fullmatch(r"[\s\d年月日号\-/.、,，至到()（）〇零一二三四五六七八九十]+", s.w.text) and re.search(r"\d{3,}|年", s.w.text):
            count += 1
    return count


def _push_history(text: str, grps, history: link.History) -> None:
    history.note_kin(text, grps)
    items: list[tuple[int, object]] = [(g[0].start, g) for g in grps]
    for ps, pe, word in link.pronouns(text):
        c = link.pronoun_count(word)
        if c and c >= 2:
            items.append((ps, word))
    for _, item in sorted(items, key=lambda t: t[0]):
        if isinstance(item, str):
            got = history.resolve(link.pronoun_count(item) or 0)
            if got:
                history.groups.append(got)
        else:
            history.groups.append([p.key for p in item])


def _window_words(text: str, live: list[triggers.TriggerHit]):
    """jieba (with its HMM name tags) only where a trigger's arguments are:
    the trigger's clause and the clause before it (its topic)."""
    if not live:
        return None
    spans: list[tuple[int, int]] = []
    for h in live:
        cs, ce = triggers.clause_bounds(text, h.start)
        a = triggers.clause_bounds(text, cs - 1)[0] if cs > 0 else cs
        b = min(len(text), ce + 1)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    out = []
    for a, b in spans:
        out += [Word(w.text, w.flag, w.start + a) for w in pos_cut(text[a:b])]
    return out


def _person_spans(w: WorkingText, index: persons.PersonIndex, original: str) -> list[tuple[int, int, str]]:
    res = []
    for m in persons.mentions(w, index, original):
        # back to working indices of this sentence
        ws = _working_index(w, m.start)
        we = _working_index(w, m.end)
        res.append((ws, we, m.value))
    return res


def _working_index(w: WorkingText, orig: int) -> int:
    if w._map is None:
        return orig - w.base
    rel = orig - w.base
    for i, o in enumerate(w._map):
        if o >= rel:
            return i
    return len(w._map)


def _sentence_candidates(doc, s: _Sentence, hits, grps, history, index, date_hits, section, chain: "_Chain", n: int) -> list[Candidate]:
    text = s.w.text
    term_hits = terms.find(text)
    charge_hits = zh_charges.find(text)
    place_mentions = None
    made: list[tuple[triggers.TriggerHit, list[str], str]] = []
    for h in hits:
        keys, how = link.subjects(text, h, grps, history)
        if not keys:
            keys, how = _members(text, h, grps)
        if keys and h.entry.generic and how != "zh.link.object":
            cs, _ = triggers.clause_bounds(text, h.start)
            if not re.search(r"[被遭将把]", text[cs:h.end]):
                keys = []  # 关押在那里: a state, not a seizure
        if keys:
            made.append((h, keys, how))
        date = _pick_date(text, h, date_hits, section, hits, carry=not _own_subject(text, h, grps))
        if date is not None:
            chain.note(h.entry.event_type, date, n, h.start)
        if h.entry.event_type in ("tried", "sentenced"):
            if place_mentions is None:
                place_mentions = places.find_places(doc.text, s.start, s.end)
            court = _pick_place(s.w, doc.text, h, place_mentions, grps, carry=True, trig_hits=hits)
            if court is not None and (court.value or {}).get("facility_kind"):
                chain.place = court
    # psychiatric: a custody verb in a clause naming a psychiatric hospital is a commitment
    psych_clauses = {triggers.clause_bounds(text, h.start) for h in s.hits if h.entry.event_type == "psychiatric" and h.negated_by in (None, "zh.frame.place_only")}
    psych_by_verb = {triggers.clause_bounds(text, h.start) for h, _, _ in made if h.entry.event_type == "detained" and triggers.clause_bounds(text, h.start) in psych_clauses}
    out: list[Candidate] = []
    used: set[tuple] = set()
    rank_for: dict[tuple[str, int], int] = {}  # (person, clause start) -> best rank
    for h, keys, how in made:
        etype = _etype(text, h, psych_clauses)
        if etype in _CUSTODY and not h.entry.generic:
            cs, _ = triggers.clause_bounds(text, h.start)
            spots = [cs]
            if how == "zh.link.topic" and cs > 0:
                spots.append(triggers.clause_bounds(text, cs - 1)[0])
            for k in keys:
                for c in spots:
                    rank_for[(k, c)] = max(rank_for.get((k, c), 0), h.entry.rank)
    for h, keys, how in made:
        etype = _etype(text, h, psych_clauses)
        if h.entry.event_type == "psychiatric" and triggers.clause_bounds(text, h.start) in psych_by_verb:
            continue
        if h.entry.generic and etype == "detained":
            cs, _ = triggers.clause_bounds(text, h.start)
            keys = [k for k in keys if rank_for.get((k, cs), 0) <= h.entry.rank]
        if not keys:
            continue
        date = _pick_date(text, h, date_hits, section, hits, carry=not _own_subject(text, h, grps))
        if date is None and not _BACKGROUND.search(text, triggers.clause_bounds(text, h.start)[0], h.start):
            date = chain.get(etype, n, h.start)
        if re.match(r"\s*(?:期满|届满)", text[h.end:h.end + 3]):
            date = None  # 行政拘留期满被转为刑事拘留: the earlier step is not dated by the later
        chg = _pick_charges(text, h, charge_hits, hits)
        term = _pick_terms(text, h, term_hits, len(keys)) if etype == "sentenced" else []
        if place_mentions is None:
            place_mentions = places.find_places(doc.text, s.start, s.end)
        cs_h2, _ = triggers.clause_bounds(text, h.start)
        own_subj = any(cs_h2 <= g[0].start < h.start for g in grps)
        place = _pick_place(s.w, doc.text, h, place_mentions, grps, carry=not own_subj, trig_hits=hits)
        if place is None and etype in ("sentenced", "tried"):
            place = chain.place
        elif place is not None and etype in ("sentenced", "tried") and (place.value or {}).get("facility_kind"):
            chain.place = place
        copies = 2 if re.search(r"(?:两|二|2)次", text[h.end:h.end + 4]) else 1
        for i, k in enumerate(keys):
            ref = index.people[k]
            for c in range(copies):
                ev = _evidence(doc.text, s, h, (k, etype), used, h.repeated or c > 0)
                cand = Candidate(
                    event_type=etype,
                    person=PersonRef(ref.name, ref.name_zh, list(ref.aliases), ref.source),
                    trigger=Mention("trigger", *s.w.orig_span(h.start, h.end), text=doc.text[slice(*s.w.orig_span(h.start, h.end))], value=etype, source=h.entry.id),
                    evidence=ev,
                    date=date if c == 0 else None,  # 被拘押过两次: one date for two occasions
                    place=place,
                    charges=[Mention("charge", *s.w.orig_span(c_.start, c_.end), text=doc.text[slice(*s.w.orig_span(c_.start, c_.end))], value=c_.charge_id, source=c_.source) for c_ in chg],
                    sentence=_term_mention(s.w, doc.text, term[i] if i < len(term) else (term[0] if term else None)),
                    repeated=h.repeated or c > 0,
                    confidence=0.8 if how != "zh.link.pronoun" else 0.7,
                    provenance={"person": how, **({"date": date.source} if date else {}), **({"location": place.source} if place else {})},
                )
                if cand.sentence is not None:
                    cand.provenance["sentence"] = cand.sentence.source
                out.append(cand)
    return out


def _etype(text: str, h: triggers.TriggerHit, psych_clauses) -> str:
    if h.entry.event_type == "detained" and triggers.clause_bounds(text, h.start) in psych_clauses:
        return "psychiatric"
    return h.entry.event_type


# a purpose or reason clause tells an earlier, background event
_BACKGROUND = re.compile(r"为了|为抗议|抗议|因为|由于")
_PERCEIVE = re.compile(r"得知|获悉|听说|获知|才知道")


def _date_only_clause(text: str, d: zh_dates.DateHit) -> bool:
    """2020年1月5日, …: a clause that holds nothing but a date (and a time word) dates what follows."""
    cs, ce = triggers.clause_bounds(text, d.start)
    rest = re.sub(r"\([^()]*\)|【[^】]*】|『[^』]*』|\[[^\]]*\]", "", text[cs:d.start] + text[d.end:ce]).strip()
    return len(re.sub(r"凌晨|上午|下午|晚上|早上|中午|傍晚|深夜|左右|前后|时间|期间|起|的|[\d:：点时分()（）\s]", "", rest)) <= 1


def _pick_date(text: str, h: triggers.TriggerHit, hits: list[zh_dates.DateHit], section, trig_hits=(), carry: bool = True) -> DateRef | None:
    """The trigger clause's own date (nearest before, or right after); else,
    when the clause has no subject of its own (it continues the sentence), a
    date of an earlier clause; else a timeline heading."""
    cs, ce = triggers.clause_bounds(text, h.start)
    usable = [d for d in hits if not d.range_end]

    def blocked(d: zh_dates.DateHit) -> bool:
        # a date read by a verb of perception (2019年,他得知……) or owned by another
        # event of the sentence (2014年5月被拘捕,并被控……) is not this event's
        if _PERCEIVE.search(text, d.end, h.start):
            return True
        return any(d.end <= t.start < h.start and not t.entry.generic and t.entry.event_type != h.entry.event_type and t.negated_by is None for t in trig_hits)

    before = [d for d in usable if cs <= d.start and d.end <= h.start and not blocked(d)]
    after = [d for d in usable if h.end <= d.start < ce and d.start - h.end <= 3]
    if not carry and re.match(r"\s*(?:而|并且|并|但|却|随后|之后|后来|又|再|才|便|遂)", text[cs:h.start]):
        carry = True  # 而与他的弟弟……一起被拘押: the same sentence goes on
    earlier = [d for d in usable if d.end <= cs and not blocked(d) and (carry or _date_only_clause(text, d))]
    pick = (before[-1] if before else None) or (after[0] if after else None) or (earlier[-1] if earlier else None)
    if pick is None:
        if section is not None and not _BACKGROUND.search(text, cs, h.start):
            return section
        return None
    return DateRef(pick.iso, pick.precision, text[pick.start:pick.end], pick.source)


def _pick_charges(text: str, h: triggers.TriggerHit, charge_hits, all_hits) -> list:
    cs, ce = triggers.clause_bounds(text, h.start)
    mine = []
    clause_trigs = sorted([t for t in all_hits if cs <= t.start < ce], key=lambda t: t.start)
    for c in charge_hits:
        if not cs <= c.start < ce:
            continue
        following = [t for t in clause_trigs if t.start >= c.end]
        owner = following[0] if following else (clause_trigs[-1] if clause_trigs else None)
        if owner is h and c.charge_id not in {m.charge_id for m in mine}:
            mine.append(c)
    return mine


def _pick_terms(text: str, h: triggers.TriggerHit, term_hits, n: int) -> list:
    cs, ce = triggers.clause_bounds(text, h.start)
    after = [t for t in term_hits if h.start <= t.start and t.start < ce + 30 and not triggers.CLAUSE_BREAK.search(text, h.end, t.start)]
    if not after:
        after = [t for t in term_hits if cs <= t.start < h.start]
    if n > 1 and "分别" in text[cs:ce] and len(after) >= n:
        return after[:n]
    return after[:1]


def _term_mention(w: WorkingText, original: str, t) -> Mention | None:
    if t is None:
        return None
    a, b = w.orig_span(t.start, t.end)
    return Mention("sentence", a, b, original[a:b], value=dict(t.value), source=t.source)


_LOCATIVE = re.compile(r"(?<![遭受得收])(?:在|于)\s*([\u4e00-\u9fff]{2,12}?)(?=\s*(?:被|遭|突遭|时|期间|境内|内|附近|门口|外|,|，))")


def _pick_place(w: WorkingText, original: str, h: triggers.TriggerHit, place_mentions: list[Mention], grps, carry: bool, trig_hits=()) -> Mention | None:
    """The most specific place of the trigger's clause (a facility first, then
    the longest name), or of an earlier clause when this one continues it. A
    place that only describes a person (中国维权人士, 新界东参选人) is skipped."""
    text = w.text
    cs, ce = triggers.clause_bounds(text, h.start)
    lo = 0 if carry else cs
    a, b = w.orig_span(lo, ce)
    person_starts = {w.orig(g[0].start) for g in grps}

    def attributive(p: Mention) -> bool:
        i = _working_index(w, p.end)
        return _role_after().match(text, i) is not None or w.orig(i) in person_starts

    c0 = w.orig(cs)
    own = [p for p in place_mentions if c0 <= p.start < b and not attributive(p)]
    if not own:
        m = _LOCATIVE.search(text, cs, h.start)
        if m and not re.search(r"[年月日时]|^[这那此其]|^(?:家中|家里|家|当地|现场|途中|路上|网上|期间|境外|国外|狱中)$", m.group(1)) and not link.pronouns(m.group(1)) and not any(g[0].start < m.end(1) and m.start(1) < g[-1].end for g in grps):
            x, y = w.orig_span(m.start(1), m.end(1))
            return Mention("place", x, y, original[x:y], value={"name": original[x:y]}, source="zh.place.locative")
    if not own and carry:
        # an earlier clause's place, unless another event of the sentence stands between
        between = [t for t in trig_hits if t.negated_by is None and t.entry.event_type != h.entry.event_type and t.start < h.start]
        own = [p for p in place_mentions if a <= p.start < c0 and not attributive(p)
               and not any(_working_index(w, p.end) <= t.start for t in between)]
    if not own:
        return None

    def rank(p: Mention) -> tuple:
        v = p.value or {}
        return (1 if v.get("facility_kind") else 0, v.get("admin_level") != "country", p.end - p.start)
    return max(own, key=rank)


@lru_cache(maxsize=1)
def _role_after() -> re.Pattern[str]:
    from pipeline.stages.zh import lexicon

    words = [*lexicon.cues().role_nouns, "参选人", "维权者", "上访", "籍", "人", "便衣", "保安", "警方", "警察", "公安", "当局", "政府", "官员", "国安", "安全", "人员"]
    return re.compile(r"[\u4e00-\u9fff]{0,4}?(?:" + lexicon.alternation(words).pattern + ")")


def _evidence(original: str, s: _Sentence, h: triggers.TriggerHit, who: tuple[str, str], used: set[tuple], repeated: bool = False) -> tuple[int, int]:
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
