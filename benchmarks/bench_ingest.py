"""Ingest throughput per format: pages/s for PDF text layers, characters of
extracted text per second for HTML and Word files, on files made here (the
sentences are invented; fpdf2 from the ``test`` extra makes the PDF).

    python benchmarks/bench_ingest.py [--rounds 3] [--pages 100] [--ocr-pages 6]

Reading only (pipeline.stages.ingest.read_document), not extraction; the best
of the rounds is reported, in one process, after an untimed warm-up read (the
imports: a first read of an HTML page paid about 0.2 s of them, which
dominated the figure). Each read is of a file of its own (its paragraphs in
another order), so no reader's cache of an earlier read is measured.

OCR (``--ocr``; needs tesseract, pdftoppm, Chromium and a Chinese font): full
pages of English and of Chinese text printed by headless Chromium,
rasterized at 200 dpi and wrapped as image-only PDFs, read once with the
default language choice (English pass first) and once with the three
languages in one pass. It reports pages/s and the character accuracy of the
OCR text against the printed text (1 - character error rate per page,
whitespace ignored).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "Police in Wuhan detained the lawyer Wang Lin on 3 March 2021.",
    "His family has not been told where he is being held.",
    "The report lists the cases that researchers documented during the year in several provinces.",
    "Lawyers who take rights cases have been harassed, and some have lost their licences.",
]


def paragraph(i: int) -> str:
    return " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(6))


def make_pdf(path: Path, pages: int, start: int = 0) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for no in range(pages):
        pdf.add_page()
        pdf.cell(0, 8, "Annual Report 2021", new_x="LMARGIN", new_y="NEXT")
        for i in range(4):
            pdf.multi_cell(0, 6, paragraph(start + no + i))
            pdf.ln(3)
        pdf.set_y(-25)
        pdf.cell(0, 8, f"Page {no + 1} of {pages}")
    pdf.output(str(path))


def make_html(path: Path, paragraphs: int, start: int = 0) -> None:
    body = "".join(f"<p>{paragraph(start + i)}</p>\n" for i in range(paragraphs))
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title>"
        "<script>var x = 1;</script></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><h1>Report</h1>{body}</article></main><footer>Copyright 2021</footer></body></html>",
        encoding="utf-8",
    )


def make_docx(path: Path, paragraphs: int, start: int = 0) -> None:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(paragraph(start + i))
    table = d.add_table(rows=20, cols=3)
    for r in range(20):
        for c in range(3):
            table.cell(r, c).text = f"case {r} field {c}"
    d.save(str(path))


ZH_SENTENCES = [
    "2021年3月3日，成都警方以煽动颠覆国家政权罪刑事拘留了律师王林。",
    "他的家人至今不知道他被关押在哪里，也没有收到任何法律文书。",
    "报告记录了研究人员在多个省份记录的案件，以及律师受到的骚扰。",
    "一些代理人权案件的律师被吊销了执照，另一些人被禁止出境。",
]


def scanned_pdf(path: Path, paragraphs: list[list[str]], font: str, dpi: int = 200) -> None:
    """Pages of paragraphs printed by Chromium, rasterized at ``dpi``, wrapped as an image-only PDF."""
    import html
    import subprocess

    from PIL import Image

    src = path.with_suffix(".html")
    pages = "".join('<div style="page-break-after: always">' + "".join(f"<p>{html.escape(p)}</p>" for p in page)
                    + "</div>" for page in paragraphs)
    src.write_text(f'<html><head><meta charset="utf-8"></head><body style="font-family: {font}; font-size: 12pt">'
                   f"{pages}</body></html>", encoding="utf-8")
    printed = path.with_suffix(".printed.pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={printed}", src.as_uri()],
                   check=True, capture_output=True, timeout=300)
    out = path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(printed), str(out)], check=True, timeout=300)
    images = [Image.open(f) for f in sorted(path.parent.glob(out.name + "-*.png"))]
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def accuracy(truth: str, read: str) -> float:
    """1 - character error rate: the edit distance between the texts, whitespace ignored, over the truth's length."""
    import re

    a, b = re.sub(r"\s+", "", truth), re.sub(r"\s+", "", read)
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return 1 - row[len(b)] / max(1, len(a))


def bench_ocr(d: Path, pages: int) -> None:
    from pipeline.ingest import ocr
    from pipeline.stages.ingest import read_document

    sets = {
        "en": ([[paragraph(p + i) for i in range(5)] for p in range(pages)], "serif"),
        "zh": ([["".join(ZH_SENTENCES[(p + i + k) % 4] for k in range(5)) for i in range(5)] for p in range(pages)],
               "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"),
    }
    import opencc

    t2s = opencc.OpenCC("t2s").convert
    first = ocr.FIRST_PASS
    for lang, (paras, font) in sets.items():
        path = d / f"scan-{lang}.pdf"
        scanned_pdf(path, paras, font)
        for label, first_pass in (("English pass first (default)", first), ("three languages in one pass", ocr.CHINESE_PASS)):
            ocr.FIRST_PASS = first_pass
            try:
                t = time.perf_counter()
                doc = read_document(path, ocr=True, parse_timeout=0)
                t = time.perf_counter() - t
            finally:
                ocr.FIRST_PASS = first
            used = sorted({p["languages"] for p in doc.metadata["ocr"]["pages"]})
            read = {no: doc.text[a:b] for a, b, no in doc.pages}
            acc = sum(accuracy("".join(page), read.get(no, "")) for no, page in enumerate(paras, start=1)) / pages
            folded = sum(accuracy(t2s("".join(page)), t2s(read.get(no, ""))) for no, page in enumerate(paras, start=1)) / pages
            print(f"ocr  {lang} {pages} scanned pages, {label}: {pages / t:.2f} pages/s ({t / pages:.1f} s/page),"
                  f" character accuracy {acc:.3f} ({folded:.3f} with Traditional folded to Simplified), languages {'; '.join(used)}")


def best_of(rounds: int, make, folder: Path, suffix: str):
    """Fastest read of ``rounds`` files made by ``make(path, start)``, each its own, after a warm-up."""
    from pipeline.stages.ingest import read_document

    paths = []
    for r in range(rounds + 1):
        paths.append(folder / f"r{r}{suffix}")
        make(paths[-1], r)
    read_document(paths[0], parse_timeout=0)  # imports, not timed
    best, doc = float("inf"), None
    for path in paths[1:]:
        t = time.perf_counter()
        doc = read_document(path, parse_timeout=0)
        best = min(best, time.perf_counter() - t)
    return best, doc, paths[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--ocr", action="store_true", help="also OCR scanned pages (slow: seconds a page)")
    ap.add_argument("--ocr-pages", type=int, default=6)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        t, doc, _ = best_of(args.rounds, lambda p, r: make_pdf(p, args.pages, r), d, ".pdf")
        print(f"pdf  {args.pages} pages, {len(doc.text)} chars: {args.pages / t:.1f} pages/s ({len(doc.text) / t / 1e3:.0f} k chars/s)")
        for fmt, make in (("html", make_html), ("docx", make_docx)):
            t, doc, path = best_of(args.rounds, lambda p, r, make=make: make(p, 4 * args.pages, r), d, f".{fmt}")
            size = path.stat().st_size
            print(f"{fmt:4} {size / 1e3:.0f} kB file, {len(doc.text)} chars: {len(doc.text) / t / 1e3:.0f} k chars/s")
        if args.ocr:
            bench_ocr(d, args.ocr_pages)


if __name__ == "__main__":
    main()
