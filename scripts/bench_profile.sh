#!/usr/bin/env bash
# Callgrind profiles of the hot paths: `newsgraph ingest` of a small corpus (default 200
# articles) and `newsgraph export` of the resulting store in each format. Instruction
# counts (Ir) are repeatable whatever else runs on the machine; SWIFT_DETERMINISTIC_HASHING
# fixes Swift's per-process hash seed so that two runs execute the same instructions.
#
#   scripts/bench_profile.sh [--articles 200] [--formats ntriples,graphml,rdfxml,jsonld,turtle]
#   scripts/bench_profile.sh --annotate-only     # only rewrite the profile-*.txt from the raw files
#
# Uses the binaries of Benchmarks/.cache/build.json (run scripts/bench.sh or
# scripts/bench_build.py first). Writes Benchmarks/.cache/profile/callgrind.out.* (raw),
# Benchmarks/results/profile-*.txt (callgrind_annotate, demangled: exclusive and inclusive
# top functions) and Benchmarks/results/profile.json (total instructions per scenario, and
# the fixed cost of starting up: an ingest of one article).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${BENCH_CACHE:-$root/Benchmarks/.cache}"
articles=200
formats=ntriples,graphml,rdfxml,jsonld,turtle
annotate_only=0
build_json=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --annotate-only) annotate_only=1; shift ;;
        --build) build_json="$2"; shift 2 ;;
        --articles) articles="$2"; shift 2 ;;
        --formats) formats="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
    esac
done
build_json="${build_json:-$cache/build.json}"
read -r bin ontology snapshot commit dirty < <(python3 -c 'import json,os,sys; d=json.load(open(sys.argv[1])); print(d["newsgraph"], d["ontology"], d["snapshot_sha256"], d["commit"], d["dirty"])' "$build_json")
prof="$cache/profile/${snapshot:0:12}"
results="$root/Benchmarks/results"
mkdir -p "$prof" "$results"
corpus="$prof/corpus-$articles.jsonl"
one="$prof/corpus-1.jsonl"
python3 "$root/scripts/bench_corpus.py" "$articles" "$corpus" > /dev/null
python3 "$root/scripts/bench_corpus.py" 1 "$one" > /dev/null
export SWIFT_DETERMINISTIC_HASHING=1

annotate() { # name
    local out="$prof/callgrind.out.$1"
    {
        echo "# callgrind_annotate of $1 (snapshot ${snapshot:0:12}); exclusive Ir, top 30"
        callgrind_annotate --threshold=100 "$out" 2>/dev/null | swift demangle --simplified | sed -n '20,56p' \
            | sed 's#\(/work/main/\)\{0,1\}Benchmarks/.cache/src/##g; s#\[/work/main/Benchmarks/.cache/bin/[0-9a-f]*/newsgraph\]##' | cut -c1-220 || true
        echo
        echo "# inclusive Ir of the project's functions and of statement preparation / Foundation string search, top 60"
        callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null | swift demangle --simplified \
            | grep -E "PROGRAM TOTALS|/Sources/|sqlite3_prepare|sqlite3_step|makeStatement|cachedStatement|Statement\.init|StatementAuthorizer|StringProtocol\.range|NSString\.range|CFStringFind" \
            | grep -vE "main\.swift|guarded|Workflows" | sed 's#\(/work/main/\)\{0,1\}Benchmarks/.cache/src/##g; s#\[/work/main/Benchmarks/.cache/bin/[0-9a-f]*/newsgraph\]##' | head -60 | cut -c1-220 || true
    } > "$results/profile-${snapshot:0:12}-$1.txt"
}

total() { # name -> Ir total
    callgrind_annotate "$prof/callgrind.out.$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

run() { # name, command...
    local name="$1"; shift
    echo "profile: $name" >&2
    valgrind --tool=callgrind --callgrind-out-file="$prof/callgrind.out.$name" "$@" > /dev/null 2> "$prof/valgrind.$name.log" || {
        local rc=$?; [[ $rc == 2 ]] || { echo "profile: $name failed ($rc), see $prof/valgrind.$name.log" >&2; exit 3; }
    }
    annotate "$name"
}

summary() {
    local triples
    triples=$(grep -c . "$prof/graph.nt" 2>/dev/null || echo 0)

python3 - "$results/profile.json" "$snapshot" "$articles" "$triples" "$commit" "$dirty" <<PY
import json, os, subprocess, sys, time
path, snapshot, articles, triples, commit, dirty = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6] == "True"
names = ["ingest-1", "ingest"] + ["export-" + f for f in "$formats".split(",")]
def total(name):
    out = subprocess.run(["callgrind_annotate", "$prof/callgrind.out." + name], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "PROGRAM TOTALS" in line:
            return int(line.split()[0].replace(",", ""))
ir = {n: total(n) for n in names}
run = {"snapshot": snapshot, "commit": commit, "dirty": dirty, "when": time.strftime("%Y-%m-%d %H:%M"), "articles": articles,
       "ntriples_triples": triples, "ir": ir, "ingest_ir_per_article_after_startup": (ir["ingest"] - ir["ingest-1"]) / max(1, articles - 1)}
if triples:
    run["export_ir_per_triple"] = {n: ir[n] / triples for n in names if n.startswith("export-")}
data = json.load(open(path)) if os.path.exists(path) else {}
data["about"] = "callgrind instruction counts (Ir) from scripts/bench_profile.sh, one entry per source snapshot (first 12 hex digits of its sha256); the same binary and inputs give the same counts"
data.setdefault("runs", {})[snapshot[:12]] = run
json.dump(data, open(path, "w"), indent=1, sort_keys=True)
print(json.dumps(run, indent=1))
PY
}

if [[ $annotate_only == 1 ]]; then
    for f in "$prof"/callgrind.out.*; do annotate "${f##*/callgrind.out.}"; done
    summary
    exit 0
fi
rm -f "$prof"/store*.db*
run ingest-1 "$bin" ingest "$one" --db "$prof/store1.db" --ontology "$ontology" -q
run ingest "$bin" ingest "$corpus" --db "$prof/store.db" --ontology "$ontology" -q
declare -A ext=([graphml]=graphml [rdfxml]=rdf [jsonld]=jsonld [ntriples]=nt [turtle]=ttl)
IFS=, read -ra fmts <<< "$formats"
for f in "${fmts[@]}"; do
    run "export-$f" "$bin" export --format "$f" --out "$prof/graph.${ext[$f]}" --db "$prof/store.db"
done
summary
