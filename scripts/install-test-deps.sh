#!/usr/bin/env bash
# Installs what the build and the tests need:
#   apt: libxml2-dev, zlib1g-dev, libsqlite3-dev, pkg-config (only when missing)
# and what the real-client interoperability suite (Tests/Interop/) needs:
#   apt: libxml2-utils (xmllint), raptor2-utils (rapper)
#   pip: the exact versions in scripts/requirements-test.txt
#        (rdflib, PyLD, networkx, python-igraph, pyoxigraph, pyshacl and their dependencies)
#
# Idempotent and non-interactive. When everything is already there it only checks
# (about a quarter of a second). It writes nothing inside the repository.
#
# Which Python gets the packages:
#   - $NEWSGRAPH_TEST_PYTHON if set, else `python3`;
#   - if that interpreter is "externally managed" (PEP 668, e.g. Debian 12's /usr/bin/python3)
#     and is not already a virtual environment, a venv is created at
#     $NEWSGRAPH_TEST_VENV (default: ${XDG_CACHE_HOME:-$HOME/.cache}/newsgraph/test-venv)
#     and the packages go there. Tests/Interop/run.sh picks that venv up by itself.
# The last line printed is `python: PATH`, the interpreter to run the checker with.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQ="$ROOT/scripts/requirements-test.txt"
PY=${NEWSGRAPH_TEST_PYTHON:-python3}
VENV=${NEWSGRAPH_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/newsgraph/test-venv}

log() { printf 'install-test-deps: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        log "need root for: $*  (not root and no sudo)"
        return 1
    fi
}

APT_UPDATED=0
apt_install() {
    [ "$#" -gt 0 ] || return 0
    log "apt-get install $*"
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "$@" >/dev/null
}

# --- 0. what the Swift build links: libxml2, zlib, SQLite (headers and pkg-config) -------
build_missing=()
command -v pkg-config >/dev/null 2>&1 || build_missing+=(pkg-config)
for pair in libxml-2.0:libxml2-dev zlib:zlib1g-dev sqlite3:libsqlite3-dev; do
    if ! pkg-config --exists "${pair%%:*}" 2>/dev/null; then build_missing+=("${pair#*:}"); fi
done
apt_install "${build_missing[@]+"${build_missing[@]}"}"

# --- 1. command-line tools -------------------------------------------------------------
missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
apt_install "${missing[@]+"${missing[@]}"}"

# --- 2. pick the interpreter -----------------------------------------------------------
if ! command -v "$PY" >/dev/null 2>&1; then
    apt_install python3 python3-pip python3-venv
fi
PY=$(command -v "$PY")

# Prints "managed" for a PEP 668 interpreter outside a virtual environment.
managed=$("$PY" - <<'EOF'
import os, sys, sysconfig
in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
print("managed" if (not in_venv and os.path.exists(marker)) else "free")
EOF
)
if [ "$managed" = managed ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        log "$PY is externally managed (PEP 668): creating a venv at $VENV"
        mkdir -p "$(dirname "$VENV")"
        if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$PY" -m venv "$VENV"
        fi
    fi
    PY="$VENV/bin/python"
fi

# --- 3. Python packages ----------------------------------------------------------------
# Lists the pins of requirements-test.txt that the interpreter does not satisfy exactly.
unmet=$("$PY" - "$REQ" <<'EOF'
import re, sys
from importlib import metadata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        have = None
    if have != want:
        print(f"{name}=={want} (have {have or 'none'})")
EOF
)
if [ -n "$unmet" ]; then
    log "pip install -r scripts/requirements-test.txt; missing or other versions:"
    printf '%s\n' "$unmet" | sed 's/^/    /' >&2
    if ! "$PY" -m pip --version >/dev/null 2>&1; then
        "$PY" -m ensurepip --upgrade >/dev/null 2>&1 || apt_install python3-pip
    fi
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$PY" -m pip install --quiet --no-input \
        --prefer-binary -r "$REQ"
fi

# --- 4. report ---------------------------------------------------------------------
"$PY" - <<'EOF' >&2
import importlib.metadata as m
names = ["rdflib", "PyLD", "networkx", "python-igraph", "pyoxigraph", "pyshacl"]
print("install-test-deps: " + ", ".join(f"{n} {m.version(n)}" for n in names))
EOF
log "$(xmllint --version 2>&1 | head -n 1); rapper $(rapper --version)"
echo "python: $PY"
