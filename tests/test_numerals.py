"""The numeral parser (extractor.numerals): the forms press releases write, read to numbers."""
from __future__ import annotations

import math

import pytest

from extractor.numerals import cn2an, int_to_cn, parse_number, parse_range, parse_share


@pytest.mark.parametrize("text, value", [
    # Arabic with separators and decimals, full width
    ("22813", 22813), ("1,234.5", 1234.5), ("2,387", 2387), ("１２３", 123), ("２．２", 2.2),
    ("108.86", 108.86), (".5", 0.5),
    # Chinese numerals
    ("一百二十三", 123), ("两", 2), ("〇", 0), ("廿二", 22), ("十五", 15), ("一千零一", 1001),
    ("一万零二百五十", 10250), ("九百万零四百", 9000400), ("一千零一万零一", 10010001),
    ("四十五亿四千零四万", 4540040000), ("五十五兆一十二亿四万五千二", 55001200045200),
    ("二〇一八", 2018), ("一九九八", 1998),
    # financial and Traditional forms
    ("壹佰伍拾", 150), ("壹贰叁", 123), ("玖仟陆佰陆拾伍", 9665), ("拾万零五十六", 100056),
    ("兩千六", 2600), ("參佰萬", 3000000),
    # mixed, multipliers
    ("14.52万", 145200), ("3万5千", 35000), ("1370余万", 13700000), ("2億469萬6,998", 204696998),
    ("2亿469万6998", 204696998), ("4.78万亿", 4.78e12), ("10万万", 1e9), ("2千零30万", 20300000),
    ("1,100万", 11000000), ("二十几万", 200000), ("十多万", 100000),
    # colloquial abbreviations
    ("三万五", 35000), ("两千六", 2600), ("一百二", 120), ("千三", 1300), ("九十二万四", 924000),
    # decimals written 点, negatives
    ("十五点七", 15.7), ("零点零一", 0.01), ("两千万点五五四四", 20000000.5544), ("负三十二", -32),
    ("-14.52", -14.52), ("负1.1", -1.1),
    # fractions
    ("三分之二", 2 / 3), ("五分之一", 0.2), ("3又一千分之23", 3.023), ("负一又二分之一", -1.5),
    ("１６分之5", 0.3125), ("1 4/3", 1 + 4 / 3), ("半百", 50),
])
def test_parse_number(text, value):
    got = parse_number(text)
    assert got is not None and math.isclose(got, value, rel_tol=1e-9), (text, got)


@pytest.mark.parametrize("text", ["", "一切", "abc", "一百一千", "十斤", "五十千"])
def test_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, low, high", [
    ("五六", 5, 6), ("三四百", 300, 400), ("十五六", 15, 16), ("二三十", 20, 30),
    ("七八千万", 7e7, 8e7), ("三五百", 300, 500),
])
def test_parse_range(text, low, high):
    assert parse_range(text) == (low, high)


@pytest.mark.parametrize("text", ["五", "一二三", "二〇一八", "五七", "十五"])
def test_no_range(text):
    assert parse_range(text) is None


@pytest.mark.parametrize("text, value, unit", [
    ("百分之四十", 40, "%"), ("百分之一百二十点五", 120.5, "%"), ("六成", 60, "%"),
    ("三成半", 35, "%"), ("五分之一", 20, "%"), ("三分之二", 200 / 3, "%"),
    ("1.86个百分点", 1.86, "百分点"), ("21.86個百分點", 21.86, "百分点"), ("-14.52%", -14.52, "%"),
    ("负40%", -40, "%"), ("千分之二点四", 0.24, "%"), ("5‰", 0.5, "%"),
])
def test_parse_share(text, value, unit):
    got = parse_share(text)
    assert got is not None and got[1] == unit and math.isclose(got[0], value, rel_tol=1e-9)


@pytest.mark.parametrize("text, mode, value", [
    ("一千零一万零一", "strict", 10010001), ("十一", "strict", 11), ("一十一", "strict", 11),
    ("零点零一", "strict", 0.01), ("壹拾壹元整", "strict", 11), ("壹拾壹元壹角壹分", "strict", 11.11),
    ("三万五", "normal", 35000), ("一七二零", "normal", 1720), ("负一七二零点一", "normal", -1720.1),
    ("16.4亿", "smart", 1640000000), ("1万600", "smart", 10600), ("零零三", "direct", "003"),
])
def test_cn2an_modes(text, mode, value):
    got = cn2an(text, mode)
    assert got == value if isinstance(value, str) else math.isclose(got, value)


@pytest.mark.parametrize("text", ["一一", "一七二零", "三万五", "十万零一千", "一千一十", "零点零",
                                  "〇", "100万", "壹拾壹元", "负", "点一"])
def test_cn2an_strict_rejects(text):
    with pytest.raises(ValueError):
        cn2an(text, "strict")


@pytest.mark.parametrize("n, text", [(10, "一十"), (1010, "一千零一十"), (100010001001, "一千亿一千万一千零一"),
                                     (10011001, "一千零一万一千零一"), (0, "零")])
def test_int_to_cn(n, text):
    assert int_to_cn(n) == text
