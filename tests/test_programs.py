"""Programme extractor: sentences taken from the seed and real corpora (shared/corpus)."""
from __future__ import annotations

import pytest

from extractor.api import extract_programs


def names(text: str) -> list[str]:
    return [m.name for m in extract_programs(text)]


def one(text: str, name: str):
    ms = [m for m in extract_programs(text) if m.name == name]
    assert ms, f"{name} not found in {names(text)}"
    return ms[0]


# ---------------------------------------------------------------- positives

def test_numbered_slogan_with_head_noun_after_quote():
    text = "全面落实一村一法律顾问、一村一警务助理、一村一退役军人服务站等“十个一”机制。"
    m = one(text, "十个一")
    assert text[m.start:m.end] == "十个一"  # marks excluded
    assert m.kind == "mechanism"
    assert "机制" in m.reason and m.rule == "quote"


def test_numbered_slogan_without_head():
    text = "实现在线教育、网络直播课程、禁毒课程、家长禁毒知识学习“四个全覆盖”，实现在线教育"
    assert "四个全覆盖" in names(text)


def test_head_noun_ending_the_quote():
    text = "率先在“滇黔桂”三省区完成万峰湖水域“清网行动”，拆除7805亩非法养殖网箱。"
    assert names(text) == ["清网行动"]


def test_plus_formulas():
    text = "采取“互联网+”“平台+服务”“公司+合作社+基地+技术”和开设销售专区等方式"
    assert names(text) == ["互联网+", "平台+服务", "公司+合作社+基地+技术"]


def test_policy_document_titles():
    text = ("黔西南州公安局紧紧围绕《中共中央国务院关于实施乡村振兴战略的意见》，"
            "制定出台《黔西南州平安乡村建设行动方案》，在888个农村行政村推行")
    ms = extract_programs(text)
    assert [m.name for m in ms] == ["中共中央国务院关于实施乡村振兴战略的意见",
                                    "黔西南州平安乡村建设行动方案"]
    assert all(m.kind == "document" and m.rule == "title-doc" for m in ms)


def test_quote_inside_title_is_not_a_separate_programme():
    text = "是基于《黔西南州2016—2010年“无邪教创建”活动五年规划纲要》制定的"
    assert names(text) == ["黔西南州2016—2010年“无邪教创建”活动五年规划纲要"]


def test_quoted_list_with_shared_head_is_split():
    text = "全面实施“忠诚警务、民生警务、服务警务、预防警务”，深入开展纪律作风建设活动。"
    assert names(text) == ["忠诚警务", "民生警务", "服务警务", "预防警务"]


def test_quoted_list_without_shared_head_stays_whole():
    text = "层层压实责任，将“日调度、周通报、月考评”常态化机制落到实处，"
    assert names(text) == ["日调度、周通报、月考评"]


def test_repeats_share_one_id_and_unquoted_repeats_count():
    text = ("共青团普安县委参加团中央开展的“授渔计划”精准扶贫帮扶活动。"
            "兴仁市纳入授渔计划对口援建学校。")
    ms = extract_programs(text)
    assert [m.name for m in ms] == ["授渔计划", "授渔计划"]
    assert ms[0].program_id == ms[1].program_id
    assert ms[1].rule == "repeat"


def test_repeat_inside_a_rejected_banner_quote():
    text = ("在“万警进万家排查化解矛盾纠纷隐患”专项行动中，录入到“智警宝”APP“万警进万家”小程序。"
            "群众送上门来的一面印著“万警进万家，警心暖民心”的锦旗。")
    got = [(m.name, m.rule) for m in extract_programs(text)]
    assert ("万警进万家", "repeat") in got
    assert not any("警心暖民心" in n for n, _ in got)


def test_frames_for_unquoted_names():
    text = "全国公安机关深入推进平安中国建设。持续深化平安校园、平安医院建设。严格落实中央八项规定和各项禁令警规。"
    assert names(text) == ["平安中国", "平安校园", "平安医院", "中央八项规定"]


def test_national_and_provincial_campaigns_without_jianshe():
    # 035_cctv_pingan_zhongguo_2025, 040_gov_report_xizang_2026: the campaign named alone
    text = "为建设更高水平的平安中国作出贡献。坚持法治西藏、平安西藏一体推进。"
    assert names(text) == ["平安中国", "法治西藏", "平安西藏"]
    from extractor import Pipeline

    # no place inside a programme name
    doc = Pipeline().process_text(text)
    assert not [m for m in doc.mentions if m.type == "place"]
    assert names("平安中国人，法治天津籍") == []  # a person, a native place: no campaign


def test_unquoted_item_between_two_accepted_quotes():
    text = "黔西南州公安创新实施“十三个有序”、新市民居住证、“百人护航战队”等警务机制，有效助力"
    assert names(text) == ["十三个有序", "新市民居住证", "百人护航战队"]


def test_traditional_text_keeps_original_offsets():
    text = "升格以來，南市府團隊採取「撙節優先&bull;開源並濟」的財政策略，主動刪減不必要的計畫"
    ms = extract_programs(text)
    assert len(ms) == 1
    m = ms[0]
    assert text[m.start:m.end] == "撙節優先&bull;開源並濟"
    assert m.name == "撙节优先&bull;开源并济"


def test_named_brand_and_event_series():
    text = "国务院新闻办公室今天（7月25日）举行“中国这十年”系列主题新闻发布会，持续开展“净网”专项行动"
    assert names(text) == ["中国这十年", "净网"]


def test_reason_and_kind_are_always_given():
    text = "州公安局将“坡告经验”纳入现场观摩并向全州推广。"
    m = one(text, "坡告经验")
    assert m.kind == "model" and "经验" in m.reason and m.program_id


# ---------------------------------------------------------------- negatives

@pytest.mark.parametrize("text", [
    # quoted speech
    "省禁毒委副主任闵建说：“黔西南州青少年毒品预防教育工作模式是很好的蓝本的模板，要以此为标杆！”",
    # honours and titles
    "兴义市公安局获评“全国扫黑除恶专项斗争先进集体”。成功争创“全国禁毒示范城市”。",
    "2018年，该村还荣获州、省两级“民主法治示范村”荣誉称号。",
    # goals, targets and outcomes
    "学生、教师普及率、家长知晓率“三个100%”。",
    "牢牢锚定“六个零发生”目标，全面实施",
    "贫困人口“两不愁三保障”问题初步得到解决",
    # political formulas
    "把衷心拥护“两个确立”和忠诚践行“两个维护”落实到履行使命任务",
    # emphasis and single characters, common words
    "“严”的基调一以贯之——黔西南州公安",
    "脱毒治贫网，打造禁毒净土“样板”",
    "公安机关审核办理“解脱”人员471人、“脱离”人员1121人",
    # generic policy area
    "将为下一步“乡村振兴”战略全面实施奠定坚实基础",
    # crime categories and organisations
    "聚焦“黄赌毒”“食药环”等多发性案件和拐卖妇女儿童犯罪",
    "率先全面改革建成运行23个“中心派出所”；",
    # TV columns, films and books
    "今天（8月10日）的《解码十年》，我们来看这场影响深远的搬迁。",
    "央视网消息（新闻联播）：《新闻联播》今天播出",
    "电视剧《寻秦记》和纪录片《用武之地》热播",
    # a Tainan mission statement and its policy slogans
    "「社福友愛、及時守護」 南市社會局打造全齡照顧，像家一樣溫暖的社會福利",
    # a quoted clause of a plan
    "“十五五”规划建议提出，“统筹建立常态化防止返贫致贫机制”，同时再次强调",
    # awards and days
    "获行政院「金馨奖」肯定",
])
def test_not_programmes(text):
    assert names(text) == []


def test_numbered_category_and_time_phrase_are_not_slogans():
    assert names("典型昭示“六大应用”。还创建了州、县、乡三级联动") == []
    assert names("书写出“千年之变”！大山里的贫困户“一步跨千年”，成为城镇新市民") == []


def test_pejorative_terms_are_not_programmes():
    assert names("坚决不搞“形象工程”“政绩工程”") == []


def test_survey_named_after_its_year():
    text = "且內政部109年上半年民眾對治安滿意度調查，台南市六都第一！"
    m = one(text, "民众对治安满意度调查")
    assert text[m.start:m.end] == "民眾對治安滿意度調查" and m.rule == "frame"


def test_quote_naming_the_subject_of_its_sentence():
    text = "由于生产较为缓慢。\n“就地过年”带动在粤消费增长，饮料类增长较快。"
    m = one(text, "就地过年")
    assert "subject" in m.reason


def test_sum_of_figures_with_a_counter_is_not_a_formula():
    assert names("投入187亿元办好“28+10”项民生实事。") == []
    assert names("优化重大项目建设“5+3”工作机制") == ["5+3"]


def test_tv_column_ending_like_a_document_and_laws():
    assert names("央视《今日说法》栏目播出，依据《中华人民共和国禁毒法》和《禁毒条例》") == [
        "中华人民共和国禁毒法", "禁毒条例"]


def test_repeat_never_inside_a_number():
    text = "打造了“135”智慧安防警务新样板。教育经费1326亿元。"
    assert [m.text for m in extract_programs(text)] == ["135"]


def test_policy_package_named_by_its_articles():
    text = "用好“稳住经济增长30条”“开放十条”等惠企政策，引导外资投向"
    assert names(text) == ["稳住经济增长30条", "开放十条"]
    assert all(m.kind == "document" for m in extract_programs(text))


def test_unquoted_names_after_a_launch_verb():
    # ../shared/corpus/real 006, 004, 023 and the bulk government reports: an initiative named
    # in full after 实施/开展/启动 (CONTRACT.md: unquoted proper names count)
    assert names("通过持续实施防止返贫就业攻坚行动，脱贫人口务工规模稳定") == ["防止返贫就业攻坚行动"]
    assert names("实施了千亿级生态特色产业培育行动，将近三成") == ["千亿级生态特色产业培育行动"]
    m = one("启动实施跨境金融服务便利化行动和城乡居民增收计划。", "跨境金融服务便利化行动")
    assert (m.kind, m.rule) == ("campaign", "unquoted")
    # a repeat elsewhere in the document is the same programme
    ms = extract_programs("深入实施提振消费专项行动。今年提振消费专项行动成效明显。")
    assert [x.name for x in ms] == ["提振消费专项行动"] * 2
    assert ms[0].program_id == ms[1].program_id


@pytest.mark.parametrize("text", [
    "大力实施两年攻坚行动，启动新一轮三年行动",          # fillers alone name nothing
    "反对以色列军队在当地进行的挖掘沟渠工程",            # 的: a description, and no launch verb
    "推进共同富裕在行动、在身边",                        # 在: a slogan, not a name
    "组织开展一系列国家级重大科研项目和学术工程",        # a list of things, not one name
    "深入开展市场准入壁垒清理等专项整治行动",            # 等: a list of campaigns
    "实施乡村振兴战略，推进城乡融合发展",                # no programme head
])
def test_no_unquoted_name(text):
    assert names(text) == []


def test_title_with_the_term_of_a_plan():
    # 011 of ../shared/corpus/real: no document head, but a plan's term in brackets
    m = one("印发《全国农业科技创新重点领域（2024—2028年）》。", "全国农业科技创新重点领域（2024—2028年）")
    assert m.kind == "document"
    assert names("出版《我的青春（2001年）》") == []  # a single year is no term


def test_quotes_back_to_back_share_the_head_after_the_last():
    # bulk government reports: the head noun (品牌) follows only the last of the quotes
    assert names("推动“浙产好剧”“浙里大戏”“青春戏曲”等文化品牌出海") == [
        "浙产好剧", "浙里大戏", "青春戏曲"]


def test_province_brands_and_numbered_policy_packages():
    # 023_gov_report_guizhou_2026: 美丽/多彩 + a province, like 平安贵州; no place inside
    assert names("全面推进美丽贵州建设，多彩贵州文化更加繁荣") == ["美丽贵州", "多彩贵州"]
    # 008, 023: a package named by its number of articles after the verb that issues it
    assert names("公安部发布了服务保障高质量发展26条措施") == ["服务保障高质量发展26条措施"]
    assert names("实施促进民营经济发展壮大36条政策措施") == ["促进民营经济发展壮大36条政策措施"]
    assert names("已部署实施23条，落实了相关措施") == []


def test_laws_named_in_full_after_the_verb_that_applies_them():
    # 040_gov_report_xizang_2026: laws and regulations without 《》 (CONTRACT.md: named in full)
    assert names("落实民营经济促进法，推动出台固体废物污染环境防治条例") == [
        "民营经济促进法", "固体废物污染环境防治条例"]
    assert names("扎实推动金融强边富民行动") == ["金融强边富民行动"]
    # a method or a duty is no law; 落实落细 is one verb
    assert names("推广科学施肥方法，落实落细民生工程") == []


def test_quoted_names_of_services_plans_and_markets():
    # Tainan releases (042, 030, 043, 026): quoted names ending in 方案, 服务, 学堂, 市集
    assert names("推動「瀕危物種及重要棲地生態服務給付推動方案」") == [
        "濒危物种及重要栖地生态服务给付推动方案"]  # (names are simplified)
    assert names("首創辦理「新南向關懷訪視服務」，辦理「防災小學堂」") == [
        "新南向关怀访视服务", "防灾小学堂"]
    # formulas and quoted speech are none
    assert names("贡献“中国方案”，坚持“为人民服务”") == []


def test_branded_events_named_after_the_verb_that_holds_them():
    # 023_gov_report_guizhou_2026: events held under their name; the edition is no part of it
    assert names("办好多彩贵州文化艺术节，举办生态文明贵阳国际论坛") == [
        "多彩贵州文化艺术节", "生态文明贵阳国际论坛"]
    assert names("成功举办第十届中国国际进口博览会") == ["中国国际进口博览会"]
    assert names("召开全市经济工作大会，举行了盛大的运动会") == []
