"""External yardsticks for the place extractor (peers' suites, not our gold).

Runs ``extractor.api.extract_places`` on JioNLP's ``parse_location`` cases and cpca's
``transform`` / ``transform_text_with_addrs`` cases (``../shared/eval/external``, see its README),
mapped onto ``../shared/eval/CONTRACT.md``:

* JioNLP gives standard full names of province / city / county (and town) for an address. A case
  passes when the deepest expected division is among our mentions (same standard name and level;
  a city that is a municipality is our province level) and every higher expected division is
  either a mention too or an ancestor of it in the gazetteer (JioNLP infers parents, the contract
  reports what is written).
* cpca gives the adcode of the deepest division (and start offsets with ``pos_sensitive``). A case
  passes when a mention carries that adcode (starting at the given offset where one is given).
  cpca's ``umap`` (a caller's override for an ambiguous county) has no counterpart: there the
  expected adcode must be among the mention's ``candidates`` or be the one chosen by context.

Cases where the contract deliberately differs are listed in ``DELIBERATE`` with the reason (or
the dated change that explains them); they are reported, not counted. The test fails when a
suite's pass rate drops below the committed baseline (``baseline_places.json``; only ever raised:
``CNIE_UPDATE_BASELINE=1`` rewrites it with higher rates).

    .venv/bin/python -m pytest tests/external/test_external_places.py -s     # prints the rates
    .venv/bin/python tests/external/test_external_places.py -v               # lists failures
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __package__:
    from .ratchet import EXT, Baseline, load_jsonl, needs_external
else:  # run as a script (see the docstring)
    from ratchet import EXT, Baseline, load_jsonl, needs_external

HERE = Path(__file__).resolve().parent
BASELINE = Baseline(HERE / "baseline_places.json",
                    "pass rates of tests/external/test_external_places.py; only ever raised")

pytestmark = needs_external

# input -> reason: the contract (or the division in force) deliberately differs from the suite.
DELIBERATE = {
    "淮安市市辖区": "市辖区 is a statistical placeholder, not a toponym (CONTRACT: a place is a "
                "toponym); cpca expects adcode 320801",
    "河北省秦皇岛市经济技术开发区": "NBS lists the zone as 秦皇岛市经济技术开发区 (130371, a "
                          "statistical code, no GB/T 2260 adcode); JioNLP names it "
                          "经济技术开发区",
    "台湾省屏东县屏东市太原1路84号": "Taiwan's counties are prefecture-level in the contract "
                           "(屏东县 level prefecture); JioNLP files them as counties",
    "香港九龙半岛清水湾香港科技大学": "Hong Kong's 18 districts are not in the gazetteer, and "
                          "九龙半岛 is not 九龙城区",
}


def _mentions(text: str):
    from extractor.api import extract_places

    return extract_places(text)


def _ancestor_names(m) -> set[str]:
    from extractor.gazetteer import get_gazetteer

    g = get_gazetteer()
    out = set()
    code = m.parent if m.adcode is None else m.adcode
    for c in g.ancestors(code):
        p = g.by_code.get(c)
        if p:
            out.add(p.name)
    return out


def check_jionlp(case: dict) -> tuple[bool, str]:
    exp = case["expected"]
    ms = _mentions(case["input"])
    levels = []
    if exp.get("province"):
        levels.append(("province", exp["province"]))
    if exp.get("city"):
        lvl = "province" if exp["city"] == exp.get("province") or exp["city"] in (
            "北京市", "天津市", "上海市", "重庆市") else "prefecture"
        if lvl == "prefecture" or not levels:
            levels.append((lvl, exp["city"]))
    if exp.get("county"):
        levels.append(("county", exp["county"]))
    if case.get("kwargs", {}).get("town_village") and exp.get("town"):
        levels.append(("township", exp["town"]))
    if not levels:
        return (not ms), f"expected nothing, got {[m.text for m in ms]}"
    level, name = levels[-1]
    hit = [m for m in ms if m.name == name and m.level == level]
    got = [(m.text, m.name, m.level, m.adcode) for m in ms]
    if not hit:
        return False, f"no {level} {name}: {got}"
    names = {m.name for m in ms} | _ancestor_names(hit[0])
    missing = [n for _, n in levels[:-1] if n not in names]
    if missing:
        return False, f"{name} found, but not {missing}: {got}"
    return True, ""


def check_cpca(case: dict) -> tuple[bool, str]:
    text = case["input"]
    if not isinstance(text, str):
        return True, ""  # bad input: we take str only, nothing to extract
    umap = case.get("kwargs", {}).get("umap") or {}
    pos = case.get("kwargs", {}).get("pos_sensitive")
    ms = _mentions(text)
    got = [(m.start, m.text, m.name, m.adcode, m.candidates) for m in ms]
    if case["function"] == "transform":
        rows = [dict(case["expected"])]
    else:
        rows = case["expected_rows"]
    for row in rows:
        code = row.get("adcode")
        if not code:
            if ms:
                return False, f"expected nothing: {got}"
            continue
        start = None
        if pos:
            for key in ("county_pos", "city_pos", "province_pos"):
                if row.get(key, -1) >= 0:
                    start = row[key]
                    break
        ok = False
        for m in ms:
            if start is not None and m.start != start:
                continue
            if m.adcode == code or (umap and m.adcode is None and code in m.candidates):
                ok = True
                break
        if not ok:
            return False, f"no mention with adcode {code} at {start}: {got}"
    return True, ""


SUITES = {
    "jionlp_parse_location": (EXT / "jionlp" / "parse_location.jsonl", check_jionlp),
    "cpca": (EXT / "cpca" / "cpca.jsonl", check_cpca),
}


def run_suite(name: str) -> dict:
    path, check = SUITES[name]
    passed, failed, deliberate = [], [], []
    for case in load_jsonl(path):
        key = case["input"] if isinstance(case["input"], str) else str(case["input"])
        if key in DELIBERATE:
            deliberate.append((key, DELIBERATE[key]))
            continue
        ok, why = check(case)
        (passed if ok else failed).append((key, why))
    n = len(passed) + len(failed)
    return {"rate": round(len(passed) / n, 4) if n else 1.0, "passed": len(passed),
            "failed": failed, "deliberate": deliberate, "counted": n}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_external_places(suite):
    res = run_suite(suite)
    print(f"\n{suite}: {res['passed']}/{res['counted']} = {res['rate']:.4f} "
          f"(baseline {BASELINE.rates().get(suite, 0.0):.4f}; {len(res['deliberate'])} "
          f"deliberate differences)")
    BASELINE.check(suite, res["rate"], "; ".join(f"{k}: {w}" for k, w in res["failed"][:10]))


if __name__ == "__main__":  # pragma: no cover - manual report
    sys.path.insert(0, str(HERE.parents[1]))
    for s in sorted(SUITES):
        r = run_suite(s)
        print(f"{s}: {r['passed']}/{r['counted']} = {r['rate']:.4f}")
        if "-v" in sys.argv:
            for k, w in r["failed"]:
                print(f"  FAIL {k}: {w}")
            for k, w in r["deliberate"]:
                print(f"  DELIBERATE {k}: {w}")
