"""Readable features of one candidate: a trigger paired with a person mention.

The candidate generator of each language calls :func:`pair_features` for every
trigger x person pairing it proposes; the event scorer reads nothing else, and
training reads the same dictionaries, so what is trained is what runs.

Feature names say what they test: ``rule=1`` (the rule linker chose this
pairing), ``rule:en.link:subject``, ``trig:arr.arrest``, ``side=before``,
``dist=before:8-24``, ``lw:not`` (a word in the trigger's left window),
``gapm:被`` (a marker between name and trigger) and so on. Values are 1.0
(binary) unless the name says otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+|[^\w\s]")
_ZH_PUNCT = set("，,、。；;：:！？!?（）()“”「」『』\"")
_ZH_MARKERS = "被遭将把于在以因涉并又再后已未没不均先"


@dataclass(frozen=True)
class Pairing:
    """What the generator knows about one trigger x person pairing."""

    lang: str  # "en" | "zh"
    sent: tuple[int, int]
    trigger: tuple[int, int]
    trigger_id: str
    event_type: str
    person: tuple[int, int] | None  # the mention linked (None: carried from context)
    where: str  # same | prev | next | topic | doc: where the person mention is
    rule_source: str | None  # the rule linker's person source, None when it did not choose this pairing
    person_kind: str = "full"  # full | short | pronoun | plural
    voice: str = ""
    n_persons_in_sentence: int = 0
    persons_between: int = 0
    triggers_between: int = 0
    same_type_triggers: int = 0  # other triggers of the same type in the sentence
    other_triggers: tuple[tuple[int, int], ...] = ()  # the sentence's other triggers (spans)


def _bucket(n: int, edges=(0, 2, 8, 24, 60, 150)) -> str:
    for lo, hi in zip(edges, edges[1:]):
        if n < hi:
            return f"{lo}-{hi}"
    return f"{edges[-1]}+"


# function words and punctuation that say how a long gap between a name and a trigger is built
_GAP_WORDS = frozenset({",", ";", ":", "(", ")", "and", "said", "who", "that", "which", "by", "of", "with", "after",
                        "before", "when", "while", "was", "were", "had", "has", "is", "are", "not", "also"})


def _mark(f: dict[str, float], prefix: str, items) -> None:
    for item in items:
        f[prefix + item] = 1.0


def _en_words(s: str) -> list[str]:
    return [w.lower() for w in _EN_WORD.findall(s)]


def pair_features(text: str, p: Pairing) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    f["lang=" + p.lang] = 1.0
    f["type=" + p.event_type] = 1.0
    f["trig:" + p.trigger_id] = 1.0
    if p.voice:
        f["voice=" + p.voice] = 1.0
    if p.rule_source is not None:
        f["rule=1"] = 1.0
        f["rule:" + p.rule_source.split("|")[0]] = 1.0
    else:
        f["rule=0"] = 1.0
    f["where=" + p.where] = 1.0
    f["pkind=" + p.person_kind] = 1.0
    f["npers=" + _bucket(p.n_persons_in_sentence, (0, 1, 2, 3, 5, 9))] = 1.0
    f["pbetween=" + _bucket(p.persons_between, (0, 1, 2, 4, 8))] = 1.0
    f["rank=" + _bucket(p.persons_between, (0, 1, 2, 4, 8))] = 1.0  # the same count as pbetween; dropping it moved the CV-chosen thresholds, so it stays until a retrain is judged
    f["tbetween=" + _bucket(p.triggers_between, (0, 1, 2, 4))] = 1.0
    if p.same_type_triggers:
        f["sametype_other"] = 1.0
    s, e = p.sent
    ta, tb = p.trigger
    # where the trigger sits in its sentence (a headline verb, a clause opener)
    f["tpos=" + _bucket(ta - s, (0, 1, 10, 40, 120, 300))] = 1.0
    left = text[max(s, ta - 60):ta]
    if p.lang == "en":
        _mark(f, "lw:", _en_words(left)[-5:])
        _mark(f, "rw:", _en_words(text[tb:min(e, tb + 40)])[:3])
    else:
        _mark(f, "lc:", [ch for ch in left[-6:] if not ch.isspace()])
        _mark(f, "lb:", [left[i:i + 2] for i in range(max(0, len(left) - 6), len(left) - 1)])
        _mark(f, "rc:", [ch for ch in text[tb:min(e, tb + 4)] if not ch.isspace()])
    if p.person is None:
        f["noperson_span"] = 1.0
        return f
    pa, pb = p.person
    if p.where != "same":
        return f
    side = "before" if pb <= ta else "after" if pa >= tb else "inside"
    f["side=" + side] = 1.0
    gap = text[pb:ta] if side == "before" else text[tb:pa] if side == "after" else ""
    # is another trigger nearer to this person (its own event)?
    def _d(x: tuple[int, int]) -> int:
        return max(0, x[0] - pb, pa - x[1])
    mine = _d(p.trigger)
    nearer = [x for x in p.other_triggers if _d(x) < mine]
    f["nearest_trigger" if not nearer else "nearer_trigger"] = 1.0
    if nearer:
        f["nearer_trigger:" + side] = 1.0
    breaks = sum(gap.count(ch) for ch in ",，;；:：")
    f["breaks=" + _bucket(breaks, (0, 1, 2, 4))] = 1.0
    f["breaks_side=" + side + ":" + _bucket(breaks, (0, 1, 2, 4))] = 1.0
    dist = len(gap)
    f["dist=" + side + ":" + _bucket(dist)] = 1.0
    f["side_voice=" + side + ":" + (p.voice or p.trigger_id)] = 1.0
    f["side_type=" + side + ":" + p.event_type] = 1.0
    if p.rule_source is None:
        f["alt_side=" + side] = 1.0
    if p.lang == "en":
        words = _en_words(gap)
        if len(words) <= 4:
            f["gap=" + "_".join(words)] = 1.0
        else:
            f["gap=long"] = 1.0
            _mark(f, "gapw:", [w for w in words if w in _GAP_WORDS])
        _mark(f, "pl:", _en_words(text[max(s, pa - 30):pa])[-2:])
        _mark(f, "pr:", _en_words(text[pb:min(e, pb + 20)])[:2])
    else:
        if len(gap) <= 3:
            f["gap=" + gap] = 1.0
        _mark(f, "gapp:", [ch for ch in gap if ch in _ZH_PUNCT])
        _mark(f, "gapm:", [ch for ch in gap if ch in _ZH_MARKERS and ch not in _ZH_PUNCT])
        _mark(f, "pl:", text[max(s, pa - 2):pa])
        _mark(f, "pr:", text[pb:min(e, pb + 2)])
    return f


# -- slot options -------------------------------------------------------------

@dataclass(frozen=True)
class PlaceOption:
    """What the slot stage knows about one place mention offered to one candidate."""

    lang: str  # "en" | "zh"
    event_type: str
    trigger: tuple[int, int]
    place: tuple[int, int]
    value: dict  # the mention's normalized value (admin_level, facility_kind, ...)
    source: str  # the recognizer that proposed the mention
    sent_offset: int  # the place's sentence minus the trigger's (0 same, -1 the one before, ...)
    linked: bool  # the rule linker attached this place to the candidate
    linker_has_place: bool  # the rule linker attached some place
    n_in_doc: int  # mentions of the same name in the document
    in_head: bool  # in the document's first sentence (a dateline, a headline)
    describes_person: bool = False  # a role noun follows ("Beijing activist X", 四川藏人僧侣): the place says who, not where


def place_features(text: str, o: PlaceOption) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, "lang=" + o.lang: 1.0}
    off = o.sent_offset
    where = str(off) if -3 <= off <= 1 else ("far_before" if off < 0 else "far_after")
    f["sent=" + where] = 1.0
    lo, hi = sorted((o.place[0], o.trigger[0]))
    if "\n" in text[lo:hi].strip():
        f["line_break_between"] = 1.0  # another paragraph (or list line) than the trigger's
        f["line_break_between:sent=" + where] = 1.0
    f["linked=" + str(int(o.linked))] = 1.0
    f["linker_has_place=" + str(int(o.linker_has_place))] = 1.0
    if o.linked:
        f["linked:sent=" + where] = 1.0
    if not o.linked and o.linker_has_place:
        f["competes_with_linked:sent=" + where] = 1.0
    level = o.value.get("admin_level") or "none"
    kind = o.value.get("facility_kind")
    f["level=" + level] = 1.0
    f["facility=" + (kind or "none")] = 1.0
    f["type_facility=" + o.event_type + ":" + ("yes" if kind else "no")] = 1.0
    if kind:
        f["type_kind=" + o.event_type + ":" + kind] = 1.0
    f["type_level=" + o.event_type + ":" + level] = 1.0
    f["src=" + o.source.split(":")[0]] = 1.0
    f["ndoc=" + _bucket(o.n_in_doc, (1, 2, 3, 5, 9))] = 1.0
    if o.in_head:
        f["in_head"] = 1.0
    if o.describes_person:
        f["describes_person"] = 1.0
        f["describes_person:sent=" + where] = 1.0
    pa, pb = o.place
    ta, tb = o.trigger
    if off == 0:
        side = "before" if pb <= ta else "after"
        gap = len(text[pb:ta]) if side == "before" else len(text[tb:pa])
        f["side=" + side] = 1.0
        f["dist=" + side + ":" + _bucket(gap)] = 1.0
    if o.lang == "en":
        _mark(f, "pl:", _en_words(text[max(0, pa - 25):pa])[-2:])
        _mark(f, "pr:", _en_words(text[pb:pb + 15])[:1])
    else:
        _mark(f, "pl:", [ch for ch in text[max(0, pa - 2):pa] if not ch.isspace()])
        _mark(f, "pr:", [ch for ch in text[pb:pb + 2] if not ch.isspace()])
    return f



def person_features(text: str, cands: list) -> None:
    """Evidence about each English *person* of a document, the same on every
    candidate naming them: how often the document repeats the name (a person
    a report is about is named again) and how many words it has.

    Measured and not used for Chinese (models/event-scorer/README.md): the
    name's length, jieba's reading of it and LAC's best agreement over the
    document raised cross-validated event F1 (zhs +0.024) but cost the project's
    own examples their two-character names that LAC does not read as PER."""
    memo: dict[str, dict[str, float]] = {}
    for c in cands:
        if not c.features or "lang=zh" in c.features or not c.person.name:
            continue
        name = c.person.name
        if name not in memo:
            memo[name] = {"pfreq=" + _bucket(text.count(name), (0, 2, 3, 6)): 1.0,
                          "ptok=" + _bucket(len(name.split()), (1, 2, 3, 4)): 1.0}
        c.features.update(memo[name])
