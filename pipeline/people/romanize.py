"""How a Chinese name is written in Latin letters, to compare with a romanized name.

    >>> sorted(mandarin_keys("许志永"))[:2]
    ['xuzhiyong', 'zhiyongxu']

Keys are folded: lower case, letters a-z only (no spaces, hyphens,
apostrophes or tone marks; ü as u), so "Xu Zhi-yong", "XU Zhiyong" and
"Zhiyong Xu" meet "xuzhiyong" / "zhiyongxu". Three schemes:

- ``pinyin``: toneless Mandarin pinyin from ``pypinyin``, every reading of a
  character with several (曾 ceng/zeng, 单 shan/dan); the main reading is the
  one the in-document linker uses (:func:`pipeline.stages.crosslink.pinyin_key`).
- ``rom.hk``: Hong Kong Government Cantonese romanization, from the Jyutping
  of ``ToJyutping`` through the table in ``resources/people/romanization.yaml``.
- ``rom.wg``: Wade-Giles (Taiwanese names), from the pinyin through the same file.

Names are Chinese when they have two to four CJK characters; anything else
has no keys.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from pipeline.errors import ResourceError
from pipeline.resources import load_yaml

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
#: At most this many readings per character and keys per name and scheme.
MAX_READINGS = 3
MAX_KEYS = 256
#: The initials-table key of a syllable with no initial (Cantonese oi -> Oi or Ngoi).
ZERO = "_"


def is_chinese(name: str) -> bool:
    return bool(_CJK.search(name))


def simplified(name: str) -> str:
    """The CJK characters of ``name`` in Simplified form (許敏 -> 许敏), nothing else."""
    from pipeline.stages.zh.normalize import to_simplified

    return "".join(_CJK.findall(to_simplified(unicodedata.normalize("NFKC", name))))


def fold_latin(name: str) -> str:
    """A romanized name folded for comparison: "Lü Pin" -> "lupin", "Xu Zhi-yong" -> "xuzhiyong"."""
    text = unicodedata.normalize("NFKD", name.replace("ü", "u").replace("Ü", "U"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z]", "", text)


def latin_tokens(name: str) -> list[str]:
    """Words of a romanized name, a hyphenated given name split: "Lee Cheuk-yan" -> [lee, cheuk, yan]."""
    return [fold_latin(t) for t in _LATIN_TOKEN.findall(name) if fold_latin(t)]


def is_latin(name: str) -> bool:
    return not is_chinese(name) and bool(fold_latin(name))


def _is_pinyin_word(word: str) -> bool:
    """``word`` splits into pinyin syllables (zhiyong -> zhi+yong); the English stage's test."""
    from pipeline.stages.en.persons import is_pinyin_word

    return bool(word) and is_pinyin_word(word, max_syllables=4)


def hk_or_tw_style(name: str) -> bool:
    """Written the Hong Kong or Taiwan way: a hyphenated given name ("Cheuk-yan") or a word that is not pinyin ("Yeung")."""
    if re.search(r"[A-Za-z]-[A-Za-z]", name):
        return True
    return any(not _is_pinyin_word(w) for w in (fold_latin(t) for t in name.split()) if w)


def name_forms(name: str) -> list[str]:
    """The folded forms a romanized name is compared by: the name, and without a
    leading Western given name when three or more words follow ("Jimmy Lai Chee-ying")."""
    words = name.split()
    forms = [fold_latin(name)]
    if len(words) >= 3 and not _is_pinyin_word(fold_latin(words[0])) and not re.search(r"-", words[0]):
        forms.append(fold_latin(" ".join(words[1:])))
    return [f for f in dict.fromkeys(forms) if f]


@lru_cache(maxsize=1)
def _surnames() -> dict[str, tuple[str, frozenset[str]]]:
    """Simplified surname -> (folded pinyin, folded other romanizations), from ``resources/surnames.tsv``
    (validated by the English stage's :class:`~pipeline.stages.en.persons.SurnameRow`)."""
    from pipeline.resources import read_text, validated
    from pipeline.stages.en.persons import SurnameRow

    rows = [dict(zip(("id", "zh", "pinyin", "others"), ln.split("\t"))) for ln in read_text("surnames.tsv").splitlines()
            if ln.strip() and not ln.startswith("#")]
    for row in rows:
        row["others"] = row.get("others", "").split()
    return {e.zh: (fold_latin(e.pinyin), frozenset(fold_latin(o) for o in e.others))
            for e in validated(SurnameRow, rows, "surnames.tsv")}


def split_name(chars: str) -> tuple[str, str]:
    """(surname, given name) of a Simplified name: a compound surname when the table knows it (欧阳明)."""
    if len(chars) >= 3 and chars[:2] in _surnames():
        return chars[:2], chars[2:]
    return chars[:1], chars[1:]


def _chars(name: str) -> str | None:
    chars = simplified(name)
    return chars if 2 <= len(chars) <= 4 else None


def _keys(surname: list[str], given: list[list[str]]) -> frozenset[str]:
    """Surname first and given name first, for every combination of spellings."""
    out: set[str] = set()
    for sur in surname:
        for combo in itertools.product(*given):
            rest = "".join(combo)
            out.update((sur + rest, rest + sur))
            if len(out) >= MAX_KEYS:
                return frozenset(out)
    return frozenset(out)


@lru_cache(maxsize=8192)
def pinyin_readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Toneless pinyin per character, the main reading only ("v" for ü): 许志永 -> ((xu,), (zhi,), (yong,))."""
    from pipeline.resources import pypinyin

    Style, lazy_pinyin = pypinyin().Style, pypinyin().lazy_pinyin

    chars = _chars(name)
    if chars is None:
        return ()
    return tuple((r,) for r in lazy_pinyin(chars, style=Style.NORMAL, v_to_u=False))


@lru_cache(maxsize=8192)
def mandarin_keys(name: str) -> frozenset[str]:
    """Folded pinyin of a Chinese name, surname first and given name first; the
    surname also in its surname reading (曾 zeng, 单 shan)."""
    from pipeline.stages.crosslink import pinyin_key

    readings = pinyin_readings(name)
    chars = _chars(name)
    if not readings or chars is None:
        return frozenset()
    sur, _ = split_name(chars)
    flat = [r[0].replace("v", "u") for r in readings]
    main = pinyin_key(name) or "".join(flat)
    spellings = {"".join(flat[: len(sur)])}
    if sur in _surnames():
        spellings.add(_surnames()[sur][0])
    keys = set(_keys(sorted(spellings), [[s] for s in flat[len(sur):]]))
    keys.add(main)
    return frozenset(keys)


class Scheme(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    initials: dict[str, list[str]]
    finals: dict[str, list[str]]
    syllables: dict[str, list[str]]

    @field_validator("initials", "finals", "syllables")
    @classmethod
    def _letters(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, spellings in table.items():
            word = r"[a-z]*" if key == ZERO else r"[a-z]+"
            if not spellings or not all(re.fullmatch(word, s) for s in spellings) or not re.fullmatch(r"[a-z]+|_", key):
                raise ValueError(f"{key}: spellings must be non-empty lists of a-z words")
        return table

    def spell(self, syllable: str) -> list[str]:
        """Spellings of one toneless syllable; [] when the table cannot split it."""
        if syllable in self.syllables:
            return self.syllables[syllable]
        for n in (2, 1, 0):
            ini, fin = syllable[:n], syllable[n:]
            if (n == 0 or ini in self.initials) and fin in self.finals:
                heads = self.initials[ini] if n else self.initials.get(ZERO, [""])
                return [h + f for h in heads for f in self.finals[fin]]
        return []


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    data = load_yaml("people", "romanization.yaml")
    out = {}
    for key in ("hk", "wg"):
        try:
            out[key] = Scheme.model_validate(data[key])
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError("E002", f"people/romanization.yaml {key}: {exc}") from exc
    return out


def _spelled(scheme: Scheme, name: str, readings: list[list[str]]) -> frozenset[str]:
    """Keys in ``scheme`` from per-character readings; the surname also as the surname table spells it."""
    chars = _chars(name)
    if chars is None or len(readings) != len(chars):
        return frozenset()
    spelled = []
    for r in readings:
        forms = list(dict.fromkeys(s for syl in r[:MAX_READINGS] for s in scheme.spell(syl)))
        if not forms:
            return frozenset()
        spelled.append(forms)
    sur, _ = split_name(chars)
    n = len(sur)
    heads = {"".join(p) for p in itertools.product(*spelled[:n])} | set(_surnames().get(sur, ("", frozenset()))[1])
    return _keys(sorted(heads), spelled[n:])


@lru_cache(maxsize=8192)
def cantonese_keys(name: str) -> frozenset[str]:
    """Folded Hong Kong romanizations of a Chinese name (李卓人 -> leecheukyan, ...): the
    first Jyutping reading of each given-name character, every reading of the surname."""
    import ToJyutping

    chars = _chars(name)
    if chars is None:
        return frozenset()
    readings = []
    for i, (_, cands) in enumerate(ToJyutping.get_jyutping_candidates(_traditional_or_given(name, chars))):
        if not cands:
            return frozenset()
        toneless = list(dict.fromkeys(re.sub(r"\d", "", c) for c in cands))
        readings.append(toneless if i < len(split_name(chars)[0]) else toneless[:1])
    return _spelled(schemes()["hk"], name, readings)


def _traditional_or_given(name: str, chars: str) -> str:
    """The characters as written (Traditional when given so), else the Simplified ones."""
    given = "".join(_CJK.findall(unicodedata.normalize("NFKC", name)))
    return given if len(given) == len(chars) else chars


@lru_cache(maxsize=8192)
def wade_giles_keys(name: str) -> frozenset[str]:
    """Folded Wade-Giles romanizations of a Chinese name (李明哲 -> limingche, leemingche, ...)."""
    readings = pinyin_readings(name)
    if not readings:
        return frozenset()
    return _spelled(schemes()["wg"], name, [list(r) for r in readings])


#: scheme id -> key function, in the order the linker tries them.
SCHEMES = {"pinyin.equal": mandarin_keys, "rom.hk": cantonese_keys, "rom.wg": wade_giles_keys}
