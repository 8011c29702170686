"""pypinyin loaded through ``pipeline.resources.pypinyin``: its phrase readings
shared, the same data and the same answers as pypinyin as it ships."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import REPO

ANSWERS = textwrap.dedent(
    """
    import json, sys
    if sys.argv[1] == "ours":
        from pipeline.resources import pypinyin
        pp = pypinyin()
    else:
        import pypinyin as pp
    from pypinyin import constants
    words = sorted(constants.PHRASES_DICT)[::40] + ["许志永", "重庆市", "长春", "银行行长", "朝阳区", "了解了情况", "abc王林"]
    out = {
        "lazy": [pp.lazy_pinyin(w) for w in words],
        "normal": [pp.lazy_pinyin(w, style=pp.Style.NORMAL, v_to_u=False) for w in words],
        "tone": [pp.pinyin(w, heteronym=True) for w in words],
        "again": [pp.lazy_pinyin(w) for w in words],  # nothing returned is a shared list that a caller changed
    }
    for row in out["lazy"]:
        row.append("changed")  # a caller changing what it got back
    out["after"] = [pp.lazy_pinyin(w) for w in words]
    print(json.dumps(out, ensure_ascii=False))
    """
)


def _answers(which: str) -> dict:
    got = subprocess.run([sys.executable, "-c", ANSWERS, which], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr
    return json.loads(got.stdout)


def test_the_answers_are_pypinyins():
    assert _answers("ours") == _answers("stock")


def test_the_phrase_table_holds_the_same_readings_shared():
    from pypinyin import phrases_dict

    from pipeline.resources import pypinyin

    pypinyin()
    from pypinyin import constants

    with open(phrases_dict._json_path, encoding="utf-8") as fh:
        shipped = json.load(fh)
    assert constants.PHRASES_DICT == shipped
    inner = {id(r) for v in constants.PHRASES_DICT.values() for r in v}
    assert len(inner) < len(shipped) // 10  # a few thousand distinct readings, not one list per character
