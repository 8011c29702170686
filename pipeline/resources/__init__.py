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
