#!/usr/bin/env bash
# Scores extraction on the seeds and on the development articles with ../shared/dev/score.py.
#
#   scripts/score_dev.sh            print the scores
#   scripts/score_dev.sh --check    also fail when a score drops below scripts/quality-baseline.json
#   scripts/score_dev.sh --record   write the current scores as the new baseline
#
# Relations are scored twice: every relation the CLI prints ("all"), and only the kinds the
# gold annotates ("gold scope": events, plus the stative claims and controls, and not the
# events NewsGraph marks as someone's claim; the gold guidelines leave out membership,
# office-holding, part-of and location, and claims made inside others' statements).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${NEWSGRAPH_SHARED:-../shared}
MODE=${1:-}
BIN=${NEWSGRAPH_BIN:-.build/debug/newsgraph}
[ -x "$BIN" ] || swift build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BIN" ingest "$SHARED/dev/seeds" "$SHARED/dev/articles" --db "$work/dev.db" --quiet
"$BIN" entities --db "$work/dev.db" --format jsonl > "$work/entities.jsonl"
"$BIN" query --db "$work/dev.db" --format jsonl > "$work/relations.jsonl" || true

python3 - "$work" "$SHARED" "$MODE" <<'PY'
import json, os, subprocess, sys
work, shared, mode = sys.argv[1], sys.argv[2], sys.argv[3]
gold = os.path.join(shared, "dev", "gold")
sets = {"seeds": [f for f in sorted(os.listdir(gold)) if f[:3].isdigit() and f[3] == "_"],
        "dev": [f for f in sorted(os.listdir(gold)) if not (f[:3].isdigit() and f[3] == "_")]}
rels = [json.loads(l) for l in open(os.path.join(work, "relations.jsonl"))]
scoped = [r for r in rels if r.get("modality") != "claimed"
          and (r.get("kind") == "event" or (r.get("action") or {}).get("relation") in ("claims", "controls"))]
with open(os.path.join(work, "scoped.jsonl"), "w") as fh:
    for r in scoped:
        fh.write(json.dumps(r) + "\n")
results = {}
for name, files in sets.items():
    d = os.path.join(work, "gold-" + name)
    os.makedirs(d, exist_ok=True)
    for f in files:
        os.symlink(os.path.abspath(os.path.join(gold, f)), os.path.join(d, f))
    for variant, relfile in (("all", "relations.jsonl"), ("scope", "scoped.jsonl")):
        out = os.path.join(work, f"score-{name}-{variant}.json")
        subprocess.run([sys.executable, os.path.join(shared, "dev", "score.py"), "--gold", d,
                        "--entities", os.path.join(work, "entities.jsonl"), "--relations", os.path.join(work, relfile),
                        "--json", out], check=True, stdout=subprocess.DEVNULL)
        results[f"{name}/{variant}"] = json.load(open(out))
for key, r in results.items():
    e, rl = r["entities"], r["relations_lenient"]
    print(f"{key:12s} entities P={e['p']:.3f} R={e['r']:.3f} F1={e['f1']:.3f} | relations(lenient) P={rl['p']:.3f} R={rl['r']:.3f} F1={rl['f1']:.3f}")
baseline_path = "scripts/quality-baseline.json"
current = {k: {"entities_f1": v["entities"]["f1"], "relations_lenient_f1": v["relations_lenient"]["f1"],
               "relations_lenient_p": v["relations_lenient"]["p"]} for k, v in results.items()}
if mode == "--record":
    json.dump(current, open(baseline_path, "w"), indent=1, sort_keys=True)
    print("recorded", baseline_path)
elif mode == "--check":
    baseline = json.load(open(baseline_path))
    failed = [f"{k} {m}: {current[k][m]:.4f} < recorded {v:.4f}" for k, ms in baseline.items() for m, v in ms.items()
              if current.get(k, {}).get(m, 0) + 1e-9 < v]
    if failed:
        print("score guard FAILED:\n  " + "\n  ".join(failed))
        sys.exit(1)
    print("score guard: every score is at or above the recorded baseline")
PY
