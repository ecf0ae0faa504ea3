"""Programmes: named initiatives, campaigns, projects, mechanisms, models, brands and documents.

What counts is ``../shared/eval/CONTRACT.md`` ("program"). Recognition works on the normalized
text in four passes, each explainable (every mention carries the cues that fired in ``reason``):

1. ``《》`` titles: a policy document, plan or regulation when the title ends with a document
   head (方案 意见 规划 纲要 办法 条例 ...; ``title`` rows of ``rules/program_cues.tsv``). Film,
   book and TV-column titles (《新闻联播》 《解码十年》) have no such head and are left out.
2. Quoted phrases (“” 「」 ‘’ "" 『』): a small additive classifier scores each quote from
   - head nouns ending the core (“清网行动”) or following the closing mark (“十个一”机制),
     ``rules/program_heads.txt``;
   - cue words before the quote (实施 推行 打造 ...; negative: 评为 荣获 说：) and after it
     (negative: 目标 原则 荣誉称号 案件 ...), inside it (100% 零发生 确立 ...) or equal to it
     (generic policy areas: 脱贫攻坚 乡村振兴), ``rules/program_cues.tsv``;
   - structure: a numbered slogan (七无 十个一 四个全覆盖), a "+" formula (公司+合作社), an
     interpunct name (数智乡村·平安守望), a coinage unknown to the segmenter's dictionary
     (+1), a common dictionary word (样板 解脱: -2), sentence punctuation (quoted speech), a
     single character (“严”字); a quote opening its sentence with the predicate after it
     (“就地过年”带动...) names that sentence's subject (+1).
   The quote is a programme when the sum reaches ``threshold``. A quote listing items with a
   common head (“忠诚警务、民生警务、...”) yields one mention per item.
3. Unquoted names: a name after a verb that launches, applies or holds it (``launch`` rows:
   实施稳岗扩容提质行动, 落实民营经济促进法, 举办生态文明贵阳国际论坛) that ends with a ``U``
   head of ``rules/program_heads.txt`` and has four characters of its own; frames (``frame``
   rows: 平安X建设, 中央八项规定, a survey after its year 109年民众对治安满意度调查, a numbered
   policy package 26条措施); unquoted items listed between two accepted quotes
   (“十三个有序”、新市民居住证、“百人护航战队”).
4. Repeats: every other occurrence of an accepted name in the document is a mention of the same
   programme (same ``program_id``), unless it lies inside another mention; an unquoted repeat
   needs four characters or more (三字 names recur inside words) and none inside a number.
"""
from __future__ import annotations

import hashlib
import re
import string
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..context import ExtractionContext
from ..models import ProgramMention
from ..rules import alternation, load_rows

# Quote pairs; the core may not span a line nor hold another opening mark of the same kind.
# (The standard ``re``, faster to scan with: one group per pair, the core is ``lastindex``.)
QUOTE = re.compile(
    r"“([^“”\n]{1,80})”|「([^「」\n]{1,80})」|『([^『』\n]{1,80})』"
    r"|‘([^‘’\n]{1,80})’|\"([^\"\n]{1,80})\""
)
TITLE = regex.compile(r"《(?P<c>[^《》\n]{1,120})》")
# Trailing qualifiers of a document title: (草案) (试行) (2021年修订) ...
TITLE_TAIL = regex.compile(r"[（(][^（）()]{0,12}[）)]$")
# Numbered slogans: a leading numeral (千 left out: 千年 千家万户 are not counts) followed by a
# counter (四个全覆盖 五方评估 三级审批), or a short core (七无 十进 双脱), or a second numeral
# (十个一 一院三中心 万警进万家).
NUMERAL = "一二两三四五六七八九十百万双"
NUMBERED = regex.compile(
    rf"^[{NUMERAL}]+(?:(?=[个项字级方化条张类心进无有不])|(?=.{{1,2}}$)|(?=.*[{NUMERAL}]))")
NUMBERED_BIG = regex.compile(rf"^[{NUMERAL}]+大")
PERIOD_PLAN = regex.compile(r"^[十][一二三四五六七八九]五$")  # “十四五”: a plan period
# A policy package named by its number of articles: “开放十条” “稳住经济增长30条”.
POLICY_PACKAGE = regex.compile(r"\p{Han}(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})条$")
DIGIT_FORMULA = regex.compile(r"^[0-9]+(?:[+＋][0-9]+)+$")
COUNTER_AFTER = regex.compile(r"^[项个件条家所名类](?!目)")
SENTENCE_START = "。！？；\n　 "
WORDLIKE = regex.compile(r"[\p{Han}A-Za-z0-9]+")
OPEN_MARKS = "“「『‘\""
CLOSE_MARKS = "”」』’\""
HAS_HAN = regex.compile(r"\p{Han}")
DIGITS = regex.compile(r"^[0-9]{2,6}$")
# (character sets and literals: the standard ``re`` reads them the same, for less per call)
INTERPUNCT = re.compile(r"[·•・]|&bull;|&middot;")
SPEECH = re.compile(r"[，,。！？!?；;：:…]")
LIST_SEP = regex.compile(r"[、]")
# Where a clause ends: the context windows stop there.
CLAUSE_END = re.compile(r"[，,。！？!?；;：:、\n“”「」‘’《》\"（）()]")
# Everything up to the last clause end (greedy: one call finds the last one).
UP_TO_LAST_CLAUSE_END = re.compile(r".*" + CLAUSE_END.pattern, re.DOTALL)
# “A”、X、“B”: an unquoted item listed between two accepted quotes.
LIST_ITEM = regex.compile(r"、(?P<x>\p{Han}{2,8})、")
ALNUM = frozenset(string.digits + string.ascii_letters + ".")
# An unquoted repeat must be at least this long (三字 names recur inside words: 壮大文旅).
UNQUOTED_REPEAT_MIN = 4
# The edition before an event's name (第十届, 第3届)
EDITION = re.compile(r"第[0-9一二三四五六七八九十百]+[届次期]")
# An unquoted name after a launch verb needs this many characters of its own (两年攻坚行动: none)
UNQUOTED_NAME_MIN = 4
RIGHT_WINDOW = 10
LEFT_WINDOW = 8
COMMON_FREQ = 50  # a core that is a jieba dictionary word at least this frequent is a common word


@dataclass
class Cues:
    """The classifier's data: ``rules/program_cues.tsv`` and ``rules/program_heads.txt``."""

    threshold: float
    features: dict[str, tuple[str, float]]
    heads_suffix: list[tuple[str, str, float]]  # (head, kind, weight), longest first
    heads_right: list[tuple[str, str, float]]
    left: list[tuple[str, float]]
    right: list[tuple[str, float]]
    inside: list[tuple[str, float]]
    end: list[tuple[str, float]]
    start: list[tuple[str, float]]
    exact: dict[str, float]
    title: list[tuple[str, str, float]]
    title_neg: list[str]
    frames: list[tuple[regex.Pattern, str, float, str]] = field(default_factory=list)
    title_tail: list[tuple[regex.Pattern, str, float, str]] = field(default_factory=list)
    unquoted: regex.Pattern | None = None  # a name after a launch verb (``unquoted_pattern``)
    unquoted_heads: dict[str, str] = field(default_factory=dict)  # U head -> kind, longest first
    fillers: tuple[str, ...] = ()
    name_start: tuple[str, ...] = ()


def _longest_first(xs: list) -> list:
    return sorted(xs, key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def cues() -> Cues:
    features: dict[str, tuple[str, float]] = {}
    rows: dict[str, list] = {k: [] for k in ("left", "right", "inside", "end", "start", "title",
                                              "title_neg", "frame", "exact", "right_head",
                                              "launch", "filler", "name_block", "name_start",
                                              "title_tail")}
    for row in load_rows("program_cues.tsv"):
        where, cue, kind, w = (list(row) + ["", "", "0"])[:4]
        weight = float(w)
        if where == "feature":
            features[cue] = (kind, weight)
        elif where in ("title", "right_head"):
            rows[where].append((cue, kind, weight))
        elif where in ("frame", "title_tail"):
            rows[where].append((regex.compile(cue), kind, weight, cue))
        elif where in rows:
            rows[where].append((cue, weight))
        else:
            raise ValueError(f"program_cues.tsv: unknown position {where!r} for {cue!r}")
    suffix, rightheads, unquoted_heads = [], list(rows["right_head"]), {}
    for row in load_rows("program_heads.txt"):
        head, kind, w, where = (list(row) + ["other", "2", "SR"])[:4]
        if "S" in where:
            suffix.append((head, kind, float(w)))
        if "R" in where:
            rightheads.append((head, kind, float(w)))
        if "U" in where:
            unquoted_heads[head] = kind
    unquoted_heads = dict(sorted(unquoted_heads.items(), key=lambda hk: -len(hk[0])))
    words = {k: [c for c, _ in rows[k]] for k in ("launch", "filler", "name_block", "name_start")}
    return Cues(
        threshold=features.pop("threshold", ("-", 2.0))[1], features=features,
        heads_suffix=_longest_first(suffix), heads_right=_longest_first(rightheads),
        left=_longest_first(rows["left"]), right=_longest_first(rows["right"]),
        inside=rows["inside"], end=_longest_first(rows["end"]),
        start=_longest_first(rows["start"]), exact=dict(rows["exact"]),
        title=_longest_first(rows["title"]), title_neg=[c for c, _ in rows["title_neg"]],
        frames=rows["frame"], title_tail=rows["title_tail"],
        unquoted=unquoted_pattern(words["launch"], list(unquoted_heads), words["name_block"]),
        unquoted_heads=unquoted_heads, fillers=tuple(sorted(words["filler"], key=len, reverse=True)),
        name_start=tuple(words["name_start"]),
    )


def unquoted_pattern(launch: list[str], heads: list[str], block: list[str]) -> regex.Pattern | None:
    """A launch verb (a second one and 了/好 may follow: 启动实施, 实施了) and the shortest run of
    Chinese characters after it, none of them ``block``, that ends with a head and then a clause
    or list boundary: the name is group ``name``."""
    if not launch or not heads:
        return None
    verbs, ends = alternation(launch), alternation(heads)
    # a Han character but the blocked ones, as one set (regex V1 set difference)
    char = (f"[\\p{{Han}}--[{''.join(regex.escape(b) for b in block)}]]" if block
            else r"\p{Han}")
    return regex.compile(rf"(?:{verbs})(?:{verbs})?[了好]?"
                         rf"(?P<name>{char}{{2,22}}?(?:{ends}))(?=[，。、；：,;:\s和及与为]|$)",
                         regex.V1)


# A longest-first cue list as (length, {cue: entry}) pairs, longest first.
AffixTable = tuple[tuple[int, dict[str, tuple]], ...]


@dataclass
class Affixes:
    """Cues tested with ``str.startswith``/``endswith``: all of them as a tuple (one call tells
    whether any fits: most strings fail there) and as an ``AffixTable`` for which one."""

    any: tuple[str, ...]
    table: AffixTable


def _affixes(entries: list[tuple]) -> Affixes:
    """Index a longest-first list of entries (the cue first in each) by cue length; a repeated cue
    keeps its first entry. The first entry of the list whose cue a string starts (or ends) with
    is then found with one dict look-up per length instead of a test per cue: of the cues of
    one length, only one can be a prefix (or suffix) of the string."""
    by_len: dict[int, dict[str, tuple]] = {}
    for entry in entries:
        by_len.setdefault(len(entry[0]), {}).setdefault(entry[0], entry)
    return Affixes(tuple(e[0] for e in entries), tuple(sorted(by_len.items(), key=lambda x: -x[0])))


def _first_prefix(s: str, cues: Affixes, extra: int = 0) -> tuple | None:
    """The entry of the longest cue that ``s`` starts with, ``s`` having ``extra`` characters more
    (callers test ``s.startswith(cues.any)`` first: most strings stop there, without a call)."""
    for n, by_cue in cues.table:
        if len(s) >= n + extra and (entry := by_cue.get(s[:n])) is not None:
            return entry
    return None


def _first_suffix(s: str, cues: Affixes, extra: int = 0) -> tuple | None:
    """The entry of the longest cue that ``s`` ends with, ``s`` having ``extra`` characters more
    (callers test ``s.endswith(cues.any)`` first)."""
    for n, by_cue in cues.table:
        if len(s) >= n + extra and (entry := by_cue.get(s[len(s) - n:])) is not None:
            return entry
    return None


@dataclass
class _Prefilters:
    """The cue lists of ``classify_quote`` shaped for speed: ``Affixes`` for the cues tested
    with ``str.startswith``/``endswith``, and alternations that must match before the per-cue
    loops of the cues tested with ``in`` run (they decide nothing themselves)."""

    suffix: Affixes
    right_start: Affixes
    right_in: re.Pattern
    right: re.Pattern
    left: Affixes
    inside: re.Pattern
    end: Affixes
    start: Affixes


@lru_cache(maxsize=1)
def _prefilters() -> _Prefilters:
    c = cues()

    def alt(words) -> re.Pattern:
        return re.compile("|".join(re.escape(w) for w in words) or "(?!)")

    return _Prefilters(
        suffix=_affixes(c.heads_suffix),
        right_start=_affixes(c.heads_right),
        right_in=alt(h for h, _, _ in c.heads_right),
        right=alt(cue for cue, _ in c.right),
        left=_affixes(c.left),
        inside=alt(cue for cue, _ in c.inside),
        end=_affixes(c.end),
        start=_affixes(c.start),
    )


@lru_cache(maxsize=1)
def _jieba_freq():
    """jieba's dictionary frequency lookup (None when jieba is unavailable)."""
    try:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.initialize()
        return jieba.dt.FREQ
    except Exception:  # pragma: no cover - jieba is a dependency
        return None


@lru_cache(maxsize=4096)
def program_id(name: str) -> str:
    return "prog_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


@dataclass
class Verdict:
    score: float
    kind: str
    reasons: list[str]
    rule: str


def _left_context(text: str, start: int) -> str:
    """The clause before an opening mark (at most LEFT_WINDOW characters)."""
    lo = max(0, start - LEFT_WINDOW)
    # keep sentence marks like ： at the end (they are cues), cut at earlier clause ends
    m = UP_TO_LAST_CLAUSE_END.match(text, lo, start - 1) if start > lo else None
    return text[m.end() if m else lo:start]


def _right_context(text: str, end: int) -> str:
    stop = min(end + RIGHT_WINDOW, len(text))
    m = CLAUSE_END.search(text, end, stop)
    return text[end:m.start() if m else stop]


def classify_quote(core: str, left: str, right: str) -> Verdict:
    """Score one quoted core in its context; the reasons list every cue that fired."""
    c = cues()
    f = c.features
    score, reasons, kinds = 0.0, [], []

    def add(w: float, why: str, kind: str | None = None):
        nonlocal score
        score += w
        reasons.append(f"{why} ({w:+g})")
        if kind and kind not in ("-", "other") and w > 0:
            kinds.append((w, kind))

    body = core.strip()
    if len(body) <= 1:
        add(f["single_char"][1], "single character")
        return Verdict(score, "other", reasons, "quote-single")
    if body in c.exact:
        add(c.exact[body], f"generic term {body}")
    interpunct = INTERPUNCT.search(body)      # the subs below change nothing without one
    speech = SPEECH.search(INTERPUNCT.sub("", body) if interpunct else body)
    if speech:
        add(f["speech_punct"][1], "sentence punctuation inside: speech or emphasis")
    pf = _prefilters()
    headed = False
    if body.endswith(pf.suffix.any) and (hit := _first_suffix(body, pf.suffix, extra=1)):
        head, kind, w = hit
        add(w, f"ends with head noun {head}", kind)
        headed = True
    r = right.lstrip("的")
    followed = False
    if r.startswith(pf.right_start.any) and (hit := _first_prefix(r, pf.right_start)):
        head, kind, w = hit
        add(w, f"head noun {head} follows", kind)
        headed = headed or w >= 2
        followed = True
    if not followed and pf.right_in.search(r):
        disc = f["right_window_discount"][1]
        for head, kind, w in c.heads_right:
            if head in r and w - disc > 0:
                add(w - disc, f"head noun {head} in the clause after", kind)
                break
    if right.startswith("的") and not any(x.startswith("head noun") for x in reasons):
        add(f["modifier_de"][1], "modifies the noun after 的 (description)")
    if pf.right.search(r):
        for cue, w in c.right:
            if cue in r:
                add(w, f"after the quote: {cue}")
                break
    if left.endswith(pf.left.any) and (hit := _first_suffix(left, pf.left)):
        cue, w = hit
        add(w, f"before the quote: {cue}")
    if pf.inside.search(body):
        for cue, w in c.inside:
            if cue in body:
                add(w, f"contains {cue}")
    if body.endswith(pf.end.any) and (hit := _first_suffix(body, pf.end)):
        cue, w = hit
        add(w, f"ends with {cue}")
    if body.startswith(pf.start.any) and (hit := _first_prefix(body, pf.start, extra=3)):
        cue, w = hit
        add(w, f"starts with the verb {cue}: a quoted clause")
    # the patterns below are tried only where their first or last character can fit (cheap
    # tests: most quotes match none of them)
    if body[0] not in NUMERAL:
        pass                                  # none of the numbered patterns can match
    elif PERIOD_PLAN.match(body):
        add(-4, "plan period (十四五)")
    elif NUMBERED.match(body) and not NUMBERED_BIG.match(body):
        if len(body) <= 2:
            add(f["numbered_short"][1], "short numbered slogan", "slogan")
        else:
            add(f["numbered"][1], "numbered slogan", "slogan")
    elif NUMBERED_BIG.match(body):
        add(f["numbered_big"][1], "numbered category (N大)")
    if "0" <= body[0] <= "9" and DIGITS.match(body):
        add(f["digits"][1], "numeric code name", "slogan")
    if len(body) <= 20 and ("+" in body or "＋" in body):
        add(f["formula_plus"][1], "'+' formula", "model")
        if DIGIT_FORMULA.match(body) and COUNTER_AFTER.match(right):
            add(f["counted_formula"][1], "a sum of figures with a counter after it (28+10项)")
    if body.endswith("条") and POLICY_PACKAGE.search(body):
        add(f["policy_package"][1], "a package of N articles (开放十条)", f["policy_package"][0])
    if interpunct:
        add(f["interpunct"][1], "interpunct name", "brand")
    freq = _jieba_freq()
    if freq is not None:
        # the look-up first: the patterns only where it makes a word common or novel
        fr = freq.get(body)
        common = bool(fr) and fr >= COMMON_FREQ
        if (common or (not fr and 3 <= len(body) <= 10)) \
                and WORDLIKE.fullmatch(body) and HAS_HAN.search(body):
            if common:
                add(f["common_word"][1], "common dictionary word")
            else:
                add(f["novel"][1], "coinage unknown to the dictionary")
    if not speech and "、" in body:
        parts = [p for p in body.split("、") if p]
        if freq is not None and parts and all((freq.get(p) or 0) >= COMMON_FREQ for p in parts):
            add(f["common_word"][1], "list of common dictionary words")
    if len(INTERPUNCT.sub("·", body) if interpunct else body) > 12 and not speech and not headed:
        add(f["long"][1], "long")
    kind = max(kinds)[1] if kinds else "other"
    return Verdict(score, kind, reasons, "quote")


def classify_title(core: str) -> Verdict | None:
    tail = TITLE_TAIL.search(core.strip())
    body = core.strip()[:tail.start()].strip() if tail else core.strip()
    if any(body.endswith(n) for n in cues().title_neg):
        return None
    for head, kind, w in cues().title:
        if body.endswith(head):
            return Verdict(w, kind, [f"《》 title ending with document head {head}"], "title-doc")
    if tail:
        for pat, kind, w, src in cues().title_tail:
            if pat.search(tail.group()):  # 《全国农业科技创新重点领域（2024—2028年）》: a plan
                return Verdict(w, kind, [f"《》 title with the term of a plan {src}"], "title-doc")
    return None


def _split_list(core: str) -> list[tuple[int, int]] | None:
    """Items of a quoted list sharing a head (“忠诚警务、民生警务、服务警务”), else None."""
    if core.count("、") < 2:                 # fewer than three items (the common case)
        return None
    parts = LIST_SEP.split(core)
    if len(parts) < 3 or any(not (2 <= len(p) <= 8) for p in parts):
        return None
    tail = parts[0][-2:]
    if not all(p.endswith(tail) for p in parts):
        return None
    if not any(tail.endswith(h) or h.endswith(tail) for h, _, _ in cues().heads_suffix):
        return None
    out, pos = [], 0
    for p in parts:
        out.append((pos, pos + len(p)))
        pos += len(p) + 1
    return out


def _unquoted_names(text: str, c: Cues) -> list[tuple[int, int, str]]:
    """Names like 稳岗扩容提质行动 after 实施: (start, end, kind) of those whose own words, the
    fillers (三年, 专项, 新一轮 ...) and head left out, are four characters or more."""
    if c.unquoted is None:
        return []
    out = []
    for m in c.unquoted.finditer(text):
        s, e = m.span("name")
        name = m.group("name")
        edition = EDITION.match(name)
        if edition:  # 第十届中国国际进口博览会: the event is named without its edition
            s, name = s + edition.end(), name[edition.end():]
        if name.startswith(c.name_start):
            continue
        head = next(h for h in c.unquoted_heads if name.endswith(h))  # (longest first)
        body = name[:-len(head)]
        for f in c.fillers:
            body = body.replace(f, "")
        if len(body) >= UNQUOTED_NAME_MIN:
            out.append((s, e, c.unquoted_heads[head]))
    return out


class Spans:
    """Disjoint spans kept sorted, so an overlap test is a bisection, not a scan."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, s: int, e: int) -> None:
        i = bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)  # spans starting before e
        # spans are disjoint, so their ends grow with their starts: check the last one only,
        # and the one before it in case spans nest (a title around its own quotes)
        ends = self.ends
        return (i > 0 and ends[i - 1] > s) or (i > 1 and ends[i - 2] > s)


def find_programs(ctx: ExtractionContext) -> list[ProgramMention]:
    text = ctx.text
    c = cues()
    found: list[ProgramMention] = []
    taken = Spans()  # spans of accepted mentions (cores)
    covered = Spans()  # accepted title spans, marks included

    def emit(s: int, e: int, kind: str, reason: str, rule: str):
        name = text[s:e]
        found.append(ProgramMention(start=s, end=e, text=name, name=name, kind=kind,
                                    program_id=program_id(name), reason=reason, rule=rule))
        taken.add(s, e)

    # 1. 《》 titles
    for m in TITLE.finditer(text):
        s, e = m.span("c")
        v = classify_title(m.group("c"))
        if v is not None:
            emit(s, e, v.kind, "; ".join(v.reasons), v.rule)
            covered.add(*m.span())

    # 2. quotes
    accepted_quotes: list[tuple[int, int, int, int]] = []  # (mark start, mark end, core s, core e)
    quotes = list(QUOTE.finditer(text))
    quote_end = {m.start(): m.end() for m in quotes}
    for m in quotes:
        s, e = m.span(m.lastindex)
        if covered.overlaps(s, e):
            continue
        core = text[s:e]
        if core != core.strip():
            continue
        # quotes written back to back share what follows the last (“两重”“两新”政策)
        after = m.end()
        while after in quote_end:
            after = quote_end[after]
        left, right = _left_context(text, m.start()), _right_context(text, after)
        items = _split_list(core)
        if items:
            verdicts = [classify_quote(core[a:b], left, right) for a, b in items]
            if all(v.score >= c.threshold for v in verdicts):
                for (a, b), v in zip(items, verdicts):
                    emit(s + a, s + b, v.kind, "item of a quoted list with a shared head noun; "
                         f"score {v.score:g}: " + "; ".join(v.reasons), "quote-list")
                accepted_quotes.append((m.start(), m.end(), s, e))
                continue
        v = classify_quote(core, left, right)
        if (v.score < c.threshold and not SPEECH.search(core)
                and (m.start() == 0 or text[m.start() - 1] in SENTENCE_START)
                and HAS_HAN.match(text, m.end())):
            # the quote opens a sentence and its predicate follows: it names the subject
            w = c.features["subject"][1]
            v.score += w
            v.reasons.append(f"names the subject of its sentence ({w:+g})")
        if v.score >= c.threshold:
            emit(s, e, v.kind, f"score {v.score:g}: " + "; ".join(v.reasons), v.rule)
            accepted_quotes.append((m.start(), m.end(), s, e))

    # 3a. unquoted names after a launch verb (before the frames: 办好多彩贵州文化艺术节 is one
    # name, not the brand 多彩贵州 inside it)
    for s, e, kind in _unquoted_names(text, c):
        if not taken.overlaps(s, e) and not covered.overlaps(s, e):
            emit(s, e, kind, "unquoted name after a launch verb, with a programme head", "unquoted")
    # 3b. unquoted frames
    for pat, kind, w, src in c.frames:
        for m in pat.finditer(text):
            s, e = m.span("name")
            if not taken.overlaps(s, e) and not covered.overlaps(s, e):
                emit(s, e, kind, f"unquoted name in frame {src}", "frame")
    # 3c. unquoted items listed between two accepted quotes: “A”、X、“B”
    ends = {me: (ms, cs, ce) for ms, me, cs, ce in accepted_quotes}
    starts = {ms for ms, _, _, _ in accepted_quotes}
    for me in sorted(ends):
        m = LIST_ITEM.match(text, me)
        if m and m.end() in starts:
            s, e = m.span("x")
            if not taken.overlaps(s, e):
                emit(s, e, "other", "unquoted item listed between two accepted programmes",
                     "list-item")

    # 4. repeats of accepted names (str.find per name: a few hundred names at most)
    first: dict[str, ProgramMention] = {}
    for mm in found:
        if mm.end - mm.start >= 2:
            first.setdefault(mm.name, mm)
    hits = []
    for name in first:
        i = text.find(name)
        while i >= 0:
            hits.append((i, -len(name), name))
            i = text.find(name, i + 1)
    for s, neg_len, name in sorted(hits):
        e = s - neg_len
        if taken.overlaps(s, e) or covered.overlaps(s, e):
            continue
        if (s > 0 and text[s - 1] in ALNUM and text[s] in ALNUM) or (
                e < len(text) and text[e] in ALNUM and text[e - 1] in ALNUM):
            continue  # “132” is not inside 1326亿元
        quoted = s > 0 and text[s - 1] in OPEN_MARKS and e < len(text) and text[e] in CLOSE_MARKS
        src = first[name]
        if not quoted and (e - s < UNQUOTED_REPEAT_MIN or src.rule == "title-doc"):
            continue
        emit(s, e, src.kind or "other",
             f"repeat of the programme accepted at {src.start} ({src.rule})", "repeat")

    found.sort(key=lambda x: x.start)
    return found

