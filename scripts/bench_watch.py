#!/usr/bin/env python3
"""Logs the growth of a store while an ingest runs: every INTERVAL seconds, the article
count (read-only, WAL readers do not block the writer), the rate since the last sample and
the ingest process's RSS.

    bench_watch.py STORE.db OUT.tsv [--interval 60] [--pid PID]
"""
import os
import sqlite3
import sys
import time


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None


def cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def main(argv):
    db, out = argv[1], argv[2]
    interval = float(argv[argv.index("--interval") + 1]) if "--interval" in argv else 60.0
    pid = int(argv[argv.index("--pid") + 1]) if "--pid" in argv else None
    last = None
    t0 = time.time()
    with open(out, "a") as fh:
        fh.write("elapsed_s\tarticles\trate_per_s\trss_mb\tloadavg1\tcpu_s\tcpu_ms_per_article\n")
        while True:
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
                n = con.execute("SELECT count(*) FROM article").fetchone()[0]
                con.close()
            except sqlite3.Error:
                n = None
            now = time.time()
            rate = ""
            if last and n is not None and last[1] is not None:
                rate = f"{(n - last[1]) / (now - last[0]):.1f}"
            r = rss_mb(pid) if pid else None
            c = cpu_s(pid) if pid else None
            per = ""
            if last and c is not None and last[2] is not None and n is not None and last[1] is not None and n > last[1]:
                per = f"{1000 * (c - last[2]) / (n - last[1]):.2f}"
            fh.write(f"{now - t0:.0f}\t{n}\t{rate}\t{'' if r is None else f'{r:.0f}'}\t{os.getloadavg()[0]:.2f}\t{'' if c is None else f'{c:.0f}'}\t{per}\n")
            fh.flush()
            last = (now, n, c)
            if pid and r is None:
                break
            time.sleep(interval)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
