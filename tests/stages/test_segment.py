"""Sentence splitting (pipeline/stages/segment.py): hard-wrapped English lines are
one sentence; a line that ends a sentence, a heading or a paragraph stays apart."""
from __future__ import annotations

import pytest

from pipeline.stages.segment import split_en


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_en(text, 0, len(text))]


@pytest.mark.parametrize("text,expected", [
    # a wrapped line goes on in lower case, after a comma, or after a word that cannot end a sentence
    ("Police detained three\nactivists on Monday.", ["Police detained three\nactivists on Monday."]),
    ("They had pleaded guilty,\nIncluding the organiser.", ["They had pleaded guilty,\nIncluding the organiser."]),
    ("Ren Hao and\nBai Xue were held.", ["Ren Hao and\nBai Xue were held."]),
    # a line that ends with a stop, a heading, or a blank line ends a sentence
    ("Ren Hao was held.\nhe was released later.", ["Ren Hao was held.", "he was released later."]),
    ("Three Activists Jailed\nThe court sentenced them on Monday.", ["Three Activists Jailed", "The court sentenced them on Monday."]),
    ("Police detained three\n\nactivists on Monday.", ["Police detained three", "activists on Monday."]),
])
def test_wrapped_lines(text, expected):
    assert sentences(text) == expected
