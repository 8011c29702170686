"""English charges: every label and variant of charges.tsv, '&' for 'and',
flexible spacing, longest match wins; charges in records stay on their step.

Mirrors pipeline/stages/en/charges.py. The first table is the catalogue itself,
so a new row or variant is tested the moment it is added.
"""
from __future__ import annotations

import pytest

from tests.stages.en.en_support import events, only
from pipeline.resources import charges
from pipeline.stages.en.charges import find_charges

CATALOGUE = [
    pytest.param(entry.id, phrase, id=f"{entry.id}:{phrase}")
    for entry in charges()
    for phrase in sorted({entry.label_en, *entry.variants_en})
]


def _found(text):
    ms = find_charges(text, 0, len(text))
    for m in ms:
        assert text[m.start:m.end] == m.text
    return [(m.value, m.text) for m in ms]


def test_catalogue_is_not_empty():
    assert len(CATALOGUE) > 50


@pytest.mark.parametrize("charge_id, phrase", CATALOGUE)
def test_every_catalogue_phrase(charge_id, phrase):
    text = f"He was detained on suspicion of {phrase}."
    assert _found(text) == [(charge_id, phrase)]


@pytest.mark.parametrize("charge_id, phrase", CATALOGUE)
def test_every_catalogue_phrase_any_case_and_spacing(charge_id, phrase):
    variant = phrase.upper().replace(" ", "  ")
    text = f"Prosecutors charged her with {variant} in March."
    assert [cid for cid, _ in _found(text)] == [charge_id]


def test_charge_labels_in_records_come_from_the_catalogue():
    by_id = {e.id: e for e in charges()}
    ev = only(events("Ke Yuhan was formally arrested on April 2, 2019 on suspicion of inciting subversion of state power."))
    assert [(c.id, c.label, c.statute) for c in ev.charges] == [
        ("inciting_subversion", by_id["inciting_subversion"].label_en, by_id["inciting_subversion"].statute)
    ]


MATCHES = [
    # text, [(id, matched text)]
    ("He was accused of picking quarrels & provoking trouble.", [("picking_quarrels", "picking quarrels & provoking trouble")]),
    ("charged with picking\nquarrels and provoking trouble", [("picking_quarrels", "picking\nquarrels and provoking trouble")]),
    ("charged with inciting subversion of state power", [("inciting_subversion", "inciting subversion of state power")]),
    ("charged with incitement to subvert state power", [("inciting_subversion", "incitement to subvert state power")]),
    ("held for subversion and inciting separatism", [("subversion", "subversion"), ("inciting_separatism", "inciting separatism")]),
    ("accused of organizing others to illegally cross the border",
     [("organizing_border_crossing", "organizing others to illegally cross the border")]),
    ("accused of illegally crossing the border", [("illegal_border_crossing", "illegally crossing the border")]),
    ("accused of inciting ethnic hatred and discrimination", [("inciting_ethnic_hatred", "inciting ethnic hatred and discrimination")]),
    ("held for extortion and blackmail", [("extortion", "extortion and blackmail")]),
    ("on suspicion of fraud", [("fraud", "fraud")]),
    ("He was a fraudster.", []),
    ("a subversive poem", []),
    ("They discussed state power.", []),
]


@pytest.mark.parametrize("text, expected", MATCHES)
def test_longest_match_and_boundaries(text, expected):
    assert _found(text) == expected


RECORD_CHARGES = [
    # text, {event_type: [charge ids]}
    ("Ke Yuhan was detained on March 3, 2019 on suspicion of picking quarrels and provoking trouble.",
     {"detained": ["picking_quarrels"]}),
    ("Ke Yuhan was detained on March 3, 2019 and formally arrested on April 2, 2019 on suspicion of inciting subversion of state power.",
     {"detained": [], "arrested": ["inciting_subversion"]}),
    ("Ke Yuhan was detained on March 3, 2019 on suspicion of picking quarrels and provoking trouble and formally arrested on April 2, 2019.",
     {"detained": ["picking_quarrels"], "arrested": []}),
    ("Ke Yuhan was formally charged with fraud on May 2, 2020.", {"indicted": ["fraud"]}),
    ("Ke Yuhan was convicted of espionage and sentenced to ten years in prison.", {"sentenced": ["espionage"]}),
    ("Ke Yuhan was detained for subversion on May 2, 2020. He was released on bail on June 9, 2020.",
     {"detained": ["subversion"], "released": []}),
]


@pytest.mark.parametrize("text, expected", RECORD_CHARGES)
def test_charges_stay_on_their_step(text, expected):
    evs = events(text)
    assert {ev.event_type: [c.id for c in ev.charges] for ev in evs} == expected
