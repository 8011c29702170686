"""The assembler's merging of one custody told twice, through the whole pipeline
(spaCy, jieba, the installed event scorer). GUIDELINES.md: a seizure and its
formal detention with no release between are one ``detained`` record dated by
the seizure; a release between, or months apart, makes two."""
from __future__ import annotations

import pytest

from pipeline import extract

CUSTODY = [
    pytest.param("Wang Lin was taken away by police on March 3, 2021, and criminally detained on March 10, 2021.",
                 {("detained", "2021-03-03")}, id="en-seized-then-detained"),
    pytest.param("Wang Lin was detained on March 3, 2021, released on March 5, 2021, and detained again on March 20, 2021.",
                 {("detained", "2021-03-03"), ("released", "2021-03-05"), ("detained", "2021-03-20")}, id="en-release-between"),
    pytest.param("Wang Lin was detained on March 3, 2021. He was detained on June 20, 2021.",
                 {("detained", "2021-03-03"), ("detained", "2021-06-20")}, id="en-months-apart"),
    pytest.param("2021年4月1日\n王林于3月3日被警察带走,3月10日被刑事拘留。",
                 {("detained", "2021-03-03")}, id="zh-daizou-then-xingju"),
    pytest.param("2021年4月1日\n王林于3月3日被警察带走,3月5日获释,3月10日又被刑事拘留。",
                 {("detained", "2021-03-03"), ("released", "2021-03-05"), ("detained", "2021-03-10")}, id="zh-release-between"),
]


@pytest.mark.parametrize("text,expected", CUSTODY)
def test_one_custody_is_one_record(text, expected):
    recs = extract(text, doc_id="t")
    assert {(r.event_type, r.date.iso if r.date else None) for r in recs} == expected
    merged = [r for r in recs if r.event_type == "detained" and len(expected) == 1]
    for r in merged:  # the seizure's date, and the quote still slices the text
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
