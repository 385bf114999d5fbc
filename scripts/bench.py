#!/usr/bin/env python3
"""The NewsGraph benchmark driver (stdlib only). Use scripts/bench.sh, which builds first.

    bench.py --bin NEWSGRAPH --bench-bin NEWSGRAPH_BENCH --ontology DIR --snapshot SNAPSHOT.json
             [--sizes 1k,all,10k] [--compare-sizes 1k,all] [--quick] [--python VENV_PYTHON]
             [--skip-compare] [--cache DIR]

For each size: extraction alone (newsgraph-bench, 1 and 2 threads) and the phase split of an
ingest; `newsgraph ingest` into a fresh store; `newsgraph export` per format and all formats;
`newsgraph build` (ingest + every export); the fixed query set (Benchmarks/queries.json) on
the store; and, for the comparison sizes, rdflib, networkx and spaCy on the same graph and
articles. Every child process is timed (wall, user, sys) with its peak RSS from wait4(2),
and the CPU time other processes used meanwhile is read from /proc/stat (the noise).
Summaries are merged into Benchmarks/results/*.json (a size measured again replaces its
entry); every single run goes to Benchmarks/results/raw/ (not committed); the tables of
BENCHMARKS.md between the bench markers are regenerated from the summaries.
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import bench_corpus  # noqa: E402

RESULTS = os.path.join(ROOT, "Benchmarks", "results")
HZ = os.sysconf("SC_CLK_TCK")
FORMATS = ["graphml", "rdfxml", "jsonld", "ntriples", "turtle"]
EXT = {"graphml": "graphml", "rdfxml": "rdf", "jsonld": "jsonld", "ntriples": "nt", "turtle": "ttl"}
RDFLIB_NAME = {"rdfxml": "xml", "jsonld": "json-ld", "turtle": "turtle", "ntriples": "nt"}
RUN_ID = time.strftime("%Y%m%dT%H%M%S")


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def busy_jiffies():
    with open("/proc/stat") as fh:
        parts = fh.readline().split()[1:]
    v = [int(x) for x in parts]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]) - idle


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(cmd, stdout=None, env=None, ok=(0,)):
    """Runs cmd; wall, CPU and peak RSS of it (and its children), and the load of the rest.

    Peak RSS comes from GNU time (%M), which forks the command from its own small process:
    on Linux a child's ru_maxrss starts from the high-water mark of the address space it
    was exec'd from, so a command started straight from this (larger) Python process would
    report at least this process's peak."""
    err = tempfile.TemporaryFile()
    rss_file = None
    if TIME:
        rss_file = tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False)
        rss_file.close()
        cmd = [TIME, "-f", "%M", "-o", rss_file.name, *cmd]
    out = stdout if stdout is not None else subprocess.DEVNULL
    load0 = os.getloadavg()[0]
    j0 = busy_jiffies()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    j1 = busy_jiffies()
    p.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    cpu = ru.ru_utime + ru.ru_stime
    other = max(0.0, (j1 - j0) / HZ - cpu)
    maxrss_kb = ru.ru_maxrss
    if rss_file:
        try:
            lines = [x for x in open(rss_file.name).read().split() if x.isdigit()]
            if lines:
                maxrss_kb = int(lines[-1])
        finally:
            os.remove(rss_file.name)
    r = {"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime, "maxrss_mb": maxrss_kb / 1024.0,
         "rc": p.returncode, "other_cpu_cores": other / wall if wall > 0 else 0.0, "loadavg1": load0,
         "maxrss_source": "GNU time %M" if rss_file else "wait4 ru_maxrss"}
    if p.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {stderr[-2000:]}")
    r["stderr_tail"] = stderr[-400:]
    return r


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def summarize(runs):
    """Median wall and CPU, max of peak RSS, the noise, over repetitions."""
    return {"runs": len(runs), "wall_s": med(runs, "wall_s"), "wall_min_s": min(r["wall_s"] for r in runs),
            "wall_max_s": max(r["wall_s"] for r in runs), "cpu_s": statistics.median(r["user_s"] + r["sys_s"] for r in runs),
            "maxrss_mb": max(r["maxrss_mb"] for r in runs),
            "other_cpu_cores": statistics.mean(r["other_cpu_cores"] for r in runs)}


def rm_store(path):
    for suffix in ("", "-wal", "-shm", ".lock"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def count_in_file(path, needles):
    counts = {n: 0 for n in needles}
    keep = max(len(n) for n in needles) - 1
    tail = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            for n in needles:
                counts[n] += data.count(n) - tail.count(n)
            tail = data[-keep:] if keep else b""
    return counts


def count_ntriples(path):
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            s = line.strip()
            if s and not s.startswith(b"#"):
                n += 1
    return n


def pct(values, p):
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(v) - 1)
    return v[f] + (v[c] - v[f]) * (k - f)


class Bench:
    def __init__(self, a):
        self.a = a
        self.cache = a.cache
        self.raw_dir = os.path.join(RESULTS, "raw", RUN_ID)
        os.makedirs(self.raw_dir, exist_ok=True)
        self.snapshot = json.load(open(a.snapshot))
        self.reps = 1 if a.quick else 3
        self.env = dict(os.environ)

    def raw(self, name, obj):
        with open(os.path.join(self.raw_dir, name + ".json"), "w") as fh:
            json.dump(obj, fh, indent=1)

    def cli(self, *args):
        return [self.a.bin, *args]

    def corpus(self, size):
        path = os.path.join(self.cache, "corpus", f"wikinews-{size}.jsonl")
        meta = bench_corpus.cached(size, path)
        if meta is None:
            log(f"generating the {size} corpus")
            meta = bench_corpus.generate(size, path)
        meta["path"] = os.path.abspath(path)
        return meta

    def reps_for(self, n):
        if n >= 200_000:
            return 1
        return self.reps

    # ---- extraction alone and the phase split ----
    def extraction(self, size, meta):
        out = {}
        n = meta["records"]
        if n > self.a.extract_max:
            return None
        for threads in (1, 2):
            runs = []
            for _ in range(self.reps_for(n)):
                f = tempfile.TemporaryFile()
                r = measure([self.a.bench_bin, "extract", meta["path"], "--threads", str(threads), "--ontology", self.a.ontology], stdout=f)
                f.seek(0)
                r["tool"] = json.loads(f.read())
                runs.append(r)
            self.raw(f"extract-{size}-t{threads}", runs)
            s = summarize(runs)
            ex = statistics.median(r["tool"]["extract_s"] for r in runs)
            s.update({"extract_s": ex, "articles_per_s": n / ex, "articles_per_cpu_s": n / s["cpu_s"], "text_mb_per_s": meta["text_bytes"] / 1e6 / ex,
                      "input_mb_per_s": meta["bytes"] / 1e6 / ex,
                      "counts": {k: runs[0]["tool"][k] for k in ("entities", "mentions", "actions", "relations", "sentences_cited")},
                      "actions_range": [min(r["tool"]["actions"] for r in runs), max(r["tool"]["actions"] for r in runs)]})
            out[f"threads_{threads}"] = s
        # Phase split of an ingest: read, extract (2 threads), store writes.
        db = os.path.join(self.cache, "stores", f"phase-{size}.db")
        os.makedirs(os.path.dirname(db), exist_ok=True)
        rm_store(db)
        f = tempfile.TemporaryFile()
        r = measure([self.a.bench_bin, "ingest", meta["path"], "--threads", "2", "--db", db, "--ontology", self.a.ontology], stdout=f)
        f.seek(0)
        r["tool"] = json.loads(f.read())
        rm_store(db)
        self.raw(f"phases-{size}", r)
        t = r["tool"]
        out["phases"] = {"wall_s": r["wall_s"], "maxrss_mb": r["maxrss_mb"], "setup_s": t["setup_s"], "read_s": t["read_s"],
                         "extract_s": t["extract_s"], "store_s": t["store_s"], "other_cpu_cores": r["other_cpu_cores"],
                         "store_share": t["store_s"] / max(1e-9, t["read_s"] + t["extract_s"] + t["store_s"])}
        return out

    # ---- the CLI: ingest, exports, build ----
    def ingest(self, size, meta):
        n = meta["records"]
        db = os.path.join(self.cache, "stores", f"{size}.db")
        os.makedirs(os.path.dirname(db), exist_ok=True)
        runs = []
        for _ in range(self.reps_for(n)):
            rm_store(db)
            runs.append(measure(self.cli("ingest", meta["path"], "--db", db, "--ontology", self.a.ontology), ok=(0, 2)))
            log(f"  ingest {size}: {runs[-1]['wall_s']:.1f} s, {runs[-1]['maxrss_mb']:.0f} MB")
        self.raw(f"ingest-{size}", runs)
        s = summarize(runs)
        s.update({"articles": n, "input_bytes": meta["bytes"], "text_bytes": meta["text_bytes"],
                  "articles_per_s": n / s["wall_s"], "input_mb_per_s": meta["bytes"] / 1e6 / s["wall_s"],
                  "text_mb_per_s": meta["text_bytes"] / 1e6 / s["wall_s"], "summary_line": runs[-1]["stderr_tail"].strip().splitlines()[-1:],
                  "store_bytes": sum(os.path.getsize(db + x) for x in ("", "-wal") if os.path.exists(db + x))})
        stats = subprocess.run(self.cli("stats", "--db", db, "--format", "jsonl"), capture_output=True, text=True).stdout
        s["store_counts"] = {d["what"]: d["count"] for d in map(json.loads, stats.splitlines())}
        return s, db

    def exports(self, size, meta, db, on_format=None):
        n = meta["records"]
        outdir = os.path.join(self.cache, "exports", size)
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir)
        keep = n <= self.a.compare_max  # big exports are deleted as soon as they are counted
        res = {}
        triples = None
        formats = [f for f in ["ntriples", "graphml", "rdfxml", "jsonld", "turtle"] if f in self.a.export_formats]
        for fmt in formats:
            path = os.path.join(outdir, "graph." + EXT[fmt])
            runs = []
            for _ in range(self.reps_for(n)):
                runs.append(measure(self.cli("export", "--format", fmt, "--out", path, "--db", db)))
            self.raw(f"export-{size}-{fmt}", runs)
            s = summarize(runs)
            s["bytes"] = os.path.getsize(path)
            if fmt == "ntriples":
                triples = count_ntriples(path)
            if fmt == "graphml":
                c = count_in_file(path, [b"<node ", b"<edge "])
                s["nodes"], s["edges"] = c[b"<node "], c[b"<edge "]
                s["elements"] = s["nodes"] + s["edges"]
                s["elements_per_s"] = s["elements"] / s["wall_s"]
            else:
                s["triples"] = triples
                s["triples_per_s"] = triples / s["wall_s"]
            s["mb_per_s"] = s["bytes"] / 1e6 / s["wall_s"]
            res[fmt] = s
            log(f"  export {size} {fmt}: {s['wall_s']:.2f} s, {s['maxrss_mb']:.0f} MB, {s['bytes'] / 1e6:.0f} MB written")
            if not keep:
                os.remove(path)
            if on_format:
                on_format(dict(res))
        alldir = os.path.join(self.cache, "exports", size + "-all")
        if keep:
            runs = []
            for _ in range(self.reps_for(n)):
                shutil.rmtree(alldir, ignore_errors=True)
                runs.append(measure(self.cli("export", "--out", alldir, "--db", db)))
            shutil.rmtree(alldir, ignore_errors=True)
            self.raw(f"export-{size}-all", runs)
            res["all"] = summarize(runs)
        else:
            res["all"] = {"wall_s": sum(res[f]["wall_s"] for f in formats), "maxrss_mb": max(res[f]["maxrss_mb"] for f in formats),
                          "note": f"sum of the single-format exports ({', '.join(formats)}; each file deleted after counting, for disk space)",
                          "formats": formats}
        return res, outdir

    def build(self, size, meta, ingest_s, export_all):
        n = meta["records"]
        if n > self.a.compare_max:
            return {"wall_s": ingest_s["wall_s"] + export_all["wall_s"], "maxrss_mb": max(ingest_s["maxrss_mb"], export_all["maxrss_mb"]),
                    "note": "ingest + exports measured apart (no separate build run at this size)",
                    "articles_per_s": n / (ingest_s["wall_s"] + export_all["wall_s"])}
        db = os.path.join(self.cache, "stores", f"build-{size}.db")
        out = os.path.join(self.cache, "exports", f"build-{size}")
        runs = []
        for _ in range(self.reps_for(n)):
            rm_store(db)
            shutil.rmtree(out, ignore_errors=True)
            runs.append(measure(self.cli("build", meta["path"], "--out", out, "--db", db, "--ontology", self.a.ontology), ok=(0, 2)))
        rm_store(db)
        shutil.rmtree(out, ignore_errors=True)
        self.raw(f"build-{size}", runs)
        s = summarize(runs)
        s["articles_per_s"] = n / s["wall_s"]
        s["ingest_plus_export_all_s"] = ingest_s["wall_s"] + export_all["wall_s"]
        return s

    # ---- queries ----
    def query_set(self, db):
        path = os.path.join(ROOT, "Benchmarks", "queries.json")
        if os.path.exists(path):
            return json.load(open(path))["queries"]
        rng = random.Random(6)
        ents = [json.loads(x) for x in subprocess.run(self.cli("entities", "--db", db, "--format", "jsonl"), capture_output=True, text=True).stdout.splitlines()]
        ents = [e for e in ents if e["label"] and "'" not in e["label"]]
        ents.sort(key=lambda e: (-len(e.get("sources", [])), e["id"]))
        top = ents[:60]
        rels = [json.loads(x) for x in subprocess.run(self.cli("query", "--db", db, "--format", "jsonl", "--min-sources", "2"), capture_output=True, text=True).stdout.splitlines()]
        rels = [r for r in rels if r.get("subject") and r.get("object") and r.get("action")
                and "'" not in r["subject"]["label"] + r["object"]["label"]]
        rels.sort(key=lambda r: r["id"])

        def unique(label):
            r = subprocess.run(self.cli("show", label, "--db", db, "--format", "jsonl"), capture_output=True)
            return r.returncode == 0

        picked = []
        for e in rng.sample(top, 20) + rng.sample(ents[60:], 20):
            if unique(e["label"]):
                picked.append(e["label"])
            if len(picked) == 20:
                break
        q = []
        for label in picked:
            q.append({"kind": "entities", "args": ["entities", label]})
            q.append({"kind": "show", "args": ["show", label]})
        for label in picked[:10]:
            q.append({"kind": "query", "args": ["query", f"{label} -> ?"]})
        for label in picked[10:15]:
            q.append({"kind": "query", "args": ["query", f"? -> {label}"]})
        for r in rng.sample(rels, min(5, len(rels))):
            q.append({"kind": "query", "args": ["query", f"{r['subject']['label']} -[{r['action']['label']}]-> {r['object']['label']}"]})
        labels = sorted({r["action"]["label"] for r in rels})
        for a in rng.sample(labels, min(5, len(labels))):
            q.append({"kind": "query", "args": ["query", "--action", a]})
        top_unique = [e["label"] for e in top if unique(e["label"])]
        for _ in range(10):
            a, b = rng.sample(top_unique, 2)
            q.append({"kind": "path", "args": ["path", a, b]})
        q.append({"kind": "stats", "args": ["stats"]})
        with open(path, "w") as fh:
            json.dump({"about": "The fixed query set of the latency benchmark: made once by scripts/bench.py (seed 6) from the store of the full Wikinews corpus; delete it to make a new one.",
                       "queries": q}, fh, indent=1)
        return q

    def queries(self, size, db, reps):
        qs = self.query_set(db)
        runs = []
        for rep in range(reps):
            for q in qs:
                r = measure(self.cli(*q["args"], "--db", db, "--format", "jsonl"), ok=(0, 1, 64))
                r.update(q)
                runs.append(r)
        self.raw(f"queries-{size}", runs)
        by = {}
        for kind in sorted({q["kind"] for q in qs}) + ["all"]:
            xs = [r for r in runs if kind == "all" or r["kind"] == kind]
            w = [r["wall_s"] * 1000 for r in xs]
            c = [(r["user_s"] + r["sys_s"]) * 1000 for r in xs]
            by[kind] = {"n": len(xs), "p50_ms": pct(w, 50), "p95_ms": pct(w, 95), "max_ms": max(w),
                        "cpu_p50_ms": pct(c, 50), "cpu_p95_ms": pct(c, 95),
                        "maxrss_mb": max(r["maxrss_mb"] for r in xs), "no_match": sum(1 for r in xs if r["rc"] != 0)}
        by["other_cpu_cores"] = statistics.mean(r["other_cpu_cores"] for r in runs)
        return by

    # ---- the other tools ----
    def compare(self, size, meta, outdir):
        py = self.a.python
        cmp = os.path.join(ROOT, "scripts", "bench_compare.py")
        res = {}
        nt = os.path.join(outdir, "graph.nt")
        reps = 1 if (self.a.quick or meta["records"] > 2000) else 2
        runs = []
        for _ in range(reps):
            f = tempfile.TemporaryFile()
            r = measure([py, cmp, "rdflib", nt, os.path.join(self.cache, "exports", "rdflib-" + size)], stdout=f)
            f.seek(0)
            r["tool"] = json.loads(f.read())
            runs.append(r)
            log(f"  rdflib {size}: parse {r['tool']['parse_s']:.1f} s, " + ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in r["tool"]["serialize"].items()))
        self.raw(f"rdflib-{size}", runs)
        res["rdflib"] = {"version": runs[0]["tool"]["version"], "triples": runs[0]["tool"]["triples"],
                         "parse_s": statistics.median(r["tool"]["parse_s"] for r in runs),
                         "serialize_s": {k: statistics.median(r["tool"]["serialize"][k]["seconds"] for r in runs) for k in runs[0]["tool"]["serialize"]},
                         "serialize_cpu_s": {k: statistics.median(r["tool"]["serialize"][k]["cpu_s"] for r in runs) for k in runs[0]["tool"]["serialize"]},
                         "parse_cpu_s": statistics.median(r["tool"]["parse_cpu_s"] for r in runs),
                         "maxrss_mb": max(r["maxrss_mb"] for r in runs), "runs": reps,
                         "other_cpu_cores": statistics.mean(r["other_cpu_cores"] for r in runs)}
        runs = []
        for _ in range(reps):
            f = tempfile.TemporaryFile()
            r = measure([py, cmp, "networkx", os.path.join(outdir, "graph.graphml"), os.path.join(self.cache, "exports", f"nx-{size}.graphml")], stdout=f)
            f.seek(0)
            r["tool"] = json.loads(f.read())
            runs.append(r)
            log(f"  networkx {size}: read {r['tool']['read_s']:.1f} s, write {r['tool']['write_s']:.1f} s")
        self.raw(f"networkx-{size}", runs)
        res["networkx"] = {"version": runs[0]["tool"]["version"], "nodes": runs[0]["tool"]["nodes"], "edges": runs[0]["tool"]["edges"],
                           "read_s": statistics.median(r["tool"]["read_s"] for r in runs),
                           "write_s": statistics.median(r["tool"]["write_s"] for r in runs),
                           "write_cpu_s": statistics.median(r["tool"]["write_cpu_s"] for r in runs),
                           "read_cpu_s": statistics.median(r["tool"]["read_cpu_s"] for r in runs),
                           "maxrss_mb": max(r["maxrss_mb"] for r in runs), "runs": reps,
                           "other_cpu_cores": statistics.mean(r["other_cpu_cores"] for r in runs)}
        if meta["records"] <= self.a.spacy_max:
            for procs in (1, 2):
                f = tempfile.TemporaryFile()
                r = measure([py, cmp, "spacy", meta["path"], "--processes", str(procs), "--batch-size", "64"], stdout=f)
                f.seek(0)
                r["tool"] = json.loads(f.read())
                self.raw(f"spacy-{size}-p{procs}", r)
                t = r["tool"]
                res[f"spacy_p{procs}"] = {"version": t["version"], "model": t["model"], "pipe_names": t["pipe_names"], "batch_size": t["batch_size"],
                                          "articles": t["articles"], "tokens": t["tokens"], "entities": t["entities"], "pipe_s": t["pipe_s"], "pipe_cpu_s": t["pipe_cpu_s"],
                                          "articles_per_s": t["articles"] / t["pipe_s"], "text_mb_per_s": t["text_bytes"] / 1e6 / t["pipe_s"],
                                          "tokens_per_s": t["tokens"] / t["pipe_s"], "maxrss_mb": r["maxrss_mb"], "other_cpu_cores": r["other_cpu_cores"]}
                log(f"  spacy {size} x{procs}: {t['pipe_s']:.1f} s ({t['articles'] / t['pipe_s']:.1f} articles/s)")
        return res

    def run(self):
        sizes = self.a.sizes
        compare = set(self.a.compare_sizes)
        all_results = {}
        biggest = None
        for size in sizes:
            meta = self.corpus(size)
            n = meta["records"]
            log(f"size {size}: {n} articles, {meta['bytes'] / 1e6:.1f} MB")
            entry = {"size": size, "articles": n, "input_bytes": meta["bytes"], "text_bytes": meta["text_bytes"], "run_id": RUN_ID,
                     "commit": self.snapshot["commit"], "dirty": self.snapshot["dirty"], "snapshot_sha256": self.snapshot["snapshot_sha256"],
                     "started": time.strftime("%Y-%m-%d %H:%M:%S"), "loadavg_at_start": os.getloadavg()}
            def stage(name, fn):
                entry[name] = fn()
                merge_results(size, entry)
                render()
            stage("extraction", lambda: self.extraction(size, meta))
            ing, db = self.ingest(size, meta)
            stage("ingest", lambda: ing)
            big = n > 200_000
            if big:  # queries first at scale: the exports take long and may not finish
                stage("queries", lambda: self.queries(size, db, 1))
            exp, outdir = self.exports(size, meta, db, on_format=lambda partial: (entry.__setitem__("export", partial), merge_results(size, entry)))
            stage("export", lambda: exp)
            stage("build", lambda: self.build(size, meta, entry["ingest"], entry["export"]["all"]))
            if not big:
                stage("queries", lambda: self.queries(size, db, 3 if self.a.quick else 5))
            if size in compare and not self.a.skip_compare:
                stage("compare", lambda: self.compare(size, meta, outdir))
            entry["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
            merge_results(size, entry)
            log(f"size {size} done")
        render()


def run_existing(a):
    """Queries and exports on a store made earlier (e.g. an ingest stopped at a time limit),
    recorded under --label with the store's own article count."""
    import sqlite3
    b = Bench(a)
    con = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True, timeout=60)
    n = con.execute("SELECT count(*) FROM article").fetchone()[0]
    con.close()
    label = a.label
    path = os.path.join(ROOT, "Benchmarks", "results", "results.json")
    prev = json.load(open(results_file())).get("sizes", {}).get(label, {}) if os.path.exists(results_file()) else {}
    entry = dict(prev)
    entry.update({"size": label, "articles": n, "run_id_store": RUN_ID, "store_note": a.store_note or f"an existing store of {n} articles",
                  "commit": b.snapshot["commit"], "dirty": b.snapshot["dirty"], "snapshot_sha256": b.snapshot["snapshot_sha256"]})
    entry.setdefault("input_bytes", 0)
    entry.setdefault("text_bytes", 0)
    entry.setdefault("run_id", RUN_ID)
    entry["queries"] = b.queries(label, a.store, 1)
    merge_results(label, entry)
    render()
    log(f"queries on {label}: p50 {entry['queries']['all']['p50_ms']:.0f} ms, p95 {entry['queries']['all']['p95_ms']:.0f} ms")
    meta = {"records": n, "bytes": entry["input_bytes"], "text_bytes": entry["text_bytes"]}
    b.a.compare_max = 0
    exp, _ = b.exports(label, meta, a.store, on_format=lambda partial: (entry.__setitem__("export", partial), merge_results(label, entry), render()))
    entry["export"] = exp
    merge_results(label, entry)
    render()


def results_file():
    return os.environ.get("BENCH_RESULTS") or os.path.join(RESULTS, "results.json")


def merge_results(size, entry):
    import fcntl
    path = results_file()
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _merge(path, size, entry)


def _merge(path, size, entry):
    data = json.load(open(path)) if os.path.exists(path) else {"about": "Summaries of scripts/bench.sh runs, one entry per corpus size; see BENCHMARKS.md.", "sizes": {}}
    data["sizes"][size] = entry
    data["machine"] = machine()
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


def machine():
    model = ""
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {"cpu": model, "cores": os.cpu_count(), "memory": mem, "kernel": os.uname().release}


# ---- rendering the tables of BENCHMARKS.md ----
def order_key(size):
    n = bench_corpus.parse_size(size)
    return 5918 if n is None else n


def f1(x, d=1):
    return "–" if x is None else f"{x:,.{d}f}"


def section(lines, title, header, separator):
    """A table of the summary: a blank line, its bold title, a blank line, header, separator."""
    lines.extend(["", title, "", header, separator])


def render():
    import fcntl
    with open(results_file() + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _render()


def _render():
    path = results_file()
    if not os.path.exists(path):
        return
    data = json.load(open(path))
    sizes = sorted(data["sizes"], key=order_key)
    S = data["sizes"]
    L = []
    L.append("| size | articles | input MB | commit | run | load (other cores busy, mean) |")
    L.append("| --- | ---: | ---: | --- | --- | ---: |")
    for s in sizes:
        e = S[s]
        L.append(f"| {s} | {e['articles']:,} | {e['input_bytes'] / 1e6:,.1f} | `{e['commit'][:10]}`{' dirty' if e['dirty'] else ''} | {e['run_id']} | {f1(e.get('ingest', {}).get('other_cpu_cores'), 2)} |")
    section(L, "**Extraction and ingest** (median wall time; MB = uncompressed JSON Lines input; peak RSS = max over runs)",
            "| size | extract 1 thread art/s | extract 1 thread MB/s | extract 2 threads art/s | ingest s | ingest CPU s | ingest art/s | ingest MB/s | ingest peak RSS MB | store writes share (phase split) | store MB |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in sizes:
        e = S[s]
        x = e.get("extraction") or {}
        t1, t2, ph = x.get("threads_1", {}), x.get("threads_2", {}), x.get("phases", {})
        i = e.get("ingest")
        if not i:
            continue
        L.append(f"| {s} | {f1(t1.get('articles_per_s'), 0)} | {f1(t1.get('input_mb_per_s'), 2)} | {f1(t2.get('articles_per_s'), 0)} | {f1(i['wall_s'])} | {f1(i.get('cpu_s'))} | {f1(i['articles_per_s'], 0)} | {f1(i['input_mb_per_s'], 2)} | {f1(i['maxrss_mb'], 0)} | {('%.0f%%' % (100 * ph['store_share'])) if ph else '–'} | {i['store_bytes'] / 1e6:,.0f} |")
    section(L, "**Exports** (median wall time of `newsgraph export --format F` from the store, process start to exit; triples counted in the N-Triples output, GraphML elements = nodes + edges)",
            "| size | format | s | CPU s | triples or elements | per s | MB written | MB/s | peak RSS MB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in sizes:
        ex = S[s].get("export", {})
        for fmt in FORMATS:
            if fmt not in ex:
                continue
            r = ex[fmt]
            cnt = r.get("triples", r.get("elements"))
            rate = r.get("triples_per_s", r.get("elements_per_s"))
            L.append(f"| {s} | {fmt} | {f1(r['wall_s'], 2)} | {f1(r.get('cpu_s'), 2)} | {cnt:,} | {f1(rate, 0)} | {f1(r['bytes'] / 1e6)} | {f1(r['mb_per_s'])} | {f1(r['maxrss_mb'], 0)} |")
        a = ex.get("all")
        if not a:
            continue
        L.append(f"| {s} | {'all five' if 'note' not in a else 'sum of ' + ', '.join(a['formats'])} | {f1(a['wall_s'], 2)} | {f1(a.get('cpu_s'), 2)} | | | | | {f1(a['maxrss_mb'], 0)} |")
    section(L, "**End to end** (`newsgraph build`: ingest plus all five exports)",
            "| size | build s | articles/s | peak RSS MB | ingest + export-all measured apart, s |",
            "| --- | ---: | ---: | ---: | ---: |")
    for s in sizes:
        b = S[s].get("build")
        if not b:
            continue
        L.append(f"| {s} | {f1(b['wall_s'])} | {f1(b['articles_per_s'], 0)} | {f1(b['maxrss_mb'], 0)} | {f1(b.get('ingest_plus_export_all_s', b['wall_s']))}{' (' + b['note'] + ')' if 'note' in b else ''} |")
    section(L, "**Query latency** (the fixed set of Benchmarks/queries.json, each a new `newsgraph` process with `--format jsonl` to /dev/null; ms)",
            "| size | kind | n | p50 | p95 | max | CPU p50 | CPU p95 | peak RSS MB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in sizes:
        q = S[s].get("queries", {})
        rawq = os.path.join(RESULTS, "raw", S[s].get("run_id", ""), f"queries-{s}.json")
        if q and "cpu_p50_ms" not in q.get("all", {}) and os.path.exists(rawq):
            runs = json.load(open(rawq))
            for kind in list(q):
                if isinstance(q[kind], dict):
                    c = [(r["user_s"] + r["sys_s"]) * 1000 for r in runs if kind == "all" or r["kind"] == kind]
                    if c:
                        q[kind]["cpu_p50_ms"], q[kind]["cpu_p95_ms"] = pct(c, 50), pct(c, 95)
        for kind in ["entities", "show", "query", "path", "stats", "all"]:
            if kind in q:
                r = q[kind]
                L.append(f"| {s} | {kind} | {r['n']} | {f1(r['p50_ms'])} | {f1(r['p95_ms'])} | {f1(r['max_ms'])} | {f1(r.get('cpu_p50_ms'))} | {f1(r.get('cpu_p95_ms'))} | {f1(r['maxrss_mb'], 0)} |")
    # Comparisons
    comp = [s for s in sizes if "compare" in S[s]]
    if comp:
        section(L, "**Side by side** (same run, same graph or articles; ours = the whole `newsgraph export` process, theirs = the serializer call alone, after loading)",
                "| size | what | NewsGraph s | other s | ratio (other / ours) | NewsGraph CPU s | other CPU s | CPU ratio | target |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for s in comp:
            c = S[s]["compare"]
            ex = S[s]["export"]
            rd = c["rdflib"]
            L.append(f"| {s} | rdflib {rd['version']} parse N-Triples ({rd['triples']:,} triples) | – | {f1(rd['parse_s'], 2)} | – | – | {f1(rd.get('parse_cpu_s'), 2)} | – | – |")
            for fmt, name in (("rdfxml", "xml"), ("jsonld", "json-ld"), ("turtle", "turtle"), ("ntriples", "nt")):
                if name in rd["serialize_s"] and fmt in ex:
                    ours, theirs = ex[fmt]["wall_s"], rd["serialize_s"][name]
                    oc, tc = ex[fmt]["cpu_s"], rd.get("serialize_cpu_s", {}).get(name)
                    target = "≥ 20×" if fmt != "ntriples" else "(no target)"
                    L.append(f"| {s} | {fmt}: rdflib serialize vs `newsgraph export` | {f1(ours, 2)} | {f1(theirs, 2)} | **{theirs / ours:.1f}×** | {f1(oc, 2)} | {f1(tc, 2)} | {'–' if tc is None else f'**{tc / oc:.1f}×**'} | {target} |")
            nx = c["networkx"]
            if "graphml" in ex:
                ours, oc, tc = ex["graphml"]["wall_s"], ex["graphml"]["cpu_s"], nx.get("write_cpu_s")
                L.append(f"| {s} | graphml: networkx {nx['version']} write_graphml ({nx['nodes']:,} nodes, {nx['edges']:,} edges) vs `newsgraph export` | {f1(ours, 2)} | {f1(nx['write_s'], 2)} | **{nx['write_s'] / ours:.1f}×** | {f1(oc, 2)} | {f1(tc, 2)} | {'–' if tc is None else f'**{tc / oc:.1f}×**'} | ≥ 5× |")
            x = S[s].get("extraction") or {}
            for procs, key in ((1, "threads_1"), (2, "threads_2")):
                sp = c.get(f"spacy_p{procs}")
                if sp and key in x:
                    ours = x[key]["articles_per_s"]
                    oc = x[key]["cpu_s"]
                    tc = sp.get("pipe_cpu_s")
                    cpu_ratio = (tc / oc) if (tc and procs == 1) else None
                    L.append(f"| {s} | extraction, {procs} {'core' if procs == 1 else 'cores'}: spaCy {sp['version']} NER only ({sp['articles_per_s']:.1f} art/s, {sp['tokens_per_s']:,.0f} tokens/s) vs newsgraph extraction ({ours:,.0f} art/s) | {f1(S[s]['articles'] / ours, 2)} | {f1(sp['pipe_s'], 1)} | **{ours / sp['articles_per_s']:.1f}×** | {f1(oc, 2)} | {f1(tc, 1) if procs == 1 else '–'} | {'–' if cpu_ratio is None else f'**{cpu_ratio:.1f}×**'} | ≥ 100× |")
            sp = c.get("spacy_p2")
            if sp and "ingest" in S[s]:
                ours = S[s]["ingest"]["articles_per_s"]
                L.append(f"| {s} | whole `newsgraph ingest` (2 cores, with store writes) vs spaCy NER only, 2 processes | {f1(S[s]['ingest']['wall_s'], 2)} | {f1(sp['pipe_s'], 1)} | **{ours / sp['articles_per_s']:.1f}×** | {f1(S[s]['ingest']['cpu_s'], 2)} | – | – | – |")
        L.append("")
        L.append("| size | peak RSS MB | rdflib (parse + 4 serializations) | networkx (read + write) | spaCy 1 process | spaCy 2 processes |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: |")
        for s in comp:
            c = S[s]["compare"]
            L.append(f"| {s} | | {f1(c['rdflib']['maxrss_mb'], 0)} | {f1(c['networkx']['maxrss_mb'], 0)} | {f1(c.get('spacy_p1', {}).get('maxrss_mb'), 0)} | {f1(c.get('spacy_p2', {}).get('maxrss_mb'), 0)} |")
    # Growth
    L.append("")
    L.append("**Growth** (relative to the smallest size; for time, per article: 1.00 = exactly linear; for memory, the plain ratio)")
    L.append("")
    base = sizes[0]
    L.append(f"| size | × articles | ingest s/article | ingest CPU s/article | export ntriples s/triple | export ntriples CPU s/triple | build s/article | ingest RSS | export RSS (max of formats) | query p50 | query p95 | query RSS |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    b = S[base]

    def exp_rss(e):
        return max(e["export"][f]["maxrss_mb"] for f in FORMATS if f in e.get("export", {}))

    def g(e, *path):
        for k in path:
            if not isinstance(e, dict) or k not in e:
                return None
            e = e[k]
        return e

    def ratio(a, b):
        return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"

    for s in sizes:
        e = S[s]
        per = lambda x, k: None if x is None else x / k
        nt_e, nt_b = g(e, "export", "ntriples"), g(b, "export", "ntriples")
        ip = e.get("ingest_partial")
        if ip and "ingest" not in e:
            ing_wall = ip["wall_s"] / ip["articles"] * e["articles"]
            ing_cpu = ip["cpu_s_at_last_sample"] / ip["articles_at_last_sample"] * e["articles"]
            e = dict(e, ingest={"wall_s": ing_wall, "cpu_s": ing_cpu, "maxrss_mb": ip["maxrss_mb"]})
        L.append("| {} | {:,.0f} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            s, e["articles"] / b["articles"],
            ratio(per(g(e, "ingest", "wall_s"), e["articles"]), per(g(b, "ingest", "wall_s"), b["articles"])),
            ratio(per(g(e, "ingest", "cpu_s"), e["articles"]), per(g(b, "ingest", "cpu_s"), b["articles"])),
            ratio(nt_e and nt_e["wall_s"] / nt_e["triples"], nt_b and nt_b["wall_s"] / nt_b["triples"]),
            ratio(nt_e and nt_e["cpu_s"] / nt_e["triples"], nt_b and nt_b["cpu_s"] / nt_b["triples"]),
            ratio(per(g(e, "build", "wall_s"), e["articles"]), per(g(b, "build", "wall_s"), b["articles"])),
            ratio(g(e, "ingest", "maxrss_mb"), g(b, "ingest", "maxrss_mb")),
            ratio(exp_rss(e) if g(e, "export") else None, exp_rss(b) if g(b, "export") else None),
            ratio(g(e, "queries", "all", "p50_ms"), g(b, "queries", "all", "p50_ms")),
            ratio(g(e, "queries", "all", "p95_ms"), g(b, "queries", "all", "p95_ms")),
            ratio(g(e, "queries", "all", "maxrss_mb"), g(b, "queries", "all", "maxrss_mb"))))
    text = "\n".join(L) + "\n"
    with open(os.path.join(os.path.dirname(path), "summary.md"), "w") as fh:
        fh.write(text)
    md = os.path.join(ROOT, "BENCHMARKS.md")
    if os.path.exists(md) and not os.environ.get("BENCH_RESULTS"):
        doc = open(md).read()
        a, z = "<!-- bench:tables:begin -->", "<!-- bench:tables:end -->"
        if a in doc and z in doc:
            doc = doc[:doc.index(a) + len(a)] + "\n" + text + doc[doc.index(z):]
            open(md, "w").write(doc)


def parse_args(argv):
    import argparse
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin")
    p.add_argument("--bench-bin")
    p.add_argument("--ontology")
    p.add_argument("--snapshot")
    p.add_argument("--sizes", default="1k,all,10k")
    p.add_argument("--compare-sizes", default="1k,all")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--skip-compare", action="store_true")
    p.add_argument("--python", default=None)
    p.add_argument("--cache", default=os.path.join(ROOT, "Benchmarks", ".cache"))
    p.add_argument("--extract-max", type=int, default=20_000, help="largest size for the extraction-alone runs")
    p.add_argument("--compare-max", type=int, default=20_000, help="largest size for build runs and kept exports")
    p.add_argument("--spacy-max", type=int, default=6_000)
    p.add_argument("--render-only", action="store_true")
    p.add_argument("--store", help="with --label: only queries and exports on this existing store")
    p.add_argument("--label")
    p.add_argument("--store-note")
    p.add_argument("--export-formats", default=",".join(FORMATS), help="formats to export (all five by default)")
    a = p.parse_args(argv)
    a.sizes = [s for s in a.sizes.split(",") if s]
    a.compare_sizes = [s for s in a.compare_sizes.split(",") if s]
    a.export_formats = [s for s in a.export_formats.split(",") if s]
    return a


if __name__ == "__main__":
    args = parse_args(sys.argv[1:])
    if args.render_only:
        render()
        sys.exit(0)
    if args.store:
        run_existing(args)
        sys.exit(0)
    Bench(args).run()
