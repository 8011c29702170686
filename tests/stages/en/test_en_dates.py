"""English dates: absolute, partial, relative; ISO value and precision.

Mirrors pipeline/stages/en/dates.py. ``resolved(text, surface)`` runs the date
stage over the whole text in document order (as extract does), so relative
dates chain from the previous one and partial ones take the document's year.
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, iso, only
from pipeline.stages.en import dates as D


def resolved(text: str, surface: str) -> tuple[str, str]:
    ctx = D.document_context(text)
    found = D.find_dates(text, 0, len(text), ctx, {})
    for m in found:
        assert text[m.start:m.end] == m.text
    hits = [m for m in found if m.text == surface]
    assert len(hits) == 1, (surface, [(m.text, m.value) for m in found])
    return hits[0].value["iso"], hits[0].value["precision"]



ABSOLUTE = [
    # text, date surface, iso, precision
    ("He was detained on December 26, 2019.", "December 26, 2019", "2019-12-26", "day"),
    ("He was detained on 26 December 2019.", "26 December 2019", "2019-12-26", "day"),
    ("He was detained on the 5th of March, 2020.", "5th of March, 2020", "2020-03-05", "day"),
    ("He was detained on Sept. 4, 2019.", "Sept. 4, 2019", "2019-09-04", "day"),
    ("He was detained on 2020-03-05.", "2020-03-05", "2020-03-05", "day"),
    ("He was detained in July 2019.", "July 2019", "2019-07", "month"),
    ("He was detained in early March 2020.", "early March 2020", "2020-03", "month"),
    ("He was detained at the end of March 2020.", "the end of March 2020", "2020-03", "month"),
    ("He was detained in 2017.", "2017", "2017", "year"),
    ("He was detained in mid-2019.", "2019", "2019", "year"),
    # ranges: the start
    ("He was tried on August 3-7, 2020.", "August 3-7, 2020", "2020-08-03", "day"),
    ("He was tried from August 3 to 7, 2020.", "August 3", "2020-08-03", "day"),
    ("He was tried on 3-7 August 2020.", "3-7 August 2020", "2020-08-03", "day"),
]


@pytest.mark.parametrize("text, surface, iso_, precision", ABSOLUTE)
def test_absolute_dates(text, surface, iso_, precision):
    assert resolved(text, surface) == (iso_, precision)


MISSING_YEAR = [
    # the year comes from the last year written before, else the dateline
    ("In 2018 she moved to Wuhan. He was detained on February 6 at home.", "February 6", "2018-02-06", "day"),
    ("Posted March 10, 2021. He was detained on February 6 at home.", "February 6", "2021-02-06", "day"),
    ("Posted March 10, 2021. In 2018 she moved. He was detained on February 6.", "February 6", "2018-02-06", "day"),
    ("He was detained on 6 February. His trial was in 2016.", "6 February", "2016-02-06", "day"),  # only a later year
    ("Posted March 10, 2021. He was detained in February.", "February", "2021-02", "month"),
    ("Posted March 10, 2021. He was detained last October.", "October", "2020-10", "month"),
    ("Posted January 10, 2021. He was detained on February 6 at home.", "February 6", "2020-02-06", "day"),
    ("Posted March 10, 2021. He was detained in October.", "October", "2020-10", "month"),
]


@pytest.mark.parametrize("text, surface, iso_, precision", MISSING_YEAR)
def test_year_from_context(text, surface, iso_, precision):
    assert resolved(text, surface) == (iso_, precision)


CHAINED = [
    # relative to the previous date in the text
    ("He was detained on March 3, 2020. He was released the next day.", "the next day", "2020-03-04", "day"),
    ("He was detained on March 31, 2020. He was released the following day.", "the following day", "2020-04-01", "day"),
    ("He was detained on March 3, 2020. He was questioned the same day.", "the same day", "2020-03-03", "day"),
    ("He was detained in March 2020. He was released the next day.", "the next day", "2020-03", "month"),
    ("He was detained on March 3, 2020. He was arrested a month later.", "a month later", "2020-04", "month"),
    ("He was detained on March 3, 2020. He was released two weeks later.", "two weeks later", "2020-03-17", "day"),
    ("He was detained on March 3, 2020. He was released 37 days later.", "37 days later", "2020-04-09", "day"),
    ("He was detained on March 3, 2020. He was released after 37 days of detention.",
     "after 37 days of detention", "2020-04-09", "day"),
    ("He was detained in 2019. He was released a month later.", "a month later", "2019", "year"),
    ("He was detained on June 2, 2020. He was released later in the month.", "later in the month", "2020-06", "month"),
    ("He was detained on June 2, 2020. He was released later that year.", "later that year", "2020", "year"),
    # chains continue from the last resolved date
    ("He was detained on March 3, 2020. A week later he was arrested. He was released the next day.",
     "the next day", "2020-03-11", "day"),
]


@pytest.mark.parametrize("text, surface, iso_, precision", CHAINED)
def test_relative_to_previous_date(text, surface, iso_, precision):
    assert resolved(text, surface) == (iso_, precision)


DEICTIC = [
    # relative to the dateline (March 10, 2021 is a Wednesday)
    ("Posted March 10, 2021. He was detained 40 days ago.", "40 days ago", "2021-01-29", "day"),
    ("Posted March 10, 2021. He was detained this week.", "this week", "2021-03", "month"),
    ("Posted March 10, 2021. He was detained last month.", "last month", "2021-02", "month"),
    ("Posted March 10, 2021. He was detained last year.", "last year", "2020", "year"),
    ("Posted March 10, 2021. He was detained yesterday.", "yesterday", "2021-03-09", "day"),
    ("Posted March 10, 2021. He was detained on Wednesday.", "Wednesday", "2021-03-10", "day"),
    ("Posted March 10, 2021. He was detained on Monday.", "Monday", "2021-03-08", "day"),
    ("Posted March 10, 2021. He was detained on Thursday.", "Thursday", "2021-03-04", "day"),
]


@pytest.mark.parametrize("text, surface, iso_, precision", DEICTIC)
def test_relative_to_dateline(text, surface, iso_, precision):
    assert resolved(text, surface) == (iso_, precision)


_STORY = ("A court in the city heard the case of a man accused of sedition over messages he posted online. "
          "The hearing lasted an hour and the prosecutor asked for more time to review the evidence gathered by "
          "officers, and the magistrate agreed to adjourn the case for several weeks at the request of both sides. "
          "He is accused over posts published between May 4, 2019 and the end of that year. ")


@pytest.mark.parametrize("text, expected", [
    # a relative date the written date right after it restates gives way to it
    ("Posted March 10, 2021. Police raided the shop on March 2. Two days later, on March 5, they detained him.",
     [("March 10, 2021", "2021-03-10"), ("March 2", "2021-03-02"), ("March 5", "2021-03-05")]),
    ("Posted March 10, 2021. He was detained on Monday, March 1, at his home.",
     [("March 10, 2021", "2021-03-10"), ("March 1", "2021-03-01")]),
    ("Posted March 10, 2021. He was held on Jan 3. Two weeks later (January 20) he was freed.",
     [("March 10, 2021", "2021-03-10"), ("Jan 3", "2021-01-03"), ("January 20", "2021-01-20")]),
    # the next sentence's date restates nothing
    ("Posted March 10, 2021. He was detained on Monday. On March 4 he was freed.",
     [("March 10, 2021", "2021-03-10"), ("Monday", "2021-03-08"), ("March 4", "2021-03-04")]),
])
def test_relative_date_restated_by_a_written_one(text, expected):
    ctx = D.document_context(text)
    assert [(m.text, m.value["iso"]) for m in D.find_dates(text, 0, len(text), ctx, {})] == expected


@pytest.mark.parametrize("text, surface, iso_, precision", [
    # no date at the top: the report's latest full date stands in for its own date
    # (March 10, 2021 is a Wednesday), not the first date its story tells
    (_STORY + "Police searched his flat on March 10, 2021. He was detained on Monday.", "Monday", "2021-03-08", "day"),
    (_STORY + "Police searched his flat on March 10, 2021. He was detained last week.", "last week", "2021-03", "month"),
    (_STORY + "Police searched his flat on March 10, 2021. He was detained this year.", "this year", "2021", "year"),
    # a dated header still is the dateline, whatever later dates say
    ("March 10, 2021\n\nPolice detained him on Monday after a raid on April 2, 2023.", "Monday", "2021-03-08", "day"),
])
def test_dateline_without_a_header_is_the_latest_full_date(text, surface, iso_, precision):
    assert resolved(text, surface) == (iso_, precision)


@pytest.mark.parametrize("text", [
    "He spent 2,020 days in jail.",
    "He was detained three days ago.",          # no dateline: nothing to count back from
    "He was released the next day.",            # no previous date
    "Article 73 of the law took effect in 1,997 places.",
])
def test_no_date(text):
    ctx = D.document_context(text)
    assert D.find_dates(text, 0, len(text), ctx, {}) == []


@pytest.mark.parametrize("text, event_type, expected", [
    ("Posted June 20, 2019\nPolice detained Fan Qiuyu on February 6.", "detained", ("2019-02-06", "day")),
    ("Fan Qiuyu was detained on March 3, 2020. He was freed the next day.", "released", ("2020-03-04", "day")),
    ("Fan Qiuyu was detained on March 3, 2020. After 37 days of detention, he was released.", "released", ("2020-04-09", "day")),
    ("Fan Qiuyu was detained on March 3, 2019, and released on bail 37 days later.", "released", ("2019-04-09", "day")),
    ("Fan Qiuyu was detained on June 2, 2020. He was released later in the month.", "released", ("2020-06", "month")),
    ("Fan Qiuyu was tried on August 3-7, 2020.", "tried", ("2020-08-03", "day")),
    ("Posted March 10, 2021\nPolice detained Fan Qiuyu last year.", "detained", ("2020", "year")),
    ("Posted March 10, 2021\nPolice detained Fan Qiuyu on Wednesday.", "detained", ("2021-03-10", "day")),
])
def test_dates_in_records(text, event_type, expected):
    assert iso(only(events(text), event_type)) == expected


@pytest.mark.parametrize("text, event_type, expected", [
    # a date after the report's own header date is something still to come: the event keeps none
    ("20 April 2020\n\nPolice arrested Fan Qiuyu on 18 April 2020. He was released on bail and "
     "is to appear in court on 18 May 2020.", "released", None),
    ("20 April 2020\n\nPolice arrested Fan Qiuyu on 18 April 2020. He was released on bail and "
     "is to appear in court on 18 May 2020.", "arrested", ("2020-04-18", "day")),
    # no header date: the first date is the event's own, and nothing is dropped
    ("Fan Qiuyu was detained on March 3, 2020. He was released on April 9, 2020.", "released", ("2020-04-09", "day")),
])
def test_no_date_after_the_publication_date(text, event_type, expected):
    assert iso(only(events(text), event_type)) == expected


@pytest.mark.parametrize("text,expected", [
    # the year of a thing named before ("the earthquake of 2008") does not date a later day
    ("In May 2018, police broke up a vigil for the victims of the earthquake of 2008. "
     "Officers detained Wen Lu on 11 May.", "2018-05-11"),
    ("Posted 9 June 2021\nActivists recalled the 1989 movement. Police detained Wen Lu on 4 June.", "2021-06-04"),
])
def test_a_year_that_names_a_thing_does_not_date_the_event(text, expected):
    ev = only(events(text), "detained")
    assert ev.date.iso == expected
