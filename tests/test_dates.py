"""Dates: recognition and normalization on sentences taken from the corpus.

Each case is a real sentence (seeds, real articles, bulk) with the publication date of its
article as the reference; the expectations follow ``../shared/eval/CONTRACT.md``.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest

from extractor.api import extract_dates
from extractor.pipeline import Pipeline

from .conftest import SHARED, needs_shared


def dates(text, ref=None, roc=False):
    return [(m.text, m.value) for m in extract_dates(text, reference=ref, roc_era=roc)]


D2019 = dt.date(2019, 11, 18)


@pytest.mark.parametrize("text, ref, expected", [
    # seed 000 (2019-11-18): a dateline with its clock time, open intervals, ranges, vague
    ("2019年11月18日16:50 来源：人民网", D2019, [("2019年11月18日16:50", "2019-11-18T16:50")]),
    ("近年来，黔西南州", D2019, [("近年来", None)]),
    ("2015年以来，全州共破获毒品案件", D2019, [("2015年以来", "2015/..")]),
    ("主导下，8月27日，全州大", D2019, [("8月27日", "2019-08-27")]),
    ("2019年9月29日至30日，全省", D2019, [("2019年9月29日至30日", "2019-09-29/2019-09-30")]),
    ("黔西南州“双脱”创建以来，", D2019, [("“双脱”创建以来", None)]),
    # seed 002 (2018-11-12): relative year with a month, 月初
    ("从今年8月份以来，", dt.date(2018, 11, 12), [("今年8月份以来", "2018-08/..")]),
    ("8月初，他", dt.date(2018, 11, 12), [("8月初", "2018-08")]),
    # seed 004 (2023-02-28): a range across months, holiday periods without a year are null
    ("1月20日至2月27日，", dt.date(2023, 2, 28), [("1月20日至2月27日", "2023-01-20/2023-02-27")]),
    ("春节期间，", dt.date(2023, 2, 28), [("春节期间", None)]),
    ("十年前的", dt.date(2023, 2, 28), [("十年前", "2013")]),
    # real 002 (2022-07-25): events anchor a period with no calendar value
    ("党的十八大以来，", dt.date(2022, 7, 25), [("党的十八大以来", None)]),
    ("2021年6月以来，电信网络诈骗犯罪立案数连续12月同比下降", dt.date(2022, 7, 25),
     [("2021年6月以来", "2021-06/..")]),
    # real 021 (2021-03-24): month ranges and the same period a year earlier
    ("2021年1-2月，广东经济持续稳定恢复。", dt.date(2021, 3, 24), [("2021年1-2月", "2021-01/2021-02")]),
    ("1-2月，广东完成规模以上工业增加值，受2020年同期基数较低影响", dt.date(2021, 3, 24),
     [("1-2月", "2021-01/2021-02"), ("2020年同期", "2020-01/2020-02")]),
    ("2013-2018年同期广东规模以上工业增加值平均增速为7.35%", dt.date(2021, 3, 24),
     [("2013-2018年同期", "2013/2018")]),
    ("低于2018、2019年水平", dt.date(2021, 3, 24), [("2018", "2018"), ("2019年", "2019")]),
    # seeds 000/003: a bare year that is a year, and four digits that are a count
    ("站在2023开局起跑线", dt.date(2023, 3, 3), [("2023", "2023")]),
    ("禁毒培训覆盖1973所学校", D2019, []),
    # durations are quantities, case numbers are not dates
    ("被盗4个小时后", D2019, []),
    ("破获“2018-36”号案", D2019, []),
    # five-year plans, seasons of the statistics year, parts of a year
    ("“十四五”时期，", dt.date(2026, 1, 22), [("“十四五”时期", "2021/2025")]),
    ("今年前三季度，", dt.date(2023, 10, 24), [("今年前三季度", "2023-01/2023-09")]),
    ("今年前5个月，西部", dt.date(2023, 6, 10), [("今年前5个月", "2023-01/2023-05")]),
    ("2024年3月底", dt.date(2025, 12, 19), [("2024年3月底", "2024-03")]),
    # header dates in other forms
    ("date: Wed, 24 Mar 2021 03:46:53 GMT", None, [("Wed, 24 Mar 2021 03:46:53 GMT", "2021-03-24T03:46:53Z")]),
    ("发布时间：2018-11-12 14:41", None, [("2018-11-12 14:41", "2018-11-12T14:41")]),
    # a lunar holiday with its year; a fixed holiday
    ("2021年春节前夕，习近平总书记", None, [("2021年春节前夕", "2021-02-12")]),
    ("2026年元旦假期", None, [("2026年元旦假期", "2026-01-01")]),
    # 今天 alone means "nowadays"; 今天 with a clock time is a date
    ("今天的中国", D2019, []),
    ("今天下午3点至下午5点", D2019, [("今天下午3点至下午5点", "2019-11-18T15:00/2019-11-18T17:00")]),
    # 年初/年底 after a year written with its own 年 (cctv 009, bulk reports): one date
    ("今年年初，全市开展", D2019, [("今年年初", "2019-01")]),
    ("2027年年底前完成", D2019, [("2027年年底前", "../2027-12")]),
    # 10年前 is ten years ago (cctv 038), 2010年前 before 2010
    ("10年前，这里很穷", D2019, [("10年前", "2009")]),
    ("2010年前完成", D2019, [("2010年前", "../2010")]),
    # the first and the last year of a plan period (040, bulk reports)
    ("在“十四五”开局之年，“十四五”收官之年", D2019, [("“十四五”开局之年", "2021"),
                                          ("“十四五”收官之年", "2025")]),
    # a month-day after a written year of its sentence takes that year (cctv 011, published in
    # February: the exam is in June of the same year, not of the year before)
    ("2025年高考全国统考6月7日起举行", dt.date(2025, 2, 19), [("2025年", "2025"),
                                              ("6月7日起", "2025-06-07/..")]),
    ("2023年，项目6月7日开工。8月9日竣工", dt.date(2025, 2, 19), [
        ("2023年", "2023"), ("6月7日", "2023-06-07"), ("8月9日", "2024-08-09")]),
    # the first N months standing alone (sina 019), not 提前3个月 or 项目前3个月
    ("前7个月，西安市生产稳中有升", dt.date(2021, 8, 19), [("前7个月", "2021-01/2021-07")]),
    ("提前3个月完成，项目前3个月投入", dt.date(2021, 8, 19), []),
    # years listed before the one that carries 年 (046, ROC years; mainland years)
    ("2019、2020年连续增长", D2019, [("2019", "2019"), ("2020年", "2020")]),
    # a quoted holiday before its cue (cctv 001): “五一”假期
    ("今年的“五一”假期，游客很多", D2019, [("今年", "2019"), ("“五一”假期", "2019-05-01")]),
    # more than ten years ago: a date with no calendar value (cctv 000, 001)
    ("这个小康村十多年前还是贫困村，20多年前更穷", D2019, [("十多年前", None), ("20多年前", None)]),
    # a year without 年 right before a holiday (034_cctv_guonei_kuaixun_20260104)
    ("2026元旦假期国内出游", D2019, [("2026元旦假期", "2026-01-01")]),
])
def test_mainland(text, ref, expected):
    assert dates(text, ref) == expected


@pytest.mark.parametrize("text, ref, expected", [
    # real 024 (2020-12-23) and 031 (2022-04-07): ROC years, 今(23)日, open cues
    ("发稿时间：109年12月23日16：30", dt.date(2020, 12, 23), [("109年12月23日16：30", "2020-12-23T16:30")]),
    ("台南市长黄伟哲今（23）日市政会议指出", dt.date(2020, 12, 23), [("今（23）日", "2020-12-23")]),
    ("109年迄今破获率达98.8%，且近5年破获率均持续上升", dt.date(2020, 12, 23), [("109年迄今", "2020/..")]),
    ("104年度起连续7年有岁入", dt.date(2022, 4, 7), [("104年度起", "2015/..")]),
    ("110年底均为台南市升格以来的债务新低点", dt.date(2022, 4, 7),
     [("110年底", "2021-12"), ("升格以来", None)]),
    ("内政部109年上半年民众对治安满意度调查", dt.date(2020, 12, 23), [("109年上半年", "2020-01/2020-06")]),
    ("民国三年", None, [("民国三年", "1914")]),
])
def test_roc_era(text, ref, expected):
    assert dates(text, ref, roc=True) == expected


@pytest.mark.parametrize("text, ref, expected", [
    # lunar calendar, solar terms, decades and centuries (bulk: 上世纪60年代以来, 21世纪以来)
    ("农历八月十五", dt.date(2023, 10, 24), [("农历八月十五", "2023-09-29")]),
    ("去年春节", dt.date(2020, 6, 1), [("去年春节", "2019-02-05")]),
    ("2024年冬至", None, [("2024年冬至", "2024-12-21")]),
    ("空气质量一度达到上世纪60年代以来最差状况", dt.date(2023, 6, 14), [("上世纪60年代以来", "1960/..")]),
    ("加拿大进入21世纪以来最严重的", dt.date(2023, 6, 14), [("21世纪以来", "2000/..")]),
    ("20世纪80年代", None, [("20世纪80年代", "1980/1989")]),
    # durations stay quantities: 1300年历史, 30日以内, 连续12月
    ("有1300年历史", dt.date(2023, 6, 14), []),
    ("在30日以内办结", dt.date(2023, 6, 14), []),
    # 昨天（6月15日）: the bracketed date is the mention
    ("昨天（6月15日），杭州", dt.date(2023, 6, 16), [("6月15日", "2023-06-15")]),
    # era years
    ("康熙二十年9月", None, [("康熙二十年9月", "1681-09")]),
])
def test_other_calendars_and_periods(text, ref, expected):
    assert dates(text, ref) == expected


def test_roc_years_only_in_roc_documents():
    assert dates("109年迄今", dt.date(2020, 12, 23), roc=False) == []


def test_comparison_with_the_year_reported():
    # 031: a 2022 release on the 110 (2021) accounts compares with 2020
    text = "110年度决算，更较去年减债39.65亿元"
    assert dates(text, dt.date(2022, 4, 7), roc=True) == [("110年度", "2021"), ("去年", "2020")]


def test_same_period_follows_a_whole_year_focus():
    text = "109年迄今破获率达98.8%，较去年同期减少"
    assert dates(text, dt.date(2020, 12, 23), roc=True)[-1] == ("去年同期", "2019")


def test_warnings_keep_the_value_as_written():
    (m,) = extract_dates("《黔西南州2016—2010年禁毒规划》", reference=D2019)
    assert m.value == "2016/2010" and any("backwards" in w for w in m.warnings)
    (m,) = extract_dates("2019年2月30日", reference=D2019)
    assert m.value == "2019-02-30" and any("invalid" in w for w in m.warnings)


def test_past_preferred_for_a_date_without_its_year():
    # 12月20日 in a March article is last December's
    assert dates("12月20日，", dt.date(2021, 3, 24)) == [("12月20日", "2020-12-20")]


def test_no_reference_resolves_relative_dates_to_null():
    assert dates("今年以来，", None) == [("今年以来", None)]
    assert dates("8月27日，", None) == [("8月27日", None)]


def test_offsets_are_in_the_original_traditional_text():
    text = "今年8月份以來，全縣"
    (m,) = extract_dates(text, reference=dt.date(2018, 11, 12))
    assert text[m.start:m.end] == m.text == "今年8月份以來"


@needs_shared
def test_real_articles_speed_and_spans():
    pipe = Pipeline()
    docs = sorted((SHARED / "corpus" / "real").glob("*.txt"))
    t0 = time.perf_counter()
    from extractor.extractors.dates import find_dates
    n = 0
    for p in docs:
        ctx, _ = pipe.context(__import__("extractor.reader", fromlist=["RawDocument"]).RawDocument(
            id=p.stem, doc=p.name, text=p.read_text(encoding="utf-8"), meta={}))
        for m in find_dates(ctx):
            assert ctx.text[m.start:m.end] == m.text
            n += 1
    assert n > 500
    assert time.perf_counter() - t0 < 10


def test_start_prefilter_keeps_every_match():
    """The date pattern is tried only where ``_first_chars`` says a date can start; that
    look-ahead must never turn a date down. Filtered and unfiltered patterns find the same spans
    and branches on the sample corpus, the shared corpus when present, and strings built from
    the date words of the lexicon with numerals, digits and separators."""
    import random
    from pathlib import Path

    from extractor.dates_grammar import lexicon, master
    from extractor.normalize import normalize

    texts = [p.read_text(encoding="utf-8") for p in
             sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.*"))
             if p.suffix in (".txt", ".html", ".jsonl")]
    if SHARED.exists():
        texts += [p.read_text(encoding="utf-8") for d in ("seeds", "real")
                  for p in sorted((SHARED / "corpus" / d).glob("*.txt"))]
    L = lexicon()
    words = sorted(set(L.relative) | set(L.parts) | set(L.holidays) | set(L.periods)
                   | set(L.vague) | set(L.eras) | set(L.solar_terms))
    atoms = words + list("0123456789一二三四五六七八九十两〇零年月日号至到-—~、，。 ") + [
        "2019年", "3月", "14日", "十四五", "“", "”", "个月前", "天前", "世纪", "年代", "Mon, ",
        " Jan ", "农历", "初一", "：", "时", "分", "上午", "12", "109", "民国"]
    rnd = random.Random(11)
    texts += ["".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 12))) for _ in range(10000)]
    for roc in (False, True):
        fast, full = master(roc), master(roc, prefilter=False)
        for t in texts:
            t = normalize(t).text
            got = [(m.span(), m.lastgroup) for m in fast.finditer(t)]
            want = [(m.span(), m.lastgroup) for m in full.finditer(t)]
            assert got == want, t[:200]


def test_roc_years_listed_before_the_one_with_nian():
    # 046_tainan_jingcha_fanzuilv: 連續3年（108、109、110年）
    got = dates("臺南市警察局：連續3年（108、109、110年）犯罪率下降。", dt.date(2022, 6, 1), roc=True)
    assert got == [("108", "2019"), ("109", "2020"), ("110年", "2021")]
