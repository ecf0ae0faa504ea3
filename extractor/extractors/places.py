"""Places: every toponym occurrence, resolved to standard name, level and adcode on the
publication date (``../shared/eval/CONTRACT.md``, place section).

Recognition works on the normalized text (so Traditional input works) in passes:

1. gazetteer names at every position (``Gazetteer.scan``), longest first; names that are safe
   on their own (full division names, province and prefecture short names, townships, countries,
   rivers and regions) are taken first and give the document's context;
2. county short names (``兴仁``, ``望谟``) only where the document's context holds their
   prefecture or the county itself;
3. bare township names (``仓更派出所``, ``蜀河战区``, ``兴义敬南``) among the townships of the
   counties in context, before an institution word, after their county, or in a list;
4. unknown townships and villages by their suffixes (``rules/place_suffixes.tsv``) with guards
   (``rules/place_stopwords.tsv``);
5. one-character province abbreviations only after a movement verb (``在粤``) and inside
   multi-province names (``滇黔桂``, curated in ``gazetteer_extra.tsv``).

Resolution picks, among a surface's readings in force on ``ctx.reference``, those the context
supports (an ancestor named in the document, the county just before a township); ambiguity left
open keeps ``candidates``. Nothing is reported inside a programme name (``ctx.found['program']``)
or a ``平安X`` slogan.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..context import ExtractionContext
from ..gazetteer import LEVEL_RANK, Entry, Gazetteer, Place, get_gazetteer, scan_words
from ..models import PlaceMention
from ..rules import load_rows, load_words, rule_path

HAN = re.compile(r"[\u3400-\u9fff]")
# A sentence for context purposes.
SENT_END = re.compile(r"[。！？!?；;\n]")
# Words after a bare township name that show it is one (仓更派出所, 蜀河战区, 青山小学).
INSTITUTION = re.compile(
    r"(?:[两二三四五六七八九十几]个|等)?(?:实验|民族|中心|第[一二三四五六七八九十]+)?(?:派出所|战区|片区|辖区|小学|中学|中心校|中心学校|卫生院|司法所|财政所|安置点|政府|党委|"
    r"镇政府|乡政府|街道办|交警中队|边境派出所|警务室|警务站|集镇|街上|境内|一带)")
# Characters that end the name part of an unknown village/township when scanning back.
BOUNDARY = set("在是的到和与及为从了赴对向往至由将把被等省市县区州镇乡村给于里去来自经原有个"
               "各该本全每这那此其、，,。；;：:“”\"‘’（）()《》〈〉！？ \u3000\t\n")
# Movement verbs before a one-character province abbreviation (在粤消费, 来黔投资).
ABBREV = {"粤": "440000", "闽": "350000", "赣": "360000", "皖": "340000", "湘": "430000",
          "鄂": "420000", "豫": "410000", "冀": "130000", "黔": "520000", "滇": "530000",
          "桂": "450000", "琼": "460000", "沪": "310000", "渝": "500000", "陇": "620000",
          "晋": "140000", "辽": "210000", "浙": "330000"}
# (the verb is matched, not looked behind for: the regex engine then skips ahead to a verb
# character at C speed; the verbs are no abbreviations, so the matches are the same)
ABBREV_RE = re.compile(r"[在来赴入驻离返援留]([" + "".join(ABBREV) + r"])(?![语剧菜式商军籍])")
# Prefecture short names that are common words far more often than places.
RISKY_SHORT = {"中山", "东方", "全州", "白山", "通化", "新区", "城区", "郊区", "矿区", "长安",
               "和平", "安全", "永安", "太平", "东城", "西城", "普洱", "阿里", "日照", "长治",
               "安康", "大庆", "开封", "大同", "白银", "来宾", "振兴", "南部", "北部", "东部", "西部", "中部"}


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, str], ...]:
    rows = load_rows("place_suffixes.tsv")
    return tuple(sorted(((r[0], r[1]) for r in rows if r[1] != "noun"), key=lambda x: -len(x[0])))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(load_words("place_stopwords.tsv"))


def _word_file(name: str) -> frozenset[str]:
    """A one-word-a-line rules file, read fast (these lists are large)."""
    text = rule_path(name).read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def _stop_tails(stop: frozenset[str]) -> tuple[str, ...]:
    """The stopwords of two characters or more: a name ending in one is no place."""
    return tuple(w for w in stop if len(w) >= 2)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return _word_file("place_common_words.txt")


@lru_cache(maxsize=1)
def _ambiguous_shorts() -> frozenset[str]:
    return _word_file("place_ambiguous_short.txt")


@lru_cache(maxsize=1)
def _crossing_words() -> frozenset[str]:
    return _word_file("place_crossing_words.txt")


def _crosses_word(text: str, s: int, e: int) -> bool:
    """The name's first or last character makes a word with its neighbour (创新和 -> 新和)."""
    words = _crossing_words()
    return (s > 0 and text[s - 1:s + 1] in words) or text[e - 1:e + 1] in words


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s, _ in _suffixes()))


class _Found:
    __slots__ = ("start", "end", "place", "level", "name", "adcode", "parent", "cands", "rule",
                 "surface")

    def __init__(self, start, end, surface, place=None, level=None, name=None, adcode=None,
                 parent=None, cands=(), rule=""):
        self.start, self.end, self.surface = start, end, surface
        self.place, self.level, self.name = place, level, name
        self.adcode, self.parent, self.cands, self.rule = adcode, parent, list(cands), rule


_NONE: frozenset[str] = frozenset()
_STRONG_HOW = frozenset(("full", "town", "town_alias", "other", "world", "alias"))
_LIST_SEPARATORS = "、和及与"
# 部 after a compass region opens these words (西南部分地区 is the region 西南)
_PART_OF_WORDS = frozenset("分门署队长委")
_COMPASS = frozenset(("东北", "西北", "西南", "东南"))
# what may stand before a compass region (在西北, 和东北) and follow it (东北地区, 西北局部干旱)
_COMPASS_BEFORE = frozenset("在和与及、对向到从")
_COMPASS_AFTER = ("地区", "三省", "振兴", "局地", "局部", "部分", "等地", "各省", "片区", "老工业",
                  *(_LIST_SEPARATORS + "等"))
# a name opening with a counter that the numeral before it takes (六成都是: 六成 + 都是)
_SHARE_COUNTERS = frozenset("成")
_NUMERAL_ENDS = frozenset("0123456789一二三四五六七八九十两半几")
_UNDER_VILLAGE = frozenset(("组", "寨", "屯"))  # suffixes of what a village holds (its groups)
_SUFFIX_NEXT = re.compile(r"村|社区|镇|乡|街道|组")  # after a name: a village named after it


def _maybe_weak(ents: list[Entry], surf: str) -> bool:
    """Whether the weak pass of ``find_places`` could take one of these readings (a county
    short name, a zone's alias, a risky prefecture short name); most surfaces have none."""
    for en in ents:
        p = en.place
        if en.how == "short":
            if (p.level == "county" and surf not in RISKY_SHORT) or \
                    (p.level == "prefecture" and surf in RISKY_SHORT):
                return True
        elif en.how == "alias" and p.kind == "zone":
            return True
    return False


@lru_cache(maxsize=1)
def _timeless_readings(g: Gazetteer) -> dict[str, tuple[list[Entry], bool, list[Entry] | None]]:
    """``find_places``'s per-surface readings of the surfaces whose readings are in force on
    every date, kept for all documents (filled as surfaces are met; the gazetteer and the
    rules do not change once loaded)."""
    return {}


def _context_codes(ents: list[Entry], g: Gazetteer) -> tuple[str, ...]:
    """The division a name's strong readings name, with its ancestors, when they name one; an
    ambiguous name (朝阳区, 鼓楼区) says nothing about the context."""
    divs = {en.place for en in ents if en.place.level in ("province", "prefecture", "county")
            and en.place.adcode}
    if len(divs) == 1:
        return g.ancestors(next(iter(divs)).adcode)
    return ()


def _compass_part(text: str, s: int, e: int, surf: str) -> bool:
    """Whether a compass name is no mention of the region. 东北, 西北, 西南 are the regions of
    China only standing alone (a clause or list item: 华北东北局地, 西北局部干旱) or before a
    region word (东北地区, 东北振兴, 西南部分地区); elsewhere they are part of a word (东北亚,
    赣东北, 东北虎, 粤东西北, 西北四环) or point into what is named before (美国东北部,
    我国西南边陲). Other names ending in a compass point (华北, 闽西) only not before 部."""
    nxt = text[e:e + 1]
    if nxt == "部":
        return not text[e + 1:e + 2] or text[e + 1:e + 2] not in _PART_OF_WORDS
    if surf not in _COMPASS:
        return False
    prev = text[s - 1:s]
    alone_before = not prev or not HAN.match(prev) or prev in _COMPASS_BEFORE or \
        text[s - 2:s] in ("华北", "华东", "华南", "华中")
    alone_after = not nxt or not HAN.match(nxt) or text.startswith(_COMPASS_AFTER, e)
    return not (alone_before and alone_after)


def _by_position(ents: list[Entry], surf: str) -> bool:
    """Whether ``strong`` in ``find_places`` looks at a surface's neighbours to keep one of
    these readings (a township name; a full name ending in 市/区/县: 兴义市民, 西安区域; a
    name opening with a share counter: 六成都是; a region ending in a compass point: 东北部; a
    short name opening with one: 东北海)."""
    last = surf[-1]
    return surf[0] in _SHARE_COUNTERS or any(en.how == "town" or en.how == "town_alias" or
               (en.how == "full" and last in "市区县") or (en.how == "other" and last in "东西南北")
               or (en.how == "short" and surf[0] in "南北")  # (东北海: no 北海)
               for en in ents)


def _city_parent(g: Gazetteer, code: str) -> bool:
    """Whether a county's parent is a city whose name in the document makes the county's short
    name a place: a prefecture, or a province-level city (重庆市: its districts are counties
    right under it), not a whole province."""
    p = g.by_code.get(code)
    if p is None:
        return False
    return LEVEL_RANK.get(p.level, 1) >= 2 or (p.level == "province" and p.name.endswith("市"))


def _blocked(ctx: ExtractionContext, text: str) -> list[tuple[int, int]]:
    return list(ctx.spans("program"))


# bytes.translate tables adding / taking one to / from every count of a span at C speed
_PLUS_ONE = bytes(range(1, 256)) + b"\0"
_MINUS_ONE = b"\xff" + bytes(range(255))


class _Cover:
    """Characters covered by spans (counts, so a span can be taken back): O(span) checks."""

    def __init__(self, n: int, spans=()) -> None:
        self.n = bytearray(n + 1)
        self.used = False  # nothing was ever covered: every check is a miss (no programme)
        for s, e in spans:
            self.append((s, e))

    def append(self, span) -> None:
        s, e = span
        s, e = max(s, 0), min(e, len(self.n))
        if s < e:
            self.n[s:e] = self.n[s:e].translate(_PLUS_ONE)
            self.used = True

    def cover_disjoint(self, spans) -> None:
        """``append`` each span, when none of them overlap and nothing is covered yet."""
        n = self.n
        for s, e in spans:
            s, e = max(s, 0), min(e, len(n))
            if s < e:
                n[s:e] = b"\1" * (e - s)
                self.used = True

    def remove(self, span) -> None:
        s, e = span
        s, e = max(s, 0), min(e, len(self.n))
        if s < e:
            self.n[s:e] = self.n[s:e].translate(_MINUS_ONE)

    def hit(self, s: int, e: int) -> bool:
        return self.used and any(self.n[max(s, 0):e])


def _overlaps(spans, s, e) -> bool:
    if isinstance(spans, _Cover):
        return spans.hit(s, e)
    return any(a < e and s < b for a, b in spans)


def find_places(ctx: ExtractionContext) -> list[PlaceMention]:
    text = ctx.text
    if not text:
        return []
    g = get_gazetteer()
    when = ctx.reference
    stop = _stopwords()
    blocked = _Cover(len(text), _blocked(ctx, text))

    # ---- 1. every gazetteer surface, readings in force on the date
    raw_starts, raw_ends = g.scan_spans(text)
    # where a township name may start: after a boundary or where another name ends
    starts_ok = set(raw_ends)

    taiwan = g.taiwan_cities()

    def strong(ents: list[Entry], s: int, e: int, surf: str) -> list[Entry]:
        if surf[0] in _SHARE_COUNTERS and text[s - 1:s] in _NUMERAL_ENDS:
            return []  # 近六成都是: 六成 (60%) and 都, not 成都
        out = []
        town_ok = None  # _town_ok(text, s, e, starts_ok), found once
        for en in ents:
            how = en.how
            if how in _STRONG_HOW:
                if how == "full":
                    if en.place.level == "county" and len(surf) < 3 and not (
                            en.place.parent in taiwan and _district_context(text, s, e, taiwan)):
                        continue  # 东区, 南区: words, but Taiwan districts after a city, in a list
                    if surf.endswith("市") and text[e:e + 1] == "民" and len(surf) > 2:
                        continue  # 兴义市民: 兴义 + 市民
                    if text[e - 1:e + 1] in ("区域", "区间", "市场", "县域"):
                        continue  # 西安区域: 西安 + 区域
                elif how == "town" or how == "town_alias":
                    if town_ok is None:
                        town_ok = _town_ok(text, s, e, starts_ok)
                    if not town_ok:
                        continue
                elif how == "world" and surf in RISKY_WORLD:
                    continue
                elif how == "other" and surf[-1] in "东西南北" and _compass_part(text, s, e, surf):
                    continue  # 美国东北部, 我国西南边陲: a part of what is named before
                out.append(en)
            elif how == "short" and en.place.level in ("province", "prefecture"):
                if surf in RISKY_SHORT:
                    continue
                if text[s - 1:s + 1] in _COMPASS:
                    continue  # 东北海陆大通道: 东北 and 海, not 北海
                out.append(en)
        return out

    # all strong surfaces compete together with weak ones later; first compute context from the
    # strong ones alone. The weak candidates: those with a reading the weak pass could take,
    # with their strong readings
    strong_items = []
    weak_cands: list[tuple[int, int, str, list[Entry], list[Entry]]] = []
    # a surface's readings (none for a stopword), whether one may be a county short name or
    # zone alias (weak, below), and its strong ones where they do not depend on the neighbours,
    # once per surface: names recur in a document, and most in every document (those whose
    # readings do not depend on the date are kept for all documents; never changed: shared lists)
    timeless = _timeless_readings(g)
    readings: dict[str, tuple[list[Entry], bool, list[Entry] | None]] = {}
    entries, at = g.entries, g.at
    # the divisions the strong names name and their ancestors (the weak pass needs them)
    ctx_codes: set[str] = set()
    counted: set[str] = set()  # surfaces with position-free readings already counted
    for s, e in zip(raw_starts, raw_ends):
        surf = text[s:e]
        got = timeless.get(surf)
        if got is None:
            got = readings.get(surf)
        if got is None:
            if surf in stop:
                got = timeless[surf] = ([], False, None)
            else:
                all_ents = entries(surf)
                ents = at(all_ents, when)
                got = (ents, _maybe_weak(ents, surf),
                       None if _by_position(ents, surf) else strong(ents, s, e, surf))
                if all(en.place.valid_from is None and en.place.valid_to is None
                       for en in all_ents):
                    timeless[surf] = got  # in force on every date: ``at`` keeps them all
                else:
                    readings[surf] = got
        ents = got[0]
        if ents:
            if s >= 2 and text.startswith("平安", s - 2):
                continue  # 平安中国, 平安贵州: slogans named after a place
            st = got[2]
            if st is None:
                st = strong(ents, s, e, surf)
                new = True
            else:  # the same readings wherever the surface is: they add to the context once
                new = surf not in counted
                counted.add(surf)
            if st:
                strong_items.append((s, e, surf, st, "gazetteer"))
                if new:
                    ctx_codes.update(_context_codes(st, g))
            if got[1]:
                weak_cands.append((s, e, surf, ents, st))

    taken: list[_Found] = []
    occupied = _Cover(len(text))

    def take_greedy(items):
        # items: (s, e, surf, ents, rule); longest-leftmost, no overlap with taken. Nothing is
        # taken yet and items come by start: one overlaps what was taken iff it starts before
        # the last end
        n = len(text) + 1  # by start, then longest first: (s, -e) as one number
        items.sort(key=lambda x: x[0] * n - x[1])
        last_end = 0
        hit = blocked.hit if blocked.used else None  # (no programme: nothing is blocked)
        for s, e, surf, ents, rule in items:
            if s < last_end or (hit is not None and hit(s, e)):
                continue
            f = _Found(s, e, surf, rule=rule)
            f.cands = ents  # resolved later
            taken.append(f)
            last_end = e
        occupied.cover_disjoint([(f.start, f.end) for f in taken])

    # weak (county short names) compete in the same longest-leftmost pass, but only when the
    # context supports them, so the context (``ctx_codes``) was built first from the strong ones
    weak_items = []
    ambiguous = _ambiguous_shorts()
    strong_ends = {s_e[1]: s_e for s_e in strong_items}
    # the weak readings of a surface with no strong name just before it depend on the
    # surface alone (but for common words and risky short names): found once per surface
    free_ok: dict[str, list[Entry]] = {}
    # the Taiwan cities the document names: their districts may go by their bare names
    named_taiwan = {en.place.name for it in strong_items for en in it[3]
                    if en.place.name in taiwan} if weak_cands else set()
    for s, e, surf, ents, st in weak_cands:
        if _crosses_word(text, s, e):
            continue
        # the adcodes of the strong name just before (陕西镇安), if any
        chain = strong_ends.get(s)
        free = chain is None and surf not in ambiguous and surf not in RISKY_SHORT and not any(
            en.how == "short" and (en.place.adcode and en.place.adcode[:2] + "0000" in ctx_codes
                                   or en.place.parent in named_taiwan)
            for en in ents)  # (a county of a province in context: its list position counts)
        ok = free_ok.get(surf) if free else None
        if ok is None:
            chain_anc = ({en.place.adcode for en in chain[3] if en.place.adcode} if chain
                         else _NONE)
            if surf in ambiguous and not (
                    any(en.place.parent in named_taiwan or en.place.adcode in ctx_codes
                        for en in ents) or  # (大通 after 大通回族土族自治县)
                    _listed_or_chained(text, s, e, g, strong_ends, ambiguous) or
                    (chain is not None and any(not chain_anc.isdisjoint(
                        g.ancestors(en.place.parent)) for en in ents))):
                continue
            ok = []
            for en in ents:
                p = en.place
                if en.how == "short" and p.level == "county" and surf not in RISKY_SHORT:
                    if not chain_anc.isdisjoint(g.ancestors(p.parent)):
                        ok.append(en)  # 陕西镇安, 毕节大方: right after its province / prefecture
                    elif (p.adcode and p.adcode in ctx_codes) or (
                            p.parent and p.parent in ctx_codes and _city_parent(g, p.parent)):
                        ok.append(en)  # in its prefecture's (or municipality's) document
                    elif p.kind == "zone" and p.parent in ctx_codes:
                        ok.append(en)
                    elif p.adcode and p.adcode[:2] + "0000" in ctx_codes and _listed_or_chained(
                            text, s, e, g, strong_ends, ambiguous):
                        ok.append(en)  # 兴义、凯里、都匀 in a 贵州 document: a list of its counties
                    elif p.kind == "zone" and p.parent in named_taiwan and (
                            _in(text[s - 1:s], _LIST_SEPARATORS) or _in(text[e:e + 1], _TW_LIST_AFTER)
                            or text.startswith(_place_nouns(), e)):
                        ok.append(en)  # 东山、后壁及下营 in a 台南 document; 将军渔港
                elif en.how == "alias" and p.kind == "zone" and p.parent in ctx_codes:
                    ok.append(en)
                elif en.how == "short" and p.level == "prefecture" and surf in RISKY_SHORT and \
                        p.adcode and (p.adcode in ctx_codes or _listed_or_chained(
                            text, s, e, g, strong_ends, ambiguous) or
                            not chain_anc.isdisjoint(g.ancestors(p.parent))):
                    ok.append(en)  # 长治 (长治久安), 安康: only where the document names the city
            if free:
                free_ok[surf] = ok
        if ok:
            weak_items.append((s, e, surf, ok + [x for x in st if x not in ok], "gazetteer-context"))
    merged = {}
    for i, it in enumerate(strong_items):
        s, e, surf, ents, rule = it
        if _SUFFIX_NEXT.match(text, e) and all(en.how in ("short", "alias") for en in ents) and \
                all(en.place.level in ("prefecture", "county") for en in ents) and \
                text[e:e + 2] not in ("乡村", "镇压", "乡镇"):
            strong_items[i] = None  # 马鞍山村: a village named after the city
    strong_items = [x for x in strong_items if x is not None]
    for i, (s, e, surf, ents, rule) in enumerate(strong_items):
        # a full name broken by a line break in a title (黔西南\n布依族苗族自治州)
        if text[e:e + 1] == "\n":
            for en in ents:
                rest = en.place.name[len(surf):] if en.place.name.startswith(surf) else ""
                if len(rest) >= 2 and text.startswith(rest, e + 1):
                    strong_items[i] = (s, e + 1 + len(rest), surf, [en], rule)
                    break
    for it in strong_items + weak_items:
        key = (it[0], it[1])
        if key in merged:
            merged[key] = (it[0], it[1], it[2], merged[key][3] + [x for x in it[3]
                                                                  if x not in merged[key][3]],
                           merged[key][4])
        else:
            merged[key] = it
    take_greedy(list(merged.values()))

    # ---- 5a. one-character province abbreviations after a movement verb
    for m in ABBREV_RE.finditer(text):
        s, e = m.start(1), m.end(1)
        if _overlaps(occupied, s, e) or _overlaps(blocked, s, e):
            continue
        p = g.by_code.get(ABBREV[m.group(1)])
        if p:
            f = _Found(s, e, m.group(1), rule="province-abbrev")
            f.cands = [Entry(p, "short")]
            taken.append(f)
            occupied.append((s, e))

    # ---- resolve what was taken so far (gives parents for the next passes)
    taken.sort(key=lambda f: f.start)
    _resolve(taken, text, g, ctx_codes)

    # ---- context-only aliases of Taiwan cities (南市 for 台南市)
    tw = {f.name for f in taken if f.place is not None and f.place.parent == "710000"}
    for name in tw:
        short = name[1:]  # 台南市 -> 南市
        if len(short) < 2:
            continue
        for m in re.finditer(re.escape(short), text):
            s, e = m.span()
            if text[e:e + 1] == "场" or _overlaps(occupied, s, e) or _overlaps(blocked, s, e):
                continue
            p = next(f.place for f in taken if f.name == name)
            f = _Found(s, e, short, place=p, level=p.level, name=p.name, adcode=p.adcode,
                       parent=p.parent, rule="context-alias")
            taken.append(f)
            occupied.append((s, e))

    # ---- 3. bare township names of the counties in context
    _bare_towns(ctx, text, g, taken, occupied, blocked)

    # ---- 4. unknown townships / villages by suffix
    _suffix_places(text, g, taken, occupied, blocked, stop)

    # ---- county-level names nested in another county are local areas (普安县西城区)
    taken.sort(key=lambda f: f.start)
    _nested_areas(taken, g)
    taken = _without_stray_taiwan_districts(taken, g)
    _taiwan_districts(taken)

    # (model_validate of a dict: the same validation, measured faster than keyword arguments)
    make = PlaceMention.model_validate
    out = []
    for f in taken:
        if f.name is None:
            continue
        level = f.level
        out.append(make({"start": f.start, "end": f.end, "text": text[f.start:f.end],
                         "name": f.name, "level": level, "adcode": f.adcode, "parent": f.parent,
                         "candidates": f.cands if f.adcode is None and level in (
                             "county", "prefecture", "province") else
                         (list(f.cands) if level in ("township", "village") else []),
                         "rule": f.rule}))
    return out  # by start: ``taken`` was sorted so above


# a list around a Taiwan district's bare name (东山、后壁及下营, 安平等): its neighbours need not be
# districts (学甲湿地、七股、四草等区域), the document names the city
_TW_LIST_AFTER = _LIST_SEPARATORS + "等"


def _in(ch: str, chars: str) -> bool:
    """A character (never the empty string at a text's edge) among ``chars``."""
    return ch != "" and ch in chars


@lru_cache(maxsize=1)
def _place_nouns() -> tuple[str, ...]:
    """What may follow a district's bare name and make it a place (将军渔港, 学甲湿地): the
    rows of level ``noun`` in ``rules/place_suffixes.tsv``."""
    return tuple(r[0] for r in load_rows("place_suffixes.tsv") if len(r) > 1 and r[1] == "noun")


def _listed_or_chained(text: str, s: int, e: int, g: Gazetteer, strong_ends,
                       ambiguous=frozenset()) -> bool:
    """A short name that is also a common word counts only in a list of places
    (望谟、册亨、贞丰) or right after a prefecture or province (毕节大方)."""
    before, after = text[s - 1:s] in "、和", text[e:e + 1] in "、和"
    if not (before or after):
        return False  # (most names: no list around them)
    if before and s - 1 in strong_ends:
        return True  # 支持那曲和阿里: the item before is a place found on its own

    def place_like(w: str) -> bool:
        return w in g.by_surface and w not in ambiguous and any(
            en.place.level in ("province", "prefecture", "county")
            and not (en.how == "short" and en.place.kind == "zone")  # (后壁: a Taiwan district)
            for en in g.by_surface[w])

    def item_edge(i: int) -> bool:
        ch = text[i:i + 1] if i >= 0 else ""
        return not ch or ch in "、和及与等，,。；;：:（）()“”\"\n " or not HAN.match(ch)

    for k in (2, 3, 4):
        if before and place_like(text[s - 1 - k:s - 1]) and \
                item_edge(s - 2 - k):
            return True
        if after and place_like(text[e + 1:e + 1 + k]) and \
                item_edge(e + 1 + k):
            return True
    return False


RISKY_WORLD = {"万象", "金边", "马累", "里加", "塔林", "多哈", "利马", "中非"}


def _town_ok(text: str, s: int, e: int, starts_ok=frozenset()) -> bool:
    surf = text[s:e]
    nxt = text[e:e + 1]
    if len(surf) < 3:
        return False
    prev = text[s - 1:s]
    if prev and HAN.match(prev) and prev not in BOUNDARY and s not in starts_ok:
        return False  # 三板桥镇: not 板桥镇; the suffix pass takes the whole name
    if surf.endswith("乡") and nxt and nxt in "村镇土亲愁风情音贤":
        return False  # 乡村, 乡镇
    if surf.endswith("镇") and nxt in ("压", "守", "静", "痛", "定"):
        return False
    return True


def _resolve(found: list[_Found], text: str, g: Gazetteer, ctx_codes: set[str]) -> None:
    """Pick one reading per mention: context first, then level; keep the rest as candidates."""
    last_county: Place | None = None
    last_end = -1
    for idx, f in enumerate(found):
        if f.place is not None:
            last_end = f.end
            continue
        ents: list[Entry] = f.cands
        # sentence boundary resets the local county
        if last_end >= 0 and SENT_END.search(text, last_end, f.start):
            last_county = None
        if len(ents) == 1 and ents[0].place.level != "township":
            # one division reading (the common case): what the general case below picks
            p = ents[0].place
            f.place, f.level, f.name, f.adcode, f.parent, f.cands = \
                p, p.level, p.name, p.adcode, p.parent, []
            if p.level == "county":
                last_county = p
            last_end = f.end
            continue
        adjacent = last_end == f.start and last_end >= 0
        towns = []
        divs = []
        for en in ents:
            (towns if en.place.level == "township" else divs).append(en)
        # a river / mountain sharing a prefecture's short name (怒江): the prefecture only as 怒江人
        others = [en for en in divs if en.how in ("other",)]
        if others and len(others) < len(divs):
            if text[f.end:f.end + 1] == "人":
                divs = [en for en in divs if en.how != "other"]
            else:
                divs = others
        if divs and (not towns or any(en.how == "full" for en in divs)):
            prev = found[idx - 1] if adjacent and idx > 0 else None
            pick = _pick_division(divs, g, ctx_codes, last_county, prev)
            p = pick[0]
            f.place, f.level, f.name, f.adcode = p, p.level, p.name, p.adcode
            f.parent = p.parent
            same = [x for x in pick if x.adcode]
            f.cands = [x.adcode for x in same] if len(pick) > 1 else []
            if len(pick) > 1 and len({x.adcode for x in pick}) > 1:
                f.adcode = None
            if p.level == "county":
                last_county = p
            elif p.level in ("prefecture", "province"):
                pass
        elif towns:
            counties = [g.by_code.get(en.place.parent) for en in towns]
            counties = [c for c in counties if c is not None]
            chosen = None
            if last_county is not None and any(c is last_county or c.code == last_county.code
                                               for c in counties):
                chosen = last_county
            else:
                inctx = [c for c in counties if c.adcode in ctx_codes]
                if len(inctx) == 1:
                    chosen = inctx[0]
                elif not inctx:
                    near = [c for c in counties if c.parent in ctx_codes]
                    if len(near) == 1:
                        chosen = near[0]
                if chosen is None and len(counties) == 1:
                    chosen = counties[0]
            t = towns[0].place
            if chosen is not None:
                t = g.towns_of(chosen).get(f.surface, t)
                f.parent = chosen.adcode
                f.cands = []
            else:
                f.parent = None
                f.cands = sorted({c.adcode for c in counties if c.adcode})[:20]
            f.place, f.level, f.name, f.adcode = t, "township", t.name, None
        last_end = f.end


def _pick_division(ents: list[Entry], g: Gazetteer, ctx_codes: set[str],
                   last_county: Place | None, prev: _Found | None = None) -> list[Place]:
    places = []
    for en in ents:
        if en.place not in places:
            places.append(en.place)
    if len(places) == 1:
        return places
    if prev is not None and prev.adcode:
        # right after its province or prefecture (吉林省朝阳区, 北京市朝阳区)
        under = [p for p in places if prev.adcode in g.ancestors(p.adcode or p.parent)[1:]]
        if under:
            places = under
            if len(places) == 1:
                return places
    # readings supported by the context
    def support(p: Place) -> int:
        anc = g.ancestors(p.adcode or p.parent)
        return sum(1 for a in anc[1:] if a in ctx_codes) + (2 if p.adcode in ctx_codes else 0)

    scored = sorted(places, key=lambda p: (-support(p), LEVEL_RANK.get(p.level, 9)))
    best = support(scored[0])
    top = [p for p in scored if support(p) == best]
    # same surface at different levels: the higher level wins (吉林 the province)
    lv = LEVEL_RANK.get(top[0].level, 9)
    top = [p for p in top if LEVEL_RANK.get(p.level, 9) == lv]
    return top


def _bare_towns(ctx, text: str, g: Gazetteer, taken: list[_Found], occupied, blocked) -> None:
    """Township names written without 镇/乡/街道, among the counties in context."""
    counties: dict[str, Place] = {}
    prefs: set[str] = set()
    for f in taken:
        p = f.place
        if p is None:
            continue
        if p.level == "county" and p.adcode:
            counties[p.adcode] = p
        elif p.level == "prefecture" and p.adcode:
            prefs.add(p.adcode)
    for pref in sorted(prefs):
        for q in g.children.get(pref, ()):
            if q.level == "county" and q.adcode and q.valid(ctx.reference):
                counties.setdefault(q.adcode, q)
    codes = {c.code for c in counties.values() if c.code}
    if not g.has_town_stems(codes):
        return
    readings: dict[str, tuple[Place, Place | None]] = {}
    # the counties by code, each with its rank in ``counties`` (the order decides a reading)
    by_code: dict[str, list[tuple[int, Place]]] = {}
    for i, c in enumerate(counties.values()):
        if c.code:
            by_code.setdefault(c.code, []).append((i, c))

    def reading(stem: str) -> tuple[Place, Place | None]:
        """The township a stem names among the counties in context; the county None when
        several counties have it (the last one's township then)."""
        got = readings.get(stem)
        if got is None:
            have = g.town_stem_codes(stem)
            # the counties in context with a township of that stem, in ``counties`` order
            if len(have) <= len(by_code):
                here = [ic for code in have if code in by_code for ic in by_code[code]]
            else:
                here = [ic for code, ics in by_code.items() if code in have for ic in ics]
            here.sort(key=_first)
            for _, c in here:
                for t in g.town_stem_map(c).get(stem, ()):
                    if got is not None and got[1] is not c:
                        got = (t, None)  # ambiguous among counties in context
                    elif got is None:
                        got = (t, c)
            readings[stem] = got
        return got
    ends = {f.end: f for f in taken}
    new: list[_Found] = []
    pending = []
    crossing, common = _crossing_words(), _common_words()
    # what was taken, by start: the spans do not overlap, so their ends ascend too
    by_start = sorted(taken, key=_start)
    starts = [f.start for f in by_start]
    removed: set[_Found] = set()
    for s, e in g.town_stem_spans(text, codes):
        if blocked.used and blocked.hit(s, e):  # (mostly no programme: no call)
            continue
        inside = []
        if occupied.hit(s, e):
            # the taken spans overlapping [s, e): back from the last one starting before e
            k = bisect_left(starts, e) - 1
            while k >= 0 and by_start[k].end > s:
                if by_start[k] not in removed:
                    inside.append(by_start[k])
                k -= 1
        if inside:
            # a short name inside the township's name (江西坡 over 江西) gives way to it
            if all(s <= f.start and f.end <= e and (f.end - f.start) < (e - s) and
                   f.rule.startswith("gazetteer") and f.surface != f.name for f in inside):
                for f in inside:
                    taken.remove(f)
                    removed.add(f)
                    occupied.remove((f.start, f.end))
            else:
                continue
        stem = text[s:e]
        if stem in crossing or stem in common or _crosses_word(text, s, e):
            continue  # 建设, 会师; 确保城镇: not a township's name here
        t, c = reading(stem)
        suf = _TOWN_SUFFIX.match(text, e)
        if suf:
            # written with another suffix than the standard one (则戎乡 for 则戎镇)
            e2 = e + len(suf.group())
            if not occupied.hit(s, e2):
                f = _mk_town(s, e2, text[s:e2], t, c)
                f.name = text[s:e2]
                new.append(f)
                occupied.append((s, e2))
            continue
        prev = ends.get(s)
        ok = False
        if INSTITUTION.match(text, e, e + 6):  # within the next six characters
            ok = True
        elif prev is not None and prev.place is not None and prev.level in ("county", "prefecture"):
            # 兴义敬南, 义龙鲁屯: right after its county (or a zone of its prefecture)
            pc = prev.place
            if c is not None and (pc is c or pc.adcode == c.parent or
                                  (pc.kind == "zone" and pc.parent == c.parent)):
                ok = True
        if ok:
            new.append(_mk_town(s, e, text[s:e], t, c))
            occupied.append((s, e))
        else:
            pending.append((s, e, text[s:e], t, c))
    # list members next to an accepted one: 在构元、蜀河两个战区
    changed = True
    while changed and pending:
        changed = False
        for item in list(pending):
            s, e, surf, t, c = item
            near = any((x.end + 1 == s and text[x.end] in "、和") or
                       (e + 1 == x.start and text[e] in "、和") for x in new)
            if near and not _overlaps(occupied, s, e):
                new.append(_mk_town(s, e, surf, t, c))
                occupied.append((s, e))
                pending.remove(item)
                changed = True
    taken.extend(new)


_TOWN_SUFFIX = re.compile(r"镇|乡|街道")


def _first(pair: tuple) -> object:
    return pair[0]


def _start(f: _Found) -> int:
    return f.start


def _mk_town(s, e, surf, t: Place, c: Place | None) -> _Found:
    f = _Found(s, e, surf, place=t, level="township", name=t.name, adcode=None,
               parent=c.adcode if c is not None else None, rule="township-bare")
    return f


def _suffix_places(text: str, g: Gazetteer, taken: list[_Found], occupied, blocked,
                   stop: frozenset[str]) -> None:
    suffixes = dict(_suffixes())
    taiwan = g.taiwan_cities()
    ends = {f.end: f for f in taken}
    stop_tails = _stop_tails(stop)
    common = _common_words()
    found: list[_Found] = []
    for m in _suffix_re().finditer(text):
        s_suf, e = m.span()
        suf = m.group()
        if s_suf in ends or occupied.hit(s_suf, e):
            continue  # 陕西镇安: the suffix character starts another word; or taken
        level = suffixes[suf]
        # name part: back to the previous place (a chain) or to a boundary
        start = None
        chained = None
        for k in range(1, 9):
            i = s_suf - k  # the character examined
            if k > 1 and i + 1 in ends:
                start = i + 1
                chained = ends[start]
                break
            if i < 0:
                if k - 1 >= 2:
                    start = 0
                break
            ch = text[i]
            if ch in BOUNDARY or not "\u3400" <= ch <= "\u9fff":  # HAN.match(ch)
                if 2 <= k - 1 <= 4:
                    start = i + 1
                break
        if start is None:
            continue
        name_part = text[start:s_suf]
        if chained is None and len(name_part) >= 4:
            for k in (3, 2):
                if name_part[:k] in common and len(name_part) - k >= 2:
                    start += k
                    name_part = name_part[k:]
                    break
        if suf == _TAIWAN_LI:
            if chained is not None and name_part[:1] in _LIST_SEPARATORS:
                start, name_part, chained = start + 1, name_part[1:], None  # 文贤里及新达里
            if not _taiwan_li_ok(text, start, name_part, chained, ends, taiwan):
                continue
        if chained is None and (suf in ("组", "寨", "屯", "社区") or len(name_part) > 3):
            continue
        if chained is not None and chained.level not in ("county", "township", "village",
                                                         "prefecture", "province"):
            continue
        if suf == "组" and (chained is None or chained.level != "village"):
            continue
        if chained is not None and chained.level == "village" and suf not in _UNDER_VILLAGE:
            continue  # 南兴社区获得特优社区: no village or township lies inside a village
        surface = name_part + suf
        themed = name_part.endswith("小") and suf == "镇" and chained is not None
        anchored = chained is not None or suf == _TAIWAN_LI  # (a 里 got here anchored)
        if surface in stop or name_part in stop or _bad_name(name_part, anchored) \
                or (not themed and surface.endswith(stop_tails)) \
                or name_part in common or name_part[-2:] in common \
                or any(x in name_part for x in ("组", "村", "镇", "乡")):
            continue
        if blocked.hit(start, e):
            continue
        if suf == "乡" and text[e:e + 1] in "村镇亲土":
            continue
        lvl = "village" if level == "village" else "township"
        if themed:
            lvl = "other"  # 布依茶园小镇: a themed development
        parent = None
        if chained is not None and chained.place is not None:
            parent = chained.adcode if chained.level == "county" else (
                chained.name if chained.level in ("township", "village") else chained.adcode)
        elif chained is not None and chained.level == "township":
            parent = chained.name
        f = _Found(start, e, surface, level=lvl, name=surface, parent=parent,
                   rule="suffix-" + ("chain" if chained is not None else "free"))
        found.append(f)
        occupied.append((start, e))
        ends[e] = f
    # a name found once is the same place where it recurs (上屋组地处偏僻)
    known = {f.surface: f for f in found}
    for s, e in scan_words(text, known) if known else ():
        if occupied.hit(s, e) or blocked.hit(s, e):
            continue
        k = known[text[s:e]]
        f = _Found(s, e, k.surface, level=k.level, name=k.name, parent=k.parent,
                   rule="suffix-recurrence")
        found.append(f)
        occupied.append((s, e))
    taken.extend(found)


BAD_START = set("一二三四五六七八九十百千万两几多个各该本全每这那此其某新贫困重示范行政自然城农"
                "乡村镇")
BAD_ANY = re.compile(r"[的了着和与及或在是为对把被将等之让想要]")


# Last characters of a name part that make "X村" a verb phrase (进村, 包村, 驻村, 挂村).
BAD_END = set("进驻包挂走入到出回返下联帮扶建援管实强大牢保困农整全各每本该一个村乡镇")


def _bad_name(part: str, chained: bool = False) -> bool:
    if not part or not all(HAN.match(c) for c in part):
        return True
    if BAD_ANY.search(part):
        return True
    if part[-1] in BAD_END:
        return True
    if chained:
        return False
    if part[0] in BAD_START:
        return True
    return False


_TAIWAN_LI = "里"


def _taiwan_li_ok(text: str, start: int, name_part: str, chained: _Found | None, ends,
                  taiwan: frozenset[str]) -> bool:
    """A Taiwan 里 (东区崇学里): two or three characters right after a Taiwan district, or
    after another such 里 and a list separator (崇学里、文贤里)."""
    if len(name_part) not in (2, 3):
        return False
    if chained is not None:
        return chained.level == "county" and chained.place is not None and \
            chained.place.parent in taiwan
    prev = ends.get(start - 1) if start > 0 and text[start - 1] in _LIST_SEPARATORS else None
    return prev is not None and prev.place is None and prev.surface.endswith(_TAIWAN_LI) \
        and prev.level == "village"


def _district_context(text: str, s: int, e: int, cities: frozenset[str]) -> bool:
    """Where a two-character district (东区) is one: right after its city (台南市东区), after
    a list separator (安南区、北区及南区), or before one where it opens the list (，东区、南区)
    and does not end a longer word (装备集中区、)."""
    if any(text.endswith(c, 0, s) for c in cities):
        return True
    prev = text[s - 1:s] if s > 0 else ""
    if prev and prev in _LIST_SEPARATORS:
        return True
    return e < len(text) and text[e] in _LIST_SEPARATORS and not HAN.match(prev)


def _taiwan_related(f: _Found) -> bool:
    """Taiwan (710000) or one of its cities (their parent is 710000)."""
    return f.adcode == "710000" or f.parent == "710000"


def _without_stray_taiwan_districts(found: list[_Found], g: Gazetteer) -> list[_Found]:
    """A Taiwan district (``gazetteer_extra.tsv``: 安南区, 大园区) counts only in a document
    that names Taiwan or one of its cities: elsewhere the same characters are mostly words
    (壮大园区经济, 产业新兴区)."""
    cities = g.taiwan_cities()
    if not any(f.place is not None and f.place.parent in cities for f in found):
        return found
    if not any(_taiwan_related(f) for f in found):  # (and the 里 found after them)
        return [f for f in found if (f.place is None or f.place.parent not in cities)
                and not (f.place is None and f.surface.endswith(_TAIWAN_LI))]
    # a district name of several cities (北区: 台中市, 台南市) is the one of the city named
    named = {f.name for f in found if f.name in cities}
    for f in found:
        if f.place is not None and f.place.parent in cities and f.place.parent not in named:
            other = next((en.place for en in g.entries(f.surface)
                          if en.place.parent in named and en.place.name == f.place.name), None)
            if other is not None:
                f.place, f.parent = other, other.parent
    return found


def _taiwan_districts(found: list[_Found]) -> None:
    """In a Taiwan document, a district name that is also a mainland county (新市区, 东山区)
    whose province nothing else in the document names is the local district; a mainland
    city's short name whose province nothing names is part of a local name (安南海东桥)."""
    if not any(_taiwan_related(f) for f in found):
        return
    provs: dict[str, set[str]] = {}
    for f in found:
        if f.adcode and f.level in ("province", "prefecture", "county"):
            provs.setdefault(f.adcode[:2], set()).add(f.adcode)
    for f in found:
        if f.level == "county" and f.adcode and not f.adcode.startswith("71"):
            if provs.get(f.adcode[:2], set()) <= {f.adcode}:
                f.adcode, f.name, f.parent, f.cands = None, f.surface, None, []
    # a mainland city by its short name alone (海东 of 安南海东桥), its province named nowhere,
    # in a document mostly about Taiwan (a mainland report that names Taiwan keeps its 哈尔滨)
    taiwan_n = sum(1 for f in found if _taiwan_related(f))
    if taiwan_n <= sum(1 for f in found if f.adcode and not f.adcode.startswith("71")):
        return
    found[:] = [f for f in found if not (
        f.level == "prefecture" and f.adcode and not f.adcode.startswith("71")
        and f.surface != f.name and provs.get(f.adcode[:2], set()) <= {f.adcode})]


def _nested_areas(found: list[_Found], g: Gazetteer) -> None:
    """A county-level name right after another county (普安县西城区), or right before a
    township of another county (东城区江西坡镇), names a local area, not that division."""
    for i, f in enumerate(found):
        if f.level != "county" or f.place is None or f.rule != "gazetteer" or \
                f.place.kind != "division":
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if f.adcode is None and f.cands and nxt is not None and nxt.start == f.end and \
                nxt.level == "township":
            # 西湖区蒋村: the township settles which 西湖区
            codes = {c.adcode for c in g.counties_with_town(nxt.surface)} & set(f.cands)
            if len(codes) == 1:
                code = codes.pop()
                p = g.by_code[code]
                f.place, f.adcode, f.name, f.parent, f.cands = p, code, p.name, p.parent, []
                nxt.parent, nxt.cands = code, []
                continue
        prev = found[i - 1] if i > 0 else None
        nxt = found[i + 1] if i + 1 < len(found) else None
        local = False
        if prev is not None and prev.end == f.start and prev.level == "county" and \
                prev.adcode and prev.adcode != f.parent and prev.place is not f.place:
            local = True
        if nxt is not None and nxt.start == f.end and nxt.level == "township" and \
                f.adcode and nxt.parent and nxt.parent != f.adcode and not (
                    f.adcode in {c.adcode for c in g.counties_with_town(nxt.surface)}):
            local = True
        if local:
            f.level, f.adcode, f.name, f.cands = "other", None, f.surface, []
            f.parent = prev.adcode if prev is not None and prev.end == f.start else None
