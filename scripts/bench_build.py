#!/usr/bin/env python3
"""Builds the release `newsgraph` CLI and the `newsgraph-bench` phase timer from a snapshot
of the work tree, so that edits other people make while the build runs cannot break it or
mix two states of the sources into one binary.

    bench_build.py [--cache DIR] [--source worktree|head]

worktree (default): Package.swift, Sources/ and ontology/ as they are on disk now;
head: the same files as committed at HEAD (git archive).
The snapshot goes to CACHE/src (files copied only when changed, so rebuilds are
incremental), Benchmarks/Sources/newsgraph-bench is added to its Package.swift as an
executable target, test targets are dropped, and `swift build -c release --scratch-path
CACHE/src/.build-bench` builds both. Prints a JSON object: binaries, ontology, commit,
dirty, snapshot sha256, build seconds.
"""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COPIED = ["Package.swift", "Sources", "ontology"]
EXTRA = '''

// ---- added by scripts/bench_build.py (benchmark snapshot only) ----
package.targets.removeAll { $0.type == .test }
package.targets.append(.executableTarget(
    name: "newsgraph-bench",
    dependencies: ["NewsGraph", "NewsGraphExport", "NewsGraphIngest", "NewsGraphModel", "NewsGraphStore"],
    path: "Benchmarks/Sources/newsgraph-bench"))
'''


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True).stdout.strip()


def worktree_files():
    files = {}
    for item in COPIED:
        path = os.path.join(ROOT, item)
        if os.path.isfile(path):
            files[item] = open(path, "rb").read()
        else:
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
                for name in sorted(filenames):
                    if name.startswith(".#") or name.endswith((".swp", ".orig", ".pyc")):
                        continue
                    full = os.path.join(dirpath, name)
                    files[os.path.relpath(full, ROOT)] = open(full, "rb").read()
    return files


def head_files(commit):
    data = subprocess.run(["git", "-C", ROOT, "archive", "--format=tar", commit, *COPIED], capture_output=True, check=True).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                files[member.name] = tar.extractfile(member).read()
    return files


def main(argv):
    cache = os.path.join(ROOT, "Benchmarks", ".cache")
    source = "worktree"
    i = 1
    while i < len(argv):
        if argv[i] == "--cache":
            cache = argv[i + 1]; i += 2
        elif argv[i] == "--source":
            source = argv[i + 1]; i += 2
        else:
            print(__doc__, file=sys.stderr); return 64
    src = os.path.join(cache, "src")
    head = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--", *COPIED)
    files = worktree_files() if source == "worktree" else head_files(head)
    bench_dir = os.path.join(ROOT, "Benchmarks", "Sources", "newsgraph-bench")
    for name in sorted(os.listdir(bench_dir)):
        files[os.path.join("Benchmarks", "Sources", "newsgraph-bench", name)] = open(os.path.join(bench_dir, name), "rb").read()
    files["Package.swift"] = files["Package.swift"] + EXTRA.encode()
    # The snapshot's name covers the bench tool too, so a change to it gets a new frozen copy.
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    # Write only what changed; remove what is gone (outside the scratch folder).
    wanted = set(files)
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if not d.startswith(".build")]
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            if rel not in wanted and rel != "SNAPSHOT.json" and not rel.startswith("Package.resolved"):
                os.remove(os.path.join(dirpath, name))
    for rel, content in files.items():
        path = os.path.join(src, rel)
        try:
            if open(path, "rb").read() == content:
                continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content)
    started = time.time()
    scratch = os.path.join(src, ".build-bench")
    # Every source file of the project is touched, so all its modules are rebuilt (the
    # dependencies are kept): an incremental release build once kept a client compiled against
    # an older layout of a struct whose stored properties had changed, and the binary crashed.
    for rel in files:
        if rel.endswith(".swift"):
            os.utime(os.path.join(src, rel))
    proc = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch], cwd=src,
                          stdout=sys.stderr, stderr=sys.stderr)
    seconds = time.time() - started
    if proc.returncode != 0:
        print(json.dumps({"error": "swift build failed", "returncode": proc.returncode}))
        return 3
    bindir = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--show-bin-path"], cwd=src,
                            capture_output=True, text=True).stdout.strip()
    # A frozen copy per snapshot: a long run keeps its binaries and ontology while later
    # builds replace the ones in the scratch folder.
    frozen = os.path.join(cache, "bin", digest.hexdigest()[:12])
    if not os.path.exists(os.path.join(frozen, "newsgraph-bench")):
        tmp = frozen + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        shutil.copy2(os.path.join(bindir, "newsgraph"), tmp)
        shutil.copytree(os.path.join(src, "ontology"), os.path.join(tmp, "ontology"))
        shutil.copy2(os.path.join(bindir, "newsgraph-bench"), tmp)
        shutil.rmtree(frozen, ignore_errors=True)
        os.replace(tmp, frozen)
    info = {
        "newsgraph": os.path.join(frozen, "newsgraph"),
        "newsgraph_bench": os.path.join(frozen, "newsgraph-bench"),
        "ontology": os.path.join(frozen, "ontology"),
        "source": source,
        "commit": head,
        "dirty": bool(status) if source == "worktree" else False,
        "dirty_files": status.splitlines() if source == "worktree" else [],
        "snapshot_sha256": digest.hexdigest(),
        "build_seconds": round(seconds, 1),
        "swift": subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0],
    }
    for path in (os.path.join(src, "SNAPSHOT.json"), os.path.join(frozen, "SNAPSHOT.json")):
        with open(path, "w") as fh:
            json.dump(info, fh, indent=1)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
