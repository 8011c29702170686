"""English linking: which people a trigger takes, and which date, place and
charges go with each event.

Mirrors pipeline/stages/en/link.py. Every case runs the real pipeline.
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, iso, pairs


PEOPLE = [
    # text, (event_type, person) records
    pytest.param("Cao Yuming, Lian Jie and Xie Haoran were indicted on October 9, 2020.",
                 [("indicted", "Cao Yuming"), ("indicted", "Lian Jie"), ("indicted", "Xie Haoran")], id="list-subject"),
    pytest.param("Police arrested lawyers Cao Yuming and Lian Jie on October 9, 2020.",
                 [("arrested", "Cao Yuming"), ("arrested", "Lian Jie")], id="object-group-with-role"),
    pytest.param("Prosecutors indicted three staff members of the charity, Cao Yuming, Lian Jie and Mo Yifan, on October 9, 2020.",
                 [("indicted", "Cao Yuming"), ("indicted", "Lian Jie"), ("indicted", "Mo Yifan")], id="plural-apposition"),
    pytest.param("Yan Qiuyue was seized with her husband Pan Dongliang on May 9, 2021.",
                 [("detained", "Pan Dongliang"), ("detained", "Yan Qiuyue")], id="companion"),
    pytest.param("Liang Qinghe (梁清河) and his wife Zeng Wanyi (曾婉仪) were detained on March 3, 2020.",
                 [("detained", "Liang Qinghe"), ("detained", "Zeng Wanyi")], id="and-his-wife-subject"),
    pytest.param("Xie Haoran was detained and formally arrested on May 2, 2020.",
                 [("arrested", "Xie Haoran"), ("detained", "Xie Haoran")], id="detained-and-arrested-two-records"),
    pytest.param("Xie Haoran's lawyer was detained on March 3, 2019.", [], id="possessor-is-not-the-person"),
    pytest.param("Police detained Xie Haoran's lawyer Qu Ning on March 3, 2019.", [("detained", "Qu Ning")],
                 id="possessor-then-named-lawyer"),
    pytest.param("Xie Haoran, who was detained in 2018, was sentenced to four years in prison on May 2, 2020.",
                 [("detained", "Xie Haoran"), ("sentenced", "Xie Haoran")], id="relative-clause-event"),
    pytest.param("Eight unnamed individuals were detained on March 3, 2019.", [], id="unnamed"),
    pytest.param("Dozens of activists were detained on March 3, 2019.", [], id="dozens"),
    pytest.param("Kang Ruoxi said three observers were detained on March 3, 2019.", [], id="named-speaker-unnamed-victims"),
    ("Police detained Yan Qiuyue along with her brother Yan Dong in Hefei on May 9, 2021.", [("detained", "Yan Dong"), ("detained", "Yan Qiuyue")]),
    ("Police detained labor activist Cen Haoming (岑浩明) and his wife Du Xinyue (杜心悦) on August 20, 2020.", [("detained", "Cen Haoming"), ("detained", "Du Xinyue")]),
    ("Police in Chengdu detained Xie Haoran on March 3, 2019, and detained Gao Jie the next day.",
     [("detained", "Gao Jie"), ("detained", "Xie Haoran")]),
]


@pytest.mark.parametrize("text, expected", PEOPLE)
def test_people_of_an_event(text, expected):
    assert pairs(events(text)) == expected


DATES = [
    # text, [(event_type, (iso, precision) or None)] in document order
    pytest.param("Xie Haoran was detained in April 2019 and placed under RSDL.",
                 [("detained", ("2019-04", "month")), ("rsdl", ("2019-04", "month"))], id="rsdl-inherits-date"),
    pytest.param("Xie Haoran was detained on March 3, 2019 and formally arrested on April 2, 2019.",
                 [("detained", ("2019-03-03", "day")), ("arrested", ("2019-04-02", "day"))], id="two-dates"),
    pytest.param("In May 2019, police detained Xie Haoran.", [("detained", ("2019-05", "month"))], id="fronted-month-year"),
    pytest.param("Posted June 20, 2019\nIn May, police detained Xie Haoran.", [("detained", ("2019-05", "month"))],
                 id="fronted-month-dateline"),
    pytest.param("On March 3, 2019, Xie Haoran was detained in Guangzhou.", [("detained", ("2019-03-03", "day"))],
                 id="fronted-day"),
    pytest.param("Reports emerged in October 2019 that Xie Haoran had been detained.", [("detained", None)],
                 id="report-date-is-not-event-date"),
    pytest.param("Xie Haoran was released on bail in June 2019, after being detained in Guangzhou on March 3, 2019.",
                 [("released", ("2019-06", "month")), ("detained", ("2019-03-03", "day"))], id="after-being"),
    ("Xie Haoran was detained on March 3, 2019 and later released.", [("detained", ("2019-03-03", "day")), ("released", None)]),
    # a date that is the subject of a copula opens the sentence but dates nothing in it
    pytest.param("Posted June 20, 2019\nToday is the 30th birthday of Xie Haoran, who went missing 20 years ago.",
                 [("disappeared", ("1999", "year"))], id="copula-date-is-no-fronted-date"),
]


@pytest.mark.parametrize("text, expected", DATES)
def test_dates_of_events(text, expected):
    assert [(ev.event_type, iso(ev)) for ev in events(text)] == expected


def _loc(ev):
    return ev.location.name if ev.location else None


PLACES = [
    # text, location of the single record (None: the text ties no place to the event)
    pytest.param("Beijing activist Xie Haoran was detained on March 3, 2019.", None, id="place-describing-person"),
    pytest.param("Hubei resident Xie Haoran was detained on March 3, 2019.", None, id="resident"),
    pytest.param("Beijing activist Xie Haoran was detained in Shanghai on March 3, 2019.", "Shanghai", id="person-place-vs-event-place"),
    pytest.param("Wuhan police detained Xie Haoran on March 3, 2019.", "Wuhan", id="agent-place"),
    pytest.param("Linhai City police detained Xie Haoran on March 3, 2019.", "Linhai City", id="agent-place-city"),
    pytest.param("On May 5, 2018, police in Guangzhou detained Xie Haoran.", "Guangzhou", id="police-in"),
    pytest.param("Xie Haoran was detained in Guangzhou on March 3, 2019.", "Guangzhou", id="in-place"),
    pytest.param("Xie Haoran was held at the Dongcheng Detention Center on March 3, 2019.", "Dongcheng Detention Center",
                 id="facility"),
    pytest.param("Xie Haoran was detained in China on March 3, 2019.", None, id="country-China-uninformative"),
    pytest.param("Xie Haoran was detained at the Shenzhen No. 2 Detention Center on March 3, 2019.",
                 "Shenzhen No. 2 Detention Center", id="facility-with-number"),
]


@pytest.mark.parametrize("text, location", PLACES)
def test_event_location(text, location):
    evs = events(text)
    assert len(evs) == 1, pairs(evs)
    if location is None:
        assert _loc(evs[0]) is None
    else:  # the place as written, with or without a leading article
        assert _loc(evs[0]) in (location, "the " + location)


def test_each_step_keeps_its_own_place():
    evs = events("Xie Haoran was detained in Beijing on March 3, 2019, and released in Tianjin on March 9, 2019.")
    assert [(ev.event_type, _loc(ev), iso(ev)) for ev in evs] == [
        ("detained", "Beijing", ("2019-03-03", "day")),
        ("released", "Tianjin", ("2019-03-09", "day")),
    ]


GAPPED = [
    # text, {person: months of the record's sentence}
    pytest.param(
        "On May 3, 2019, Tenzin Dorje was sentenced to 10 years in prison, Lhamo to nine years, Pema Dolma and "
        "Sonam Gyatso to three years and Dawa Tsering to two years.",
        {"Tenzin Dorje": 120, "Lhamo": 108, "Pema Dolma": 36, "Sonam Gyatso": 36, "Dawa Tsering": 24},
        id="one-verb-many-terms"),
    pytest.param(
        "On May 3, 2019, the court sentenced Wang Lin and Li Na to ten years.",
        {"Wang Lin": 120, "Li Na": 120}, id="a-shared-object-is-no-gap"),
]


@pytest.mark.parametrize("text, expected", GAPPED)
def test_gapped_sentences_share_the_verb_with_their_own_term(text, expected):
    got = {e.person.name: e.sentence.months for e in events(text) if e.event_type == "sentenced"}
    assert got == expected
