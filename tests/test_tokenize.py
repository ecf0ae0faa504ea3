"""Tokenization (spaCy zh + jieba with the rules/ user dictionary) and the spaCy components."""
from __future__ import annotations

from extractor.tokenize import get_nlp, sentence_spans, user_dictionary_words


def test_sentences_split_on_chinese_sentence_ends():
    text = "贫困发生率从19.27%下降至1.65%。全州排查化解风险隐患15.1万余起；处置率达99.85%！\n下一段"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "贫困发生率从19.27%下降至1.65%。", "全州排查化解风险隐患15.1万余起；", "处置率达99.85%！", "下一段"]


def test_user_dictionary_comes_from_rules_and_keeps_words_whole():
    words = user_dictionary_words()
    assert words, "rules/ lexicons feed jieba's user dictionary"
    nlp = get_nlp()
    doc = nlp.make_doc("普安县青山镇哈马村发放平安卡14.52万张")
    tokens = [t.text for t in doc]
    assert "".join(tokens) == "普安县青山镇哈马村发放平安卡14.52万张"
    for w in words[:200]:
        doc = nlp.make_doc("在" + w + "。")
        assert w in [t.text for t in doc] or len(w) > 8, w
