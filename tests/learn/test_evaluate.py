"""The evaluate command's fixed operating point (--thresholds)."""
from __future__ import annotations

import argparse

import pytest

from pipeline.evaluate import _fixed_thresholds


def _parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog="evaluate")


@pytest.mark.parametrize("spec, expected", [
    (None, {}),
    ("en=0.1/0.5", {"en": (0.1, 0.5)}),
    ("en=0.1/0.5,zh=0.4/0.6", {"en": (0.1, 0.5), "zh": (0.4, 0.6)}),
    (" zh=0.5/0.8 ", {"zh": (0.5, 0.8)}),
])
def test_fixed_thresholds_read(spec, expected):
    assert _fixed_thresholds(_parser(), spec) == expected


@pytest.mark.parametrize("spec", ["en=0.15/0.5", "fr=0.1/0.5", "en=0.1", "en:0.1/0.5", "zh=high/low"])
def test_fixed_thresholds_refused(spec, capsys):
    with pytest.raises(SystemExit) as exc:
        _fixed_thresholds(_parser(), spec)
    assert exc.value.code == 2
    assert "--thresholds" in capsys.readouterr().err
