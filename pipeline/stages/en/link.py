"""Link each English trigger to the people it happened to and to its arguments.

Within one sentence, triggers cut the text into segments. A trigger's
arguments (date, place, charges, sentence term) are the ones between it and
the next trigger; when it has none, it takes the date and place of a trigger
it is coordinated with ("detained in April and placed under RSDL",
"went missing after being taken away on February 6"), but never across
"before"/"later", which mark a different moment. Charges are never copied
from one procedural step to another.

People: a passive or intransitive trigger takes the group of names before it
("A, B and C were indicted"); an active one takes the group after it
("police arrested lawyers A and B"); a nominal one takes the names after "of"
or its possessor ("his arrest"). A group is a run of names joined by commas,
"and" and role nouns, extended by "with her husband X" / "alongside X". Other
people of the sentence are widened pairings that the event scorer decides
(pipeline/stages/score.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.mentions import Candidate, Mention, PersonRef, date_ref
from pipeline.stages.en import persons
from pipeline.stages.en.coref import Resolved
from pipeline.stages.en.triggers import blocking_cue

# between two names of a list: a comma or "and", then at most three lowercase
# words describing the next person ("and media tycoon", ", former councillor")
_STOP = r"(?!(?:of|to|by|for|with|who|whose|that|which|was|were|is|are|had|has|have|said|and)\b)"
_DESCRIPTOR = r"(?:an?\s+|the\s+)?(?:" + _STOP + r"[A-Za-z][\w-]*\s+){0,2}" + _STOP + r"[a-z][\w-]*\s+"
_JOIN = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s*&\s*|\s*;\s*)(?:" + _DESCRIPTOR + r"|also\s+known\s+as\s+)?$",
)
_JOIN_PARENS = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?$")
_OBJ_GAP = re.compile(
    r"^\s*(?:(?:the\s+|an?\s+)?(?:[a-zA-Z][\w’'/.-]*,?\s+){0,6}?)$"
    r"|^\s*(?:and\s+\w+\s+)?(?:[\w’'/.-]+,?\s+){0,8}?(?:including|such\s+as|among\s+them|namely)\s+(?:[\w’'.-]+\s+){0,3}?$"
)
_NO_INHERIT = re.compile(r"\b(?:before|after|later|subsequently|afterwards|previously|earlier|then\s+again)\b", re.IGNORECASE)
# "his trial is set to begin": a nominal event announced, not held
_NOMINAL_FUTURE = re.compile(
    r"^\s*(?:is|are|was|were|has\s+been|had\s+been)\s+(?:set|scheduled|expected|due|planned|slated)\b|^\s*will\b"
    r"|^\s*(?:has|have|had|is|was|were|are)\s+(?:not|never)\b",
    re.IGNORECASE,
)
_BACK_INHERIT = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:after|following|when|upon)\s+(?:being\s+|having\s+been\s+)?(?:\w+\s+){0,3}$", re.IGNORECASE)
_COORD = re.compile(r"^\s*(?:,\s*)?(?:and|or|&)?\s*(?:(?:then|later|also|was|were|subsequently|\w+ly)\s+){0,2}$", re.IGNORECASE)
# a sentence that opens with its verb: case-list and timeline style
_TELEGRAPHIC = re.compile(r"^\W*(?:(?:also|later|then|subsequently|initially|first|was|were|and)\s+)*$", re.IGNORECASE)
# what follows a verb (not a noun it would modify): "Detained May 30", "Sentenced to", "Released on"
_VERB_NEXT = re.compile(r"\s*(?:[,;.]|$|(?:to|on|in|at|for|by|from|after|under|with|since|into|until|and|again)\b|(?-i:[A-Z][a-z]+)\.?\s+\d|\d)", re.IGNORECASE)
_FRONTED = re.compile(r"^\W*(?:since|after|upon|while|when|following|before)\s+(?:being|having\s+been)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_FRONT_DATE = re.compile(r"^\W*(?:(?:in|on|by|since|as\s+of|from|during|between)\s+)?(?:(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of)[\s-]+(?:of\s+)?)?$", re.IGNORECASE)
# a date before a reporting clause ("reports emerged in October that ...") dates the report, not the event
# verbs that report rather than tell an event: "X said", "police announced"
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|stated|states|announced|added|learned|confirmed|revealed|disclosed|wrote|tweeted)\b",
    re.IGNORECASE,
)
# verbs of reaction: "PEN America today condemned the sentencing of X": a date
# before one dates the reaction, not the event named in its object
_REACTION = re.compile(
    r"\b(?:condemned|condemns|welcomed|welcomes|denounced|denounces|criticized|criticised|criticizes|criticises|deplored|deplores|"
    r"decried|decries|protested|protests|lamented|laments|urged|urges|marked|marks|called\s+(?:for|on|upon))\b",
    re.IGNORECASE,
)
# a date that is the subject of a copula ("Today is the 28th birthday of ...") dates nothing told after it
_COPULA_AFTER = re.compile(r"\s+(?:is|was|marks|marked)\b", re.IGNORECASE)
_AGAIN = re.compile(r"\bagain\b|\ba\s+second\s+time\b|\bre-?arrested\b|\bre-?detained\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_PERSON_MODIFIER = re.compile(r"^[\s-]*(?:based\s+)?(?:activist|activists|resident|residents|native|lawyer|lawyers|petitioner|petitioners|dissident|blogger|journalist|artist|writer|scholar|protester|protesters|pastor|man|woman|student|monk|worker|citizen)s?\b", re.IGNORECASE)


@dataclass
class TriggerSlots:
    trigger: Mention
    persons: list[PersonRef]
    person_source: str
    dates: list[Mention]
    places: list[Mention]
    charges: list[Mention]
    terms: list[Mention]
    repeated: bool
    blocked: str | None
    n_primary: int = -1  # persons[:n_primary] are the trigger's own; the rest are companions ("with her husband X")

    @property
    def primary(self) -> list[PersonRef]:
        return self.persons if self.n_primary < 0 else self.persons[: self.n_primary]


_OTHER_SUBJECT = re.compile(
    r"\b(?:people|persons|individuals|activists|observers|protesters|petitioners|lawyers|journalists|members|others|monks|students|workers|residents|villagers|relatives)\s+(?:who\s+)?(?:were|are|had|have|was)\b",
    re.IGNORECASE,
)


def _barrier(gap: str) -> bool:
    """A speaker or another subject stands between a name and a passive verb;
    "A, B and 8 unnamed individuals had been arrested" is still A and B's arrest."""
    if _REPORTING.search(gap):
        return True
    for m in _OTHER_SUBJECT.finditer(gap):
        if not re.search(r"\b(?:and|with|along\s+with|as\s+well\s+as)\b", gap[max(0, m.start() - 30):m.start()], re.IGNORECASE):
            return True
    return False


def _groups_before(refs: list[Resolved], text: str, pos: int, lo: int) -> list[Resolved]:
    """The run of person references that ends nearest before ``pos`` (not before ``lo``);
    never a speaker ("X said three observers were detained") or a name before
    another subject."""
    before = [r for r in refs if lo <= r.start and r.end <= pos and not r.possessive]
    if not before or _barrier(text[before[-1].end:pos]):
        return []
    group = [before[-1]]
    for r in reversed(before[:-1]):
        gap = text[r.end:group[0].start]
        if _JOIN.match(gap) or _JOIN_PARENS.match(gap):
            group.insert(0, r)
        else:
            break
    return group


def _group_after(refs: list[Resolved], text: str, pos: int, hi: int, max_gap: int = 90) -> list[Resolved]:
    after = [r for r in refs if r.start >= pos and r.end <= hi]
    # "the house arrest of Meng's colleague Xue Qing", "the whereabouts of his friend,
    # the teacher Cao Mei": the possessor is not the object when a name follows
    while len(after) > 1 and after[0].possessive and (after[0].kind != "pronoun" or after[1].start - after[0].end < 60):
        after = after[1:]
    # "X and his wife Y": a possessive pronoun inside a list introduces the next member
    if after:
        after = after[:1] + [r for r in after[1:] if not (r.kind == "pronoun" and r.possessive)]
    if not after:
        return []
    first = after[0]
    gap = text[pos:first.start]
    if len(gap) > max_gap or not _OBJ_GAP.match(gap):
        return []
    group = [first]
    for r in after[1:]:
        gap = text[group[-1].end:r.start]
        if _JOIN.match(gap) or _JOIN_PARENS.match(gap):
            group.append(r)
        else:
            break
    return group


def _companions(refs: list[Resolved], text: str, pos: int, hi: int) -> list[Resolved]:
    """ "seized with her husband X", "detained alongside his brother X" """
    out = []
    for r in refs:
        if pos <= r.start < hi:
            gap = text[pos:r.start]
            m = re.search(r"(?:(?:along|together)\s+)?(?:with|alongside)\s+(?:his|her|their)\s+(?:[a-z-]+\s+){0,2}$", gap, re.IGNORECASE)
            if m and not re.search(r"[.;]", gap[: m.start()]):
                out.append(r)
                break
    return out


def _refs_of(group: list[Resolved]) -> list[PersonRef]:
    out: list[PersonRef] = []
    for r in group:
        for ref in r.refs:
            if all(ref is not x for x in out):
                out.append(ref)
    return out


def _in(ms: list[Mention], lo: int, hi: int) -> list[Mention]:
    return [m for m in ms if lo <= m.start and m.end <= hi]


_PLACE_PREP = re.compile(
    r"(?:\b(?:in|at|from|to|into|near|inside|outside|across)\s+(?:the\s+)?|\b(?:city|town|village|county|province|region|megacity|capital|prefecture|district)\s+of\s+)$",
    re.IGNORECASE,
)
_PLACE_AGENT = re.compile(
    r"^['’]?s?\s+(?:(?:city|municipal|provincial|county|district|national|state|local)\s+)*(?:police|authorities|prosecutors?|procuratorate|court|officials|security|government|public\s+security)\b",
    re.IGNORECASE,
)
_UNINFORMATIVE = {"China", "PRC", "the PRC", "P. R. China"}


def event_places(places: list[Mention], text: str) -> list[Mention]:
    """Places the text ties to an event: facilities, places after "in/at/from/to",
    and the place of an agent ("Beijing police"); not a place that only
    describes a person ("Beijing activist", "Hubei resident")."""
    out = []
    for p in places:
        if p.text in _UNINFORMATIVE or _PERSON_MODIFIER.match(text[p.end:p.end + 20]):
            continue
        v = p.value or {}
        if v.get("facility_kind") or _PLACE_PREP.search(text[max(0, p.start - 30):p.start]) or _PLACE_AGENT.match(text[p.end:p.end + 40]):
            out.append(p)
    return out


def link_sentence(
    text: str,
    s: int,
    e: int,
    triggers: list[Mention],
    refs: list[Resolved],
    dates: list[Mention],
    places: list[Mention],
    charges: list[Mention],
    terms: list[Mention],
    topic: list[PersonRef] | None = None,
) -> list[TriggerSlots]:
    """``topic``: the person the previous sentence was about, for a sentence that
    opens with its verb ("Wang Zang, poet. Detained May 30, 2020 in Chuxiong")."""
    triggers = sorted(triggers, key=lambda t: t.start)
    arg = _Arguments(text, s, e, dates, event_places(places, text), charges, terms)
    out: list[TriggerSlots] = []
    for i, t in enumerate(triggers):
        nxt = triggers[i + 1].start if i + 1 < len(triggers) else e
        prv = triggers[i - 1].end if i > 0 else s
        voice = t.value["voice"]
        left = text[max(s, t.start - 100):t.start]
        blocked = blocking_cue(left, bool(t.value.get("continuing")))
        if voice == "nominal" and not blocked and _NOMINAL_FUTURE.match(text[t.end:t.end + 40]):
            blocked = "hyp.nominal_future"
        inner = [r for r in refs if t.start <= r.start and r.end <= t.end]
        prev_persons = out[-1].primary if out else []
        prev_all = out[-1].persons if out else []
        gap_prev = text[triggers[i - 1].end:t.start] if i > 0 else ""
        # the previous trigger's people carry over when nothing names someone new in between
        can_inherit = bool(prev_persons) and not any(
            r.kind in ("full", "short") and triggers[i - 1].end <= r.start and r.end <= t.start
            and not all(any(x is y for y in prev_all) for x in r.refs)
            for r in refs
        ) and (";" not in gap_prev or bool(_TELEGRAPHIC.match(gap_prev.rsplit(";", 1)[1])))
        if voice == "adjective":
            continue
        group, src = _people_of(t, voice, inner, refs, text, s, e, prv, nxt)
        if not group and can_inherit:
            out.append(_slots(arg, i, t, prev_persons, "en.link:coordinated", prv, nxt, blocked))
            continue
        if (not group and topic and i == 0 and voice != "nominal" and _TELEGRAPHIC.match(text[s:t.start])
                and _VERB_NEXT.match(text[t.end:t.end + 20])):
            out.append(_slots(arg, i, t, list(topic), "en.link:topic", prv, nxt, blocked))
            continue
        if not group and voice not in ("nominal", "active", "object", "either"):
            group = _groups_before(refs, text, t.start, s)
            if not group and _FRONTED.match(text[s:t.start]):
                # "Since being detained in March, X has ..." : the main clause's subject
                comma = text.find(",", t.end, e)
                if comma != -1:
                    group = _group_after(refs, text, comma + 1, e, max_gap=30)
        persons = _refs_of(group)
        companions = []
        if group and voice != "nominal":
            end = max(t.end, max(r.end for r in group))
            companions = [p for p in _refs_of(_companions(refs, text, end, nxt)) if all(p is not q for q in persons)]
        sl = _slots(arg, i, t, persons + companions, src, prv, nxt, blocked)
        sl.n_primary = len(persons)
        out.append(sl)
    _share_coordinated(out, text)
    _inherit(out, text)
    return out


def _people_of(t, voice, inner, refs, text, s, e, prv, nxt) -> tuple[list[Resolved], str]:
    """The references a trigger's own words point at, by its voice."""
    if voice == "nominal":
        if inner:
            return inner[:1], "en.link:nominal"
        group = _group_after(refs, text, t.end, nxt, max_gap=40)
        if not group:
            poss = [r for r in refs if r.end <= t.start and t.start - r.end <= 4 and r.possessive]
            group = poss[-1:]
        return group, "en.link:nominal"
    if voice in ("active", "object", "either"):
        group = inner[:1] or _group_after(refs, text, t.end, nxt)
        if not group and voice == "either":
            return _groups_before(refs, text, t.start, prv), "en.link:subject"
        return group, "en.link:object"
    return _groups_before(refs, text, t.start, prv), "en.link:subject"


@dataclass
class _Arguments:
    """One sentence's argument mentions, for the triggers in it."""

    text: str
    s: int
    e: int
    dates: list[Mention]
    places: list[Mention]
    charges: list[Mention]
    terms: list[Mention]


def _slots(arg: _Arguments, i: int, t: Mention, persons: list[PersonRef], src: str, prv: int, nxt: int, blocked: str | None) -> TriggerSlots:
    """The trigger's own arguments: those between it and the next trigger; the
    first trigger of a sentence also takes a date or place that opens it."""
    text, s, dates, places, charges, terms = arg.text, arg.s, arg.dates, arg.places, arg.charges, arg.terms
    # "released X, his son said on Thursday": a date after a reporting verb dates the report
    seg_dates = [d for d in _in(dates, t.start, nxt) if not _REPORTING.search(text[t.end:d.start])]
    seg_places = _in(places, t.start, nxt)
    seg_charges = _in(charges, t.start, nxt)
    seg_terms = _in(terms, t.start, nxt)
    if i == 0:
        # "In April, police arrested ...": a date that opens the sentence dates its first event
        fronted = [
            d for d in _in(dates, s, t.start)
            if _FRONT_DATE.match(text[s:d.start]) and not re.match(r"\s*[—–-]\s", text[d.end:d.end + 3])  # not a dateline
            and not _COPULA_AFTER.match(text, d.end)  # "Today is the birthday of X, who went missing in 1995"
        ]
        pre = [
            d for d in _in(dates, s, t.start)
            if not (_REPORTING.search(text[d.end:t.start]) or _REACTION.search(text[d.end:t.start]) or re.search(r"\bthat\b", text[d.end:t.start]))
            and not re.match(r"\s*[—–-]\s", text[d.end:d.end + 3])
        ]
        if fronted:
            seg_dates = fronted[:1]
        elif not seg_dates:
            seg_dates = pre[-1:]
        if not seg_places:
            seg_places = _in(places, s, t.start)
    repeated = bool(_AGAIN.search(text[t.start:min(nxt, t.end + 60)])) or bool(_AGAIN.search(text[max(s, t.start - 12):t.start]))
    return TriggerSlots(t, persons, src, seg_dates, seg_places, seg_charges, seg_terms, repeated, blocked)


def _share_coordinated(slots: list[TriggerSlots], text: str) -> None:
    """ "tried and convicted in X on D on a charge of C": the first trigger shares the second's arguments."""
    for a, b in zip(slots, slots[1:]):
        gap = text[a.trigger.end:b.trigger.start]
        if len(gap) <= 12 and re.fullmatch(r"\s*(?:,|and|or|&|,\s*and)\s*", gap):
            a.dates = a.dates or b.dates
            a.places = a.places or b.places
            a.charges = a.charges or b.charges


def _inherit(slots: list[TriggerSlots], text: str) -> None:
    for a, b in zip(slots, slots[1:]):
        gap = text[a.trigger.end:b.trigger.end]  # "and later released": the word may sit inside the trigger
        if _NO_INHERIT.search(gap):
            continue
        if not b.dates and a.dates:
            b.dates = a.dates
        if not b.places and a.places:
            b.places = a.places
    for a, b in zip(slots, slots[1:]):
        gap = text[a.trigger.end:b.trigger.start]
        if not a.dates and b.dates and _BACK_INHERIT.match(gap):
            a.dates = b.dates
        if not a.places and b.places and _BACK_INHERIT.match(gap):
            a.places = b.places


def best_place(places: list[Mention]) -> Mention | None:
    if not places:
        return None
    rank = {"country": 0, "region": 1, "province": 2, "prefecture": 3, "county": 4, "township": 5}

    def key(p: Mention):
        v = p.value or {}
        return (1 if v.get("facility_kind") else 0, rank.get(v.get("admin_level"), 3), p.end - p.start)

    return max(places, key=key)


def to_candidates(slot: TriggerSlots, sent: tuple[int, int], text: str) -> list[Candidate]:
    if slot.blocked or not slot.persons:
        return []
    t = slot.trigger
    etype = t.value["type"]
    if t.value.get("id") in ("sen.serving", "sen.serving_years"):
        slot.dates = []  # "serving a 10-year sentence" states the term, not when it was imposed
    out = []
    terms = slot.terms if etype == "sentenced" else []
    respectively = bool(_RESPECTIVELY.search(text[t.start:sent[1]]))
    date = slot.dates[0] if slot.dates else None
    place = best_place(slot.places)
    for idx, person in enumerate(slot.persons):
        term = None
        if terms:
            if respectively and len(terms) == len(slot.persons):
                term = terms[idx]
            else:
                term = terms[0]
        prov = {}
        if date:
            prov["date"] = date.source
        if place:
            prov["location"] = place.source
        if term:
            prov["sentence"] = term.source
        pref = PersonRef(person.name, person.name_zh, list(person.aliases), slot.person_source + "|" + (person.source or ""))
        out.append(
            Candidate(
                event_type=etype,
                person=pref,
                trigger=t,
                evidence=sent,
                date=date_ref(date) if date else None,
                place=place,
                charges=list({c.value: c for c in slot.charges}.values()),
                sentence=term,
                repeated=slot.repeated,
                confidence=0.75 if slot.person_source == "en.link:subject" else 0.65,
                provenance=prov,
            )
        )
    return out
