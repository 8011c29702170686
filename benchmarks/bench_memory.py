"""Peak memory of one batch worker, English-only and Chinese-only, and where it goes.

For each language, two fresh processes (spawned, so each peak is its own):

- natural: the batch's worker function (``pipeline.batch._work``, what a
  local or Dask worker runs) over every report of that language; its peak
  RSS (``VmHWM``) is the figure for the issue's bar (<= 400 MB per worker);
- by resource: the lazily loaded resources made resident one at a time
  before the same reports, each with the RSS it added, so a resource loaded
  twice (two spaCy pipelines, two jieba dictionaries, two OpenCC converters)
  shows up as two lines. A loader that no longer exists is listed as missing.

Groups: ``en`` (English reports with no Han characters), ``en-with-han``
(every English report: a Chinese name in one brings in the Chinese stages),
``zh`` (Simplified and Traditional), ``all`` (every report of both languages
in one worker: spaCy, jieba and the rest resident together; its
by-resource run loads the English resources, then the Chinese ones).

    python benchmarks/bench_memory.py [--docs DIR] [--group en|en-with-han|zh|all ...]

Reports: ../shared/corpus/{dev,train}/docs (en-*, zhs-*, zht-*) when present,
else the bundled samples in corpus/samples.
"""
from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing as mp
import queue
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"

ZH_SAMPLE = "2021年9月15日，北京市公安局以寻衅滋事罪刑事拘留了王林。"


def _call(module: str, fn: str, *args):
    def load():
        mod = importlib.import_module(module)
        return getattr(mod, fn)(*args)
    load.__qualname__ = f"{module}.{fn}"
    return load


#: (label, loader): the resources one worker loads, one at a time, in the order a document needs them.
#: Each loader makes the resource resident (a lazy one is used once, e.g. a first cut).
LOADERS = {
    "en": [
        ("resource files (gazetteer rows)", _call("pipeline.stages.places", "gazetteer_rows")),
        ("places table", _call("pipeline.stages.places", "places")),
        ("English place index", _call("pipeline.stages.places", "en_index")),
        ("English triggers", _call("pipeline.stages.en.triggers", "lexicon")),
        ("English broad triggers", _call("pipeline.stages.en.triggers", "broad_lexicon")),
        ("English surnames and syllables", _call("pipeline.stages.en.persons", "syllables")),
        ("English name regex", _call("pipeline.stages.en.persons", "_name_regex")),
        ("English charges", _call("pipeline.stages.en.charges", "_matcher")),
        ("event scorer", _call("pipeline.stages.score", "default_scorer")),
        ("spaCy: one pipeline, tok2vec+parser+ner (en.nlp.pipeline), first NER pass",
         _call("pipeline.stages.en.nlp", "entities", ["Police detained Wang Lin."])),
        ("spaCy: first parse, same pipeline (should add ~0)",
         _call("pipeline.stages.en.nlp", "parse", ["Police detained Wang Lin and Chen Ming."])),
    ],
    "zh": [
        ("resource files (gazetteer rows)", _call("pipeline.stages.places", "gazetteer_rows")),
        ("places table", _call("pipeline.stages.places", "places")),
        ("Chinese place index, with OpenCC t2s (pipeline.resources.opencc)", _call("pipeline.stages.places", "zh_index")),
        ("OpenCC t2s for normalize (the same converter, pipeline.resources.opencc; should add ~0)",
         _call("pipeline.stages.zh.normalize", "normalize", ZH_SAMPLE)),
        ("Chinese trigger index", _call("pipeline.stages.zh.lexicon", "trigger_index")),
        ("event scorer", _call("pipeline.stages.score", "default_scorer")),
        ("jieba: import jieba.posseg (its global POSTokenizer's word-tag table)", _call("importlib", "import_module", "jieba.posseg")),
        ("jieba: the prefix dictionary read once, casefile's words on top, one word-tag table sharing its strings (zh.words._tables)",
         _call("pipeline.stages.zh.words", "pos_cut", ZH_SAMPLE)),
        ("jieba: the stock reading for places._trim_name (the same tables, zh.words.stock_posseg; should add ~0)",
         _call("pipeline.stages.places", "_trim_name", "拨打云岗", frozenset({"ns", "n"}))),
        ("pypinyin's dictionaries, phrase readings shared (pipeline.resources.pypinyin: zh.persons, places, crosslink)",
         _call("pipeline.resources", "pypinyin")),
    ],
}

#: one worker reading both languages: every resource of each, each once
LOADERS["all"] = LOADERS["en"] + [row for row in LOADERS["zh"] if row[0] not in {label for label, _ in LOADERS["en"]}]

#: name -> (file name prefixes, keep a report with Han characters?, resources to load one at a time)
GROUPS = {
    "en": (("en",), False, "en"),  # English reports with no Chinese in them
    "en-with-han": (("en",), True, None),  # every English report, a Chinese name or quote in some
    "zh": (("zhs", "zht"), True, "zh"),
    "all": (("0", "en", "zhs", "zht"), True, "all"),  # one worker reading both languages: every resource at once
}
_HAN = re.compile(r"[\u3400-\u9fff]")


def reports(group: str, folder: Path | None) -> list[Path]:
    prefixes, han, _ = GROUPS[group]
    folders = [folder] if folder else [SHARED / "dev" / "docs", SHARED / "train" / "docs"]
    folders = [f for f in folders if f.is_dir()] or [REPO / "corpus" / "samples"]
    files = sorted(p for f in folders for p in f.glob("*.txt") if p.name.startswith(prefixes))
    return [p for p in files if han or not _HAN.search(p.read_text(encoding="utf-8", errors="replace"))]


def _status(field: str) -> int:
    """A VmRSS / VmHWM line of /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


def _worker(loaders: str | None, paths: list[str], q) -> None:
    import pipeline.batch as batch

    out: dict = {"after_import_mb": _mb(_status("VmRSS"))}
    if loaders:
        out["resources"] = []
        for label, load in LOADERS[loaders]:
            before = _status("VmRSS")
            try:
                load()
            except (ImportError, AttributeError) as exc:  # the code moved on: say so, measure the rest
                out["resources"].append({"resource": label, "missing": f"{load.__qualname__}: {exc}"})
                continue
            out["resources"].append({"resource": label, "rss_added_mb": _mb(_status("VmRSS") - before)})
        out["after_resources_mb"] = _mb(_status("VmRSS"))
    ok = 0
    for p in paths:
        res = batch._work(p, None, batch.MAX_BYTES, None)
        ok += res is not None and res.status == "ok"
    out.update(documents=len(paths), ok=ok, final_rss_mb=_mb(_status("VmRSS")), peak_rss_mb=_mb(_status("VmHWM")))
    q.put(out)


def measure(paths: list[Path], loaders: str | None) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(loaders, [str(p) for p in paths], q))
    proc.start()
    while True:  # a worker that dies (a bug, the OOM killer) must not hang the benchmark
        try:
            got = q.get(timeout=5)
            break
        except queue.Empty:
            if not proc.is_alive():
                raise SystemExit(f"the measuring process died (exit code {proc.exitcode})")
    proc.join()
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--group", choices=list(GROUPS), action="append", help="default: all")
    args = ap.parse_args()
    result = {}
    for group in args.group or list(GROUPS):
        paths = reports(group, args.docs)
        loaders = GROUPS[group][2]
        result[group] = {
            "reports": len(paths),
            "chars": sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in paths),
            "natural": measure(paths, None),
        }
        if loaders:
            result[group]["by_resource"] = measure(paths, loaders)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
