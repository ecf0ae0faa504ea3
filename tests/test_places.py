"""Place extraction on real sentences (from the seed articles and the real corpus).

Each test states behaviour the contract asks for (``../shared/eval/CONTRACT.md``, place section):
toponyms inside organisation names and lists, standard names and adcodes in force on the
publication date, Traditional input, townships and villages by suffix, no place inside a
programme name, no bare level words.
"""
from __future__ import annotations

import datetime as dt

import pytest

from extractor.api import extract_places, run_finder
from extractor.extractors.places import find_places
from extractor.gazetteer import get_gazetteer
from extractor.models import ProgramMention


def places(text: str, reference: dt.date | None = None) -> list[tuple[str, str, str, str | None]]:
    return [(m.text, m.name, m.level, m.adcode) for m in extract_places(text, reference)]


def test_place_inside_organisation_name():
    got = places("兴义市公安局仓更派出所组织警力开展水上巡逻。")
    assert ("兴义市", "兴义市", "county", "522301") in got
    # a township written without 镇 before 派出所, among the townships of 兴义市
    assert ("仓更", "仓更镇", "township", None) in got


def test_list_of_county_short_names():
    text = ("黔西南州将望谟、册亨、贞丰、安龙、兴仁、晴隆6个县(市)作为重点。")
    got = places(text, dt.date(2019, 11, 18))
    names = {(t, n, a) for t, n, _, a in got}
    assert ("望谟", "望谟县", "522326") in names
    assert ("册亨", "册亨县", "522327") in names
    assert ("贞丰", "贞丰县", "522325") in names
    assert ("安龙", "安龙县", "522328") in names  # a common word too: taken in the list
    assert ("兴仁", "兴仁市", "522302") in names
    assert all(lvl == "county" for t, _, lvl, _ in got if t != "黔西南州")


def test_short_prefecture_names_and_province():
    got = places("竭诚守初心 铁肩担使命——公安助力脱贫攻坚的黔西南实践。贵州省黔西南州")
    assert ("黔西南", "黔西南布依族苗族自治州", "prefecture", "522300") in got
    assert ("贵州省", "贵州省", "province", "520000") in got
    assert ("黔西南州", "黔西南布依族苗族自治州", "prefecture", "522300") in got


def test_no_place_inside_programme_name():
    text = "普安红茶叶品牌走出大山。"
    prog = ProgramMention(start=0, end=3, text="普安红", name="普安红")
    got = run_finder(text, find_places, found={"program": [prog]})
    assert not any(m.start < 3 for m in got)


def test_no_place_in_ping_an_slogan_or_bare_level_words():
    assert places("奋力推进更高水平的平安贵州建设") == []
    got = places("黔西南州全州共有贫困人口22813户，全县、全乡、城乡、农村合作社")
    assert [t for t, *_ in got] == ["黔西南州"]


def test_traditional_text_through_pipeline():
    from extractor.pipeline import Pipeline

    pipe = Pipeline(stages=[("place", find_places)])
    doc = pipe.process_text("公安部定點幫扶貴州省黔西南布依族苗族自治州興仁市、普安縣。",
                            meta={"published": "2019-02-26"})
    got = [(m.text, m.name, m.adcode) for m in doc.mentions]
    assert ("興仁市", "兴仁市", "522302") in got
    assert ("普安縣", "普安县", "522323") in got
    assert ("貴州省", "贵州省", "520000") in got


def test_division_in_force_on_publication_date():
    # 旬阳县 610928 became 旬阳市 610981 on 2021-02-07 (rules/gazetteer_changes.tsv)
    assert places("旬陽縣公安局", dt.date(2018, 11, 12))[0][1:] == ("旬阳县", "county", "610928")
    assert places("旬阳县公安局", dt.date(2022, 5, 1))[0][1:] == ("旬阳市", "county", "610981")
    # 兴仁县 522322 -> 兴仁市 522302 in 2018
    assert places("黔西南州兴仁县城", dt.date(2017, 3, 1))[1][1:] == ("兴仁县", "county", "522322")
    assert places("黔西南州兴仁县城", dt.date(2019, 3, 1))[1][1:] == ("兴仁市", "county", "522302")


def test_townships_and_villages_with_parents():
    got = extract_places("普安县青山镇哈马村贫困户陈某跃,家里养有两头牛。")
    assert [(m.text, m.level) for m in got] == [("普安县", "county"), ("青山镇", "township"),
                                               ("哈马村", "village")]
    assert got[1].parent == "522323"  # this 青山镇 is 普安县's (there are many)
    got = extract_places("兴仁市鲁础营乡的万某某")
    assert (got[1].text, got[1].name) == ("鲁础营乡", "鲁础营回族乡")


def test_unknown_villages_by_suffix_with_guards():
    got = places("先后到构元战区金马塔村、开花村、羊山村等地调研。这是托坪村，十年前，", None)
    assert [t for t, *_ in got if t.endswith("村")] == ["金马塔村", "开花村", "羊山村", "托坪村"]
    assert places("民警进村入户，深度贫困村、行政村、包村干部和驻村工作队") == []


def test_ambiguous_name_settled_by_context_or_kept_open():
    got = extract_places("你家在吉林省朝阳区，而我家在北京市朝阳区")
    assert [m.adcode for m in got if m.text == "朝阳区"] == ["220104", "110105"]
    alone = extract_places("朝阳区某酒店")
    assert alone[0].adcode is None and set(alone[0].candidates) >= {"110105", "220104"}


def test_local_area_nested_in_a_county_is_not_the_beijing_district():
    got = places("建设普安縣西城區三板橋鎮盤水實驗小學的綜合教育教學樓")
    assert ("西城區", "西城区", "other", None) in got
    assert ("三板橋鎮", "三板桥镇", "township", None) in got


def test_regions_rivers_countries_and_combinations():
    got = places("率先在“滇黔桂”三省区完成万峰湖水域“清网行动”；斩断了一条从缅甸入境云南的贩毒通道。")
    assert ("滇黔桂", "滇黔桂", "other", None) in got
    assert ("万峰湖", "万峰湖", "other", None) in got
    assert ("缅甸", "缅甸", "country", None) in got
    assert ("云南", "云南省", "province", "530000") in got
    # one-character abbreviations only after a movement verb
    assert ("粤", "广东省", "province", "440000") in places("“就地过年”带动在粤消费增长")
    assert places("黔货出山") == []


def test_named_regions_of_poverty_and_development_reports():
    # sentences of ../shared/corpus/real (001, 009, 023): longest names win (长江经济带, not 长江)
    got = places("西海固和秦巴山区、武陵山区脱贫；闽西老区融入长江经济带，在华北、东南亚拓展市场")
    assert [t for t, *_ in got] == ["西海固", "秦巴山区", "武陵山区", "闽西", "长江经济带", "华北",
                                    "东南亚"]
    assert all(level == "other" and code is None for _, _, level, code in got)
    # compass regions (037), not the part of a place named before them (美国东北部, 我国西南边陲)
    got = places("华北东北局地严重洪涝、西北局部干旱；美国东北部，我国西南边陲，西南部分地区")
    assert [t for t, *_ in got] == ["华北", "东北", "西北", "美国", "西南"]
    assert places("保护东北虎、东北豹，振兴粤东西北地区") == []  # (words, not the regions)
    # a river named after a county is the river (023: 赤水河, not 赤水市); 印尼 is Indonesia
    assert [(t, n) for t, n, *_ in places("推进乌江、赤水河治理，与印尼合作")] == [
        ("乌江", "乌江"), ("赤水河", "赤水河"), ("印尼", "印度尼西亚")]
    # a reservoir named after its county is the reservoir (032), the Antarctic a place (034)
    assert [(t, lvl) for t, _, lvl, _ in places("北京密云水库环线，第42次南极考察")] == [
        ("北京", "province"), ("密云水库", "other"), ("南极", "other")]


def test_district_short_names_of_a_municipality_in_its_document():
    # 004_cctv_chongqing_tuopin: 重庆's districts and counties by their short names
    text = "重庆持续巩固脱贫攻坚成果。如今，永川的柠檬、奉节的脐橙都打响了品牌。"
    got = places(text, dt.date(2021, 4, 20))
    assert ("永川", "永川区", "county", "500118") in got
    assert ("奉节", "奉节县", "county", "500236") in got
    # without the city in the document a short name is a word or another place
    assert not [t for t, *_ in places("如今，永川的柠檬打响了品牌。")]


def test_county_short_names_listed_in_a_document_of_their_province():
    # 023_gov_report_guizhou_2026: counties of three prefectures, only the province named
    got = places("贵州省：兴义、凯里、都匀等城市建设加快，册亨、罗甸、望谟三个县脱贫。凯里市。")
    assert [(t, code) for t, _, lvl, code in got if lvl == "county"][:6] == [
        ("兴义", "522301"), ("凯里", "522601"), ("都匀", "522701"), ("册亨", "522327"),
        ("罗甸", "522728"), ("望谟", "522326")]
    # not in a list, or no province named: no place
    assert [t for t, *_ in places("贵州省：修文笃学，凯里发展")] == ["贵州省"]
    assert places("兴义、凯里、都匀等城市") == []


def test_taiwan_cities():
    got = places("臺南發展快速南市府開源節流有成，台南市長黃偉哲表示")
    assert got[0] == ("臺南", "台南市", "prefecture", None)
    assert ("南市", "台南市", "prefecture", None) in got
    assert ("台南市", "台南市", "prefecture", None) in got


def test_taiwan_districts_in_a_taiwan_document_only():
    # 043_tainan_shuihuan_fangzai_shequ: districts and their 社區 communities
    got = extract_places("臺南市永康區西灣社區及安南區南興社區獲得特優社區；鹽水區後鎮等3座抽水站")
    by_text = {m.text: m for m in got}
    for text, name in (("永康區", "永康区"), ("安南區", "安南区"), ("鹽水區", "盐水区")):
        m = by_text[text]
        assert (m.name, m.level, m.adcode, m.parent) == (name, "county", None, "台南市")
    assert by_text["西灣社區"].level == "village"
    # no village inside a village: 特優社區 is an award, not a community of 南興社區
    assert not any("特優" in m.text for m in got)
    # the same characters in a mainland text are words (壮大园区经济: 壮大 + 园区)
    assert places("持续壮大园区经济，建设产业大园区3个") == []
    assert ("大園區", "大园区", "county", None) in places("桃園市大園區共3處")
    # two-character districts only in a list, and of the city the document names
    # and the 里 after a district, alone or in a list (not 这里, 公里)
    got = places("臺南市東區崇學里、文賢里及新達里辦理活動，這裡有10公里")
    assert [(t, lvl) for t, _, lvl, _ in got][1:] == [
        ("東區", "county"), ("崇學里", "village"), ("文賢里", "village"), ("新達里", "village")]
    assert places("永康區三民里") == []  # no Taiwan city named: neither district nor 里
    got = extract_places("臺南市安南區、北區及南區共有5處，學校東區宿舍，裝備集中區、倉庫")
    assert [(m.text, m.parent) for m in got if m.level == "county"] == [
        ("安南區", "台南市"), ("北區", "台南市"), ("南區", "台南市")]


def test_taiwan_districts_by_their_bare_names_in_a_list():
    # 026, 042, 028 of ../shared/corpus/real: districts without 區 in lists and before 渔港/湿地
    got = places("臺南市輔導東山、後壁、下營、官田及新化5處休閒農業區，將軍漁港，學甲濕地、七股、四草等")
    assert [(t, name, lvl) for t, name, lvl, _ in got][1:] == [
        ("東山", "东山区", "county"), ("後壁", "后壁区", "county"), ("下營", "下营区", "county"),
        ("官田", "官田区", "county"), ("新化", "新化区", "county"), ("將軍", "将军区", "county"),
        ("學甲", "学甲区", "county"), ("七股", "七股区", "county")]
    # not in a list, or no Taiwan city named: words (将军, 新化 of Hunan is no list member here)
    assert [t for t, *_ in places("臺南市將軍表示")] == ["臺南市"]
    assert places("東山、後壁及下營") == []
    # a mainland city's short name inside a local name of a Taiwan document (安南海東橋)
    got = places("臺南市治水：永康大灣、安南海東橋、鹽水區後鎮；南市府、臺南市政府")
    assert "海東" not in [t for t, *_ in got] and "安南" in [t for t, *_ in got]


def test_common_words_are_not_places():
    assert places("近六成都是贫困户") == []  # 六成 (60%) + 都是; the city alone stays a place
    assert places("成都的发展") == [("成都", "成都市", "prefecture", "510100")]
    assert places("资源节约，振兴乡村，加强合作，南部地区，安全生产，和平发展") == []


def test_gazetteer_loads_once_and_knows_its_sources():
    g = get_gazetteer()
    assert g is get_gazetteer()
    from extractor.rules import rule_path

    for name in ("gazetteer_divisions.tsv", "gazetteer_towns.tsv", "gazetteer_changes.tsv",
                 "gazetteer_extra.tsv", "gazetteer_world.tsv", "place_suffixes.tsv",
                 "place_stopwords.tsv"):
        first = rule_path(name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), name


@pytest.mark.parametrize("text", ["", "。", "123"])
def test_degenerate_inputs(text):
    assert places(text) == []


def test_a_prefecture_short_name_keeps_a_character_that_is_also_a_nationality():
    """六盘水市 is named after the 六盘 mountains and 水 (water), not the 水族: its short name is
    六盘水, and 六盘山 is the mountain range."""
    from extractor.api import extract_places

    got = {(m.text, m.name, m.level) for m in extract_places(
        "推进纳雍至六盘水等铁路建设。黄蒿湾村曾是六盘山片区最为偏远和贫困的村子。")}
    assert ("六盘水", "六盘水市", "prefecture") in got
    assert ("六盘山", "六盘山", "other") in got


def test_long_text_scan_equals_the_plain_scan(monkeypatch):
    """Texts of NUMPY_MIN_CHARS or more are scanned by hashing (numpy candidates, checked
    exactly); shorter ones position by position. Both must find the same names and township
    stems: a text built from the sample corpus, names of the gazetteer, its township names,
    noise and characters outside the BMP is scanned both ways."""
    import random
    from pathlib import Path

    import extractor.gazetteer as gz

    g = get_gazetteer()
    rnd = random.Random(3)
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    sample = "".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    counties = sorted(c for c in g.by_code if c.startswith("52") and g.has_town_stems([c]))[:40]
    towns = [t.name for c in counties for t in g.towns_of(g.by_code[c]).values()]
    names = rnd.sample(sorted(g.by_surface), 300) + rnd.sample(towns, min(300, len(towns)))
    noise = list("的了在和是年月日，。、0123456789") + ["𠀀", "😀", "\n"]
    pieces = [sample]
    for _ in range(1500):
        pieces.append(rnd.choice(names) if rnd.random() < 0.4 else rnd.choice(noise))
    text = "".join(pieces)
    assert len(text) >= gz.NUMPY_MIN_CHARS and gz._numpy() is not None

    def both(fn):
        gz._LAST = (None, None)
        hashed = fn()
        monkeypatch.setattr(gz, "NUMPY_MIN_CHARS", 10 ** 9)
        gz._LAST = (None, None)
        plain = fn()
        monkeypatch.setattr(gz, "NUMPY_MIN_CHARS", 2000)
        gz._LAST = (None, None)
        return hashed, plain

    hashed, plain = both(lambda: g.scan(text))
    assert hashed == plain and len(plain) > 500
    hashed, plain = both(lambda: g.town_stem_spans(text, set(counties)))
    assert hashed == plain and len(plain) > 50


def test_a_name_at_the_end_of_a_text_is_not_read_past_it():
    # the plain scan (short texts) read 印江县 at the end as 印江土家族苗族自治县 cut short
    spans = get_gazetteer().scan("在印江县")
    assert all(e <= 4 for _, e in spans) and (1, 4) in spans
    # nor a township stem (a prefecture's short name at the end of a text was taken back for
    # a longer stem that only its cut-off slice matched)
    assert [t for t, *_ in places("新疆巴音郭楞")] == ["新疆", "巴音郭楞"]
