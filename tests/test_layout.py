"""Metadata and page furniture on the seed pages' five header conventions."""
from __future__ import annotations

import json

import pytest

from extractor.layout import analyze_layout, classify_line, parse_published
from extractor.normalize import normalize
from extractor.reader import read_documents

from .conftest import SHARED, needs_shared


@needs_shared
@pytest.mark.parametrize("gold", sorted((SHARED / "eval" / "gold").glob("*.gold.json")),
                         ids=lambda p: p.name.split(".")[0])
def test_published_matches_gold(gold):
    """Every gold document's publication date, read from the page (manifest or header)."""
    meta = json.loads(gold.read_text(encoding="utf-8"))["meta"]
    stem = gold.name.replace(".gold.json", "")
    path = next((SHARED / "corpus").rglob(stem + ".txt"))
    (raw,) = read_documents([path])
    layout = analyze_layout(normalize(raw.text), raw.meta)
    assert layout.meta.published == meta["published"]


@needs_shared
def test_seed_headers_without_manifest():
    """The seeds carry no manifest: title, date and source come from the page itself."""
    expected = {
        "000": ("2019-11-18T16:50", "人民网-贵州频道", "竭诚守初心 铁肩担使命——公安助力脱贫攻坚的黔西南实践"),
        "001": ("2019-02-26T10:06", "公安部網站", "公安部定點幫扶黔西南布依族苗族自治州脫貧攻堅成效顯著"),
        "002": ("2018-11-12T14:41", "本站原創(chuàng)", "縣公安脫貧攻堅戰(zhàn)場呈現(xiàn)新氣象"),
        "003": ("2023-03-03", "中新网贵州新闻", None),
        "004": ("2023-02-28", "中新網貴州新聞", "黔西南州:“萬警進萬家”刷新“平安指數”"),
    }
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        (raw,) = read_documents([path])
        meta = analyze_layout(normalize(raw.text), raw.meta).meta
        published, source, title = expected[path.name[:3]]
        assert (meta.published, meta.title) == (published, title), path.name
        assert source.startswith(meta.source) or meta.source == source, path.name


def test_furniture_lines():
    assert classify_line("【我要纠错】 责任编辑:刘杨") == "editor"
    assert classify_line("(责编:顾兰云(实习)、陈康清)") == "editor"
    assert classify_line("用户中心 | 手机版 | 繁体 本站支持IPV6") == "nav"
    assert classify_line("扫一扫在手机打开当前页") == "share"
    assert classify_line("字号: 默认 超大 | 打印 |") == "font"
    assert classify_line("普安县贫困人口从2014年的19916户79744人，下降至5889户18151人。") is None


def test_repeated_caption_and_footer_zones():
    text = ("标题一行\n2019年11月18日16:50  来源:人民网\n正文第一段，贫困户64户。\n"
            "兴义市公安局组织警力开展水上巡逻。刘轶 摄\n兴义市公安局组织警力开展水上巡逻。刘轶 摄\n"
            "正文第二段。\n(责编:陈康清)\n贵州新闻推荐\n")
    layout = analyze_layout(normalize(text))
    kinds = [(ln.zone, ln.kind) for ln in layout.lines if ln.end > ln.start]
    assert kinds[0] == ("header", "title") and kinds[1] == ("header", "dateline")
    assert kinds[2] == ("body", "body") and kinds[5] == ("body", "body")
    assert kinds[3][1] == kinds[4][1] == "caption"
    assert kinds[6] == ("boilerplate", "editor") and kinds[7][0] == "boilerplate"
    assert layout.meta.published == "2019-11-18T16:50" and layout.meta.editors == ["陈康清"]


def test_parse_published_forms():
    assert parse_published("2019-02-26 10:06") == "2019-02-26T10:06"
    assert parse_published("Wed, 24 Mar 2021 03:46:53 GMT") == "2021-03-24T03:46:53Z"
    assert parse_published("109年12月23日16:30", roc_era=True) == "2020-12-23T16:30"
    assert parse_published("109年12月23日16:30", roc_era=False) is None
    assert parse_published("2019年11月18日") == "2019-11-18"
