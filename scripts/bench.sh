#!/usr/bin/env bash
# The NewsGraph benchmarks, in one command (see BENCHMARKS.md):
#
#   scripts/bench.sh [--sizes 1k,all,10k,1m] [--compare-sizes 1k,all] [--quick]
#                    [--source worktree|head] [--reuse-build] [--skip-compare] [--profile]
#                    [--export-formats ntriples,graphml]
#
# 1. builds the release `newsgraph` CLI and the `newsgraph-bench` phase timer from a snapshot
#    of the sources (scripts/bench_build.py; scratch path Benchmarks/.cache/src/.build-bench);
# 2. makes the Python venv with the pins of Benchmarks/requirements.txt (scripts/bench_venv.sh);
# 3. generates the corpora into Benchmarks/.cache/corpus (scripts/bench_corpus.py);
# 4. measures (scripts/bench.py) and merges the summaries into Benchmarks/results/results.json,
#    raw runs into Benchmarks/results/raw/, and the tables into BENCHMARKS.md;
# 5. with --profile, also the callgrind profiles (scripts/bench_profile.sh).
# Sizes: 1k (the first 1,000 real articles), all (the 5,918 real ones), 10k, 1m (repeated with
# distinct ids and light variation). Default: --sizes 1k,all,10k. --quick: one repetition.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${BENCH_CACHE:-$root/Benchmarks/.cache}"
export BENCH_CACHE="$cache"
source_mode=worktree
profile=0
reuse=0
pass=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --source) source_mode="$2"; shift 2 ;;
        --profile) profile=1; shift ;;
        --reuse-build) reuse=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) pass+=("$1"); shift ;;
    esac
done
mkdir -p "$cache"
if [[ $reuse == 1 && -f "$cache/build.json" ]]; then
    echo "bench: reusing the binaries of $cache/build.json" >&2
else
    echo "bench: building the release binaries (snapshot of the $source_mode)" >&2
    python3 "$root/scripts/bench_build.py" --cache "$cache" --source "$source_mode" > "$cache/build.json"
fi
read -r bin benchbin ontology snapshot < <(python3 -c 'import json,os,sys; d=json.load(open(sys.argv[1])); print(d["newsgraph"], d["newsgraph_bench"], d["ontology"], os.path.join(os.path.dirname(d["newsgraph"]), "SNAPSHOT.json"))' "$cache/build.json")
echo "bench: preparing the Python venv" >&2
python="$("$root/scripts/bench_venv.sh")"
python3 "$root/scripts/bench.py" --bin "$bin" --bench-bin "$benchbin" --ontology "$ontology" \
    --snapshot "$snapshot" --python "$python" --cache "$cache" "${pass[@]}"
if [[ $profile == 1 ]]; then
    "$root/scripts/bench_profile.sh"
fi
