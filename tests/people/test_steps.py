"""Custody steps from a person's records, and the conflicts between reports."""
from __future__ import annotations

import pytest

from pipeline.people.conflicts import conflicts
from pipeline.people.steps import agree, group_steps
from pipeline.records import DateValue
from tests.people.people_support import rec


def d(iso: str) -> DateValue:
    return DateValue(iso=iso, precision={4: "year", 7: "month", 10: "day"}[len(iso)])


@pytest.mark.parametrize("a,b,same", [
    ("2020-02", "2020-02-15", True), ("2020", "2020-02-15", True), ("2020-02-15", "2020-02-15", True),
    ("2020-02-15", "2020-02-16", False), ("2020-02", "2020-03-01", False), ("2019", "2020-01", False),
])
def test_dates_agree_at_their_common_precision(a, b, same):
    assert agree(d(a), d(b)) is same


SENT = "sentenced"


@pytest.mark.parametrize("what,records,n_steps", [
    ("same detention in two reports", [rec("a", "X", date="2020-02-15"), rec("b", "X", date="2020-02")], 1),
    ("an undated record joins the only step", [rec("a", "X", date="2020-02-15"), rec("b", "X")], 1),
    ("two detentions years apart", [rec("a", "X", date="2015-06-01"), rec("b", "X", date="2020-02-15")], 2),
    ("different types are different steps", [rec("a", "X", date="2020-02-15"), rec("b", "X", kind="arrested", date="2020-02-15")], 2),
    ("a day apart in two reports: one step told two ways", [rec("a", "X", date="2020-02-15"), rec("b", "X", date="2020-02-16")], 1),
    ("a day apart in one report: two steps", [rec("a", "X", date="2020-02-15"), rec("a", "X", date="2020-02-16", start=40)], 2),
    ("a year that fits two steps stays apart",
     [rec("a", "X", date="2020-02-15"), rec("b", "X", date="2020-09-01"), rec("c", "X", date="2020")], 3),
])
def test_grouping(what, records, n_steps):
    steps = group_steps(records, "P000001")
    assert len(steps) == n_steps
    assert sorted(r.event_id for s in steps for r in s.records) == sorted(r.event_id for r in records)


def test_a_step_takes_the_most_precise_value_and_keeps_who_said_what():
    records = [rec("a", "X", date="2020-02", location={"name": "Hubei", "admin_level": "province"}),
               rec("b", "X", date="2020-02-15", location={"name": "Wuhan", "admin_level": "prefecture"}),
               rec("c", "X", date="2020")]
    (step,) = group_steps(records)
    assert step.date.iso == "2020-02-15" and step.docs == ["a", "b", "c"]
    assert step.value("location")["name"] == "Wuhan"
    assert [(s.doc_id, s.value["iso"]) for s in step.said("date")] == [("a", "2020-02"), ("b", "2020-02-15"), ("c", "2020")]
    assert conflicts([step]) == []


def _term(months: int) -> dict:
    return {"sentence": {"months": months}}


@pytest.mark.parametrize("what,records,rule,values", [
    ("4 and 5 years", [rec("a", "X", kind=SENT, date="2021-05-10", **_term(48)), rec("b", "X", kind=SENT, date="2021-05", **_term(60))],
     "conflict.sentence", [{"months": 48, "suspended": False}, {"months": 60, "suspended": False}]),
    ("two days", [rec("a", "X", date="2020-02-15"), rec("b", "X", date="2020-02-18")], "conflict.date", ["2020-02-15", "2020-02-18"]),
    ("two charges", [rec("a", "X", date="2020-02-15", charges=[{"id": "subversion", "label": "subversion"}]),
                     rec("b", "X", date="2020-02-15", charges=[{"id": "picking_quarrels", "label": "picking quarrels"}])],
     "conflict.charges", [["subversion"], ["picking_quarrels"]]),
    ("released before detained", [rec("a", "X", date="2020-03-05"), rec("b", "X", kind="released", date="2020-03-01")],
     "order.released_before_detained", ["detained 2020-03-05", "released 2020-03-01"]),
    ("tried before indicted", [rec("a", "X", kind="indicted", date="2021-06"), rec("b", "X", kind="tried", date="2021-03-02")],
     "order.tried_before_indicted", ["indicted 2021-06", "tried 2021-03-02"]),
])
def test_conflicts_show_both_values_with_their_sources(what, records, rule, values):
    found = [c for c in conflicts(group_steps(records)) if c.rule == rule]
    assert len(found) == 1
    assert [v["value"] for v in found[0].values] == values
    assert sorted(doc for v in found[0].values for doc in v["doc_ids"]) == ["a", "b"]


@pytest.mark.parametrize("what,records", [
    ("one charge list contains the other", [
        rec("a", "X", date="2020-02-15", charges=[{"id": "subversion", "label": "s"}]),
        rec("b", "X", date="2020-02-15", charges=[{"id": "subversion", "label": "s"}, {"id": "picking_quarrels", "label": "p"}])]),
    ("released years before a later detention", [rec("a", "X", kind="released", date="2012-05-01"), rec("b", "X", date="2020-03-05")]),
    ("released the same month, day unknown", [rec("a", "X", date="2020-03-05"), rec("b", "X", kind="released", date="2020-03")]),
    ("same term", [rec("a", "X", kind=SENT, date="2021-05-10", **_term(48)), rec("b", "X", kind=SENT, **_term(48))]),
])
def test_no_conflict(what, records):
    assert conflicts(group_steps(records)) == []
