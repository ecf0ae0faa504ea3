"""Throughput of the whole pipeline on ../shared/corpus/bulk, beside its parts and a peer.

Reports, on the bulk corpus split into its member articles (government work reports and a month
of news transcripts, ~870k characters) and on a repeated copy of it:

* characters/s and documents/s of the full pipeline (read, normalize, layout, extract all four
  types, link, validate, QA), median of 5 runs after a warm-up, one process;
* start-up: a fresh process from import to the first document done;
* peak memory (max RSS) of a process that runs the corpus once;
* ``jieba.lcut`` alone over the same text, and JioNLP's extract_time alone and extract_time +
  extract_money + parse_location when JioNLP is installed (``pip install jionlp``, best in a
  venv of its own: it is not a dependency);
* ``--workers 2`` against one worker (multiprocessing, see ``extractor.parallel``), in a fresh
  process, with the CPU seconds spent and the cores kept busy (a speed-up short of 2 with two
  cores busy is CPU time that grew when both cores ran, not a pool that waited);
* the ratios to the peers for both the library loop above and ``cnie extract --workers 1``
  (documents streamed out as JSON, the lexicons frozen out of the garbage collector's walks);
* CPU seconds per pipeline stage (normalize, layout, each extractor, linking, mapping back),
  so that the next optimization starts where the time goes.

Not a test: CI does not fail on speed. Usage:

    python benchmarks/bench_pipeline.py [--runs 5] [--repeat 3] [--skip-peers]
        [--peer-python /path/to/venv-with-jionlp/bin/python] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
BULK = SHARED / "corpus" / "bulk"


def bulk_documents():
    """The bulk files split into their member articles (offsets from the manifest)."""
    from extractor.reader import RawDocument

    docs = []
    for line in (BULK / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        text = (BULK / entry["file"]).read_bytes().decode("utf-8")
        for k, member in enumerate(entry.get("members") or []):
            body = text[member["offset"]:member["offset"] + member["chars"]]
            docs.append(RawDocument(id=f"{entry['file']}#{k}", doc=f"bulk{len(docs)}.txt",
                                    text=body, meta={"published": member.get("published")}))
    return docs


def process_all(pipeline, docs) -> None:
    """Each document through the pipeline, dropped once done, as a corpus run writes and drops
    it (a list of all 59 results would keep ~13 MB of models alive for the garbage collector's
    full passes to walk, a cost no real run has)."""
    for d in docs:
        pipeline.process(d)


def timed(fn, runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def stage_seconds(docs, runs: int) -> dict[str, float]:
    """CPU seconds per stage over the corpus (median of ``runs``), by wrapping the stage
    functions of a fresh pipeline; the wrappers' own cost is a few microseconds a call."""
    import collections
    from extractor import pipeline as P

    spent: collections.Counter = collections.Counter()

    def timer(name, fn):
        def run(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t
        return run

    saved = {n: getattr(P, n) for n in ("normalize", "analyze_layout", "link_stage",
                                        "to_original", "records_to_original")}
    pipeline = P.Pipeline()
    pipeline.stages = [(n, timer(n, f)) for n, f in pipeline.stages]
    try:
        for n, f in saved.items():
            setattr(P, n, timer(n.replace("analyze_", "").replace("_stage", ""), f))
        per_run = []
        for _ in range(runs + 1):  # the first run warms up
            spent.clear()
            t = time.process_time()
            for d in docs:
                pipeline.process(d)
            per_run.append({**spent, "total": time.process_time() - t})
    finally:
        for n, f in saved.items():
            setattr(P, n, f)
    per_run = per_run[1:]
    return {k: statistics.median(r.get(k, 0.0) for r in per_run) for k in per_run[0]}


_WORKERS = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import bench_pipeline as b
from extractor.parallel import as_json, process_documents
docs = b.bulk_documents()
def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def run(workers):
    c, p, t = children_cpu(), time.process_time(), time.perf_counter()
    list(process_documents(docs, workers=workers, post=as_json))
    return {"wall": time.perf_counter() - t, "parent_cpu": time.process_time() - p,
            "children_cpu": children_cpu() - c}
run(1), run(2)  # warm-up
out = {1: [], 2: []}
for _ in range(int(sys.argv[2])):
    for workers in (1, 2):
        out[workers].append(run(workers))
print(json.dumps(out))
"""


def workers_runs(runs: int) -> dict[int, list[dict[str, float]]]:
    """One and two workers as ``cnie extract --workers N`` runs them (documents back as JSON),
    in a fresh process that does nothing else (this one holds jieba's dictionary and earlier
    runs' garbage, which every fork would copy). The two alternate, so that a slower spell of
    the (shared, virtual) machine weighs on both alike; wall seconds and the CPU seconds of
    the parent and of its workers per run."""
    proc = subprocess.run([sys.executable, "-c", _WORKERS, str(HERE), str(runs)],
                          capture_output=True, text=True, check=True)
    return {int(k): v for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


def startup_seconds() -> float:
    code = ("import time; t=time.perf_counter(); from extractor import Pipeline; "
            "Pipeline().process_text('2018年，普安县贫困人口下降至5889户18151人，贫困发生率5.79%。'); "
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(3)]
    return statistics.median(runs)


def peak_memory_mb() -> float:
    # VmHWM (the high-water mark of this process image): ru_maxrss would carry over the
    # parent's peak across fork+exec.
    code = ("import re, sys; sys.path.insert(0, %r); import bench_pipeline as b; "
            "from extractor import Pipeline; p=Pipeline(); "
            "exec('for d in b.bulk_documents(): p.process(d)'); "
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())"
            ".group(1))/1024)" % str(HERE))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


_JIONLP = """
import json, statistics, sys, time
import jionlp as jio
texts = json.load(open(sys.argv[1], encoding="utf-8"))
def time_only():
    for t in texts:
        jio.ner.extract_time(t)
def all_three():
    for t in texts:
        jio.ner.extract_time(t)
        jio.ner.extract_money(t)
        jio.parse_location(t[:200])
out = {}
for name, work in (("time", time_only), ("time_money_location", all_three)):
    work()
    runs = []
    for _ in range(int(sys.argv[2])):
        t = time.perf_counter(); work(); runs.append(time.perf_counter() - t)
    out[name] = statistics.median(runs)
print(json.dumps(out))
"""


def jionlp_seconds(texts: list[str], runs: int, python: str) -> dict[str, float] | None:
    """JioNLP in its own interpreter (it is not a dependency of cnie): median seconds of
    ``extract_time`` alone and of time + money + location."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts, fh, ensure_ascii=False)
    proc = subprocess.run([python, "-c", _JIONLP, fh.name, str(runs)], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        print(f"JioNLP not run ({python}): {proc.stderr.strip().splitlines()[-1:]}",
              file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3, help="copies in the repeated corpus")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--peer-python", default=sys.executable,
                    help="interpreter with jionlp installed (e.g. a separate venv)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from extractor import Pipeline
    from extractor.tokenize import get_jieba

    docs = bulk_documents()
    chars = sum(len(d.text) for d in docs)
    pipeline = Pipeline()
    report: dict = {"documents": len(docs), "characters": chars}

    t = statistics.median(timed(lambda: process_all(pipeline, docs), args.runs))
    report["pipeline"] = {"seconds": t, "chars_per_s": chars / t, "docs_per_s": len(docs) / t}
    rep = docs * args.repeat
    t_rep = statistics.median(timed(lambda: process_all(pipeline, rep), max(1, args.runs // 2)))
    report["pipeline_repeated"] = {"copies": args.repeat, "chars_per_s": chars * args.repeat / t_rep}

    jieba = get_jieba()
    texts = [d.text for d in docs]
    t_j = statistics.median(timed(lambda: [jieba.lcut(x) for x in texts], args.runs))
    report["jieba_lcut"] = {"chars_per_s": chars / t_j}

    w = workers_runs(args.runs)
    for n in (1, 2):
        report[f"workers_{n}"] = {
            "chars_per_s": chars / statistics.median(r["wall"] for r in w[n]),
            "cpu_s": statistics.median(r["parent_cpu"] + r["children_cpu"] for r in w[n])}
    report["workers_speedup"] = report["workers_2"]["chars_per_s"] / report["workers_1"]["chars_per_s"]
    report["workers_2_cores_busy"] = statistics.median(
        (r["parent_cpu"] + r["children_cpu"]) / r["wall"] for r in w[2])

    report["stages_cpu_s"] = stage_seconds(docs, 3)
    report["startup_s"] = startup_seconds()
    report["peak_memory_mb"] = peak_memory_mb()
    if not args.skip_peers:
        t_jio = jionlp_seconds(texts, max(1, args.runs // 2), args.peer_python)
        report["jionlp"] = None if t_jio is None else {k: {"chars_per_s": chars / v}
                                                       for k, v in t_jio.items()}

    p = report["pipeline"]["chars_per_s"]
    print(f"bulk: {len(docs)} documents, {chars:,} characters")
    print(f"pipeline (1 process):   {p:>12,.0f} chars/s  {report['pipeline']['docs_per_s']:.1f} docs/s")
    print(f"pipeline (x{args.repeat} corpus):   {report['pipeline_repeated']['chars_per_s']:>12,.0f} chars/s")
    cli = report["workers_1"]["chars_per_s"]
    print(f"jieba.lcut alone:       {report['jieba_lcut']['chars_per_s']:>12,.0f} chars/s  "
          f"(pipeline / jieba = {p / report['jieba_lcut']['chars_per_s']:.2f}; "
          f"cnie extract / jieba = {cli / report['jieba_lcut']['chars_per_s']:.2f})")
    if report.get("jionlp"):
        for name, label in (("time", "JioNLP extract_time:"), ("time_money_location",
                                                               "JioNLP time+money+loc:")):
            j = report["jionlp"][name]["chars_per_s"]
            print(f"{label:<23} {j:>12,.0f} chars/s  (pipeline / JioNLP = {p / j:.2f}; "
                  f"cnie extract / JioNLP = {cli / j:.2f})")
    print(f"workers 1 / 2:          {report['workers_1']['chars_per_s']:>12,.0f} / "
          f"{report['workers_2']['chars_per_s']:,.0f} chars/s  (speed-up {report['workers_speedup']:.2f}x)")
    print(f"  2 workers kept {report['workers_2_cores_busy']:.2f} cores busy; CPU seconds "
          f"{report['workers_1']['cpu_s']:.2f} (1 worker) / {report['workers_2']['cpu_s']:.2f} "
          "(2 workers and parent)")
    print("CPU seconds per stage:  " + ", ".join(
        f"{k} {v:.3f}" for k, v in sorted(report["stages_cpu_s"].items(), key=lambda kv: -kv[1])))
    print(f"start-up to first doc:  {report['startup_s']:.2f} s")
    print(f"peak memory:            {report['peak_memory_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
