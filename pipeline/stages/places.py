"""Places and facilities in English and Chinese text.

The API the English and Chinese extractors call:

* :func:`find_places_en` — gazetteer names ("Changsha", "Cili County", "Inner
  Mongolia"), exonyms ("Kashgar", "Sha Tin") and facilities ("Nanchang Hongdu
  Prison", "Beijing No. 2 Intermediate People's Court").
* :func:`find_places_zh` — the same for Simplified and Traditional Chinese
  (北京市, 临沂市临沭县, 广州白云区看守所, 九龍城裁判法院).
* :func:`resolve` — administrative data for a place string in either language.

Every :class:`~pipeline.mentions.Mention` has ``kind="place"``, offsets into the
text as given (``text[m.start:m.end] == m.text``), and ``value`` with the keys of
:data:`VALUE_KEYS`:

* ``name``: as written (Traditional stays Traditional); ``name_en``: English
  (exonym or pinyin; for an English facility, as written); ``name_zh``:
  Simplified Chinese, or None when unknown;
* ``admin_code``: GB/T 2260 code of the most specific administrative place (None
  for countries, Kowloon-like areas and facilities with no known place);
  ``admin_level``: country | region | province | prefecture | county;
  ``parent_code``, ``province_code``;
* ``facility_kind``: detention_center | prison | court | police | psychiatric |
  camp | hotel | other, or None for a plain place.

``source`` says which entry matched: ``gazetteer:en:430100``, ``alias:en:lhasa``,
``facility:en:prison`` (``:unplaced`` when no gazetteer place precedes it,
``:of`` for "Court of Changsha"), ``gazetteer:zh:…``, ``facility:zh:kanshousuo``.
``score`` is lower for bare, ambiguous or unplaced matches.

All names, suffixes and facility words are data under
``pipeline/resources/places``, validated with pydantic when first loaded and
cached (``lru_cache``); a bad entry raises :class:`~pipeline.errors.ResourceError`.
"""
from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import ResourceError
from pipeline.mentions import Mention
from pipeline.resources import read_text, validated

log = logging.getLogger(__name__)

Level = Literal["country", "region", "province", "prefecture", "county"]
FacilityKind = Literal["detention_center", "prison", "court", "police", "psychiatric", "camp", "hotel", "other"]
VALUE_KEYS = ("name", "name_en", "name_zh", "admin_code", "admin_level", "parent_code", "province_code", "facility_kind")
LEVEL_RANK = {"country": 0, "province": 1, "region": 2, "prefecture": 3, "county": 4}
DIR = "places"

# --------------------------------------------------------------------------- schemas


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GazetteerRow(_Entry):
    code: str = Field(pattern=r"^\d{6}$")
    name_zh: str = Field(min_length=1)
    short_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    pinyin: str = Field(min_length=1)
    level: Literal["province", "prefecture", "county"]
    parent_code: str = Field(pattern=r"^(\d{6})?$")
    province_code: str = Field(pattern=r"^\d{6}$")


class AliasRow(_Entry):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    variants: list[str] = []
    code: str = Field(default="", pattern=r"^(\d{6})?$")
    level: Level | None = None
    parent_code: str = Field(default="", pattern=r"^(\d{6})?$")
    name_zh: str = ""
    variants_zh: list[str] = []
    preferred: bool = False

    @field_validator("variants", "variants_zh", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        return [x.strip() for x in v.split("|") if x.strip()] if isinstance(v, str) else v

    @field_validator("level", mode="before")
    @classmethod
    def _empty_level(cls, v: object) -> object:
        return v or None

    @field_validator("preferred", mode="before")
    @classmethod
    def _flag(cls, v: object) -> object:
        return v == "1" if isinstance(v, str) else v

    @model_validator(mode="after")
    def _standalone_needs_level(self) -> "AliasRow":
        if not self.code and (not self.level or not self.name_zh):
            raise ValueError("an alias without a code needs level and name_zh")
        return self


class AdminSuffix(_Entry):
    id: str
    words: str = Field(min_length=1)
    level: Level | None = None
    zh_suffixes: list[str] = []
    lowercase_ok: bool = False  # "Haidian district" as well as "Haidian District"


class SubunitSuffix(_Entry):
    id: str
    words: str = Field(min_length=1)


class FacilityHeadEn(_Entry):
    id: str
    words: str = Field(min_length=1)
    kind: FacilityKind
    zh: str = ""
    standalone: bool = False


class PatternsEn(_Entry):
    admin_suffixes: list[AdminSuffix]
    subunit_suffixes: list[SubunitSuffix]
    ethnonyms: list[str]
    facility_modifiers: list[str]
    facility_ordinals: list[str]
    facility_heads: list[FacilityHeadEn]
    function_words: list[str]
    surnames: list[str]
    no_bare: list[str]


class FacilityHeadZh(_Entry):
    id: str
    head: str = Field(min_length=2)
    kind: FacilityKind
    en: str
    standalone: bool = False


class RomanizedSuffix(_Entry):
    id: str
    zh: str = Field(min_length=1, max_length=1)
    en: str = Field(min_length=1)


class PatternsZh(_Entry):
    facility_heads: list[FacilityHeadZh]
    name_stop_chars: str
    ordinal_pattern: str
    name_pos_tags: list[str]
    no_bare: list[str]
    surname_chars: str
    title_end_chars: str
    romanized_suffixes: list[RomanizedSuffix]


# --------------------------------------------------------------------------- loading


def _tsv_rows(name: str) -> list[dict[str, str]]:
    try:
        text = read_text(DIR, name)
    except OSError as exc:
        raise ResourceError("E001", f"{DIR}/{name}: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [dict(r) for r in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")]


def _unique(ids: Iterable[str], name: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ResourceError("E003", f"{DIR}/{name}: duplicate id {i!r}")
        seen.add(i)


@lru_cache(maxsize=1)
def gazetteer_rows() -> tuple[GazetteerRow, ...]:
    rows = validated(GazetteerRow, _tsv_rows("gazetteer.tsv"), f"{DIR}/gazetteer.tsv")
    _unique((r.code for r in rows), "gazetteer.tsv")
    codes = {r.code for r in rows}
    for r in rows:
        if r.parent_code and r.parent_code not in codes:
            raise ResourceError("E003", f"{DIR}/gazetteer.tsv: {r.code} has unknown parent {r.parent_code}")
    return tuple(rows)


@lru_cache(maxsize=1)
def alias_rows() -> tuple[AliasRow, ...]:
    rows = validated(AliasRow, _tsv_rows("aliases_en.tsv"), f"{DIR}/aliases_en.tsv")
    _unique((r.id for r in rows), "aliases_en.tsv")
    codes = {r.code for r in gazetteer_rows()}
    for r in rows:
        for c in (r.code, r.parent_code):
            if c and c not in codes:
                raise ResourceError("E003", f"{DIR}/aliases_en.tsv entry {r.id}: unknown code {c}")
    return tuple(rows)


def _patterns(model: type[BaseModel], name: str) -> BaseModel:
    try:
        data = yaml.safe_load(read_text(DIR, name))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError("E001", f"{DIR}/{name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError("E002", f"{DIR}/{name}: expected a mapping")
    for key, items in data.items():
        if isinstance(items, list) and items and isinstance(items[0], dict):
            _unique((str(i.get("id")) for i in items), f"{name} {key}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        entry = data.get(loc[0]) if loc else None
        if isinstance(entry, list) and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(entry):
            entry = entry[loc[1]]
        where = ".".join(str(x) for x in loc)
        raise ResourceError("E002", f"{DIR}/{name} entry {where} ({entry!r}): {err['msg']}") from exc


@lru_cache(maxsize=1)
def patterns_en() -> PatternsEn:
    return _patterns(PatternsEn, "patterns_en.yaml")  # type: ignore[return-value]


@lru_cache(maxsize=1)
def patterns_zh() -> PatternsZh:
    return _patterns(PatternsZh, "patterns_zh.yaml")  # type: ignore[return-value]


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """One gazetteer or alias place, in both languages."""

    key: str  # GB/T 2260 code, or "alias:<id>" for places outside the code list
    name_en: str
    name_zh: str
    short_zh: str
    level: Level
    code: str | None
    parent_code: str | None
    province_code: str | None

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]

    def within(self, other: "Place") -> bool:
        """True when this place lies inside ``other`` (by code prefix or parent)."""
        if other.key == "alias:china":
            return self.key != other.key and (self.code is not None or self.province_code is not None)
        if other.code and self.code:
            width = {"province": 2, "prefecture": 4}.get(other.level, 6)
            return self.code != other.code and self.code[:width] == other.code[:width]
        return bool(other.code) and self.parent_code == other.code

    def value(self, name: str, facility_kind: str | None = None) -> dict:
        return {
            "name": name,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "admin_code": self.code,
            "admin_level": self.level,
            "parent_code": self.parent_code,
            "province_code": self.province_code,
            "facility_kind": facility_kind,
        }


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for r in gazetteer_rows():
        out[r.code] = Place(r.code, r.name_en, r.name_zh, r.short_zh, r.level, r.code, r.parent_code or None, r.province_code)
    for a in alias_rows():
        if a.code:
            continue
        parent = out.get(a.parent_code) if a.parent_code else None
        out[f"alias:{a.id}"] = Place(
            f"alias:{a.id}", a.name, a.name_zh, a.name_zh, a.level or "region", None,
            a.parent_code or None, parent.province_code if parent else None,
        )
    return out


def _preference(p: Place) -> tuple:
    return (p.rank, p.code or "~", p.key)


# --------------------------------------------------------------------------- English index

_TOKEN = re.compile(r"\w+(?:['’]\w+)*['’]?|[^\w\s]")


@dataclass(frozen=True)
class EnCandidate:
    place: Place
    bare_ok: bool
    source: str


@dataclass
class EnIndex:
    places: dict[tuple[str, ...], tuple[EnCandidate, ...]]
    place_max: int
    suffixes: dict[tuple[str, ...], AdminSuffix]
    suffix_max: int
    heads: dict[tuple[str, ...], FacilityHeadEn]
    head_max: int
    subunits: dict[tuple[str, ...], SubunitSuffix]
    head_starts: frozenset[str]
    ethnonyms: frozenset[str]
    modifiers: frozenset[str]
    ordinals: frozenset[str]
    function_words: frozenset[str]
    surnames: frozenset[str]
    starts: frozenset[str]


def _tok(s: str) -> tuple[str, ...]:
    return tuple(m.group().replace("’", "'") for m in _TOKEN.finditer(s))


def _en_variants(name: str) -> set[str]:
    """Spellings of one English name: Lüliang/Luliang/Lvliang, Yan'an/Yanan."""
    out = {name}
    if "ü" in name:
        out |= {name.replace("ü", "u"), name.replace("ü", "v")}
    return out | {n.replace("'", "") for n in out}


@lru_cache(maxsize=1)
def en_index() -> EnIndex:
    pat = patterns_en()
    table = places()
    raw: dict[tuple[str, ...], dict[str, EnCandidate]] = {}
    no_bare = set(pat.no_bare)
    surnames = set(pat.surnames)

    def add(name: str, place: Place, bare_ok: bool, source: str) -> None:
        for v in _en_variants(name):
            key = _tok(v)
            if not key:
                continue
            ok = bare_ok and v not in no_bare and not (v != name and v in surnames)
            slot = raw.setdefault(key, {})
            old = slot.get(place.key)
            if old is None or (ok and not old.bare_ok):
                slot[place.key] = EnCandidate(place, ok, source)

    # How many places share each romanized name decides whether a county may stand alone.
    counts: dict[str, int] = {}
    for r in gazetteer_rows():
        for n in {r.name_en, r.pinyin}:
            counts[n] = counts.get(n, 0) + 1
    english = {r.name_en for r in gazetteer_rows()}
    for r in gazetteer_rows():
        place = table[r.code]
        # Plain pinyin that is another place's English name (陕西 Shanxi vs 山西 Shanxi) is left out.
        for n in {r.name_en} | ({r.pinyin} if r.pinyin == r.name_en or r.pinyin not in english else set()):
            # County-level units stand alone only with a name of their own: 3+ characters
            # (Xinjiang's Yarkand as 莎车 needs an exonym), or a county-level city (Kunshan).
            bare = r.level != "county" or (counts[n] == 1 and (len(r.short_zh) >= 3 or r.name_zh.endswith("市")))
            add(n, place, bare, f"gazetteer:en:{r.code}")
    for a in alias_rows():
        place = table[a.code] if a.code else table[f"alias:{a.id}"]
        for n in (a.name, *a.variants):
            add(n, place, True, f"alias:en:{a.id}")
    cands = {k: tuple(sorted(v.values(), key=lambda c: _preference(c.place))) for k, v in raw.items()}
    suffixes = {_tok(s.words): s for s in pat.admin_suffixes}
    suffixes |= {tuple(w.lower() for w in k): s for k, s in suffixes.items() if s.lowercase_ok}
    heads = {tuple(t.lower() for t in _tok(h.words)): h for h in pat.facility_heads}
    starts = {k[0] for k in cands}
    log.debug("English place index: %d names, %d facility words", len(cands), len(heads))
    return EnIndex(
        places=cands, place_max=max(len(k) for k in cands),
        suffixes=suffixes, suffix_max=max(len(k) for k in suffixes),
        heads=heads, head_max=max(len(k) for k in heads),
        subunits={tuple(t.lower() for t in _tok(u.words)): u for u in pat.subunit_suffixes},
        head_starts=frozenset(k[0] for k in heads),
        ethnonyms=frozenset(pat.ethnonyms), modifiers=frozenset(pat.facility_modifiers),
        ordinals=frozenset(pat.facility_ordinals),
        function_words=frozenset(pat.function_words), surnames=frozenset(pat.surnames),
        starts=frozenset(starts),
    )


# --------------------------------------------------------------------------- English matching


class Tok(NamedTuple):
    start: int
    end: int
    text: str  # ’ folded to '


class _Tokens:
    """Tokens of a text window and whether neighbours sit on the same line of words."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.toks = [Tok(m.start(), m.end(), m.group().replace("’", "'")) for m in _TOKEN.finditer(text, start, end)]
        self.texts = [t.text for t in self.toks]
        # Tokens cover every non-space character, so the gap before a token is whitespace only.
        self.join = [False] + [text.count("\n", a.end, b.start) <= 1 for a, b in zip(self.toks, self.toks[1:])]

    def __len__(self) -> int:
        return len(self.toks)

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 with only spaces and at most one line break between."""
        return 0 < i < len(self.toks) and self.join[i]

    def span_ok(self, i: int, n: int) -> bool:
        return i + n <= len(self.toks) and all(self.join[i + 1:i + n])

    def key(self, i: int, n: int) -> tuple[str, ...]:
        return tuple(self.texts[i:i + n])


@dataclass
class _PlaceHit:
    end_tok: int  # index after the last token used
    end: int  # character end (a trailing 's is left out)
    cands: tuple[EnCandidate, ...]
    suffix: AdminSuffix | None


def _match_place(tk: _Tokens, i: int, ix: EnIndex) -> _PlaceHit | None:
    if tk.toks[i].text not in ix.starts and not tk.toks[i].text.endswith("'s"):
        return None
    for n in range(min(ix.place_max, len(tk) - i), 0, -1):
        if not tk.span_ok(i, n):
            continue
        key = tk.key(i, n)
        end = tk.toks[i + n - 1].end
        cands = ix.places.get(key)
        if cands is None and key[-1].endswith("'s"):
            cands = ix.places.get(key[:-1] + (key[-1][:-2],))
            end -= 2
            if cands is not None:
                return _PlaceHit(i + n, end, cands, None) if any(c.bare_ok for c in cands) else None
        if cands is None:
            continue
        hit = _PlaceHit(i + n, end, cands, None)
        _take_suffix(tk, hit, ix)
        if hit.suffix is None and not any(c.bare_ok for c in cands):
            return None
        return hit
    return None


def _take_suffix(tk: _Tokens, hit: _PlaceHit, ix: EnIndex) -> None:
    k = hit.end_tok
    if hit.end != tk.toks[k - 1].end:  # ended on a possessive
        return
    j = k
    while j < len(tk) and tk.joined(j) and (tk.toks[j].text in ix.ethnonyms or (tk.toks[j].text == "and" and j > k)):
        j += 1
    for start in ((j, k) if j > k else (k,)):
        for n in range(min(ix.suffix_max, len(tk) - start), 0, -1):
            if not (tk.joined(start) and tk.span_ok(start, n)):
                continue
            suf = ix.suffixes.get(tk.key(start, n))
            if suf is None or (start > k and not suf.words.startswith("Autonomous")):
                continue
            hit.suffix = suf
            hit.end_tok = start + n
            hit.end = tk.toks[start + n - 1].end
            return


def _choose(hit: _PlaceHit, outer: Place | None) -> tuple[Place, bool]:
    """The place a hit most likely names, and whether the choice was ambiguous."""
    cands = [c.place for c in hit.cands]
    if outer is not None:
        inside = [p for p in cands if p.within(outer)]
        cands = inside or cands
    if hit.suffix is not None:
        suf = hit.suffix
        fit = [p for p in cands if (suf.level is None or p.level == suf.level)
               and (not suf.zh_suffixes or any(p.name_zh.endswith(z) for z in suf.zh_suffixes))]
        cands = fit or cands
    cands.sort(key=_preference)
    best = cands[0]
    ambiguous = len({p.key for p in cands if p.rank == best.rank}) > 1
    return best, ambiguous


def _name_like(tok: str, ix: EnIndex) -> bool:
    """A romanized Chinese surname, which makes a neighbouring place part of a person's name."""
    return tok in ix.surnames


def _bare_place(tok: str, ix: EnIndex) -> bool:
    return any(c.bare_ok for c in ix.places.get((tok,), ()))


def _capitalized_neighbour(tk: _Tokens, i: int, j: int, ix: EnIndex, possessive: bool) -> bool:
    def cap(t: str) -> bool:
        return t[:1].isupper() and t not in ix.function_words

    before = i > 0 and tk.joined(i) and cap(tk.texts[i - 1])
    after = not possessive and j < len(tk) and tk.joined(j) and cap(tk.texts[j])
    return before or after


def _guarded(tk: _Tokens, i: int, j: int, ix: EnIndex, possessive: bool = False) -> bool:
    """True when a bare place at tokens [i, j) looks like part of a person's name."""
    if i > 0 and tk.joined(i):
        prev = tk.toks[i - 1].text
        if _name_like(prev, ix) and not _bare_place(prev, ix):
            return True
    if j < len(tk) and tk.joined(j) and not possessive:
        nxt = tk.toks[j].text
        if _name_like(nxt, ix) and not _bare_place(nxt, ix):
            return True
    if i > 0 and tk.toks[i - 1].text == "-" and tk.toks[i - 1].end == tk.toks[i].start:
        return True
    return False


@dataclass
class _FacilityHit:
    end_tok: int
    head: FacilityHeadEn
    name_words: int
    numbered: bool  # "No. 2", "Second": the facility is one of several

    @property
    def plain(self) -> bool:
        return self.name_words == 0 and not self.numbered


_NUMBER = re.compile(r"No\d+|\d+")


def _match_head(tk: _Tokens, k: int, ix: EnIndex) -> tuple[int, FacilityHeadEn] | None:
    if tk.texts[k].lower() not in ix.head_starts:
        return None
    for n in range(min(ix.head_max, len(tk) - k), 0, -1):
        if not tk.span_ok(k, n):
            continue
        head = ix.heads.get(tuple(t.lower() for t in tk.key(k, n)))
        if head is not None:
            return k + n, head
    return None


def _modifier_width(tk: _Tokens, k: int, ix: EnIndex) -> int:
    """Tokens taken by a modifier at k: "No . 2" (3), "No2"/"2"/"Second"/"Municipal" (1), else 0."""
    t = tk.texts[k]
    if t == "No" and k + 2 < len(tk) and tk.texts[k + 1] == "." and tk.texts[k + 2].isdigit():
        return 3
    return 1 if _NUMBER.fullmatch(t) or t in ix.ordinals or t in ix.modifiers else 0


def _match_facility(tk: _Tokens, k: int, ix: EnIndex, max_names: int = 3) -> _FacilityHit | None:
    """Modifiers, up to ``max_names`` name words, then a facility word, starting at token k."""
    first = True
    names = 0
    numbered = False
    while k < len(tk) and (first or tk.joined(k)):
        first = False
        t = tk.texts[k]
        got = _match_head(tk, k, ix)
        if got is not None:
            return _FacilityHit(got[0], got[1], names, numbered)
        step = _modifier_width(tk, k, ix) if names == 0 else 0
        if step:
            numbered = numbered or tk.texts[k] not in ix.modifiers
            k += step
            continue
        if t[:1].isupper() and t not in ix.function_words and names < max_names:
            names += 1
            k += 1
            continue
        return None
    return None


def _en_mention(text: str, start: int, end: int, place: Place | None, source: str, score: float,
                facility: FacilityHeadEn | None = None, plain: bool = False) -> Mention:
    written = text[start:end]
    if place is not None:
        value = place.value(written, facility.kind if facility else None)
        if facility is not None:
            value["name_en"] = written
            # 长沙市看守所 for "Changsha Detention Center"; no guess for "Changsha No. 1 ..." or named ones.
            value["name_zh"] = place.name_zh + facility.zh if plain and facility.zh else None
    else:
        value = {k: None for k in VALUE_KEYS} | {"name": written, "name_en": written,
                                                 "facility_kind": facility.kind if facility else None}
    return Mention("place", start, end, written, value, source, round(score, 3))


def find_places_en(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Places and facilities in English ``text[start:end]``; offsets index ``text``."""
    ix = en_index()
    tk = _Tokens(text, start, len(text) if end is None else end)
    out: list[Mention] = []
    i = 0
    while i < len(tk):
        t = tk.texts[i]
        if not t[:1].isupper() and t not in ix.starts:
            i += 1
            continue
        got = _en_at(text, tk, i, ix)
        if got is None:
            i += 1
            continue
        mention, i = got
        out.append(mention)
    return out


class DocumentPlaces:
    """The place mentions of one document's sentences, each sentence read once.

    The English stage reads the places of its trigger sentences and the slot
    options (``pipeline/stages/slots.py``) those of the sentences around each
    trigger: mostly the same sentences. The lists handed out are shared; no
    caller changes them."""

    def __init__(self, text: str):
        self.text = text
        self._found: dict[tuple[int, int, bool], list[Mention]] = {}

    def find(self, start: int, end: int, lang: str) -> list[Mention]:
        key = (start, end, lang == "en")
        got = self._found.get(key)
        if got is None:
            got = self._found[key] = (find_places_en if lang == "en" else find_places_zh)(self.text, start, end)
        return got


def _en_at(text: str, tk: _Tokens, i: int, ix: EnIndex) -> tuple[Mention, int] | None:
    chain: list[tuple[_PlaceHit, Place, bool]] = []
    k = i
    outer: Place | None = None
    while k < len(tk) and (k == i or tk.joined(k)):
        hit = _match_place(tk, k, ix)
        if hit is None:
            break
        place, ambiguous = _choose(hit, outer)
        if outer is not None and not place.within(outer):
            break
        chain.append((hit, place, ambiguous))
        outer = place
        k = hit.end_tok
        if hit.end != tk.toks[k - 1].end:
            break
    s = tk.toks[i].start
    if chain:
        last_hit, place, ambiguous = chain[-1]
        sub = _match_subunit(tk, k, ix) if last_hit.end == tk.toks[k - 1].end else None
        if sub is not None:
            k, last_hit = sub, _PlaceHit(sub, tk.toks[sub - 1].end, last_hit.cands, last_hit.suffix)
            chain.append((last_hit, place, ambiguous))
        if last_hit.end == tk.toks[k - 1].end and k < len(tk) and tk.joined(k):
            fac = _match_facility(tk, k, ix)
            if fac is not None:
                e = tk.toks[fac.end_tok - 1].end
                score = 0.95 - (0.1 if ambiguous else 0.0)
                m = _en_mention(text, s, e, place, f"facility:en:{fac.head.id}", score, fac.head, fac.plain)
                return m, fac.end_tok
        bare = len(chain) == 1 and last_hit.suffix is None
        possessive = last_hit.end != tk.toks[k - 1].end
        if bare and _guarded(tk, i, k, ix, possessive):
            return None
        if bare and place.level == "county" and _capitalized_neighbour(tk, i, k, ix, possessive):
            return None  # "Rushan Abbas": a bare county-level name needs plain surroundings
        score = (0.8 if bare else 0.9) - (0.15 if ambiguous else 0.0) - (0.1 if bare and place.level == "county" else 0.0)
        source = next(c.source for c in last_hit.cands if c.place.key == place.key)
        return _en_mention(text, s, last_hit.end, place, source, score), k
    return _unplaced_facility_en(text, tk, i, ix)


def _match_subunit(tk: _Tokens, k: int, ix: EnIndex) -> int | None:
    """'Gaoxin District' after a place: one or two name words and a sub-unit word."""
    for names in (1, 2):
        j = k + names
        if not (j < len(tk) and tk.span_ok(k - 1, names + 2)):
            return None
        words = [t.text for t in tk.toks[k:j]]
        if not all(w[:1].isupper() and w not in ix.function_words for w in words):
            return None
        for n in (3, 2, 1):
            if tk.span_ok(j, n) and tuple(t.lower() for t in tk.key(j, n)) in ix.subunits:
                return j + n
    return None


def _facility_of_place(text: str, tk: _Tokens, i: int, fac: _FacilityHit, ix: EnIndex) -> tuple[Mention, int] | None:
    """'the Intermediate People's Court of Changsha': a facility word, "of", then a place."""
    k = fac.end_tok
    if not (k + 1 < len(tk) and tk.texts[k] == "of" and tk.joined(k) and tk.joined(k + 1)):
        return None
    hit = _match_place(tk, k + 1, ix)
    if hit is None:
        return None
    place, ambiguous = _choose(hit, None)
    score = 0.9 - (0.1 if ambiguous else 0.0)
    m = _en_mention(text, tk.toks[i].start, hit.end, place, f"facility:en:{fac.head.id}:of", score, fac.head)
    return m, hit.end_tok


def _unplaced_facility_en(text: str, tk: _Tokens, i: int, ix: EnIndex) -> tuple[Mention, int] | None:
    """'Qincheng Prison', 'Supreme People's Court': a facility with no gazetteer place before it."""
    t = tk.toks[i].text
    if not t[:1].isupper() or t in ix.function_words:
        return None
    if i > 0 and tk.joined(i) and tk.toks[i - 1].text[:1].isupper() and tk.toks[i - 1].text not in ix.function_words:
        return None  # not the start of the capitalized run
    fac = _match_facility(tk, i, ix, max_names=2)
    if fac is None:
        return None
    if fac.name_words == 0:
        got = _facility_of_place(text, tk, i, fac, ix)
        if got is not None or not fac.head.standalone:
            return got
    e = tk.toks[fac.end_tok - 1].end
    score = 0.85 if fac.name_words == 0 else 0.6
    return _en_mention(text, tk.toks[i].start, e, None, f"facility:en:{fac.head.id}:unplaced", score, fac.head), fac.end_tok


# --------------------------------------------------------------------------- Chinese


@lru_cache(maxsize=1)
def _t2s():
    from pipeline.resources import opencc

    return opencc("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    if ch < "\u2e80":
        return ch
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def fold_zh(text: str) -> str:
    """Traditional to Simplified, one character at a time, so offsets map 1:1."""
    table = {ord(c): _fold_char(c) for c in set(text) if c >= "\u2e80"}
    return text.translate(table) if table else text


@dataclass(frozen=True)
class ZhCandidate:
    place: Place
    how: Literal["full", "short", "alias"]
    source: str


@dataclass
class ZhIndex:
    names: dict[str, tuple[ZhCandidate, ...]]  # names that may match in running text
    weak: frozenset[str]  # of those, the ones that need a containing place or a facility word
    all_names: dict[str, tuple[ZhCandidate, ...]]  # every name, for resolve()
    lengths: dict[str, tuple[int, ...]]  # first character -> name lengths, longest first
    heads: dict[str, FacilityHeadZh]
    head_lengths: dict[str, tuple[int, ...]]
    stop: frozenset[str]
    ordinal: re.Pattern[str]
    name_tags: frozenset[str]
    surnames: frozenset[str]
    title_ends: frozenset[str]
    suffixes_en: dict[str, str]


def _zh_strength(name: str, cands: list[ZhCandidate], no_bare: set[str]) -> Literal["strong", "weak"] | None:
    """How a Chinese name may match in running text.

    strong: alone (北京, 临沂市, 张家界); weak: only inside a place it belongs to (山东日照,
    北京朝阳, 临沂临沭) or before a facility word when it names one place (临沭看守所);
    None: never (single characters).
    """
    if len(name) < 2:
        return None
    if any(c.how == "alias" for c in cands):
        return "strong"
    distinct = {c.place.key for c in cands}
    top = min(c.place.rank for c in cands)
    if all(c.how == "short" for c in cands):
        if name in no_bare:
            return "weak"
        if top <= LEVEL_RANK["prefecture"] or (len(distinct) == 1 and len(name) >= 3):
            return "strong"
        return "weak"
    return "strong" if len(name) >= 3 or len(distinct) == 1 else "weak"


@lru_cache(maxsize=1)
def zh_index() -> ZhIndex:
    pat = patterns_zh()
    table = places()
    raw: dict[str, dict[str, ZhCandidate]] = {}

    def add(name: str, place: Place, how: str, source: str) -> None:
        slot = raw.setdefault(fold_zh(name), {})
        old = slot.get(place.key)
        if old is None or (old.how == "short" and how != "short"):
            slot[place.key] = ZhCandidate(place, how, source)  # type: ignore[arg-type]

    for r in gazetteer_rows():
        add(r.name_zh, table[r.code], "full", f"gazetteer:zh:{r.code}")
        if r.short_zh != r.name_zh:
            add(r.short_zh, table[r.code], "short", f"gazetteer:zh:{r.code}")
    for a in alias_rows():
        place = table[a.code] if a.code else table[f"alias:{a.id}"]
        for n in ([a.name_zh] if a.name_zh else []) + a.variants_zh:
            add(n, place, "alias", f"alias:zh:{a.id}")
    no_bare = set(pat.no_bare)
    ordered = {k: tuple(sorted(v.values(), key=lambda c: (c.how == "short", _preference(c.place)))) for k, v in raw.items()}
    strength = {k: _zh_strength(k, list(v), no_bare) for k, v in ordered.items()}
    names = {k: v for k, v in ordered.items() if strength[k]}
    weak = frozenset(k for k, v in strength.items() if v == "weak")
    heads = {h.head: h for h in pat.facility_heads}
    log.debug("Chinese place index: %d names (%d strong, %d weak)", len(ordered), len(names) - len(weak), len(weak))
    return ZhIndex(names, weak, ordered, _lengths(names), heads, _lengths(heads), frozenset(pat.name_stop_chars),
                   re.compile(pat.ordinal_pattern), frozenset(pat.name_pos_tags), frozenset(pat.surname_chars),
                   frozenset(pat.title_end_chars), {r.zh: r.en for r in pat.romanized_suffixes})


def _lengths(keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    acc: dict[str, set[int]] = {}
    for k in keys:
        acc.setdefault(k[0], set()).add(len(k))
    return {c: tuple(sorted(v, reverse=True)) for c, v in acc.items()}


def _longest(s: str, i: int, end: int, table: dict, lengths: dict[str, tuple[int, ...]]) -> str | None:
    for n in lengths.get(s[i], ()):
        if i + n <= end and s[i:i + n] in table:
            return s[i:i + n]
    return None


_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", '"': '"'}
_HAN_RUN = re.compile(r"[\u3400-\u9fff〇]+")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch == "〇"


def _choose_zh(cands: tuple[ZhCandidate, ...], outer: Place | None) -> tuple[ZhCandidate, bool]:
    pool = list(cands)
    if outer is not None:
        pool = [c for c in pool if c.place.within(outer)] or pool
    pool.sort(key=lambda c: (c.how == "short", _preference(c.place)))
    best = pool[0]
    ambiguous = len({c.place.key for c in pool if c.place.rank == best.place.rank and c.how == best.how}) > 1
    return best, ambiguous


_ORDINALS = "一二三四五六七八九十"


def _romanize(zh: str, suffixes: dict[str, str]) -> str:
    """Pinyin for a name part: 第二 -> No. 2, 闸北区 -> Zhabei District, 云岗 -> Yungang."""
    from pipeline.resources import pypinyin

    Style, lazy_pinyin = pypinyin().Style, pypinyin().lazy_pinyin

    words: list[str] = []
    m = re.match(r"第([一二三四五六七八九十]|\d+)", zh)
    if m:
        n = m.group(1)
        words.append(f"No. {_ORDINALS.index(n) + 1 if n in _ORDINALS else n}")
        zh = zh[m.end():]
    tail = suffixes.get(zh[-1:]) if len(zh) > 2 else None
    stem = (zh[:-1] if tail else zh).replace("某", "")
    syl = "".join(s for s in lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True) if s.isalpha())
    if syl:
        words.append(syl.capitalize())
    if tail:
        words.append(tail)
    return " ".join(words)


def _zh_facility(s: str, k: int, end: int, ix: ZhIndex) -> tuple[int, FacilityHeadZh, str] | None:
    """Ordinal, up to six name characters, then a facility word, starting at k.

    The facility may be quoted after its place: 临沭县“人民法院” (the closing quote is kept).
    """
    close = _QUOTES.get(s[k]) if k < end else None
    name_start = k + 1 if close else k
    m = ix.ordinal.match(s, name_start, end)
    j = m.end() if m else name_start
    for n in range(0, 7):
        p = j + n
        if p >= end:
            return None
        head = _longest(s, p, end, ix.heads, ix.head_lengths)
        if head is not None:
            e = p + len(head)
            if close and not (e < end and s[e] == close):
                return None
            return (e + 1 if close else e), ix.heads[head], s[name_start:p]
        ch = s[p]
        if not (_is_han(ch) or ch.isdigit()) or ch in ix.stop:
            return None
    return None


def _zh_facility_tail(s: str, e: int, end: int, ix: ZhIndex) -> int:
    """Extend a facility by a sub-unit: 北京市公安局 + 朝阳分局."""
    for n in range(0, 5):
        p = e + n
        if p >= end:
            break
        head = _longest(s, p, end, ix.heads, ix.head_lengths)
        if head is not None and head not in ("法院", "医院"):
            return p + len(head)
        if not _is_han(s[p]) or s[p] in ix.stop:
            break
    return e


def _zh_mention(text: str, s: str, a: int, b: int, place: Place | None, source: str, score: float,
                head: FacilityHeadZh | None = None, middle: str = "") -> Mention:
    written = text[a:b]
    folded = s[a:b]
    if place is None:
        value = {k: None for k in VALUE_KEYS} | {"name": written, "name_zh": folded, "name_en": _romanize(folded, zh_index().suffixes_en)}
    else:
        value = place.value(written)
    if head is not None:
        value["facility_kind"] = head.kind
        value["name_zh"] = folded
        parts = [place.name_en] if place is not None else []
        if middle:
            parts.append(_romanize(middle, zh_index().suffixes_en))
        value["name_en"] = " ".join(parts + [head.en])
    return Mention("place", a, b, written, value, source, round(score, 3))


def find_places_zh(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Places and facilities in Chinese (Simplified or Traditional) ``text[start:end]``."""
    ix = zh_index()
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    # Work on the window (plus two characters of left context for the surname guard).
    lo = max(0, start - 2)
    window = text[lo:end]
    s = fold_zh(window)
    a, b = start - lo, len(window)
    out: list[Mention] = []
    i = a
    for run in _HAN_RUN.finditer(s, a, b):
        i = max(i, run.start())
        while i < run.end():
            got = _zh_at(window, s, i, b, ix) if s[i] in ix.lengths else None
            if got is None:
                i += 1
                continue
            mention, i = got
            out.append(mention)
    out.extend(_unplaced_facilities_zh(window, s, a, b, ix, out))
    out.sort(key=lambda m: m.start)
    for m in out:
        m.start += lo
        m.end += lo
    return out


def _zh_at(text: str, s: str, i: int, end: int, ix: ZhIndex) -> tuple[Mention, int] | None:
    chain: list[tuple[ZhCandidate, bool]] = []
    k = i
    outer: Place | None = None
    first = ""
    while k < end:
        name = _longest(s, k, end, ix.names, ix.lengths)
        if name is None:
            break
        cand, ambiguous = _choose_zh(ix.names[name], outer)
        if outer is not None and not cand.place.within(outer):
            break
        first = first or name
        chain.append((cand, ambiguous))
        outer = cand.place
        k += len(name)
    if not chain:
        return None
    cand, ambiguous = chain[-1]
    fac = _zh_facility(s, k, end, ix)
    if first in ix.weak and len(chain) == 1 and (fac is None or ambiguous):
        return None  # 城关派出所 is left to the facility scan, without a guessed code
    if fac is not None:
        e, head, middle = fac
        e = _zh_facility_tail(s, e, end, ix)
        score = 0.95 - (0.1 if ambiguous else 0.0)
        return _zh_mention(text, s, i, e, cand.place, f"facility:zh:{head.id}", score, head, middle), e
    bare = len(chain) == 1 and cand.how == "short"
    if bare and _zh_guarded(s, i, ix):
        return None
    score = (0.8 if bare else 0.9) - (0.15 if ambiguous else 0.0)
    return _zh_mention(text, s, i, k, cand.place, cand.source, score), k


def _zh_guarded(s: str, i: int, ix: ZhIndex) -> bool:
    """A bare short name right after a surname that opens a phrase reads as a given name: 杨天水."""
    if i < 1 or s[i - 1] not in ix.surnames:
        return False
    return i < 2 or not _is_han(s[i - 2]) or s[i - 2] in ix.stop or s[i - 2] in ix.title_ends


def _unplaced_facilities_zh(text: str, s: str, start: int, end: int, ix: ZhIndex, found: list[Mention]) -> list[Mention]:
    """秦城监狱 with no gazetteer place: the facility word and the name characters before it."""
    taken = bytearray(len(s))  # 1 where a place or facility was already found
    for m in found:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    out: list[Mention] = []
    p = start
    for run in _HAN_RUN.finditer(s, start, end):
        p = max(p, run.start())
        while p < run.end():
            got, p = _unplaced_at(text, s, p, start, end, ix, taken)
            if got is not None:
                out.append(got)
                taken[got.start:got.end] = b"\x01" * (got.end - got.start)
    return out


def _unplaced_at(text: str, s: str, p: int, start: int, end: int, ix: ZhIndex,
                 taken: bytearray) -> tuple[Mention | None, int]:
    """A facility whose word starts at p, and where to look next (past the facility word)."""
    if s[p] not in ix.head_lengths:
        return None, p + 1
    head = _longest(s, p, end, ix.heads, ix.head_lengths)
    if head is None or taken[p]:
        return None, p + 1
    h = ix.heads[head]
    a = p
    while a > start and p - a < 6 and (_is_han(s[a - 1]) or s[a - 1].isdigit()) and s[a - 1] not in ix.stop \
            and not taken[a - 1]:
        a -= 1
    a = p - len(_trim_name(s[a:p], ix.name_tags))
    if p - a < 2 and not h.standalone:
        return None, p + len(head)  # 人民法院 alone: not 人民 + 法院 either
    b = _zh_facility_tail(s, p + len(head), end, ix)
    score = 0.85 if p == a else 0.6
    return _zh_mention(text, s, a, b, None, f"facility:zh:{h.id}:unplaced", score, h, s[a:p]), b


def _posseg():
    """jieba's tagger with jieba's own dictionary, as ``jieba.posseg`` cuts
    (over the tables :mod:`pipeline.stages.zh.words` reads once)."""
    from pipeline.stages.zh.words import stock_posseg

    return stock_posseg()


def _trim_name(name: str, tags: frozenset[str]) -> str:
    """The noun-like words at the end of ``name`` (拨打云岗 -> 云岗, 抵达 -> '')."""
    if not name:
        return name
    keep: list[str] = []
    for w in reversed(list(_posseg().cut(name))):
        if w.flag not in tags:
            break
        keep.append(w.word)
    return "".join(reversed(keep))


# --------------------------------------------------------------------------- resolve

_CJK = re.compile(r"[\u3400-\u9fff]")


def resolve(name: str) -> dict | None:
    """Administrative data for a place string in English or Chinese, or None.

    Exact names (full, short, exonym, alias) win; otherwise the longest place or
    facility the recognizers find in the string. The ``name`` key echoes the input.
    """
    name = name.strip()
    if not name:
        return None
    if _CJK.search(name):
        return _resolve_zh(name)
    return _resolve_en(name)


def _resolve_zh(name: str) -> dict | None:
    ix = zh_index()
    cands = ix.all_names.get(fold_zh(name))
    if cands:
        best, _ = _choose_zh(cands, None)
        return best.place.value(name)
    return _from_mentions(name, find_places_zh(name))


def _resolve_en(name: str) -> dict | None:
    ix = en_index()
    key = _tok(name)
    if key and key[0] == "the":
        key = key[1:]
    cands = ix.places.get(key)
    if cands:
        return _choose(_PlaceHit(len(key), len(name), cands, None), None)[0].value(name)
    return _from_mentions(name, find_places_en(name))


def _from_mentions(name: str, found: list[Mention]) -> dict | None:
    if not found:
        return None
    best = max(found, key=lambda m: (m.end - m.start, m.value.get("admin_code") is not None))
    return dict(best.value) | {"name": name}
