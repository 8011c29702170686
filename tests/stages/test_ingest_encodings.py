"""Encodings detected on real bytes: our own sentences and re-encoded dev reports."""
from __future__ import annotations

import codecs

import pytest

from pipeline.errors import InputError
from pipeline.stages.encoding import best_cjk_decoding, plausibility
from pipeline.stages.ingest import decode, read_document

SIMPLIFIED = [
    "王林被捕。",
    "李明被抓。",
    "刑拘",
    "他被判处有期徒刑四年。",
    "2021年9月15日，维权律师陈志远在北京被警方带走，其后被刑事拘留。",
    "警方于2020年3月3日在武汉拘留了维权人士王林。",
]
TRADITIONAL = [
    "維權人士王林被拘留。",
    "陳光誠逃離軟禁",
    "2021年9月15日，維權律師陳志遠在北京被警方帶走，其後被刑事拘留。",
    "他被判處有期徒刑四年。",
]
ENGLISH = "Police detained the activist Wang Lin (王林) in Wuhan on March 3, 2020."


def _cases():
    for text in SIMPLIFIED + TRADITIONAL:
        yield pytest.param(text, "gb18030", id=f"gb18030-{text[:6]}")
        yield pytest.param(text, "gbk", id=f"gbk-{text[:6]}")
    for text in TRADITIONAL:
        yield pytest.param(text, "big5", id=f"big5-{text[:6]}")
        yield pytest.param(text, "cp950", id=f"cp950-{text[:6]}")
    for text in SIMPLIFIED[:2] + TRADITIONAL[:2] + [ENGLISH]:
        for enc in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
            yield pytest.param(text, enc, id=f"{enc}-{text[:6]}")


@pytest.mark.parametrize("text,encoding", list(_cases()))
def test_short_texts_decode_exactly(text, encoding):
    assert decode(text.encode(encoding)) == text


def test_latin_text_in_a_code_page_is_not_read_as_chinese():
    text = "Café owner René Müller was détained — «arbitrarily», said his lawyer."
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le", "utf-16-be"])
def test_dev_reports_re_encoded(shared_dir, encoding):
    docs = sorted((shared_dir / "corpus" / "dev" / "docs").glob("zh*.txt"))
    assert docs
    for path in docs:
        original = path.read_text(encoding="utf-8")
        # Big5 cannot encode every Simplified character; the report is kept
        # as far as it is representable, which is what a Big5 file would hold.
        text = original.encode(encoding, errors="ignore").decode(encoding)
        assert decode(text.encode(encoding), path.name) == text, path.name


def test_wrong_decodings_are_implausible():
    data = "他被判处有期徒刑四年。".encode("gb18030")
    enc, text, score = best_cjk_decoding(data)
    assert (enc, text) == ("gb18030", "他被判处有期徒刑四年。")
    assert plausibility(data.decode("big5", errors="replace")) < score / 2


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "E102"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "E103"),
        (bytes(range(256)) * 16, "E103"),
    ],
    ids=["empty", "png", "all-bytes"],
)
def test_unreadable_bytes_are_coded_errors(data, code):
    with pytest.raises(InputError) as info:
        decode(data, "x")
    assert info.value.code == code


def test_whitespace_only_file_is_empty(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(codecs.BOM_UTF8 + b"  \n\n")
    with pytest.raises(InputError) as info:
        read_document(p)
    assert info.value.code == "E102"


def test_over_size_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Police detained Wang Lin. " * 100, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_document(p, max_bytes=1000)
    assert info.value.code == "E105"
