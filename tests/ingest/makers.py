"""Builders of the format tests' files, made here: never copied from reports.

Every builder writes one file and returns its path. The sentences are
invented ones the extractor recognizes.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

EN = "Police in Wuhan detained the lawyer Wang Lin on 3 March 2021."
ZH = "2021年3月3日，武汉警方以寻衅滋事罪刑事拘留了律师王林。"
#: :data:`EN` with a charge, so that a format's record is compared on every field (type, person, date, charges).
EN_CHARGED = "Police in Wuhan detained the lawyer Wang Lin on 3 March 2021 on suspicion of picking quarrels and provoking trouble."
#: Words of the page around the article that must never reach the stored text.
BOILERPLATE = ("NAVWORD", "MENUWORD", "COOKIEWORD", "SHAREWORD", "FOOTERWORD", "TRACKERSCRIPT", "STYLEWORD")


def boilerplate_html(body: str = EN) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Lawyer detained in Wuhan</title>
<meta property="article:published_time" content="2021-03-05">
<script>var trackerWords = "TRACKERSCRIPT";</script><style>.STYLEWORD {{ color: red }}</style></head>
<body>
<header><nav><ul><li><a href="/">Home NAVWORD</a></li><li><a href="/news">News NAVWORD</a></li></ul></nav>
<div class="menu"><a href="/donate">Donate MENUWORD</a></div></header>
<div class="cookie-banner" id="cookie-consent">We use cookies COOKIEWORD. <button>Accept all</button></div>
<main><article><h1>Lawyer detained in Wuhan</h1>
<p>{body}</p>
<p>His family has not been told where he is being held, and his colleagues fear for his safety.</p>
</article></main>
<div class="share-buttons">Share on social media SHAREWORD</div>
<footer><p>Copyright 2021 FOOTERWORD. All rights reserved.</p></footer>
</body></html>"""


def script_in_article_html(body: str = EN) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Urgent action</title></head><body>
<article><p>{body}</p><script>document.write("TRACKERSCRIPT")</script>
<p>Lawyers who take rights cases have been harassed for years in the province.</p></article></body></html>"""


def gbk_html() -> bytes:
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>律师王林被拘</title></head><body><div id="nav"><a href="/">首页NAVWORD</a></div>
<div class="content"><p>{ZH}</p></div><div id="footer">版权所有 FOOTERWORD</div></body></html>"""
    return page.encode("gbk")


def make_docx(path: Path, sentence: str = EN) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(sentence)
    table = d.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate((("Name", "Place"), ("Wang Lin", "Wuhan"))):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    d.add_paragraph("The table above lists the case.")
    d.save(str(path))
    return path


def make_pdf(path: Path, pages: list[str | None]) -> Path:
    """A PDF with one page per entry: text, or None for a page with only a drawing (no text layer)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text is None:
            pdf.rect(20, 20, 100, 60, style="F")
        else:
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def two_page_pdf(path: Path, sentence: str = EN) -> Path:
    return make_pdf(path, ["Annual report on detentions in the region. The next page describes a case.", sentence])


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = two_page_pdf(path.with_name("plain-" + path.name))
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def truncated_pdf(path: Path) -> Path:
    whole = two_page_pdf(path.with_name("whole-" + path.name))
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: len(data) // 3])
    return path


def zip_bomb_docx(path: Path, unpacked: int = 40_000_000) -> Path:
    """A zip named .docx whose parts unpack to far more than its size."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>" + b" " * unpacked)
    return path


def deep_html(depth: int = 100_000) -> str:
    return "<html><body>" + "<div>" * depth + EN + "</div>" * depth + "</body></html>"


def report_pdf(path: Path) -> Path:
    """Three pages with a running header and a page-number footer, text wrapped in a narrow
    column (a word hyphenated at a line end), the event on page 2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    bodies = [
        "The annual report covers the cases documented by researchers during the year in several provinces.",
        "The report describes one case in detail. " + EN + " His family was not told where he is held, and his"
        " colleagues fear for his safe-\nty.",
        "Further cases will be documented in the next edition of the report.",
    ]
    for no, body in enumerate(bodies, start=1):
        pdf.add_page()
        pdf.cell(0, 8, "Annual Report HEADERWORD 2021", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(70, 8, body)
        pdf.set_y(-30)
        pdf.cell(0, 8, f"Page {no} of {len(bodies)}")
    pdf.output(str(path))
    return path


CHROMIUM = "/usr/bin/chromium"


def chromium_pdf(path: Path, sentence: str = EN) -> Path:
    """A two-page PDF printed from HTML by headless Chromium, a CSS page break before the event."""
    return _print_html(
        path,
        '<html><head><meta charset="utf-8"><style>.end { page-break-after: always }</style></head><body>'
        '<p class="end">Annual report on detentions in the region.</p>'
        f"<p>{sentence}</p></body></html>",
    )


def _print_html(path: Path, html_text: str) -> Path:
    """``html_text`` printed to ``path`` as PDF by headless Chromium."""
    import subprocess

    src = path.with_suffix(".src.html")
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-pdf-header-footer", f"--print-to-pdf={path}", src.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    src.unlink()
    return path


# -- scanned PDFs (OCR): printed by Chromium, rasterized, wrapped as image-only PDFs --------

#: Invented sentences for the OCR tests: one detention with a date and a charge each.
OCR_EN = "Police in Chengdu detained the lawyer Wang Lin on 3 March 2021 on suspicion of inciting subversion of state power."
OCR_ZH = "2021年3月3日，成都警方以煽动颠覆国家政权罪刑事拘留了律师王林。"
OCR_ZHT = "2021年3月3日，成都警方以煽動顛覆國家政權罪刑事拘留了律師王林。"
#: A common scanning resolution (the reader rasterizes at the scan's own).
SCAN_DPI = 200
PDFTOPPM = "/usr/bin/pdftoppm"


def printed_pdf(path: Path, pages: list[str], font: str = "serif") -> Path:
    """A PDF printed by headless Chromium from HTML, one paragraph per page (Letter, 14 pt)."""
    import html

    # A page break after every paragraph but the last (before, the first two shared page 1).
    body = "".join(f'<p style="page-break-after: {"auto" if i == len(pages) - 1 else "always"}">{html.escape(p)}</p>'
                   for i, p in enumerate(pages))
    return _print_html(path, f'<html><head><meta charset="utf-8"></head><body style="font-family: {font}; font-size: 14pt">'
                             f"{body}</body></html>")


def rasterize(pdf: Path, dpi: int = SCAN_DPI) -> list:
    """Each page of ``pdf`` as a grey image (PIL), as a scanner would give it."""
    import subprocess
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([PDFTOPPM, "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True, timeout=120)
        images = []
        for f in sorted(Path(tmp).glob("p*.png")):
            with Image.open(f) as im:
                images.append(im.copy())
    return images


def image_pdf(path: Path, images: list, dpi: int = SCAN_DPI) -> Path:
    """An image-only PDF (no text layer), one image a page, as a scan is."""
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def scanned_pdf(pages: list[str], font: str = "serif"):
    """A builder: the pages printed, rasterized at :data:`SCAN_DPI` and wrapped as an image-only PDF."""

    def build(path: Path) -> Path:
        printed = printed_pdf(path.with_name("printed-" + path.name), pages, font)
        image_pdf(path, rasterize(printed))
        printed.unlink()
        return path

    return build


def text_then_scan_pdf(path: Path) -> Path:
    """Page 1 with a text layer, page 2 a scan holding :data:`OCR_EN`."""
    from pypdf import PdfReader, PdfWriter

    text = make_pdf(path.with_name("text-" + path.name), ["Annual report on detentions in the region. The next page is a scanned letter."])
    scan = scanned_pdf([OCR_EN])(path.with_name("scan-" + path.name))
    writer = PdfWriter()
    for part in (text, scan):
        for page in PdfReader(str(part)).pages:
            writer.add_page(page)
    with path.open("wb") as fh:
        writer.write(fh)
    text.unlink()
    scan.unlink()
    return path


def huge_page_scan_pdf(path: Path) -> Path:
    """One image-only page of 200 x 200 inches (the PDF maximum): rendering it at
    300 dpi would be 3.6 billion pixels."""
    from PIL import Image

    Image.new("L", (2000, 2000), 255).save(path, "PDF", resolution=10)
    return path


# -- PDF bombs, written object by object (small files, huge when unfolded) -----------------

def _pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (1 is the catalog), with a correct cross-reference table."""
    import io

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for no, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % no + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def flate_bomb_pdf(inflated: int = 400_000_000) -> bytes:
    """One page whose content stream is about 1 MB deflated and ``inflated`` bytes of text operators unpacked."""
    import zlib

    block = b"BT /F1 12 Tf 72 700 Td (A) Tj ET\n" * 30_000
    z = zlib.compressobj(9)
    parts = [z.compress(block) for _ in range(inflated // len(block) + 1)] + [z.flush()]
    stream = b"".join(parts)
    return _pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def page_tree_bomb_pdf(levels: int) -> bytes:
    """A page tree in which each node lists the next one twice: 2**levels pages from a few kB."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        objects.append(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>" % (level + 3, level + 3, 2 ** (levels - level)))
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return _pdf_of(objects)
