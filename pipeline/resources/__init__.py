"""Lexicons and patterns, stored as data and validated when loaded.

Everything here is read through ``importlib.resources`` so that an installed
wheel works the same as a checkout. Each loader validates its file with a
pydantic schema and fails with the file name and entry on a bad entry.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import ResourceError


def read_text(*parts: str) -> str:
    node = resources.files("pipeline.resources")
    for part in parts:
        node = node / part
    return node.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def opencc(config: str):
    """One OpenCC converter per configuration ("t2s", "s2t") per process, shared
    by every stage that converts (segment, normalize, places, encoding)."""
    import opencc as _opencc

    return _opencc.OpenCC(config)


@lru_cache(maxsize=1)
def pypinyin():
    """The ``pypinyin`` module, imported once per process with its phrase
    readings shared (zh.persons, places, crosslink, people.romanize read it).

    pypinyin's 47 k phrases arrive from its JSON file as a list of lists of
    strings each (``{"中国": [["zhōng"], ["guó"]]}``): 150 k small lists and
    their strings, ~25 MB, for a few thousand distinct readings. Here each
    distinct reading (and each distinct phrase reading) is one object, shared
    by every phrase that has it. pypinyin deep-copies a phrase's readings
    before it converts them (``converter._phrase_pinyin``), so nothing it
    returns is one of the shared lists and what it returns is unchanged. Its
    single-character and phrase dictionaries are not copied at import
    (pypinyin's own ``PYPINYIN_NO_DICT_COPY``: the copies are only there for
    custom dictionaries, which casefile does not load)."""
    import importlib
    import os

    before = os.environ.get("PYPINYIN_NO_DICT_COPY")
    os.environ["PYPINYIN_NO_DICT_COPY"] = "1"  # read at pypinyin's first import only
    try:
        _pypinyin = importlib.import_module("pypinyin")
    finally:
        if before is None:
            del os.environ["PYPINYIN_NO_DICT_COPY"]
    from pypinyin import constants, phrases_dict

    strings: dict[str, str] = {}
    readings: dict[tuple[str, ...], list[str]] = {}
    phrases: dict[tuple[tuple[str, ...], ...], list[list[str]]] = {}

    def shared(value):
        if not isinstance(value, list) or not all(isinstance(r, list) for r in value):
            return value  # not pypinyin's shape: left as it is
        key = tuple(tuple(strings.setdefault(s, s) for s in r) for r in value)
        if key not in phrases:
            phrases[key] = [readings.setdefault(r, list(r)) for r in key]
        return phrases[key]

    for table in {id(t): t for t in (phrases_dict.phrases_dict, constants.PHRASES_DICT)}.values():
        for phrase, value in table.items():
            table[phrase] = shared(value)
    return _pypinyin


def load_yaml(*parts: str) -> Any:
    name = "/".join(parts)
    try:
        return yaml.safe_load(read_text(*parts))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError("E001", f"{name}: {exc}") from exc


def validated(model: type[BaseModel], rows: list[dict], name: str) -> list[Any]:
    out = []
    for n, row in enumerate(rows, 1):
        try:
            out.append(model.model_validate(row))
        except ValidationError as exc:
            raise ResourceError("E002", f"{name} entry {n} ({row!r}): {exc}") from exc
    return out


class ChargeEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    label_en: str
    label_zh: str
    statute: str
    variants_en: list[str]
    variants_zh: list[str]


@lru_cache(maxsize=1)
def charges() -> tuple[ChargeEntry, ...]:
    """The charge catalogue: ids, labels, statutes and their variants."""
    rows = []
    for row in csv.DictReader(io.StringIO(read_text("charges.tsv")), delimiter="\t"):
        row = dict(row)
        for key in ("variants_en", "variants_zh"):
            row[key] = [v.strip() for v in (row.get(key) or "").split("|") if v.strip()]
        rows.append(row)
    entries = validated(ChargeEntry, rows, "charges.tsv")
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ResourceError("E003", "charges.tsv has duplicate ids")
    return tuple(entries)


def charge_by_id(charge_id: str) -> ChargeEntry:
    for entry in charges():
        if entry.id == charge_id:
            return entry
    raise KeyError(charge_id)
