"""The Chinese bars of issue 3, on the real dev reports: a regression cannot land.

Floors, for Simplified (zhs-*) and Traditional (zht-*) separately: event F1
0.85, date F1 0.85, evidence offsets valid 1.0, scored by
../shared/eval/score.py (loaded from its file by tests/devscore.py).
"""
from __future__ import annotations

import pytest

from tests.conftest import SHARED, needs_shared
from tests.devscore import score

pytestmark = [needs_shared, pytest.mark.slow]

SCRIPTS = ["zhs", "zht"]
FLOORS = [("events", 0.85), ("date", 0.85)]


@pytest.fixture(scope="module")
def zh_results():
    return {p: score(SHARED, (p,)) for p in SCRIPTS}


@pytest.mark.parametrize("prefix", SCRIPTS)
@pytest.mark.parametrize("metric,floor", FLOORS)
def test_chinese_dev_floor(zh_results, prefix, metric, floor):
    r = zh_results[prefix]
    value = r["events"]["f1"] if metric == "events" else r["slots"][metric]["f1"]
    assert value >= floor, f"{prefix} {metric} F1 {value:.3f} is under the floor {floor}"


@pytest.mark.parametrize("prefix", SCRIPTS)
def test_chinese_evidence_offsets_all_valid(zh_results, prefix):
    r = zh_results[prefix]
    assert r["n_pred"] > 0
    assert r["evidence_valid"] == 1.0
