"""Report styles beyond running prose: case lists, court briefs, ages after names,
hearings that lie ahead. Invented people and wording throughout."""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, iso, pairs

CASE_LIST = (
    "CASE NOTES\n\n"
    "Ma Xiaolu (马晓路), bookseller. Detained May 30, 2020 in Kunming, Yunnan; formally arrested on July 3, 2020 "
    "on suspicion of \"picking quarrels and provoking trouble.\" Sentenced to three years on August 25, 2021.\n\n"
    "Fan Jing (范静), Ma Xiaolu's wife. Placed under residential surveillance at a designated location in June 2020; "
    "released on bail in December 2020.\n"
)


def test_case_list_entries_take_the_person_their_entry_opens_with():
    evs = events(CASE_LIST)
    got = {(e.event_type, e.person.name): iso(e) for e in evs}
    assert got == {
        ("detained", "Ma Xiaolu"): ("2020-05-30", "day"),
        ("arrested", "Ma Xiaolu"): ("2020-07-03", "day"),
        ("sentenced", "Ma Xiaolu"): ("2021-08-25", "day"),
        ("rsdl", "Fan Jing"): ("2020-06", "month"),
        ("released", "Fan Jing"): ("2020-12", "month"),
    }
    arrested = next(e for e in evs if e.event_type == "arrested")
    assert [c.id for c in arrested.charges] == ["picking_quarrels"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # an age set off by commas marks a name no rule or model knows
        ("Sonam Wangdu, 34, was taken into custody in March 2019 in Lhasa.", [("detained", "Sonam Wangdu")]),
        ("Villagers said Ablikim Turdi, 51, was sentenced to nine years in prison in 2020.", [("sentenced", "Ablikim Turdi")]),
        # a headline participle before a noun phrase is an adjective, not an event of the last person named
        ("Li Qiang was released in May.\n\nDetained Uyghur poet's family speaks out", [("released", "Li Qiang")]),
    ],
)
def test_people_in_briefs(text, expected):
    assert pairs(events(text)) == expected


def test_a_hearing_ahead_neither_dates_the_arrest_nor_anchors_the_same_day():
    text = (
        "12 October 2023\n\n"
        "Lam Wai-kit was arrested on Monday and will remain in custody until his next court appearance on December 1. "
        "Two colleagues, Ho Siu-ling and Tse Chun-yin, were arrested on the same day."
    )
    got = {(e.event_type, e.person.name): iso(e) for e in events(text)}
    assert got == {
        ("arrested", "Lam Wai-kit"): ("2023-10-09", "day"),
        ("arrested", "Ho Siu-ling"): ("2023-10-09", "day"),
        ("arrested", "Tse Chun-yin"): ("2023-10-09", "day"),
    }


@pytest.mark.parametrize(
    "text,months",
    [
        ("Gu Lanfang, who was released in 2021 after serving eight years, now lives in Wuhan.", 96),
        ("Shi Wenbo has served 18 months in prison so far.", 18),
    ],
)
def test_a_term_served_is_a_sentence_without_a_date(text, months):
    sentenced = [e for e in events(text) if e.event_type == "sentenced"]
    assert len(sentenced) == 1
    assert sentenced[0].sentence.months == months and sentenced[0].date is None


def test_a_release_dated_by_the_text_not_by_the_reporting_clause():
    text = (
        "Shenyang, 5 September 2024 — Police have released the writer Pan Yiming after holding him for nearly "
        "three weeks, his daughter said on Thursday. Pan was taken away from his home on August 16 and held in a "
        "guesthouse before being sent home on September 4.\n\n"
        "The whereabouts of his friend, the retired teacher Lu Chunhua, remain unknown since her detention in late August."
    )
    got = {(e.event_type, e.person.name): (e.date.iso if e.date else None) for e in events(text)}
    assert got == {
        ("released", "Pan Yiming"): "2024-09-04",
        ("detained", "Pan Yiming"): "2024-08-16",
        ("disappeared", "Lu Chunhua"): None,
        ("detained", "Lu Chunhua"): "2024-08",
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        # the sentence before ties the day to one city: the slot scorer carries it (a
        # rule that took the report's dominant city everywhere cost strict F1 in CV,
        # 0.362 -> 0.335; the learned choice among nearby places gains, 0.232 -> 0.276 on train)
        ("Police in Nanning broke up a vigil on Friday. Protesters gathered again in Nanning on Sunday.\n\n"
         "Organizer Wei Jianguo was detained on Sunday evening.",
         {("detained", "Wei Jianguo"): "Nanning"}),
        # a report about several places: no place is guessed
        ("Police in Nanning and in Guilin broke up vigils. Activists gathered in Liuzhou too.\n\n"
         "Organizer Wei Jianguo was detained on Sunday evening.",
         {("detained", "Wei Jianguo"): None}),
    ],
)
def test_a_place_from_the_sentences_before(text, expected):
    got = {(e.event_type, e.person.name): (e.location.name if e.location else None) for e in events(text)}
    assert got == expected
