"""Working text for Chinese spans: Simplified, half-width, with an offset map.

OpenCC ``t2s`` turns Traditional into Simplified so that one lexicon matches
both scripts, and full-width ASCII (２０１９, （, ：) becomes half-width so
that one set of patterns reads both. Every position of the working text maps
back to a position of the **original** text, so mentions found on the working
text report original offsets.

The conversion is kept one character for one character whenever OpenCC
allows (almost always); where a phrase conversion changes length the chunk
is converted character by character instead, so the map stays exact.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x2027: 0xB7, 0x30FB: 0xB7, 0xFF65: 0xB7, 0x2022: 0xB7})


@lru_cache(maxsize=1)
def _t2s():
    from pipeline.resources import opencc

    return opencc("t2s")


def to_simplified(text: str) -> str:
    """Simplified form of ``text`` with the same length (for names and keys)."""
    return normalize(text).text


def halfwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class WorkingText:
    """``text`` is the working form; ``base`` is where it starts in the original."""

    text: str
    base: int
    _map: tuple[int, ...] | None = None  # working index -> original offset from base; None: identity

    def orig(self, i: int) -> int:
        """Original document offset of working index ``i`` (``i`` may equal len(text))."""
        if self._map is None:
            return self.base + i
        if i >= len(self._map):
            return self.base + self._map[-1] + 1 if self._map else self.base
        return self.base + self._map[i]

    def working(self, orig: int) -> int:
        """Working index of original offset ``orig`` (the inverse of :meth:`orig`)."""
        rel = orig - self.base
        if self._map is None:
            return rel
        for i, o in enumerate(self._map):
            if o >= rel:
                return i
        return len(self._map)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.orig(start), self.orig(start)
        return self.orig(start), self.orig(end - 1) + 1


_CHUNK = re.compile(r"[^\n]*\n?")


def normalize(text: str, base: int = 0) -> WorkingText:
    """Half-width, Simplified working text of ``text`` (which starts at ``base``)."""
    half = halfwidth(text)
    conv = _t2s().convert(half)
    if len(conv) == len(half):
        return WorkingText(conv, base)
    # Rare: a phrase conversion changed length. Convert line by line, and
    # character by character inside any line that still changes length.
    log.debug("t2s changed length at base %d; building a character map", base)
    out: list[str] = []
    mapping: list[int] = []
    pos = 0
    for m in _CHUNK.finditer(half):
        chunk = m.group()
        if not chunk:
            continue
        c = _t2s().convert(chunk)
        if len(c) != len(chunk):
            c = "".join(_one(ch) for ch in chunk)
        out.append(c)
        mapping.extend(range(pos, pos + len(chunk)))
        pos += len(chunk)
    return WorkingText("".join(out), base, tuple(mapping))


def _one(ch: str) -> str:
    c = _t2s().convert(ch)
    return c if len(c) == 1 else ch
