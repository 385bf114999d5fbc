#!/usr/bin/env bash
# The project's test command (README, .ci/run):
#   1. installs what the build and the real-client checks need (scripts/install-test-deps.sh);
#   2. swift test (unit and end-to-end CLI tests; also writes a torture-graph export);
#   3. the real-client interop suite on the committed exports/ and on the torture export;
#   4. the development-set score guard (fails below the levels recorded in QUALITY.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
torture=$(mktemp -d)
trap 'rm -rf "$torture"' EXIT

NEWSGRAPH_TORTURE_DIR="$torture" swift test
INTEROP_REQUIRE_EXPORTS=1 Tests/Interop/run.sh --ontology ontology --schemas Tests/NewsGraphTests/Fixtures/graphml "$torture"
scripts/score_dev.sh --check
