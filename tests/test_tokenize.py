"""Tokenization (spaCy zh + jieba with the rules/ user dictionary) and the spaCy components."""
from __future__ import annotations

from extractor.tokenize import get_nlp, sentence_spans, user_dictionary_words

from .conftest import SHARED, needs_shared


def test_sentences_split_on_chinese_sentence_ends():
    text = "贫困发生率从19.27%下降至1.65%。全州排查化解风险隐患15.1万余起；处置率达99.85%！\n下一段"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "贫困发生率从19.27%下降至1.65%。", "全州排查化解风险隐患15.1万余起；", "处置率达99.85%！", "下一段"]


def test_user_dictionary_comes_from_rules_and_keeps_words_whole():
    words = user_dictionary_words()
    assert words, "rules/ lexicons feed jieba's user dictionary"
    nlp = get_nlp()
    doc = nlp("兴仁市鲁础营乡和普安县青山镇发放平安卡14.52万张，投入资金1370余万元")
    tokens = [t.text for t in doc]
    assert {"鲁础营乡", "青山镇", "14.52万张", "1370余万元"} <= set(tokens), tokens
    han_words = [w for w in words if all("\u4e00" <= c <= "\u9fff" for c in w)]
    for w in han_words[:: max(1, len(han_words) // 300)]:
        doc = nlp.make_doc("在" + w + "。")
        assert w in [t.text for t in doc], w


@needs_shared
def test_rust_port_gives_jieba_tokens_on_the_corpus():
    """The segmenter (jieba-rs) and Python jieba, same user dictionary, agree token for token on
    the Chinese text of the corpus (they differ only in how they group ASCII: CCTV-1)."""
    import regex

    from extractor.normalize import normalize
    from extractor.tokenize import get_jieba, segment

    jieba = get_jieba()
    texts = [normalize(p.read_bytes().decode("utf-8")).text
             for p in sorted((SHARED / "corpus" / "real").glob("*.txt"))]
    runs = [r for t in texts for r in regex.findall(r"\p{Han}+", t)]
    assert len(runs) > 5000
    differ = [r for r in runs if segment(r) != jieba.lcut(r, HMM=True)]
    assert not differ, differ[:5]


def test_spacy_components_put_mentions_in_doc_spans():
    import spacy

    import extractor.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh")
    for name in ("cnie_programs", "cnie_dates", "cnie_quantities", "cnie_places"):
        nlp.add_pipe(name, config={"reference_date": "2019-11-18"})
    text = "2018年2月7日，黔西南州公安局破获“2018-36”部级案件，缴获冰毒片剂108.86公斤。"
    doc = nlp(text)
    (q,) = doc.spans["quantity"]
    assert q.text == "108.86公斤" and q._.mention.value == 108.86 and q._.mention.unit == "公斤"
    assert [s._.mention.value for s in doc.spans["date"]] == ["2018-02-07"]
    assert "黔西南州" in [s.text for s in doc.spans["place"]]


def test_sentence_around_a_position_is_its_sentence_span():
    """Linking finds a figure's sentence from the figure alone (``sentence_around``); where it
    answers, it must be the span of ``sentence_spans`` that holds the position, at every
    position of the sample corpus and of strings dense in end marks, quotes and blanks."""
    import random
    from bisect import bisect_right
    from pathlib import Path

    from extractor.tokenize import sentence_around

    texts = [p.read_text(encoding="utf-8") for p in
             sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))]
    rnd = random.Random(2)
    atoms = list("。！？；…\n ”’）」』\"'") + ["\r\n", "\u3000", "字", "句子", "。”", "！）"]
    texts += ["".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    answered = 0
    for text in texts:
        spans = sentence_spans(text)
        starts = [s for s, _ in spans]
        rev = text[::-1]
        for i in range(len(text)):
            got = sentence_around(text, rev, i)
            if got is None:
                continue
            answered += 1
            k = bisect_right(starts, i) - 1
            assert k >= 0 and spans[k][0] <= i < spans[k][1] and got == spans[k], (text, i)
    assert answered > 1000
