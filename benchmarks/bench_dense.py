"""A report with a trigger in every sentence: speed must not collapse.

Generates English and Chinese reports from invented sentences (names,
places, dates and charges drawn from small lists here, a detention verb in
every sentence), at several sizes, and times casefile's extraction of each
against the dev reports' speed measured just before it, in the same run. The
per-character cost should stay flat as a report grows: ``growth`` is the
smallest size's speed over the largest size's, each as a ratio to the dev
reports (1.0 = linear; a quadratic pairing shows up as a growth near the
size ratio).

    python benchmarks/bench_dense.py [--sizes 50000,200000,1400000] [--lang en,zh] [--run-on 100000]

Also timed: the same sentences run together into one (no full stop, no line
break), which only the caps on sentence length and on pairings per trigger
keep from growing with the square or cube of its length.

Nothing is read from ../shared except the dev reports for the baseline speed
(the bundled samples without it).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DEV = REPO.parent / "shared" / "corpus" / "dev" / "docs"

SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Tao", "Ping", "Hua", "Ling", "Bo", "Xin", "Yu", "Hong"]
PLACES = ["Beijing", "Wuhan", "Chengdu", "Guangzhou", "Shenzhen", "Kunming", "Changsha", "Hangzhou", "Nanjing", "Xi'an"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
CHARGES = ["inciting subversion of state power", "picking quarrels and provoking trouble", "subversion of state power",
           "illegal business operations", "gathering a crowd to disturb public order"]
EN_TEMPLATES = [
    "Police detained {p} in {pl} on {d}.",
    "{p} was arrested in {pl} on {d} on suspicion of {c}.",
    "On {d}, officers took {p} and {q} away from their home in {pl}.",
    "A court in {pl} sentenced {p} to {n} years in prison for {c} on {d}.",
    "{p}, a lawyer from {pl}, was placed under residential surveillance at a designated location on {d}.",
    "Authorities in {pl} released {p} on bail on {d}, and {q} was detained again the same week.",
    "{p} and {q} were held incommunicado in {pl} after being detained on {d}.",
    "The procuratorate indicted {p} for {c} in {pl} on {d}.",
]

ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭"
ZH_GIVEN = ["伟", "芳", "敏", "静", "磊", "强", "燕", "军", "涛", "平", "华", "玲", "波", "欣", "宇", "红"]
ZH_PLACES = ["北京市", "武汉市", "成都市", "广州市", "深圳市", "昆明市", "长沙市", "杭州市", "南京市", "西安市"]
ZH_CHARGES = ["煽动颠覆国家政权罪", "寻衅滋事罪", "颠覆国家政权罪", "非法经营罪", "聚众扰乱社会秩序罪"]
ZH_TEMPLATES = [
    "{d}，{pl}公安局以{c}刑事拘留了{p}。",
    "{p}于{d}在{pl}被警方带走。",
    "{d}，{p}和{q}被{pl}警方以{c}逮捕。",
    "{pl}中级人民法院于{d}以{c}判处{p}有期徒刑{n}年。",
    "{p}于{d}被{pl}国安指定居所监视居住。",
    "{d}，{p}在{pl}被行政拘留十日，{q}随后也被拘留。",
]


def _en_sentence(rnd: random.Random) -> str:
    def person() -> str:
        return f"{rnd.choice(SURNAMES)} {rnd.choice(GIVEN)}{rnd.choice(GIVEN).lower()}"
    d = f"{rnd.choice(MONTHS)} {rnd.randint(1, 28)}, {rnd.randint(2010, 2023)}"
    return rnd.choice(EN_TEMPLATES).format(p=person(), q=person(), pl=rnd.choice(PLACES), d=d, c=rnd.choice(CHARGES),
                                           n=rnd.randint(2, 12))


def _zh_sentence(rnd: random.Random) -> str:
    def person() -> str:
        return rnd.choice(ZH_SURNAMES) + rnd.choice(ZH_GIVEN) + rnd.choice(ZH_GIVEN)
    d = f"{rnd.randint(2010, 2023)}年{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日"
    return rnd.choice(ZH_TEMPLATES).format(p=person(), q=person(), pl=rnd.choice(ZH_PLACES), d=d, c=rnd.choice(ZH_CHARGES),
                                           n=rnd.randint(2, 12))


def dense_report(lang: str, chars: int, seed: int = 7) -> str:
    """A report of about ``chars`` characters, a trigger in every sentence, a paragraph every few sentences."""
    rnd = random.Random(seed)
    make = _en_sentence if lang == "en" else _zh_sentence
    sep = " " if lang == "en" else ""
    out: list[str] = []
    size = 0
    while size < chars:
        para = sep.join(make(rnd) for _ in range(rnd.randint(3, 6)))
        out.append(para)
        size += len(para) + 1
    return "\n".join(out)[:chars]


def run_on(report: str, lang: str) -> str:
    """The report as one sentence: full stops and line breaks become clause breaks."""
    if lang == "en":
        return report.replace(". ", "; ").replace(".\n", "; ").replace("\n", " ")
    return report.replace("。", "，").replace("\n", "，")


def dev_texts(lang: str) -> list[str]:
    prefixes = ("0", "en") if lang == "en" else ("zhs", "zht")
    folder = SHARED_DEV if SHARED_DEV.is_dir() else REPO / "corpus" / "samples"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if p.name.startswith(prefixes)]


def chars_per_s(texts: list[str]) -> tuple[float, int]:
    from pipeline import extract

    t0 = time.perf_counter()
    n = sum(len(extract(t, doc_id=f"d{i}")) for i, t in enumerate(texts))
    return sum(len(t) for t in texts) / (time.perf_counter() - t0), n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50000,200000,1400000")
    ap.add_argument("--lang", default="en,zh")
    ap.add_argument("--run-on", type=int, default=100_000, help="size of the run-on report (no sentence ends)")
    args = ap.parse_args()
    from pipeline import extract

    sizes = [int(s) for s in args.sizes.split(",")]
    result = {}
    for lang in args.lang.split(","):
        dev = dev_texts(lang)
        chars_per_s(dev)  # every resource of the language loaded, and the dev reports' caches warm, before the clock
        extract(dense_report(lang, 3000, seed=1), doc_id="warmup")
        row: dict = {}
        for size in sizes:
            report = dense_report(lang, size)
            base, _ = chars_per_s(dev)  # the dev reports' speed just before, so a change of load hits both
            cps, n = chars_per_s([report])
            row[str(size)] = {"chars_per_s": round(cps), "events": n, "dev_reports_chars_per_s": round(base),
                              "over_dev": round(cps / base, 2)}
        # the same sentences run together: no full stop, no line break (a flattened table, a
        # PDF's text layer); segment.MAX_SENTENCE and the per-trigger caps keep it linear
        report = run_on(dense_report(lang, args.run_on), lang)
        base, _ = chars_per_s(dev)
        cps, n = chars_per_s([report])
        row[f"run_on_{args.run_on}"] = {"chars_per_s": round(cps), "events": n, "dev_reports_chars_per_s": round(base),
                                       "over_dev": round(cps / base, 2)}
        first, last = row[str(sizes[0])], row[str(sizes[-1])]
        row["growth_smallest_over_largest"] = round(first["over_dev"] / last["over_dev"], 2)
        result[lang] = row
        print(json.dumps({lang: row}, ensure_ascii=False), flush=True)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
