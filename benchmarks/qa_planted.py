"""Planted-error benchmark for the QA checks.

Applies the recorded perturbations of ``benchmarks/qa_perturbations.tsv`` (a part, a rate, a
total, a year or a substance changed in a real article), and measures:

* recall: the share of perturbed copies on which the expected check raises a flag that the
  clean original does not have (substances: across the original and its perturbed copy);
* false flags: flags per clean document, over every article of ../shared/corpus/seeds and real.

    python benchmarks/qa_planted.py [--shared ../shared] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from extractor.pipeline import Pipeline
from extractor.qa import check_corpus
from extractor.reader import RawDocument, read_documents

HERE = Path(__file__).resolve().parent


def load_perturbations(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            f, kind, old, new, check = line.split("\t")
            rows.append({"file": f, "kind": kind, "old": old, "new": new, "check": check})
    return rows


def flag_keys(doc) -> Counter:
    return Counter(f.check for f in doc.flags)


def run(shared: Path) -> dict:
    pipeline = Pipeline()
    corpus = shared / "corpus"
    clean = {}
    for item in read_documents([corpus / "seeds", corpus / "real"]):
        if isinstance(item, RawDocument):
            clean[str(Path(item.path).relative_to(corpus))] = (item, pipeline.process(item))
    known = {tuple(line.split("\t")) for line in
             (HERE / "qa_known_findings.tsv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    found_known = [(k, f.check) for k, (_, d) in clean.items() for f in d.flags
                   if (k, f.check) in known]
    false_flags = sum(len(d.flags) for _, d in clean.values()) - len(found_known)
    cross_clean = check_corpus([d for _, d in clean.values()])
    results = []
    for p in load_perturbations(HERE / "qa_perturbations.tsv"):
        raw, doc = clean[p["file"]]
        assert raw.text.count(p["old"]) == 1, f"{p['file']}: {p['old']!r} is not unique"
        text = raw.text.replace(p["old"], p["new"])
        copy = pipeline.process(RawDocument(id=raw.id + "~planted", doc=raw.doc, text=text,
                                            path=raw.path, meta=raw.meta))
        if p["kind"] == "substance":
            caught = any(f.check == p["check"] for f in check_corpus([doc, copy]))
        else:
            caught = flag_keys(copy)[p["check"]] > flag_keys(doc)[p["check"]]
        results.append({**p, "caught": caught})
    by_kind: dict[str, list[bool]] = {}
    for r in results:
        by_kind.setdefault(r["kind"], []).append(r["caught"])
    return {
        "perturbations": len(results),
        "recall": sum(r["caught"] for r in results) / max(len(results), 1),
        "recall_by_kind": {k: sum(v) / len(v) for k, v in by_kind.items()},
        "clean_documents": len(clean),
        "false_flags": false_flags,
        "false_flags_per_document": false_flags / max(len(clean), 1),
        "cross_document_flags_on_clean": len(cross_clean),
        "clean_flags": Counter(f.check for k, (_, d) in clean.items() for f in d.flags
                               if (k, f.check) not in known),
        "known_findings": f"{len(set(found_known))} of {len(known)}",
        "missed": [r for r in results if not r["caught"]],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    report = run(args.shared)
    print(f"planted errors: {report['perturbations']}, recall {report['recall']:.2f} "
          f"({', '.join(f'{k} {v:.2f}' for k, v in report['recall_by_kind'].items())})")
    print(f"clean documents: {report['clean_documents']}, false flags "
          f"{report['false_flags']} ({report['false_flags_per_document']:.3f} per document; "
          f"{dict(report['clean_flags'])}), cross-document flags on clean: "
          f"{report['cross_document_flags_on_clean']}; known genuine findings flagged: "
          f"{report['known_findings']}")
    for r in report["missed"]:
        print(f"  missed {r['kind']:9} {r['check']:20} {r['file']}: {r['old']} -> {r['new']}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=dict),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
