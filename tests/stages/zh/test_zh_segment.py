"""Language spans and Chinese sentences: English, Simplified and Traditional
runs in one document each go to their own stages."""
from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.stages import segment

MIXED = (
    "Police detained lawyer Xu Zhiyong (许志永) in Guangzhou on February 15, 2020.\n"
    "维权律师许志永于2020年2月15日在广州被警方拘捕。他的伴侣随后发声！\n"
    "維權律師許志永於2020年2月15日在廣州被警方拘捕；其伴侶隨後發聲。\n"
)


def test_three_runs_in_one_document():
    doc = segment.segment(Document("m", MIXED))
    assert [s.lang for s in doc.spans] == ["en", "zh-Hans", "zh-Hant"]


@pytest.mark.parametrize("text,variant", [
    ("维权律师许志永被捕", "zh-Hans"),
    ("維權律師許志永被捕", "zh-Hant"),
    ("国家安全", "zh-Hans"),
    ("國家安全", "zh-Hant"),
])
def test_variant(text, variant):
    assert segment.zh_variant(text) == variant


def test_chinese_sentences_end_at_full_stops_and_semicolons():
    doc = segment.segment(Document("m", MIXED))
    zh = [MIXED[s.start:s.end] for s in doc.sentences if s.lang != "en"]
    assert zh == [
        "维权律师许志永于2020年2月15日在广州被警方拘捕。", "他的伴侣随后发声！",
        "維權律師許志永於2020年2月15日在廣州被警方拘捕；", "其伴侶隨後發聲。",
    ]


def test_mixed_document_records_from_both_languages_merge():
    from pipeline import extract

    recs = [r for r in extract(MIXED) if r.person.name_zh == "许志永"]
    assert recs, "the Chinese spans produced no record"
    assert all(MIXED[r.evidence.start:r.evidence.end] == r.evidence.text for r in recs)
    assert len({(r.event_type, r.date.iso if r.date else None) for r in recs}) == len(recs)
