"""The project's charge catalogue follows the scorer's: same ids, labels and statutes."""
from __future__ import annotations

import csv

import pytest

from pipeline.resources import charges
from tests.conftest import SHARED

EVAL_CHARGES = SHARED / "eval" / "charges.tsv"


@pytest.mark.skipif(not EVAL_CHARGES.is_file(), reason=f"{EVAL_CHARGES} is not there (set CASEFILE_SHARED); CI always has it")
def test_catalogue_matches_eval_charges():
    with EVAL_CHARGES.open(encoding="utf-8") as fh:
        theirs = {row["id"]: row for row in csv.DictReader(fh, delimiter="\t")}
    ours = {c.id: c for c in charges()}
    assert sorted(ours) == sorted(theirs)
    for cid, row in theirs.items():
        assert (ours[cid].label_en, ours[cid].label_zh, ours[cid].statute) == (row["label_en"], row["label_zh"], row["statute"])
        assert set(ours[cid].variants_zh) >= {v for v in row["variants_zh"].split("|") if v}


@pytest.mark.parametrize("text,charge_id", [
    ("He was charged with sedition over posts online.", "sedition"),
    ("Police arrested her on suspicion of rioting.", "riot"),
    ("He was detained for illegally possessing state secrets.", "possessing_state_secrets"),
])
def test_new_ids_are_found_in_english(text, charge_id):
    from pipeline.stages.en.charges import find_charges

    assert charge_id in {m.value for m in find_charges(text, 0, len(text))}
