"""The review app's view helpers: filters from a query string, quotes marked in a document."""
from __future__ import annotations

import pytest

from pipeline.records import DetentionEvent
from pipeline.serve.views import errors_by_group, marked_text, parse_filters
from pipeline.store import QueueFilter, ReviewedEvent

TEXT = "Police detained Wang Lin and Li Ming in Wuhan. Both were released a week later."


def reviewed(name: str, quote: str, kind: str = "detained", shift: int = 0) -> ReviewedEvent:
    start = TEXT.index(quote) + shift
    ev = DetentionEvent.model_validate({
        "doc_id": "d", "event_type": kind, "person": {"name": name}, "confidence": 0.5,
        "evidence": {"start": start, "end": start + len(quote), "text": quote},
    })
    return ReviewedEvent(ev, "unreviewed", None, ev)


WANG = reviewed("Wang Lin", "Police detained Wang Lin and Li Ming in Wuhan.")
LI = reviewed("Li Ming", "Li Ming in Wuhan.")
FREED = reviewed("Li Ming", "Both were released a week later.", "released")
MOVED = reviewed("Wang Lin", "Both were released", "released", shift=3)  # its offsets no longer hold its quote


@pytest.mark.parametrize(
    "events,marked",
    [
        ([], []),
        ([WANG], [("Police detained Wang Lin and Li Ming in Wuhan.", [WANG])]),
        ([WANG, LI], [("Police detained Wang Lin and ", [WANG]), ("Li Ming in Wuhan.", [WANG, LI])]),
        ([FREED, WANG], [("Police detained Wang Lin and Li Ming in Wuhan.", [WANG]),
                         ("Both were released a week later.", [FREED])]),
    ],
)
def test_every_quote_is_marked_overlaps_included(events, marked):
    segments, missing = marked_text(TEXT, events)
    assert "".join(s.text for s in segments) == TEXT  # nothing lost, nothing repeated
    assert [(s.text, s.events) for s in segments if s.events] == [(t, [r.event_id for r in rs]) for t, rs in marked]
    assert missing == []


def test_a_quote_no_longer_at_its_offsets_is_reported_not_marked():
    segments, missing = marked_text(TEXT, [WANG, MOVED])
    assert missing == [MOVED.event_id]
    assert all(MOVED.event_id not in s.events for s in segments)


@pytest.mark.parametrize(
    "params,queue,problems",
    [
        ({}, QueueFilter(), 0),
        ({"type": "released", "person": " Wang ", "state": "unreviewed"},
         QueueFilter(event_type="released", person="Wang", state="unreviewed"), 0),
        ({"from": "2020-03", "to": "2021", "doc": "en-sample-01"},
         QueueFilter(date_from="2020-03", date_to="2021", doc_id="en-sample-01"), 0),
        ({"min": "0.5", "max": "0.9"}, QueueFilter(min_confidence=0.5, max_confidence=0.9), 0),
        ({"min": "high", "max": "7"}, QueueFilter(), 2),
        ({"type": "<script>", "state": "maybe"}, QueueFilter(), 2),
    ],
)
def test_filters_from_the_query_string(params, queue, problems):
    filters = parse_filters(params)
    assert filters.queue == queue and len(filters.problems) == problems


def test_filters_round_trip_through_their_url():
    filters = parse_filters({"type": "released", "person": "Li & Wang", "min": "0.5"})
    from urllib.parse import parse_qsl, urlsplit

    again = parse_filters(dict(parse_qsl(urlsplit(filters.url(i=3)).query)))
    assert again.queue == filters.queue
    assert filters.url(i=3).endswith("&i=3") and parse_filters({}).url() == "/"


def test_edit_errors_are_grouped_by_fieldset():
    got = errors_by_group([("date", "bad date"), ("sentence.months", "not a number"), ("record", "no sentence here")])
    assert got == {"date": ["date: bad date"], "sentence": ["sentence.months: not a number"],
                   "record": ["record: no sentence here"]}
