"""Chinese candidate events: the Simplified and Traditional spans of a document.

Stages, in order, per sentence of a Chinese span (see each module):
normalize (t2s + half-width, offset map) -> words (jieba, only in sentences
with a trigger) -> persons (two passes over the document) -> triggers ->
dates (anchored on the dateline) -> charges, terms, places -> link ->
:class:`~pipeline.mentions.Candidate`. Every offset is into ``doc.text``.
"""
from __future__ import annotations

import copy
import datetime
import logging
import re
from dataclasses import dataclass, field

from pipeline.document import Document
from pipeline.mentions import Candidate, DateRef, Mention, PersonRef
from pipeline.stages.zh import charges as zh_charges
from pipeline.stages.zh import dates as zh_dates
from pipeline.stages.places import find_places_zh
from pipeline.learn.features import Pairing, pair_features
from pipeline.stages.zh import arguments, consolidate, link, persons, terms, triggers
from pipeline.stages.zh.normalize import WorkingText, normalize
from pipeline.stages.zh.words import Word, merge_windows, pos_cut

log = logging.getLogger(__name__)

_CUSTODY = {"arrested", "rsdl", "house_arrest", "psychiatric", "detained"}
# links made by the document's layout (a roster of names under a heading, a case
# file's fields), not by a name in the trigger's sentence: the rule's decision
# stands, the event scorer reads no features for them
LAYOUT_LINKS = frozenset({"zh.link.roster", "zh.link.roster_after", "zh.link.case_field"})
#: widened pairings per trigger: the persons nearest it (the dev and train reports
#: have far fewer), so a sentence naming hundreds of people stays linear
MAX_WIDENED = 48


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
    persons.counted_lists(index, [(s.w, doc.text) for s in work])
    persons.short_forms(index, [(s.w, doc.text) for s in work])
    ctx = zh_dates.document_context("\n".join(s.w.text for s in work))
    if ctx.dateline is None and not ctx.month_only:
        # a dateline in a line of its own with no Chinese in it ("2018.11.19 11:50 ET")
        # is not in a Chinese span; read it from the document's head
        head = normalize(doc.text[:600], 0).text
        if (dl := zh_dates.dateline(head)) is not None:
            ctx.dateline, ctx.min_year = dl, None
    if ctx.dateline is None and not ctx.month_only and (dl := doc.published()) is not None:
        ctx.dateline, ctx.min_year = dl, None  # the page's publication date (HTML metadata)
    timeline = _count_date_lines(work, doc.text) >= 2
    history = link.History(groups=[])
    chain = arguments.Chain()
    out: list[Candidate] = []
    section: DateRef | None = None
    topic: list[str] | None = None  # the last sentence topic of the current paragraph
    roster: list[tuple[str, DateRef | None, Mention | None]] = []  # names of the list lines just read
    spans_of = [[link.PersonSpan(a, b, k) for a, b, k in _person_spans(s.w, index, doc.text)] for s in work]
    narrator = _narrator(work, spans_of)
    if narrator:
        # 我是访民X……我在北京被抓走: the narrator's 我 (outside quotes) names X
        for s, spans in zip(work, spans_of):
            for m in re.finditer(r"我(?!们|国|方|党|市|省|县)", s.w.text):
                if not _quoted(s.w.text, m.start()) and not any(sp.start <= m.start() < sp.end for sp in spans):
                    spans.append(link.PersonSpan(m.start(), m.end(), narrator))
            spans.sort(key=lambda sp: sp.start)
    case_subject = _case_subject(work, spans_of)
    grps_of = [link.groups(s.w.text, spans) for s, spans in zip(work, spans_of)]  # each sentence's name groups, once

    def listed_ahead(n: int, count: int, after: int) -> list[str]:
        """The first list of exactly ``count`` names after offset ``after`` of
        sentence ``n`` or in the sentences within reach after it (七名僧人被捕。……分别是A、B……G)."""
        for m in range(n, min(len(work), n + persons.COUNT_REACH + 1)):
            for g in grps_of[m]:
                if (m > n or g[0].start >= after) and len(g) == count:
                    return [p.key for p in g]
        return []
    field_place: Mention | None = None
    field_charges: list = []
    for n, s in enumerate(work):
        text = s.w.text
        line_start = s.start == 0 or doc.text[s.start - 1] == "\n" or doc.text[:s.start].rstrip(" \t\u3000").endswith("\n")
        if line_start:
            topic = [case_subject] if case_subject else None
            if case_subject and (fm := _FIELD.match(text)):
                # 拘押地点: / 罪名: lines of a case file describe its detention
                label = fm.group(1)
                if "地点" in label or "场所" in label:
                    field_place = next(iter(find_places_zh(doc.text, s.start, s.end)), None) or field_place
                elif "罪名" in label or "指控" in label:
                    chs = zh_charges.find(text)
                    if chs:
                        field_charges = [Mention("charge", *s.w.orig_span(c.start, c.end), text=doc.text[slice(*s.w.orig_span(c.start, c.end))], value=c.charge_id, source=c.source) for c in chs]
        if line_start and (dl := zh_dates.line_dateline(text)):
            ctx.dateline = dl
            section = None
        date_hits = zh_dates.find(text, ctx)
        if line_start and zh_dates.is_date_line(text, date_hits):
            if timeline:
                d0 = date_hits[0]
                section = DateRef(d0.iso, d0.precision, text[d0.start:d0.end], "zh.date.heading")
            continue
        spans = spans_of[n]
        grps = grps_of[n]
        live = [h for h in s.hits if h.negated_by is None]
        _note_case_charge(text, chain, n)
        if not live and line_start and _list_line(text, spans):
            place = _list_place(doc.text, s)
            roster += [(sp.key, section, place) for sp in spans if sp.key not in {r[0] for r in roster}]
            _push_history(text, grps, history)
            continue
        if live:
            following = _following_roster(work, spans_of, n, doc.text, ctx)
            made = _sentence_candidates(doc, s, live, grps, history, index, date_hits, section, chain, n, topic,
                                        [r[0] for r in roster], [r[0] for r in following], listed_ahead)
            for c in made:
                # a name listed under a date heading or a place label keeps them
                how = c.provenance.get("person")
                listed = roster if how == "zh.link.roster" else following if how == "zh.link.roster_after" else []
                entry = next((r for r in listed if index.people[r[0]].name == c.person.name), None)
                if entry is None:
                    continue
                _, r_date, r_place = entry
                if r_date is not None and (how == "zh.link.roster_after" or c.date is None or c.date.source == "zh.date.heading"):
                    c.date = r_date
                    c.provenance["date"] = r_date.source
                if r_place is not None:
                    c.place = r_place
                    c.provenance["location"] = r_place.source
            # an event dated after the report's own date is planned, not told (押后至明年1月判刑)
            for c in made:
                if _after_dateline(c.date, ctx):
                    if re.search(r"明|下", c.date.text or ""):
                        continue  # 押后至明年1月判刑: planned, not told
                    c.date = None  # 一周后 counted from an older day: no date rather than a future one
                    c.provenance.pop("date", None)
                out.append(c)
            roster = []
        elif line_start:
            roster = []
        _push_history(text, grps, history)
        topic = link.sentence_topic(text, grps) or topic
    # the case file's detention takes the place and charges of its own field lines
    for c in out:
        if c.provenance.get("person") == "zh.link.case_field" and c.event_type in _CUSTODY:
            if c.place is None and field_place is not None:
                c.place = field_place
            if not c.charges and field_charges:
                c.charges = list(field_charges)
    # 被截回,关押在……: custody told on from another passive verb is a detention only
    # when no seizure of the person was told before (else it continues that one)
    held: set[str] = set()
    kept = []
    for c in out:
        key = c.person.name_zh or c.person.name
        if c.provenance.get("person") == "zh.link.goes_on" and key in held:
            continue
        if c.event_type in _CUSTODY:
            held.add(key)
        kept.append(c)
    out = consolidate.same_seizure(kept)
    consolidate.date_disappearances(out)
    return out


def _coordinated(text: str, made: list) -> list:
    """逮捕和拘禁X: two custody verbs joined for one act; the more specific one
    (higher rank) makes the record."""
    drop: set[tuple[int, str]] = set()
    custody = [(h, keys) for h, keys, _ in made if h.entry.event_type in _CUSTODY]
    for h1, k1 in custody:
        for h2, k2 in custody:
            if h1.end <= h2.start and re.fullmatch(r"\s*(?:和|与|及|并|、)\s*", text[h1.end:h2.start]):
                low = h1 if h1.entry.rank < h2.entry.rank else h2
                for k in set(k1) & set(k2):
                    drop.add((low.start, k))
    out = []
    for h, keys, how in made:
        keys = [k for k in keys if (h.start, k) not in drop]
        if keys:
            out.append((h, keys, how))
    return out


def _note_case_charge(text: str, chain: arguments.Chain, n: int) -> None:
    """此为“颠覆国家政权罪”首案, 涉嫌X罪一案: the charge of the case in court."""
    case = [c for c in zh_charges.find(text) if re.match(r"[”」』\"]?\s*(?:罪)?[”」』\"]?\s*(?:首案|一案|案件|案)", text[c.end:c.end + 5])]
    if case:
        chain.note_charges("tried", case, n)


def _own_subject(text: str, h: triggers.TriggerHit, grps) -> bool:
    """The trigger's clause names its own subject (a name or a pronoun before the trigger)."""
    cs, _ = triggers.clause_bounds(text, h.start)
    return any(cs <= g[0].start < h.start for g in grps) or bool(link.pronouns(text[cs:h.start]))


def _unnamed_count(text: str, h: triggers.TriggerHit) -> int | None:
    """N名X / N位X, unnamed, as the subject or object in the trigger's clause (or an
    earlier clause of the sentence): N (2 or more)."""
    cs, ce = triggers.clause_bounds(text, h.start)
    found = [m for m in persons.UNNAMED_COUNT.finditer(text, cs, ce)]
    if not found:
        # 七名僧人……遭拘捕,随后便失踪: a clause with no subject goes on with the count before it
        found = [m for m in persons.UNNAMED_COUNT.finditer(text, 0, cs)][-1:]
    if not found:
        return None
    return persons.count_value(min(found, key=lambda m: abs(m.start() - h.start)).group(1))


def _members(text: str, h: triggers.TriggerHit, grps) -> tuple[list[str], str]:
    """近7千人被捕,其中……王凤瑶: the names after 其中/包括 share the unnamed group's event."""
    cs, ce = triggers.clause_bounds(text, h.start)
    if ce < len(text) and text[ce] in ":：" and _ROSTER_FORWARD.search(text, cs, ce):
        # 以下人士被拘留:X、Y / 被拘留的人士包括:X、Y
        for g in grps:
            if ce < g[0].start:
                return [p.key for p in g], "zh.link.member"
        return [], ""
    if ce >= len(text) or not re.match(r"[,，]\s*(?:其中(?:包括)?|包括)", text[ce:]):
        return [], ""
    _, ce2 = triggers.clause_bounds(text, ce + 1)
    for g in grps:
        if ce < g[0].start < ce2:
            return [p.key for p in g], "zh.link.member"
    return [], ""


def _tag_list(text: str) -> bool:
    """A line of page furniture (tag clouds, menus): short words split by spaces, no punctuation."""
    return not re.search(r"[,，。;；:：!?！？]", text) and len(re.findall(r"[\u4e00-\u9fff]+", text)) >= 3 and len(re.findall(r"\s+", text.strip())) >= 2


def _count_date_lines(work: list["_Sentence"], original: str) -> int:
    count = 0
    ctx = zh_dates.DateContext()
    for s in work:
        line_start = s.start == 0 or original[:s.start].rstrip(" \t\u3000").endswith("\n")
        if line_start and re.fullmatch(r"[\s\d年月日号\-/.、,，至到()（）〇零一二三四五六七八九十]+[:：]?\s*", s.w.text) and re.search(r"\d{3,}|年|\d\s*月\s*\d{1,2}\s*[日号]", s.w.text):
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
    spans = []
    for h in live:
        cs, ce = triggers.clause_bounds(text, h.start)
        spans.append((triggers.clause_bounds(text, cs - 1)[0] if cs > 0 else cs, min(len(text), ce + 1)))
    out = []
    for a, b in merge_windows(spans):
        out += [Word(w.text, w.flag, w.start + a) for w in pos_cut(text[a:b])]
    return out


def _person_spans(w: WorkingText, index: persons.PersonIndex, original: str) -> list[tuple[int, int, str]]:
    res = []
    for m in persons.mentions(w, index, original):
        # back to working indices of this sentence
        ws = w.working(m.start)
        we = w.working(m.end)
        res.append((ws, we, m.value))
    return res


# 以上人士均被……, 上述三人: the names of the list lines just read
_ROSTER_BACK = re.compile(r"(?:以上|上述|前述|上列)(?:所列)?(?:人士|人员|各人|诸人|名单|者|[\d一二两三四五六七八九十]+(?:人|名|位))")
# 以下人士被拘留: / 被拘留的人士包括: the names that follow
_ROSTER_FORWARD = re.compile(r"以下|下列|如下|名单|包括|分别是|分别为")


# a case file: 姓名:X, then field lines (拘押日期:……, 罪名:……, 状态:……) about X
_NAME_FIELD = re.compile(r"\s*(?:姓名|名字|当事人|案主)\s*[:：]\s*")
_FIELD = re.compile(r"\s*([\u4e00-\u9fff]{2,6})\s*[:：]")


_CASE_TITLE = re.compile(r"大事记|年表|时间线|时间表|生平|个案|案情|档案")


_NARRATOR = re.compile(r"(?:我是|我叫|我名叫|本人是?|作者\s*[:：])\s*[^,，。；;:：]{0,12}?$")


def _quoted(text: str, i: int) -> bool:
    before = text[:i]
    return before.count("“") > before.count("”") or before.count("「") > before.count("」") or before.count('"') % 2 == 1


def _narrator(work, spans_of) -> str | None:
    """A first-person account: 我是(访民)X / 我叫X / 作者:X, outside any quote."""
    for s, spans in zip(work, spans_of):
        for sp in spans:
            if _NARRATOR.search(s.w.text[max(0, sp.start - 16):sp.start]) and not _quoted(s.w.text, sp.start):
                if "作者" in s.w.text[max(0, sp.start - 16):sp.start] and not any(re.search(r"我(?!们)", t.w.text) for t in work):
                    continue
                return sp.key
    return None


def _case_subject(work, spans_of) -> str | None:
    for s, spans in zip(work, spans_of):
        m = _NAME_FIELD.match(s.w.text)
        if m and spans and spans[0].start == m.end():
            return spans[0].key
    # a title naming one person's chronology (X大事记, X案时间线) heads lines about X
    for s, spans in list(zip(work, spans_of))[:3]:
        if _CASE_TITLE.search(s.w.text) and len({sp.key for sp in spans}) == 1 and not [h for h in s.hits if h.negated_by is None]:
            return spans[0].key
    return None


def _paren_place(w: WorkingText, grps, key: str, place_mentions) -> Mention | None:
    """X(北京)、Y(上海)……被拘留: a place in parentheses right after a name is that person's."""
    text = w.text
    for g in grps:
        for p in g:
            if p.key != key:
                continue
            m = re.match(r"\s*\(([^()]{1,12})\)", text[p.end:])
            if not m:
                continue
            a, b = w.orig_span(p.end + m.start(1), p.end + m.end(1))
            for pm in place_mentions or ():
                if a <= pm.start and pm.end <= b:
                    return pm
    return None


def _after_dateline(date: DateRef | None, ctx) -> bool:
    # only a date read relative to the dateline (明年1月, 下月): a written full date may be
    # the first line of the text itself, not a dateline
    if date is None or ctx.dateline is None or ctx.month_only or date.source != "zh.date.rel":
        return False
    parts = [int(x) for x in date.iso.split("-")]
    first = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first > ctx.dateline + datetime.timedelta(days=2)


def _list_line(text: str, spans) -> bool:
    """A line of names only: 北京:X、Y、Z / X(上海) / 1. X —— no trigger, no other words."""
    if not spans:
        return False
    rest = text
    for sp in sorted(spans, key=lambda p: -p.start):
        rest = rest[:sp.start] + "" + rest[sp.end:]
    rest = re.sub(r"\([^()]{0,20}\)|（[^（）]{0,20}）", "", rest)
    rest = re.sub(r"^\s*(?:\d{1,3}[.、)）]|[(（]\d{1,3}[)）])?\s*(?:[\u4e00-\u9fff]{1,8}\s*[:：])?", "", rest)
    return re.fullmatch(r"[\s、,，;；。和及与等]*", rest) is not None


def _following_roster(work, spans_of, n: int, original: str, ctx) -> list[tuple[str, DateRef | None, Mention | None]]:
    """The names of the list lines right after sentence ``n``, each with the date
    heading and the place label (北京:X、Y / X(上海)) it is listed under."""
    out: list[tuple[str, DateRef | None, Mention | None]] = []
    heading: DateRef | None = None
    for m in range(n + 1, len(work)):
        s = work[m]
        text = s.w.text
        if not original[:s.start].rstrip(" \t\u3000").endswith("\n"):
            break
        if [h for h in s.hits if h.negated_by is None]:
            break
        if _list_line(text, spans_of[m]):
            place = _list_place(original, s)
            out += [(sp.key, heading, place) for sp in spans_of[m] if sp.key not in {r[0] for r in out}]
        elif re.fullmatch(r"[\s\d年月日号\-/.、,，至到()（）〇零一二三四五六七八九十:：]*", text):
            hits = zh_dates.find(text, copy.copy(ctx))
            if hits:
                heading = DateRef(hits[0].iso, hits[0].precision, text[hits[0].start:hits[0].end], "zh.date.heading")
        else:
            break
    return out


def _list_place(original: str, s: "_Sentence") -> Mention | None:
    """The place a list line gives its names (a label before a colon, or in parentheses)."""
    return next(iter(find_places_zh(original, s.start, s.end)), None)


def _sentence_candidates(doc, s: _Sentence, hits, grps, history, index, date_hits, section, chain: arguments.Chain, n: int, topic: list[str] | None = None,
                         roster: list[str] | None = None, following: list[str] | None = None,
                         listed_ahead=None) -> list[Candidate]:
    text = s.w.text
    term_hits = terms.find(text)
    charge_hits = zh_charges.find(text)
    place_mentions = None
    made: list[tuple[triggers.TriggerHit, list[str], str]] = []
    for h in hits:
        keys, how = link.subjects(text, h, grps, history)
        if not keys:
            keys, how = _members(text, h, grps)
        if not keys and roster and not any(g[0].start < h.start for g in grps) and _ROSTER_BACK.search(text, 0, h.start):
            keys, how = list(roster), "zh.link.roster"
        if not keys and following and not grps:
            cs_, ce_ = triggers.clause_bounds(text, h.start)
            if _ROSTER_FORWARD.search(text, cs_, ce_ + 1) or re.search(r"[:：]\s*$", text):
                keys, how = list(following), "zh.link.roster_after"
        if not keys:
            keys, how = link.zero_subject(text, h, grps, topic)
        if not keys and listed_ahead is not None and (count := _unnamed_count(text, h)):
            # 七名僧人遭拘捕 ……这些僧人分别是A、B……G: the group is named by the list of as many names after it
            keys, how = listed_ahead(n, count, h.end), "zh.link.count_ahead"
        if keys and h.entry.generic and how != "zh.link.object":
            cs, _ = triggers.clause_bounds(text, h.start)
            # 被截回,关押在学习班: the passive of the clause before goes on into this one
            goes_on = cs > 0 and re.search(r"[被遭]", text[triggers.clause_bounds(text, cs - 1)[0]:cs]) is not None \
                and re.fullmatch(r"\s*(?:并|又|随后|随即|后|再|即|先后)?\s*", text[cs:h.start]) is not None
            if not re.search(r"[被遭将把]", text[cs:h.end]):
                if goes_on:
                    how = "zh.link.goes_on"
                else:
                    keys = []  # 关押在那里: a state, not a seizure
        if keys:
            made.append((h, keys, how))
        date = arguments.pick_date(text, h, date_hits, section, hits, carry=not _own_subject(text, h, grps))
        chain.note(h.entry.event_type, date, n, h.start, later=arguments.later_step(text, h))
        chain.note_charges(h.entry.event_type, arguments.pick_charges(text, h, charge_hits, hits), n, keys)
        if h.entry.event_type in ("tried", "sentenced"):
            if place_mentions is None:
                place_mentions = find_places_zh(doc.text, s.start, s.end)
            court = arguments.pick_place(s.w, doc.text, h, place_mentions, grps, carry=True, trig_hits=hits)
            if court is not None and (court.value or {}).get("facility_kind"):
                chain.place = court
    made = _coordinated(text, made)
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
            own_date = any(cs <= d.start < h.start for d in date_hits)
            if how == "zh.link.topic" and cs > 0 and not own_date:
                # 强押至饭店,软禁: the next clause goes on with the same act (a dated
                # clause is a new step: 翌日被带走,6月19日被正式逮捕)
                spots.append(triggers.clause_bounds(text, cs - 1)[0])
            for k in keys:
                for c in spots:
                    rank_for[(k, c)] = max(rank_for.get((k, c), 0), h.entry.rank)
    # widened pairings: every other person the sentence names, for the event scorer
    spans_here = [p for g in grps for p in g]
    ruled = {(h.start, k) for h, keys, _ in made for k in keys}
    for h in hits:
        near = sorted(spans_here, key=lambda p: abs(p.start - h.start))
        alt = [k for k in dict.fromkeys(p.key for p in near) if (h.start, k) not in ruled][:MAX_WIDENED]
        if alt:
            made.append((h, alt, "zh.cand"))
        elif not spans_here and history.groups:
            # a sentence that names nobody (他/她, 老人, a zero subject): the people just met
            recent = [k for k in dict.fromkeys(k for g in reversed(history.groups[-2:]) for k in g) if (h.start, k) not in ruled][:3]
            if recent:
                made.append((h, recent, "zh.cand.prev"))
    for h, keys, how in made:
        etype = _etype(text, h, psych_clauses)
        if h.entry.event_type == "psychiatric" and triggers.clause_bounds(text, h.start) in psych_by_verb:
            continue
        if h.entry.generic and etype == "detained":
            cs, _ = triggers.clause_bounds(text, h.start)
            keys = [k for k in keys if rank_for.get((k, cs), 0) <= h.entry.rank]
        if not keys:
            continue
        date = arguments.pick_date(text, h, date_hits, section, hits, carry=not _own_subject(text, h, grps))
        if date is None and not arguments.BACKGROUND.search(text, triggers.clause_bounds(text, h.start)[0], h.start) and not arguments.unresolved_time(text, h, date_hits):
            date = chain.get(etype, n, h.start)
        if re.match(r"\s*(?:期满|届满)", text[h.end:h.end + 3]):
            date = None  # 行政拘留期满被转为刑事拘留: the earlier step is not dated by the later
        chg = arguments.pick_charges(text, h, charge_hits, hits, carry=not _own_subject(text, h, grps))
        if not chg:
            chg = chain.charges_for(etype, n, keys)
        elif not how.startswith("zh.cand"):
            chain.note_charges(etype, chg, n, keys)  # a widened pairing keeps its clause's charges but teaches the chain nothing
        # a widened pairing is no member of the trigger's own list: only a single term is its
        term = arguments.pick_terms(text, h, term_hits, 1 if how.startswith("zh.cand") else len(keys)) if etype == "sentenced" else []
        if how.startswith("zh.cand") and len(term_hits) > 1:
            term = []
        if place_mentions is None:
            place_mentions = find_places_zh(doc.text, s.start, s.end)
        cs_h2, _ = triggers.clause_bounds(text, h.start)
        own_subj = any(cs_h2 <= g[0].start < h.start for g in grps)
        place = arguments.pick_place(s.w, doc.text, h, place_mentions, grps, carry=not own_subj, trig_hits=hits)
        if place is None and etype in ("sentenced", "tried"):
            place = chain.place
        elif place is not None and etype in ("sentenced", "tried") and (place.value or {}).get("facility_kind"):
            chain.place = place
        copies = 2 if re.search(r"(?:两|二|2)次", text[h.end:h.end + 4]) else 1
        for i, k in enumerate(keys):
            ref = index.people[k]
            own_place = place if place is not None and (place.value or {}).get("facility_kind") else (_paren_place(s.w, grps, k, place_mentions) or place)
            for c in range(copies):
                ev = arguments.evidence(doc.text, s, h, (k, etype), used, h.repeated or c > 0)
                cand = Candidate(
                    event_type=etype,
                    person=PersonRef(ref.name, ref.name_zh, list(ref.aliases), ref.source),
                    trigger=Mention("trigger", *s.w.orig_span(h.start, h.end), text=doc.text[slice(*s.w.orig_span(h.start, h.end))], value=etype, source=h.entry.id),
                    evidence=ev,
                    date=date if c == 0 else None,  # 被拘押过两次: one date for two occasions
                    place=own_place,
                    charges=[Mention("charge", *s.w.orig_span(c_.start, c_.end), text=doc.text[slice(*s.w.orig_span(c_.start, c_.end))], value=c_.charge_id, source=c_.source) for c_ in chg],
                    sentence=arguments.term_mention(s.w, doc.text, term[i] if i < len(term) else (term[0] if term else None)),
                    repeated=h.repeated or c > 0,
                    confidence=0.8 if how != "zh.link.pronoun" else 0.7,
                    provenance={"person": how, **({"date": date.source} if date else {}), **({"location": own_place.source} if own_place else {})},
                )
                if cand.sentence is not None:
                    cand.provenance["sentence"] = cand.sentence.source
                cand.rule = not how.startswith("zh.cand")
                if how not in LAYOUT_LINKS:
                    cand.features = _features(text, h, k, how, etype, spans_here, hits, ref.source)
                    if not cand.rule and any(hs == h.start for hs, _ in ruled):
                        cand.features["alt_competes_with_rule"] = 1.0  # the linker chose someone else for this trigger
                out.append(cand)
    return out


def _features(text: str, h: triggers.TriggerHit, key: str, how: str, etype: str, spans, hits,
              person_source: str) -> dict[str, float]:
    mine = [p for p in spans if p.key == key]
    sp = min(mine, key=lambda p: abs(p.start - h.start)) if mine else None
    between = 0
    if sp is not None:
        lo, hi = (sp.end, h.start) if sp.end <= h.start else (h.end, sp.start)
        between = len({p.key for p in spans if lo <= p.start and p.end <= hi and p.key != key})
    return pair_features(text, Pairing(
        lang="zh", sent=(0, len(text)), trigger=(h.start, h.end), trigger_id=h.entry.id, event_type=etype,
        person=(sp.start, sp.end) if sp else None, where="same" if sp else "prev" if how == "zh.cand.prev" else "topic",
        rule_source=None if how.startswith("zh.cand") else how, person_kind="full",
        n_persons_in_sentence=len({p.key for p in spans}), persons_between=between,
        triggers_between=sum(1 for x in hits if x is not h and sp is not None and min(sp.end, h.start) <= x.start < max(sp.start, h.end)),
        same_type_triggers=sum(1 for x in hits if x is not h and x.entry.event_type == h.entry.event_type),
        other_triggers=tuple((x.start, x.end) for x in hits if x is not h),
    )) | {"psrc:" + person_source.split(":")[0]: 1.0}


def _etype(text: str, h: triggers.TriggerHit, psych_clauses) -> str:
    if h.entry.event_type == "detained" and triggers.clause_bounds(text, h.start) in psych_clauses:
        return "psychiatric"
    return h.entry.event_type


