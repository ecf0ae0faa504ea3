"""Evaluation wiring: run the pipeline over the shared corpus, score it on the shared gold.

The table is printed in the test output. Each extractor's issue raises its thresholds in
``THRESHOLDS`` once it meets them, so no later change can regress a resolved type.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO, SHARED, needs_shared

# type -> (lenient F1, strict F1, normalization agreement), from each type's issue.
THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "quantity": (0.95, 0.90, 0.95),
    "date": (0.95, 0.85, 0.95),
    "place": (0.95, 0.90, 0.95),
    "program": (0.85, 0.80, 0.90),
}
# Attribution of quantities (records issue): share of lenient matches that agree.
ATTRIBUTION = {"ind": 0.80, "attr_place": 0.85, "attr_period": 0.80, "attr_change": 0.90}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("pred")
    proc = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "extract", str(SHARED / "corpus" / "seeds"),
         str(SHARED / "corpus" / "real"), "--out-dir", str(out), "--no-progress"],
        capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out / "report.json"
    table = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(SHARED / "eval" / "gold"),
         "--pred", str(out), "--json", str(report)], capture_output=True, text=True)
    assert table.returncode == 0, table.stderr
    print("\n" + table.stdout)
    return out, json.loads(report.read_text(encoding="utf-8"))


@needs_shared
def test_every_mention_points_at_its_text(scored):
    out, _ = scored
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")
            if p.name != "report.json"]
    assert len(docs) >= 50
    for d in docs:
        source = (SHARED / "corpus").rglob(d["doc"])
        original = next(source).read_bytes().decode("utf-8")
        assert d["text"] == original
        for m in d["mentions"]:
            assert original[m["start"]:m["end"]] == m["text"], (d["doc"], m)


@needs_shared
@pytest.mark.parametrize("typ", sorted(THRESHOLDS))
def test_scores_meet_thresholds(scored, typ):
    _, report = scored
    s = report["scores"][typ]
    lenient, strict, norm = THRESHOLDS[typ]
    got = (s["lenient"]["f1"] or 0.0, s["strict"]["f1"] or 0.0,
           (s.get("norm") or {}).get("rate", 0.0))
    print(f"{typ}: lenient F1 {got[0]:.3f} strict F1 {got[1]:.3f} norm {got[2]:.3f}")
    assert got[0] >= lenient and got[1] >= strict and got[2] >= norm, (typ, got)


@needs_shared
@pytest.mark.parametrize("field", sorted(ATTRIBUTION))
def test_attribution_meets_thresholds(scored, field):
    _, report = scored
    got = report["scores"]["quantity"].get(field, {}).get("rate", 0.0)
    print(f"quantity {field}: {got:.3f}")
    assert got >= ATTRIBUTION[field], (field, got)
