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

from .context import ExtractionContext
from .models import IndicatorRecord, RecordLink
from .rules import load_rows
from .tokenize import segment, sentence_spans

# Clause ends; an ASCII comma or colon between digits is part of a figure or a time (1,572 / 16:30).
CLAUSE_BREAK = re.compile(r"[，；;：。！？!?\n]|(?<!\d)[,:]|[,:](?!\d)")
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
_LIST_WITH_DENG = re.compile(r"[^，。；]{0,10}?等(?:省|地|市|县|国|多)")
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

LEVEL_RANK = {"country": 1, "province": 2, "prefecture": 3, "county": 4, "other": 4.5,
              "township": 5, "village": 6}
_PUNCT = "“”‘’\"'「」『』《》（）()【】[]·—-…—"


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


@lru_cache(maxsize=1)
def cues() -> Cues:
    groups: dict[str, list[str]] = {}
    for kind, word in load_rows("link_cues.tsv"):
        groups.setdefault(kind, []).append(word)
    longest = lambda k: tuple(sorted(groups.get(k, []), key=len, reverse=True))  # noqa: E731
    return Cues(longest("change_up"), longest("change_down"), longest("level"),
                longest("baseline"), longest("distribution"), longest("from"), longest("part"),
                longest("national"), longest("pre_strip"), longest("lead_strip"),
                longest("post_stop"), longest("level_verb"), longest("growth_rate"),
                longest("baseline_lead"))


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


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
        self.sentences = sentence_spans(text)
        self.sent_starts = [s for s, _ in self.sentences]
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        self.breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]

    def sentence_of(self, i: int) -> tuple[int, int]:
        k = max(bisect_right(self.sent_starts, i) - 1, 0)
        return self.sentences[k] if self.sentences else (0, len(self.text))

    def paragraph_of(self, i: int) -> tuple[int, int]:
        k = max(bisect_right(self.para_starts, i) - 1, 0)
        start = self.para_starts[k]
        end = self.text.find("\n", start)
        return start, (len(self.text) if end < 0 else end)

    def clause_start(self, i: int, floor: int = 0) -> int:
        k = bisect_right(self.breaks, i - 1) - 1
        j = self.breaks[k] if k >= 0 else -1
        return max(j + 1, floor)


# ------------------------------------------------------------------------------- indicator

@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...], anchor: str) -> re.Pattern:
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(f"(?:{alt})+$" if anchor == "tail" else f"^(?:{alt})+") if alt \
        else re.compile("(?!)")


def _strip_tail(phrase: str, words: tuple[str, ...]) -> str:
    """Drop any run of these words from the end (分别达, 同比下降 …)."""
    m = _alternation(words, "tail").search(phrase)
    return phrase[: m.start()] if m else phrase


def _strip_head(phrase: str, words: tuple[str, ...]) -> str:
    """Drop any run of these words from the start, keeping at least one character."""
    m = _alternation(words, "head").match(phrase)
    if m and m.end() < len(phrase):
        return phrase[m.end():]
    return phrase


def _clean(phrase: str) -> str:
    phrase = phrase.strip().strip(_PUNCT + "、，,。 ").strip()
    return phrase[-MAX_INDICATOR:]


@lru_cache(maxsize=1)
def _change_words() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted(c.change_up + c.change_down + c.baseline + c.level, key=len, reverse=True))


@lru_cache(maxsize=1)
def _level_end() -> re.Pattern:
    """A change verb followed by a level marker at the end (下降至, 增加到)."""
    c = cues()
    verbs = "|".join(re.escape(v) for v in c.change_up + c.change_down)
    levels = "|".join(re.escape(lv) for lv in c.level)
    return re.compile(f"(?:{verbs})(?:{levels})$")


def _is_level(stem: str) -> bool:
    return bool(_level_end().search(stem))


@lru_cache(maxsize=1)
def _post_stop() -> tuple[frozenset[str], re.Pattern]:
    """Words ending a noun phrase after a figure: exact tokens, and tokens they start."""
    stops = cues().post_stop
    longer = "|".join(re.escape(s) for s in stops if len(s) > 1)
    return frozenset(stops), re.compile(f"(?:{longer})") if longer else re.compile("(?!)")


@lru_cache(maxsize=1)
def _national_lead() -> re.Pattern:
    """全国/我国 opening a clause: the clause speaks for the whole country."""
    return re.compile(r"(?:^|(?<=[，,；;：:\n。]))\s*(?:" + "|".join(cues().national) + ")")


@lru_cache(maxsize=1)
def _change_run() -> re.Pattern:
    words = "|".join(re.escape(w) for w in _change_words())
    return re.compile(f"(?:{words}|\\d{{4}}年|同期)+$")


def pre_phrase(text: str, start: int, floor: int) -> str:
    """The phrase naming a figure, read backwards from it to the clause start."""
    c = cues()
    phrase = text[floor:start]
    phrase = _DATE_WORDS.sub("", phrase)
    phrase = _strip_tail(phrase.strip().strip(_PUNCT + "、，, "), c.pre_strip + _change_words() + c.from_)
    phrase = _TRAILING_JUN.sub("", phrase)  # 增产均超过10亿斤 (but 平均 stays)
    cause = _CAUSE.search(phrase)
    if cause:  # 地价税因随课案件成长增加: what grew is before 因
        phrase = phrase[: cause.start()]
    phrase = _strip_head(phrase, c.lead_strip + c.part)
    return _clean(phrase)


_POST_CUT = re.compile(r"[\d，,；;。：:！？!?\n（(“”\"]")


def post_phrase(text: str, end: int, limit: int) -> str:
    """The noun after a figure (``1973所学校`` -> 学校), a list of them joined by 、 or 和."""
    stop_words, stop_prefix = _post_stop()
    window = text[end:min(limit, end + 20)]
    if window[:1] in ("、", "和", "及", "与", "等", "(", "（"):
        return ""
    if window.startswith("的"):
        window = window[1:]
    cut = _POST_CUT.search(window)
    window = window[: cut.start()] if cut else window
    items, current = [], ""
    for tok in segment(window) if window else []:
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
    c = cues()
    before = text[floor:start]
    if _growth_rate_end().search(before):
        return "increase", False  # a growth rate is itself a change
    before = _FILLER_END.sub("", before.rstrip())
    for lv in c.level:
        if before.endswith(lv):
            stem = before[: -len(lv)]
            if any(stem.endswith(w) for w in c.change_up + c.change_down):
                return None, True
    if text[start] == "-" and _OPEN_PAREN_END.search(before):
        return "decrease", False
    for w in c.change_down:
        if before.endswith(w):
            return "decrease", False
    for w in c.change_up:
        if before.endswith(w):
            return "increase", False
    if _MULTIPLE_OF_YEAR_END.search(before):  # 是2017年的12.57倍
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
        self.dates = sorted(ctx.found.get("date", []), key=lambda m: m.start)
        self.places = sorted((p for p in ctx.found.get("place", []) if p.name),
                             key=lambda m: m.start)
        self.programs = sorted(ctx.found.get("program", []), key=lambda m: m.start)
        self.quantities = sorted(ctx.found.get("quantity", []), key=lambda m: m.start)
        self.starts = {id(self.dates): [m.start for m in self.dates],
                       id(self.places): [m.start for m in self.places],
                       id(self.programs): [m.start for m in self.programs],
                       id(self.quantities): [m.start for m in self.quantities]}
        self.parent = {p.name: p.parent for p in self.places if p.parent}
        self.place_texts = {p.text for p in self.places}
        self.doc_place = self._document_place()
        self.doc_period = self._document_period()

    def within(self, items: list, lo: int, hi: int, end_by: int | None = None) -> list:
        """The mentions of a sorted list starting in [lo, hi) (and ending by ``end_by``)."""
        starts = self.starts[id(items)]
        found = items[bisect_left(starts, lo):bisect_left(starts, hi)]
        return found if end_by is None else [m for m in found if m.end <= end_by]

    # -- document defaults ------------------------------------------------------------------
    def _document_place(self):
        """The title's place; else China when the lead speaks of 全国/我国; else the most named."""
        body = [p for p in self.places if self.ctx.zone_at(p.start) != "boilerplate"]
        header = [p for p in body if self.ctx.zone_at(p.start) == "header"
                  and p.level in ("country", "province", "prefecture", "county")]
        if header:
            return self._choose(header)
        if not self.ctx.roc_era and any(w in self._lead_text() for w in cues().national):
            return _China()
        ranked = Counter(p.name for p in body if p.level in ("province", "prefecture", "county"))
        if not ranked:
            if not self.ctx.roc_era and any(w in self.text for w in cues().national):
                return _China()
            return None
        name = ranked.most_common(1)[0][0]
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
            ps, _ = self.lay.paragraph_of(d.start)
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

    def place_for(self, q) -> tuple[str | None, str | None, str | None]:
        text = self.text
        ss, se = self.lay.sentence_of(q.start)
        cs = self.lay.clause_start(q.start, ss)
        before = self.within(self.places, ss, q.start, q.start)
        # 1. a place written right before the figure: 普安县3个, 兴仁市的2个
        for p in reversed(before):
            gap = text[p.end:q.start]
            if p.start >= cs and _ATTACHED_GAP.fullmatch(gap):
                return p.name, p.adcode, "sentence"
        # 2. the sentence's subject place(s)
        chosen = self._choose(before)
        if chosen is not None:
            return chosen.name, chosen.adcode, "sentence"
        if not self.ctx.roc_era and _national_lead().search(text, ss, q.start):
            return "中国", None, "sentence"
        # 3. the paragraph's place, else the previous paragraph's (a story goes on)
        ps, _ = self.lay.paragraph_of(q.start)
        chosen = self._choose(self.within(self.places, ps, ss))
        if chosen is not None:
            return chosen.name, chosen.adcode, "paragraph"
        if ps > 0:
            pps, _ = self.lay.paragraph_of(max(ps - 2, 0))
            prev = [p for p in self.within(self.places, pps, ps)
                    if self.ctx.zone_at(p.start) == "body"]
            if prev and LEVEL_RANK.get(prev[-1].level, 0) >= LEVEL_RANK["township"]:
                return prev[-1].name, prev[-1].adcode, "paragraph"
        if self.doc_place is not None:
            return self.doc_place.name, self.doc_place.adcode, "document"
        return None, None, None

    def _in_list_with_deng(self, p) -> bool:
        """四川、云南、贵州等省: places in an enumerated list are not the subject."""
        after = self.text[p.end:p.end + 12]
        return bool(_LIST_WITH_DENG.match(after)) and (
            "、" in self.text[max(0, p.start - 6):p.end + 12])

    # -- period -----------------------------------------------------------------------------
    def periods(self, changes: dict[int, str | None]) -> dict[int, tuple[str | None, str | None]]:
        """Period per quantity: its sentence's date before it (a from-date only for the
        from-value, a baseline date never), else the running period of the text so far (the
        last date that headed a sentence or clause), else the article's period."""
        out: dict[int, tuple[str | None, str | None]] = {}
        running: tuple[str | None, str | None] = (None, None)
        if self.doc_period is not None:
            running = (self.doc_period.value, "document")
        di = 0
        for i, q in enumerate(self.quantities):
            ss, _ = self.lay.sentence_of(q.start)
            # advance the running period over topic dates before this sentence
            while di < len(self.dates) and self.dates[di].end <= ss:
                d = self.dates[di]
                if d.value and self._is_topic(d):
                    running = (d.value, "paragraph")
                di += 1
            if changes.get(i):
                iv = self._comparison_interval(q, ss)
                if iv:
                    out[i] = (iv, "sentence")
                    continue
            own = None
            for d in reversed(self.within(self.dates, ss, q.start, q.start)):
                if d.value is None or self._is_baseline(d):
                    continue
                if self._is_from_date(d, q):
                    continue
                own = d.value
                break
            out[i] = (own, "sentence") if own else running
        return out

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
        if not any(lead.endswith(w) for w in cues().from_):
            return False
        return bool(_change_to().search(self.text[d.end:q.start]))

    def _comparison_interval(self, q, ss: int) -> str | None:
        """2022年与2017年比 / 同比2017年 / 是2017年的: a change from one year to another."""
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
        for i, q in enumerate(self.quantities):
            by_sentence.setdefault(self.lay.sentence_of(q.start), []).append(i)
        for (ss, se), idxs in by_sentence.items():
            self._sentence_indicators(ss, se, idxs, out)
        return out

    def _sentence_indicators(self, ss, se, idxs, out) -> None:
        text, qs = self.text, self.quantities
        subject: str | None = None  # the sentence's last named subject, carried across clauses
        dist_subjects: list[str] | None = None
        handled: set[int] = set()
        for k, i in enumerate(idxs):
            if i in handled:
                continue
            q = qs[i]
            cs = self.lay.clause_start(q.start, ss)
            dist = self._distribution(q, idxs[k:], ss, dist_subjects, out)
            if dist:
                mapping, dist_subjects = dist
                out.update(mapping)
                handled.update(mapping)
                continue
            floor = cs
            prev = qs[idxs[k - 1]] if k > 0 else None
            if prev is not None and prev.end > cs and _LIST_SEP_START.match(text[prev.end:]):
                floor = prev.end + 1  # 省级2所、州级109所: the list item starts after 、
            segment = self._without_mentions(floor, q.start)
            pre = self._strip_place(pre_phrase(segment, len(segment), 0))
            post = post_phrase(text, q.end, se)
            own = post or pre
            stem = self._change_stem(floor, q.start)
            if stem and subject and (not pre or pre in stem):
                if _is_level(stem):  # 下降至1.65%: the level of the same indicator
                    out[i] = subject
                else:  # 同比增长44.6% / 比2019年同期增长11.1%: the clause before's subject
                    out[i] = _clean(subject + stem)
                continue
            verb = self._change_verb(floor, q.start)
            if verb and pre and not post:  # 固定资产投资同比增长46.9%
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
        changed = True
        while changed:
            changed = False
            for n in range(min(len(phrase) - 2, 12), 1, -1):
                if phrase[:n] in self.place_texts:
                    phrase = phrase[n:].lstrip("、和及与 ")
                    changed = True
                    break
        return phrase

    def _change_verb(self, floor: int, start: int) -> str | None:
        """The comparison and change words right before a figure (同比增长, 较去年减少)."""
        before = _strip_tail(self.text[floor:start].strip(), ("分别", "均", "了", "达", "为"))
        m = _change_run().search(before)
        if not m or _is_level(m.group(0)):
            return None
        verb = m.group(0)
        return verb if any(w in verb for w in cues().change_up + cues().change_down) else None

    def _without_mentions(self, start: int, end: int) -> str:
        """Text between two offsets with the figures and dates in it left out."""
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
        stripped = _strip_tail(before, cues().pre_strip)
        core = _YEAR_WORD.sub("", stripped)
        core = _strip_tail(core, _change_words() + cues().pre_strip)
        core = _PERIOD_PREFIX.sub("", core)
        if core and len(core) > 1:
            return None
        return stripped if any(w in stripped for w in _change_words()) else None

    def _distribution(self, q, rest: list[int], ss: int, earlier: list[str] | None,
                      out_ind: dict[int, str | None]):
        """分别: subjects before it, figures after it, paired in order. A second 分别 in the
        sentence without its own subjects reuses the first one's (…分别为76.3%、71.9%，两年
        平均增速分别为7.3%、12.1%)."""
        text, qs = self.text, self.quantities
        cs = self.lay.clause_start(q.start, ss)
        clause = text[cs:q.start]
        k = -1
        for w in cues().distribution:
            k = clause.rfind(w)
            if k >= 0:
                break
        if k < 0:
            # 安全感和…满意度，分别提升1.83和1.86个百分点: 分别 may open the clause
            return None
        run = [rest[0]]
        for j in rest[1:]:
            gap = text[qs[run[-1]].end:qs[j].start]
            if _LIST_GAP.fullmatch(gap):
                run.append(j)
            else:
                break
        if len(run) < 2:
            return None
        head = clause[:k]
        head = _strip_tail(head.rstrip("，, "), cues().pre_strip + _change_words())
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
            subjects = [_clean(pre_phrase(p, len(p), 0) or p) for p in parts]
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
        records = []
        for i, q in enumerate(self.quantities):
            ss, se = self.lay.sentence_of(q.start)
            cs = self.lay.clause_start(q.start, ss)
            change = changes.get(i)
            q.indicator = indicators.get(i)
            q.change = change
            q.period, period_scope = periods.get(i, (None, None))
            q.place, adcode, place_scope = self.place_for(q)
            program = self._program_for(q, ss)
            if self.ctx.zone_at(q.start) == "boilerplate":
                continue
            records.append(IndicatorRecord(
                id=f"r{len(records) + 1}", start=q.start, end=q.end, text=q.text,
                value=q.value, value_max=q.value_max, unit=q.unit, approx=q.approx,
                indicator=q.indicator, place=q.place, place_adcode=adcode,
                place_scope=place_scope, period=q.period, period_scope=period_scope,
                program=program.name if program else None,
                program_id=program.program_id if program else None,
                change=change, baseline=self._baseline(q, cs), sentence=self.text[ss:se].strip(),
                sentence_start=ss, sentence_end=se,
                rules=[r for r in (q.rule, "link.indicator", f"link.place.{place_scope}"
                                   if place_scope else None,
                                   f"link.period.{period_scope}" if period_scope else None)
                       if r]))
        _link_records(records, self.text)
        return records

    def changes(self) -> dict[int, str | None]:
        """Change direction per quantity; a list of figures after one verb shares it
        (分别增长76.3%、71.9%和37.2%; 减少143件(-14.52%)、271人(-0.12%))."""
        out: dict[int, str | None] = {}
        qs = self.quantities
        for i, q in enumerate(qs):
            ss, _ = self.lay.sentence_of(q.start)
            cs = self.lay.clause_start(q.start, ss)
            change, level = change_of(self.text, q.start, cs)
            if change is None and not level and i > 0 and out.get(i - 1):
                gap = self.text[qs[i - 1].end:q.start]
                if _RUN_GAP.fullmatch(gap):
                    change = out[i - 1]
            if change is None and not level and _GROWTH_AFTER.match(self.text[q.end:q.end + 4]):
                change = "increase"
            out[i] = change
        return out

    def _program_for(self, q, ss: int):
        ps, _ = self.lay.paragraph_of(q.start)
        inside = self.within(self.programs, ss, q.start)
        if inside:
            return inside[-1]
        para = self.within(self.programs, ps, q.start)
        return para[-1] if para else None

    def _baseline(self, q, cs: int) -> str | None:
        before = self.text[cs:q.start]
        for w in cues().baseline:
            k = before.find(w)
            if k >= 0:
                m = _YEAR_SAME_PERIOD.match(before[k + len(w):])
                return w + (m.group(0) if m else "")
        m = _MULTIPLE_YEAR_END.search(before)
        return m.group(1) if m else None




def _link_records(records: list[IndicatorRecord], text: str) -> None:
    """from-to pairs (从A…下降至B: each from-value with the next to-value of its unit), parts
    (其中), and a rate with the counts of its sentence."""
    by_sentence: dict[int, list[IndicatorRecord]] = {}
    for r in records:
        by_sentence.setdefault(r.sentence_start, []).append(r)
    for rs in by_sentence.values():
        for i, a in enumerate(rs):
            clause_head = text[max(a.sentence_start, a.start - 16):a.start]
            if not _FROM_MARK.search(clause_head):
                continue
            for b in rs[i + 1:]:
                if b.unit != a.unit:
                    continue
                if _change_to().search(text[a.end:b.start]):
                    a.links.append(RecordLink(kind="from_to", target=b.id))
                break
        for k, r in enumerate(rs):
            # 7022户26954人增收，其中贫困户2354户9766人: each part to the total of its unit
            head = text[r.sentence_start:r.start]
            if "其中" not in head:
                continue
            split = r.sentence_start + head.rfind("其中")
            if _CLAUSE_PUNCT.search(text[split:r.start]):
                continue  # 其中 governs its own clause only
            totals = [t for t in rs[:k] if t.end <= split and t.unit == r.unit]
            if totals:
                r.links.append(RecordLink(kind="part_of", target=totals[-1].id))
        rates = [r for r in rs if r.unit == "%" and r.indicator and r.indicator.endswith("率")]
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
