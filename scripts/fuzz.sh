#!/usr/bin/env bash
# The long fuzz run of issue 7 (see ROBUSTNESS.md): the property tests of
# Tests/NewsGraphTests/FuzzTests.swift with many iterations, then the real clients
# (Tests/Interop/check_exports.py: xmllint, networkx, igraph, rdflib, rapper, pyoxigraph, PyLD,
# pyshacl) on the exports of everything that was fuzzed.
#
#   scripts/fuzz.sh [ITERATIONS [SEED]]      default: 2000 iterations, seed = the current time
#   scripts/fuzz.sh --libfuzzer [SECONDS]    coverage-guided: libFuzzer with AddressSanitizer on
#                                            the readers (scripts/libfuzzer/IngestFuzzer.swift),
#                                            default 300 s; corpus kept in $NEWSGRAPH_FUZZ_SCRATCH
#
# Environment:
#   NEWSGRAPH_FUZZ_CONFIGURATION  debug (default) or release (slower to build, faster to run)
#   NEWSGRAPH_FUZZ_SCRATCH        the SwiftPM scratch path (default .build-fuzz)
#   NEWSGRAPH_FUZZ_KEEP           a folder to keep the fuzzed exports in (default: a temporary one,
#                                 kept only when a check fails)
# Needs scripts/install-test-deps.sh for the real clients. Exit status 0 when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--libfuzzer" ]; then
    seconds=${2:-300}
    scratch=${NEWSGRAPH_FUZZ_SCRATCH:-.build-libfuzzer}
    echo "libfuzzer: building NewsGraphIngest with -sanitize=fuzzer,address in $scratch"
    swift build --scratch-path "$scratch" --target NewsGraphIngest -Xswiftc -sanitize=fuzzer,address 2>&1 \
        | grep -E 'error|warning: ' ; [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
    bin="$scratch/debug"
    swiftc -sanitize=fuzzer,address -parse-as-library scripts/libfuzzer/IngestFuzzer.swift -I "$bin/Modules" \
        -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap \
        $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
        "$bin"/NewsGraphIngest.build/*.o "$bin"/NewsGraphModel.build/*.o -lxml2 -lz -o "$bin/ingest-fuzzer" 2>&1 \
        | grep -v 'Cannot export local symbol' ; [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
    corpus="$scratch/libfuzzer-corpus" artifacts="$scratch/libfuzzer-findings"
    mkdir -p "$corpus" "$artifacts"
    kinds=(txt html jsonl xml txt.gz jsonl.gz)
    for f in Tests/NewsGraphTests/Fixtures/hostile/*; do
        name=$(basename "$f"); ext=${name#*.}; k=0
        for i in "${!kinds[@]}"; do [ "${kinds[$i]}" = "$ext" ] && k=$i; done
        [ "$ext" = md ] || { printf "\\x$(printf %02x "$k")"; cat "$f"; } > "$corpus/seed-$name"
    done
    echo "libfuzzer: $seconds s; findings go to $artifacts"
    NEWSGRAPH_ONTOLOGY="$PWD/ontology" ASAN_OPTIONS=detect_leaks=0 "$bin/ingest-fuzzer" "$corpus" \
        -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=3000 -artifact_prefix="$artifacts/" \
        -print_final_stats=1 2>&1 | grep -Ev '^#[0-9]+\s+(NEW|REDUCE|pulse)'
    status=${PIPESTATUS[0]}
    [ "$status" -eq 0 ] && echo "libfuzzer: passed" || echo "libfuzzer: FAILED; see $artifacts"
    exit "$status"
fi

iterations=${1:-2000}
seed=${2:-$(date +%s)}
config=${NEWSGRAPH_FUZZ_CONFIGURATION:-debug}
scratch=${NEWSGRAPH_FUZZ_SCRATCH:-.build-fuzz}
out=${NEWSGRAPH_FUZZ_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-fuzz.XXXXXX")}
mkdir -p "$out"

VENV=${NEWSGRAPH_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/newsgraph/test-venv}
if [ -n "${NEWSGRAPH_TEST_PYTHON:-}" ]; then PY=$NEWSGRAPH_TEST_PYTHON
elif [ -x "$VENV/bin/python" ]; then PY="$VENV/bin/python"
else PY=python3; fi

echo "fuzz: $iterations iterations, seed $seed, $config build in $scratch, exports in $out"
start=$(date +%s)
NEWSGRAPH_FUZZ_ITERATIONS=$iterations NEWSGRAPH_FUZZ_SEED=$seed NEWSGRAPH_FUZZ_DIR=$out \
    swift test -c "$config" --scratch-path "$scratch" --filter 'NewsGraphTests.FuzzTests' 2>&1 \
    | grep -Ev '^\s*$' | grep -Ev '^(\[[0-9]+/[0-9]+\]|Compiling|Building|Write|Emitting|Planning)'
status=${PIPESTATUS[0]}
echo "fuzz: property tests finished in $(( $(date +%s) - start )) s with status $status"

for d in "$out/articles" "$out/files"; do
    if [ ! -f "$d/graph.graphml" ]; then
        echo "fuzz: no export in $d"
        status=1
        continue
    fi
    "$PY" Tests/Interop/check_exports.py --ontology ontology --schemas Tests/NewsGraphTests/Fixtures/graphml "$d" \
        | grep -E '^(FAIL|summary)|^  ' | head -80
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

if [ "$status" -eq 0 ]; then
    echo "fuzz: passed ($iterations iterations, seed $seed)"
    [ -z "${NEWSGRAPH_FUZZ_KEEP:-}" ] && rm -rf "$out"
else
    echo "fuzz: FAILED ($iterations iterations, seed $seed); exports kept in $out"
fi
exit "$status"
