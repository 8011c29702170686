"""Ingest throughput per format: pages/s for PDF text layers, characters of
extracted text per second for HTML and Word files, on files made here (the
sentences are invented; fpdf2 from the ``test`` extra makes the PDF).

    python benchmarks/bench_ingest.py [--rounds 3] [--pages 100]

Reading only (pipeline.stages.ingest.read_document), not extraction; the best
of the rounds is reported, in one process.
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


def make_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for no in range(pages):
        pdf.add_page()
        pdf.cell(0, 8, "Annual Report 2021", new_x="LMARGIN", new_y="NEXT")
        for i in range(4):
            pdf.multi_cell(0, 6, paragraph(no + i))
            pdf.ln(3)
        pdf.set_y(-25)
        pdf.cell(0, 8, f"Page {no + 1} of {pages}")
    pdf.output(str(path))


def make_html(path: Path, paragraphs: int) -> None:
    body = "".join(f"<p>{paragraph(i)}</p>\n" for i in range(paragraphs))
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title>"
        "<script>var x = 1;</script></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><h1>Report</h1>{body}</article></main><footer>Copyright 2021</footer></body></html>",
        encoding="utf-8",
    )


def make_docx(path: Path, paragraphs: int) -> None:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(paragraph(i))
    table = d.add_table(rows=20, cols=3)
    for r in range(20):
        for c in range(3):
            table.cell(r, c).text = f"case {r} field {c}"
    d.save(str(path))


def best_of(rounds: int, path: Path):
    from pipeline.stages.ingest import read_document

    best, doc = float("inf"), None
    for _ in range(rounds):
        t = time.perf_counter()
        doc = read_document(path, parse_timeout=None)
        best = min(best, time.perf_counter() - t)
    return best, doc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        make_pdf(d / "r.pdf", args.pages)
        make_html(d / "r.html", 4 * args.pages)
        make_docx(d / "r.docx", 4 * args.pages)
        t, doc = best_of(args.rounds, d / "r.pdf")
        print(f"pdf  {args.pages} pages, {len(doc.text)} chars: {args.pages / t:.1f} pages/s ({len(doc.text) / t / 1e3:.0f} k chars/s)")
        for fmt in ("html", "docx"):
            t, doc = best_of(args.rounds, d / f"r.{fmt}")
            size = (d / f"r.{fmt}").stat().st_size
            print(f"{fmt:4} {size / 1e3:.0f} kB file, {len(doc.text)} chars: {len(doc.text) / t / 1e3:.0f} k chars/s")


if __name__ == "__main__":
    main()
