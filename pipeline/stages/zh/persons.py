"""Person names in Chinese text.

Candidates come from four recognizers, each with an id in provenance:

- ``zh.person.dot``      transliterated names with a middle dot (古丽仙·阿巴斯)
- ``zh.person.roman``    a Chinese name followed by its romanization in parentheses
- ``zh.person.role``     a name right after a role noun (僧人X, 维权律师X)
- ``zh.person.surname``  surname-anchored names, accepted on context cues (a role
  noun or list separator before; 被/于/在/因/、 after) or jieba's HMM name tag

A name found once is then found everywhere in the document
(``zh.person.consistency``). Aliases come from 又名/又写/原名 in parentheses,
romanizations, and quoted nicknames before a name (“李阿婆”的X, 「阿福」X).
All matching is on the Simplified working text; names are reported as
written in the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.mentions import Mention, PersonRef
from pipeline.stages.zh import lexicon
from pipeline.stages.zh.normalize import WorkingText
from pipeline.stages.zh.words import Word, dictionary_tag, pos_cut, word_freq

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# characters after which a name has ended
_AFTER = set("案犯被遭于在因从自已曾也都则将等、和与及同跟向对把说称表告的是为以由仍亦皆并即随所之了获遂便就还，。；：！？（）,.;:!?()\"'“”「」『』《》[]【】 \t\n-—…·")
_CN_COUNT = re.compile(r"[一二两三四五六七八九十]+[人名位个次]")
_PREP_SURNAMES = set("于向从将在")
_NOT_PERSON_AFTER = re.compile(r"\s*(?:\([^()]{0,12}\))?\s*(?:境内|地区|一带|附近|县|乡|镇|村|市|省|寺|公安|分局|派出所|警方|法院|检察院|奖"
                               # a facility or a newspaper named after a place (茅箭精神病医院, 楚天都市报)
                               r"|精神病|医院|看守所|拘留所|监狱|劳教所|都市报|日报|晚报|时报|早报)")
# a date in Chinese numerals (二零一五年, 八月十四日) ends a name
_CN_DATE = re.compile(r"[〇零一二三四五六七八九]{2,4}年|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]")
_NUMERALS = set("〇零一二三四五六七八九十百千")
# characters that do not occur inside a personal name
_BAD = set("的了是在有和与及被遭于因从对把说称也都则等就还又再已曾个们这那其之所而但或如若时年后前内外来去到为以省市县区镇乡村路街局院所警党府罪案件和位名人号周不"
           "地第他她它我你您")
# function words that do not open a name without a surname (学员|给X写, 被告|向法庭)
_NOT_FIRST = set("给向对把被让叫替为跟从在于和与及的是将这那其")
_BAD_STRONG = set("的了是在和与及被于因从对把说称")
_PLACE_SUFFIX = set("省市县区镇乡村州路街港岛湾山河江湖寺庙院所局站")
_ORG_END = ("观察", "组织", "协会", "会", "网", "社", "台", "部", "局", "院", "所", "大学", "中心", "基金", "公司", "报", "党", "团", "政府", "当局",
            "处", "署", "厅", "科", "队", "办", "委")
_ROLE_ALIAS = re.compile(r"\((?:又写|又名|原名|本名|笔名|化名|又译|即|亦作|或译)[:：]?\s*([" + CJK + r"·]{2,10})\)")


@lru_cache(maxsize=1)
def _role_re() -> re.Pattern[str]:
    return lexicon.alternation(lexicon.cues().role_nouns)


@lru_cache(maxsize=1)
def _stop_words_re() -> re.Pattern[str]:
    trig, _ = lexicon.trigger_index()
    words = [*lexicon.cues().titles_after, *lexicon.cues().role_nouns, *lexicon.cues().name_end_words]
    return re.compile(trig.pattern + "|" + lexicon.alternation(words).pattern)


@lru_cache(maxsize=1)
def _byline_role_re() -> re.Pattern[str]:
    """A reporter's role word (a citizen journalist, 公民记者, is a story's subject)."""
    b = lexicon.cues().byline
    return re.compile(r"(?<!公民)(?:" + lexicon.alternation(b.roles if b else ["记者"]).pattern + r")")


@lru_cache(maxsize=1)
def _byline_re() -> re.Pattern[str] | None:
    """(某台记者X报导), (记者X上海5日电), 据某报记者X综合报导: the reporter of a byline."""
    b = lexicon.cues().byline
    if b is None:
        return None
    roles = _byline_role_re().pattern
    ends = lexicon.alternation(b.ends).pattern
    date_wire = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日电"
    outlet = r"[" + CJK + r"A-Za-z]{0,12}?"
    return re.compile(
        # opened by a bracket or 据, an outlet, the role, the name (and a place), an end word
        r"(?:(?<=[(\[【])|(?<=据))" + outlet + roles + r"\s*([" + CJK + r"]{2,12}?)\s*(?:[/／]\s*[" + CJK + r"]{0,6}\s*)?(?:" + ends + "|" + date_wire + r")(?=[)\]】,，\s]|$)"
        # or a bracket holding nothing but reporters: (记者X 某台记者Y)
        r"|(?<=\()(?:" + outlet + roles + r"\s*[" + CJK + r"]{2,4}\s*)+(?=\))")


def byline_spans(text: str) -> list[tuple[int, int]]:
    """Where a byline names its reporter (working-text indices): no person is found there."""
    pat = _byline_re()
    if pat is None or not any(r in text for r in lexicon.cues().byline.roles):
        return []
    roles = _byline_role_re()
    out = []
    for m in pat.finditer(text):
        if m.group(1) is not None:
            out.append((m.start(1), m.end(1)))
            continue
        for r in roles.finditer(text, m.start(), m.end()):
            e = r.end()
            while e < m.end() and text[e] == " ":
                e += 1
            k = e
            while k < m.end() and text[k] != " " and k - e < 4:
                k += 1
            out.append((e, k))
    return out


def _and_in_word(text: str, i: int) -> bool:
    """和 opening a common noun or adjective (和平, 和谐) is a word, not the conjunction."""
    return text[i:i + 1] == "和" and (tag := dictionary_tag(text[i:i + 2])) is not None and tag[0] in "nar" and word_freq(text[i:i + 2]) >= 1000


def _ends_name(text: str, i: int) -> bool:
    """True when a name may end just before index ``i``."""
    if i >= len(text):
        return True
    ch = text[i]
    if _and_in_word(text, i):
        return False
    if ch in _AFTER or ch.isdigit() or ch.isascii():
        return True
    if _CN_COUNT.match(text, i) or _CN_DATE.match(text, i):
        return True
    return _stop_words_re().match(text, i) is not None


def _word_starts(text: str, i: int) -> bool:
    """A dictionary word of two to four characters starts at ``i`` (有期徒刑, 提起)."""
    for n in (2, 3, 4):
        w = text[i:i + n]
        if len(w) == n and dictionary_tag(w) and word_freq(w) >= 20:
            return True
    return False


def _runs_into_word(text: str, end: int) -> bool:
    """The last character of a name candidate starts a common word with what follows (罗珊|发现)."""
    if end >= len(text) or end < 1:
        return False
    for n in (2, 3):
        w = text[end - 1:end - 1 + n]
        tag = dictionary_tag(w)
        if len(w) == n and tag and tag[0] in "vdpcaf" :
            return True
    return False


def _plausible(name: str, cued: bool = False) -> bool:
    """Could ``name`` be a personal name? ``cued``: a role noun or trigger stands
    right before it, so a given name that is also a word (文华, 建国) is allowed."""
    if len(name) < 2 or any(c in _BAD for c in name[1:]):
        return False
    if any(c in "〇零" for c in name) or sum(c in _NUMERALS for c in name) >= 2:
        return False  # 二零一(五年): a date in numerals
    trig, _ = lexicon.trigger_index()
    if trig.search(name):
        return False
    if name[0] in _PREP_SURNAMES and dictionary_tag(name[1:]) is not None:
        return False
    given_tag = dictionary_tag(name[-2:]) if len(name) >= 3 else None
    freq = word_freq(name[-2:]) if given_tag else 0
    if given_tag and not cued and ((given_tag[0] in "vpcu" and freq >= 300) or (given_tag == "d" and freq >= 200)
                                   or (freq >= 1000 and given_tag[:2] not in ("nr", "ns"))):
        return False  # 平|抗议, 桂|本该: a surname character before a common word
    if name[-1] in _PLACE_SUFFIX and len(name) <= 3:
        return False
    if name.endswith(_ORG_END):
        return False
    if len(name) >= 3 and dictionary_tag(name[:2]) == "ns" and word_freq(name[:2]) >= 1000:
        return False  # 吉林长春: a place, not 吉 + a given name
    tag = dictionary_tag(name)
    return tag is None or tag.startswith("nr") or (tag == "nz" and len(name) >= 3 and word_freq(name) < 100)


@dataclass
class PersonIndex:
    """The persons of one document: Simplified key -> PersonRef, and aliases."""

    people: dict[str, PersonRef] = field(default_factory=dict)
    alias_of: dict[str, str] = field(default_factory=dict)  # simplified surface -> key
    descriptors: set[str] = field(default_factory=set)  # surfaces that are descriptions (被告), not names

    def add(self, key: str, written: str, source: str) -> PersonRef:
        key = self.alias_of.get(key, key)
        ref = self.people.get(key)
        if ref is None:
            ref = PersonRef(name=written, name_zh=key, source=source)
            self.people[key] = ref
            self.alias_of[key] = key
        return ref

    def add_alias(self, key: str, alias_written: str, alias_simplified: str | None) -> None:
        ref = self.people.get(key)
        if ref is None:
            return
        if alias_written not in ref.aliases and alias_written != ref.name:
            ref.aliases.append(alias_written)
        if alias_simplified and alias_simplified not in self.alias_of:
            self.alias_of[alias_simplified] = key

    def absorb(self, surface: str, key: str) -> None:
        """``surface`` names the person ``key`` (a nickname met before the full name)."""
        old = self.people.get(surface)
        if old is not None and surface != key:
            del self.people[surface]
        for s, k in list(self.alias_of.items()):
            if k == surface:
                self.alias_of[s] = key
        self.alias_of[surface] = key

    def surfaces(self) -> list[str]:
        """Every known surface, longest first (ties in the order met). Keys are only
        ever added to ``alias_of``, so the list is sorted again only when it grew."""
        cached = getattr(self, "_surfaces", None)
        if cached is None or cached[0] != len(self.alias_of):
            cached = self._surfaces = (len(self.alias_of), sorted(self.alias_of, key=len, reverse=True))
        return cached[1]

    def resolve(self, surface: str) -> str | None:
        return self.alias_of.get(surface)


def _left_trim(chunk: str) -> str:
    """Drop a role noun, 的, or list words from the left of a name chunk."""
    cut = 0
    for m in _role_re().finditer(chunk):
        if m.end() < len(chunk):
            cut = max(cut, m.end())
    for m in re.finditer(r"族人|族|人", chunk):
        if len(chunk) - m.end() >= 2:
            cut = max(cut, m.end())
    for sep in ("的", "、", "和", "与", "及", "是", "名"):
        j = chunk.rfind(sep)
        if j >= 0:
            cut = max(cut, j + 1)
    # 其中X·Y, 包括X·Y: list words open the name, they are not part of it
    for m in re.finditer(r"其中|包括|例如|比如|以及|还有|另有|另外", chunk):
        if len(chunk) - m.end() >= 1:
            cut = max(cut, m.end())
    return chunk[cut:]


_DOT = re.compile(r"[" + CJK + r"]{1,10}[·.][" + CJK + r"]{1,8}")


def _translit_part(part: str) -> bool:
    """One side of a name written with a period (海拉提江.乌斯曼): no common word,
    no function word, no trigger (判刑十年.随后 is two clauses)."""
    return (not _has_common_word(part) and not any(c in _BAD_STRONG for c in part)
            and lexicon.trigger_index()[0].search(part) is None)


def _dot_left(left: str) -> str:
    """The transliterated given name on the left of a dot, without the words before
    it (网站管理员|X·Y, 人权观察在|X·Y, 释放|X·Y, 语言学家|X·Y): it begins after the
    last common word, trigger or function character that leaves two characters."""
    cut = 0
    trig = lexicon.trigger_index()[0]
    for k in range(len(left) - 2):
        if left[k] in _BAD_STRONG:
            cut = k + 1
        if n := _common_word_at(left, k, len(left) - 2, 0):
            cut = max(cut, k + n)
        for n in (2, 3):
            if k + n <= len(left) - 2 and trig.fullmatch(left, k, k + n):
                cut = max(cut, k + n)
    # 语言学家X·Y, 活动家X·Y: an occupation ending in 家 or 者 is not part of the name
    if (k := max(left.rfind("家"), left.rfind("者"))) >= 0 and len(left) - k - 1 >= 2:
        cut = max(cut, k + 1)
    return left[cut:]


def _dot_names(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    while (m := _DOT.search(text, pos)) is not None:
        sep = "·" if "·" in m.group() else "."
        left, right = m.group().split(sep, 1)
        left = _dot_left(_left_trim(left))[-6:]
        j = 0
        # 阿布都拉, 赛都力: 都 inside a transliteration, unless a verb or punctuation follows it (X·Y都被)
        while j < len(right) and (not _ends_name(right, j) or (right[j] == "都" and j + 1 < len(right) and not _ends_name(right, j + 1) and not _word_starts(right, j))):
            j += 1
        right = right[:j] if j else right[:1]
        dot = m.start() + m.group().index(sep)
        pos = dot + 1
        if sep == "." and not (len(left) >= 2 and len(right) >= 2 and _translit_part(left) and _translit_part(right)):
            continue  # a period between two words, not a name's dot
        if len(left) >= 1 and len(right) >= 1:
            start = dot - len(left)
            out.append((start, start + len(left) + 1 + len(right), "zh.person.dot"))
            # the next name may begin right after this one's end (X·Y和A·B): search on from there
            pos = dot + 1 + len(right)
    return out


_ROMAN = re.compile(r"([" + CJK + r"]{2,12})\s*\(\s*([A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+){0,3})\s*\)")


def _roman_names(text: str) -> list[tuple[int, int, str, str]]:
    out = []
    for m in _ROMAN.finditer(text):
        after = text[m.end():m.end() + 1]
        if after and after in _PLACE_SUFFIX:
            continue
        chunk = _left_trim(m.group(1))
        if len(chunk) > 5:
            chunk = chunk[-5:] if _surname_at(chunk, len(chunk) - 3) is None else chunk[-3:]
        if len(chunk) < 2 or chunk.endswith(_ORG_END) or any(c in _BAD_STRONG for c in chunk):
            continue
        tag = dictionary_tag(chunk)
        if tag is not None and not tag.startswith("nr"):
            continue
        start = m.start(1) + len(m.group(1)) - len(chunk)
        out.append((start, start + len(chunk), "zh.person.roman", m.group(2)))
    return out


@lru_cache(maxsize=1)
def _tibetan_re() -> re.Pattern[str] | None:
    parts = lexicon.cues().tibetan_name_parts
    if not parts:
        return None
    alt = lexicon.alternation(parts).pattern
    return re.compile(r"(?:" + alt + r"){2,4}")


def _tibetan_names(text: str) -> list[tuple[int, int, str]]:
    """达瓦卓玛, 洛桑次仁: two or more elements of Tibetan names in a row."""
    pat = _tibetan_re()
    if pat is None:
        return []
    out = []
    for m in pat.finditer(text):
        if not _ends_name(text, m.end()) or _NOT_PERSON_AFTER.match(text, m.end()):
            continue
        out.append((m.start(), m.end(), "zh.person.tibetan"))
    return out


def _surname_at(text: str, i: int) -> int | None:
    """Length of the surname starting at ``i`` (1 or 2), or None."""
    if i < 0:
        return None
    single, compound = lexicon.surnames()
    if text[i:i + 2] in compound:
        return 2
    if i < len(text) and text[i] in single:
        return 1
    return None


def _has_common_word(chunk: str) -> bool:
    for n in (2, 3):
        for k in range(len(chunk) - n + 1):
            w = chunk[k:k + n]
            tag = dictionary_tag(w)
            if tag and not tag.startswith("nr") and word_freq(w) >= 200:
                return True
    return False


def _role_names(text: str, words: list[Word] | None = None) -> list[tuple[int, int, str]]:
    out = []
    nr_from = {w.start: w.end for w in words or () if w.flag.startswith("nr") and 2 <= len(w.text) <= 6}
    word_at = {w.start: w.text for w in words or ()}
    for m in _role_re().finditer(text):
        i = m.end()
        if i in nr_from and (_ends_name(text, nr_from[i]) or _word_follows(text, i, nr_from[i], word_at)) \
                and _plausible(text[i:nr_from[i]], cued=True) and not _NOT_PERSON_AFTER.match(text, nr_from[i]):
            out.append((i, nr_from[i], "zh.person.role"))
            continue
        j = i
        while j < len(text) and j - i < 7 and not _ends_name(text, j):
            j += 1
        # a word that runs into the stop word after the name (谢志远|去年 read as 远去) does not cut it
        slack = 0 if j < len(text) and _stop_words_re().match(text, j) and not text[j] in _AFTER else 2
        # 诸葛明亮等三人: a name closed by 等(N)人 keeps a given name that is also a word
        etc = re.match(r"等(?:[一二两三四五六七八九十\d]+)?[人名位]", text[j:j + 4]) is not None and 3 <= j - i <= 4 and _surname_at(text, i) is not None
        for k in range(i + 2, j if not etc else i + 2):
            if _common_word_at(text, k, j, slack):
                j = k
                break
        if j - i >= 4 and text[j - 1] == "家" and text[j:j + 1] in "的中里门人":
            j -= 1  # 陈某某家的门: the name, then its home
        name = text[i:j]
        if _surname_at(name, 0) is None and (_has_common_word(name) or name[:1] in _NOT_FIRST or _has_predicate(name)):
            continue  # 友人|通话长达, 学员|给, 被告|毋须答辩: words, not a transliterated name
        if text[j:j + 1] in "」”』\"":
            continue  # 「学生动源」: the role noun is part of a quoted name
        if 2 <= len(name) <= (5 if _surname_at(name, 0) else 6) and _plausible(name, cued=True) and not _NOT_PERSON_AFTER.match(text, j):
            out.append((i, j, "zh.person.role"))
            out += _list_members(text, j)
    return out


def _word_follows(text: str, i: int, j: int, word_at: dict[int, str]) -> bool:
    """jieba reads a Han name (a surname and one or two characters) at ``i:j`` and a
    dictionary word right after it (孙建国|赴京): the name ends there, though no end
    word or stop character says so."""
    nxt = word_at.get(j, "")
    n = _surname_at(text, i)
    return n is not None and j - i - n in (1, 2) and len(nxt) >= 2 and dictionary_tag(nxt) is not None


def _has_predicate(chunk: str) -> bool:
    """jieba reads a verb or an adverb of two or more characters in it (毋须|答辩):
    a predicate, not a transliterated name."""
    return any(len(w.text) >= 2 and (w.flag.startswith("v") or w.flag == "d") for w in pos_cut(chunk))


def _list_members(text: str, j: int) -> list[tuple[int, int, str]]:
    """僧侣X和Y, 律师X、Y: names listed after a role-anchored name share its cue."""
    out = []
    while True:
        m = re.match(r"\s*(?:\([^()]{0,40}\))?\s*(?:、|和|与|及|以及)\s*", text[j:])
        if not m or _and_in_word(text, j + m.end() - 1):
            return out
        i = j + m.end()
        k = i
        while k < len(text) and k - i < 7 and not _ends_name(text, k):
            k += 1
        name = text[i:k]
        if not (2 <= len(name) <= 6) or _has_common_word(name) or not _plausible(name, cued=True) or _NOT_PERSON_AFTER.match(text, k):
            return out
        out.append((i, k, "zh.person.role"))
        j = k


def _common_word_at(text: str, k: int, limit: int, slack: int = 2) -> int:
    """The length of the longest common word (not a name) starting at ``k``, 0
    when none does: the name before it has ended (X|一起, X|提起)."""
    for n in (3, 2):
        w = text[k:k + n]
        if len(w) < n or k + n > limit + slack:
            continue
        tag = dictionary_tag(w)
        if tag and not tag.startswith("nr") and word_freq(w) >= 200:
            return n
    return 0


# what may stand right before a name: punctuation, list words, 的, digits, and the
# last character of an occupation noun (工作者, 议员, 作家, 律师, 学生)
_LEFT_CUE = set(",，、。；;:：()（）“”「」『』《》 \t\n和与及同的将把") | set("0123456789") | set("者员家师士人")


@lru_cache(maxsize=4096)
def _starts_with_place(name: str) -> bool:
    """吉林长春 (jieba may tag it a name): it opens with a place the gazetteer knows."""
    if len(name) < 3:
        return False
    from pipeline.stages.places import find_places_zh

    return any(m.start == 0 and m.end >= 2 for m in find_places_zh(name, 0, len(name)))


def _surname_names(text: str, words: list[Word] | None) -> list[tuple[int, int, str]]:
    out = []
    nr_at = {}
    if words:
        for w in words:
            if w.flag.startswith("nr") and 2 <= len(w.text) <= 4 and _surname_at(w.text, 0):
                nr_at[w.start] = w.end
    starts = {w.start for w in words} if words else None
    covered = [(words[0].start, words[-1].end)] if words else []
    if words:
        covered = []
        for w in words:
            if covered and covered[-1][1] == w.start:
                covered[-1] = (covered[-1][0], w.end)
            else:
                covered.append((w.start, w.end))
    role_ends = {m.end() for m in _role_re().finditer(text)}
    for i in range(len(text)):
        sl = _surname_at(text, i)
        if sl is None:
            continue
        inside = starts is not None and any(a <= i < b for a, b in covered)
        after_verb = i >= 3 and text[i - 1] == "了" and _stop_words_re().match(text, i - 3) is not None  # 带走了|谢X (jieba: 了谢)
        if inside and i not in starts and i not in nr_at and not (i > 0 and text[i - 1] in _LEFT_CUE) and not after_verb:
            continue
        left_cue = i == 0 or text[i - 1] in _LEFT_CUE or i in role_ends
        if i in nr_at and nr_at[i] - i == sl + 1 and _stop_words_re().match(text, nr_at[i] + 1) and not _ends_name(text, nr_at[i]) \
                and _plausible(text[i:nr_at[i] + 1], True):
            nr_at[i] += 1  # 邱德|明日前 read as 邱德明|日前: a time word after the name took its last character
        if i in nr_at and _plausible(text[i:nr_at[i]]) and not _starts_with_place(text[i:nr_at[i]]) and (_ends_name(text, nr_at[i]) or (left_cue and _word_starts(text, nr_at[i]))) and not _NOT_PERSON_AFTER.match(text, nr_at[i]):
            out.append((i, nr_at[i], "zh.person.surname.hmm"))
            continue
        strong_left = (i in role_ends or (i >= 2 and _stop_words_re().match(text, i - 2) is not None)
                       or after_verb
                       or text[max(0, i - 2):i] in ("包括", "例如", "比如", "其中", "以及"))
        left_ok = i == 0 or text[i - 1] in _LEFT_CUE or strong_left
        if left_ok and not strong_left and i > 0 and word_freq(text[i - 1:i + 1]) >= 100:
            continue  # 和|平 is 和平: the surname character belongs to the word before
        if not left_ok:
            continue
        # a given name whose first character is a function word (李和平, 王以同):
        # taken whole when a list separator or punctuation closes it
        end3 = i + sl + 2
        if (sl == 1 and end3 <= len(text) and text[i + sl] in _AFTER and re.fullmatch(r"[" + CJK + r"]{2}", text[i + sl:end3])
                and end3 < len(text) and text[end3] in "、，,。；;" and (strong_left or text[i - 1:i] in "、，,")
                and text[end3 - 1] not in _BAD and (dictionary_tag(text[i:end3]) or "nr").startswith("nr")):
            out.append((i, end3, "zh.person.surname"))
            continue
        # two surnames then a given name (黄陈秀英, 吴葛健雄), closed by a list word or punctuation
        end4 = i + 4
        if (sl == 1 and _surname_at(text, i + 1) == 1 and end4 <= len(text) and (end4 == len(text) or text[end4] in _AFTER)
                and re.fullmatch(r"[" + CJK + r"]{4}", text[i:end4]) and not any(c in _BAD for c in text[i + 1:end4])
                and (strong_left or text[i - 1:i] in "、，,和与及") and not _has_common_word(text[i + 2:end4])
                and not lexicon.trigger_index()[0].search(text[i:end4])):
            out.append((i, end4, "zh.person.surname"))
            continue
        for given in (1, 2):
            end = i + sl + given
            if end > len(text):
                break
            name = text[i:end]
            if not re.fullmatch(r"[" + CJK + r"]+", name):
                break
            if given == 2 and _runs_into_word(text, end) and not (end < len(text) and (text[end] in _AFTER or _stop_words_re().match(text, end))):
                continue
            if _ends_name(text, end) and _plausible(name, strong_left) and not _NOT_PERSON_AFTER.match(text, end):
                out.append((i, end, "zh.person.surname"))
                break
            if _word_starts(text, end) and not _word_starts(text, end - 1) and _plausible(name) and not _NOT_PERSON_AFTER.match(text, end):
                if given == 1 or strong_left:
                    out.append((i, end, "zh.person.surname"))
                    break
    return out


_TITLE_MARKS = re.compile(r"《[^《》]{1,8}》")


def find_candidates(w: WorkingText, words: list[Word] | None, index: PersonIndex, original: str) -> None:
    """First pass over one sentence: add the names it introduces to ``index``."""
    text = w.text
    spans: list[tuple[int, int, str]] = []
    romans = _roman_names(text)
    spans += [(s, e, src) for s, e, src, _ in romans]
    spans += _dot_names(text)
    spans += _tibetan_names(text)
    spans += _role_names(text, words)
    spans += _surname_names(text, words)
    # a reporter's byline is no person of the story; its span is taken by no name;
    # nor is a title in book marks (《宣言》)
    taken: list[tuple[int, int]] = byline_spans(text) + [(m.start(), m.end()) for m in _TITLE_MARKS.finditer(text)]
    for s, e, src in sorted(spans, key=lambda t: (-(t[1] - t[0]), t[0])):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        a, b = w.orig_span(s, e)
        index.add(text[s:e], original[a:b], src)
    # A、B和C: the names listed after a recognized name share its standing
    for s, e in sorted(taken):
        for ls, le, _ in _list_members(text, e):
            if any(ls < te and ts < le for ts, te in taken):
                break
            taken.append((ls, le))
            a, b = w.orig_span(ls, le)
            index.add(text[ls:le], original[a:b], "zh.person.list")
    for s, e, _src, roman in romans:
        key = index.resolve(text[s:e])
        if key:
            index.add_alias(key, roman, None)
    for m in _ROLE_ALIAS.finditer(text):
        before = text[:m.start()]
        key = next((index.resolve(k) for k in index.surfaces() if before.endswith(k)), None)
        if key:
            a, b = w.orig_span(m.start(1), m.end(1))
            index.add_alias(key, original[a:b], m.group(1))
    for m in re.finditer(r"[“「『\"]([" + CJK + r"]{2,4})[”」』\"](?:的)?", text):
        called = re.search(r"(?:被称为|人称|称为|绰号|外号|网名|笔名|昵称|化名)\s*$", text[:m.start()])
        if not called and (len(m.group(1)) > 3 or m.group().endswith("的") or dictionary_tag(m.group(1))):
            continue
        after = text[m.end():]
        key = next((index.resolve(k) for k in index.surfaces() if after.startswith(k)), None)
        if key and index.resolve(m.group(1)) != key:
            a, b = w.orig_span(m.start(1), m.end(1))
            index.absorb(m.group(1), key)
            index.add_alias(key, original[a:b], m.group(1))


def mentions(w: WorkingText, index: PersonIndex, original: str) -> list[Mention]:
    """Second pass: every occurrence of a known name or alias in a sentence."""
    surfaces = index.surfaces()
    if not surfaces:
        return []
    pat = _surface_re(tuple(surfaces))
    out = []
    text = w.text
    bylines = byline_spans(text)
    for m in pat.finditer(text):
        key = index.resolve(m.group())
        if key is None or any(a < m.end() and m.start() < b for a, b in bylines):
            continue
        if m.group() in index.descriptors and not _bare_description(text, m, surfaces):
            continue
        a, b = w.orig_span(m.start(), m.end())
        out.append(Mention("person", a, b, original[a:b], value=key, source="zh.person.consistency"))
    return out


@lru_cache(maxsize=64)
def _surface_re(surfaces: tuple[str, ...]) -> re.Pattern[str]:
    """The surfaces as one pattern that matches, at each position, the longest
    surface starting there (what an alternation sorted longest first matches),
    written as a trie: the engine follows one branch per character instead of
    trying every name at every position (quadratic in a report naming thousands)."""
    if "" in surfaces:
        return re.compile("|".join(map(re.escape, surfaces)))
    trie: dict = {}
    for s in surfaces:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}  # a surface ends here

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer surface first, then this one

    return re.compile(build(trie))


_TRANSLIT_SOURCES = ("zh.person.role", "zh.person.roman", "zh.person.dot", "zh.person.tibetan")


@lru_cache(maxsize=30000)
def _char_pinyin(ch: str) -> str:
    from pipeline.resources import pypinyin

    lazy_pinyin = pypinyin().lazy_pinyin

    return lazy_pinyin(ch)[0]


def expand_aliases(index: PersonIndex, sentences: list[tuple[WorkingText, str]]) -> None:
    """Document-level aliases of transliterated names (Tibetan, Uyghur, ...).

    - a long name is also referred to by its first two syllables (仁青持真 -> 仁青);
    - a transliteration may be written with other characters of the same
      sound (冈也 / 刚也): same length and same toneless pinyin.
    """
    from pipeline.resources import pypinyin

    lazy_pinyin = pypinyin().lazy_pinyin

    translit = [k for k, ref in index.people.items() if ref.source in _TRANSLIT_SOURCES and "·" not in k]
    if not translit:
        return
    for k in translit:
        if len(k) >= 4 and _surname_at(k, 0) is None:
            short = k[:2]
            tag = dictionary_tag(short)
            if (tag is None or tag.startswith("nr")) and short not in index.alias_of:
                index.alias_of[short] = k
    sounds = {tuple(lazy_pinyin(k)): k for k in translit if 2 <= len(k) <= 4}
    lengths = {len(k) for k in sounds.values()}
    firsts = {s[0] for s in sounds}
    for w, original in sentences:
        text = w.text
        for i, ch in enumerate(text):
            if not ("\u4e00" <= ch <= "\u9fff") or _char_pinyin(ch) not in firsts:
                continue
            for n in lengths:
                if i + n > len(text):
                    continue
                key = sounds.get(tuple(_char_pinyin(c) for c in text[i:i + n]))
                if key is None or text[i:i + n] == key or text[i:i + n] in index.alias_of:
                    continue
                if not _ends_name(text, i + n):
                    continue
                a, b = w.orig_span(i, i + n)
                index.add_alias(key, original[a:b], text[i:i + n])


def _short_surfaces(surname: str) -> list[str]:
    c = lexicon.cues()
    if c.short_forms is None:
        return []
    forms = [surname + t for t in (*c.short_forms.after, *c.titles_after)] + [p + surname for p in c.short_forms.before]
    # 老师, 小区, 老公: a word, not a short form of 师, 区, 公
    return [f for f in forms if (tag := dictionary_tag(f)) is None or tag.startswith("nr")]


def short_forms(index: PersonIndex, sentences: list[tuple[WorkingText, str]]) -> None:
    """Short forms of the names met in full, read as those persons.

    - 老孙, 桂先生, 戚某: the surname with a prefix, a title or the 某 of an
      anonymized notice is the one person of the document with that surname
      (none when two have it); a short form read as a person of its own
      (戚某 recognized before 戚业强 was) is merged into the full name.
    - 被告X, X老人: a description standing with a name stands for that person
      when it is bare later (准许被告保释), unless it stood with another name too.
    """
    text = "\n".join(w.text for w, _ in sentences)
    surnames = {k[:n] for k in index.people if (n := _surname_at(k, 0) or 0)}
    short = {f: s for s in surnames for f in _short_surfaces(s)}
    full: dict[str, list[str]] = {}
    for key, ref in index.people.items():
        n = _surname_at(key, 0)
        if n is None or key in short or ref.source in ("zh.person.dot", "zh.person.tibetan") or not 2 <= len(key) <= 4:
            continue
        full.setdefault(key[:n], []).append(key)
    for form, surname in short.items():
        keys = full.get(surname, [])
        if len(keys) != 1 or form not in text:
            continue
        if form in index.people:
            index.absorb(form, keys[0])
        elif form not in index.alias_of:
            index.alias_of[form] = keys[0]
    bound: dict[str, set[str]] = {}
    d = lexicon.cues().descriptors
    if d is None:
        return
    surfaces = index.surfaces()
    for words, side in ((d.before_name, "before"), (d.after_name, "after")):
        if not words:
            continue
        desc_re = lexicon.alternation(words)
        for w, _ in sentences:
            t = w.text
            for m in desc_re.finditer(t):
                if side == "before":
                    k = next((k for k in surfaces if t.startswith(k, m.end())), None)
                else:
                    k = next((k for k in surfaces if t.endswith(k, 0, m.start())), None)
                if k is not None and (key := index.resolve(k)) is not None:
                    bound.setdefault(m.group(), set()).add(key)
    for desc, keys in bound.items():
        if len(keys) == 1 and desc not in index.alias_of:
            index.alias_of[desc] = next(iter(keys))
            index.descriptors.add(desc)


# a description that is no one person here: 两名被告, 各被告, 被告们, 被告知 (was told)
_PLURAL_BEFORE = set("各众诸两二三四五六七八九十名位个几数多等") | set("0123456789")
_NOT_DESCRIPTION_AFTER = re.compile(r"们|等|均|知|上法|方|席")


def _bare_description(text: str, m: re.Match[str], surfaces: list[str]) -> bool:
    """A bound description used bare: not plural, and not standing with a name (the name is the mention)."""
    if m.start() > 0 and text[m.start() - 1] in _PLURAL_BEFORE:
        return False
    if _NOT_DESCRIPTION_AFTER.match(text, m.end()):
        return False
    return not any(text.startswith(k, m.end()) or text.endswith(k, 0, m.start()) for k in surfaces if k != m.group())


#: how many sentences after an unnamed count its list of names may come (七名僧人……。……分别是A、B……G)
COUNT_REACH = 3
# an unnamed count of persons: 七名僧人, 5位律师 (not 第三名, 两名中的)
UNNAMED_COUNT = re.compile(r"(?<![\d第])([两二三四五六七八九十]{1,3}|\d{1,2})\s*(?:名|位)(?=[\u4e00-\u9fff])(?!(?:之|中|以))")
_LIST_CUE = re.compile(r"(?:分别是|分别为|被证实是|他们是|她们是|名单是|名单为|包括|是|为)\s*[:：]?\s*")
_LIST_ITEM = re.compile(r"[" + CJK + r"]{2,6}")


def count_value(numeral: str) -> int | None:
    """七 -> 7, 12 -> 12: the size of a counted group (2 to 30), else None."""
    from pipeline.stages.zh.dates import cn_int

    n = cn_int(numeral)
    return n if n and 2 <= n <= 30 else None


def _listed_items(text: str, i: int) -> list[tuple[int, int]]:
    """A、B、C和D from ``i`` to the end of the clause: the items' spans, or [] when
    anything but list words stands between them."""
    end = next((k for k in range(i, len(text)) if text[k] in "。，,；;！!？?()（）\n"), len(text))
    parts = re.split(r"(\s*(?:、|和|及|与)\s*)", text[i:end].strip())
    out, pos = [], i + (len(text[i:end]) - len(text[i:end].lstrip()))
    for k, part in enumerate(parts):
        if k % 2 == 0:
            if not _LIST_ITEM.fullmatch(part):
                return []
            out.append((pos, pos + len(part)))
        pos += len(part)
    return out


def counted_lists(index: PersonIndex, sentences: list[tuple[WorkingText, str]]) -> None:
    """七名僧人被捕。……这些僧人分别是A、B……和G: a list of exactly as many items as
    the unnamed count just before it, one of them a known name, names that many
    persons: every item is added (zh.person.counted_list)."""
    counts: list[tuple[int, int, int]] = []  # (sentence number, offset, N) of the counts within reach
    for n, (w, original) in enumerate(sentences):
        text = w.text
        counts = [c for c in counts if c[0] >= n - COUNT_REACH]
        counts += [(n, m.start(), c) for m in UNNAMED_COUNT.finditer(text) if (c := count_value(m.group(1))) is not None]
        if not counts:
            continue
        for m in _LIST_CUE.finditer(text):
            recent = [c for c in counts if c[0] < n or c[1] < m.start()]
            if not recent:
                continue
            items = _listed_items(text, m.end())
            if len(items) != recent[-1][2] or not any(index.resolve(text[a:b]) for a, b in items):
                continue
            for a, b in items:
                name = text[a:b]
                if index.resolve(name) is None and not any(ch in _BAD_STRONG for ch in name) \
                        and lexicon.trigger_index()[0].search(name) is None:
                    x, y = w.orig_span(a, b)
                    index.add(name, original[x:y], "zh.person.counted_list")
