"""The quantity recognizer on real sentences of the seed and real corpora (CONTRACT.md, quantity)."""
from __future__ import annotations

import math

import pytest

from extractor.api import extract_quantities
from extractor.context import ExtractionContext
from extractor.extractors.quantities import find_quantities
from extractor.models import DateMention
from extractor.normalize import normalize


def figures(text):
    return [(m.text, m.value, m.unit, m.approx) for m in extract_quantities(text)]


def one(text):
    got = extract_quantities(text)
    assert len(got) == 1, [m.text for m in got]
    return got[0]


@pytest.mark.parametrize("sentence, expected", [
    # seeds: counters, 余/多 inside the span, multipliers removed from the unit
    ("禁毒培训覆盖1973所学校46000多名教师，禁毒课程覆盖70余万名学生",
     [("1973所", 1973, "所", None), ("46000多名", 46000, "名", "over"),
      ("70余万名", 700000, "名", "over")]),
    ("興仁市貧困人口從2014年的22813戶95042人，下降至2839戶8107人",
     [("22813戶", 22813, "户", None), ("95042人", 95042, "人", None),
      ("2839戶", 2839, "户", None), ("8107人", 8107, "人", None)]),
    ("普安百香果網上銷售突破35萬餘斤，收入275萬元，惠農近1000戶",
     [("突破35萬餘斤", 350000, "斤", "over"), ("275萬元", 2750000, "元", None),
      ("近1000戶", 1000, "户", "about")]),
    ("投入資金1370余萬元", [("1370余萬元", 13700000, "元", "over")]),
    ("分别提升1.83和1.86个百分点", [("1.83", 1.83, "百分点", None),
                                 ("1.86个百分点", 1.86, "百分点", None)]),
    ("处置成功率分别达99.85%、99.83%", [("99.85%", 99.85, "%", None), ("99.83%", 99.83, "%", None)]),
    ("酒駕肇事較去年減少143件(-14.52%)", [("143件", 143, "件", None), ("-14.52%", -14.52, "%", None)]),
    ("金額2億469萬6,998元", [("2億469萬6,998元", 204696998, "元", None)]),
    ("動員以貧困戶為主體種植的千畝黃芩，目前，正在挖苗出售，半年畝產400公斤，收入已達4000元/每畝",
     [("千畝", 1000, "亩", None), ("半年", 0.5, "年", None), ("400公斤", 400, "公斤", None),
      ("4000元/每畝", 4000, "元/亩", None)]),
    ("剛剛上任旬陽縣公安局長不到一個月的李宏團", [("不到一個月", 1, "月", "under")]),
    ("全国连续5年多未发生暴恐案事件", [("5年多", 5, "年", "over")]),
    ("1亿多群众享受到跨省异地驾考", [("1亿多", 100000000, None, "over")]),
    ("解决了興仁、普安16萬貧困人口", [("16萬", 160000, None, None)]),
    ("电信网络诈骗犯罪立案数连续12月同比下降", [("12月", 12, "月", None)]),
    ("全州禁毒工作满意度连续三年递增", [("三年", 3, "年", None)]),
    ("2018年实现7县(市)邪教案件“零发生”", [("7县(市)", 7, "县", None)]),
    ("家里养有两头牛一匹马", [("两头", 2, "头", None), ("一匹", 1, "匹", None)]),
    ("查处酒驾醉驾1.4万起，是2017年的12.57倍", [("1.4万起", 14000, "起", None),
                                        ("12.57倍", 12.57, "倍", None)]),
    ("在全国，因为搬迁而建成的集中安置区约3.5万个", [("约3.5万个", 35000, "个", "about")]),
    ("2.2万人，相当于全县人口的五分之一", [("2.2万人", 22000, "人", None),
                                  ("五分之一", 20, "%", None)]),
    ("规费收入亦较预算增加約2.2億餘元", [("約2.2億餘元", 220000000, "元", None)]),
    ("工业、投资、消费同比增长均超三成", [("超三成", 30, "%", "over")]),
    ("走访民警好言相劝4個小時后，双方认识到自己的错误", [("4個小時", 4, "小时", None)]),
    ("这个烦扰我家近十年的问题", [("近十年", 10, "年", "about")]),
    ("我国共有9899万贫困人口摆脱了绝对贫困", [("9899万", 98990000, None, None)]),
    ("58岁的老罗", [("58岁", 58, "岁", None)]),
    # real articles
    ("铁路旅客发送量完成3.69亿人次，同比增长12.1%",
     [("3.69亿人次", 369000000, "人次", None), ("12.1%", 12.1, "%", None)]),
    ("市场化交易成交电量超4700亿千瓦时", [("超4700亿千瓦时", 470000000000, "千瓦时", "over")]),
    ("带动就业30余万人", [("30余万人", 300000, "人", "over")]),
    ("连续5年稳定在3000万人以上", [("5年", 5, "年", None), ("3000万人以上", 30000000, "人", "over")]),
    ("高铁只需要一个半小时", [("一个半小时", 1.5, "小时", None)]),
    ("黄精一斤能卖10元左右", [("一斤", 1, "斤", None), ("10元左右", 10, "元", "about")]),
    ("合计逾15萬人次受益", [("逾15萬人次", 150000, "人次", "over")]),
    ("累計車手提領地點626處、提領次數2,153次", [("626處", 626, "处", None),
                                      ("2,153次", 2153, "次", None)]),
    ("投资5万至8万元不等", [("5万", 50000, "元", None), ("8万元", 80000, "元", None)]),
    ("十八至三十万日元", [("十八", 180000, "日元", None), ("三十万日元", 300000, "日元", None)]),
    ("开销123元1角1分", [("123元1角1分", 123.11, "元", None)]),
])
def test_figures(sentence, expected):
    got = figures(sentence)
    assert [(t, u, a) for t, _, u, a in got] == [(t, u, a) for t, _, u, a in expected]
    for (_, v, _, _), (_, w, _, _) in zip(got, expected):
        assert math.isclose(v, w, rel_tol=1e-9), (v, w)


def test_vague_figures_have_null_value():
    m = one("每天晚上都要起来查看五六次")
    assert (m.text, m.value, m.value_max, m.unit) == ("五六次", None, 6, "次")
    m = one("一小时几十公里的速度，老罗以前从未体验过")
    assert (m.text, m.value, m.unit) == ("一小时几十公里", None, "公里/小时")


@pytest.mark.parametrize("sentence", [
    # years, dates, clock times, ordinals, list markers
    "2018年1月9日，贵州省青少年毒品预防教育推进会在黔西南召开",
    "發稿時間：109年12月23日16：30",
    "今年前5个月，中国进口非洲商品",
    "第二，要加强领导；首届论坛；排名第3位",
    "一、偵破暴力犯罪方面",
    "十年前，这里的夜晚还是一片寂静",
    "直到4年前，当地启动易地扶贫搬迁",
    # names, slogans, programmes, idioms, place names, 一 as an article
    "全面落实一村一警务室、一村一综治中心等“十个一”机制",
    "实现毒品预防教育学生接受率、教师普及率、家长知晓率“三个100%”",
    "创建了四川、云南、贵州等省跨省禁毒反恐区域联动协作机制",
    "建设普安县西城区三板桥镇盘水实验小学的综合教育教学楼",
    "咬定目标、一鼓作气",
    "黔西南州公安机关推进搭建了一个毒品预防远程教育基地",
    "州公安局于破获“2018-36”部级走私毒品目标案件",
    "构元、蜀河两个戰區",
    "创建了州、县、乡三级青少年毒品预防宣教体系",
    "“兩不愁三保障”問題初步得到解決",
    "两年平均增长",
    "十年一跨，越千年",
    "发稿人：宋金燕 2991111转8419",
    "你可以访问一下 https://www.test.com/search?q=30%25%2020%",
    "一座五人制足球场点燃了孩子们的运动热情",
    "小明拾起石子",
])
def test_not_quantities(sentence):
    assert figures(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("最低气温零下5℃", [("零下5℃", -5, "℃", None)]),
    ("疏浚總量約達 126,000 立方公尺", [("約達 126,000 立方公尺", 126000, "立方公尺", "about")]),
    # Tainan releases (027, 042, 046): 逼近 (about), 未滿 (under); counters of a corps, districts
    ("減少率亦逼近2成，提供未滿4歲兒童活動空間", [("逼近2成", 20, "%", "about"),
                                       ("未滿4歲", 4, "岁", "under")]),
    ("有3大隊、21中隊及306小隊，全市共63學區", [("3大隊", 3, "大队", None), ("21中隊", 21, "中队", None),
                                    ("306小隊", 306, "小队", None), ("63學區", 63, "学区", None)]),
    ("今年已投入超過新臺幣 1.3 億元", [("超過新臺幣 1.3 億元", 130000000, "新台币", "over")]),
    ("港币两千九百六十元", [("两千九百六十元", 2960, "港元", None)]),
    ("新能源电池产能达55GWh", [("55GWh", 55, "GWh", None)]),  # (Latin units as written)
    ("千余人参加，近万人观看", [("千余人", 1000, "人", "over"), ("近万人", 10000, "人", "about")]),
    ("提高5.4个和7.5个百分点", [("5.4个", 5.4, "百分点", None), ("7.5个百分点", 7.5, "百分点", None)]),
    # units of ../shared/corpus/real (023, 028): computing power, standard coal, calendar days
    ("智能算力达到160Eflops", [("160Eflops", 160, "Eflops", None)]),
    ("能耗控制在2.3亿吨标准煤左右", [("2.3亿吨标准煤左右", 230000000, "吨标准煤", "about")]),
    ("工期120日曆天", [("120日曆天", 120, "日历天", None)]),
    ("收入超过了1000万元", [("超过了1000万元", 10000000, "元", "over")]),
    ("身高1.2米及以下儿童免票", [("1.2米及以下", 1.2, "米", "under")]),
    ("总量是十年前的3倍多", [("3倍多", 3, "倍", "over")]),  # (units.tsv flag "more")
    # 032_cctv_sihao_nongcunlu: 六成 and 都, not the city 成都
    ("近六成都是贫困户", [("近六成", 60, "%", "about")]),
    # 001, 009, 011 of ../shared/corpus/real: 上/过 before a bare multiplier, one after a qualifier
    ("还有上万顷的葡萄园，上千名群众参加", [("上万顷", 10000, "顷", "over"),
                                ("上千名", 1000, "名", "over")]),
    ("新材料产业产值过百亿元", [("过百亿元", 1e10, "元", "over")]),
    ("货物贸易进出口总值连续两年突破百亿", [("两年", 2, "年", None), ("突破百亿", 1e10, None, "over")]),
    # a rate per second written out (011), 破 before a figure (030), districts and medals after
    # Arabic figures (025, 030)
    ("下泄流量至1000立方米每秒，銷售金額破5千萬", [("1000立方米每秒", 1000, "立方米/秒", None),
                                       ("破5千萬", 5e7, None, "over")]),
    ("全市37區認養道路，總獲15面金牌", [("37區", 37, "区", None), ("15面", 15, "面", None)]),
    # a dash after a word before a count is no minus (030: 「金」招牌-15面金牌); a rate keeps it
    ("TTQS「金」招牌-15面金牌，減少143件(-14.52%)", [("15面", 15, "面", None), ("143件", 143, "件", None),
                                          ("-14.52%", -14.52, "%", None)]),
    # medals, tables, households (040, 033, 045)
    ("喜摘奖牌111枚，接待了11桌客人，巡查10,595家戶", [("111枚", 111, "枚", None),
                                            ("11桌", 11, "桌", None),
                                            ("10,595家戶", 10595, "家户", None)]),
    # 支 counts teams (支队伍), not the 支队 of a police unit name
    ("超过200支队伍参赛", [("超过200支", 200, "支", "over")]),
    # 006 and the bulk government reports: slash fractions are shares
    ("稳住了脱贫家庭2/3以上的收入，约占全国1/10", [("2/3以上", 200 / 3, "%", "over"),
                                        ("1/10", 10, "%", None)]),
])
def test_more_figures(sentence, expected):
    test_figures(sentence, expected)


@pytest.mark.parametrize("sentence", [
    "实施安全生产治本攻坚三年行动", "以及「SDG17 臺南度冬黑琵」", "按照省委十二届十次、十一次全会部署",
    "引进央企二、三级子公司", "重点做好十个方面工作", "万一发生意外", "一成不变", "完工後可提供南科15,500CMD再生水量",
    "这一年，一个个项目落地", "109年上半年治安满意度",
    # 上/过 complete a verb or a time word there (迈上, 经过, 上一, 过去); bare 万/千万 are words
    "经济总量迈上新台阶", "经过万水千山，走过千家万户", "千万不要大意", "碧波万顷",
    "四面八方，三区三州，打破纪录", "空军航空兵某团飞行二大队",
    "热烈庆祝中国共产党成立一百零二周年",
    # anniversaries are ordinals, the new year and the busiest day no durations (040, 023, 006)
    "自治区成立60周年庆祝活动", "纪念长征胜利90周年", "进入新的一年", "最忙的一天",
    # a size class after a unit (023): 30万千瓦级煤电机组, 10万吨级码头
    "推动30万千瓦级煤电机组上大压小", "新建10万吨级码头",
    # slashes that are no fraction: a part number, a date, a score above one, a run of them
    "[1/6] 2026", "定于9/10日举行", "比分9/8", "2020/21/22赛季",
])
def test_more_non_quantities(sentence):
    assert figures(sentence) == []


def test_long_digit_runs_stay_fast():
    """A long run of digits (an ID, a table dump) must not make the scan backtrack for ages."""
    import time

    t = time.perf_counter()
    assert figures("1" * 5000 + "x" + "一" * 3000 + "年来一" + "9" * 60 + "万元") == []
    assert time.perf_counter() - t < 2.0


def test_two_year_average_is_not_a_duration():
    assert figures("规模以上工业增加值两年平均增长5.4%") == [("5.4%", 5.4, "%", None)]


def test_roc_years_in_traditional_text():
    got = figures("臺南市政府自104年度起連續7年有歲入歲出賸餘，110年底債務新低")
    assert got == [("7年", 7, "年", None)]


def test_offsets_are_original_and_traditional_text_kept():
    text = "走訪群眾67.5萬余戶94.3萬余人"
    got = extract_quantities(text)
    assert [text[m.start:m.end] for m in got] == ["67.5萬余戶", "94.3萬余人"]
    assert [(m.value, m.unit, m.approx) for m in got] == [(675000, "户", "over"),
                                                        (943000, "人", "over")]


def test_spans_found_by_earlier_stages_are_respected():
    norm = normalize("近5年破獲率均持續上升")
    date = DateMention(start=0, end=3, text="近5年", value=None)
    assert find_quantities(ExtractionContext(norm=norm)) != []
    assert find_quantities(ExtractionContext(norm=norm, found={"date": [date]})) == []


def test_rule_ids_are_set():
    got = extract_quantities("增长百分之五，新增3所学校，提升1.83和1.86个百分点")
    assert [m.rule for m in got] == ["share.pct", "num.unit", "num.list", "num.unit"]



def test_spacy_component():
    """The quantity extractor as the ``cnie_quantities`` spaCy component (extractor.components)."""
    spacy = pytest.importorskip("spacy")
    import extractor.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh")
    nlp.add_pipe("cnie_quantities")
    doc = nlp("已向养殖大牲畜农户发放平安卡14.52万张，为8个重点村寨3.85万头大牲畜安装芯片")
    assert [s.text for s in doc.spans["quantity"]] == ["14.52万张", "8个", "3.85万头"]
    assert [(s._.mention.value, s._.mention.unit) for s in doc.spans["quantity"]] == [
        (145200, "张"), (8, "个"), (38500, "头")]


def test_one_pass_negative_scan_equals_each_pattern_alone():
    """The negative patterns (rules/) are searched in one pass over the text (``regexes_at``);
    it must give exactly the spans of each pattern's own ``finditer``, on the sample corpus,
    the shared corpus when present, and shuffled pieces of both."""
    import random
    from pathlib import Path

    from extractor.extractors.quantities import _neg_spans, lexicon

    from .conftest import SHARED

    lex = lexicon()
    assert lex.regexes_at is not None  # the rules can be combined (else the plain path runs)
    texts = [p.read_text(encoding="utf-8") for p in
             sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))]
    if SHARED.exists():
        texts += [p.read_text(encoding="utf-8") for d in ("seeds", "real")
                  for p in sorted((SHARED / "corpus" / d).glob("*.txt"))]
    # one phrase for each rule, so that every pattern is exercised (a new rule wants one here)
    texts.append("十四五规划期间，前三名、三中全会与第二次全体会议，前两个月，www.gov.cn/zhengce，"
                 "这一年上半年，一村一品，省市县三级，两年平均，百年一遇")
    texts = [normalize(t).text for t in texts]
    for p in lex.regexes:
        assert any(p.search(t) for t in texts), f"no test text for the rule {p.pattern}"
    rnd = random.Random(5)
    pieces = [t[i:i + rnd.randint(1, 12)] for t in texts for i in range(0, len(t), 9)]
    texts += ["".join(rnd.sample(pieces, 40)) for _ in range(2000)]
    for t in texts:
        want = sorted((m.start(), m.end()) for p in lex.regexes for m in p.finditer(t))
        assert sorted(_neg_spans(t, lex)) == want, t[:200]
