"""OCR of the PDF pages that have no text layer (scans), for ``--ocr``.

Each such page is rasterized by ``pdftoppm`` (Debian ``poppler-utils``) and
read by the ``tesseract`` command (Debian ``tesseract-ocr`` with
``tesseract-ocr-eng``, ``-chi-sim`` and ``-chi-tra``). Both run as
subprocesses bounded by the document's parse deadline, so a hostile
page can neither hang the batch nor take its memory: the raster is capped at
:data:`MAX_PIXELS`.

Languages, by a first pass: English alone first (fast, and the best reading
of an English page); when its mean word confidence is below
:data:`ENGLISH_KEEP` the page is read again with Simplified and Traditional
Chinese and English together. On rendered test pages the English pass scores
96-97 on English and 10-38 on Chinese, so the threshold has a wide margin.
Once a page of a document needed the Chinese pass, its later pages go
straight to it (it reads English as well, only slower), so a Chinese scan
does not pay for an English pass on every page.
A page is rasterized at the resolution of the scan it holds (its largest
image over the page's width), 150-400 dpi, else :data:`DPI`: resampling a
200 dpi scan to 300 dpi made Chinese readings worse.

What was read, and by what, goes into the document's metadata (``ocr``:
engine and rasterizer versions, and per page the languages, dpi and mean
word confidence), so a record's provenance can say its quote is an OCR
reading. Errors are coded: E117 when tesseract, pdftoppm or a language is
not installed, E115 when the document's parse deadline (one limit for the
whole document, text layers and every OCR'd page together) passes, E118
when a tool fails on a page. Each subprocess is given the time left until
that deadline and killed when it is out, so a 300-page scan cannot hold a
worker for longer than the limit.
"""
from __future__ import annotations

import functools
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest import Deadline
from pipeline.ingest.pdf import Layers

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("eng", "chi_sim", "chi_tra")
FIRST_PASS = "eng"
CHINESE_PASS = "chi_sim+chi_tra+eng"
#: The English pass is kept when its mean word confidence (0-100) is at least this.
ENGLISH_KEEP = 70.0
DPI = 300
MIN_DPI, MAX_DPI = 150, 400
#: A page's raster is at most this many pixels (a page of 200 x 200 inches is not rendered at 300 dpi).
MAX_PIXELS = 40_000_000
#: What to install when a tool is missing (Debian package names).
PACKAGES = "poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
_CJK = r"\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _env() -> dict[str, str]:
    # One thread per tesseract: OpenMP threads only fight the batch's own workers for the cores.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


@functools.cache
def tools() -> dict[str, str]:
    """Versions of the OCR tools, e.g. ``{"engine": "tesseract 5.3.0", "rasterizer": "pdftoppm 22.12.0"}``.

    E117 when one is missing, or tesseract lacks one of :data:`LANGUAGES`.
    """
    missing = [t for t in ("tesseract", "pdftoppm") if shutil.which(t) is None]
    if missing:
        raise InputError("E117", f"{' and '.join(missing)} not found (apt-get install {PACKAGES})")
    try:
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30, env=_env())
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, env=_env())
        raster = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError("E117", f"the OCR tools do not run: {exc}") from exc
    have = {ln.strip() for ln in langs.stdout.splitlines()[1:]}
    lacking = [lang for lang in LANGUAGES if lang not in have]
    if lacking:
        raise InputError("E117", f"tesseract has no {', '.join(lacking)} (apt-get install {PACKAGES})")
    engine = (version.stdout or version.stderr).splitlines()[0].strip()
    rasterizer = next((ln for ln in (raster.stderr + raster.stdout).splitlines() if "version" in ln), "pdftoppm")
    return {"engine": engine, "rasterizer": rasterizer.replace(" version", "").strip()}


def page_dpi(geometry: tuple[float, float, int, int] | None) -> int:
    """Resolution to rasterize a page at: its scan's own, within bounds, and within :data:`MAX_PIXELS`."""
    if geometry is None:
        return DPI
    w_pt, h_pt, img_w, _ = geometry
    dpi = DPI
    if w_pt > 0 and img_w > 0:
        dpi = round(img_w / (w_pt / 72))
    dpi = min(MAX_DPI, max(MIN_DPI, dpi))
    area = (w_pt / 72) * (h_pt / 72)
    if area > 0 and area * dpi * dpi > MAX_PIXELS:
        dpi = max(1, int(math.sqrt(MAX_PIXELS / area)))
    return dpi


def _run(cmd: list[str], deadline: Deadline, name: str, no: int) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=deadline.left(), env=_env())
    except subprocess.TimeoutExpired:
        raise deadline.error(f"OCR of page {no}: {cmd[0]} was stopped") from None
    except OSError as exc:
        raise InputError("E117", f"{name}: {cmd[0]}: {exc}") from exc
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError("E118", f"{name}: page {no}: {cmd[0]} exited {done.returncode}: {' '.join(err[-2:])[:300]}")


def _confidence(tsv: str) -> float:
    """Mean confidence of the words of tesseract's TSV (0 when it found none)."""
    confs = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            try:
                c = float(cols[10])
            except ValueError:
                continue
            if c >= 0:
                confs.append(c)
    return sum(confs) / len(confs) if confs else 0.0


def clean(text: str) -> list[str]:
    """tesseract's text as lines: form feeds gone, no spaces between Chinese characters."""
    return [_CJK_GAP.sub("", ln).strip() for ln in text.replace("\f", "").splitlines()]


def read_image(image: Path, dpi: int, out: Path, deadline: Deadline, name: str, no: int,
               chinese: bool = False) -> dict:
    """Read one page image: the English pass, then the Chinese one when English is not what it holds;
    ``chinese``: the Chinese pass alone (an earlier page of the document needed it)."""
    passes = []
    for langs in (CHINESE_PASS,) if chinese else (FIRST_PASS, CHINESE_PASS):
        base = out / f"p{no}-{langs.replace('+', '_')}"
        deadline.check(f"OCR of page {no}")
        _run(["tesseract", str(image), str(base), "-l", langs, "--dpi", str(dpi), "--psm", "3", "txt", "tsv"],
             deadline, name, no)
        text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
        conf = _confidence(base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace"))
        passes.append({"languages": langs, "confidence": round(conf, 1), "lines": clean(text)})
        if conf >= ENGLISH_KEEP or not any(passes[-1]["lines"]) or langs == CHINESE_PASS:
            break
    best = max(passes, key=lambda p: p["confidence"])
    return best


def read_pages(layers: Layers, data: bytes, name: str, deadline: Deadline) -> None:
    """OCR every page of ``layers`` without a text layer, in place; notes what was done in its metadata.

    ``deadline``: the document's (:class:`~pipeline.ingest.Deadline`), shared with its text layers:
    E115 when the pages are not all read by then.
    """
    blank = layers.without_text
    if not blank:
        return
    found = tools()
    done: list[dict] = []
    chinese = FIRST_PASS == CHINESE_PASS
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="casefile-ocr-") as tmp:
        out = Path(tmp)
        pdf = out / "source.pdf"
        pdf.write_bytes(data)
        for no in blank:
            deadline.check(f"OCR of page {no}, {len(done)} of {len(blank)} scanned pages read")
            dpi = page_dpi(layers.geometry.get(no))
            raster = out / f"p{no}"
            _run(["pdftoppm", "-f", str(no), "-l", str(no), "-r", str(dpi), "-gray", "-singlefile", str(pdf), str(raster)],
                 deadline, name, no)
            image = raster.with_suffix(".pgm")
            if not image.is_file():
                raise InputError("E118", f"{name}: page {no}: pdftoppm wrote no image")
            got = read_image(image, dpi, out, deadline, name, no, chinese)
            chinese = chinese or got["languages"] == CHINESE_PASS
            image.unlink()
            layers.lines[no - 1] = got["lines"]
            done.append({"page": no, "languages": got["languages"], "dpi": dpi, "confidence": got["confidence"]})
    seconds = time.monotonic() - started
    log.info("%s: OCR of %d page(s) in %.1f s", name, len(done), seconds)
    if not any(any(lines) for lines in layers.lines):
        raise InputError("E102", f"{name}: OCR read no text on its {layers.n_pages} page(s)")
    layers.metadata["ocr"] = {**found, "pages": [d for d in done if any(layers.lines[d["page"] - 1])]}
