"""Language spans and sentences.

A document is cut into lines; each line is English or Chinese by which
script dominates it (an English line that quotes a Chinese name in
parentheses stays English). Chinese lines are Traditional or Simplified by
which of the two conversions changes more of their characters. Neighbouring
lines of one language form a span; sentences never cross a span.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.document import Document, LangSpan, Sentence

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

# English: a sentence ends at . ! ? (and closing quotes) followed by space and
# an upper-case letter, a quote or a digit; abbreviations do not end one.
_EN_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s+["“‘(\[]?[A-Z0-9•])|[.!?]["'”’)\]]*$""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Jr|Sr|Gen|Col|Lt|Rev|Fr|Sen|Rep|Gov|Inc|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.k\.a|i\.e|e\.g|U\.S|U\.K|U\.N|P\. R)\.|\b[A-Z]\.)$"
)
_ZH_END = re.compile(r"[。！？；!?;]+[」』”’\"）)]*")


@lru_cache(maxsize=1)
def _converters():
    from pipeline.resources import opencc

    return opencc("t2s"), opencc("s2t")


def _variant_counts(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts of ``text``."""
    chars = "".join(_CJK.findall(text))
    if not chars:
        return 0, 0
    t2s, s2t = _converters()
    simp, trad = t2s.convert(chars), s2t.convert(chars)
    trad_only = sum(a != b for a, b in zip(chars, simp))
    simp_only = sum(a != b for a, b in zip(chars, trad))
    return trad_only, simp_only


def zh_variant(text: str) -> str:
    """'zh-Hant' when more characters are Traditional-only than Simplified-only."""
    trad_only, simp_only = _variant_counts(text)
    return "zh-Hant" if trad_only > simp_only else "zh-Hans"


def _variant_runs(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A Chinese span cut where its lines change script (a Simplified report that
    quotes a Traditional paragraph). Lines with fewer than two telling characters
    go with the run before them."""
    runs: list[list] = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        t, s = _variant_counts(line)
        v = None if abs(t - s) < 2 else ("zh-Hant" if t > s else "zh-Hans")
        a, b = pos, pos + len(line)
        pos = b
        if runs and (v is None or runs[-1][2] in (None, v)):
            runs[-1][1] = b
            runs[-1][2] = runs[-1][2] or v
        else:
            runs.append([a, b, v])
    whole = zh_variant(text[start:end])
    return [(a, b, v or whole) for a, b, v in runs]


def line_language(line: str) -> str | None:
    cjk = len(_CJK.findall(line))
    latin = len(_LATIN.findall(line))
    if cjk == 0 and latin == 0:
        return None
    # A Chinese character carries about as much as a three-letter word.
    return "zh" if cjk * 3 >= latin else "en"


_CHUNK_END = re.compile(r"[。！？]+[」』”’\"）)]*|[.!?]+[\"'”’)]*(?=\s|[\u3400-\u9fff]|$)")


def _chunks(line: str) -> list[tuple[int, int]]:
    """A line cut after each sentence end, so that an English sentence and its
    Chinese retelling on one line are classified apart."""
    out, last = [], 0
    for m in _CHUNK_END.finditer(line):
        out.append((last, m.end()))
        last = m.end()
    if last < len(line):
        out.append((last, len(line)))
    return out


def language_spans(text: str) -> list[LangSpan]:
    spans: list[list] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        for a, b in _chunks(line):
            lang = line_language(line[a:b])
            start, end = pos + a, pos + b
            if lang is None:
                if spans:
                    spans[-1][1] = end
                continue
            if spans and spans[-1][2] == lang:
                spans[-1][1] = end
            else:
                spans.append([start, end, lang])
        pos += len(line)
        if spans:
            spans[-1][1] = max(spans[-1][1], pos)
    out = []
    for start, end, lang in spans:
        if lang == "zh":
            out += [LangSpan(a, b, v) for a, b, v in _variant_runs(text, start, end)]
        else:
            out.append(LangSpan(start, end, lang))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# words that cannot end a sentence: a line ending in one is wrapped, not ended
_OPEN_WORDS = frozenset("and or of the a an to in on at for with by from that who was were is are as".split())


def _en_paragraphs(text: str, start: int, end: int):
    """Runs of text between line breaks, a line break inside a sentence of
    hard-wrapped text (_wrapped) kept inside its run: (offset, chunk) pairs."""
    seg = text[start:end]
    last = 0
    for m in re.finditer(r"\n", seg):
        if _wrapped(seg, m.start()):
            continue
        if m.start() > last:
            yield start + last, seg[last:m.start()]
        last = m.end()
    if len(seg) > last:
        yield start + last, seg[last:]


def _wrapped(seg: str, i: int) -> bool:
    """The line before ``i`` ends with no stop, and the next goes on in lower
    case, or the line ends with a comma or a word that cannot end a sentence."""
    prev = seg[seg.rfind("\n", 0, i) + 1:i].rstrip()
    j = seg.find("\n", i + 1)
    nxt = seg[i + 1:j if j >= 0 else len(seg)].lstrip()
    if not prev or not nxt or prev[-1] in ".!?:;\"”’)]":
        return False
    if nxt[0].islower() or nxt[0] == "(" or prev[-1] == ",":
        return True
    last = prev.rsplit(None, 1)[-1]
    return last in _OPEN_WORDS


def split_en(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for p0, chunk in _en_paragraphs(text, start, end):
        last = 0
        for m in _EN_END.finditer(chunk):
            head = chunk[last:m.start() + 1]
            if _ABBREV.search(head.rstrip(".") + ".") and m.group()[0] == ".":
                continue
            out.append(_trim(text, p0 + last, p0 + m.end()))
            last = m.end()
        if last < len(chunk):
            out.append(_trim(text, p0 + last, p0 + len(chunk)))
    return [s for s in out if s[1] > s[0]]


def split_zh(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for para in re.finditer(r"[^\n]+", text[start:end]):
        p0 = start + para.start()
        chunk = para.group()
        last = 0
        for m in _ZH_END.finditer(chunk):
            out.append(_trim(text, p0 + last, p0 + m.end()))
            last = m.end()
        if last < len(chunk):
            out.append(_trim(text, p0 + last, p0 + len(chunk)))
    return [s for s in out if s[1] > s[0]]


#: The longest sentence the stages read, in characters; a longer one (a table or
#: a list flattened into one line, text with no full stops) is cut at its last
#: clause break before the limit. Every stage's work grows with the triggers,
#: people and places of a sentence multiplied together, so this bounds the work
#: per sentence. Set far above any real sentence: the longest in the dev and
#: train reports are 644 (English) and 207 (Chinese) characters.
MAX_SENTENCE = {"en": 1000, "zh": 400}
_CLAUSE_BREAK = {"en": re.compile(r"[;,:]\s|\s[—–-]\s"), "zh": re.compile(r"[；;，,、：:]")}


def cap_length(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """(start, end) cut into pieces of at most MAX_SENTENCE[lang] characters, each
    ending after a clause break (else a space) in the second half of the limit."""
    limit = MAX_SENTENCE["en" if lang == "en" else "zh"]
    breaks = _CLAUSE_BREAK["en" if lang == "en" else "zh"]
    out = []
    while end - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = None
        for m in breaks.finditer(text, lo, hi):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", lo, hi)
            cut = space + 1 if space >= 0 else hi
        piece = _trim(text, start, cut)
        if piece[1] > piece[0]:
            out.append(piece)
        start = cut
    piece = _trim(text, start, end)
    if piece[1] > piece[0]:
        out.append(piece)
    return out


def segment(doc: Document) -> Document:
    doc.spans = language_spans(doc.text)
    sentences = []
    for span in doc.spans:
        splitter = split_en if span.lang == "en" else split_zh
        for s, e in splitter(doc.text, span.start, span.end):
            for a, b in cap_length(doc.text, s, e, span.lang):
                sentences.append(Sentence(a, b, span.lang))
    doc.sentences = sentences
    return doc
