#!/usr/bin/env python3
"""Benchmark corpora from the Wikinews file of ../shared/bench/, at named sizes.

    bench_corpus.py SIZE OUT.jsonl [--source wikinews.jsonl.gz]

SIZE is a number with an optional k or m suffix (1k, 10k, 1m, 250) or `all` (every
real article once, 5,918). Sizes up to the real count take the first N real articles in
file order. Larger sizes repeat the real articles; copy k >= 1 of an article gets:

  * a distinct id (`<id>~v<k>`) and the same URL with `?v=<k>`;
  * the title with ` (update <k>)` appended, so the content hash (title + text) differs
    and the store does not skip it as already stored;
  * its paragraphs after the first (the first often holds the dateline) rotated by k;
  * its date moved k days later (undated records stay undated).

So every copy has the words and names of a real article, in a different order, and the
graph keeps growing with articles and evidence while the set of entities stays that of
the real corpus, as a single news source's does over time. The output is written as it is
generated (one record at a time), to OUT.jsonl.tmp then renamed, so an interrupted run
leaves no half corpus behind. Prints a JSON summary (records, bytes, text bytes).
"""
import datetime
import gzip
import json
import os
import sys

GENERATOR_VERSION = 1
DEFAULT_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "wikinews.jsonl.gz")


def parse_size(size: str) -> int | None:
    s = size.strip().lower()
    if s == "all":
        return None
    mult = 1
    if s.endswith("k"):
        mult, s = 1_000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1_000_000, s[:-1]
    return int(float(s) * mult)


def real_records(source: str):
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def variant(rec: dict, k: int) -> dict:
    out = dict(rec)
    out["id"] = f"{rec['id']}~v{k}"
    if rec.get("url"):
        out["url"] = rec["url"] + ("&" if "?" in rec["url"] else "?") + f"v={k}"
    out["title"] = f"{rec.get('title') or 'Untitled'} (update {k})"
    paras = (rec.get("text") or "").split("\n\n")
    if len(paras) > 2:
        rest = paras[1:]
        r = k % len(rest)
        paras = [paras[0]] + rest[r:] + rest[:r]
    out["text"] = "\n\n".join(paras)
    if rec.get("date"):
        try:
            d = datetime.date.fromisoformat(rec["date"]) + datetime.timedelta(days=k)
            out["date"] = d.isoformat()
        except ValueError:
            pass
    return out


def generate(size: str, out_path: str, source: str = DEFAULT_SOURCE) -> dict:
    n = parse_size(size)
    tmp = out_path + ".tmp"
    records = 0
    nbytes = 0
    text_bytes = 0
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as out:
        k = 0
        while True:
            produced_this_pass = 0
            for rec in real_records(source):
                if n is not None and records >= n:
                    break
                r = rec if k == 0 else variant(rec, k)
                line = json.dumps(r, ensure_ascii=False) + "\n"
                out.write(line)
                nbytes += len(line.encode("utf-8"))
                text_bytes += len((r.get("title") or "").encode("utf-8")) + len((r.get("text") or "").encode("utf-8"))
                records += 1
                produced_this_pass += 1
            k += 1
            if n is None or records >= n or produced_this_pass == 0:
                break
    os.replace(tmp, out_path)
    meta = {"size": size, "records": records, "bytes": nbytes, "text_bytes": text_bytes, "path": out_path,
            "generator": GENERATOR_VERSION, "source": os.path.abspath(source), "source_bytes": os.path.getsize(source)}
    with open(out_path + ".meta.json", "w") as fh:
        json.dump(meta, fh)
    return meta


def cached(size: str, out_path: str, source: str = DEFAULT_SOURCE) -> dict | None:
    """The summary of a corpus generated earlier with the same generator and source, if any."""
    try:
        with open(out_path + ".meta.json") as fh:
            meta = json.load(fh)
    except (OSError, ValueError):
        return None
    if (meta.get("generator") == GENERATOR_VERSION and meta.get("size") == size
            and meta.get("source_bytes") == os.path.getsize(source) and os.path.exists(out_path)
            and os.path.getsize(out_path) == meta.get("bytes")):
        return meta
    return None


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    source = DEFAULT_SOURCE
    if "--source" in argv:
        i = argv.index("--source")
        source = argv[i + 1]
        del argv[i:i + 2]
    print(json.dumps(generate(argv[1], argv[2], source)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
