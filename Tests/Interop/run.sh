#!/usr/bin/env bash
# Real-client interoperability suite: runs Tests/Interop/check_exports.py on the committed
# exports and on every export directory given as an argument.
#
#   Tests/Interop/run.sh [CHECKER-OPTIONS...] [EXPORT_DIR...]
#
# Committed exports: exports/ itself when it holds graph.* files, and each subdirectory of
# exports/ (one level) that does. CHECKER-OPTIONS (--ontology DIR, --schemas DIR, ...) are
# passed to every run; --expect-nodes/--expect-edges only make sense with a single directory.
# Needs the tools of scripts/install-test-deps.sh; the interpreter is $NEWSGRAPH_TEST_PYTHON,
# else the venv that script creates for an externally managed Python, else python3.
# Set INTEROP_REQUIRE_EXPORTS=1 to fail when there is nothing to check.
# Exit status: 0 when every check passed, 1 otherwise.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHECKER="$ROOT/Tests/Interop/check_exports.py"
VENV=${NEWSGRAPH_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/newsgraph/test-venv}

if [ -n "${NEWSGRAPH_TEST_PYTHON:-}" ]; then
    PY=$NEWSGRAPH_TEST_PYTHON
elif [ -x "$VENV/bin/python" ]; then
    PY="$VENV/bin/python"
else
    PY=python3
fi
if ! "$PY" -c 'import rdflib, pyld, networkx, igraph, pyoxigraph, pyshacl' 2>/dev/null \
        || ! command -v xmllint >/dev/null || ! command -v rapper >/dev/null; then
    echo "interop: the test tools are missing for $PY: run scripts/install-test-deps.sh" >&2
    exit 1
fi

opts=()
dirs=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --ontology|--schemas|--expect-nodes|--expect-edges)
            opts+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        -*) opts+=("$1"); shift ;;
        *) dirs+=("$1"); shift ;;
    esac
done

has_export() { compgen -G "$1/graph.*" >/dev/null; }
committed=()
if [ -d "$ROOT/exports" ]; then
    has_export "$ROOT/exports" && committed+=("$ROOT/exports")
    for d in "$ROOT"/exports/*/; do
        [ -d "$d" ] && has_export "${d%/}" && committed+=("${d%/}")
    done
fi
all=("${committed[@]+"${committed[@]}"}" "${dirs[@]+"${dirs[@]}"}")

if [ "${#all[@]}" -eq 0 ]; then
    echo "interop: no export to check (exports/ holds no graph.* files and no directory was given)"
    [ "${INTEROP_REQUIRE_EXPORTS:-0}" = 1 ] && exit 1
    exit 0
fi

passed=0 failed=0 skipped=0 bad_dirs=()
start=$(date +%s.%N)
for d in "${all[@]}"; do
    out=$("$PY" "$CHECKER" "${opts[@]+"${opts[@]}"}" "$d" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '^summary: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -n "$line" ]; then
        read -r p f s < <(printf '%s\n' "$line" | sed -E 's/^summary: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/')
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    fi
    if [ "$rc" -ne 0 ]; then
        bad_dirs+=("$d")
        # a crash or a usage error counts as a failure even without a summary line
        [ -z "$line" ] && failed=$((failed + 1))
    fi
    echo
done
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "interop: ${#all[@]} export dir(s) in ${elapsed} s${bad_dirs[*]+; failing: ${bad_dirs[*]}}"
echo "interop: $passed passed, $failed failed, $skipped skipped"
[ "${#bad_dirs[@]}" -eq 0 ]
