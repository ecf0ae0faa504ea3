"""Linking measured alone: run the linker on the gold mentions of ../shared/eval/gold.

The end-to-end scores mix extraction and linking errors; this feeds the gold quantities, dates,
places and programmes to the linker and reports how often indicator, place, period and change
agree with the gold (scored as ../shared/eval/score.py scores attribution).

    python scripts/eval_linking_oracle.py [--errors N]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from extractor.context import ExtractionContext
from extractor.layout import analyze_layout
from extractor.linking import link
from extractor.models import DateMention, PlaceMention, ProgramMention, QuantityMention
from extractor.normalize import normalize
from extractor.pipeline import reference_date
from extractor.reader import read_documents

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MODELS = {"quantity": QuantityMention, "date": DateMention, "place": PlaceMention,
          "program": ProgramMention}
FIELDS = {"quantity": ("value", "unit", "approx"), "date": ("value",),
          "place": ("name", "level", "adcode"), "program": ("name",)}


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    score = load_scorer()
    counts, errors = Counter(), []
    for gold_path in sorted((SHARED / "eval" / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.name.replace(".gold.json", "")
        (raw,) = read_documents([next((SHARED / "corpus").rglob(stem + ".txt"))])
        norm = normalize(raw.text)
        layout = analyze_layout(norm, raw.meta)
        ref, _ = reference_date(layout.meta.published)
        ctx = ExtractionContext(norm=norm, reference=ref, roc_era=layout.roc_era,
                                line_starts=layout.norm_line_starts,
                                line_zones=layout.norm_line_zones)
        pairs = []
        for g in gold["mentions"]:
            s, e = norm.from_original(g["start"], g["end"])
            if e <= s:
                continue
            fields = {f: g.get(f) for f in FIELDS[g["type"]]}
            m = MODELS[g["type"]](start=s, end=e, text=norm.text[s:e], **fields)
            ctx.found.setdefault(g["type"], []).append(m)
            if g["type"] == "quantity":
                pairs.append((g, m))
        link(ctx)
        for g, m in pairs:
            for f in ("place", "period", "change"):
                if f in g and (g[f] is not None or f == "change"):
                    ok = score.attr_agrees(f, g[f], getattr(m, f))
                    counts[f + "_n"] += 1
                    counts[f + "_ok"] += ok
                    if not ok:
                        errors.append((f, stem, g["text"], g[f], getattr(m, f)))
            if g.get("indicator"):
                ok = score.indicator_agrees(g["indicator"], m.indicator)
                counts["indicator_n"] += 1
                counts["indicator_ok"] += ok
                if not ok:
                    errors.append(("indicator", stem, g["text"], g["indicator"], m.indicator))
    for f in ("indicator", "place", "period", "change"):
        n = counts[f + "_n"]
        print(f"{f:9} {counts[f + '_ok'] / n:6.3f} of {n}" if n else f"{f:9} -")
    if args.errors:
        for f in ("indicator", "place", "period", "change"):
            errs = [e for e in errors if e[0] == f][: args.errors]
            print(f"\n{f} disagreements ({sum(1 for e in errors if e[0] == f)}):")
            for _, doc, text, g, p in errs:
                print(f"  {doc[:12]:12} {text!r:14} gold {g!r:30} pred {p!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
