"""The event scorer: a readable linear model over candidate features."""
from __future__ import annotations

import json

import pytest

from pipeline import extract
from pipeline.mentions import Candidate, Mention, PersonRef
from pipeline.stages.score import LinearModel, ModelScorer, RuleScorer, default_scorer

MODEL = json.dumps({"name": "t", "families": {
    "en": {"threshold": {"rule": 0.5, "alternative": 0.5}, "bias": 0.0, "weights": {"rule=1": 2.0, "rule=0": -2.0, "lw:not": -5.0}},
}})


def _cand(rule: bool, features: dict) -> Candidate:
    return Candidate("detained", PersonRef("Wang Lin"), Mention("trigger", 0, 8, "detained"), (0, 8),
                     rule=rule, features=features)


@pytest.mark.parametrize("rule,features,kept", [
    (True, {"rule=1": 1.0}, True),
    (False, {"rule=0": 1.0}, False),
    (True, {"rule=1": 1.0, "lw:not": 1.0}, False),   # a learned weight can overrule the rule linker
    (True, {}, True),                                 # no features: the rule linker's word stands
])
def test_model_scorer_keeps_by_probability(rule, features, kept):
    out = ModelScorer(LinearModel.from_json(MODEL)).decide([_cand(rule, features)])
    assert bool(out) == kept
    if out and features:
        assert out[0].provenance["decision"].startswith("model:t@")


def test_rule_scorer_is_the_rules_only_ablation():
    assert [c.rule for c in RuleScorer().decide([_cand(True, {}), _cand(False, {})])] == [True]


def test_installed_model_decides_and_is_named_in_provenance():
    scorer = default_scorer()
    assert scorer.model_id.startswith("event-scorer@")
    events = extract("Police detained the activist Wang Lin in Wuhan on March 3, 2020.", doc_id="x")
    assert [e.event_type for e in events] == ["detained"]
    assert "model:event-scorer@" in events[0].provenance["event_type"]


@pytest.mark.parametrize(
    "text, location",
    [
        # the event's own clause names its place
        ("Police detained the activist Wang Lin in Wuhan on 3 March 2021.", "Wuhan"),
        ("2021年3月3日，武汉警方以寻衅滋事罪刑事拘留了律师王林。", "武汉"),
        # no place anywhere: the slot stays empty
        ("Police detained the activist Wang Lin on 3 March 2021.", None),
    ],
)
def test_the_place_is_the_slot_scorers_choice_with_its_provenance(text, location):
    from pipeline import extract

    evs = [e for e in extract(text, doc_id="t") if e.event_type == "detained"]
    assert [e.location.name if e.location else None for e in evs] == [location]
    if location is not None:
        assert ":place:" in evs[0].provenance["location"]  # the scorer's id and probability
    else:
        assert "location" not in evs[0].provenance
