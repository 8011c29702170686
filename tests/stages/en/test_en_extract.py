"""The English stages end to end: assembly of candidates into records, a mixed
report with Chinese names in parentheses, and exact evidence offsets.

Mirrors pipeline/stages/en/extract.py (and what pipeline/stages/assemble.py
does with its candidates).
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, iso, only, pairs


def _slots(ev):
    return (
        ev.event_type, ev.person.name, iso(ev), ev.location.name if ev.location else None,
        [c.id for c in ev.charges],
    )


ASSEMBLY = [
    # text, records as (type, person, date, location, charge ids), in document order
    pytest.param(
        "Xie Haoran was detained on March 3, 2019. Friends said the police were rude. "
        "Xie Haoran was detained in Guangzhou on suspicion of fraud.",
        [("detained", "Xie Haoran", ("2019-03-03", "day"), "Guangzhou", ["fraud"])],
        id="told-twice-one-record-all-slots",
    ),
    pytest.param(
        "Police detained Xie Haoran in March 2019. His family said Xie Haoran was detained on March 3, 2019.",
        [("detained", "Xie Haoran", ("2019-03-03", "day"), None, [])],
        id="told-twice-keeps-the-finer-date",
    ),
    pytest.param(
        "Xie Haoran was detained on March 3, 2019. Xie Haoran was detained on June 5, 2019.",
        [("detained", "Xie Haoran", ("2019-03-03", "day"), None, []),
         ("detained", "Xie Haoran", ("2019-06-05", "day"), None, [])],
        id="different-dates-two-records",
    ),
    pytest.param(
        "Xie Haoran was detained on March 3, 2019. He was released on April 1, 2019. "
        "In June 2019, Xie Haoran was detained again.",
        [("detained", "Xie Haoran", ("2019-03-03", "day"), None, []),
         ("released", "Xie Haoran", ("2019-04-01", "day"), None, []),
         ("detained", "Xie Haoran", ("2019-06", "month"), None, [])],
        id="detained-again-separate",
    ),
    pytest.param(
        "Xie Haoran was detained in 2019. He was released on April 1, 2019. Police detained him again.",
        [("detained", "Xie Haoran", ("2019", "year"), None, []),
         ("released", "Xie Haoran", ("2019-04-01", "day"), None, []),
         ("detained", "Xie Haoran", None, None, [])],
        id="again-without-date-not-merged",
    ),
    pytest.param(
        "Xie Haoran and Lian Jie were detained on March 3, 2019. Lian Jie was detained in Wuhan.",
        [("detained", "Xie Haoran", ("2019-03-03", "day"), None, []),
         ("detained", "Lian Jie", ("2019-03-03", "day"), "Wuhan", [])],
        id="one-person-merged-other-untouched",
    ),
]


@pytest.mark.parametrize("text, expected", ASSEMBLY)
def test_assembly(text, expected):
    assert [_slots(ev) for ev in events(text)] == expected


def test_merged_record_evidence_is_the_more_informative_sentence():
    text = ("Xie Haoran was detained. Friends said the police were rude. "
            "Xie Haoran was detained in Guangzhou on March 3, 2019 on suspicion of fraud.")
    ev = only(events(text))
    assert ev.evidence.text.startswith("Xie Haoran was detained in Guangzhou")
    assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text


REPORT = (
    "Posted September 2, 2020\n"
    "Rights Defenders Held In Guangdong\n"
    "GUANGZHOU — Labor activist Cen Haoming (岑浩明) and his wife Du Xinyue (杜心悦) were detained by police "
    "in Guangzhou on August 20. Cen was formally arrested on suspicion of picking quarrels and provoking "
    "trouble on August 27. Ms. Du was released on bail the same day.\n\n"
    "The couple’s friend Ruan Kaixin (阮凯欣) went missing on August 25. Rights groups have called for "
    "the release of Cen, who has not been allowed to see a lawyer.\n"
)


def test_mixed_report_with_chinese_names():
    evs = events(REPORT, doc_id="report-en-zh")
    got = [(ev.event_type, ev.person.name, ev.person.name_zh, iso(ev), [c.id for c in ev.charges]) for ev in evs]
    assert sorted(got) == sorted([
        ("detained", "Cen Haoming", "岑浩明", ("2020-08-20", "day"), []),
        ("detained", "Du Xinyue", "杜心悦", ("2020-08-20", "day"), []),
        ("arrested", "Cen Haoming", "岑浩明", ("2020-08-27", "day"), ["picking_quarrels"]),
        ("released", "Du Xinyue", "杜心悦", ("2020-08-27", "day"), []),
        ("disappeared", "Ruan Kaixin", "阮凯欣", ("2020-08-25", "day"), []),
    ])
    for ev in evs:
        assert ev.doc_id == "report-en-zh"
        assert REPORT[ev.evidence.start:ev.evidence.end] == ev.evidence.text
        assert ev.evidence.start < ev.evidence.end


def test_detained_location_in_mixed_report():
    ev = only(events(REPORT), "detained", "Cen Haoming")
    assert ev.location is not None and ev.location.name == "Guangzhou"


@pytest.mark.parametrize("text, expected", [
    # an English sentence and its Chinese retelling: one record, the English name, the Chinese name as name_zh
    ("Police detained Cen Haoming (岑浩明) in Guangzhou on August 20, 2020.\n\n警方于2020年8月20日拘留了岑浩明。",
     ("Cen Haoming", "岑浩明", ("2020-08-20", "day"), "Guangzhou")),
    pytest.param("Police detained Cen Haoming (岑浩明) in Guangzhou on August 20, 2020. 警方于2020年8月20日拘留了岑浩明。", ("Cen Haoming", "岑浩明", ("2020-08-20", "day"), "Guangzhou")),
])
def test_english_and_chinese_retelling(text, expected):
    ev = only(events(text), "detained")
    assert (ev.person.name, ev.person.name_zh, iso(ev), ev.location.name if ev.location else None) == expected


OFFSETS = [
    # evidence offsets must stay exact when the text before is not ASCII, has CRLF, tabs or several spaces
    "Résumé — “Quoted” text first. Police detained Wu Lan on May 2, 2020.",
    "许文案：\nPolice detained Wu Lan on May 2, 2020.",
    "Line one.\r\nPolice detained Wu Lan on May 2, 2020.\r\n",
    "\ufeffPolice detained Wu Lan on May 2, 2020.",
    "Emoji 🙂 first.   Police\tdetained Wu Lan on May 2, 2020.",
]


@pytest.mark.parametrize("text", OFFSETS)
def test_evidence_offsets_are_exact(text):
    ev = only(events(text))
    assert (ev.event_type, ev.person.name, iso(ev)) == ("detained", "Wu Lan", ("2020-05-02", "day"))
    assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text
    assert "detained Wu Lan" in ev.evidence.text


def test_records_are_validated_and_stable():
    text = "Police detained Wu Lan on May 2, 2020."
    a, b = events(text), events(text)
    assert [e.event_id for e in a] == [e.event_id for e in b]
    ev = a[0]
    assert 0.0 <= ev.confidence <= 1.0
    assert ev.provenance["event_type"].startswith("en.trigger:")
    assert ev.provenance["date"] == "en.date.mdy"


@pytest.mark.parametrize("text,expected", [
    # a date before a verb of reaction dates the reaction, not the event in its object
    ("30 May 2020\n\nPEN America today condemned the sentencing of poet Wang Lin to four years in prison.", [("sentenced", "Wang Lin", None)]),
    ("30 May 2020\n\nRights groups on Monday welcomed the release of lawyer Wang Lin.", [("released", "Wang Lin", None)]),
    # a date that opens the sentence still dates its event
    ("On May 3, 2019, police detained Wang Lin.", [("detained", "Wang Lin", "2019-05-03")]),
])
def test_a_date_before_a_reaction_verb_is_not_the_events(text, expected):
    from pipeline import Document, extract_document
    from pipeline.stages.score import RuleScorer

    got = [(r.event_type, r.person.name, r.date.iso if r.date else None) for r in extract_document(Document(doc_id="t", text=text), RuleScorer())]
    assert got == expected
