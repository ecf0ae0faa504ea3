"""The alignment map: every normalized span maps back to the original characters."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import READING_AT, normalize

TRAD = "縣公安脫貧攻堅戰場呈現新氣象興仁市萬警進萬家貴州黔西南鄉鎮幫扶發佈時間"
PINYIN = ["(zhàn)", "(xiàn)", "(fā)", "(chuàng)", "(lǐng)", "（guó）"]
FULLWIDTH = "０１２３４５６７８９％．ＡＢｃｄ"
OTHER = "，。：“”《》、 \u3000\xa0\r\n\u200b\ufeff贫困人口户人12.5%"


def test_pinyin_annotations_are_removed_but_stay_inside_spans():
    original = "縣公安脫貧攻堅戰(zhàn)場呈現(xiàn)新氣象"
    norm = normalize(original)
    assert norm.text == "县公安脱贫攻坚战场呈现新气象"
    start = norm.text.index("战场")
    s, e = norm.to_original(start, start + 2)
    assert original[s:e] == "戰(zhàn)場"


def test_a_trailing_reading_is_part_of_the_span():
    original = "以“營商環(huán)境攻堅戰(zhàn)”為抓手"
    norm = normalize(original)
    i = norm.text.index("营商")
    s, e = norm.to_original(i, i + 7)
    assert original[s:e] == "營商環(huán)境攻堅戰(zhàn)"


def test_fullwidth_digits_fold_and_traditional_converts():
    original = "貧困發生率從１９．２７％下降至1.65%，發稿時間：109年12月23日16：30"
    norm = normalize(original)
    assert "贫困发生率从19.27%下降至1.65%" in norm.text
    assert "16:30" in norm.text
    assert norm.script == "traditional"
    assert len(norm.text) == len(original)


def test_simplified_text_is_identity_mapped():
    original = "2018年，普安县贫困人口下降至5889户18151人。"
    norm = normalize(original)
    assert norm.text == original and norm.script == "simplified"
    assert norm.to_original(0, 5) == (0, 5)


def test_crlf_and_zero_width_characters_are_dropped_with_offsets_kept():
    original = "\ufeff第一行\r\n兴仁\u200b市"
    norm = normalize(original)
    assert norm.text == "第一行\n兴仁市"
    i = norm.text.index("兴仁市")
    s, e = norm.to_original(i, i + 3)
    assert original[s:e] == "兴仁\u200b市"


pieces = st.one_of(st.sampled_from(list(TRAD)), st.sampled_from(PINYIN),
                   st.sampled_from(list(FULLWIDTH)), st.sampled_from(list(OTHER)))


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=60), st.data())
def test_alignment_map_property(parts, data):
    """For any span of the normalized text, the original span it maps to starts with the
    original of its first character and ends with the original of its last, and the normalized
    characters map to strictly increasing original positions."""
    original = "".join(parts)
    norm = normalize(original)
    n = len(norm.text)
    if n == 0:
        return
    positions = [norm.orig_index(i) for i in range(n)]
    assert positions == sorted(set(positions))
    assert all(0 <= p < len(original) for p in positions)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    s, e = norm.to_original(start, end)
    assert 0 <= s < e <= len(original)
    last = positions[end - 1] + 1
    assert s == positions[start]
    # The end is the last character's, or extends over the pinyin reading spliced after it.
    assert e == last or READING_AT.fullmatch(original, last, e)
    # Whatever was removed inside the span is only annotation or invisible characters.
    kept = {positions[i] for i in range(start, end)}
    dropped = "".join(original[k] for k in range(s, e) if k not in kept)
    assert all(c in "()（）\r\u200b\ufeff" or c.isalpha() and c.isascii() or c in "àǎāáèěēéìǐīíòǒōóùǔūúǖǘǚǜü"
               for c in dropped), dropped


def test_html_character_references_are_read_as_their_character():
    # 045_tainan_weisheng_chengjidan: "&mdash;" left in scraped text; its ";" must end no
    # sentence, and offsets still map back to the text as written
    original = "接種率(1-5月)&mdash;6個月以上民眾為11.01%，撙節優先&bull;開源"
    n = normalize(original)
    assert n.text == "接种率(1-5月)—6个月以上民众为11.01%，撙节优先&bull;开源"
    i = n.text.index("11.01%")
    s, e = n.to_original(i, i + 6)
    assert original[s:e] == "11.01%"
    assert normalize("a&foo;b&amp;c").text == "a&foo;b&c"  # unknown references stay
