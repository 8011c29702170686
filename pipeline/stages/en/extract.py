"""English candidate events: the English stages in order.

1. rule persons over the English text (cheap) and a trigger pass per sentence;
2. the statistical NER only on sentences with a trigger;
3. coreference of short names and pronouns;
4. dates (document order, so relative dates chain), places, charges, terms;
5. linking triggers to people and arguments, sentence by sentence.
"""
from __future__ import annotations

import bisect
import re

from pipeline.document import Document
from pipeline.mentions import Candidate, Mention, PersonRef
from pipeline.stages.en import charges as charges_stage
from pipeline.stages.en import coref, dates, link, nlp, persons, terms, triggers
from pipeline.stages.places import DocumentPlaces
from pipeline.learn.features import Pairing, pair_features

_SPACY_PERSON_STOP = re.compile(
    r"^(?:[A-Z]{2,}|.*\d.*|.*\b(?:News|Daily|Times|Court|Police|Party|Church|Group|Foundation|Network|Council|Watch|Prison|Center|Centre|"
    r"Ministry|Bureau|Office|Law|Ordinance|Twitter|WeChat|Weibo|YouTube|COVID|Monastery|Temple|Mosque|University|College|School|"
    r"Hospital|Company|Limited|Ltd|Inc|Association|Society|Committee|Movement|Project|Institute|Agency|Radio|Press|Post|"
    r"Service|Nunnery|Convent|Banner|Township|Village|County|Prefecture|Holiness|Defenders)\b.*)$"
)


#: widened pairings per trigger: the persons nearest it (the dev and train reports
#: have at most 32), so a sentence naming hundreds of people stays linear
MAX_WIDENED = 48


def candidates(doc: Document, found_places: DocumentPlaces | None = None) -> list[Candidate]:
    """``found_places``: the document's place mentions, shared with the slot options."""
    text = doc.text
    sents = [(s.start, s.end) for s in doc.sentences if s.lang == "en"]
    if not sents:
        return []
    # 1. rule persons everywhere, triggers per sentence
    rule_people: list[persons.PersonMention] = []
    for s, e in sents:
        rule_people += persons.romanized_names(text, s, e) + persons.role_names(text, s, e) + persons.aged_names(text, s, e) + persons.element_names(text, s, e) \
            + persons.appositive_names(text, s, e) + persons.gapped_names(text, s, e)
    trig_by_sent = {i: triggers.find_triggers(text, s, e) for i, (s, e) in enumerate(sents)}
    broad_by_sent = {i: triggers.find_triggers(text, s, e, broad=True, taken=trig_by_sent[i]) for i, (s, e) in enumerate(sents)}
    cand_idx = [i for i in trig_by_sent if trig_by_sent[i] or broad_by_sent[i]]
    # 2. statistical NER on candidate sentences only, and on the three after a
    # candidate sentence with an unnamed count (they may name the group: coref.COUNTED)
    counted = {j for i in cand_idx if coref.COUNTED.search(text, *sents[i]) for j in range(i + 1, min(len(sents), i + 4))}
    ner_idx = sorted(set(cand_idx) | counted)
    ents = nlp.entities([text[sents[i][0]:sents[i][1]] for i in ner_idx]) if ner_idx else []
    stat_people: list[persons.PersonMention] = []
    stat_places: dict[int, list[Mention]] = {}
    for i, sent_ents in zip(ner_idx, ents):
        base = sents[i][0]
        for a, b, label in sent_ents:
            a, b = base + a, base + b
            surface = text[a:b]
            if label == "PERSON" and not _SPACY_PERSON_STOP.match(surface) and len(surface.split()) > 1:
                a, b = persons.trim_person_span(text, a, b)
                surface = text[a:b]
                if len(surface.split()) > 1 and not persons.starts_with_place(surface) and not persons.modifies_a_person(text, b):
                    stat_people.append(persons.PersonMention(a, b, surface, nlp.SOURCE + ":PERSON"))
            elif label in ("GPE", "LOC", "FAC"):
                if surface.startswith("the "):
                    a += 4
                    surface = text[a:b]
                stat_places.setdefault(i, []).append(
                    Mention("place", a, b, surface, {"name": surface, "admin_level": "country" if label == "GPE" and surface in ("China", "Thailand") else None}, nlp.SOURCE + ":" + label)
                )
    overlaps_rule = _overlap_test([(r.start, r.end) for r in rule_people])
    people = persons.merge_mentions([rule_people]) + [m for m in stat_people if not overlaps_rule(m.start, m.end)]
    people.sort(key=lambda m: m.start)
    people = persons.list_members(text, people)
    persons.attach_zh_and_aliases(text, people)
    registry = coref.Registry(people, text)
    resolved = coref.resolve_document(text, sents, people, registry)
    # 4. arguments in document order
    ctx = dates.document_context(text)
    if ctx.dateline is None:  # no date in the text: the page's publication date (HTML metadata)
        ctx.dateline = doc.published()
    anchor: dict = {}
    out: list[Candidate] = []
    by_sent: dict[int, list[coref.Resolved]] = {}
    for r in resolved:
        by_sent.setdefault(r.sentence, []).append(r)
    # the parse, where a trigger's sentence names two or more people
    to_parse = [i for i in cand_idx if len({id(ref) for r in by_sent.get(i, []) for ref in r.refs}) >= 2]
    parsed = dict(zip(to_parse, nlp.parse([text[sents[i][0]:sents[i][1]] for i in to_parse]))) if to_parse else {}
    topic = _topics(by_sent, len(sents))
    found_places = found_places or DocumentPlaces(text)
    for i, (s, e) in enumerate(sents):
        sent_dates = dates.find_dates(text, s, e, ctx, anchor)
        if not trig_by_sent[i] and not broad_by_sent[i]:
            continue
        people_spans = [(r.start, r.end) for r in by_sent.get(i, [])]
        rule_places = found_places.find(s, e, "en")  # only where a trigger is
        places = rule_places + [
            p for p in stat_places.get(i, [])
            if not any(p.start < b and a < p.end for a, b in people_spans)
            and not any(p.start < r.end and r.start < p.end for r in rule_places)
        ]
        args = (by_sent.get(i, []), sent_dates, _dedup_places(places), charges_stage.find_charges(text, s, e), terms.find_terms(text, s, e), topic[i])
        kept = _suppress(link.link_sentence(text, s, e, trig_by_sent[i], *args)) if trig_by_sent[i] else []
        # a recall trigger is linked as if it were the sentence's only one, so it
        # never changes how the main triggers share the sentence's arguments
        broad = [sl for b in broad_by_sent[i] for sl in link.link_sentence(text, s, e, [b], *args)]
        for slot in kept + broad:
            out += _pairings(text, sents, i, slot, kept + broad, by_sent, parsed.get(i))
    # the publication date: a header date of the text's own, or, when the text has
    # no date to be its dateline, the source's metadata (the dateline is then that)
    _no_date_after_publication(dates.header_date(text, ctx) if ctx.dateline_span[0] >= 0 else doc.published(), out)
    return out


def _no_date_after_publication(pub, cands: list[Candidate]) -> None:
    """A report cannot date what happened after it was published: a date later
    than its publication date ("released on bail and due in court on 18 May", in
    a report of 20 April) belongs to something still to come, so the event keeps
    no date rather than that one."""
    if pub is None:
        return
    pub = pub.isoformat()
    for c in cands:
        if c.date is not None and c.date.iso[:len(pub)] > pub[:len(c.date.iso)]:
            c.date = None
            c.provenance["date"] = "en.date.after_publication"


def _pairings(text: str, sents, i: int, slot: link.TriggerSlots, slots, by_sent, pdoc) -> list[Candidate]:
    """The rule linker's pairings for one trigger, and every other person the
    sentence (or, when it names nobody, the sentences around it) mentions, each
    with the features the event scorer reads."""
    s, e = sents[i]
    t = slot.trigger
    if slot.blocked:
        return []  # a negation, hypothetical or ongoing cue vetoes the trigger (its id is the reason)
    refs = [r for r in by_sent.get(i, []) if r.refs]
    spots = [("same", r, ref) for r in refs for ref in r.refs]
    if not by_sent.get(i):
        for j, where in ((i + 1, "next"), (i - 1, "prev")):
            if 0 <= j < len(sents):
                spots += [(where, r, ref) for r in by_sent.get(j, []) if r.kind in ("full", "short") for ref in r.refs]
    # one spot per person: the mention nearest the trigger
    best: dict[int, tuple] = {}  # id(person) -> (distance, where, mention, person)
    for where, r, ref in spots:
        d = abs(r.start - t.start) + (0 if where == "same" else 10_000)
        if id(ref) not in best or d < best[id(ref)][0]:
            best[id(ref)] = (d, where, r, ref)
    rule = link.to_candidates(slot, (s, e), text)
    if t.value.get("broad"):
        for c in rule:
            c.rule = False  # the linker's choice for a recall trigger is a feature, not a decision
    rule_refs = {id(p) for p in slot.persons}
    alt_refs = [v[3] for k, v in sorted(best.items(), key=lambda kv: kv[1][0]) if k not in rule_refs][:MAX_WIDENED]
    alts: list[Candidate] = []
    if alt_refs:
        # a widened pairing is no member of the trigger's own list: only a single term is its
        terms = slot.terms if len(slot.terms) == 1 else []
        wide = link.TriggerSlots(t, alt_refs, "en.cand", slot.dates, slot.places, slot.charges, terms, slot.repeated, None)
        alts = link.to_candidates(wide, (s, e), text)
        for c in alts:
            c.rule = False
    if t.value["type"] == "sentenced":
        _gapped_terms(text, (s, e), t, [r for r in refs if r.kind in ("full", "short")], rule + alts)
    sent_trigs = [x.trigger for x in slots]
    persons_in_sent = {id(ref) for r in refs for ref in r.refs}
    for c, ref in [(c, p) for c, p in zip(rule, slot.persons)] + [(c, p) for c, p in zip(alts, alt_refs)]:
        spot = best.get(id(ref))
        where, r = (spot[1], spot[2]) if spot else ("topic", None)
        if where in ("next", "prev") and r is not None:
            a, b = sents[i + 1 if where == "next" else i - 1]
            c.evidence = (min(s, a), max(e, b))
        pspan = (r.start, r.end) if r is not None else None
        between = 0
        if pspan and where == "same":
            lo, hi = (pspan[1], t.start) if pspan[1] <= t.start else (t.end, pspan[0])
            between = sum(1 for x in refs if lo <= x.start and x.end <= hi)
        c.features = pair_features(text, Pairing(
            lang="en", sent=(s, e), trigger=(t.start, t.end), trigger_id=t.value.get("id", t.source),
            event_type=c.event_type, person=pspan, where=where,
            rule_source=c.person.source if not c.person.source.startswith("en.cand") else None,
            person_kind=r.kind if r is not None else "topic", voice=t.value.get("voice", ""),
            n_persons_in_sentence=len(persons_in_sent), persons_between=between,
            triggers_between=sum(1 for x in sent_trigs if pspan and min(pspan[1], t.start) <= x.start < max(pspan[0], t.end) and x is not t),
            same_type_triggers=sum(1 for x in sent_trigs if x is not t and x.value["type"] == t.value["type"]),
            other_triggers=tuple((x.start, x.end) for x in sent_trigs if x is not t),
        ))
        c.features["psrc:" + (ref.source or "").split("|")[-1].split(":")[0]] = 1.0
        if t.value.get("broad"):
            c.features["broad"] = 1.0
        if not c.rule and rule_refs:
            c.features["alt_competes_with_rule"] = 1.0  # the linker chose someone else for this trigger
        if pdoc is not None and pspan is not None and where == "same":
            rel = nlp.relation_features(pdoc, (t.start - s, t.end - s), (pspan[0] - s, pspan[1] - s))
            c.features.update(rel)
            # the same relation means opposite things for an active and a passive verb
            voice = t.value.get("voice", "")
            for k in [k for k in rel if k.startswith(("dep:", "pdep:"))]:
                c.features[f"{k}|{voice}"] = 1.0
                c.features[f"{k}|rule={int(c.rule)}"] = 1.0
    return rule + alts


_GAP_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def _gapped_terms(text: str, sent: tuple[int, int], t: Mention, mentions, cands: list[Candidate]) -> None:
    """ "A was sentenced to ten years, B to nine, C and D to three": after the
    verb, a name (or names joined by "and") opening a clause and followed by
    "to <term>" shares the verb, with its own term. Such a pairing is the
    linker's (``en.link:gapped``), whatever path proposed it."""
    after = sorted((r for r in mentions if r.start >= t.end), key=lambda r: r.start)
    found = terms.find_terms(text, *sent)
    own: dict[str, Mention] = {}  # person name -> its term
    for k, r in enumerate(after):
        m = _GAP_TO.match(text, r.end)
        # "B to nine years": a term the terms stage read right after "to"
        term = next((x for x in found if m.end() <= x.start <= m.end() + 3), None) if m else None
        if term is None:
            continue
        group, j = [r], k
        while j > 0 and re.fullmatch(r"\s*(?:,\s*and|,|and)\s*", text[after[j - 1].end:after[j].start]):
            group.insert(0, after[j - 1])
            j -= 1
        if not re.search(r"(?:,\s*(?:and\s+)?|\s+and\s+)$", text[max(t.end, group[0].start - 8):group[0].start]):
            continue  # the verb's own object ("sentenced A to ten years"), or not a clause of its own
        for g in group:
            for ref in g.refs:
                own[ref.name] = term
    for c in cands:
        term = own.get(c.person.name)  # candidates carry copies of the person: the name links them
        if term is None:
            continue
        c.person = PersonRef(c.person.name, c.person.name_zh, list(c.person.aliases), "en.link:gapped|" + c.person.source.split("|")[-1])
        c.rule = True
        c.sentence = term
        c.provenance["sentence"] = term.source


def _overlap_test(spans: list[tuple[int, int]]):
    """``overlaps(a, b)``: does (a, b) overlap any of ``spans``? A search over the
    spans sorted by start with a running maximum of their ends (a scan of every
    span for every mention was quadratic in a report naming thousands of people)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # reach[k]: the largest end among the first k + 1 spans
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)

    def overlaps(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b)  # spans[:k] start before b
        return k > 0 and reach[k - 1] > a

    return overlaps


def _topics(by_sent: dict[int, list[coref.Resolved]], n: int) -> list[list]:
    """For each sentence, the person the sentence before it opened with (its topic),
    if that sentence named exactly one person first."""
    out: list[list] = [[] for _ in range(n)]
    carried = 0
    for i in range(1, n):
        prev = [r for r in by_sent.get(i - 1, []) if r.refs]
        if prev:
            out[i] = prev[0].refs if len(prev[0].refs) == 1 else []
            carried = 0
        elif out[i - 1] and carried < 3:
            out[i] = out[i - 1]  # "Detained May 30. Sentenced in 2022.": the topic goes on
            carried += 1
    return out


def _dedup_places(places: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for p in sorted(places, key=lambda p: (p.start, -(p.end - p.start))):
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


def _suppress(slots: list[link.TriggerSlots]) -> list[link.TriggerSlots]:
    """A specific measure replaces a generic word for the same act in one sentence."""
    out = []
    for sl in slots:
        replaced = any(
            sl.trigger.value["type"] in other.trigger.value["suppresses"]
            and sl.trigger.start < other.trigger.end + 3
            and other.trigger.start < sl.trigger.end + 3
            for other in slots if other is not sl
        )
        if not replaced:
            out.append(sl)
    return out
