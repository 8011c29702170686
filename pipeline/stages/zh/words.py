"""Words: jieba with the casefile domain dictionary (``resources/zh/userdict.txt``).

One private :class:`jieba.Tokenizer` is built on first use, so importing this
module changes nothing global; jieba's dictionary file is read once per
process for it, and the stock reading (jieba's own dictionary, which places'
name trimming and encoding use) is the same table seen without the domain
words (:class:`StockFrequencies`), not a second copy. Part-of-speech tags
from its HMM (``nr``, ``nrt``, ``nrfg``) are the statistical signal for
person names.
"""
from __future__ import annotations

import io
import logging
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import read_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Word:
    text: str
    flag: str
    start: int  # index in the working text it was cut from

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_ABSENT = object()


class StockFrequencies(Mapping):
    """jieba's own table (its prefix dictionary, or its word-tag table), read
    through casefile's (which is jieba's plus the domain dictionary): the few
    keys the domain dictionary added or changed answer as jieba's file has
    them. One table in memory, not two; slower per lookup than a dict, so it
    serves the cold readers only (places' name trimming, encoding's character
    frequencies). Writes (jieba's global tagger taking a user dictionary
    loaded into jieba's global tokenizer) go to this view, not to the table."""

    def __init__(self, base: dict, before: dict):
        self._base = base
        self._before = before  # key -> jieba's value, or _ABSENT for a key jieba's file lacks

    def __getitem__(self, key):
        if key in self._before:
            value = self._before[key]
            if value is _ABSENT:
                raise KeyError(key)
            return value
        return self._base[key]

    def __contains__(self, key):
        if key in self._before:
            return self._before[key] is not _ABSENT
        return key in self._base

    def get(self, key, default=None):
        if key in self._before:
            value = self._before[key]
            return default if value is _ABSENT else value
        return self._base.get(key, default)

    def __iter__(self):
        for key, _ in self.items():
            yield key

    def __len__(self):
        n = len(self._base)
        for key, value in self._before.items():
            if value is _ABSENT:
                n -= key in self._base
            else:
                n += key not in self._base
        return n

    def items(self):
        before = self._before
        for key, value in self._base.items():
            if key in before:
                value = before[key]
                if value is _ABSENT:
                    continue
            yield key, value
        for key, value in before.items():
            if value is not _ABSENT and key not in self._base:
                yield key, value

    def __setitem__(self, key, value):
        self._before[key] = value

    def update(self, other=(), **kwargs):
        for key, value in dict(other, **kwargs).items():
            self[key] = value


@dataclass(frozen=True)
class _Tables:
    ours: object  # POSTokenizer over jieba's dictionary + the domain dictionary
    stock: object  # POSTokenizer over jieba's dictionary as it ships (the same tables, read through StockFrequencies)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    userdict = io.StringIO(read_text("zh", "userdict.txt"))
    tok = jieba.Tokenizer()
    glob = jieba.posseg.dt  # jieba's global POSTokenizer over jieba.dt
    cls = _pos_tokenizer_class()
    if glob.tokenizer is not jieba.dt or jieba.dt.dictionary != tok.dictionary:
        # jieba's global was pointed at another dictionary: read ours on our own
        tok.tmp_dir = tempfile.gettempdir()  # where jieba caches its prefix dictionary
        tok.load_userdict(userdict)
        return _Tables(cls(tok), glob)
    # The same dictionary file as jieba's global: read it once. Importing
    # jieba.posseg has read its word-tag table already; the prefix dictionary is
    # read here (or copied from jieba's global when something read that first),
    # then the domain dictionary goes on top, as it would on a fresh load. What
    # the domain dictionary changed is remembered, so the stock reading of
    # places' name trimming and encoding is the same table seen without it.
    if jieba.dt.initialized:
        tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    else:
        tok.tmp_dir = tempfile.gettempdir()
        tok.initialize()
    total, keys = tok.total, {w[:i + 1] for w in _userdict_words(jieba, userdict.getvalue()) for i in range(len(w))}
    before = {k: tok.FREQ.get(k, _ABSENT) for k in keys}
    tok.load_userdict(userdict)
    before = {k: v for k, v in before.items() if tok.FREQ.get(k, _ABSENT) != v}
    # jieba's word-tag table again, its words the prefix dictionary's own string
    # objects and its few dozen tags one object each (a third of the memory);
    # equal to what jieba read.
    stock_tags = glob.word_tag_tab
    tags = {w: sys.intern(stock_tags[w]) for w in tok.FREQ if w in stock_tags}
    stock = jieba.Tokenizer()
    stock.FREQ, stock.total, stock.initialized = StockFrequencies(tok.FREQ, before), total, True
    if len(tags) != len(stock_tags):  # not the table this reads: casefile's tagger on its own copy
        return _Tables(cls(tok, dict(stock_tags)), cls(stock, stock_tags))
    # One table for both readings: casefile's tagger takes the domain
    # dictionary's tags into it at its first cut (jieba's makesure_userdict_loaded),
    # and the stock reading and jieba's global tagger see it through the tags
    # jieba's file gives those words (or none), as they see the frequencies.
    stock_view = StockFrequencies(tags, {w: tags.get(w, _ABSENT) for w in tok.user_word_tag_tab})
    glob.word_tag_tab = stock_view
    return _Tables(cls(tok, tags), cls(stock, stock_view))


def _userdict_words(jieba, text: str) -> list[str]:
    """The words ``jieba.Tokenizer.load_userdict`` (0.42.1) adds for ``text``, parsed as it parses them."""
    out = []
    for line in text.split("\n"):  # as StringIO yields them
        line = line.strip().lstrip("\ufeff")
        if line:
            out.append(jieba.re_userdict.match(line).group(1))
    return out


def _posseg():
    """The POSTokenizer with casefile's domain dictionary (one per process)."""
    return _tables().ours


def stock_posseg():
    """A POSTokenizer that cuts and tags as ``jieba.posseg`` does with jieba's
    own dictionary (no casefile words), over the same tables as :func:`_posseg`."""
    return _tables().stock


@lru_cache(maxsize=1)
def _pos_tokenizer_class():
    """jieba's POSTokenizer with :func:`pipeline.stages.zh.hmm.viterbi` (jieba's
    results, faster) and, when given one, an already read word-tag table (used as it is)."""
    import jieba.posseg as posseg

    from pipeline.stages.zh.hmm import viterbi

    class POSTokenizer(posseg.POSTokenizer):
        def __init__(self, tokenizer, word_tag_tab: dict | None = None):
            if word_tag_tab is None:
                super().__init__(tokenizer)
            else:  # POSTokenizer's own __init__ would read the table from the file again
                self.tokenizer = tokenizer
                self.word_tag_tab = word_tag_tab

        def _POSTokenizer__cut(self, sentence):
            # jieba.posseg.POSTokenizer.__cut (0.42.1) line for line, with the faster decoder
            prob, pos_list = viterbi(sentence, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin:i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return POSTokenizer


def userdict_entries() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) rows of the domain dictionary."""
    rows = []
    for line in read_text("zh", "userdict.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 2 else None
        rows.append((parts[0], freq, tag))
    return rows


def pos_cut(text: str) -> list[Word]:
    out, pos = [], 0
    for pair in _posseg().cut(text):
        out.append(Word(pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out


def merge_windows(spans) -> list[tuple[int, int]]:
    """(start, end) windows in order, those that touch or overlap merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    return _posseg().word_tag_tab


def dictionary_tag(word: str) -> str | None:
    """jieba's tag for a dictionary word, or None for a word it does not know."""
    return _word_tags().get(word)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (0 when unknown)."""
    return _posseg().tokenizer.FREQ.get(word) or 0
