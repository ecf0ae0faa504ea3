"""Linking: each figure gets what it measures, where, when, and how it changed.

Chinese news sentences are read without a parser, by their usual shape (examples are from the
seed articles):

* Clauses split at ，；：. The phrase before a figure names it (``破获经济犯罪案件90.8万起``); a
  noun after it names what is counted (``覆盖1973所学校`` -> 学校). A clause with only a verb
  (``同比增长44.6%``) carries the subject of the clause before it (``规模以上工业增加值``).
* ``分别`` distributes a list of figures over a list of subjects
  (``死亡人数、受伤人数同比分别下降30.36%、30.03%``).
* A change verb right before a figure makes it a change (``同比下降84%``), unless a level
  marker follows the verb (``下降至2839户`` is a level reached).
* A date in the clause, else at the head of the sentence, else at the head of the paragraph or
  of the article, is the figure's period; ``从2014年的…下降至…`` gives the date to the from-value
  only; ``2022年与2017年比`` / ``同比2017年`` / ``是2017年的`` make a change's period an interval.
* The place: one written right before the figure (``普安县3个深度贫困村``), else the subject place
  of the sentence (lists ending in 等 excepted; several places of one level give their common
  parent), else the place the paragraph is about, else the document's place (its title's, or the
  most named); ``全国``/``我国`` point at China.

Cue words are data in ``rules/link_cues.tsv``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import attrgetter

from .context import ExtractionContext
from .models import IndicatorRecord, RecordLink, set_fields
from .rules import alternation as _alt
from .rules import load_rows
from .tokenize import segment, sentence_around, sentence_spans

# Clause ends; an ASCII comma or colon between digits is part of a figure or a time (1,572 / 16:30);
# a double dash opens an explanation (力大幅提升——黔西南州公安发起…), a single one mostly joins
# (中国—东盟, Ⅰ—Ⅲ类). Written to open with one character class (``re`` then skips to candidates
# in C), the tests after it: a comma or colon is a break unless a digit stands on both sides, a
# dash only next to another.
CLAUSE_BREAK = re.compile(
    r"[，；;：。！？!?\n,:—](?:(?<=[^,:—])|(?<=—)(?=—)|(?<=[,:])(?:(?<!\d.)|(?!\d)))")
_PARA_START = re.compile(r"\n\s*")
# a line that is a markdown heading or wholly bold: a headline of a scraped news round-up
_HEADLINE = re.compile(r"\s*(?:#{1,6}\s.+|\*\*[^*\n]+\*\*)\s*")
# the number of a list item at the start of a phrase (一、, (二), 3.)
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、])")
_ENUMERATOR_FIRST = frozenset("一二三四五六七八九十(（0123456789")
# an adverb between what is measured and its comparison (规费收入亦较预算增加, 余额更较去年减债)
_ADVERB_BEFORE_COMPARISON = re.compile(r"(?<=[\u4e00-\u9fff])[亦更也均还又](?=[较比])")
_NAME_DASH = re.compile(r"(?<![\dⅠ-Ⅻ])—(?![\dⅠ-Ⅻ])")
LIST_SEP = "、和及与"
MAX_INDICATOR = 24
# Patterns of the linking rules, compiled once (the hot path runs them per figure).
_DATE_WORDS = re.compile(r"\d{2,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|以后|的)?")
_TRAILING_JUN = re.compile(r"(?<!平)均$")
_CAUSE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(因|由于|受)(?=[\u4e00-\u9fff]{2})")
_FILLER_END = re.compile(r"(分别|均|了|约|近|达|共)$")
_OPEN_PAREN_END = re.compile(r"[（(]$")
_MULTIPLE_OF_YEAR_END = re.compile(r"是\d{4}年(?:同期)?的$")
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}.*")
_ATTACHED_GAP = re.compile(r"(的|共|有|已|各|全市|全县|全州)?")
# between a baseline date and the figure that is its value (较109年1,132,515元, 比2022年的100万元)
_BASELINE_VALUE_GAP = re.compile(r"(?:同期)?(?:的)?")
# a member named of a counted set, or one left out of it (see Linker._not_set_members)
_SET_MARK = re.compile(r"在内|以外|之外")
_SET_MEMBER = re.compile(r"包括[^，。；,;]{1,24}?在内|除了?[^，。；,;]{1,24}?(?:以外|之外)")
_LIST_WITH_DENG = re.compile(r"[^，。；]{0,10}?等(?!待|级|于|同|候|到)")
_YEAR_VS_YEAR = re.compile(r"(\d{4})年与(\d{4})年(?:相)?比")
_COMPARED_YEAR = re.compile(r"(?:同比|比|较|是)(\d{4})年(?!同期)")
_YEAR_VALUE = re.compile(r"\d{4}")
_LIST_SEP_START = re.compile(r"\s*[、]")
_YEAR_WORD = re.compile(r"\d{4}年")
_PERIOD_PREFIX = re.compile(r"^(两年平均|年均|平均|累计|同期|去年同期|去年|上年同期|上年)")
_LIST_GAP = re.compile(r"\s*[、和及与]\s*")
_LIST_SPLIT = re.compile(r"、|和|及")
_RUN_GAP = re.compile(r"[)）]?\s*[、和及]\s*|[(（]")
_GROWTH_AFTER = re.compile(r"的(?:高)?(?:增长|增幅|增速)")
_YEAR_SAME_PERIOD = re.compile(r"\d{4}年(?:同期)?")
_MULTIPLE_YEAR_END = re.compile(r"是(\d{4}年(?:同期)?)的$")
_FROM_MARK = re.compile(r"[从由]")
_CLAUSE_PUNCT = re.compile(r"[，,；;]")

_PLACE_RULE = {s: f"link.place.{s}" for s in ("sentence", "paragraph", "document")}
_PERIOD_RULE = {s: f"link.period.{s}" for s in ("sentence", "paragraph", "document")}
LEVEL_RANK = {"country": 1, "province": 2, "prefecture": 3, "county": 4, "other": 4.5,
              "township": 5, "village": 6}
_START = attrgetter("start")  # sort key of mentions (in C, unlike a lambda)
_PUNCT = "“”‘’\"'「」『』《》（）()【】[]·—-…—*"  # (* of markdown bold in scraped headlines)


@dataclass(frozen=True)
class Cues:
    change_up: tuple[str, ...]
    change_down: tuple[str, ...]
    level: tuple[str, ...]
    baseline: tuple[str, ...]
    distribution: tuple[str, ...]
    from_: tuple[str, ...]
    part: tuple[str, ...]
    national: tuple[str, ...]
    pre_strip: tuple[str, ...]
    lead_strip: tuple[str, ...]
    post_stop: tuple[str, ...]
    level_verb: tuple[str, ...]
    growth_rate: tuple[str, ...]
    baseline_lead: tuple[str, ...]
    local: tuple[str, ...]
    level_phrase: tuple[str, ...]
    ranking_before: tuple[str, ...]
    ranking_after: tuple[str, ...]
    whole: dict[str, tuple[str, ...]]  # 全市 -> the levels of the place it means


@lru_cache(maxsize=1)
def cues() -> Cues:
    groups: dict[str, list[str]] = {}
    whole: dict[str, tuple[str, ...]] = {}
    for row in load_rows("link_cues.tsv"):
        kind, word = row[0], row[1]
        if kind == "whole":
            whole[word] = tuple(row[2].split(","))
            continue
        groups.setdefault(kind, []).append(word)
    longest = lambda k: tuple(sorted(groups.get(k, []), key=len, reverse=True))  # noqa: E731
    return Cues(longest("change_up"), longest("change_down"), longest("level"),
                longest("baseline"), longest("distribution"), longest("from"), longest("part"),
                longest("national"), longest("pre_strip"), longest("lead_strip"),
                longest("post_stop"), longest("level_verb"), longest("growth_rate"),
                longest("baseline_lead"), longest("local"), longest("level_phrase"),
                longest("ranking_before"), longest("ranking_after"), whole)


@lru_cache(maxsize=1)
def _whole_words() -> re.Pattern:
    """全市, 全县, 全省 ...: a clause about the whole of the writer's city, county, province;
    not a ranking against it (在全省率先, 居全市第一, 全省领先: ``ranking_`` cues)."""
    c = cues()
    before = "".join(re.escape(w) for w in c.ranking_before)
    return re.compile(rf"(?<![{before}])(?:{_alt(tuple(c.whole))})(?!{_alt(c.ranking_after)})"
                      if before else rf"(?:{_alt(tuple(c.whole))})(?!{_alt(c.ranking_after)})")


@lru_cache(maxsize=1)
def _change_to() -> re.Pattern:
    """A verb reaching a level (下降至, 增加到, 提高为): what follows is a level, not a change."""
    c = cues()
    return re.compile(f"(?:{_alt(c.level_verb)})(?:{_alt(c.level)})")


@lru_cache(maxsize=1)
def _growth_rate_end() -> re.Pattern:
    """A growth rate named right before a figure (增速为7.35%): the figure is a change."""
    return re.compile(f"(?:{_alt(cues().growth_rate)})(分别|均)?(为|达|是)?$")


@lru_cache(maxsize=1)
def _baseline_end() -> re.Pattern:
    """Words right before a date that make it the baseline (较去年, 比2019年同期)."""
    return re.compile(f"(?:{_alt(cues().baseline_lead)})$")


# ------------------------------------------------------------------------------------ spans

class Layout:
    """Sentence, paragraph and clause boundaries of the normalized text."""

    def __init__(self, text: str):
        self.text = text
        self.para_starts = [0] + [m.end() for m in _PARA_START.finditer(text)]
        # Sentences and clauses are asked for at a few hundred positions (figures, dates) of a
        # long text: they are found around each position, searching backwards in the reversed
        # text, rather than listed for the whole document (CLAUSE_BREAK reads the same both
        # ways: a comma or colon is a break unless digits stand on both sides).
        self.reversed = text[::-1]
        self._sentences: list[tuple[int, int]] | None = None  # all of them, made if needed
        self._last = (0, 0)  # the last sentence found: figures come in order, several a sentence

    def sentence_of(self, i: int) -> tuple[int, int]:
        """The sentence (span of ``sentence_spans``) of position ``i``: the one holding it, else
        the one before it, else the first."""
        last = self._last
        if last[0] <= i < last[1]:
            return last
        found = sentence_around(self.text, self.reversed, i)
        if found is None:  # a blank or a sentence-end character
            if self._sentences is None:
                self._sentences = sentence_spans(self.text)
                self._sentence_starts = [s for s, _ in self._sentences]
            sentences = self._sentences
            k = bisect_right(self._sentence_starts, i) - 1
            found = sentences[k if k > 0 else 0] if sentences else (0, len(self.text))
        self._last = found
        return found

    def paragraph_start(self, i: int) -> int:
        k = bisect_right(self.para_starts, i) - 1
        return self.para_starts[k if k > 0 else 0]

    def clause_start(self, i: int, floor: int = 0) -> int:
        """After the last clause break before ``i``, but not before ``floor``."""
        n = len(self.reversed)
        # reversed position r is text position n - 1 - r; breaks at floor..i-1 lie in
        # [n - i, n - floor); one more character lets the digit test see text[floor - 1]
        m = CLAUSE_BREAK.search(self.reversed, n - i, n - floor + 1)
        if m is None or m.start() >= n - floor:
            return floor
        return n - m.start()


# ------------------------------------------------------------------------------- indicator

@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...], anchor: str) -> re.Pattern:
    alt = _alt(words)
    # The tail run ``(?:alt)+$`` written ``(?:alt)(?:alt)*$`` (the same pattern): opening with
    # the alternation of literals, it lets ``re`` skip in C to the positions where a word's first
    # character stands, instead of trying the repeat at every position (~3x faster).
    return re.compile(f"(?:{alt})(?:{alt})*$" if anchor == "tail" else f"^(?:{alt})+")


class _WordRun:
    """A run of cue words at the end or the start of a phrase, its regexes compiled once.

    The regex tries every position of the phrase; ``str.endswith``/``startswith`` with the word
    tuple rejects, in C, the phrases it cannot match (a run at the end must end with a word, or
    stand before a final newline, where ``$`` also matches). A set of the words' last (first)
    characters rejects most phrases before that, in one lookup rather than one per word."""

    def __init__(self, words: tuple[str, ...]):
        kept = tuple(w for w in words if w)
        self.ends = kept + ("\n",)
        self.starts = kept
        self.last_chars = frozenset(w[-1] for w in self.ends)
        self.first_chars = frozenset(w[0] for w in kept)
        self.tail = _alternation(words, "tail")
        self.head = _alternation(words, "head")

    def strip_tail(self, phrase: str) -> str:
        """Drop any run of these words from the end (分别达, 同比下降 …)."""
        if phrase[-1:] not in self.last_chars or not phrase.endswith(self.ends):
            return phrase
        m = self.tail.search(phrase)
        return phrase[: m.start()] if m else phrase

    def strip_head(self, phrase: str) -> str:
        """Drop any run of these words from the start, keeping at least one character."""
        if phrase[:1] not in self.first_chars or not phrase.startswith(self.starts):
            return phrase
        m = self.head.match(phrase)
        if m and m.end() < len(phrase):
            return phrase[m.end():]
        return phrase


@lru_cache(maxsize=64)
def _word_run(words: tuple[str, ...]) -> _WordRun:
    return _WordRun(words)


_CLEAN_STRIP = _PUNCT + "、，,。 "
_PRE_STRIP = _PUNCT + "、，, "


# A comparison inside an indicator (伤亡类交通事故与去年同期比较减少, GDP与上年相比增长; the year
# word itself may have gone as a date): what is compared is the indicator without it; so is a
# conjunction or a from-marker left at its end (伤亡类交通事故与, 试点企业和, 收入从的: the year
# went as a date; not 参与, 总和, 理由)
_COMPARISON = re.compile(r"(?:[与和同])+(?:去年|上年|前年|上月|\d{4}年)?(?:同期)?(?:相比较|相比|比较|对比)"
                         r"|(?<=[\u4e00-\u9fff]{2})(?<![参给授赋干温平柔缓总])[与和]$"
                         r"|(?<=[\u4e00-\u9fff]{2})(?<![自理来缘经])[从由]的?$")


def _clean(phrase: str) -> str:
    phrase = phrase.strip().strip(_CLEAN_STRIP).strip()
    if "比" in phrase or phrase[-1:] in "与和从由的":
        phrase = _COMPARISON.sub("", phrase)
    return phrase[-MAX_INDICATOR:]


@lru_cache(maxsize=1)
def _change_words() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted(c.change_up + c.change_down + c.baseline + c.level, key=len, reverse=True))


@lru_cache(maxsize=1)
def _level_end() -> re.Pattern:
    """A change verb followed by a level marker at the end (下降至, 增加到)."""
    c = cues()
    return re.compile(f"(?:{_alt(c.change_up + c.change_down)})(?:{_alt(c.level)})$")


def _is_level(stem: str) -> bool:
    return bool(_level_end().search(stem, len(stem) - _rules().end_window))


@lru_cache(maxsize=1)
def _post_stop() -> tuple[frozenset[str], re.Pattern]:
    """Words ending a noun phrase after a figure: exact tokens, and tokens they start. The
    change verbs of two characters or more end it too (从98元/月提高到178元/月: no noun
    after 98元/月, not 提高)."""
    c = cues()
    stops = c.post_stop + tuple(w for w in c.change_up + c.change_down if len(w) >= 2)
    return frozenset(stops), re.compile(_alt(tuple(s for s in stops if len(s) > 1)))


@lru_cache(maxsize=1)
def _national_lead() -> re.Pattern:
    """全国/我国 opening a clause: the clause speaks for the whole country."""
    return re.compile(r"(?:^|(?<=[，,；;：:\n。]))\s*(?:" + _alt(cues().national) + ")")


@lru_cache(maxsize=1)
def _national_words() -> re.Pattern:
    """Any of the words of ``_national_lead``."""
    return _any_of(cues().national)


@lru_cache(maxsize=1)
def _change_run() -> re.Pattern:
    return re.compile(f"(?:{_alt(_change_words())}|\\d{{4}}年|同期)+$")


def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """One search for ``any(w in s for w in words)``."""
    return re.compile(_alt(words))


@dataclass(frozen=True)
class _Rules:
    """The cue-word runs and patterns of the hot path, built once from ``cues()`` (each figure
    runs them, so they are looked up as attributes, not rebuilt or re-hashed per call)."""

    pre_tail: _WordRun        # what ends the phrase before a figure: 分别达, 同比增长, 从
    lead_head: _WordRun       # what opens it: 其中, 同时
    pre_strip: _WordRun
    change_pre: _WordRun      # change words and pre_strip words (a bare comparison; the
                              # subjects of 分别)
    verb_fillers: _WordRun    # 分别, 均, 了 … between a change verb and its figure
    change_any: re.Pattern    # any change word (同比, 增长, 至 …)
    up_down_any: re.Pattern   # any change verb
    baseline_any: re.Pattern  # any baseline word (同比, 较去年 …)
    change_run_ends: tuple[str, ...]  # what a run of change words can end with
    up_down: tuple[str, ...]
    # How far from the end a match of the end-anchored patterns (``…$``) of change_of,
    # _is_level and _baseline can start: their longest match, plus a final newline (``$``
    # matches before one). ``pattern.search(s, len(s) - end_window)`` then gives what
    # ``pattern.search(s)`` gives without trying every earlier position (a negative start is
    # 0; lookbehinds still see the whole string).
    end_window: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    c = cues()
    change = _change_words()
    longest = lambda words: max(map(len, words), default=0)  # noqa: E731
    return _Rules(
        pre_tail=_word_run(c.pre_strip + change + c.from_),
        lead_head=_word_run(c.lead_strip + c.part),
        pre_strip=_word_run(c.pre_strip),
        change_pre=_word_run(change + c.pre_strip),
        verb_fillers=_word_run(("分别", "均", "了", "达", "为")),
        change_any=_any_of(change),
        up_down_any=_any_of(c.change_up + c.change_down),
        baseline_any=_any_of(c.baseline),
        # a run ends with a change word, 年 (of \d{4}年) or 同期, or stands before a final \n
        change_run_ends=tuple(w for w in change if w) + ("年", "同期", "\n"),
        up_down=c.change_up + c.change_down,
        end_window=1 + max(
            longest(c.growth_rate) + 3,  # _growth_rate_end: (?:增速…)(分别|均)?(为|达|是)?$
            longest(c.change_up + c.change_down) + longest(c.level),  # _level_end
            2,  # _FILLER_END: (分别|均|了|约|近|达|共)$
            9,  # _MULTIPLE_OF_YEAR_END, _MULTIPLE_YEAR_END: 是\d{4}年(?:同期)?的$
        ),
    )


# Cause words: 地价税因随课案件成长增加 names what grew before 因. The literal search finds a
# cause word in C before the full pattern (which opens with a lookbehind, so it tries every
# position) runs.
_CAUSE_WORDS = ("因", "由于", "受")
_CAUSE_TRIGGER = re.compile("|".join(_CAUSE_WORDS))
_CAUSE = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(" + "|".join(_CAUSE_WORDS) + r")(?=[\u4e00-\u9fff]{2})")


@lru_cache(maxsize=1)
def _scope_lead() -> re.Pattern:
    """全国, 全省, 我市 ... opening a phrase: the scope, not part of what is measured."""
    return re.compile(f"^(?:{_alt(cues().national + cues().local)})")


def _shared_head(subjects: list[str]) -> list[str]:
    """Coordinated subjects share the last one's head noun: items of one kind, ending alike,
    take what follows the last one's item (饮料类、烟酒类商品零售: 饮料类商品零售); else of two
    subjects, a first one of one or two characters takes what follows the second one's first
    word (城镇和农村常住居民人均可支配收入: 城镇常住居民人均可支配收入; 治安和刑事案件: 治安案件;
    原煤和天然气产量: 原煤产量)."""
    last = subjects[-1] if subjects else ""
    ends = {x[-1:] for x in subjects[:-1]}
    if len(subjects) >= 2 and len(ends) == 1 and all(len(x) >= 2 for x in subjects[:-1]):
        # items of one kind (饮料类、烟酒类商品零售): the last one's words after its own item
        k = last.find(ends.pop(), 1)
        if 0 < k < len(last) - 2:
            head = last[k + 1:]
            return [x if x.endswith(head) else x + head for x in subjects[:-1]] + [last]
    if len(subjects) != 2:
        return subjects  # (a longer list names groups of its own: 35岁及以下、女性、少数民族)
    first, last = subjects
    words = segment(last)
    if len(words) < 2 and len(last) == 4:
        words = [last[:2], last[2:]]  # 刑事案件: one dictionary word of two
    if len(words) < 2 or len(_scope_lead().sub("", first)) > 2:
        return subjects
    head = last[len(words[0]):]
    return [first if first.endswith(head[-2:]) else first + head, last]


def pre_phrase(text: str, start: int, floor: int) -> str:
    """The phrase naming a figure, read backwards from it to the clause start."""
    r = _rules()
    phrase = text[floor:start]
    if "—" in phrase:  # 另重要栖地—陆上鱼塭申请面积: the name after a dash (not Ⅰ—Ⅲ类)
        phrase = _NAME_DASH.split(phrase)[-1]
    if "年" in phrase:  # every date word ends in 年
        phrase = _DATE_WORDS.sub("", phrase)
    phrase = r.pre_tail.strip_tail(phrase.strip().strip(_PRE_STRIP))
    if "均" in phrase:
        phrase = _TRAILING_JUN.sub("", phrase)  # 增产均超过10亿斤 (but 平均 stays)
    if _CAUSE_TRIGGER.search(phrase):
        cause = _CAUSE.search(phrase)
        if cause:  # 地价税因随课案件成长增加: what grew is before 因
            phrase = phrase[: cause.start()]
    if phrase[:1] in _ENUMERATOR_FIRST:  # 一、暴力犯罪发生: a list item's number names nothing
        phrase = _ENUMERATOR.sub("", phrase)
    if _ADVERB_BEFORE_COMPARISON.search(phrase):  # 收入亦较预算增加: the adverb names nothing
        phrase = _ADVERB_BEFORE_COMPARISON.sub("", phrase)
    if r.lead_head.head.fullmatch(phrase):
        return ""  # 其中有36个: lead words alone name nothing
    phrase = r.lead_head.strip_head(phrase)
    return _clean(phrase)


_QUOTED_NOUN_MAX = 16  # a quoted noun after a figure closes within this many characters
_POST_CUT = re.compile(r"[\d，,；;。：:！？!?\n（(“”\"*]")
_POST_NONE = frozenset(("、", "和", "及", "与", "等", "(", "（"))


@lru_cache(maxsize=1)
def _uncounted_units() -> frozenset[str]:
    """Units of durations, shares and measures: a quote after such a figure names no thing
    it counts (连续9年“双下降”, 建馆60周年“美在新时代”展览)."""
    from .extractors.quantities import lexicon

    return frozenset(u.unit for u in lexicon().units.values() if u.cls in ("time", "share",
                                                                           "measure"))


def post_phrase(text: str, end: int, limit: int, quoted: bool = True) -> str:
    """The noun after a figure (``1973所学校`` -> 学校), a list of them joined by 、 or 和;
    ``quoted``: a quoted name right after it may be the noun (15个“扶贫车间”)."""
    # the window text[end:limit][:20], read in place: most figures are followed by a
    # punctuation mark or a list, and need no slice
    hi = end + 20 if end + 20 < limit else limit
    if end >= hi:
        return ""
    if text[end] in _POST_NONE:
        return ""
    if text[end] == "的":
        end += 1
    if quoted and text[end:end + 1] == "“":
        # 521家“倍增计划”试点企业: the quoted name and the noun it qualifies
        close = text.find("”", end + 2, min(end + _QUOTED_NOUN_MAX, limit))
        if close > 0:
            return _clean(text[end + 1:close] + post_phrase(text, close + 1, limit, False))
    cut = _POST_CUT.search(text, end, hi)
    if cut is not None:
        hi = cut.start()
    if end >= hi:
        return ""
    window = text[end:hi]
    stop_words, stop_prefix = _post_stop()
    items, current = [], ""
    for tok in segment(window):
        if tok in stop_words or stop_prefix.match(tok):
            break
        if tok in "、" or (tok in ("和", "及") and current):
            if current:
                items.append(current)
            current = ""
            continue
        if len(current) >= 3:
            break
        current += tok
    if current:
        items.append(current)
    return _clean("、".join(items))


# ---------------------------------------------------------------------------------- change

def change_of(text: str, start: int, floor: int) -> tuple[str | None, bool]:
    """(direction, is_level) from the words right before a figure."""
    c, r = cues(), _rules()
    window = r.end_window
    before = text[floor:start]
    if _growth_rate_end().search(before, len(before) - window):
        return "increase", False  # a growth rate is itself a change
    before = before.rstrip()
    if before.endswith(c.level_phrase):
        return None, True  # 创新高达2,882只: 高 is no change here
    filler = _FILLER_END.search(before, len(before) - window)
    if filler:
        before = before[: filler.start()]
    if before.endswith(c.level):
        for lv in c.level:
            if before.endswith(lv) and before[: -len(lv)].endswith(r.up_down):
                return None, True
    if text[start] == "-" and _OPEN_PAREN_END.search(before):
        return "decrease", False
    if before.endswith(c.change_down):
        return "decrease", False
    if before.endswith(c.change_up):
        return "increase", False
    if _MULTIPLE_OF_YEAR_END.search(before, len(before) - window):  # 是2017年的12.57倍
        return "increase", False
    return None, False


# ----------------------------------------------------------------------------------- linker

@dataclass
class _China:
    """The country as a document's place when the article speaks for the whole of it."""

    name: str = "中国"
    adcode: str | None = None
    level: str = "country"
    start: int = 0


class Linker:
    def __init__(self, ctx: ExtractionContext):
        self.ctx = ctx
        self.text = ctx.text
        self.lay = Layout(self.text)
        self.dates = sorted(ctx.found.get("date", []), key=_START)
        self.places = sorted((p for p in ctx.found.get("place", []) if p.name),
                             key=_START)
        self.programs = sorted(ctx.found.get("program", []), key=_START)
        self.quantities = sorted(ctx.found.get("quantity", []), key=_START)
        self.q_starts = [m.start for m in self.quantities]
        self.d_starts = [m.start for m in self.dates]
        self.p_starts = [m.start for m in self.places]
        self.starts = {id(self.dates): self.d_starts,
                       id(self.places): self.p_starts,
                       id(self.programs): [m.start for m in self.programs],
                       id(self.quantities): self.q_starts}
        self.parent = {p.name: p.parent for p in self.places if p.parent}
        self.place_texts = {p.text for p in self.places}
        # first characters of the place texts: most phrases open with none of them
        self.place_heads = {t[0] for t in self.place_texts if t}
        self.p_zones = self._zones_at(self.p_starts)
        # Each figure's sentence and clause, found once: every step below asks for them.
        sentence_of, clause_start = self.lay.sentence_of, self.lay.clause_start
        self.q_sentence = [sentence_of(i) for i in self.q_starts]
        self.q_clause = [clause_start(i, s[0]) for i, s in zip(self.q_starts, self.q_sentence)]
        # Figures of one sentence share its places: choices cached by slice of self.places
        # (sentence places) and by (paragraph start, sentence start) (paragraph fallback).
        self._chosen: dict[tuple[int, int, bool], object] = {}
        self._para_place: dict[tuple[int, int], tuple[str | None, str | None, str | None]] = {}
        self._deng: dict[int, bool] = {}
        self._national_end: dict[int, int] = {}
        self._after_para: dict[int, tuple[str | None, str | None, str | None]] = {}
        self._whole: dict[str, object] = {}
        self.doc_place = None  # _choose falls back on it, also while it is being chosen
        self.doc_place = self._document_place()
        self.doc_period = self._document_period()

    def _zones_at(self, positions: list[int]) -> list[str]:
        """``ctx.zone_at`` of each position, in C (map) rather than a method call each."""
        starts, zones = self.ctx.line_starts, self.ctx.line_zones
        if not starts:
            return ["body"] * len(positions)
        # zone_at: zones[max(bisect_right(starts, i) - 1, 0)]; one more zone in front does both
        return list(map([zones[0], *zones].__getitem__,
                        map(bisect_right, repeat(starts), positions)))

    def within(self, items: list, lo: int, hi: int, end_by: int | None = None) -> list:
        """The mentions of a sorted list starting in [lo, hi) (and ending by ``end_by``)."""
        starts = self.starts[id(items)]
        found = items[bisect_left(starts, lo):bisect_left(starts, hi)]
        return found if end_by is None else [m for m in found if m.end <= end_by]

    # -- document defaults ------------------------------------------------------------------
    def _document_place(self):
        """The title's place; else China when the lead speaks of 全国/我国, or when the article
        says them more often than it names any division and never speaks of its own province
        or city (全省, 我市: ``local`` cues); else the most named division."""
        zoned = list(zip(self.places, self.p_zones))
        body = [p for p, zone in zoned if zone != "boilerplate"]
        header = [p for p, zone in zoned if zone == "header"
                  and p.level in ("country", "province", "prefecture", "county")]
        if header:
            return self._choose(header)
        if not self.ctx.roc_era and any(w in self._lead_text() for w in cues().national):
            return _China()
        ranked = Counter(p.name for p in body if p.level in ("province", "prefecture", "county"))
        national = 0 if self.ctx.roc_era else sum(self.text.count(w) for w in cues().national)
        if not ranked:
            return _China() if national else None
        name, times = ranked.most_common(1)[0]
        if national > times and not any(w in self.text for w in cues().local):
            return _China()  # a national round-up naming 北京市 twice among its items
        return next(p for p in body if p.name == name)

    def _lead_text(self) -> str:
        """The header and the first non-empty body line: where an article says what it is about."""
        parts, starts, zones = [], self.ctx.line_starts, self.ctx.line_zones
        for k, (start, zone) in enumerate(zip(starts, zones)):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(self.text)
            line = self.text[start:end]
            if zone == "header":
                parts.append(line)
            elif zone == "body" and line.strip():
                parts.append(line)
                break
        return "\n".join(parts)

    def _document_period(self):
        """The first period-like date of the article's first paragraphs (``2018年，…``,
        ``2023年以来``, ``2021年1-2月``) frames figures that name no date of their own."""
        for d in self.dates:
            if self.ctx.zone_at(d.start) != "body" or not d.value:
                continue
            if _DAY_VALUE.fullmatch(d.value):
                continue  # a day (a dateline, an event) does not frame the article
            ps = self.lay.paragraph_start(d.start)
            return d if ps - self._first_body_start() < 400 else None
        return None

    def _first_body_start(self) -> int:
        for start, zone in zip(self.ctx.line_starts, self.ctx.line_zones):
            if zone == "body":
                return start
        return 0

    # -- place ------------------------------------------------------------------------------
    def _choose(self, places):
        """One place for several: the most specific of a chain (贵州省黔西南州 -> 黔西南州);
        several of one level: their common parent when the text names it, else the
        document's place."""
        if not places:
            return None
        if len(places) == 1:  # the usual case, what the steps below come to for one place
            return None if self._in_list_with_deng(places[0]) else places[0]
        places = [p for p in places if not self._in_list_with_deng(p)]
        if not places:
            return None
        names = list(dict.fromkeys(p.name for p in places))
        if len(names) == 1:
            return places[0]
        best = max(LEVEL_RANK.get(p.level, 0) for p in places)
        top = [p for p in places if LEVEL_RANK.get(p.level, 0) == best]
        top_names = list(dict.fromkeys(p.name for p in top))
        if len(top_names) == 1:
            return top[0]
        if top[0].level == "other":
            return top[-1]
        parents = {self.parent.get(n) for n in top_names}
        if len(parents) == 1 and None not in parents:
            ref = parents.pop()
            known = next((p for p in self.places if ref in (p.adcode, p.name)), None)
            if known is not None:  # 兴仁、普安16万贫困人口 -> their prefecture
                return known
        ranked = [p for p in places if LEVEL_RANK.get(p.level, 0) < best]
        if ranked:
            return max(ranked, key=lambda p: LEVEL_RANK.get(p.level, 0))
        return self.doc_place

    def _choose_slice(self, lo: int, hi: int, carried: bool = False):
        """``_choose(self.places[lo:hi])``, once per slice (figures of a sentence share it).
        ``carried``: for figures of later sentences, which a river, a mountain or a region
        (level ``other``: 乌江, 武陵山区, 成渝地区) named in passing does not frame."""
        key = (lo, hi, carried)
        if key not in self._chosen:
            places = self.places[lo:hi]
            if carried:
                places = [p for p in places if p.level != "other"]
            self._chosen[key] = self._choose(places)
        return self._chosen[key]

    def place_for(self, q, ss: int, se: int, cs: int) -> tuple[str | None, str | None, str | None]:
        """The figure's place; ``ss``/``se``: its sentence, ``cs``: the start of its clause."""
        text, places, start = self.text, self.places, q.start
        lo, hi = bisect_left(self.p_starts, ss), bisect_left(self.p_starts, start)
        # 0. 全市/全县 in a clause that names no place: the document's city or county
        whole = _whole_words().search(text, cs, start)
        if whole is not None and bisect_left(self.p_starts, cs) == hi:
            found, scope = self._whole_place(whole.group(), whole.start(), ss)
            if found is not None:
                return found.name, found.adcode, scope
        if lo < hi:  # places in the sentence before the figure
            before = [p for p in places[lo:hi] if p.end <= start]
            if _SET_MARK.search(text, ss, start):
                before = self._not_set_members(before, ss, start)
            # 1. a place written right before the figure: 普安县3个, 兴仁市的2个
            in_clause = []
            for p in reversed(before):
                if p.start < cs:
                    break  # sorted by start: the rest are before the clause too
                if _ATTACHED_GAP.fullmatch(text, p.end, start):
                    return p.name, p.adcode, "sentence"
                in_clause.append(p)
            # 1b. the one place of the figure's clause, in a list of clauses each naming its
            # own (银川市增长8.5%，石嘴山市增长7.2%): the second is not the first's
            if cs > ss and in_clause and len({p.name for p in in_clause}) == 1 \
                    and in_clause[0].level != "other" and not self._in_list_with_deng(in_clause[0]):
                return in_clause[0].name, in_clause[0].adcode, "sentence"
            # 2. the sentence's subject place(s)
            if len(before) == hi - lo:
                chosen = self._choose_slice(lo, hi)
            else:  # a place overlapping the figure is left out
                chosen = self._choose(before)
            if chosen is not None:
                return chosen.name, chosen.adcode, "sentence"
        if not self.ctx.roc_era and self._national_lead_before(ss, se, start):
            return "中国", None, "sentence"
        # 3. the paragraph's place, else the previous paragraph's, else the document's. It
        # depends on the paragraph and on the places in it before the sentence (those before
        # self.places[lo]): sentences of a paragraph with no place between them share it.
        ps = self.lay.paragraph_start(start)
        found = self._para_place.get((ps, lo))
        if found is None:
            found = self._para_place[ps, lo] = self._paragraph_place(ps, lo)
        return found

    def _whole_place(self, word: str, at: int, ss: int) -> tuple[object, str]:
        """The place 全市 (全县, 全省 ...) at ``at`` means, and its scope: the last place of that
        level named before it in its paragraph (甘肃省…全省20多所, in a round-up of several
        stories; ``ss``: the sentence start), else the document's place when it is of that
        level, else the place of that level the body names most."""
        levels = cues().whole[word]
        ps = self.lay.paragraph_start(at)
        for k in range(bisect_left(self.p_starts, at) - 1, bisect_left(self.p_starts, ps) - 1, -1):
            if self.places[k].level in levels and self.p_zones[k] == "body":
                return self.places[k], "sentence" if self.p_starts[k] >= ss else "paragraph"
        if word not in self._whole:
            doc = self.doc_place
            if doc is not None and doc.level in levels:
                self._whole[word] = doc
            else:
                ranked = Counter(p.name for p, z in zip(self.places, self.p_zones)
                                 if z == "body" and p.level in levels)
                top = ranked.most_common(1)[0][0] if ranked else None
                self._whole[word] = next((p for p in self.places if p.name == top), None)
        return self._whole[word], "document"

    def _not_set_members(self, places: list, ss: int, start: int) -> list:
        """The places that are not members named of the counted set (包括毛寺村在内的1448个
        贫困村, 包括中国在内的20多个国家) or left out of it (除贵阳市以外): the figure
        is not about them."""
        spans = [m.span() for m in _SET_MEMBER.finditer(self.text, ss, start)]
        return [p for p in places if not any(a <= p.start and p.end <= b for a, b in spans)]

    def _national_lead_before(self, ss: int, se: int, start: int) -> bool:
        """``_national_lead().search(text, ss, start)``, with one search per sentence: its
        matches do not overlap, so the first one in the sentence ends first, and some match
        ends by ``start`` exactly when that one does."""
        if start > se:
            return bool(_national_lead().search(self.text, ss, start))
        end = self._national_end.get(ss)
        if end is None:
            # every match holds a national word: most sentences have none, which a literal
            # search (in C) tells before the pattern tries each position
            m = _national_lead().search(self.text, ss, se) \
                if _national_words().search(self.text, ss, se) else None
            end = self._national_end[ss] = m.end() if m else -1
        return 0 <= end <= start

    def _paragraph_place(self, ps: int, lo: int) -> tuple[str | None, str | None, str | None]:
        """The place of the paragraph so far (its places before ``self.places[lo]``), else the
        previous paragraph's last (a story goes on), else the document's."""
        chosen = self._choose_slice(bisect_left(self.p_starts, ps), lo, carried=True)
        if chosen is not None:
            return chosen.name, chosen.adcode, "paragraph"
        return self._after_paragraph(ps)

    def _after_paragraph(self, ps: int) -> tuple[str | None, str | None, str | None]:
        """The place for a paragraph that names none: the previous paragraph's last place when
        it is a township or village, else the document's (once per paragraph)."""
        found = self._after_para.get(ps)
        if found is None:
            found = self._after_para[ps] = self._previous_paragraph_place(ps)
        return found

    def _previous_paragraph_place(self, ps: int) -> tuple[str | None, str | None, str | None]:
        if ps > 0:
            pps = self.lay.paragraph_start(max(ps - 2, 0))
            lo, hi = bisect_left(self.p_starts, pps), bisect_left(self.p_starts, ps)
            # the last place of the previous paragraph in the body
            last = next((k for k in range(hi - 1, lo - 1, -1) if self.p_zones[k] == "body"), None)
            if last is not None:
                prev = self.places[last]
                if LEVEL_RANK.get(prev.level, 0) >= LEVEL_RANK["township"]:
                    return prev.name, prev.adcode, "paragraph"
        if self.doc_place is not None:
            return self.doc_place.name, self.doc_place.adcode, "document"
        return None, None, None

    def _in_list_with_deng(self, p) -> bool:
        """四川、云南、贵州等省: places in an enumerated list are not the subject."""
        found = self._deng.get(id(p))
        if found is None:
            found = self._deng[id(p)] = bool(_LIST_WITH_DENG.match(self.text, p.end, p.end + 12)) \
                and "、" in self.text[max(0, p.start - 6):p.end + 12]
        return found

    # -- period -----------------------------------------------------------------------------
    def periods(self, changes: dict[int, str | None]) -> dict[int, tuple[str | None, str | None]]:
        """Period per quantity: its sentence's date before it (a from-date only for the
        from-value, a baseline date never), else the running period of the text so far (the
        last date that headed a sentence or clause), else the article's period."""
        out: dict[int, tuple[str | None, str | None]] = {}
        running: tuple[str | None, str | None] = (None, None)
        if self.doc_period is not None:
            running = (self.doc_period.value, "document")
        dates, d_starts, n_dates = self.dates, self.d_starts, len(self.dates)
        di = 0
        heads, hk = self._item_headlines(), 0
        for i, q in enumerate(self.quantities):
            ss = self.q_sentence[i][0]
            # advance the running period over topic dates before this sentence; a news item's
            # headline in a round-up starts afresh (the item before it dates nothing here)
            while di < n_dates and dates[di].end <= ss:
                d = dates[di]
                while hk < len(heads) and heads[hk] <= d.start:
                    running, hk = (None, None), hk + 1
                if d.value and self._is_topic(d):
                    running = (d.value, "paragraph")
                di += 1
            while hk < len(heads) and heads[hk] <= ss:
                running, hk = (None, None), hk + 1
            if changes.get(i):
                iv = self._comparison_interval(q, ss)
                if iv:
                    out[i] = (iv, "sentence")
                    continue
            own = None
            lo, hi = bisect_left(d_starts, ss), bisect_left(d_starts, q.start)
            for d in reversed(dates[lo:hi]):
                if d.end > q.start or d.value is None:
                    continue
                if self._is_baseline(d):
                    # 较109年1,132,515元: the value the baseline year had (a change or a
                    # difference in 百分点 is not: 高于“十三五”时期1.2个百分点)
                    if not changes.get(i) and q.unit != "百分点" and \
                            _BASELINE_VALUE_GAP.fullmatch(self.text, d.end, q.start):
                        own = d.value
                        break
                    continue
                if self._is_from_date(d, q):
                    continue
                own = d.value
                break
            out[i] = (own, "sentence") if own else running
        return out

    def _item_headlines(self) -> list[int]:
        """Starts of the headlines of a news round-up: body lines that are a bold or ``#``
        heading (**1月份全国铁路旅客发送量同比增长12.1%**), when there are several of them."""
        text, starts, zones = self.text, self.ctx.line_starts, self.ctx.line_zones
        heads = []
        for k, (start, zone) in enumerate(zip(starts, zones)):
            if zone != "body":
                continue
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
            if _HEADLINE.fullmatch(text, start, end):
                heads.append(start)
        return heads if len(heads) >= 3 else []

    def _is_topic(self, d) -> bool:
        """A date that heads its sentence or clause frames what follows (2018年，…)."""
        ss, _ = self.lay.sentence_of(d.start)
        cs = self.lay.clause_start(d.start, ss)
        lead = self.text[cs:d.start].strip(" 　\t据统计截至")
        return len(lead) <= 2 and not self._is_baseline(d) and self.ctx.zone_at(d.start) == "body"

    def _is_baseline(self, d) -> bool:
        lead = self.text[max(0, d.start - 3):d.start]
        return bool(_baseline_end().search(lead))

    def _is_from_date(self, d, q) -> bool:
        """从2014年的22813户…下降至2839户: the date belongs to the from-value only."""
        lead = self.text[max(0, d.start - 2):d.start]
        if not lead.endswith(cues().from_):
            return False
        return bool(_change_to().search(self.text[d.end:q.start]))

    def _comparison_interval(self, q, ss: int) -> str | None:
        """2022年与2017年比 / 同比2017年 / 是2017年的: a change from one year to another."""
        if self.text.find("年", ss, q.start) < 0:
            return None  # both patterns name a year
        window = self.text[ss:q.start]
        m = _YEAR_VS_YEAR.search(window)
        if m:
            a, b = sorted((m.group(1), m.group(2)))
            return f"{a}/{b}"
        m = _COMPARED_YEAR.search(window)
        if m:
            later = [d for d in self.within(self.dates, ss, q.start) if d.value
                     and _YEAR_VALUE.fullmatch(d.value) and d.value != m.group(1)]
            anchor = later[0].value if later else None
            if anchor is None:
                before = [d for d in self.within(self.dates, 0, ss) if d.value
                          and _YEAR_VALUE.fullmatch(d.value)]
                anchor = before[-1].value if before else None
            if anchor:
                a, b = sorted((m.group(1), anchor))
                return f"{a}/{b}"
        return None

    # -- indicator --------------------------------------------------------------------------
    def indicators(self) -> dict[int, str | None]:
        """Indicator per quantity (by index), sentence by sentence."""
        out: dict[int, str | None] = {}
        by_sentence: dict[tuple[int, int], list[int]] = {}
        for i, sentence in enumerate(self.q_sentence):
            by_sentence.setdefault(sentence, []).append(i)
        for (ss, se), idxs in by_sentence.items():
            self._sentence_indicators(ss, se, idxs, out)
        return out

    def _sentence_indicators(self, ss, se, idxs, out) -> None:
        text, qs, clauses = self.text, self.quantities, self.q_clause
        # 分别 is rare: a sentence without it needs no look for it clause by clause
        distributes = any(text.find(w, ss, se) >= 0 for w in cues().distribution)
        subject: str | None = None  # the sentence's last named subject, carried across clauses
        dist_subjects: list[str] | None = None
        handled: set[int] = set()
        for k, i in enumerate(idxs):
            if i in handled:
                continue
            q = qs[i]
            cs = clauses[i]
            dist = self._distribution(q, cs, idxs, k, ss, dist_subjects, out) \
                if distributes or q.start > se else None
            if dist:
                mapping, dist_subjects = dist
                out.update(mapping)
                handled.update(mapping)
                continue
            floor = cs
            prev = qs[idxs[k - 1]] if k > 0 else None
            if prev is not None and prev.end > cs and _LIST_SEP_START.match(text, prev.end):
                floor = prev.end + 1  # 省级2所、州级109所: the list item starts after 、
            segment = self._without_mentions(floor, q.start)
            pre = self._strip_place(pre_phrase(segment, len(segment), 0))
            # the comparison words are only needed to carry a subject over (no side effects)
            stem = self._change_stem(floor, q.start) if subject else None
            if stem and (not pre or pre in stem):
                if _is_level(stem):  # 下降至1.65%: the level of the same indicator
                    out[i] = subject
                else:  # 同比增长44.6% / 比2019年同期增长11.1%: the clause before's subject
                    out[i] = _clean(subject + stem)
                continue
            # (not needed above: read after the stem)
            counted = q.unit not in _uncounted_units()
            limit = se
            if not counted and k + 1 < len(idxs):
                # a duration or measure counts no noun: what follows up to the next figure
                # names it, and never that figure (两年突破百亿; but 3个过三千亿元城市)
                limit = min(se, max(qs[idxs[k + 1]].start, q.end))
            post = post_phrase(text, q.end, limit, counted)
            own = post or pre
            if pre and not post:
                verb = self._change_verb(floor, q.start)
                if verb and not pre.endswith(verb):  # 固定资产投资同比增长46.9%
                    own = _clean(pre + verb)
            if not own and subject:
                own = subject
            out[i] = own or None
            if len(pre) >= 2:
                subject = pre
            elif post and subject is None:
                subject = post

    def _strip_place(self, phrase: str) -> str:
        """The place is its own attribute: 广东固定资产投资 -> 固定资产投资; a list of places
        (山东、吉林、四川粮食增产) goes as a whole."""
        heads = self.place_heads
        changed = True
        while changed and phrase[:1] in heads:
            changed = False
            for n in range(min(len(phrase) - 2, 12), 1, -1):
                if phrase[:n] in self.place_texts:
                    phrase = phrase[n:].lstrip("、和及与 ")
                    changed = True
                    break
        return phrase

    def _change_verb(self, floor: int, start: int) -> str | None:
        """The comparison and change words right before a figure (同比增长, 较去年减少)."""
        r = _rules()
        before = r.verb_fillers.strip_tail(self.text[floor:start].strip())
        if not before.endswith(r.change_run_ends):
            return None
        m = _change_run().search(before)
        if not m or _is_level(m.group(0)):
            return None
        verb = m.group(0)
        return verb if r.up_down_any.search(verb) else None

    def _without_mentions(self, start: int, end: int) -> str:
        """Text between two offsets with the figures and dates in it left out."""
        if bisect_left(self.q_starts, start) == bisect_left(self.q_starts, end) \
                and bisect_left(self.d_starts, start) == bisect_left(self.d_starts, end):
            return self.text[start:end]  # the usual case: nothing to leave out
        cut = [(m.start, m.end) for m in self.within(self.quantities, start, end, end)
               + self.within(self.dates, start, end, end)]
        parts, pos = [], start
        for s, e in sorted(cut):
            parts.append(self.text[pos:s])
            pos = e
        parts.append(self.text[pos:end])
        return "".join(parts)

    def _change_stem(self, floor: int, start: int) -> str | None:
        """The comparison words a figure follows when they are all its clause says
        (同比增长, 较去年减少, 比2019年同期增长, 两年平均增长)."""
        before = self.text[floor:start].strip()
        if not before:
            return None
        r = _rules()
        stripped = r.pre_strip.strip_tail(before)
        core = _YEAR_WORD.sub("", stripped) if "年" in stripped else stripped
        core = r.change_pre.strip_tail(core)
        core = _PERIOD_PREFIX.sub("", core)
        if core and len(core) > 1:
            return None
        return stripped if r.change_any.search(stripped) else None

    def _distribution(self, q, cs: int, idxs: list[int], k: int, ss: int,
                      earlier: list[str] | None, out_ind: dict[int, str | None]):
        """分别: subjects before it, figures after it (``idxs[k:]``, ``cs`` the clause start),
        paired in order. A second 分别 in the sentence without its own subjects reuses the
        first one's (…分别为76.3%、71.9%，两年平均增速分别为7.3%、12.1%)."""
        text, qs = self.text, self.quantities
        clause = text[cs:q.start]
        pos = -1
        for w in cues().distribution:
            pos = clause.rfind(w)
            if pos >= 0:
                break
        if pos < 0:
            # 安全感和…满意度，分别提升1.83和1.86个百分点: 分别 may open the clause
            return None
        rest = idxs[k:]
        run = [rest[0]]
        for j in rest[1:]:
            gap = text[qs[run[-1]].end:qs[j].start]
            if _LIST_GAP.fullmatch(gap):
                run.append(j)
            else:
                break
        if len(run) < 2:
            return None
        head = clause[:pos]
        head = _rules().change_pre.strip_tail(head.rstrip("，, "))
        parts = [p for p in _LIST_SPLIT.split(head) if p.strip()]
        if len(parts) < len(run) and cs > ss:
            pcs = self.lay.clause_start(cs - 1, ss)
            prev_clause = text[pcs:cs - 1]
            figures = [j for j, x in enumerate(qs) if pcs <= x.start and x.end <= cs - 1]
            if len(figures) == len(run) and all(out_ind.get(j) for j in figures):
                # 风险隐患15.1万余起、矛盾纠纷6.52万余起，处置成功率分别达99.85%、99.83%
                stem = _clean(head)
                subjects = [_clean(out_ind[j] + stem) for j in figures]
                return {j: x for j, x in zip(run, subjects)}, subjects
            cand = [p for p in _LIST_SPLIT.split(prev_clause) if p.strip()]
            if len(cand) >= len(run) and not figures:
                # the subjects close the clause before: 安全感和对公安机关的满意度，分别提升…
                parts = cand
        if len(parts) >= len(run):
            parts = parts[-len(run):]
            subjects = _shared_head([_clean(pre_phrase(p, len(p), 0) or p) for p in parts])
            return {j: s for j, s in zip(run, subjects)}, subjects
        if earlier and len(earlier) == len(run):
            stem = _clean(head)
            return {j: _clean(s + stem) for j, s in zip(run, earlier)}, earlier
        return None

    # -- records ----------------------------------------------------------------------------
    def run(self) -> list[IndicatorRecord]:
        indicators = self.indicators()
        changes = self.changes()
        periods = self.periods(changes)
        text, validate = self.text, IndicatorRecord.model_validate
        zones = self._zones_at(self.q_starts)
        sentences: dict[int, str] = {}  # sentence text by start: figures share sentences
        records = []
        for i, (q, (ss, se), cs) in enumerate(zip(self.quantities, self.q_sentence,
                                                  self.q_clause)):
            change = changes.get(i)
            indicator = indicators.get(i)
            period, period_scope = periods.get(i, (None, None))
            place, adcode, place_scope = self.place_for(q, ss, se, cs)
            set_fields(q, {"indicator": indicator, "change": change, "period": period,
                            "place": place})
            if zones[i] == "boilerplate":
                continue
            program = self._program_for(q, ss)
            sentence = sentences.get(ss)
            if sentence is None:
                sentence = sentences[ss] = text[ss:se].strip()
            rules = [q.rule, "link.indicator"] if q.rule else ["link.indicator"]
            if place_scope:
                rules.append(_PLACE_RULE[place_scope])
            if period_scope:
                rules.append(_PERIOD_RULE[period_scope])
            # model_validate(dict) validates exactly as IndicatorRecord(**fields) does, without
            # __init__'s keyword packing and self-instance path (twice as fast per record)
            records.append(validate({
                "id": f"r{len(records) + 1}", "start": q.start, "end": q.end, "text": q.text,
                "value": q.value, "value_max": q.value_max, "unit": q.unit, "approx": q.approx,
                "indicator": indicator, "place": place, "place_adcode": adcode,
                "place_scope": place_scope, "period": period, "period_scope": period_scope,
                "program": program.name if program else None,
                "program_id": program.program_id if program else None,
                "change": change, "baseline": self._baseline(q, cs), "sentence": sentence,
                "sentence_start": ss, "sentence_end": se, "rules": rules}))
        _link_records(records, self.text)
        return records

    def changes(self) -> dict[int, str | None]:
        """Change direction per quantity; a list of figures after one verb shares it
        (分别增长76.3%、71.9%和37.2%; 减少143件(-14.52%)、271人(-0.12%))."""
        out: dict[int, str | None] = {}
        text, qs, clauses = self.text, self.quantities, self.q_clause
        for i, q in enumerate(qs):
            change, level = change_of(text, q.start, clauses[i])
            if change is None and not level and i > 0 and out.get(i - 1):
                gap = text[qs[i - 1].end:q.start]
                if _RUN_GAP.fullmatch(gap):
                    change = out[i - 1]
            if change is None and not level and _GROWTH_AFTER.match(text, q.end, q.end + 4):
                change = "increase"
            out[i] = change
        return out

    def _program_for(self, q, ss: int):
        """The last programme named before the figure in its sentence, else in its paragraph."""
        starts = self.starts[id(self.programs)]
        hi = bisect_left(starts, q.start)  # programs[hi - 1]: the last one before the figure
        if hi and (starts[hi - 1] >= ss or starts[hi - 1] >= self.lay.paragraph_start(q.start)):
            return self.programs[hi - 1]
        return None

    def _baseline(self, q, cs: int) -> str | None:
        text, start, r = self.text, q.start, _rules()
        if r.baseline_any.search(text, cs, start):  # else none of the words below is there
            before = text[cs:start]
            for w in cues().baseline:
                k = before.find(w)
                if k >= 0:
                    m = _YEAR_SAME_PERIOD.match(before[k + len(w):])
                    return w + (m.group(0) if m else "")
        # 是(\d{4}年(?:同期)?)的$ in text[cs:start] (the end is endpos; no lookbehind)
        m = _MULTIPLE_YEAR_END.search(text, max(cs, start - r.end_window), start)
        return m.group(1) if m else None


def _link_records(records: list[IndicatorRecord], text: str) -> None:
    """from-to pairs (从A…下降至B: each from-value with the next to-value of its unit), parts
    (其中), and a rate with the counts of its sentence."""
    by_sentence: dict[int, list[IndicatorRecord]] = {}
    for r in records:
        by_sentence.setdefault(r.sentence_start, []).append(r)
    for rs in by_sentence.values():
        if len(rs) < 2:
            continue  # every link joins two figures of a sentence
        # Each figure below looks at the sentence before it: a sentence without 从/由 or 其中
        # before its last figure (records come in order) needs no look figure by figure.
        ss, last = rs[0].sentence_start, rs[-1].start
        if _FROM_MARK.search(text, ss, last):
            for i, a in enumerate(rs):
                if not _FROM_MARK.search(text, max(a.sentence_start, a.start - 16), a.start):
                    continue
                for b in rs[i + 1:]:
                    if b.unit != a.unit:
                        continue
                    if _change_to().search(text[a.end:b.start]):
                        a.links.append(RecordLink(kind="from_to", target=b.id))
                    break
        if text.find("其中", ss, last) >= 0:
            for k, r in enumerate(rs):
                # 7022户26954人增收，其中贫困户2354户9766人: each part to the total of its unit
                split = text.rfind("其中", r.sentence_start, r.start)
                if split < 0:
                    continue
                if _CLAUSE_PUNCT.search(text, split, r.start):
                    continue  # 其中 governs its own clause only
                totals = [t for t in rs[:k] if t.end <= split and t.unit == r.unit]
                if totals:
                    r.links.append(RecordLink(kind="part_of", target=totals[-1].id))
        rates = [r for r in rs if r.unit == "%" and r.indicator and r.indicator.endswith("率")]
        if not rates:
            continue
        counts = [r for r in rs if r.unit not in ("%", "百分点", None)]
        for r in rates:
            for c in counts:
                if c.start < r.start:
                    r.links.append(RecordLink(kind="rate_of", target=c.id))


def link(ctx: ExtractionContext) -> None:
    """Fill indicator/place/period/change on quantity mentions and build ``ctx.records``."""
    if not ctx.found.get("quantity"):
        ctx.records = []
        return
    ctx.records = Linker(ctx).run()
