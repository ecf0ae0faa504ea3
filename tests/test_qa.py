"""QA checks on the seed articles' real cases, and on the same sentences with planted errors."""
from __future__ import annotations

from extractor import Pipeline
from extractor.qa import check_corpus

from .conftest import SHARED, needs_shared

CONVERSION = "黔西南州“双脱”创建以来，受邪教裹挟在库的3628人经教育成功转化3261人，转化率为90%。"
PUAN = ("2018年，公安部深入贯彻落实党中央决策部署。\n"
        "普安县贫困人口从2014年的19916户79744人，下降至5889户18151人，贫困发生率从24.68%下降至5.79%。\n")
XINGREN = ("2018年，公安部深入贯彻落实党中央决策部署。\n"
           "兴仁市贫困人口从2014年的22813户95042人，下降至2839户8107人，贫困发生率从19.27%下降至1.65%。\n")


def _flags(text: str, published: str = "2019-11-18", doc_id: str = "t"):
    doc = Pipeline().process_text(text, doc_id=doc_id, meta={"published": published})
    return doc, [f.check for f in doc.flags]


def test_consistent_rate_is_not_flagged_and_a_changed_part_is():
    _, checks = _flags(CONVERSION)
    assert "rate_parts" not in checks
    doc, checks = _flags(CONVERSION.replace("3261人", "2261人"))
    assert "rate_parts" in checks
    flag = next(f for f in doc.flags if f.check == "rate_parts")
    assert abs(flag.evidence.recomputed - 62.32) < 0.01 and flag.evidence.tolerance == 0.5
    assert "2261人" in flag.evidence.texts


def test_implied_populations_differ_for_puan_not_for_xingren():
    doc, checks = _flags(PUAN, published="2019-02-26")
    assert "implied_denominator" in checks
    _, checks = _flags(XINGREN, published="2019-02-26")
    assert "implied_denominator" not in checks


def test_backwards_plan_period_is_flagged():
    _, checks = _flags("黔西南州“双脱”创建模，是基于《黔西南州2016—2010年“无邪教创建”活动五年规划纲要》，"
                       "以精准扶贫为引领。")
    assert "date_backwards" in checks


def test_future_dates_since_and_from():
    # "since" a date still to come is an error; "from" a date to come is a plan where the
    # sentence says what will be held (011: 2025年高考全国统考6月7日起举行, published in February)
    _, checks = _flags("2025年3月以来，全市开展行动。", published="2023-05-01")
    assert "date_future" in checks
    _, checks = _flags("2025年高考全国统考6月7日起举行。", published="2025-02-19")
    assert "date_future" not in checks
    _, checks = _flags("全市2025年9月1日起完成了改造。", published="2025-02-19")
    assert "date_future" in checks


def test_share_above_100_percent():
    _, checks = _flags("全州群众对公安工作的满意度达120%。")
    assert "share_bound" in checks
    _, checks = _flags("整体执行率达101.22%。")  # an execution rate may exceed 100%
    assert "share_bound" not in checks


def test_same_seizure_with_different_substances_across_articles():
    a = Pipeline().process_text("州公安局于2018年2月7日破获部级走私毒品目标案件，缴获冰毒片剂108.86公斤。",
                                doc_id="a", meta={"published": "2019-11-18"})
    b = Pipeline().process_text("黔西南州公安还成功侦破跨境特大贩毒案，缴获海洛因108.86公斤。",
                                doc_id="b", meta={"published": "2023-03-03"})
    same = Pipeline().process_text("州公安局破获部级走私毒品目标案件，缴获冰毒片剂108.86公斤。",
                                   doc_id="c", meta={"published": "2019-11-20"})
    flags = check_corpus([a, b])
    assert [f.check for f in flags] == ["cross_object"]
    assert set(flags[0].evidence.documents) == {"a", "b"}
    assert check_corpus([a, same]) == []


@needs_shared
def test_qa_over_a_database_finds_the_seed_cases_and_stores_cross_flags_once(tmp_path):
    import sqlite3
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'a.db'}"
    cli = [sys.executable, "-m", "extractor.cli"]
    subprocess.run(cli + ["ingest", str(SHARED / "corpus" / "seeds"), "--db", url,
                          "--no-progress"], check=True, capture_output=True)
    for _ in range(2):
        out = subprocess.run(cli + ["qa", "--db", url], check=True, capture_output=True,
                             text=True).stdout
    for check in ("date_backwards", "implied_denominator", "cross_object"):
        assert check in out
    assert "rate_parts" not in out  # 3261 of 3628 is the stated 90%
    n = sqlite3.connect(tmp_path / "a.db").execute(
        "select count(*) from qa_flags where other_document_id is not null").fetchone()[0]
    assert n == 1
