"""The English bars of issue 2, on the real dev reports: a regression cannot land.

Floors: event F1 0.85, date F1 0.80, charges F1 0.90, sentence F1 0.90,
evidence offsets valid 1.0, on the English dev documents (the seed reports
00* and en-dev-*), scored by ../shared/eval/score.py.
"""
from __future__ import annotations

import pytest

from tests.conftest import SHARED, needs_shared
from tests.devscore import score

pytestmark = [needs_shared, pytest.mark.slow]

FLOORS = [
    ("events", 0.85),
    ("date", 0.80),
    ("charges", 0.90),
    ("sentence", 0.90),
]


@pytest.fixture(scope="module")
def en_result():
    return score(SHARED, ("0", "en"))


@pytest.mark.parametrize("metric,floor", FLOORS)
def test_english_dev_floor(en_result, metric, floor):
    value = en_result["events"]["f1"] if metric == "events" else en_result["slots"][metric]["f1"]
    assert value >= floor, f"{metric} F1 {value:.3f} is under the floor {floor}"


def test_english_evidence_offsets_all_valid(en_result):
    assert en_result["n_pred"] > 0
    assert en_result["evidence_valid"] == 1.0
