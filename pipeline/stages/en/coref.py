"""Coreference of short names and pronouns to the people a document names.

- Full names are clustered: the same name, a name given as an alias ("a.k.a."),
  the same Chinese-character form, or a one-letter misspelling of a given name
  ("Dong Yaoqiong" / "Dong Yaoqing") are one person. The person's name is the
  first full form the document uses; the others become aliases.
- A short reference ("Xu", "Ms. Ge", "Dr. Li", "Hajim") resolves to the most
  recent person whose surname (first token of a romanized Chinese name, last
  token of another name) it is.
- "he/she/him/her/his" resolves to the most recent person in the same
  sentence, else the first person of the previous sentence that names one
  (its likely subject). Possessors ("Xu's lawyer") are skipped.
- "they/them/both/the three/the pair" resolves to the most recent group of
  two or more people: a sentence of the paragraph that names several, else
  the people named in the paragraph, else earlier paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.mentions import PersonRef
from pipeline.stages.en.dates import NUMBER_WORDS
from pipeline.stages.en.persons import PersonMention, surname_table

SINGULAR = re.compile(
    r"\b(?i:he|she|him|her|his)\b|\b[Tt]he\s+(?:(?:human\s+rights|rights|detained|jailed|imprisoned|prominent|veteran|young|elderly|former)\s+){0,2}(?:defender|lawyer|activist|journalist|pastor|monk|nun|dissident|scholar|writer|artist|petitioner|blogger|professor|publisher|poet)\b(?!s)"
)
# Words that are also surnames but are never used as a short reference to a person.
_NOT_SHORT = {"He", "An", "So", "To", "Or", "Do", "Man", "Long", "Fan", "Ping", "Ming", "Hong", "Guo", "Yi", "Su", "Wan"}
# A plural pronoun that follows a plural common noun in its sentence refers to that group, not to named people.
_GENERIC_GROUP = re.compile(
    r"\b(?:people|persons|individuals|activists|defenders|prisoners|lawyers|detainees|members|protesters|petitioners|journalists|others|families|relatives|Uyghurs|Uighurs|Tibetans|monks|students|workers|citizens|residents|dozens|hundreds|thousands|many|some|those)\b"
)
PLURAL = re.compile(
    r"\b(?:they|them|their|both(?:\s+of\s+them)?|the\s+(?:two|three|four|five|six|pair|duo|couple|trio)(?:\s+(?:men|women|activists|lawyers|defendants|advocates))?|all\s+(?:two|three|four|five|six|\d+)(?:\s+of\s+them)?|each)\b",
    re.IGNORECASE,
)
# a letter's salutation at the head of a line ("Dear Mr. Yu, dear Wensheng,") and its "you"
_SALUTATION = re.compile(r"(?m)^[ \t]*Dear\s+(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+|Lawyer\s+|Pastor\s+|Brother\s+|Sister\s+)?([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)\s*[,:]")
_SECOND_PERSON = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ourself)\b")


def _in_quote(text: str, s: int, pos: int) -> bool:
    """An odd number of double quotes between the sentence start and ``pos``."""
    return (text.count("\"", s, pos) + text.count("“", s, pos) - text.count("”", s, pos)) % 2 == 1


_CREDIT = re.compile(r"^\s*(?:Photo|Photos|Credit|Source|Image|Images|Video)\s*:", re.IGNORECASE)
# a bare count of people introduced before they are named ("Seven activists were
# sentenced. The activists included A, B, ..."): no determiner before the number
_COUNT_WORDS = "|".join(w for w, v in NUMBER_WORDS.items() if 2 <= v <= 12)  # two … twelve
COUNTED = re.compile(
    r"(?<![Tt]he )(?<![Aa]ll )(?<![Tt]hese )(?<![Tt]hose )(?<![Oo]f )\b((?i:" + _COUNT_WORDS + r")|\d{1,2})"
    r"\s+(?:[\w’'-]+\s+){0,3}?(?:people|persons|individuals|activists|defenders|lawyers|monks|nuns|men|women|students|practitioners|"
    r"dissidents|journalists|defendants|members|protesters|petitioners|campaigners|legislators|Tibetans|Uyghurs|Uighurs|believers|Christians|workers)\b"
)


_FEMALE = re.compile(r"\b(?:wife|mother|sister|daughter|Ms\.|Mrs\.|Madam|woman|girlfriend|widow|grandmother|aunt|niece|actress|businesswoman|nun)\W{0,3}(?:\w+\W+){0,2}$", re.IGNORECASE)
_MALE = re.compile(r"\b(?:husband|brother|son|father|Mr\.|man|boyfriend|widower|grandfather|uncle|nephew|businessman|monk)\W{0,3}(?:\w+\W+){0,2}$", re.IGNORECASE)
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


@dataclass
class Entity:
    ref: PersonRef
    surname: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None  # "m" / "f" when the text says so ("his wife X", "Ms. X")


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] or a[i + 1:] == b[i + 1:]


def _surname(name: str) -> str | None:
    toks = name.split()
    if len(toks) >= 2 and toks[0] in surname_table():
        return toks[0]
    return toks[-1] if len(toks) >= 2 else None


class Registry:
    """The people of one document, built from its full-name mentions in order."""

    def __init__(self, mentions: list[PersonMention], text: str | None = None):
        self._text = text
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        # lookups that a scan of ``entities`` in order would answer, kept as entities are
        # made (a report naming thousands of people made those scans quadratic):
        self._two_token: dict[str, list[Entity]] = {}  # first token -> entities with a two-token name
        self._at: dict[tuple[int, int], tuple[int, Entity]] = {}  # mention span -> (index, first entity holding it)
        self._of_ref: dict[int, Entity] = {}  # id(ref) -> its entity
        self._position: dict[int, int] = {}  # id(entity) -> its index in entities
        tokens = {t for m in mentions if len(m.text.split()) > 1 for t in (m.text.split()[0], m.text.split()[-1])}
        for m in mentions:
            if m.full and len(m.text.split()) == 1 and (m.text in tokens or m.text in surname_table()):
                m.full = False
        for m in sorted(mentions, key=lambda m: m.start):
            if m.full:
                self._add(m)

    def _find(self, m: PersonMention) -> Entity | None:
        for key in (m.text, *m.aliases, m.name_zh):
            if key and key in self._by_name:
                return self._by_name[key]
        toks = m.text.split()
        if len(toks) == 2 and len(toks[1]) >= 5:
            for e in self._two_token.get(toks[0], ()):  # in the order made, as a scan of entities meets them
                et = e.ref.name.split()
                if _edit1(et[1].lower(), toks[1].lower()):
                    return e
        return None

    def _add(self, m: PersonMention) -> Entity:
        e = self._find(m)
        if e is None:
            e = Entity(PersonRef(name=m.text, name_zh=m.name_zh, aliases=list(m.aliases), source=m.source), _surname(m.text))
            self.entities.append(e)
            self._of_ref[id(e.ref)] = e
            self._position[id(e)] = len(self.entities) - 1
            if len(e.ref.name.split()) == 2:
                self._two_token.setdefault(e.ref.name.split()[0], []).append(e)
        else:
            if m.text != e.ref.name and m.text not in e.ref.aliases:
                e.ref.aliases.append(m.text)
            if m.name_zh and not e.ref.name_zh:
                e.ref.name_zh = m.name_zh
            for a in m.aliases:
                if a != e.ref.name and a not in e.ref.aliases:
                    e.ref.aliases.append(a)
        for key in (m.text, *m.aliases, m.name_zh):
            if key:
                self._by_name.setdefault(key, e)
        e.mentions.append((m.start, m.end))
        index = self._position[id(e)]
        if (m.start, m.end) not in self._at or index < self._at[(m.start, m.end)][0]:
            self._at[(m.start, m.end)] = (index, e)
        if e.gender is None and self._text is not None:
            left = self._text[max(0, m.start - 30):m.start]
            e.gender = "f" if _FEMALE.search(left) else "m" if _MALE.search(left) else None
        return e

    def entity_of(self, m: PersonMention) -> Entity | None:
        return self._find(m)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The first entity (in the order made) one of whose mentions is exactly this span."""
        got = self._at.get((start, end))
        return got[1] if got else None

    def entity_of_ref(self, ref: PersonRef) -> Entity | None:
        return self._of_ref.get(id(ref))

    def by_short(self, token: str, pos: int) -> Entity | None:
        """The most recent person before ``pos`` whose surname or single name is ``token``."""
        best, best_pos = None, -1
        fallback = None
        for e in self.entities:
            names = [e.ref.name, *e.ref.aliases]
            hit = e.surname == token or any(n == token for n in names) or any(
                len(n.split()) > 1 and (n.split()[0] == token or n.split()[-1] == token) for n in names
            )
            if not hit:
                continue
            before = [s for s, _ in e.mentions if s < pos]
            if before and max(before) > best_pos:
                best, best_pos = e, max(before)
            elif not before and fallback is None:
                fallback = e
        return best or fallback

    def short_regex(self) -> re.Pattern | None:
        keys = set()
        for e in self.entities:
            if e.surname:
                keys.add(e.surname)
            for n in [e.ref.name, *e.ref.aliases]:
                if re.fullmatch(r"[A-Z][\w’'-]+", n or ""):
                    keys.add(n)
        if not keys:
            return None
        titled = "|".join(sorted((re.escape(k) for k in keys), key=len, reverse=True))
        plain = "|".join(sorted((re.escape(k) for k in keys - _NOT_SHORT), key=len, reverse=True)) or "(?!)"
        return re.compile(
            rf"(?:(?<=\bMs\.\s)|(?<=\bMr\.\s)|(?<=\bMrs\.\s)|(?<=\bDr\.\s))(?:{titled})(?![\w-])|(?<![\w.’'-])(?:{plain})(?![\w-])"
        )


@dataclass
class Resolved:
    """A person reference in the text, resolved to one or more people."""

    start: int
    end: int
    text: str
    refs: list[PersonRef]
    kind: str  # full | short | pronoun | plural
    sentence: int
    possessive: bool = False
    source: str = ""
    gender: str | None = None


def resolve_document(
    text: str,
    sentences: list[tuple[int, int]],
    full: list[PersonMention],
    registry: Registry,
) -> list[Resolved]:
    """All person references of an English document, in order, resolved."""
    out: list[Resolved] = []
    short_rx = registry.short_regex()
    para_of = _paragraph_index(text, sentences)
    by_sent: list[list[Resolved]] = [[] for _ in sentences]
    full_sorted = sorted(full, key=lambda m: m.start)
    source_at: dict[int, str] = {}  # start -> the source of the first full mention there
    for m in full_sorted:
        source_at.setdefault(m.start, m.source)
    fi = 0
    pending: list[tuple[Resolved, int]] = []  # counted groups, named after them
    addressee: tuple[int, PersonRef] | None = None  # a letter's "Dear X,": (where, whom)
    if (m := _SALUTATION.search(text)) is not None:
        ent = registry.by_short(m.group(1).split()[-1], len(text))
        if ent is not None:
            addressee = (m.end(), ent.ref)
    for si, (s, e) in enumerate(sentences):
        credit = bool(_CREDIT.match(text[s:e]))
        items: list[tuple[int, int, str, str]] = []
        while fi < len(full_sorted) and full_sorted[fi].start < e:
            m = full_sorted[fi]
            fi += 1
            if m.start >= s:
                items.append((m.start, m.end, "full" if m.full else "short", m.text))
        taken = [(a, b) for a, b, _, _ in items]
        if short_rx is not None:
            for m in short_rx.finditer(text, s, e):
                if not any(m.start() < b and a < m.end() for a, b in taken):
                    items.append((m.start(), m.end(), "short", m.group()))
        if addressee is not None and s >= addressee[0]:
            for m in _SECOND_PERSON.finditer(text, s, e):
                if not any(m.start() < b and a < m.end() for a, b in taken) and not _in_quote(text, s, m.start()):
                    items.append((m.start(), m.end(), "addressee", m.group()))
        for rx, kind in ((SINGULAR, "pronoun"), (PLURAL, "plural"), (COUNTED, "counted")):
            # a count is not read again inside a plural ("the three activists")
            blocked = taken + [(x[0], x[1]) for x in items if x[2] == "plural"] if kind == "counted" else taken
            for m in rx.finditer(text, s, e):
                if not any(m.start() < b and a < m.end() for a, b in blocked):
                    items.append((m.start(), m.end(), kind, m.group()))
        items.sort()
        for a, b, kind, surface in items:
            poss = text[b:b + 2] in ("’s", "'s") or surface.lower() in ("his", "their")
            refs: list[PersonRef] = []
            src = "en.coref:" + kind
            if kind == "full":
                ent = registry.entity_at(a, b)
                refs = [ent.ref] if ent else []
                src = source_at.get(a, "en.person")
            elif kind == "short":
                ent = registry.by_short(surface.split()[-1], a)
                refs = [ent.ref] if ent else []
            elif kind == "addressee":
                # a letter's "you" is the person it is addressed to
                refs, kind, src = [addressee[1]], "pronoun", "en.coref:addressee"
            elif kind == "counted":
                # named in a sentence after it: resolved once the whole document is read
                r = Resolved(a, b, surface, [], "plural", si, False, "en.coref:counted")
                pending.append((r, _group_size(surface) or 0))
                if not credit:
                    by_sent[si].append(r)
                continue
            elif kind == "pronoun":
                after = text[b:b + 6]
                if not surface.lower().startswith(("he", "she", "him", "her", "his")) and re.match(r"\s*(?:\([^)]*\)\s*)?[A-Z]", after):
                    continue  # "the poet Gulnar Ablimit": the description stands before the name
                refs = _antecedent(by_sent, si, a, _PRONOUN_GENDER.get(surface.lower()), registry)
            else:
                after = text[b:b + 8]
                if re.match(r"\s*(?:men|women|activists|lawyers)?\s*[—–:,(-]+\s*[A-Z]", after):
                    continue  # "the three men— A, B and C": the names that follow are the group
                if _GENERIC_GROUP.search(text[s:a]):
                    continue
                n = _group_size(surface)
                refs = (_counted_antecedent(by_sent, si, a, n) if n else None) or _group_antecedent(by_sent, para_of, si, a, text, sentences)
            r = Resolved(a, b, surface, refs, kind, si, poss, src, _PRONOUN_GENDER.get(surface.lower()))
            if not credit:
                by_sent[si].append(r)
            if refs:
                out.append(r)
    for r, n in pending:
        if n >= 2 and (refs := _counted_ahead(by_sent, r.sentence, r.end, n, text, sentences)):
            r.refs = refs
            out.append(r)
    return sorted(out, key=lambda r: r.start) if pending else out


def _counted_ahead(by_sent: list[list[Resolved]], si: int, pos: int, n: int, text: str, sentences: list[tuple[int, int]]) -> list[PersonRef] | None:
    """ "Seven activists were sentenced ... The activists included A, B, ...": the
    first sentence from this one to three after it (names after the count only)
    that names exactly ``n`` people, introduced as the group's members."""
    for j in range(si, min(len(by_sent), si + 4)):
        named = [r for r in by_sent[j] if (j > si or r.start >= pos) and r.kind in ("full", "short")]
        here = _distinct([ref for r in named for ref in r.refs])
        if len(here) == n and _IDENTIFY.search(text, sentences[j][0] if j > si else pos, named[0].start):
            return here
    return None


# the words that name a group's members just before the names ("The activists
# included A, B", "they are", "identified as", "among them", a colon)
_IDENTIFY = re.compile(r"\b(?:include[ds]?|including|are|were|identified\s+as|named(?:\s+as)?|namely|among\s+them)\b|:")


def _paragraph_index(text: str, sentences: list[tuple[int, int]]) -> list[int]:
    out, para, prev_end = [], 0, None
    for s, e in sentences:
        if prev_end is not None and "\n" in text[prev_end:s]:
            para += 1
        out.append(para)
        prev_end = e
    return out


def _antecedent(
    by_sent: list[list[Resolved]], si: int, pos: int, gender: str | None = None, registry: "Registry | None" = None
) -> list[PersonRef]:
    """Most recent person in the sentence, else the first of the previous sentence
    that names one; possessors ("Xu's lawyer") only when nothing else is there.
    A person whose gender the text gave is skipped for a pronoun of the other."""

    def agrees(r: Resolved) -> bool:
        if gender is None or registry is None:
            return True
        ent = registry.entity_of_ref(r.refs[0])
        known = (ent.gender if ent else None) or r.gender
        return known is None or known == gender

    same = [r for r in by_sent[si] if r.end <= pos and r.refs and len(r.refs) == 1 and agrees(r)]
    plain = [r for r in same if not (r.possessive and r.kind != "pronoun")]
    if plain or same:
        return (plain or same)[-1].refs
    for j in range(si - 1, max(-1, si - 4), -1):
        cands = [r for r in by_sent[j] if r.refs and len(r.refs) == 1 and agrees(r)]
        plain = [r for r in cands if not (r.possessive and r.kind != "pronoun")]
        if plain or cands:
            return (plain or cands)[0].refs
    return []


def _distinct(refs: list[PersonRef]) -> list[PersonRef]:
    seen, out = set(), []
    for r in refs:
        if id(r) not in seen:
            seen.add(id(r))
            out.append(r)
    return out


_COUNT = {**NUMBER_WORDS, "pair": 2, "duo": 2, "couple": 2, "trio": 3, "both": 2}


def _group_size(surface: str) -> int | None:
    """ "the three", "all five", "both": how many the plural counts, if it says."""
    for w in re.findall(r"[a-z]+|\d+", surface.lower()):
        if w.isdigit():
            return int(w)
        if w in _COUNT:
            return _COUNT[w]
    return None


def _counted_antecedent(by_sent: list[list[Resolved]], si: int, pos: int, n: int) -> list[PersonRef] | None:
    """ "All five had been indicted": the nearest sentence before (within twelve)
    that names exactly five people, else the last five people named, when the
    text names that many; None when it does not."""
    acc: list[PersonRef] = []
    for j in range(si, max(-1, si - 13), -1):
        here = _distinct([ref for r in by_sent[j] if (j < si or r.end <= pos) and r.kind != "plural" for ref in r.refs])
        if len(here) == n:
            return here
        for ref in reversed(here):
            if all(ref is not x for x in acc):
                acc.append(ref)
    return list(reversed(acc[:n])) if len(acc) >= n else None


def _group_antecedent(
    by_sent: list[list[Resolved]], para_of: list[int], si: int, pos: int, text: str, sentences: list[tuple[int, int]]
) -> list[PersonRef]:
    para = para_of[si]
    sents = []  # this paragraph's sentences up to si, latest first (paragraph numbers only grow)
    for j in range(si, -1, -1):
        if para_of[j] != para:
            break
        sents.append(j)
    # a sentence of this paragraph naming two or more people
    for j in sents:
        group = _distinct([ref for r in by_sent[j] if (j < si or r.end <= pos) and r.kind != "plural" for ref in r.refs])
        if len(group) >= 2:
            return group
    in_para = _distinct([ref for j in sents for r in by_sent[j] if (j < si or r.end <= pos) for ref in r.refs])
    if in_para:
        return in_para
    if sents and _GENERIC_GROUP.search(text[sentences[min(sents)][0]:pos]):
        return []
    acc: list[PersonRef] = []
    j = min(sents) - 1 if sents else si - 1
    while j >= 0 and len(acc) < 2 and si - j <= 12:
        for r in reversed(by_sent[j]):
            for ref in r.refs:
                if all(ref is not x for x in acc):
                    acc.append(ref)
        j -= 1
    return acc
