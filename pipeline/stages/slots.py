"""Slot options: the place mentions around each candidate, for the slot scorer.

The rule linker attaches the place of a trigger's own clause; a report often
names it a sentence or two before ("In Chengdu, police raided ... . They
detained ..."), or names several in one sentence. Every place mention from
``WINDOW_BEFORE`` sentences before the trigger's to ``WINDOW_AFTER`` after it
is offered to the candidate with readable features
(:func:`pipeline.learn.features.place_features`); the scorer
(``pipeline/stages/score.py``) picks one or none. Candidates without features
(the Chinese layout links: rosters, case files) keep the linker's place.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from pipeline.document import Document
from pipeline.learn.features import PlaceOption, place_features
from pipeline.mentions import Candidate, Mention
from pipeline.stages.en import persons
from pipeline.stages.places import DocumentPlaces
from pipeline.stages.zh import lexicon as zh_lexicon
from pipeline.stages.zh.normalize import to_simplified as t2s

WINDOW_BEFORE = 3
WINDOW_AFTER = 1
#: place options per candidate: the linker's and those nearest the trigger (the
#: dev and train reports offer at most 13), so a window naming hundreds of
#: places does not multiply the work
MAX_OPTIONS = 32


_ZH_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n]")


def describes_person(text: str, m: Mention, lang: str) -> bool:
    """Is the place a modifier of the person ("Hubei resident X", 北京律师X),
    not where the event happened? A role noun of the lexicons follows it."""
    if lang == "en":
        return persons.modifies_a_person(text, m.end)
    tail = _ZH_CLAUSE_END.split(text[m.end:m.end + 8], maxsplit=1)[0]
    return bool(_zh_roles().search(t2s(tail)))


@lru_cache(maxsize=1)
def _zh_roles() -> re.Pattern[str]:
    return zh_lexicon.alternation(zh_lexicon.cues().role_nouns)


def place_name(m: Mention) -> str:
    return (m.value or {}).get("name") or m.text


def attach_place_options(doc: Document, cands: list[Candidate], found: DocumentPlaces | None = None) -> None:
    """``found``: the document's place mentions as the language stages read them (read again where missing)."""
    sents = doc.sentences
    if not sents:
        return
    starts = [s.start for s in sents]
    found = found or DocumentPlaces(doc.text)

    def places(i: int) -> list[Mention]:
        s = sents[i]
        return found.find(s.start, s.end, s.lang)

    wanted = sorted({j for c in cands if c.features
                     for i in [max(0, bisect.bisect_right(starts, c.trigger.start) - 1)]
                     for j in range(max(0, i - WINDOW_BEFORE), min(len(sents), i + WINDOW_AFTER + 1))})
    counts = Counter(place_name(m) for j in wanted for m in places(j))
    head = places(0)
    about: dict[tuple[int, str], tuple[bool, bool, Mention]] = {}  # (id(mention), lang) -> (in the head sentence, describes a person, it)
    for c in cands:
        if not c.features:
            continue
        i = max(0, bisect.bisect_right(starts, c.trigger.start) - 1)
        lang = "zh" if "lang=zh" in c.features else "en"
        offered: list[tuple[Mention, int]] = []
        for j in range(max(0, i - WINDOW_BEFORE), min(len(sents), i + WINDOW_AFTER + 1)):
            offered += [(m, j - i) for m in places(j)]
        if c.place is not None and not any(m.overlaps(c.place) for m, _ in offered):
            off = max(0, bisect.bisect_right(starts, c.place.start) - 1) - i
            if not -WINDOW_BEFORE <= off <= WINDOW_AFTER:
                continue  # the linker carried it from further than the scorer looks (a court named once for a list): its choice stands
            offered.append((c.place, off))
        if len(offered) > MAX_OPTIONS:
            linked = c.place
            keep = sorted(range(len(offered)), key=lambda k: (not (linked is not None and offered[k][0].overlaps(linked)),
                                                             abs(offered[k][0].start - c.trigger.start)))[:MAX_OPTIONS]
            offered = [offered[k] for k in sorted(keep)]
        options = []
        for m, off in offered:
            if (id(m), lang) not in about:  # what depends on the mention alone, once (it is offered to many candidates)
                about[(id(m), lang)] = (any(m.overlaps(h) for h in head), describes_person(doc.text, m, lang), m)
            in_head, describes, _ = about[(id(m), lang)]
            o = PlaceOption(
                lang=lang, event_type=c.event_type, trigger=(c.trigger.start, c.trigger.end), place=(m.start, m.end),
                value=m.value or {}, source=m.source, sent_offset=off,
                linked=c.place is not None and m.overlaps(c.place), linker_has_place=c.place is not None,
                n_in_doc=counts.get(place_name(m), 1), in_head=in_head, describes_person=describes,
            )
            options.append((m, place_features(doc.text, o)))
        c.options["place"] = options
