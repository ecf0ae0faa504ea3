"""Indicator records on real sentences (from the seed articles): what, where, when, change."""
from __future__ import annotations

from extractor import Pipeline


def _records(text: str, published: str = "2019-02-26"):
    doc = Pipeline().process_text(text, meta={"published": published})
    return doc, {r.text: r for r in doc.records}


def test_from_to_pairs_take_their_own_periods_and_place():
    text = ("2018年，公安部深入貫徹落實黨中央、國務院脫貧攻堅決策部署。\n"
            "興仁市貧困人口從2014年的22813戶95042人，下降至2839戶8107人，"
            "貧困發生率從19.27%下降至1.65%。\n")
    doc, rec = _records(text)
    assert rec["22813戶"].period == "2014" and rec["95042人"].period == "2014"
    assert rec["2839戶"].period == "2018"
    assert rec["22813戶"].place == "兴仁市" and rec["1.65%"].place == "兴仁市"
    assert "贫困人口" in rec["22813戶"].indicator
    assert "贫困发生率" in rec["1.65%"].indicator
    assert rec["1.65%"].change is None  # 下降至: a level reached, not a change
    assert any(link.kind == "from_to" and link.target == rec["1.65%"].id
               for link in rec["19.27%"].links)
    for r in doc.records:
        assert doc.text[r.start:r.end] == r.text
        assert r.sentence and r.sentence in doc.text


def test_change_against_a_baseline_year():
    _, rec = _records("“防”的成效较为明显——2022年与2017年比，黔西南州现行命案同比下降84%。",
                      published="2023-03-03")
    r = rec["84%"]
    assert (r.change, r.period, r.place) == ("decrease", "2017/2022", "黔西南布依族苗族自治州")
    assert "现行命案" in r.indicator and r.baseline and r.baseline.startswith("同比")


def test_distribution_over_a_list_of_subjects():
    _, rec = _records("道路交通事故造成死亡人数、受伤人数同比分别下降30.36%、30.03%。",
                      published="2023-03-03")
    assert "死亡人数" in rec["30.36%"].indicator and "受伤人数" in rec["30.03%"].indicator
    assert rec["30.36%"].change == rec["30.03%"].change == "decrease"


def test_rates_inherit_the_subjects_of_the_figures_before_them():
    _, rec = _records("黔西南州排查處置風險隱患15.1萬余起、矛盾糾紛6.52萬余起，"
                      "處置成功率分別達99.85%、99.83%。", published="2023-02-28")
    assert rec["99.85%"].indicator.endswith("风险隐患处置成功率")
    assert rec["99.83%"].indicator.endswith("矛盾纠纷处置成功率")
    assert rec["99.85%"].change is None


def test_growth_clause_carries_the_subject_before_it():
    _, rec = _records("1-2月，广东完成规模以上工业增加值4745.61亿元，同比增长44.6%。",
                      published="2021-03-24")
    assert "规模以上工业增加值" in rec["44.6%"].indicator
    assert rec["44.6%"].change == "increase" and rec["4745.61亿元"].change is None
    assert rec["44.6%"].place == "广东省"


def test_noun_after_a_figure_stops_at_adverbs_and_change_verbs():
    # sentences of ../shared/corpus/real (000, 012, 001, 023): the noun after the figure is
    # what it counts; the adverb or verb that follows the noun is not part of it
    _, rec = _records("累计选派21.32万名干部到村开展帮扶。", published="2021-02-25")
    assert rec["21.32万名"].indicator == "干部"
    _, rec = _records("厂里75%的工人都曾经是建档立卡贫困户。", published="2020-10-17")
    assert rec["75%"].indicator == "工人"
    _, rec = _records("20多年来，闽宁两省区持续推进对口协作。", published="2021-04-08")
    assert rec["20多年"].indicator is None  # (was 来)
    _, rec = _records("城乡居民基础养老金最低标准从98元/月提高到178元/月。", published="2026-01-27")
    assert rec["98元/月"].indicator == "城乡居民基础养老金最低标准"
    # a change verb of its own: 缩短 (shorten) makes the figure a decrease
    _, rec = _records("汽车的交付周期也缩短了20%。", published="2025-01-27")
    assert rec["20%"].change == "decrease"


def test_a_duration_names_no_figure_after_it():
    # 011 of ../shared/corpus/real: the years run; what they count is not the figure after
    _, rec = _records("西藏货物贸易进出口总值连续两年突破百亿。", published="2025-02-19")
    assert rec["两年"].indicator != "突破百亿"
    assert rec["突破百亿"].indicator == "货物贸易进出口总值"
    # a count still names what follows it
    _, rec = _records("连续两年新增3个过三千亿元城市。", published="2026-01-27")
    assert rec["3个"].indicator.startswith("过三千")


def test_a_river_named_in_passing_does_not_frame_later_sentences():
    # 023_gov_report_guizhou_2026: 乌江 (a river) was the place of the paragraph's later figures
    text = "贵州省人民政府工作报告\n五年来，我们持续推进乌江流域保护治理。森林覆盖率达到63.3%。\n"
    _, rec = _records(text, published="2026-01-27")
    assert rec["63.3%"].place == "贵州省"
    # in its own sentence a river still frames the figure
    _, rec = _records("贵州省人民政府工作报告\n乌江干流水质优良率达到100%。\n", published="2026-01-27")
    assert rec["100%"].place == "乌江"


def test_a_national_round_up_speaks_for_the_country():
    # the shape of 034_cctv_guonei_kuaixun_20260104: headlines with no place, items that say
    # 全国/我国, one item naming 北京市
    text = ("国内联播快讯\n**元旦假期国内出游1.42亿人次**\n"
            "来自文化和旅游部的消息，元旦假期三天，全国国内出游1.42亿人次。\n"
            "**前11个月软件业务收入同比增长13.3%**\n"
            "前11个月，我国软件业务收入超过13万亿元，同比增长13.3%。\n"
            "水利部近日发布名单，北京市亮马河等28条河湖入选。全国累计建成幸福河湖5500多条。\n")
    doc, _ = _records(text, published="2026-01-04")
    first = doc.records[0]
    assert first.text == "1.42亿人次" and (first.place, first.place_scope) == ("中国", "document")
    # a provincial report says 全省/我省: its own province stays the document's place
    text = ("四川省前11个月软件业务收入同比增长13.3%。\n"
            "我省增速居全国第三，全国有5个省份超过10%，全国平均为9%。\n"
            "软件业务出口超过100亿元。\n")
    _, rec = _records(text, published="2026-01-04")
    assert (rec["超过100亿元"].place, rec["超过100亿元"].place_scope) == ("四川省", "document")


def test_each_clause_of_a_list_keeps_its_own_place():
    # 018_sina_ningxia_zhongda_xiangmu: one city per clause
    _, rec = _records("宁夏回族自治区重大项目进展顺利。\n银川市完成投资120亿元，石嘴山市完成投资45亿元，"
                      "吴忠市完成投资38亿元。\n", published="2023-08-01")
    assert [rec[t].place for t in ("120亿元", "45亿元", "38亿元")] == ["银川市", "石嘴山市", "吴忠市"]


def test_a_member_of_the_counted_set_is_not_its_place():
    # 036_cctv_gansu_laoqu: 包括毛寺村在内的1448个贫困村 counts villages of the whole area
    _, rec = _records("甘肃老区发生巨变。\n老区包括毛寺村在内的1448个贫困村全部如期脱贫。\n",
                      published="2021-06-01")
    assert rec["1448个"].place == "甘肃省"


def test_a_figure_as_high_as_is_a_level_not_a_change():
    # 026_tainan_nongye_2023 and 004 (bulk): 高达/多达 say how high, not how much it grew
    _, rec = _records("今年水雉冬季族群也創新高達2,882隻，較去年同期增加279隻。", published="2023-12-01")
    assert rec["2,882隻"].change is None and rec["279隻"].change == "increase"
    _, rec = _records("持反对意见的比例高达94%，参加人数多达300人，收入比去年高5%。")
    assert (rec["94%"].change, rec["300人"].change, rec["5%"].change) == (None, None, "increase")


def test_a_quoted_name_after_a_count_is_what_it_counts():
    # 020_sina_dongguan_beizeng_jihua, 000 (bulk): the quote names the thing counted
    _, rec = _records("目前东莞市有521家“倍增计划”试点企业，建成15个“扶贫车间”。", published="2022-09-01")
    assert rec["521家"].indicator == "倍增计划试点企业"
    assert rec["15个"].indicator == "扶贫车间"
    # after a duration the quote is what happened, not what is counted
    _, rec = _records("全省生产安全事故连续9年“双下降”。", published="2026-01-27")
    assert rec["9年"].indicator != "双下降"


def test_the_value_of_a_baseline_year_has_that_year():
    # 044_tainan_jiating_chuxu: 較109年1,132,515元 is the 2020 (ROC 109) value
    _, rec = _records("110年平均每戶儲蓄為1,162,797元，較109年1,132,515元，增加30,282元。",
                      published="2022-12-01")
    assert rec["1,162,797元"].period == "2021" and rec["1,132,515元"].period == "2020"
    _, rec = _records("2023年收入为120万元，比2022年的100万元增长20%。")
    assert (rec["100万元"].period, rec["20%"].period) == ("2022", "2022/2023")


def test_markdown_marks_and_time_words_are_no_indicator():
    # 011/034 (CCTV round-ups with **bold** headlines), 003 (这十年), 044 (相較106年)
    _, rec = _records("**1月份全国铁路旅客发送量同比增长12.1%**\n", published="2025-02-19")
    assert "铁路旅客发送量" in rec["12.1%"].indicator
    _, rec = _records("这十年，全国公安机关毫不动摇。过去五年，我们攻坚克难。", published="2022-09-01")
    assert rec["十年"].indicator is None and rec["五年"].indicator is None
    _, rec = _records("相較106年1,121,261元，增加41,536元。", published="2022-12-01")
    assert rec["1,121,261元"].indicator != "相"
    # 009_cctv_fujian_laoqu: lead words alone (其中有) name nothing
    _, rec = _records("有69个老区县，其中有36个是原中央苏区县。", published="2021-03-25")
    assert rec["36个"].indicator != "其中"


def test_a_harvest_gain_is_a_change_named_once():
    # 037_cctv_liangshi_chanliang_2023: 增产 (an increase in output) is a change verb, and the
    # indicator that already ends with it does not get it twice
    _, rec = _records("新疆粮食增产61.1亿斤，安徽粮食增产均超过10亿斤。", published="2023-12-11")
    assert rec["61.1亿斤"].change == "increase"
    assert rec["超过10亿斤"].change == "increase"
    assert rec["超过10亿斤"].indicator == "粮食增产"


def test_a_whole_city_figure_is_the_citys():
    # 028_tainan_shuili_zhishui / 025: 全市 in a clause that names no place is the city, not the
    # district named in the sentence before; a ranking against the province is no scope (seed 003)
    text = "臺南市治水成果\n\n鹽水區後鎮等3座抽水站完工，可改善淹水。全市抽水站數量達56座。"
    _, rec = _records(text, published="2023-05-01")
    assert rec["3座"].place == "后镇"
    assert rec["56座"].place == "台南市"
    _, rec = _records("黔西南州公安在全省率先建成运行23个中心派出所。", published="2023-02-28")
    assert rec["23个"].place == "黔西南布依族苗族自治州"


def test_a_dash_in_scraped_text_neither_ends_the_sentence_nor_joins_the_name():
    # 045: the month range in brackets is the period of the figures after the dash; 042, 003:
    # what comes after a dash (——) names the figure
    text = "登革熱防治：8-10月巡查10,595家戶。\n新冠疫苗接種率(1-5月)&mdash;65歲以上長者為21.63%。"
    _, rec = _records(text, published="2025-12-20")
    assert rec["21.63%"].period == "2025-01/2025-05"
    _, rec = _records("打击能力大幅提升——黔西南州公安发起部级集群案件23起。", published="2023-02-28")
    assert rec["23起"].indicator == "公安发起部级集群案件"
    _, rec = _records("地表水国控断面Ⅰ—Ⅲ类水质比例为98.7%。", published="2026-01-27")
    assert rec["98.7%"].indicator == "地表水国控断面Ⅰ—Ⅲ类水质比例"


def test_coordinated_modifiers_share_the_head_noun():
    # 008, 023 of ../shared/corpus/real: 治安和刑事案件, 城镇和农村常住居民人均可支配收入 分别 …
    _, rec = _records("全国治安和刑事案件同比分别下降1.9%和1.2%。", published="2024-01-10")
    assert rec["1.9%"].indicator.endswith("治安案件") and rec["1.2%"].indicator == "刑事案件"
    _, rec = _records("城镇和农村常住居民人均可支配收入分别增长3.9%和5.7%。", published="2026-01-27")
    assert rec["3.9%"].indicator == "城镇常住居民人均可支配收入"
    # nouns of their own keep theirs
    _, rec = _records("固定资产投资和社会消费品零售总额分别增长5%和6%。", published="2026-01-27")
    assert rec["5%"].indicator == "固定资产投资"
    # items of one kind (021_sina_guangdong_jingji): the head after the last item, also for the
    # second 分别 of the sentence; a list of groups keeps its own words
    text = "饮料类、烟酒类商品零售分别增长68.6%和46.3%，两年分别平均增长33.9%和9.5%。"
    _, rec = _records(text, published="2021-03-20")
    assert rec["68.6%"].indicator == "饮料类商品零售"
    assert rec["33.9%"].indicator.startswith("饮料类商品零售")
    _, rec = _records("35岁及以下、女性、少数民族干部分别占20%、30%和15%。", published="2021-03-20")
    assert rec["30%"].indicator == "女性"


def test_whole_county_is_the_county_named_before_and_lists_do_not_frame():
    # 010 / 032 of ../shared/corpus/real and the news round-ups: 全县 is the county the
    # paragraph names before it, not the document's first county
    text = "特克斯县发展旅游。\n\n白朗县大力发展设施农业，全县果蔬种植面积达到1.73万亩。"
    _, rec = _records(text, published="2022-09-01")
    assert rec["1.73万亩"].place == "白朗县"
    # places listed with 等 (贵阳、安顺、兴义等一流旅游城市) frame no later figure (023)
    text = ("贵州省政府工作报告\n\n推进贵阳、安顺、兴义等一流旅游城市建设。"
            "接待游客人次、旅游总花费均增长8%以上。")
    _, rec = _records(text, published="2026-01-27")
    assert rec["8%以上"].place == "贵州省"


def test_a_news_items_headline_starts_its_periods_afresh():
    # 011_cctv_guonei_kuaixun: a round-up of items under bold headlines; an item that names no
    # date gets none, not the date of the item before it
    text = ("### 国内联播快讯\n\n**农业农村部印发规划**\n\n2024年，全国农业科技进步贡献率达63%。\n\n"
            "**全国铁路旅客发送量增长**\n\n铁路旅客发送量完成3.69亿人次。\n\n"
            "**邮政快递业持续发展**\n\n全国建成村级寄递物流综合服务站34.6万个。\n")
    _, rec = _records(text, published="2025-02-19")
    assert rec["63%"].period == "2024"
    assert rec["3.69亿人次"].period is None and rec["34.6万个"].period is None
    # also after an item with many dates (their count must not skip the next headlines)
    text = ("### 快讯\n\n**甲**\n\n2024年，1月、3月、5月和7月分别召开会议，贡献率达63%。\n\n"
            "**乙**\n\n旅客发送量完成3.69亿人次。\n\n**丙**\n\n全国建成服务站34.6万个。\n")
    _, rec = _records(text, published="2025-02-19")
    assert rec["3.69亿人次"].period is None and rec["34.6万个"].period is None
    # one bold title alone is no round-up: the running period carries on
    _, rec = _records("**农业发展**\n\n2024年，贡献率达63%。\n\n产量达到3万吨。", published="2025-02-19")
    assert rec["3万吨"].period == "2024"


def test_a_comparison_inside_an_indicator_is_left_out():
    # 024_tainan_zhian_manyidu and statistical bulletins: 与去年同期比较, 与上年相比 (the year went
    # as a date) and a conjunction or from-marker left at the end are no part of what is measured
    _, rec = _records("伤亡类交通事故与去年同期比较减少3,375件、6,024人。", published="2020-12-01")
    assert rec["3,375件"].indicator == "伤亡类交通事故减少"
    _, rec = _records("全市GDP与上年相比增长5%。", published="2020-12-01")
    assert rec["5%"].indicator == "全市GDP增长"
    _, rec = _records("城乡低保平均标准分别从2020年的600元/月提高到801元/月。", published="2026-01-27")
    assert not rec["801元/月"].indicator.endswith(("从", "的"))
    # an adverb before the comparison names nothing (亦, 更, 也 …)
    _, rec = _records("营业税收入亦较预算增加3.2亿元。", published="2022-06-01")
    assert rec["3.2亿元"].indicator == "营业税收入较预算增加"
    # the number of a list item names nothing (046, the bulk reports' numbered lists)
    _, rec = _records("二、在窃盗部分去年同期受理案件数为1,476件。\n7.实施公路安全生命防护工程1500公里。",
                      published="2022-06-01")
    assert not rec["1,476件"].indicator.startswith("二")
    assert rec["1500公里"].indicator == "实施公路安全生命防护工程"
    # words that end in 与/及 stay whole
    _, rec = _records("跨省异地就医直接结算累计惠及超1亿人次，党员积极参与3万多名。", published="2023-06-01")
    assert rec["超1亿人次"].indicator.endswith("惠及")
